"""Meetings, polls, calendars and attendance (issue 15), end to end on one
server that sends its mail to a real SMTP sink:

- a poll made with `lwp poll create` mails every invitee (the accepted
  participants and the coaches) a private link; each answers through it
  (an anonymous browser, no account), one changes an answer; the lead is
  told once everyone has answered; `lwp poll show --json`, the API and the
  lead's page agree on the tally, the pick and why (tie to the earliest,
  then the highest score); closing confirms the meeting and mails every
  invitee an invitation whose text/calendar part (method=REQUEST) is parsed
  with python3-icalendar: one event per day, stable UIDs, SEQUENCE,
  ORGANIZER, and no other invitee's address unless they consented;
- a residential meeting made, confirmed, changed (SEQUENCE 1) and another
  cancelled (METHOD:CANCEL) on the console pages;
- attendance recorded on the page and in the API feeds the nights read
  (GET .../nights): only the night before the second day, only when
  present, only at confirmed residential meetings;
- the public agenda (no personal data) and the private feeds of a user and
  of an applicant, with NAME, REFRESH-INTERVAL, ETag and 304, identical
  from a second server with TZ=America/New_York; a replaced feed token
  stops working;
- the network phase: by the lead (CLI) new meetings invite the facilitator
  instead of the coaches; by the background job on its date;
- poll reminders (`lwp poll remind` two days later) go only to invitees
  who have not answered, with a new link; the old one stops working;
- a coach of the edition records attendance on the page and in the API (as
  the lead does); a coach of another edition and a participant are refused
  and change nothing;
- access: the new console pages and API refuse anonymous visitors, a coach
  (except recording attendance) and the lead of another edition.

Feeds are read by python3-icalendar and by ical.js (npm, a devDependency:
`npm ci` installs it), each under TZ=UTC and TZ=America/New_York: the four
readings must agree.

The steps build on each other: tests are numbered and run in order.
"""

import json
import os
import re
import subprocess
import time
import unittest

import accounts_util as au
import harness
from harness import cli, create_edition, db_url

SLUG = "bijeenkomsten-2031"
OTHER = "bijeenkomsten-ander"
JOB = "bijeenkomsten-taak"
LEAD = "lies.leider@bijeenkomsten.example.nl"
OTHER_LEAD = "otto.ander@bijeenkomsten.example.nl"
COACHES = ["cora.coach@bijeenkomsten.example.nl", "kees.coach@bijeenkomsten.example.nl"]
FACILITATOR = "fien.facilitator@bijeenkomsten.example.nl"
OTHER_COACH = "olga.coach@bijeenkomsten.example.nl"
PARTICIPANT_USER = "paul.deelnemer@bijeenkomsten.example.nl"
DEBIAN_PYTHON = "/usr/bin/python3"
PARSER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ical_parse.py")
ICAL_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ical_js.js")
ZONES = ("UTC", "America/New_York")

# The participants: (name, e-mail, consents to be shown to the others).
PEOPLE = [("Pim Een", "pim.een@deelnemer.example.nl", True),
          ("Pia Twee", "pia.twee@deelnemer.example.nl", False),
          ("Piet Drie", "piet.drie@deelnemer.example.nl", True),
          ("Puck Vier", "puck.vier@deelnemer.example.nl", False)]

CANDIDATES = ["2031-03-10 13:00-17:00", "2031-03-12..2031-03-13 09:30-17:00",
              "2031-03-14 13:00-17:00"]
# Answers per invitee, per candidate. Candidate 3: a coach says no, so it
# can never be picked. First 1 and 2 tie at 4.5 (the earliest wins); then
# Puck changes her yes on 1 into no and 2 wins on its score.
ANSWERS = {COACHES[0]: ["yes", "yes", "no"], COACHES[1]: ["yes", "maybe", "yes"],
           PEOPLE[0][1]: ["yes", "yes", "yes"], PEOPLE[1][1]: ["no", "yes", "yes"],
           PEOPLE[2][1]: ["maybe", "yes", "no"], PEOPLE[3][1]: ["yes", "no", "yes"]}
LINK = re.compile(r"/peiling/([0-9a-f]{64})")


