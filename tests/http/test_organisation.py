"""`lwp organisation list|parent`: parent organisations (an agency's
ministry) set from the CLI, refused when either side does not exist or they
are the same, and counted by the selection as a difference of their own."""

import json
import os
import shutil
import tempfile
import unittest

import harness


class OrganisationCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lwp-org-")
        self.db = os.path.join(self.tmp, "lwp.db")
        harness.init_db(self.db)
        harness.create_edition(self.db, "org", capacity=3, policy="diversity",
                               deadline="2030-01-01 12:00")
        self.server = harness.Server(self.db, now=1800000000 - 86400 * 400).start()
        for org, kind in (("Belastingdienst", "agency"), ("Ministerie van Financiën", "ministry"),
                          ("Rijkswaterstaat", "agency")):
            r = self.server.apply_api("org", organisation=org, organisation_kind=kind,
                                      theme="both", tags="")
            self.assertEqual(r.status, 201, r)

    def tearDown(self):
        self.assertEqual(self.server.stop(), [])
        shutil.rmtree(self.tmp, ignore_errors=True)

    def lwp(self, *args):
        return harness.cli(*args, "--db", harness.db_url(self.db))

    def parents(self):
        r = self.lwp("organisation", "list")
        self.assertEqual(r.returncode, 0, r)
        out = {}
        for line in r.stdout.splitlines():
            name = line[:48].rstrip()
            out[name] = line.rsplit("  ", 1)[-1].strip()
        return out

    def test_parent_is_set_and_listed(self):
        r = self.lwp("organisation", "parent", "belastingdienst", "Ministerie van Financiën")
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(self.parents()["Belastingdienst"], "Ministerie van Financiën")
        self.assertEqual(self.parents()["Rijkswaterstaat"], "-")

    def test_bad_parents_change_nothing(self):
        for args, code in ((("Belastingdienst", "Bestaat niet"), 1),
                           (("Bestaat niet", "Belastingdienst"), 1),
                           (("Belastingdienst", "BELASTINGDIENST"), 1),
                           (("Belastingdienst",), 2),
                           (("Belastingdienst", "a\nb"), 2)):
            r = self.lwp("organisation", "parent", *args)
            self.assertEqual(r.returncode, code, r)
        self.assertTrue(all(p == "-" for p in self.parents().values()))
        self.assertEqual(self.lwp("organisation", "nonsense").returncode, 2)

    def select(self):
        r = harness.cli("select", "org", "--dry-run", "--json", "--db",
                        harness.db_url(self.db), env={"LWP_NOW": "1900000000"})
        self.assertEqual(r.returncode, 0, r)
        return json.loads(r.stdout)

    def test_selection_counts_the_parent(self):
        # All three are chosen (3 places). Default weights: organisation 3,
        # parent 2, kind 2, theme 2, tags 1; same theme, no tags. Without
        # parents every organisation is its own parent:
        #   Belastingdienst-Ministerie 3+2+2, Belastingdienst-Rijkswaterstaat
        #   3+2+0, Ministerie-Rijkswaterstaat 3+2+2: 19.
        # With the Belastingdienst under the ministry the first pair shares
        # its parent: 3+0+2, so 17.
        self.assertAlmostEqual(self.select()["diversity"], 19.0)
        self.assertEqual(self.lwp("organisation", "parent", "Belastingdienst",
                                  "Ministerie van Financiën").returncode, 0)
        doc = self.select()
        self.assertAlmostEqual(doc["diversity"], 17.0)
        self.assertEqual(sum(a["chosen"] for a in doc["applicants"]), 3)


if __name__ == "__main__":
    unittest.main()
