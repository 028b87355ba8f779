"""Lists and exports of a large edition (issue 11): an edition of 30,000
applications, made by `lwp restore` of a grown backup (scale_data.py), is
exported as CSV in both formats in full (streamed in batches, so no
output cap applies), its console list shows 100 at a time with counts of
all of them and previous/next links that walk the pages by number, and
the manage API pages through all of them with its next cursor. On the
run's backend (SQLite or PostgreSQL). No timing here: speed is measured
by bench/scale.sh."""

import csv
import html
import io
import os
import re
import shutil
import tempfile
import time
import unittest

import accounts_util as au
import scale_data
from harness import Server, cli, create_edition, db_url, init_db

N = 30000
LEAD = "lead@scale.example.nl"


def page_ids(text):
    m = re.search(r"<tbody>(.*?)</tbody>", text, re.S)
    return [int(i) for i in re.findall(r'href="/beheer/aanmeldingen/(\d+)"', m.group(1) if m else "")]


def link(text, rel):
    m = re.search(r'rel="%s" href="([^"]+)"' % rel, text)
    return html.unescape(m.group(1)) if m else None


class ScaleTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="lwp-http-scale-")
        seed = os.path.join(cls.tmp, "seed.db")
        init_db(seed)
        create_edition(seed, "scale", capacity=10)
        s = Server(seed).start()
        try:
            r = s.apply_api("scale")
            if r.status != 201:
                raise AssertionError("seed application: %r" % r)
        finally:
            problems = s.stop()
        if problems:
            raise AssertionError("\n".join(problems))
        seed_backup = os.path.join(cls.tmp, "seed.backup")
        r = cli("backup", "--db", db_url(seed), seed_backup)
        if r.returncode != 0:
            raise AssertionError("backup of the seed: %r" % r)
        with open(seed_backup, "rb") as f:
            grown = scale_data.grow(f.read(), N)
        big = os.path.join(cls.tmp, "big.backup")
        with open(big, "wb") as f:
            f.write(grown)
        cls.db = os.path.join(cls.tmp, "big.db")
        r = cli("restore", "--db", db_url(cls.db), big)
        if r.returncode != 0:
            raise AssertionError("restore of %d applications: %r" % (N, r))
        au.add_user(cls.db, LEAD, grants=[("lead", "scale")])
        cls.server = Server(cls.db).start()
        cls.lead = au.Client(cls.server)
        cls.lead.login_password(LEAD)
        # the second factor at the time of now (au.NOW is the time of import,
        # and making the edition takes longer than a code lasts)
        cls.lead.enrol_totp(now=(int(time.time()) // 30) * 30 + 15)

    @classmethod
    def tearDownClass(cls):
        problems = cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        if problems:
            raise AssertionError("\n".join(problems))

    def test_csv_export_of_all_rows_in_both_formats(self):
        for fmt, sep in (("en", ","), ("nl", ";")):
            r = self.lead.get("/beheer/edities/scale/aanmeldingen.csv?format=" + fmt)
            self.assertEqual(r.status, 200, fmt)
            self.assertTrue(r.header("Content-Type").startswith("text/csv"), fmt)
            text = r.body.decode("utf-8")
            if fmt == "nl":
                self.assertTrue(text.startswith("\ufeff"), "no BOM for Dutch Excel")
                text = text[1:]
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
            self.assertEqual(len(rows), N + 1, fmt)             # the header and every row
            ids = [int(row[0]) for row in rows[1:]]
            self.assertEqual(ids, sorted(ids), fmt)
            self.assertEqual(len(set(ids)), N, fmt)
            self.assertTrue(all(len(row) == len(rows[0]) for row in rows), fmt)
            if fmt == "en":
                self.assertEqual(rows[0][0], "id")
                emails = {row[4] for row in rows[1:]}
                self.assertEqual(len(emails), N)
                self.assertIn("scale.%d@example.nl" % (N - 1), emails)
        r = self.lead.request("HEAD", "/beheer/edities/scale/aanmeldingen.csv?format=en")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"")

    def test_export_on_a_kept_alive_connection_then_another_request(self):
        """A streamed answer ends cleanly: the same connection serves the
        next request (chunked framing, not a close)."""
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            h = {"Cookie": self.lead.cookie_header()}
            conn.request("GET", "/beheer/edities/scale/aanmeldingen.csv?format=en", headers=h)
            r = conn.getresponse()
            self.assertEqual(r.getheader("Transfer-Encoding"), "chunked")
            self.assertEqual(r.read().count(b"\r\n"), N + 1)
            conn.request("GET", "/beheer/edities/scale/aanmeldingen", headers=h)
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            self.assertEqual(len(page_ids(r.read().decode())), 100)
        finally:
            conn.close()

    def test_console_list_pages_and_counts(self):
        base = "/beheer/edities/scale/aanmeldingen"
        r = self.lead.get(base)
        self.assertEqual(r.status, 200)
        first = page_ids(r.text)
        self.assertEqual(len(first), 100)
        self.assertEqual(first, sorted(first))
        self.assertIn("%d of %d applications shown." % (N, N), r.text)
        self.assertIsNone(link(r.text, "prev"))
        seen = list(first)
        nxt = link(r.text, "next")
        for _ in range(3):
            self.assertIsNotNone(nxt)
            r = self.lead.get(nxt)
            self.assertEqual(r.status, 200)
            ids = page_ids(r.text)
            self.assertEqual(len(ids), 100)
            self.assertGreater(ids[0], seen[-1])
            seen += ids
            prev, nxt = link(r.text, "prev"), link(r.text, "next")
        # back one page: the page before the last one shown
        r = self.lead.get(prev)
        self.assertEqual(page_ids(r.text), seen[200:300])
        # a filter: counted in full, paged within itself
        declined = sum(1 for k in range(1, N) if scale_data.STATUSES[k % 4] == "declined")
        r = self.lead.get(base + "?status=declined")
        self.assertIn("%d of %d applications shown." % (declined, N), r.text)
        ids = page_ids(r.text)
        self.assertEqual(len(ids), 100)
        nxt = link(r.text, "next")
        self.assertIn("status=declined", nxt)
        r = self.lead.get(nxt)
        more = page_ids(r.text)
        self.assertEqual(len(more), 100)
        self.assertGreater(more[0], ids[-1])
        # the last page has no next link
        r = self.lead.get(base + "?after=%d" % (max(seen) + N))
        self.assertEqual(page_ids(r.text), [])
        self.assertIsNone(link(r.text, "next"))

    def test_manage_api_pages_through_all(self):
        path = "/api/v1/manage/editions/scale/applications"
        r = self.lead.get(path)
        self.assertEqual(r.status, 200)
        doc = r.json()
        self.assertEqual(len(doc["applications"]), 100)
        ids, after, pages = [], None, 0
        while True:
            r = self.lead.get(path + "?limit=1000" + ("&after=%d" % after if after else ""))
            self.assertEqual(r.status, 200)
            doc = r.json()
            ids += [a["id"] for a in doc["applications"]]
            pages += 1
            after = doc["next"]
            if after is None:
                break
            self.assertEqual(after, ids[-1])
        self.assertEqual(pages, N // 1000)
        self.assertEqual(len(set(ids)), N)
        self.assertEqual(ids, sorted(ids))
        for bad in ("limit=0", "limit=1001", "after=x", "limit=-1"):
            self.assertEqual(self.lead.get(path + "?" + bad).status, 400, bad)


if __name__ == "__main__":
    unittest.main()