def parse_ical(text, tz="UTC"):
    """python3-icalendar's reading of an iCalendar object (ical_parse.py)."""
    p = subprocess.run([DEBIAN_PYTHON, PARSER], input=text.encode("utf-8"),
                       capture_output=True, timeout=60, env=dict(os.environ, TZ=tz))
    if p.returncode != 0:
        raise AssertionError("icalendar cannot parse it: %s\n%s" % (p.stderr.decode(), text))
    return json.loads(p.stdout)


def parse_ical_js(text, tz="UTC"):
    """ical.js's reading of the same (ical_js.js)."""
    p = subprocess.run(["node", ICAL_JS], input=text.encode("utf-8"), capture_output=True,
                       timeout=60, env=dict(os.environ, TZ=tz), cwd=harness.REPO_ROOT)
    if p.returncode != 0:
        raise AssertionError("ical.js cannot parse it (is it installed? npm ci): %s\n%s"
                             % (p.stderr.decode(), text))
    return json.loads(p.stdout)


def readings(text):
    """The events as python3-icalendar and ical.js read them under each of
    ZONES; raises unless all four agree."""
    keys = ("uid", "sequence", "summary", "status", "start", "end")
    out = []
    for tz in ZONES:
        for parse in (parse_ical, parse_ical_js):
            cal = parse(text, tz)
            out.append(("%s %s" % (parse.__name__, tz),
                        [{k: e[k] for k in keys} for e in cal["events"]]))
    for name, events in out[1:]:
        if events != out[0][1]:
            raise AssertionError("%s reads %r, %s reads %r" % (out[0][0], out[0][1], name, events))
    return out[0][1]


def to_addr(msg):
    return str(msg["X-Envelope-To"]).lower()


def has_link(msg):
    return LINK.search(au.mail_text(msg)) is not None


def calendar_part(msg):
    """(method parameter, text) of the text/calendar part, or None."""
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), part.get_content()
    return None


