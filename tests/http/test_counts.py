"""The counters of applications (issue 11, migration 11): the table
application_counts holds, per edition, status, organisation kind and theme,
how many applications there are, kept in the same transaction as every
write that inserts an application or changes what it is counted under.
After each of many mixed operations through the server and the CLI
(applications from several organisations, kinds and themes, the first
come first served rule filling places and the waiting list, a lead's
status changes by API including refused ones, withdrawals that move the
waiting list up, an owner's edit of an initiative that changes its theme
and organisation, a confirmed selection) the counters are compared with a
COUNT(*) of the rows, on the run's backend (SQLite or PostgreSQL); then a
backup is restored into a fresh database and the counters there, rebuilt
by restore, are compared again. The console's counts and the public
places left are checked against the rows too."""

import html
import os
import random
import re
import sqlite3
import subprocess

import accounts_util as au
import harness
from harness import cli, create_edition, db_url

LEAD = "hoofd@tellers.example.nl"
OWNER = "olga@tellers.example.nl"
KINDS = ["ministry", "agency", "local", "other"]
THEMES = ["new_organising", "new_changing", "both"]
STATUSES = ["submitted", "accepted", "waitlisted", "declined", "withdrawn"]

ROWS_SQL = ("SELECT a.edition_id, a.status, o.kind, i.theme, COUNT(*)"
            " FROM applications a JOIN initiatives i ON i.id = a.initiative_id"
            " JOIN organisations o ON o.id = i.organisation_id"
            " GROUP BY a.edition_id, a.status, o.kind, i.theme")
COUNTERS_SQL = ("SELECT edition_id, status, kind, theme, n FROM application_counts"
                " WHERE n <> 0")


