"""`lwp demo`: the first edition of the invitation (2018, deadline 15
November 2017, more applicants than places) and an open copy, served on a
fresh SQLite file; created once, not again on the next start."""

import os
import shutil
import tempfile
import unittest

from harness import BACKEND, Server, applications, form_fields, json_fields


class Demo:
    """The demo runs on SQLite by definition; it is tested in the SQLite run."""

    def start(self):
        s = Server(self.db, command="demo").start()
        self.addCleanup(self._stop, s)
        return s

    def _stop(self, server):
        problems = server.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def setUp(self):
        tmp = tempfile.mkdtemp(prefix="lwp-http-demo-")
        self.addCleanup(shutil.rmtree, tmp, True)
        self.db = os.path.join(tmp, "demo.db")

    def test_demo_serves_the_first_edition(self):
        s = self.start()
        editions = {e["slug"]: e for e in s.get("/api/v1/editions").json()["editions"]}
        first = [e for e in editions.values() if e["deadline"] == "2017-11-15T23:59:00+01:00"]
        self.assertEqual(len(first), 1, "no edition with the deadline of the invitation: %r"
                         % sorted(editions))
        first = first[0]
        self.assertEqual(first["capacity"], 20)
        self.assertEqual(first["fee_cents"], 150000)
        self.assertIs(first["accepting_applications"], False)
        open_ = [e for e in editions.values() if e["accepting_applications"]]
        self.assertEqual(len(open_), 1, "no open copy of the demo edition")

        stored = applications(self.db, first["slug"])["applications"]
        self.assertGreater(len(stored), first["capacity"], "the demo needs more applicants than places")
        page = s.get("/edities/%s?lang=en" % first["slug"])
        self.assertEqual(page.status, 200, page)
        self.assertIn("15 November 2017", page.text)

        late = s.apply_api(first["slug"])
        self.assertEqual(late.status, 422, late)
        self.assertIn(late.json()["error"]["code"], ("deadline_passed", "closed"))
        form = s.post_form("/edities/%s/aanmelden" % first["slug"], form_fields())
        self.assertEqual(form.status, 422, form)
        ok = s.post_json("/api/v1/editions/%s/applications" % open_[0]["slug"], json_fields())
        self.assertEqual(ok.status, 201, ok)
        self.counts = {e: len(applications(self.db, e)["applications"]) for e in editions}

        # a second start on the same file creates nothing again
        self._stop(s)
        s2 = self.start()
        again = {e["slug"] for e in s2.get("/api/v1/editions").json()["editions"]}
        self.assertEqual(again, set(editions))
        self.assertEqual({e: len(applications(self.db, e)["applications"]) for e in editions},
                         self.counts)


if BACKEND == "sqlite":
    class DemoTest(Demo, unittest.TestCase):
        pass