class MeetingsTest(au.MailServerTestCase):

    @classmethod
    def prepare_data(cls):
        cls.server_env = dict(cls.server_env, TZ="UTC")
        for slug in (SLUG, OTHER, JOB):
            create_edition(cls.db, slug, capacity=10)
        au.add_users(cls.db, [
            (LEAD, {"name": "Lies Leider", "grants": [("lead", SLUG), ("lead", JOB)]}),
            (OTHER_LEAD, {"name": "Otto Ander", "grants": [("lead", OTHER)]}),
            (COACHES[0], {"name": "Cora Coach", "grants": [("coach", SLUG)]}),
            (COACHES[1], {"name": "Kees Coach", "grants": [("coach", SLUG)]}),
            (FACILITATOR, {"name": "Fien Facilitator"}),
            (OTHER_COACH, {"name": "Olga Coach", "grants": [("coach", OTHER)]}),
            (PARTICIPANT_USER, {"name": "Paul Deelnemer", "grants": [("participant", SLUG)]}),
        ])

    @classmethod
    def after_start(cls):
        cls.apps = {}
        for name, email, consent in PEOPLE:
            r = cls.server.apply_api(SLUG, name=name, email=email,
                                     consent_directory=consent)
            if r.status != 201:
                raise AssertionError("apply: %r" % r)
            cls.apps[email] = r.json()
        cls.lead = au.sign_in_lead(cls.server, LEAD)[0]
        cls.state = {}

    # -- helpers

    def need(self, *keys):
        for k in keys:
            if k not in self.state:
                self.skipTest("an earlier step failed")
        return [self.state[k] for k in keys]

    def lwp(self, *args, env=None):
        """The CLI on the server's clock (so that its mail is due for the
        server's sender), or on env's."""
        r = cli(*args, "--db", db_url(self.db), env=env or {"LWP_NOW": str(au.NOW)})
        self.assertEqual(r.returncode, 0, r)
        return r

    def mark(self):
        """Where the next messages will start (see mails_since)."""
        return len(self.sink.messages())

    def mails_since(self, start, count, what, predicate=lambda m: True):
        """The messages after start for which predicate holds, waiting
        until there are count of them (and a little longer, so that a
        message too many would show)."""
        deadline = time.monotonic() + 30
        while True:
            got = [m for m in self.sink.messages()[start:] if predicate(m)]
            if len(got) >= count:
                time.sleep(1.0)
                return [m for m in self.sink.messages()[start:] if predicate(m)]
            if time.monotonic() > deadline:
                self.fail("expected %d %s, got %d: %s" % (
                    count, what, len(got),
                    [(to_addr(m), str(m["Subject"])) for m in self.sink.messages()[start:]]))
            time.sleep(0.2)

    def invitees(self):
        return [p[1] for p in PEOPLE] + COACHES

    # -- the poll

    def test_01_poll_create(self):
        args = ["poll", "create", SLUG, "--title", "Extra dag: intervisie",
                "--deadline", "2031-03-01 17:00", "--location", "Den Haag"]
        for c in CANDIDATES:
            args += ["--candidate", c]
        for c in COACHES:
            args += ["--require", c]
        start = self.mark()
        r = self.lwp(*args)
        self.assertRegex(r.stdout, r"^\d+\n$")
        poll_id = int(r.stdout)
        bad = cli("poll", "create", SLUG, "--title", "x", "--candidate", "2031-02-30 10:00-11:00",
                  "--db", db_url(self.db))
        self.assertEqual(bad.returncode, 1, bad)
        self.assertEqual(cli("poll", "create", SLUG, "--db", db_url(self.db)).returncode, 2)
        sub = cli("poll", "create", SLUG, "--title", "x", "--subgroup", "B",
                  "--candidate", CANDIDATES[0], "--db", db_url(self.db))
        self.assertEqual(sub.returncode, 1, sub)
        links = {}
        for m in self.mails_since(start, 6, "poll invitations", has_link):
            links[to_addr(m)] = LINK.search(au.mail_text(m)).group(1)
        self.assertEqual(sorted(links), sorted(self.invitees()))
        self.state.update(poll=poll_id, links=links)

    def answer(self, email, answers):
        links = self.need("links")[0]
        c = au.Client(self.server)
        page = c.get("/peiling/" + links[email])
        self.assertStatus(page, 200)
        self.assertEqual(page.text.count("<fieldset"), len(CANDIDATES))
        self.assertNotIn("<script", page.text)
        fields = [("a%d" % i, a) for i, a in enumerate(answers)]
        fields += [("c%d" % i, "opmerking %d" % i) for i in range(len(answers))]
        r = c.post("/peiling/" + links[email], fields)
        self.assertStatus(r, 200)
        return r

    def test_02_answer_through_private_links(self):
        self.need("links")
        start = self.mark()
        for email in self.invitees()[:-1]:
            self.answer(email, ANSWERS[email])
        time.sleep(3)
        self.assertEqual([m for m in self.sink.messages()[start:] if to_addr(m) == LEAD], [],
                         "the lead told before everyone answered")
        r = self.answer(self.invitees()[-1], ANSWERS[self.invitees()[-1]])
        self.assertIn('value="yes" checked', r.text)
        told = self.mails_since(start, 1, "the lead's note", lambda m: to_addr(m) == LEAD)
        self.assertEqual([to_addr(m) for m in told], [LEAD])
        self.assertIn("/beheer/edities/%s/peilingen/" % SLUG, au.mail_text(told[0]))
        bogus = au.Client(self.server).get("/peiling/" + "0" * 64)
        self.assertStatus(bogus, 404)
        self.state["answered"] = True

    def show(self):
        poll = self.need("poll")[0]
        return json.loads(self.lwp("poll", "show", str(poll), "--json").stdout)

    def test_03_pick_tie_then_highest(self):
        self.need("answered")
        s = self.show()
        self.assertEqual([c["yes"] for c in s["candidates"]], [4, 4, 4])
        self.assertEqual([c["score"] for c in s["candidates"]], [4.5, 4.5, 4.0])
        self.assertEqual([c["eligible"] for c in s["candidates"]], [True, True, False])
        self.assertEqual(s["pick"], 1)
        self.assertIn("earliest", s["reason"])
        # Puck changes her mind on the first date: the second now wins.
        self.answer(PEOPLE[3][1], ["no", "no", "yes"])
        s = self.show()
        self.assertEqual(s["pick"], 2)
        self.assertEqual(s["candidates"][0]["score"], 3.5)
        self.assertIn("highest score: 4 yes and 1 if need be", s["reason"])
        api = self.lead.get("/api/v1/manage/editions/%s/polls/%d" % (SLUG, s["id"])).json()
        self.assertEqual((api["pick"], api["reason"]), (2, "highest"))
        page = self.lead.get("/beheer/edities/%s/peilingen/%d" % (SLUG, s["id"]))
        self.assertStatus(page, 200)
        self.assertIn("the pick", page.text)
        self.assertIn("4 yes and 1 if need be", page.text)
        self.state["picked"] = True

    def test_04_close_sends_invitations(self):
        poll, links, _ = self.need("poll", "links", "picked")
        start = self.mark()
        r = self.lwp("poll", "close", str(poll))
        meeting = int(r.stdout)
        again = cli("poll", "close", str(poll), "--db", db_url(self.db))
        self.assertEqual(again.returncode, 1)
        late = au.Client(self.server).post("/peiling/" + links[PEOPLE[0][1]], [("a0", "no")])
        self.assertStatus(late, 409)
        inv = self.mails_since(start, 6, "invitations", calendar_part)
        self.assertEqual(sorted(to_addr(m) for m in inv), sorted(self.invitees()))
        hidden = [p[1] for p in PEOPLE if not p[2]]
        self.assertEqual([e["start"] for e in readings(calendar_part(inv[0])[1])],
                         ["2031-03-12T08:30:00Z", "2031-03-13T08:30:00Z"])
        for m in inv:
            method, text = calendar_part(m)
            self.assertEqual(method, "REQUEST")
            self.assertIn("multipart/alternative", m.get_content_type())
            cal = parse_ical(text)
            self.assertEqual(cal["method"], "REQUEST")
            self.assertEqual(cal["timezones"], ["Europe/Amsterdam"])
            ev = cal["events"]
            self.assertEqual([e["uid"].split("@")[0] for e in ev],
                             ["meeting-%d-day-1" % meeting, "meeting-%d-day-2" % meeting])
            self.assertEqual([e["start"] for e in ev], ["2031-03-12T08:30:00Z",
                                                        "2031-03-13T08:30:00Z"])
            self.assertEqual([e["end"] for e in ev], ["2031-03-12T16:00:00Z",
                                                      "2031-03-13T16:00:00Z"])
            self.assertEqual({e["sequence"] for e in ev}, {0})
            self.assertEqual({e["status"] for e in ev}, {"CONFIRMED"})
            self.assertTrue(ev[0]["organizer"].startswith("mailto:"))
            att = [a.lower() for a in ev[0]["attendees"]]
            self.assertEqual(att[0], "mailto:" + to_addr(m))
            for h in hidden:
                if h != to_addr(m):
                    self.assertNotIn(h, text.lower(), "address without consent in an invitation")
        self.state["meeting"] = meeting

    # -- meetings on the console

    def console_meeting(self, title, first, last, nights):
        base = "/beheer/edities/%s/bijeenkomsten" % SLUG
        self.assertStatus(self.lead.get(base + "/nieuw"), 200)
        r = self.lead.post(base, [("title", title), ("kind", "start"), ("first_day", first),
                                  ("last_day", last), ("start", "09:30"), ("end", "17:00"),
                                  ("location", "Driebergen"), ("description", ""),
                                  ("nights", str(nights)), ("price", "95"),
                                  ("facilitators", "")])
        self.assertStatus(r, 303)
        m = re.search(r"/bijeenkomsten/(\d+)", r.header("Location"))
        return int(m.group(1))

    def test_05_console_meetings(self):
        self.need("meeting")
        base = "/beheer/edities/%s/bijeenkomsten" % SLUG
        bad = self.lead.post(base, [("title", ""), ("kind", "start"), ("first_day", "2031-04-01"),
                                    ("start", "09:30"), ("end", "08:00")])
        self.assertStatus(bad, 422)
        res = self.console_meeting("Tweedaagse", "2031-04-01", "2031-04-02", 1)
        gone = self.console_meeting("Vervalt", "2031-04-08", "", 0)
        start = self.mark()
        for mid in (res, gone):
            r = self.lead.post("%s/%d/status" % (base, mid), [("status", "confirmed")])
            self.assertStatus(r, 303)
        sent = self.mails_since(start, 12, "invitations", calendar_part)
        # proposed with SEQUENCE 0, confirmed: a change, so 1
        self.assertEqual({e["sequence"] for m in sent
                          for e in parse_ical(calendar_part(m)[1])["events"]}, {1})
        start = self.mark()
        # A change of the title: sent again with SEQUENCE 1.
        edit = self.lead.post("%s/%d" % (base, res), [
            ("title", "Tweedaagse start"), ("kind", "start"), ("first_day", "2031-04-01"),
            ("last_day", "2031-04-02"), ("start", "09:30"), ("end", "17:00"),
            ("location", "Driebergen"), ("description", ""), ("nights", "1"), ("price", "95"),
            ("facilitators", "")])
        self.assertStatus(edit, 303)
        changed = self.mails_since(start, 6, "changes", calendar_part)
        cal = parse_ical(calendar_part(changed[0])[1])
        self.assertEqual({e["sequence"] for e in cal["events"]}, {2})
        self.assertEqual(cal["events"][0]["summary"], "Tweedaagse start (1/2)")
        start = self.mark()
        r = self.lead.post("%s/%d/status" % (base, gone), [("status", "cancelled")])
        self.assertStatus(r, 303)
        cancels = self.mails_since(start, 6, "cancellations", calendar_part)
        self.assertEqual({calendar_part(m)[0] for m in cancels}, {"CANCEL"})
        cal = parse_ical(calendar_part(cancels[0])[1])
        readings(calendar_part(cancels[0])[1])
        self.assertEqual(cal["method"], "CANCEL")
        self.assertEqual(cal["events"][0]["status"], "CANCELLED")
        self.assertEqual(cal["events"][0]["uid"].split("@")[0], "meeting-%d-day-1" % gone)
        page = self.lead.get(base)
        self.assertStatus(page, 200)
        self.assertIn("Tweedaagse start", page.text)
        self.state.update(residential=res, cancelled=gone)

    # -- attendance and nights

    def test_06_attendance_feeds_nights(self):
        res, gone = self.need("residential", "cancelled")
        base = "/beheer/edities/%s/bijeenkomsten/%d/aanwezigheid" % (SLUG, res)
        page = self.lead.get(base + "?dag=2")
        self.assertStatus(page, 200)
        ids = [int(x) for x in re.findall(r'name="p(\d+)" id="p\d+-present"', page.text)]
        self.assertEqual(len(ids), 4)
        r = self.lead.post(base, [("dag", "1"), ("p%d" % ids[0], "present"),
                                  ("p%d" % ids[1], "absent_notice")])
        self.assertStatus(r, 200)
        r = self.lead.post(base, [("dag", "2"), ("p%d" % ids[0], "present"),
                                  ("p%d" % ids[1], "present"), ("p%d" % ids[2], "absent")])
        self.assertStatus(r, 200)
        api = "/api/v1/manage/editions/%s/meetings/%d/attendance" % (SLUG, res)
        r = self.lead.post_json(api, {"marks": [{"day": 2, "person_id": ids[3],
                                                 "status": "present"}]})
        self.assertStatus(r, 200)
        bad = self.lead.post_json(api, {"marks": [{"day": 3, "person_id": ids[3],
                                                   "status": "present"}]})
        self.assertStatus(bad, 422)
        cancelled = self.lead.post_json(
            "/api/v1/manage/editions/%s/meetings/%d/attendance" % (SLUG, gone),
            {"marks": [{"day": 1, "person_id": ids[0], "status": "present"}]})
        self.assertStatus(cancelled, 409)
        marks = self.lead.get(api).json()["marks"]
        self.assertEqual(len(marks), 6)
        doc = self.lead.get("/api/v1/manage/editions/%s/nights" % SLUG).json()
        got = {n["person_id"]: (n["nights"], n["cents"]) for n in doc["participants"]}
        self.assertEqual(got, {ids[0]: (1, 9500), ids[1]: (1, 9500), ids[3]: (1, 9500)})
        stays = {(x["person_id"], x["meeting_id"]): (x["nights"], x["price_per_night_cents"],
                                                     x["meeting"]) for x in doc["stays"]}
        self.assertEqual(stays, {(i, res): (1, 9500, "Tweedaagse start") for i in
                                 (ids[0], ids[1], ids[3])})
        apps = {a["id"] for a in self.apps.values()}
        self.assertTrue({x["application_id"] for x in doc["stays"]} <= apps)
        overview = self.lead.get("/beheer/edities/%s/aanwezigheid" % SLUG)
        self.assertStatus(overview, 200)
        self.assertIn("<svg", overview.text)
        self.assertIn("3 / 4", overview.text)

    def test_06b_coach_records_attendance(self):
        res, = self.need("residential")
        base = "/beheer/edities/%s/bijeenkomsten/%d/aanwezigheid" % (SLUG, res)
        api = "/api/v1/manage/editions/%s/meetings/%d/attendance" % (SLUG, res)

        def marks():
            r = self.lead.get(api)
            self.assertStatus(r, 200)
            return sorted((m["day"], m["person_id"], m["status"]) for m in r.json()["marks"])

        coach = au.sign_in(self.server, COACHES[0])
        page = coach.get(base + "?dag=1")
        self.assertStatus(page, 200)
        ids = [int(x) for x in re.findall(r'name="p(\d+)" id="p\d+-present"', page.text)]
        self.assertEqual(len(ids), 4)
        r = coach.post(base, [("dag", "1"), ("p%d" % ids[2], "present"),
                              ("p%d" % ids[3], "absent_notice")])
        self.assertStatus(r, 200)
        self.assertIn("Saved.", r.text)
        r = coach.post_json(api, {"marks": [{"day": 1, "person_id": ids[3], "status": "present"}]})
        self.assertStatus(r, 200)
        self.assertStatus(coach.get(api), 200)
        now = marks()
        self.assertIn((1, ids[2], "present"), now)
        self.assertIn((1, ids[3], "present"), now)
        mine = [m for m in self.lead.get(api).json()["marks"] if m["person_id"] == ids[3]
                and m["day"] == 1]
        self.assertEqual(mine[0]["recorded_by"], COACHES[0])
        # the night (day 2) of ids[2], absent in test 06, is still not charged
        doc = self.lead.get("/api/v1/manage/editions/%s/nights" % SLUG).json()
        self.assertNotIn(ids[2], {n["person_id"] for n in doc["participants"]})
        # refused: the coach of another edition, a participant; nothing changes
        others = [au.sign_in(self.server, OTHER_COACH), au.sign_in(self.server, PARTICIPANT_USER)]
        for who in others:
            self.assertStatus(who.get(base), 403)
            self.assertStatus(who.post(base, [("dag", "2"), ("p%d" % ids[2], "present")]), 403)
            self.assertStatus(who.get(api), 403)
            self.assertStatus(who.post_json(api, {"marks": [
                {"day": 2, "person_id": ids[2], "status": "present"}]}), 403)
        self.assertEqual(marks(), now)
        # the coach records attendance only: not the rest of the console
        self.assertStatus(coach.get("/beheer/edities/%s/bijeenkomsten/%d" % (SLUG, res)), 403)
        self.assertStatus(coach.get("/beheer/edities/%s/aanwezigheid" % SLUG), 403)
        self.assertStatus(coach.get("/beheer/edities/%s/bijeenkomsten/%d/aanwezigheid"
                                    % (OTHER, res)), 403)

    # -- calendars

    def test_07_feeds(self):
        meeting, res = self.need("meeting", "residential")
        path = "/edities/%s/agenda.ics" % SLUG
        r = self.server.get(path)
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/calendar"))
        for _, email, _ in PEOPLE:
            self.assertNotIn(email, r.text)
        self.assertNotIn("mailto:", r.text)
        cal = parse_ical(r.text)
        self.assertIsNone(cal["method"])
        self.assertTrue(cal["name"] and cal["name"] == cal["calname"])
        self.assertTrue(cal["refresh"].startswith("P"))
        uids = {e["uid"].split("@")[0] for e in cal["events"]}
        self.assertIn("meeting-%d-day-2" % meeting, uids)
        self.assertIn("meeting-%d-day-1" % res, uids)
        events = {e["uid"].split("@")[0]: e for e in readings(r.text)}
        self.assertEqual((events["meeting-%d-day-2" % meeting]["start"],
                          events["meeting-%d-day-2" % meeting]["end"]),
                         ("2031-03-13T08:30:00Z", "2031-03-13T16:00:00Z"))
        etag = r.header("ETag")
        self.assertStatus(self.server.get(path, headers={"If-None-Match": etag}), 304)
        other = harness.Server(self.db, now=self.server_now,
                               env=dict(au.NO_LIMITS, TZ="America/New_York"))
        other.start()
        try:
            r2 = other.get(path)
        finally:
            other.stop()
        self.assertEqual(r2.body, r.body, "the feed depends on the server's time zone")
        self.assertStatus(self.server.get("/edities/geen-editie/agenda.ics"), 404)
        self.state["etag"] = etag

    def feed_url(self, text):
        m = re.search(r"<code>[^<]*(/agenda/[0-9a-f]{64}\.ics)</code>", text)
        self.assertTrue(m, "no feed URL on the page")
        self.assertIn('href="webcal://', text)
        return m.group(1)

    def test_08_private_feeds(self):
        meeting = self.need("meeting")[0]
        self.assertIn("calendar link", self.lead.get("/account").text)
        r = self.lead.post("/account/agenda")
        self.assertStatus(r, 200)
        url = self.feed_url(r.text)
        feed = self.server.get(url)
        self.assertStatus(feed, 200)
        uids = {e["uid"].split("@")[0] for e in readings(feed.text)}
        self.assertIn("meeting-%d-day-1" % meeting, uids)
        self.assertStatus(self.server.get(url, headers={"If-None-Match": feed.header("ETag")}),
                          304)
        newer = self.feed_url(self.lead.post("/account/agenda").text)
        self.assertStatus(self.server.get(url), 404)
        self.assertStatus(self.server.get(newer), 200)
        # The applicant: from the private page of an accepted application.
        app = self.apps[PEOPLE[0][1]]
        private = "/aanmelding/" + app["url"].rsplit("/", 1)[1]
        c = au.Client(self.server)
        self.assertIn("calendar link", c.get(private).text)
        r = c.post(private + "/agenda")
        self.assertStatus(r, 200)
        feed = self.server.get(self.feed_url(r.text))
        self.assertStatus(feed, 200)
        uids = {e["uid"].split("@")[0] for e in parse_ical(feed.text)["events"]}
        self.assertIn("meeting-%d-day-2" % meeting, uids)
        self.assertStatus(self.server.get("/agenda/%s.ics" % ("0" * 64)), 404)
        self.assertStatus(self.server.get("/agenda/" + "0" * 64), 404)

    def test_09_invitation_lists_meetings(self):
        self.need("meeting")
        r = self.server.get("/edities/%s" % SLUG)
        self.assertStatus(r, 200)
        self.assertIn("Extra dag: intervisie", r.text)
        self.assertIn("agenda.ics", r.text)
        self.assertNotIn("Vervalt", r.text)

    # -- reminders

    def test_10_reminders(self):
        start = self.mark()
        r = self.lwp("poll", "create", SLUG, "--title", "Terugkomdag", "--json",
                     "--candidate", "2031-05-01 13:00-17:00",
                     "--candidate", "2031-05-02..2031-05-02")
        poll = json.loads(r.stdout)["id"]
        first = {}
        for m in self.mails_since(start, 6, "polls", has_link):
            first[to_addr(m)] = LINK.search(au.mail_text(m)).group(1)
        self.lwp("poll", "answer", str(poll), PEOPLE[0][1], "yes", "no")
        bad = cli("poll", "answer", str(poll), PEOPLE[1][1], "yes", "--db", db_url(self.db))
        self.assertEqual(bad.returncode, 1)
        later = {"LWP_NOW": str(au.NOW + 3 * 86400)}
        early = self.lwp("poll", "remind")
        self.assertEqual(early.stdout.strip(), "0 reminders")
        r = self.lwp("poll", "remind", env=later)
        self.assertEqual(r.stdout.strip(), "5 reminders")
        r = self.lwp("poll", "remind", env=later)
        self.assertEqual(r.stdout.strip(), "0 reminders")
        start = self.mark()
        self.lwp("mail", "send-pending", "--smtp-url", "smtp://127.0.0.1:%d" % self.sink.port,
                 "--mail-from", "noreply@leerwerkplaats.example.nl", env=later)
        rem = self.mails_since(start, 5, "reminders", has_link)
        self.assertNotIn(PEOPLE[0][1], [to_addr(m) for m in rem])
        m = rem[0]
        new = LINK.search(au.mail_text(m)).group(1)
        self.assertStatus(au.Client(self.server).get("/peiling/" + first[to_addr(m)]), 404)
        self.assertStatus(au.Client(self.server).get("/peiling/" + new), 200)

    # -- the network phase

    def test_11_network_phase(self):
        self.need("meeting")
        self.lwp("meeting", "network", SLUG)
        start = self.mark()
        r = self.lead.post_json("/api/v1/manage/editions/%s/meetings" % SLUG, {
            "title": "Netwerkbijeenkomst", "kind": "network", "status": "confirmed",
            "days": [{"date": "2031-06-12", "start": "15:00", "end": "18:00"}],
            "facilitators": [FACILITATOR]})
        self.assertStatus(r, 201)
        got = self.mails_since(start, 5, "invitations", calendar_part)
        to = sorted(to_addr(m) for m in got)
        self.assertEqual(to, sorted([p[1] for p in PEOPLE] + [FACILITATOR]))
        # The background job: an edition whose network date has come moves.
        self.lwp("meeting", "network", JOB, "--on", "2020-01-01")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = cli("edition", "show", JOB, "--db", db_url(self.db)).stdout
            if "network" in status:
                break
            time.sleep(0.5)
        self.assertIn("network", status)
        # Finishing: the participants become members of the network.
        r = self.lwp("meeting", "finish", SLUG)
        self.assertEqual(r.stdout.strip(), "4 new members")
        users = cli("user", "list", "--db", db_url(self.db)).stdout
        for _, email, _ in PEOPLE:
            line = [x for x in users.splitlines() if x.startswith(email)]
            self.assertTrue(line and "member" in line[0], users)
        again = cli("meeting", "finish", SLUG, "--db", db_url(self.db))
        self.assertEqual(again.returncode, 1)

    # -- access

    def test_12_access(self):
        meeting, poll = self.need("meeting", "poll")
        paths = ["/beheer/edities/%s/bijeenkomsten" % SLUG,
                 "/beheer/edities/%s/bijeenkomsten/%d" % (SLUG, meeting),
                 "/beheer/edities/%s/bijeenkomsten/%d/aanwezigheid" % (SLUG, meeting),
                 "/beheer/edities/%s/aanwezigheid" % SLUG,
                 "/beheer/edities/%s/peilingen/%d" % (SLUG, poll),
                 "/beheer/edities/%s/peilingen/nieuw" % SLUG]
        apis = ["/api/v1/manage/editions/%s/meetings" % SLUG,
                "/api/v1/manage/editions/%s/polls/%d" % (SLUG, poll),
                "/api/v1/manage/editions/%s/nights" % SLUG]
        coach = au.sign_in(self.server, COACHES[0])
        other = au.sign_in_lead(self.server, OTHER_LEAD)[0]
        anon = au.Client(self.server)
        for p in paths:
            self.assertStatus(self.lead.get(p), 200, p)
            if "/aanwezigheid" in p and "/bijeenkomsten/" in p:
                self.assertStatus(coach.get(p), 200, p)   # coaches record attendance
            else:
                self.assertStatus(coach.get(p), 403, p)
            self.assertStatus(other.get(p), 403, p)
            r = anon.get(p)
            self.assertEqual((r.status, harness.location_path(r).split("?")[0]),
                             (303, "/inloggen"), p)
        for p in apis:
            self.assertStatus(self.lead.get(p), 200, p)
            self.assertStatus(coach.get(p), 403, p)
            self.assertStatus(other.get(p), 403, p)
            self.assertStatus(anon.get(p), 401, p)
        # a meeting of one edition is not found under another
        self.assertStatus(other.get("/beheer/edities/%s/bijeenkomsten/%d" % (OTHER, meeting)), 404)
        r = coach.post("/beheer/edities/%s/bijeenkomsten/%d/status" % (SLUG, meeting),
                       [("status", "cancelled")])
        self.assertStatus(r, 403)


if __name__ == "__main__":
    unittest.main()
