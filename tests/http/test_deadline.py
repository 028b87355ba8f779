"""The deadline is a local time in Europe/Amsterdam: one second before it an
application is taken, one second after it is refused (422), through the
API and the form, including an ambiguous time on the day summer time ends.
The server clock is fixed with LWP_NOW."""

import os
import shutil
import tempfile
import unittest

from harness import (Server, amsterdam_to_unix, applications, create_edition, form_fields,
                     init_db, json_fields)

# (slug, local deadline, ISO form, the instant as Unix seconds)
DEADLINES = (
    # 2026-10-25 02:30 happens twice (CEST, then CET); the deadline is the first
    ("herfst", "2026-10-25 02:30", "2026-10-25T02:30:00+02:00",
     amsterdam_to_unix(2026, 10, 25, 2, 30, 2)),
    ("winter", "2026-11-15 23:59", "2026-11-15T23:59:00+01:00",
     amsterdam_to_unix(2026, 11, 15, 23, 59, 1)),
    ("zomer", "2026-07-01 12:00", "2026-07-01T12:00:00+02:00",
     amsterdam_to_unix(2026, 7, 1, 12, 0, 2)),
    # the day after summer time starts (02:00-03:00 did not exist on 29 March)
    ("lente", "2026-03-29 03:00", "2026-03-29T03:00:00+02:00",
     amsterdam_to_unix(2026, 3, 29, 3, 0, 2)),
)


class DeadlineTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-http-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        init_db(cls.db)
        early = amsterdam_to_unix(2026, 1, 1, 12, 0, 1)
        for slug, local, _iso, _t in DEADLINES:
            create_edition(cls.db, slug, capacity=50, deadline=local, env={"LWP_NOW": early})
        # The visitor loads the form before the deadline (getting the CSRF
        # cookie and token, if the server uses them) and may send it later.
        s = Server(cls.db, now=early, threads=1).start()
        try:
            cls.csrf = s.csrf("/edities/%s/aanmelden" % DEADLINES[0][0])
        finally:
            problems = s.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def with_server(self, now):
        s = Server(self.db, now=now, threads=1).start()
        self.addCleanup(self._stop, s)
        s.use_csrf(self.csrf)
        return s

    def _stop(self, server):
        problems = server.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def count(self, slug):
        return len(applications(self.db, slug)["applications"])

    def test_deadline_is_shown_with_its_offset(self):
        s = self.with_server(amsterdam_to_unix(2026, 1, 1, 12, 0, 1))
        for slug, _local, iso, _t in DEADLINES:
            with self.subTest(slug=slug):
                e = s.get("/api/v1/editions/" + slug).json()
                self.assertEqual(e["deadline"], iso)
                self.assertIs(e["accepting_applications"], True)

    def check_moment(self, slug, now, open_):
        s = self.with_server(now)
        before = self.count(slug)
        e = s.get("/api/v1/editions/" + slug).json()
        api = s.post_json("/api/v1/editions/%s/applications" % slug, json_fields())
        form = s.post_form("/edities/%s/aanmelden" % slug, form_fields(),
                           headers={"Accept-Language": "en"})
        page = s.get("/edities/%s/aanmelden" % slug)
        if open_:
            self.assertIs(e["accepting_applications"], True)
            self.assertEqual(api.status, 201, api)
            self.assertEqual(form.status, 303, form)
            self.assertEqual(self.count(slug), before + 2)
        else:
            self.assertIs(e["accepting_applications"], False)
            self.assertEqual(api.status, 422, api)
            self.assertEqual(api.json()["error"]["code"], "deadline_passed", api)
            self.assertEqual(form.status, 422, form)
            self.assertIn("The deadline for applications has passed.", form.text)
            self.assertEqual(self.count(slug), before)
        self.assertLess(page.status, 500, page)
        if open_:
            self.assertEqual(page.status, 200, page)

    def test_one_second_before_and_after(self):
        for slug, _local, _iso, t in DEADLINES:
            for delta, open_ in ((-1, True), (1, False)):
                with self.subTest(slug=slug, delta=delta):
                    self.check_moment(slug, t + delta, open_)

    def test_second_occurrence_of_ambiguous_time_is_after_the_deadline(self):
        # 02:29:59 CET on 25 October 2026 is an hour after the deadline 02:30 CEST
        t = DEADLINES[0][3]
        self.check_moment("herfst", t + 3600 - 1, False)


class DeadlineOnPagesTest(unittest.TestCase):

    def test_invitation_shows_local_deadline(self):
        tmp = tempfile.mkdtemp(prefix="lwp-http-")
        self.addCleanup(shutil.rmtree, tmp, True)
        db = os.path.join(tmp, "lwp.db")
        init_db(db)
        early = amsterdam_to_unix(2026, 1, 1, 12, 0, 1)
        create_edition(db, "herfst", deadline="2026-10-25 02:30", env={"LWP_NOW": early})
        s = Server(db, now=early, threads=1).start()
        self.addCleanup(lambda: self.assertEqual(s.stop(), []))
        text = s.get("/edities/herfst?lang=en").text
        self.assertIn("25 October 2026", text)
        self.assertIn("02:30", text)
        # after the deadline the page says so and offers no form
        s2 = Server(db, now=DEADLINES[0][3] + 60, threads=1).start()
        self.addCleanup(lambda: self.assertEqual(s2.stop(), []))
        text = s2.get("/edities/herfst?lang=en").text
        self.assertNotIn('href="/edities/herfst/aanmelden"', text)