def query(db, sql):
    """Rows of sql on the test database of either backend, as tuples of str/int."""
    if harness.BACKEND == "postgres":
        p = subprocess.run(["psql", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", db_url(db),
                            "-c", sql], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError("psql: %s" % p.stderr)
        return [tuple(int(v) if re.fullmatch(r"-?\d+", v) else v for v in line.split("\t"))
                for line in p.stdout.splitlines() if line]
    con = sqlite3.connect(db)
    try:
        return [tuple(r) for r in con.execute(sql).fetchall()]
    finally:
        con.close()


def count_table(text, caption):
    """{label: count} of the console's count table with this caption."""
    for table in re.findall(r"<table\b.*?</table>", text, re.S):
        cap = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
        if cap and html.unescape(cap.group(1)).strip() == caption:
            return {html.unescape(label): int(n) for label, n in
                    re.findall(r"<tr><td>(.*?)</td><td class=\"lwp-number\">(\d+)</td></tr>", table)}
    return None


class CountsTest(au.MailServerTestCase):

    @classmethod
    def prepare_data(cls):
        create_edition(cls.db, "tel-a", capacity=6, org_cap=2)
        create_edition(cls.db, "tel-b", capacity=4, policy="diversity")
        au.add_users(cls.db, [
            (LEAD, {"name": "Hanna Hoofd", "grants": [("lead", None)]}),
            (OWNER, {"name": "Olga Owner"}),
        ])

    @classmethod
    def after_start(cls):
        cls.lead, cls.owner = au.sign_in_all(
            [lambda: au.sign_in_lead(cls.server, LEAD)[0],
             lambda: au.sign_in(cls.server, OWNER)])

    def assertCountersMatch(self, db, when):
        rows = sorted(query(db, ROWS_SQL))
        counters = sorted(query(db, COUNTERS_SQL))
        self.assertTrue(rows, "no applications at all (%s)" % when)
        self.assertEqual(counters, rows, "counters differ from COUNT(*) %s" % when)

    def assertPublicCounts(self):
        """The accepted and places left (edition APIs) and the console's counts per
        kind under each status filter agree with the rows."""
        for slug in ("tel-a", "tel-b"):
            capacity = query(self.db, "SELECT capacity FROM editions WHERE slug = '%s'"
                             % slug)[0][0]
            for status in STATUSES:
                n = query(self.db, "SELECT COUNT(*) FROM applications a JOIN editions e"
                          " ON e.id = a.edition_id WHERE e.slug = '%s' AND a.status = '%s'"
                          % (slug, status))[0][0]
                r = self.lead.get("/beheer/edities/%s/aanmeldingen?status=%s" % (slug, status))
                self.assertStatus(r, 200)
                kinds = count_table(r.text, "Kind of organisation")
                self.assertIsNotNone(kinds, "no count table per kind")
                self.assertEqual(sum(kinds.values()), n, "%s %s: %r" % (slug, status, kinds))
                if status == "accepted":
                    doc = self.server.get("/api/v1/editions/%s?x=%d" % (slug, n)).json()
                    self.assertEqual(doc["places_left"], max(capacity - n, 0), slug)
                    doc = self.lead.get("/api/v1/manage/editions/%s/applications?limit=1"
                                        % slug).json()
                    self.assertEqual(doc["accepted"], n, slug)

    def apply(self, slug, i, **over):
        fields = dict(email="tel%d-%s@example.nl" % (i, slug),
                      organisation="Organisatie %d" % (i % 5),
                      organisation_kind=KINDS[(i % 5) % len(KINDS)],
                      theme=THEMES[i % len(THEMES)], initiative_title="Initiatief %d" % i)
        fields.update(over)
        r = self.server.apply_api(slug, **fields)
        self.assertStatus(r, 201)
        return r.json()["id"]

    def test_counters_follow_every_write(self):
        rnd = random.Random(11)
        ids = {"tel-a": [], "tel-b": []}
        # applications: fcfs fills 6 places (at most 2 per organisation), then waits
        for i in range(30):
            ids["tel-a"].append(self.apply("tel-a", i))
        for i in range(18):
            ids["tel-b"].append(self.apply("tel-b", 100 + i))
        owned = [self.apply(slug, 999, email=OWNER, name="Olga Owner",
                            organisation="Eigen Organisatie", organisation_kind="ministry",
                            theme="both", initiative_title="Olga's initiatief")
                 for slug in ("tel-a", "tel-b")]
        ids["tel-a"].append(owned[0])
        ids["tel-b"].append(owned[1])
        self.assertCountersMatch(self.db, "after the applications")
        self.assertPublicCounts()

        # a lead's status changes, some refused (an unknown status, the same status)
        changed = refused = 0
        for _ in range(60):
            slug = rnd.choice(("tel-a", "tel-a", "tel-b"))
            app = rnd.choice(ids[slug])
            status = rnd.choice(STATUSES + ["gekozen"])
            r = self.lead.post_json("/api/v1/manage/applications/%d/status" % app,
                                    {"status": status, "note": "teller"})
            if r.status == 200:
                changed += 1
            else:
                self.assertIn(r.status, (409, 422), r)
                refused += 1
        self.assertGreater(changed, 20)
        self.assertGreater(refused, 0)
        self.assertCountersMatch(self.db, "after the status changes")
        self.assertPublicCounts()

        # the owner moves the initiative (in both editions) to another
        # organisation, kind and theme
        iid = query(self.db, "SELECT initiative_id FROM applications WHERE id = %d"
                    % owned[0])[0][0]
        fields = {"title": "Olga's initiatief", "organisation": "Andere Organisatie",
                  "organisation_kind": "local", "theme": "new_changing", "stage": "running",
                  "tags": "tellen", "summary": "Een samenvatting.", "question": "Een vraag?",
                  "visibility": "network"}
        self.assertStatus(self.owner.post("/initiatieven/%d/bewerken" % iid, fields), 303)
        self.assertEqual(query(self.db, "SELECT o.kind, i.theme FROM initiatives i JOIN"
                               " organisations o ON o.id = i.organisation_id WHERE i.id = %d"
                               % iid), [("local", "new_changing")])
        self.assertCountersMatch(self.db, "after the initiative's edit")

        # the diversity edition's selection, confirmed after its deadline
        for app in ids["tel-b"]:
            self.lead.post_json("/api/v1/manage/applications/%d/status" % app,
                                {"status": "submitted"})
        r = cli("edition", "deadline", "tel-b", "2020-01-01 12:00", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        r = cli("select", "tel-b", "--seconds", "1", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        statuses = [row[0] for row in query(
            self.db, "SELECT a.status FROM applications a JOIN editions e ON e.id = a.edition_id"
            " WHERE e.slug = 'tel-b'")]
        self.assertEqual(statuses.count("accepted"), 4, statuses)
        self.assertCountersMatch(self.db, "after the selection")
        self.assertPublicCounts()

        # backup and restore into a fresh database: the counters are rebuilt
        backup = os.path.join(self.tmpdir, "counts.backup")
        r = cli("backup", "--db", db_url(self.db), backup)
        self.assertEqual(r.returncode, 0, r)
        with open(backup, "rb") as f:
            self.assertNotIn(b"application_counts", f.read())
        fresh = os.path.join(self.tmpdir, "restored.db")
        harness.init_db(fresh)
        r = cli("restore", "--db", db_url(fresh), backup)
        self.assertEqual(r.returncode, 0, r)
        self.assertCountersMatch(fresh, "after restore")
        self.assertEqual(sorted(query(fresh, COUNTERS_SQL)), sorted(query(self.db, COUNTERS_SQL)))


if __name__ == "__main__":
    import unittest
    unittest.main()
