"""Withdrawing an application from the private page; under first come
first served the first waitlisted applicant moves up."""

import re
import urllib.parse

from harness import ServerTestCase, applications, create_edition, location_path


class WithdrawTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "wd", capacity=2)
        create_edition(cls.db, "wd-div", capacity=2, policy="diversity")
        create_edition(cls.db, "wd-once", capacity=1)

    def apply(self, slug):
        r = self.server.apply_api(slug)
        self.assertStatus(r, 201)
        doc = r.json()
        doc["path"] = urllib.parse.urlsplit(doc["url"]).path
        doc["token"] = doc["path"].rsplit("/", 1)[1]
        return doc

    def withdraw(self, app):
        r = self.server.post_form(app["path"] + "/intrekken", body=b"")
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), app["path"])
        return r

    def statuses(self, slug):
        return {a["id"]: a["status"] for a in applications(self.db, slug)["applications"]}

    def test_withdraw_accepted_promotes_first_waitlisted(self):
        a, b, c, d = (self.apply("wd") for _ in range(4))
        self.assertEqual([x["status"] for x in (a, b, c, d)],
                         ["accepted", "accepted", "waitlisted", "waitlisted"])

        self.withdraw(a)
        self.assertEqual(self.statuses("wd"), {a["id"]: "withdrawn", b["id"]: "accepted",
                                               c["id"]: "accepted", d["id"]: "waitlisted"})
        page = self.server.get(a["path"], lang="en")
        self.assertStatus(page, 200)
        self.assertIn("Withdrawn", page.text)
        self.assertNotIn("/intrekken", page.text)       # nothing left to withdraw
        self.assertIn("Accepted", self.server.get(c["path"], lang="en").text)
        self.assertEqual(self.server.get("/api/v1/editions/wd").json()["places_left"], 0)

        # withdrawing a waitlisted application frees no place: nobody moves
        self.withdraw(d)
        self.assertEqual(self.statuses("wd"), {a["id"]: "withdrawn", b["id"]: "accepted",
                                               c["id"]: "accepted", d["id"]: "withdrawn"})
        # a place freed with nobody waiting stays free
        self.withdraw(b)
        self.assertEqual(self.statuses("wd")[b["id"]], "withdrawn")
        self.assertEqual(self.server.get("/api/v1/editions/wd").json()["places_left"], 1)
        # the next applicant takes the free place
        e = self.apply("wd")
        self.assertEqual(e["status"], "accepted")

    def test_withdraw_twice_changes_nothing(self):
        a, b, c = (self.apply("wd-once") for _ in range(3))
        self.withdraw(a)
        after_first = self.statuses("wd-once")
        self.assertEqual(after_first, {a["id"]: "withdrawn", b["id"]: "accepted",
                                       c["id"]: "waitlisted"})
        r = self.server.post_form(a["path"] + "/intrekken", body=b"")
        self.assertIn(r.status, (303, 409), r)
        self.assertEqual(self.statuses("wd-once"), after_first)   # c is not promoted

    def test_withdraw_under_diversity(self):
        a = self.apply("wd-div")
        self.assertEqual(a["status"], "submitted")
        self.withdraw(a)
        self.assertEqual(self.statuses("wd-div")[a["id"]], "withdrawn")

    def test_private_page_offers_withdrawal(self):
        a = self.apply("wd-div")
        page = self.server.get(a["path"], lang="en")
        self.assertRegex(page.text, r'<form[^>]*method="post"[^>]*action="%s/intrekken"'
                         % re.escape(a["path"]))
        # the token is the only key: the page must not leak it as a referrer
        self.assertEqual(page.header("Referrer-Policy"), "no-referrer")

    def test_withdraw_with_unknown_token(self):
        before = self.statuses("wd")
        for token in ("0" * 64, "A" * 64, "x"):
            with self.subTest(token=token):
                r = self.server.post_form("/aanmelding/%s/intrekken" % token, body=b"")
                self.assertStatus(r, 404)
        self.assertEqual(self.statuses("wd"), before)
