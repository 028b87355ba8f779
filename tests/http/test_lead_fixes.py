"""What a programme lead met running the first edition (issue 10, "What a
lead met"), each class tried in several variants, on SQLite and PostgreSQL:

- the waiting list: the place mailed at confirmation is the order freed
  places are offered in (only someone whose organisation is at the cap is
  passed over, and that is written in their history); the order shows after
  confirming in the console, `lwp applications list` and JSON (CLI, API);
- the reasons on the selection page: rank and number agree, every waiting
  applicant has a reason of their own, numbers in the page's format;
- after confirming the selection page shows the confirmed result;
- the selection mail carries a new private link (the first stops working);
  mail on withdrawal, on taking an offered place and when an offer lapses;
- parent organisations: the console page and the application form;
- Dutch pages without English codes: history, audit log, CSV (nl and en);
- the lead's wording and the consents on an application;
- a lead's audit view of their own edition;
- the deadline as the reason after it, and the API's availability;
- the CLI: --db before the command, no database made by a typo, columns by
  display width, slugs in `user list`, serve --help, mail send-pending;
- tags as a JSON array; no progress output when not on a terminal.

The steps of the selection build on each other (numbered, in order).
Python 3 stdlib only."""

import csv
import io
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest

import accounts_util as au
import harness
from harness import (Server, amsterdam_to_unix, cli, create_edition, db_url,
                     location_path)

TITLE = "Leerwerkplaats Wachtlijst 2032"
DEADLINE = "2032-03-03 12:00"                            # CET, UTC+1
DEADLINE_TS = amsterdam_to_unix(2032, 3, 3, 12, 0, 1)
BEFORE = DEADLINE_TS - 86400 + 15
AFTER = DEADLINE_TS + 3600 + 15
LATER = AFTER + 8 * 86400                                # past the 7 days of an offer

LEAD = "lotte.lead@wachtlijst.example.nl"     # lead of "wl" and "wl-closed"
OTHER = "otto.ander@wachtlijst.example.nl"    # lead of "wl-other" only
ADMIN = "anna.admin@wachtlijst.example.nl"

# "wl": 2 places, at most 1 per organisation. The lead includes anne and
# carl; bob (anne's organisation, unlike everyone) then ranks first on the
# waiting list by what he would add, but is at the cap while anne has a
# place; dora and eve are alike (equal, so in the order they applied).
WL = [
    ("anne", "Anne Åkesson", "Ministerie van Wachtzaken", "ministry", "new_organising", "x", "nl"),
    ("bob", "Bob Bakker", "Ministerie van Wachtzaken", "agency", "new_changing", "y", "en"),
    ("carl", "Carl Čapek", "Gemeente Wachtdorp", "ministry", "new_organising", "x", "en"),
    ("dora", "Dora Dijkstra", "Provincie Wachtland", "ministry", "new_organising", "x", "nl"),
    ("eve", "Eve Evers", "Waterschap Wacht", "ministry", "new_organising", "x", "en"),
]

SELECTION_SUBJECT = {"en": "News about your application: ", "nl": "Nieuws over uw aanmelding: "}
OFFER_SUBJECT = {"en": "A place for you: ", "nl": "Een plaats voor u: "}
WITHDRAWN_SUBJECT = {"en": "Application withdrawn: ", "nl": "Aanmelding ingetrokken: "}
TAKEN_SUBJECT = {"en": "Your place is confirmed: ", "nl": "Uw plaats is bevestigd: "}
LAPSED_SUBJECT = {"en": "The offer has lapsed: ", "nl": "Het aanbod is verlopen: "}
PRIVATE = re.compile(r"/aanmelding/([0-9a-f]{64})\b")
OFFER = re.compile(r"/aanbod/([0-9a-f]{64})\b")

# What a Dutch page must not show (tests/browser/run.js greps the same).
ENGLISH_CODES = re.compile(
    r"\((applicant|system|cli)\)|: selection\b"
    r"|\b(selection|application|applications|edition|login|account|role|organisation)\.[a-z_]+\b"
    r"|\b(edition|application|user|organisation):[\w-]+"
    r"|\b(submitted|accepted|waitlisted|declined|withdrawn)\b|\boffer expired\b"
    r"|\b\d+\.\d{2}\b")


def visible_text(page):
    """The text of <main> as a reader sees it: no tags, no attributes (the
    codes kept as data stay out), entities decoded."""
    import html
    m = re.search(r"<main\b.*?</main>", page, re.S)
    body = m.group(0) if m else page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


class LeadFixesTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-http-lead-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        harness.init_db(cls.db)
        create_edition(cls.db, "wl", capacity=2, deadline=DEADLINE, policy="diversity", org_cap=1,
                       title=TITLE)
        create_edition(cls.db, "wl-closed", capacity=5, deadline="2035-01-01 12:00",
                       title="Gesloten editie")
        create_edition(cls.db, "wl-fcfs", capacity=5, deadline=DEADLINE, title="Snel vol")
        create_edition(cls.db, "wl-other", capacity=5, deadline=DEADLINE, title="Andere editie")
        au.add_users(cls.db, [
            (LEAD, {"name": "Lotte Lead", "grants": [("lead", "wl"), ("lead", "wl-closed"),
                                                     ("lead", "wl-fcfs")]}),
            (OTHER, {"name": "Otto Ander", "grants": [("lead", "wl-other")]}),
            (ADMIN, {"name": "Anna Admin", "grants": [("admin", None)]}),
        ])
        port = harness.free_port()
        cls.sink = au.Sink(port, os.path.join(cls.tmpdir, "mail"))
        cls.sink.start()
        cls.addClassCleanup(cls.sink.stop)
        env = dict(au.NO_LIMITS)
        env.update({"LWP_SMTP_URL": "smtp://127.0.0.1:%d" % port,
                    "LWP_MAIL_FROM": "noreply@wachtlijst.example.nl",
                    "LWP_MAIL_RETRY_SECONDS": "1"})
        cls.env = env
        before = Server(cls.db, now=BEFORE, env=env).start()
        try:
            cls.people = [cls._apply(before, "wl", row) for row in WL]
            # one application to the fcfs edition, one to another edition
            r = before.apply_api("wl-fcfs", email="fcfs@wachtlijst.example.nl")
            assert r.status == 201, r
            r = before.apply_api("wl-other", email="other@wachtlijst.example.nl")
            assert r.status == 201, r
            cls.other_app = r.json()["id"]
            cls.csrf_pair = before.csrf("/edities/wl/aanmelden")
        finally:
            problems = before.stop()
        if problems:
            raise AssertionError("\n".join(problems))
        cls.by_key = {p["key"]: p for p in cls.people}
        cls.server = Server(cls.db, now=AFTER, env=env).start()
        cls.server.use_csrf(cls.csrf_pair)
        cls.addClassCleanup(lambda: cls.server.stop())
        cls.secrets = {}
        cls.lead, cls.other, cls.admin = au.sign_in_all(
            [lambda e=e: cls._sign_in(e) for e in (LEAD, OTHER, ADMIN)])
        cls.state = {}
        for slug in ("wl-closed", "wl-fcfs"):      # closed by their lead
            r = cls.lead.post_json("/api/v1/manage/editions/%s/status" % slug, {"status": "closed"})
            if r.status != 200:
                raise AssertionError("closing %s: %r" % (slug, r))

    @staticmethod
    def _apply(server, slug, row):
        key, name, org, kind, theme, tags, lang = row
        email = "%s@wachtlijst.example.nl" % key
        r = server.apply_api(slug, name=name, email=email, organisation=org,
                             organisation_kind=kind, theme=theme, tags=tags, lang=lang)
        if r.status != 201:
            raise AssertionError("applying %s: %r" % (key, r))
        return {"key": key, "id": r.json()["id"], "name": name, "email": email, "org": org,
                "lang": lang, "token": r.json()["url"].rsplit("/", 1)[1]}

    @classmethod
    def _sign_in(cls, email):
        c = au.Client(cls.server)
        r = c.login_password(email)
        if r.status != 303 or location_path(r) != "/account/tweestaps":
            raise AssertionError("sign-in of %s: %r" % (email, r))
        cls.secrets[email], _ = c.enrol_totp(now=AFTER)
        return c

    @classmethod
    def _sign_in_again(cls, email, now):
        """Sessions end after days idle: password and a code at `now`."""
        c = au.Client(cls.server)
        r = c.login_password(email)
        if r.status != 303:
            raise AssertionError("sign-in of %s: %r" % (email, r))
        r = c.login_code(au.totp(cls.secrets[email], now))
        if r.status != 303:
            raise AssertionError("second factor of %s: %r" % (email, r))
        return c

    # -- helpers

    def assertStatus(self, resp, status, msg=None):
        self.assertEqual(resp.status, status, msg or "%r\n%s" % (resp, resp.text[:2000]))

    def need(self, *keys):
        missing = [k for k in keys if k not in self.state]
        if missing:
            self.skipTest("an earlier step failed (%s)" % ", ".join(missing))
        return [self.state[k] for k in keys]

    def get_as(self, client, path, lang):
        old = client.cookies.get("lang")
        client.cookies["lang"] = lang
        try:
            return client.get_ready(path)
        finally:
            client.cookies["lang"] = old

    def statuses(self):
        return {a["id"]: a for a in harness.applications(self.db, "wl")["applications"]}

    def mails_to(self, p, subjects):
        subject = subjects[p["lang"]] + TITLE
        return [m for m in self.sink.messages()
                if m["X-Envelope-To"] == p["email"] and str(m["Subject"]) == subject]

    def wait_mail(self, p, subjects, what):
        subject = subjects[p["lang"]] + TITLE
        return au.wait_for_mail(self.sink, lambda m: m["X-Envelope-To"] == p["email"]
                                and str(m["Subject"]) == subject, what=what)

    def history(self, p, lang):
        r = self.get_as(self.lead, "/beheer/aanmeldingen/%d" % p["id"], lang)
        self.assertStatus(r, 200)
        m = re.search(r"<ol class=\"utrecht-ordered-list\">(.*?)</ol>", r.text, re.S)
        return visible_text(m.group(1) if m else "")

    def assertNoEnglishCodes(self, text, where):
        codes = sorted({m.group(0) for m in ENGLISH_CODES.finditer(visible_text(text))})
        self.assertEqual(codes, [], "English codes on the Dutch %s" % where)

    # ------------------------------------------------------------------
    # the deadline and the API's availability

    def test_01_after_the_deadline_the_deadline_is_the_reason(self):
        """A complete form or JSON application after the deadline says the
        deadline passed, whether the edition is open (fcfs), chosen by
        diversity, or closed by its lead meanwhile."""
        for slug in ("wl", "wl-fcfs"):
            for lang, text in (("en", "The deadline for applications has passed."),
                               ("nl", harness.po_translation(
                                   "The deadline for applications has passed."))):
                with self.subTest(slug=slug, lang=lang, via="form"):
                    fields = harness.form_fields()
                    r = self.server.post_form("/edities/%s/aanmelden" % slug, fields,
                                              headers={"Accept-Language": lang})
                    self.assertIn(r.status, (409, 410, 422), r)
                    self.assertIn(text, r.text)
                    self.assertNotIn(harness.po_translation("This edition does not take applications.")
                                     if lang == "nl" else "This edition does not take applications.",
                                     r.text)
            with self.subTest(slug=slug, via="api"):
                r = self.server.apply_api(slug)
                self.assertNotEqual(r.status, 201, r)
                err = r.json()["error"]
                self.assertIn("deadline", (err["code"] + err["message"]).lower(), err)

    def test_02_api_availability(self):
        want = {"wl": "deadline_passed", "wl-fcfs": "deadline_passed", "wl-closed": "closed"}
        for slug, availability in want.items():
            with self.subTest(slug=slug):
                r = self.server.get("/api/v1/editions/%s" % slug)
                self.assertStatus(r, 200)
                doc = r.json()
                doc = doc.get("edition", doc)
                self.assertEqual(doc["availability"], availability, doc)
                self.assertIs(doc["accepting_applications"], False)
        listed = {e["slug"]: e["availability"] for e in self.server.get("/api/v1/editions").json()["editions"]}
        for slug, availability in want.items():
            self.assertEqual(listed[slug], availability)
        r = self.server.get("/api/v1/openapi.json")
        self.assertIn("deadline_passed", r.text)

    # ------------------------------------------------------------------
    # the selection: reasons, confirming, the waiting list

    def test_03_reasons_agree_with_the_numbers_in_the_page_format(self):
        for key in ("anne", "carl"):
            text = self.lead.get_ready("/beheer/edities/wl/selectie").text
            forms = re.findall(r'value="(%d:include)"' % self.by_key[key]["id"], text)
            if forms:
                r = self.lead.post("/beheer/edities/wl/selectie/markering", [("mark", forms[0])])
                self.assertStatus(r, 303)
        doc = self.lead.get_ready("/api/v1/manage/editions/wl/selection").json()
        apps = {a["id"]: a for a in doc["applicants"]}
        chosen = {self.by_key[k]["id"] for k in ("anne", "carl")}
        self.assertEqual({i for i, a in apps.items() if a["chosen"]}, chosen, doc)
        waiting = sorted((a for a in apps.values() if not a["chosen"]), key=lambda a: a["rank"])
        self.assertEqual([a["id"] for a in waiting],
                         [self.by_key[k]["id"] for k in ("bob", "dora", "eve")], waiting)
        # rank and number agree: the number is what each would add
        numbers = [a["contribution"] for a in waiting]
        self.assertEqual(numbers, sorted(numbers, reverse=True))
        self.assertEqual(apps[self.by_key["bob"]["id"]]["why_not"], "cap")
        for lang, point in (("nl", ","), ("en", ".")):
            with self.subTest(lang=lang):
                text = self.get_as(self.lead, "/beheer/edities/wl/selectie", lang).text
                m = re.search(r'<caption[^>]*id="waiting-caption".*?</table>', text, re.S)
                self.assertIsNotNone(m)
                rows = re.findall(r"<tr>(.*?)</tr>", m.group(0), re.S)[1:]
                self.assertEqual(len(rows), 3)
                reasons = []
                for row, a in zip(rows, waiting):
                    cells = [visible_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                    shown = "%.2f" % a["contribution"]
                    self.assertEqual(cells[5], shown.replace(".", point), cells)
                    self.assertIn(shown.replace(".", point), cells[6])
                    reasons.append(cells[6])
                self.assertEqual(len(set(reasons)), 3, "waiting applicants share a reason: %s" % reasons)
                if lang == "nl":
                    self.assertNoEnglishCodes(text, "selection page")
                    self.assertNotRegex(visible_text(text), r"\b\d+\.\d{2}\b")
        self.state["plan"] = doc

    def test_04_confirm_and_the_order_is_visible_everywhere(self):
        plan, = self.need("plan")
        r = self.lead.post("/beheer/edities/wl/selectie/bevestigen")
        self.assertStatus(r, 303)
        ranks = {a["id"]: a["rank"] for a in plan["applicants"] if not a["chosen"]}
        stored = self.statuses()
        # JSON of the CLI and of the API
        self.assertEqual({i: a["waitlist_rank"] for i, a in stored.items() if a["status"] == "waitlisted"},
                         ranks)
        self.assertTrue(all(a["waitlist_rank"] is None for a in stored.values()
                            if a["status"] != "waitlisted"))
        api = self.lead.get("/api/v1/manage/editions/wl/applications").json()
        self.assertEqual({a["id"]: a["waitlist_rank"] for a in api["applications"]
                          if a["status"] == "waitlisted"}, ranks)
        # the CLI table: a WAIT column with each one's place
        r = cli("applications", "list", "wl", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        header, *lines = r.stdout.splitlines()
        self.assertIn("WAIT", header)
        for i, rank in ranks.items():
            line = next(x for x in lines if x.startswith("%d " % i))
            self.assertRegex(line, r"^%d\s+waitlisted\s+%d\s" % (i, rank))
        # the console: the confirmed result, the waiting list in order
        for lang in ("en", "nl"):
            text = self.get_as(self.lead, "/beheer/edities/wl/selectie", lang).text
            with self.subTest(lang=lang):
                self.assertNotIn("/selectie/bevestigen", text)
                self.assertNotIn("does not choose by diversity", text)
                m = re.search(r'id="waiting-caption".*?</table>', text, re.S)
                order = [int(x) for x in re.findall(r'href="/beheer/aanmeldingen/(\d+)"', m.group(0))]
                self.assertEqual(order, sorted(ranks, key=ranks.get))
                m = re.search(r'id="accepted-caption".*?</table>', text, re.S)
                accepted = {int(x) for x in re.findall(r'href="/beheer/aanmeldingen/(\d+)"', m.group(0))}
                self.assertEqual(accepted, {self.by_key["anne"]["id"], self.by_key["carl"]["id"]})
                if lang == "nl":
                    self.assertNoEnglishCodes(text, "confirmed selection page")
        # the application page of a waitlisted one shows the place
        bob = self.by_key["bob"]
        text = self.lead.get("/beheer/aanmeldingen/%d" % bob["id"]).text
        self.assertIn("Place on the waiting list", text)
        self.state["ranks"] = ranks

    def test_05_selection_mail_has_the_place_and_a_new_private_link(self):
        ranks, = self.need("ranks")
        for p in self.people:
            with self.subTest(who=p["key"]):
                msg = self.wait_mail(p, SELECTION_SUBJECT, "the selection mail of " + p["key"])
                body = au.mail_text(msg)
                if p["id"] in ranks:
                    place = {"en": "Your place on the waiting list: %d",
                             "nl": "Uw plaats op de wachtlijst: %d"}[p["lang"]]
                    self.assertIn(place % ranks[p["id"]], body)
                m = PRIVATE.search(body)
                self.assertIsNotNone(m, "no private link in the selection mail:\n" + body)
                self.assertNotEqual(m.group(1), p["token"])
                # the new link works, the first does not
                self.assertStatus(self.server.get("/aanmelding/" + m.group(1)), 200)
                self.assertStatus(self.server.get("/aanmelding/" + p["token"]), 404)
                p["link"] = m.group(1)
        self.state["links"] = True

    def test_06_offers_follow_the_mailed_order_passing_over_the_cap(self):
        self.need("links")
        carl, bob, dora = self.by_key["carl"], self.by_key["bob"], self.by_key["dora"]
        r = self.server.post_form("/aanmelding/%s/intrekken" % carl["link"])
        self.assertStatus(r, 303)
        msg = self.wait_mail(carl, WITHDRAWN_SUBJECT, "the withdrawal mail")
        self.assertIn(TITLE, au.mail_text(msg))
        # bob is first on the list, but anne (his organisation) has a place:
        # dora, second, is asked, and bob's history says why he was passed over
        offer = self.wait_mail(dora, OFFER_SUBJECT, "the offer to dora")
        self.assertEqual(self.mails_to(bob, OFFER_SUBJECT), [])
        self.assertIn("passed over for a freed place: their organisation has reached the cap",
                      self.history(bob, "en"))
        self.assertIn(harness.po_translation(
            "passed over for a freed place: their organisation has reached the cap"),
            self.history(bob, "nl"))
        token = OFFER.search(au.mail_text(offer)).group(1)
        r = self.server.post_form("/aanbod/" + token, {"answer": "accept"})
        self.assertStatus(r, 303)
        self.wait_mail(dora, TAKEN_SUBJECT, "the confirmation of dora's place")
        self.assertEqual(self.statuses()[dora["id"]]["status"], "accepted")
        self.state["taken"] = True

    def test_07_an_offer_that_lapses_is_mailed_and_the_next_is_asked(self):
        self.need("taken")
        anne, bob, eve = self.by_key["anne"], self.by_key["bob"], self.by_key["eve"]
        r = self.server.post_form("/aanmelding/%s/intrekken" % anne["link"])
        self.assertStatus(r, 303)
        self.wait_mail(anne, WITHDRAWN_SUBJECT, "anne's withdrawal mail")
        # now bob's organisation has no place: bob, first on the list, is asked
        self.wait_mail(bob, OFFER_SUBJECT, "the offer to bob")
        self.assertEqual(self.mails_to(eve, OFFER_SUBJECT), [])
        problems = self.server.stop()
        self.assertEqual(problems, [])
        self.__class__.server = Server(self.db, now=LATER, env=self.env).start()
        cls = self.__class__
        cls.lead, cls.other, cls.admin = (cls._sign_in_again(e, LATER) for e in (LEAD, OTHER, ADMIN))
        msg = self.wait_mail(bob, LAPSED_SUBJECT, "the mail that bob's offer lapsed")
        self.assertIn(TITLE, au.mail_text(msg))
        self.wait_mail(eve, OFFER_SUBJECT, "the offer to eve after bob's lapsed")
        self.assertEqual(self.statuses()[bob["id"]]["status"], "declined")
        self.state["later"] = True

    def test_08_history_in_dutch_has_no_codes(self):
        self.need("later")
        for key in ("anne", "bob", "carl", "dora"):
            with self.subTest(who=key):
                text = self.get_as(self.lead, "/beheer/aanmeldingen/%d" % self.by_key[key]["id"], "nl").text
                self.assertNoEnglishCodes(text, "application page of " + key)
                hist = self.history(self.by_key[key], "nl")
                self.assertIn("(de aanvrager)", hist)
                self.assertNotIn("(applicant)", hist)
                self.assertNotIn(": selection", hist)
                self.assertIn(harness.po_translation("by the confirmed selection"), hist)

    # ------------------------------------------------------------------
    # the lead's view of an application, CSV, audit

    def test_09_the_lead_reads_the_lead_wording_and_the_consents(self):
        p = self.by_key["anne"]
        for lang, want, not_want in (
                ("en", "The applicant's tough question", "Your tough question"),
                ("nl", "Taaie vraagstuk van de aanvrager", "Uw taaie vraagstuk")):
            with self.subTest(lang=lang):
                text = visible_text(self.get_as(self.lead, "/beheer/aanmeldingen/%d" % p["id"], lang).text)
                self.assertEqual(text.count("anne@wachtlijst.example.nl"), 1, "a fact shown twice")
                self.assertIn(want, text)
                self.assertNotIn(not_want, text)
                self.assertIn(harness.po_translation("Consents") if lang == "nl" else "Consents", text)
                self.assertRegex(visible_text(text), r"(privacy statement version|privacyverklaring versie) \S+")
                self.assertIn(harness.po_translation("Listed in the network directory")
                              if lang == "nl" else "Listed in the network directory", text)

    def test_10_csv_for_dutch_excel_and_for_scripts(self):
        r = self.lead.get("/beheer/edities/wl/aanmeldingen.csv")
        self.assertStatus(r, 200)
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), r.body[:10])
        text = r.body[3:].decode()
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertIn("Naam", rows[0])
        self.assertIn("Plaats op de wachtlijst", rows[0])
        self.assertFalse(set(rows[0]) & {"name", "status", "email"}, rows[0])
        self.assertEqual(len(rows), 1 + len(WL))
        statuses = {row[rows[0].index("Status")] for row in rows[1:]}
        self.assertFalse(statuses & {"accepted", "waitlisted", "declined", "withdrawn"}, statuses)
        nl = self.lead.get("/beheer/edities/wl/aanmeldingen.csv?format=nl")
        self.assertEqual(nl.body, r.body)
        en = self.lead.get("/beheer/edities/wl/aanmeldingen.csv?format=en")
        self.assertStatus(en, 200)
        self.assertFalse(en.body.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(en.body.decode()), delimiter=","))
        self.assertEqual(rows[0][:3], ["id", "status", "received"])
        self.assertIn("waitlist_rank", rows[0])
        self.assertTrue({row[1] for row in rows[1:]} <= {"accepted", "waitlisted", "declined", "withdrawn"})
        for bad in ("xlsx", "NL", ""):
            self.assertStatus(self.lead.get("/beheer/edities/wl/aanmeldingen.csv?format=" + bad), 400)

    def test_11_audit_in_dutch_and_per_edition(self):
        # the lead of wl reads the log of wl: the edition and its applications
        r = self.lead.get("/beheer/edities/wl/audit")
        self.assertStatus(r, 200)
        rows = au.audit_rows(r.text)
        self.assertTrue(rows)
        ids = {str(p["id"]) for p in self.people}
        for row in rows:
            self.assertTrue(row["object"] == "edition:wl" or
                            (row["object"].startswith("application:")
                             and row["object"].split(":", 1)[1] in ids), row)
        self.assertTrue(any(row["action"] == "selection.confirm" for row in rows))
        self.assertTrue(any(row["action"] == "selection.mark" for row in rows))
        self.assertFalse(any(row["object"] == "application:%d" % self.other_app for row in rows))
        # not another edition's lead, not the whole log for a lead of some editions
        self.assertIn(self.other.get("/beheer/edities/wl/audit").status, (403, 404))
        self.assertStatus(self.other.get("/beheer/edities/wl-other/audit"), 200)
        self.assertStatus(self.lead.get("/beheer/edities/wl-other/audit"), 403)
        self.assertStatus(self.lead.get("/beheer/audit"), 403)
        self.assertStatus(self.admin.get("/beheer/audit"), 200)
        self.assertStatus(self.admin.get("/beheer/edities/wl/audit"), 200)
        # Dutch: labels for actions, objects and details; the codes as data
        for client, path in ((self.lead, "/beheer/edities/wl/audit"), (self.admin, "/beheer/audit")):
            with self.subTest(path=path):
                text = self.get_as(client, path, "nl").text
                self.assertNoEnglishCodes(text, path)
                rows = au.audit_rows(text)
                confirm = next(row for row in rows if row["action"] == "selection.confirm")
                self.assertEqual(confirm["action_text"], harness.po_translation("Selection confirmed"))
                self.assertIn("toegelaten", confirm["detail_text"])
                self.assertIn("2 accepted", confirm["detail"])       # the stored detail, as data
                if path.endswith("/wl/audit"):
                    mark = next(row for row in rows if row["action"] == "selection.mark")
                    self.assertRegex(mark["detail"], r"^application \d+: include$")
                    self.assertRegex(mark["detail_text"], r"^aanmelding \d+: moet erin$")
                    self.assertEqual(mark["object_text"], "editie wl")

    # ------------------------------------------------------------------
    # parent organisations

    def test_12_parent_organisations_in_the_console(self):
        # organisations serve every edition: a lead of some editions may not
        # change them (like the whole audit log), an admin may
        self.assertStatus(self.lead.get("/beheer/organisaties"), 403)
        self.assertStatus(self.lead.post("/beheer/organisaties/ouder", [
            ("organisation", "Gemeente Wachtdorp"), ("parent", "Provincie Wachtland")]), 403)
        r = self.admin.get("/beheer/organisaties")
        self.assertStatus(r, 200)
        self.assertIn("Gemeente Wachtdorp", r.text)
        self.assertIn("Kind of organisation", r.text)
        r = self.admin.post("/beheer/organisaties/ouder", [("organisation", "Gemeente Wachtdorp"),
                                                          ("parent", "Provincie Wachtland")])
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/beheer/organisaties?klaar=1")
        r = cli("organisation", "list", "--db", db_url(self.db))
        self.assertRegex(r.stdout, r"(?m)^Gemeente Wachtdorp\s+\S+\s+Provincie Wachtland$")
        text = self.admin.get("/beheer/organisaties").text
        self.assertRegex(text, r"Gemeente Wachtdorp</td><td>[^<]*</td><td>Provincie Wachtland<")
        rows = au.all_audit_rows(self.admin)
        self.assertTrue(any(row["action"] == "organisation.parent"
                            and row["object"] == "organisation:Gemeente Wachtdorp" for row in rows))
        for fields in ((("organisation", "Gemeente Wachtdorp"), ("parent", "Nergens Bekend")),
                       (("organisation", "Onbekend BV"), ("parent", "Provincie Wachtland")),
                       (("organisation", "Gemeente Wachtdorp"), ("parent", "Gemeente Wachtdorp")),
                       (("organisation", ""), ("parent", "Provincie Wachtland"))):
            with self.subTest(fields=fields):
                r = self.admin.post("/beheer/organisaties/ouder", list(fields))
                self.assertStatus(r, 422)
                self.assertTrue(harness.has_error_summary(r.text))
        self.assertStatus(self.admin.post("/beheer/organisaties/ouder", [("organisation", "x")],
                                         csrf=None), 403)
        r = self.get_as(self.admin, "/beheer/organisaties", "nl")
        self.assertNoEnglishCodes(r.text, "organisations page")

    def test_13_parent_named_on_the_application_form(self):
        s = Server(self.db, now=BEFORE, env=self.env).start()
        try:
            create_edition(self.db, "wl-parent", capacity=9, title="Met moeder")
            # known parent, new organisation: kept (form and JSON)
            r = s.post_form("/edities/wl-parent/aanmelden", harness.form_fields(
                organisation="Dienst Nieuw", organisation_kind="agency",
                organisation_parent="Ministerie van Wachtzaken"))
            self.assertStatus(r, 303)
            r = s.apply_api("wl-parent", organisation="Agentschap Json",
                            organisation_parent="Ministerie van Wachtzaken")
            self.assertStatus(r, 201)
            # unknown parent: ignored without an error
            r = s.apply_api("wl-parent", organisation="Dienst Wees",
                            organisation_parent="Ministerie van Niets")
            self.assertStatus(r, 201)
            # an organisation with a parent keeps it
            r = s.apply_api("wl-parent", organisation="Gemeente Wachtdorp",
                            organisation_parent="Ministerie van Wachtzaken")
            self.assertStatus(r, 201)
            # too long a parent is a field error
            r = s.apply_api("wl-parent", organisation="Dienst Lang", organisation_parent="x" * 151)
            self.assertStatus(r, 422)
        finally:
            self.assertEqual(s.stop(), [])
        listing = cli("organisation", "list", "--db", db_url(self.db)).stdout
        self.assertRegex(listing, r"(?m)^Dienst Nieuw\s+agency\s+Ministerie van Wachtzaken$")
        self.assertRegex(listing, r"(?m)^Agentschap Json\s+\S+\s+Ministerie van Wachtzaken$")
        self.assertRegex(listing, r"(?m)^Dienst Wees\s+\S+\s+-$")
        self.assertRegex(listing, r"(?m)^Gemeente Wachtdorp\s+\S+\s+Provincie Wachtland$")

    # ------------------------------------------------------------------
    # tags as a JSON array

    def test_14_tags_as_a_json_array(self):
        s = Server(self.db, now=BEFORE, env=self.env).start()
        try:
            create_edition(self.db, "wl-tags", capacity=9, title="Trefwoorden")
            r1 = s.apply_api("wl-tags", tags=["teams", "data", "zelforganisatie"])
            self.assertStatus(r1, 201)
            r2 = s.apply_api("wl-tags", tags="teams, data")
            self.assertStatus(r2, 201)
            r3 = s.apply_api("wl-tags", tags=[])
            self.assertStatus(r3, 201)
            for bad in (["teams", 3], ["a, b"], [["nested"]], [None], {"a": 1}, ["x" * 41],
                        ["t%d" % i for i in range(11)]):
                with self.subTest(tags=bad):
                    r = s.apply_api("wl-tags", tags=bad)
                    self.assertStatus(r, 422)
                    self.assertIn("tags", r.text)
        finally:
            self.assertEqual(s.stop(), [])
        apps = {a["id"]: a for a in harness.applications(self.db, "wl-tags")["applications"]}
        self.assertEqual(apps[r1.json()["id"]]["tags"], "teams, data, zelforganisatie")
        self.assertEqual(apps[r2.json()["id"]]["tags"], "teams, data")

    # ------------------------------------------------------------------
    # the CLI

    def test_15_db_before_the_command(self):
        for args in (("--db", db_url(self.db), "edition", "list"),
                     ("--db=" + db_url(self.db), "edition", "list")):
            with self.subTest(args=args[0][:5]):
                r = cli(*args)
                self.assertEqual(r.returncode, 0, r)
                self.assertIn("wl-closed", r.stdout)
        r = cli("--db")
        self.assertEqual(r.returncode, 2, r)

    def test_16_a_mistyped_database_is_not_created(self):
        # a SQLite file whatever the backend under test (PostgreSQL has no
        # file to create by mistake)
        d = tempfile.mkdtemp(prefix="lwp-typo-")
        self.addCleanup(shutil.rmtree, d, True)
        typo = os.path.join(d, "lwpp.db")
        for args in (("edition", "list"), ("applications", "list", "wl"), ("user", "list"),
                     ("organisation", "list"), ("select", "wl", "--dry-run"), ("backup", "-"),
                     ("migrate",), ("mail", "send-pending", "--smtp-url", "smtp://127.0.0.1:9"),
                     ("serve", "--port", str(harness.free_port()))):
            with self.subTest(cmd=args[0]):
                r = cli(*args, "--db", "sqlite:" + typo)
                self.assertEqual(r.returncode, 1, r)
                self.assertIn("lwp init", r.stderr)
                self.assertFalse(os.path.exists(typo), "%s created %s" % (args[0], typo))
        r = cli("--db", typo, "edition", "list")       # a bare path, before the command
        self.assertEqual(r.returncode, 1, r)
        self.assertFalse(os.path.exists(typo))
        r = cli("init", "--db", "sqlite:" + typo)
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(cli("edition", "list", "--db", "sqlite:" + typo).returncode, 0)

    def test_17_help_and_messages(self):
        r = cli("serve", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("postgres://", r.stdout)
        self.assertIn("PostgreSQL", r.stdout)
        r = cli("mail", "send-pending", "--db", db_url(self.db),
                env={"LWP_SMTP_URL": self.env["LWP_SMTP_URL"]})
        self.assertEqual(r.returncode, 0, r)
        self.assertRegex(r.stdout, r"^\d+ sent\n$")
        self.assertNotIn("retried", r.stdout)
        # not a terminal: no progress lines
        self.assertNotIn("\r", r.stderr)
        r = cli("select", "wl-other", "--dry-run", "--db", db_url(self.db))
        self.assertNotIn("\r", r.stderr + r.stdout)

    @unittest.skipUnless(shutil.which("script"), "needs script(1) for a terminal")
    def test_17b_progress_on_a_terminal(self):
        """On a terminal (script(1) gives one) the optimiser's seconds show
        on stderr and the line is cleared at the end."""
        create_edition(self.db, "wl-tty", capacity=2, deadline="2020-01-01 12:00",
                       policy="diversity", title="Terminal")
        cmd = "%s select wl-tty --dry-run --seconds 1 --db %s" % (
            shlex.quote(harness.lwp_bin()), shlex.quote(db_url(self.db)))
        p = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True,
                           timeout=60, env=harness.child_env(), stdin=subprocess.DEVNULL)
        out = p.stdout.decode("utf-8", "replace")
        self.assertEqual(p.returncode, 0, out)
        self.assertIn("\rchoosing the group: 0 s", out)
        self.assertIn("\r\x1b[K", out)

    def test_18_columns_by_display_width_and_slugs(self):
        r = cli("applications", "list", "wl", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        lines = [l for l in r.stdout.splitlines()[1:-1] if re.match(r"^\d+ ", l)]
        self.assertEqual(len(lines), len(WL))
        starts = set()
        for line, p in zip(lines, self.people):
            i = line.index(p["org"])
            starts.add(len(line[:i]))        # code points, as a terminal counts columns
        self.assertEqual(len(starts), 1, "organisation column misaligned:\n" + r.stdout)
        r = cli("user", "list", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        line = next(l for l in r.stdout.splitlines() if l.startswith(LEAD))
        self.assertIn("lead(wl)", line)
        self.assertIn("lead(wl-closed)", line)
        self.assertNotIn("edition ", line)


if __name__ == "__main__":
    unittest.main()
