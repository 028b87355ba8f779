"""Search and similar through the API on the labelled set (issue 14):
tests/data/initiatives.json's 60 initiatives imported with `lwp initiative
import`, its 30 queries through GET /api/v1/initiatives and its 20 pairs
through GET /api/v1/initiatives/{id}/similar. Reports recall@5 (out of
min(5, relevant)) and MRR, and needs recall@5 >= 0.9 for both, the figure
the ranking code reaches on its own (tests/unit/test_search.c): the store
and the API must not lose anything. Run on SQLite and PostgreSQL: the same
numbers, since the ranking is computed by lwp, not by the database.

Python 3 stdlib only."""

import unittest
import urllib.parse

import harness
import network_util as nu


def judge(ids, relevant):
    relevant = set(relevant)
    hit = sum(1 for i in ids[:5] if i in relevant)
    rr = next((1.0 / (k + 1) for k, i in enumerate(ids) if i in relevant), 0.0)
    return hit / min(5, len(relevant)), rr


class LabelledSetTest(harness.ServerTestCase):

    @classmethod
    def prepare(cls):
        cls.data = nu.labelled_set()
        r = nu.import_csv(cls.db, nu.csv_in(cls.tmpdir, "labelled.csv", nu.labelled_rows(cls.data)))
        if r.returncode:
            raise AssertionError(repr(r))
        titles = nu.ids_by_title(cls.db)
        # labelled id -> id in the database
        cls.ids = {x["id"]: titles[x["title"]] for x in cls.data["initiatives"]}

    def test_search_recall_and_mrr(self):
        recall = rr = 0.0
        for q in self.data["queries"]:
            r = self.server.get("/api/v1/initiatives?" + urllib.parse.urlencode(
                {"q": q["q"], "limit": "20"}))
            self.assertStatus(r, 200)
            got = [x["id"] for x in r.json()["items"]]
            a, b = judge(got, [self.ids[i] for i in q["relevant"]])
            recall += a
            rr += b
        n = len(self.data["queries"])
        print("\nsearch through the API (%s): %d queries, recall@5 %.3f, MRR %.3f"
              % (harness.BACKEND, n, recall / n, rr / n))
        self.assertGreaterEqual(recall / n, 0.9)

    def test_similar_recall_and_mrr(self):
        recall = rr = 0.0
        for p in self.data["similar"]:
            r = self.server.get("/api/v1/initiatives/%d/similar?limit=20" % self.ids[p["id"]])
            self.assertStatus(r, 200)
            items = r.json()["items"]
            self.assertTrue(all(x["reason"] for x in items))
            a, b = judge([x["id"] for x in items], [self.ids[p["partner"]]])
            recall += a
            rr += b
        n = len(self.data["similar"])
        print("\nsimilar through the API (%s): %d pairs, recall@5 %.3f, MRR %.3f"
              % (harness.BACKEND, n, recall / n, rr / n))
        self.assertGreaterEqual(recall / n, 0.9)


if __name__ == "__main__":
    unittest.main()
