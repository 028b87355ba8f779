"""The rules that must hold for every path that changes state (issue 9):

- accepted never exceeds capacity: a lead's status change to accepted on a
  full edition is refused (API 409 code "capacity", the console page again
  with the message in Dutch or English) and changes nothing (status,
  history, outbox); the last place may be given once; accepted -> accepted
  is allowed; the cap per organisation likewise (409 "org_cap");
- an edition's capacity cannot go below the number accepted: refused in the
  console, the API (POST /api/v1/manage/editions/{slug}) and the CLI
  (`lwp edition update`), each leaving the edition as it was; the API and
  CLI update the other fields when valid;
- `lwp applications status ID STATUS [--note T]` goes through the same rule;
- the note to an applicant has one limit (2000 characters) in the console
  and in the API;
- a selection is confirmed exactly once: two confirms at the same moment
  (two server processes on PostgreSQL, two threads of one server on
  SQLite) give one 200 and one 409, and every applicant has exactly one
  selection mail in the outbox;
- an applicant who withdraws while `lwp select` is solving stays withdrawn
  and gets no accepted/waitlisted mail;
- no file of src/web/ or src/cli/ includes store/store_write.h or calls a
  function it declares (state changes only through src/service/).

Runs on the backend of the suite run (LWP_TEST_BACKEND). Python 3 stdlib only."""

import concurrent.futures
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

import accounts_util as au
import harness
from harness import Server, amsterdam_to_unix, cli, create_edition, db_url, location_path

FULL_EN = "No places are left: every place of this edition has been given already."
FULL_NL = "Er zijn geen plaatsen meer over: alle plaatsen van deze editie zijn al vergeven."
ORG_CAP_NL = "Deze organisatie heeft al het maximale aantal deelnemers."
CAPACITY_NL = "De capaciteit kan niet lager zijn dan het aantal geaccepteerde deelnemers (%d)."

LEAD = "lead@regels.example.nl"          # lead of every edition
OTHER = "ander@regels.example.nl"        # lead of r-other only

# For the selection tests: applications come in before the deadline, the
# selection happens after it (a server and the CLI with LWP_NOW).
DEADLINE = "2031-03-03 12:00"                            # CET, UTC+1
DEADLINE_TS = amsterdam_to_unix(2031, 3, 3, 12, 0, 1)
BEFORE = DEADLINE_TS - 86400 + 15
AFTER = DEADLINE_TS + 3600 + 15                          # mid TOTP step

SELECTION_SUBJECT = "News about your application: "     # applicants apply in English
SELECTION_MARK = "The participants of this edition have been chosen:"
ACCEPTED_TEXT = "Good news: you have a place in this edition."
WAITLISTED_TEXT = "You are on the waiting list"

KINDS = ("ministry", "agency", "inspectorate", "zbo", "shared_service", "local", "other")
THEMES = ("new_organising", "new_changing", "both")
TAGS = ("teams", "data", "wijk", "netwerken", "klant", "toezicht", "kaart", "zelforganisatie")


# --------------------------------------------------------------------------
# helpers

def flat(text):
    """Text without tags, entities decoded, white space runs as one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def stored(db):
    """{table: [rows]} of the whole database as `lwp backup` writes it."""
    r = cli("backup", "-", "--db", db_url(db))
    if r.returncode != 0:
        raise AssertionError("lwp backup failed: %r" % r)
    tables = {}
    for line in r.stdout.splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        if "table" in doc and "row" in doc:
            tables.setdefault(doc["table"], []).append(doc["row"])
    return tables


def edition_show(db, slug):
    r = cli("edition", "show", slug, "--db", db_url(db))
    if r.returncode != 0:
        raise AssertionError("lwp edition show %s failed: %r" % (slug, r))
    return r.stdout


def edition_show_field(db, slug, name):
    m = re.search(r"(?m)^%s:\s*(.*)$" % re.escape(name), edition_show(db, slug))
    return m.group(1).strip() if m else None


def statuses(db, slug):
    return {a["id"]: a["status"] for a in harness.applications(db, slug)["applications"]}


def selection_mails(tables, title):
    """{recipient: count} of the selection mails of an edition in the outbox."""
    per = {}
    for row in tables.get("outbox", []):
        body = " ".join((row.get("body_text") or "").split())
        if row.get("subject") == SELECTION_SUBJECT + title and SELECTION_MARK in body:
            per[row["to_addr"]] = per.get(row["to_addr"], 0) + 1
    return per


def edition_form(**over):
    """The console's edition form (as test_console sends it)."""
    f = {
        "title": "Leerwerkplaats Regels",
        "slug": "r-x",
        "description": "Een editie voor de regels.",
        "capacity": "5",
        "deadline_date": "2031-11-15",
        "deadline_time": "23:59",
        "policy": "diversity",
        "org_cap": "0",
        "fee": "1500.00",
        "accommodation": "125.50",
        "starts_on": "2032-01-10",
        "ends_on": "2032-12-10",
        "guided_months": "6",
        "location": "Den Haag",
        "contact_name": "Petra Programma",
        "contact_email": "petra@example.nl",
    }
    f.update(over)
    return list(f.items())


def sign_in_at(server, email, now):
    """A browser signed in with password and a second factor enrolled at
    the server's clock `now`."""
    c = au.Client(server)
    r = c.login_password(email)
    if r.status != 303 or location_path(r) != "/account/tweestaps":
        raise AssertionError("sign-in of %s: expected 303 to /account/tweestaps, got %r"
                             % (email, r))
    c.enrol_totp(now=now)
    return c


def apply_before(server, slug, i, lang="en", org=None, tags=None):
    """One application through the API; returns a dict with id, email, token."""
    email = "p%d.%s.%d@regels.example.nl" % (i, slug, os.getpid())
    r = server.apply_api(slug, name="Persoon %d" % i, email=email, lang=lang,
                         organisation=org or "Organisatie %s %d" % (slug, i),
                         organisation_kind=KINDS[i % len(KINDS)],
                         theme=THEMES[(i // len(KINDS)) % len(THEMES)],
                         tags=tags or "%s, %s" % (TAGS[i % len(TAGS)],
                                                  TAGS[(i // len(TAGS) + i + 1) % len(TAGS)]))
    if r.status != 201:
        raise AssertionError("applying %d to %s: %r" % (i, slug, r))
    doc = r.json()
    return {"id": doc["id"], "email": email, "status": doc["status"],
            "token": doc["url"].rsplit("/", 1)[1]}


# --------------------------------------------------------------------------
# status changes, capacity and the note: one server on a fixed clock

class RulesBase(harness.ServerTestCase):
    """Editions with the diversity policy before their deadline, so that
    applications stay submitted until the lead sets their status; a lead
    of every edition and a lead of r-other only, both signed in. (No tests
    of its own: the two classes below each have a server, so that a crash
    in one group does not hide the results of the other.)"""

    server_now = au.NOW
    server_env = au.NO_LIMITS

    EDITIONS = {}       # slug: (capacity, org_cap, applicants)

    @classmethod
    def prepare(cls):
        for slug, (capacity, org_cap, _n) in cls.EDITIONS.items():
            create_edition(cls.db, slug, capacity=capacity, org_cap=org_cap, policy="diversity",
                           title="Leerwerkplaats %s" % slug)
        au.add_users(cls.db, [
            (LEAD, {"name": "Lies Lead", "grants": [("lead", None)]}),
            (OTHER, {"name": "Otto Ander", "grants": [("lead", "r-other")]}),
        ])

    @classmethod
    def after_start(cls):
        cls.apps = {}
        for slug, (_c, _o, n) in cls.EDITIONS.items():
            # r-org: the first two work at the same organisation
            cls.apps[slug] = [apply_before(cls.server, slug, i,
                                           org="Gemeente Utrecht" if slug == "r-org" and i < 2
                                           else None) for i in range(n)]
            for a in cls.apps[slug]:
                if a["status"] != "submitted":
                    raise AssertionError("%s: expected submitted, got %r" % (slug, a))
        cls.lead, cls.other = au.sign_in_all(
            [lambda e=e: au.sign_in_lead(cls.server, e)[0] for e in (LEAD, OTHER)])

    # -- helpers

    def api_status(self, app, status, note=None, client=None):
        body = {"status": status}
        if note is not None:
            body["note"] = note
        return (client or self.lead).post_json(
            "/api/v1/manage/applications/%d/status" % app["id"], body)

    def page_status(self, app, status, note=None, lang="en"):
        c = self.lead
        c.cookies["lang"] = lang
        try:
            fields = [("status", status)]
            if note is not None:
                fields.append(("note", note))
            return c.post("/beheer/aanmeldingen/%d/status" % app["id"], fields)
        finally:
            c.cookies["lang"] = "en"

    def set_status(self, app, status):
        """Groundwork: a status change that must succeed."""
        r = self.api_status(app, status)
        if r.status != 200:
            self.fail("setting application %d to %s: expected 200, got %r" % (app["id"], status, r))

    def snapshot(self, slug):
        """What a refused change must leave alone: the statuses of the
        edition, the history of its applications and the outbox."""
        tables = stored(self.db)
        ids = {a["id"] for a in self.apps[slug]}
        events = sorted((json.dumps(e, sort_keys=True) for e in tables.get("application_events", [])
                         if int(e["application_id"]) in ids))
        outbox = sorted((int(m["id"]), m["to_addr"], m["subject"]) for m in tables.get("outbox", []))
        return {"statuses": statuses(self.db, slug), "events": events, "outbox": outbox}

    def assertUnchanged(self, before, slug, what):
        after = self.snapshot(slug)
        for key in ("statuses", "events", "outbox"):
            self.assertEqual(before[key], after[key], "%s changed the %s" % (what, key))

    def accepted_count(self, slug):
        return sum(1 for s in statuses(self.db, slug).values() if s == "accepted")

    def edition_state(self, slug):
        """`lwp edition show` and the public API document of an edition."""
        r = self.server.get("/api/v1/editions/" + slug)
        self.assertStatus(r, 200)
        return edition_show(self.db, slug), r.json()


class StatusRulesTest(RulesBase):
    """Status changes by a lead: console, API and CLI; the note."""

    EDITIONS = {
        "r-api": (2, 0, 5),
        "r-page": (1, 0, 4),
        "r-org": (5, 1, 3),
        "r-cst": (1, 0, 3),
        "r-note": (10, 0, 4),
        "r-other": (5, 0, 1),
    }

    # ------------------------------------------------------------------
    # 1. accepted never exceeds capacity: the API

    def test_api_accept_on_full_edition_is_refused(self):
        a = self.apps["r-api"]                      # capacity 2
        self.set_status(a[0], "accepted")
        # one place left: allowed once ...
        r = self.api_status(a[1], "accepted", note="De laatste plaats")
        self.assertStatus(r, 200)
        self.assertEqual(r.json().get("status"), "accepted", r)
        # ... then refused, from every other status
        self.set_status(a[3], "waitlisted")
        self.set_status(a[4], "declined")
        for app, was in ((a[2], "submitted"), (a[3], "waitlisted"), (a[4], "declined")):
            before = self.snapshot("r-api")
            r = self.api_status(app, "accepted", note="Toch nog")
            err = self.assertApiError(r, 409, "capacity")
            self.assertUnchanged(before, "r-api", "a refused accept (%s -> accepted)" % was)
            self.assertEqual(statuses(self.db, "r-api")[app["id"]], was)
        self.assertEqual(self.accepted_count("r-api"), 2)
        self.assertTrue(err["message"])
        # accepted -> accepted on the full edition is no new place: allowed
        r = self.api_status(a[0], "accepted")
        self.assertStatus(r, 200)
        self.assertEqual(self.accepted_count("r-api"), 2)
        self.assertEqual(edition_show_field(self.db, "r-api", "accepted"), "2")
        self.assertEqual(edition_show_field(self.db, "r-api", "places left"), "0")
        r = self.lead.get("/api/v1/manage/editions/r-api/applications")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["accepted"], 2)
        # a place freed is a place again
        self.set_status(a[1], "declined")
        self.assertStatus(self.api_status(a[3], "accepted"), 200)
        self.assertEqual(self.accepted_count("r-api"), 2)
        self.assertHealthy()

    # 1. the console page

    def test_console_accept_on_full_edition_is_refused(self):
        a = self.apps["r-page"]                     # capacity 1
        r = self.page_status(a[0], "accepted")
        self.assertStatus(r, 303)
        self.assertEqual(statuses(self.db, "r-page")[a[0]["id"]], "accepted")
        self.set_status(a[2], "waitlisted")
        for app, was, lang, message in ((a[1], "submitted", "en", FULL_EN),
                                        (a[1], "submitted", "nl", FULL_NL),
                                        (a[2], "waitlisted", "nl", FULL_NL),
                                        (a[2], "waitlisted", "en", FULL_EN)):
            before = self.snapshot("r-page")
            r = self.page_status(app, "accepted", note="Een uitzondering", lang=lang)
            self.assertStatus(r, 409, "%s -> accepted on a full edition (%s)" % (was, lang))
            self.assertTrue(r.header("Content-Type", "").startswith("text/html"), r)
            self.assertEqual(harness.html_lang(r.text), lang, "the page is not in %s" % lang)
            self.assertIn(message, flat(r.text), "the refusal does not say why (%s)" % lang)
            # the page again, with its form
            self.assertIn('action="/beheer/aanmeldingen/%d/status"' % app["id"], r.text)
            self.assertUnchanged(before, "r-page", "a refused accept in the console (%s)" % lang)
        # accepted -> accepted stays allowed
        self.assertStatus(self.page_status(a[0], "accepted"), 303)
        self.assertEqual(self.accepted_count("r-page"), 1)
        r = self.lead.get("/beheer/aanmeldingen/%d" % a[1]["id"])
        self.assertStatus(r, 200)
        self.assertEqual(edition_show_field(self.db, "r-page", "accepted"), "1")

    # 1. the cap per organisation

    def test_org_cap_is_refused(self):
        a = self.apps["r-org"]                      # org_cap 1; a[0] and a[1] are colleagues
        self.set_status(a[0], "accepted")
        before = self.snapshot("r-org")
        r = self.api_status(a[1], "accepted")
        self.assertApiError(r, 409, "org_cap")
        self.assertUnchanged(before, "r-org", "a refused accept beyond the cap per organisation")
        r = self.page_status(a[1], "accepted", lang="nl")
        self.assertStatus(r, 409)
        self.assertIn(ORG_CAP_NL, flat(r.text))
        self.assertUnchanged(before, "r-org", "a refused accept in the console (org cap)")
        # someone of another organisation still gets a place
        self.assertStatus(self.api_status(a[2], "accepted"), 200)
        self.assertEqual(self.accepted_count("r-org"), 2)

    # ------------------------------------------------------------------
    # 3. lwp applications status

    def test_cli_application_status(self):
        a = self.apps["r-cst"]                      # capacity 1
        db = db_url(self.db)
        mails_before = len(stored(self.db).get("outbox", []))
        r = cli("applications", "status", a[0]["id"], "accepted", "--note", "Welkom via de CLI",
                "--db", db)
        self.assertEqual(r.returncode, 0, r)
        r = self.lead.get("/api/v1/manage/editions/r-cst/applications")
        self.assertStatus(r, 200)
        doc = r.json()
        self.assertEqual({x["id"]: x["status"] for x in doc["applications"]}[a[0]["id"]],
                         "accepted")
        self.assertEqual(doc["accepted"], 1)
        tables = stored(self.db)
        self.assertTrue(any(int(e["application_id"]) == a[0]["id"] and e["status"] == "accepted"
                            and e.get("note") == "Welkom via de CLI"
                            for e in tables.get("application_events", [])),
                        "no history entry with the note")
        self.assertEqual(len(tables.get("outbox", [])), mails_before + 1,
                         "the status change queued no mail (not the same service as the API?)")
        self.assertEqual(tables["outbox"][-1]["to_addr"] if tables["outbox"] else None,
                         a[0]["email"])

        # the full edition: exit 1 with the message, nothing changes
        before = self.snapshot("r-cst")
        r = cli("applications", "status", a[1]["id"], "accepted", "--db", db)
        self.assertEqual(r.returncode, 1, r)
        said = " ".join(r.stderr.split()).lower()
        self.assertTrue(FULL_EN.lower() in said or FULL_NL.lower() in said,
                        "stderr does not give the capacity message: %r" % r)
        self.assertUnchanged(before, "r-cst", "a refused accept by the CLI")
        # other statuses are fine
        r = cli("applications", "status", a[1]["id"], "waitlisted", "--db", db)
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(statuses(self.db, "r-cst")[a[1]["id"]], "waitlisted")
        # bad usage and unknown ids
        for args, code in (([a[2]["id"], "gekozen"], 2), ([a[2]["id"]], 2), (["abc", "declined"], 2),
                           ([], 2), (["999999", "declined"], 1)):
            r = cli("applications", "status", *args, "--db", db)
            self.assertEqual(r.returncode, code, r)
            self.assertTrue(r.stderr.strip(), r)
        self.assertEqual(statuses(self.db, "r-cst")[a[2]["id"]], "submitted")

    # ------------------------------------------------------------------
    # 6. the note limit, the same in the console and the API

    def test_note_limit_is_the_same_in_console_and_api(self):
        a = self.apps["r-note"]
        long_ok = "\u00eb" * 1000 + "x" * 1000          # 2000 characters, 3000 bytes
        # 2000 characters: accepted in both
        r = self.api_status(a[0], "declined", note=long_ok)
        self.assertStatus(r, 200)
        r = self.page_status(a[1], "declined", note=long_ok)
        self.assertStatus(r, 303)
        notes = [e.get("note") for e in stored(self.db).get("application_events", [])
                 if int(e["application_id"]) in (a[0]["id"], a[1]["id"])]
        self.assertEqual(notes.count(long_ok), 2, "a 2000-character note was not kept whole")

        # 2001 characters: refused in both, nothing changes
        for too_long in ("x" * 2001, "\u00eb" * 2001):
            before = self.snapshot("r-note")
            r = self.api_status(a[2], "declined", note=too_long)
            self.assertStatus(r, 422)
            self.assertIn("note", r.json()["error"].get("fields", {}), r)
            r = self.page_status(a[3], "declined", note=too_long)
            self.assertStatus(r, 422, "a %d-byte note of 2001 characters in the console"
                              % len(too_long.encode()))
            self.assertTrue(harness.has_error_summary(r.text), r)
            self.assertUnchanged(before, "r-note", "a refused note")
        self.assertEqual(statuses(self.db, "r-note")[a[2]["id"]], "submitted")
        self.assertEqual(statuses(self.db, "r-note")[a[3]["id"]], "submitted")


class EditionRulesTest(RulesBase):
    """Edition updates: console, API and CLI."""

    EDITIONS = {
        "r-ced": (5, 0, 4),
        "r-aed": (5, 0, 4),
        "r-cli": (5, 0, 4),
        "r-other": (5, 0, 1),
    }

    # ------------------------------------------------------------------
    # 2. capacity below accepted: console, API, CLI

    def accept_first(self, slug, n):
        for app in self.apps[slug][:n]:
            self.set_status(app, "accepted")
        self.assertEqual(self.accepted_count(slug), n)

    def test_console_capacity_below_accepted_is_refused(self):
        self.accept_first("r-ced", 3)
        before = self.edition_state("r-ced")
        for capacity in ("2", "1"):
            self.lead.cookies["lang"] = "nl"
            try:
                r = self.lead.post("/beheer/edities/r-ced",
                                   edition_form(slug="r-ced", capacity=capacity,
                                                title="Leerwerkplaats r-ced kleiner"))
            finally:
                self.lead.cookies["lang"] = "en"
            self.assertIn(r.status, (409, 422), "capacity %s below 3 accepted: %r" % (capacity, r))
            self.assertIn(CAPACITY_NL % 3, flat(r.text))
            self.assertEqual(self.edition_state("r-ced"), before,
                             "a refused update changed the edition")
        # as many places as accepted is allowed
        r = self.lead.post("/beheer/edities/r-ced", edition_form(slug="r-ced", capacity="3",
                                                                 title="Leerwerkplaats r-ced"))
        self.assertStatus(r, 303)
        self.assertEqual(self.server.get("/api/v1/editions/r-ced").json()["capacity"], 3)
        self.assertEqual(self.accepted_count("r-ced"), 3)

    def test_api_edition_update(self):
        self.accept_first("r-aed", 3)
        path = "/api/v1/manage/editions/r-aed"
        before = self.edition_state("r-aed")
        r = self.lead.post_json(path, {"capacity": 2})
        self.assertApiError(r, 409, "capacity")
        self.assertEqual(self.edition_state("r-aed"), before)
        # several fields at once, one of them breaking the rule: nothing changes
        r = self.lead.post_json(path, {"title": "Mag niet", "capacity": 1})
        self.assertApiError(r, 409, "capacity")
        self.assertEqual(self.edition_state("r-aed"), before)

        # invalid values: 422 naming the field, nothing changes
        problems = []
        for body, field in (({"capacity": 0}, "capacity"), ({"capacity": "veel"}, "capacity"),
                            ({"capacity": 1001}, "capacity"), ({"capacity": 2.5}, "capacity"),
                            ({"deadline": "2031-02-30 12:00"}, "deadline"),
                            ({"deadline": "2031-03-30 02:30"}, "deadline"),
                            ({"deadline": "morgen"}, "deadline"),
                            ({"org_cap": -1}, "org_cap"), ({"fee": -1}, "fee"),
                            ({"fee": "duur"}, "fee"), ({"fee": 1.234}, "fee"),
                            ({"title": ""}, "title")):
            r = self.lead.post_json(path, body)
            doc = r.json() if r.header("Content-Type", "").startswith("application/json") else {}
            fields = doc.get("error", {}).get("fields") or {}
            if r.status != 422 or field not in fields:
                problems.append("%s: expected 422 with fields.%s, got %d %s"
                                % (json.dumps(body), field, r.status, r.text[:200]))
        self.assertNoProblems(problems)
        self.assertEqual(self.edition_state("r-aed"), before)

        # no access for the lead of another edition, nor without the CSRF token
        self.assertStatus(self.other.post_json(path, {"capacity": 9}), 403)
        self.assertStatus(self.lead.post_json(path, {"capacity": 9}, csrf=None), 403)
        self.assertEqual(self.edition_state("r-aed"), before)

        # a valid update: 200 with the edition
        description = "Een editie met **vet** en twee\n\nalinea's."
        r = self.lead.post_json(path, {"title": "Leerwerkplaats Bijgewerkt", "capacity": 3,
                                       "deadline": "2034-06-01 12:00", "org_cap": 2,
                                       "fee": 1750.5, "description": description})
        self.assertStatus(r, 200)
        doc = r.json()
        self.assertEqual((doc.get("slug"), doc.get("title"), doc.get("capacity")),
                         ("r-aed", "Leerwerkplaats Bijgewerkt", 3), doc)
        pub = self.server.get("/api/v1/editions/r-aed").json()
        self.assertEqual(pub["title"], "Leerwerkplaats Bijgewerkt")
        self.assertEqual(pub["capacity"], 3)
        self.assertEqual(pub["places_left"], 0)
        self.assertEqual(pub["deadline"], "2034-06-01T12:00:00+02:00")
        self.assertEqual(pub["fee_cents"], 175050)
        self.assertEqual(pub["description"], description)
        self.assertEqual(edition_show_field(self.db, "r-aed", "org cap"), "2")
        # one field alone leaves the others
        r = self.lead.post_json(path, {"capacity": 8})
        self.assertStatus(r, 200)
        pub = self.server.get("/api/v1/editions/r-aed").json()
        self.assertEqual((pub["capacity"], pub["title"], pub["fee_cents"], pub["deadline"]),
                         (8, "Leerwerkplaats Bijgewerkt", 175050, "2034-06-01T12:00:00+02:00"))
        self.assertEqual(self.accepted_count("r-aed"), 3)

    def test_cli_edition_update(self):
        self.accept_first("r-cli", 3)
        db = db_url(self.db)
        before = self.edition_state("r-cli")
        for capacity in ("2", "1"):
            r = cli("edition", "update", "r-cli", "--capacity", capacity, "--db", db)
            self.assertEqual(r.returncode, 1, r)
            self.assertIn("3", r.stderr, "the message does not give the number accepted: %r" % r)
            self.assertEqual(self.edition_state("r-cli"), before)
        r = cli("edition", "update", "r-cli", "--title", "Niet zo", "--capacity", "2", "--db", db)
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(self.edition_state("r-cli"), before)

        # bad usage: exit 2, a message, nothing changed
        problems = []
        for args in ([], ["--capacity", "4"], ["r-cli", "--capacity", "abc"],
                     ["r-cli", "--capacity", "0"], ["r-cli", "--capacity"],
                     ["r-cli", "--deadline", "2031-02-30 12:00"],
                     ["r-cli", "--deadline", "2031-03-30 02:30"],
                     ["r-cli", "--org-cap", "-1"], ["r-cli", "--fee", "1.234"],
                     ["r-cli", "--fee", "-5"], ["r-cli", "--kleur", "rood"],
                     ["r-cli", "extra-argument", "--capacity", "4"]):
            r = cli("edition", "update", *args, "--db", db)
            if r.returncode != 2 or not r.stderr.strip():
                problems.append("lwp edition update %s: expected exit 2 with a message, got %d %r"
                                % (" ".join(args), r.returncode, r.stderr[:200]))
        self.assertNoProblems(problems)
        self.assertEqual(self.edition_state("r-cli"), before)
        r = cli("edition", "update", "bestaat-niet", "--capacity", "4", "--db", db)
        self.assertEqual(r.returncode, 1, r)
        self.assertTrue(r.stderr.strip(), r)

        # valid updates
        r = cli("edition", "update", "r-cli", "--capacity", "3", "--db", db)
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(edition_show_field(self.db, "r-cli", "capacity"), "3")
        desc = os.path.join(self.tmpdir, "beschrijving.md")
        with open(desc, "w", encoding="utf-8") as f:
            f.write("Nieuwe beschrijving met een *nadruk*.\n\nEen tweede alinea.\n")
        r = cli("edition", "update", "r-cli", "--title", "Leerwerkplaats CLI", "--capacity", "7",
                "--deadline", "2034-06-01 12:00", "--org-cap", "2", "--fee", "1750.50",
                "--description-file", desc, "--db", db)
        self.assertEqual(r.returncode, 0, r)
        show = edition_show(self.db, "r-cli")
        for field, value in (("title", "Leerwerkplaats CLI"), ("capacity", "7"),
                             ("accepted", "3"), ("deadline", "2034-06-01T12:00:00+02:00"),
                             ("org cap", "2"), ("fee", "€1,750.50")):
            self.assertEqual(edition_show_field(self.db, "r-cli", field), value,
                             "%s after the update:\n%s" % (field, show))
        pub = self.server.get("/api/v1/editions/r-cli").json()
        self.assertEqual(pub["description"].strip().replace("\r\n", "\n"),
                         "Nieuwe beschrijving met een *nadruk*.\n\nEen tweede alinea.")
        self.assertEqual(pub["capacity"], 7)
        self.assertTrue(harness.cli("edition", "update", "--help").returncode == 0)


# --------------------------------------------------------------------------
# 4. a selection is confirmed exactly once

class ConfirmOnceTest(unittest.TestCase):
    """Two confirms of one edition at the same moment: on PostgreSQL from
    two server processes on the same database, on SQLite from two threads
    of one server. Several editions, one round each, to make the race
    likely."""

    ROUNDS = 10
    APPLICANTS = 16
    CAPACITY = 5

    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-http-once-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        harness.init_db(cls.db)
        cls.slugs = ["once-%d" % i for i in range(cls.ROUNDS)]
        for slug in cls.slugs:
            create_edition(cls.db, slug, capacity=cls.CAPACITY, deadline=DEADLINE,
                           policy="diversity", org_cap=1, title="Leerwerkplaats " + slug,
                           env={"LWP_NOW": BEFORE})
        au.add_user(cls.db, LEAD, name="Lies Lead", grants=[("lead", None)])
        before = Server(cls.db, now=BEFORE, env=au.NO_LIMITS).start()
        try:
            cls.people = {slug: [apply_before(before, slug, i) for i in range(cls.APPLICANTS)]
                          for slug in cls.slugs}
        finally:
            problems = before.stop()
        if problems:
            raise AssertionError("the server before the deadline: " + "\n".join(problems))
        cls.servers = []
        cls.addClassCleanup(cls._stop)
        count = 2 if harness.BACKEND == "postgres" else 1
        for _ in range(count):
            cls.servers.append(Server(cls.db, now=AFTER, threads=2, env=au.NO_LIMITS).start())
        lead = sign_in_at(cls.servers[0], LEAD, AFTER)
        cls.cookie = lead.cookie_header()
        cls.token = lead.token()

    @classmethod
    def _stop(cls):
        problems = []
        for s in cls.servers:
            problems += s.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def confirm(self, server, slug):
        return server.request("POST", "/api/v1/manage/editions/%s/selection/confirm" % slug,
                              body=b"{}", headers={"Content-Type": "application/json",
                                                   "Cookie": self.cookie,
                                                   "X-CSRF-Token": self.token})

    def test_two_confirms_at_once_one_wins(self):
        # the two requests: two processes, or two threads of one process
        targets = self.servers if len(self.servers) == 2 else self.servers * 2
        problems = []
        for slug in self.slugs:
            barrier = threading.Barrier(2)
            answers = [None, None]

            def run(k, slug=slug, barrier=barrier, answers=answers):
                barrier.wait()
                try:
                    answers[k] = self.confirm(targets[k], slug)
                except OSError as e:
                    answers[k] = e

            threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            codes = sorted(a.status if isinstance(a, harness.Response) else str(a)
                           for a in answers)
            if codes != [200, 409]:
                problems.append("%s: two confirms answered %s, expected one 200 and one 409:\n%s"
                                % (slug, codes, "\n".join(repr(a)[:600] for a in answers)))
                continue
            won = [a for a in answers if a.status == 200][0]
            lost = [a for a in answers if a.status == 409][0]
            try:
                err = lost.json()["error"]
            except (ValueError, KeyError, TypeError):
                err = {}
            if err.get("code") not in ("closed", "already_selected") or not err.get("message"):
                problems.append("%s: the refused confirm: expected code closed or already_selected "
                                "with a message, got %r" % (slug, lost))
            # what is stored is what the winner answered
            chosen = {a["id"] for a in won.json()["applicants"] if a["chosen"]}
            want = {p["id"]: "accepted" if p["id"] in chosen else "waitlisted"
                    for p in self.people[slug]}
            got = statuses(self.db, slug)
            if got != want:
                problems.append("%s: stored statuses %s differ from the winning confirm's %s"
                                % (slug, got, want))
            if len(chosen) != self.CAPACITY:
                problems.append("%s: %d chosen for %d places" % (slug, len(chosen), self.CAPACITY))
            if not re.search(r"(?m)^status:\s+selected$", edition_show(self.db, slug)):
                problems.append("%s: not selected after the confirm" % slug)
        # every applicant exactly one selection mail
        tables = stored(self.db)
        for slug in self.slugs:
            per = selection_mails(tables, "Leerwerkplaats " + slug)
            want = {p["email"]: 1 for p in self.people[slug]}
            if per != want:
                problems.append("%s: selection mails per applicant %s, expected one each"
                                % (slug, {e: per.get(e, 0) for e in sorted(set(per) | set(want))}))
        self.assertEqual(problems, [], "\n".join(problems))
        for s in self.servers:
            self.assertEqual(s.problems(), [])


# --------------------------------------------------------------------------
# 5. a withdrawal during a slow solve stays withdrawn

def cpu_seconds(pid):
    """User + system CPU time of a running process (Linux /proc), or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_cpu(proc, seconds, timeout=harness.CLI_TIMEOUT):
    """Wait until proc has used `seconds` of CPU (it is busy solving, not
    starting up or loading), has ended, or the timeout has passed."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        used = cpu_seconds(proc.pid)
        if used is not None and used >= seconds:
            return
        time.sleep(0.05)


class WithdrawDuringSolveTest(unittest.TestCase):
    """`lwp select` on a large edition, with time to spend; while it solves,
    two applicants withdraw through their private link.

    The optimiser ends early when it stops improving: with 150 applicants it
    is done within about a second, with 400 for 40 places (150
    organisations, 60 keywords) it uses the whole --seconds (measured on
    the release build: 8.5 s of --seconds 8)."""

    SLUG = "traag"
    TITLE = "Leerwerkplaats Traag"
    APPLICANTS = 400
    CAPACITY = 40
    ORGANISATIONS = 150
    KEYWORDS = 60
    SECONDS = 8
    IN_THE_SOLVE = 1.0         # CPU seconds of the CLI: past loading, well inside the solve

    @classmethod
    def tags(cls, i):
        """Three different keywords (a keyword twice would be another test)."""
        return ", ".join(sorted({"trefwoord%d" % ((i * k * 7 + k) % cls.KEYWORDS)
                                 for k in range(1, 4)}))

    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-http-slow-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        harness.init_db(cls.db)
        create_edition(cls.db, cls.SLUG, capacity=cls.CAPACITY, deadline=DEADLINE,
                       policy="diversity", org_cap=2, title=cls.TITLE, env={"LWP_NOW": BEFORE})
        before = Server(cls.db, now=BEFORE, env=au.NO_LIMITS).start()
        try:
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                cls.people = list(pool.map(
                    lambda i: apply_before(before, cls.SLUG, i, tags=cls.tags(i),
                                           org="Organisatie %d" % (i % cls.ORGANISATIONS)),
                    range(cls.APPLICANTS)))
        finally:
            problems = before.stop()
        if problems:
            raise AssertionError("the server before the deadline: " + "\n".join(problems))
        cls.server = Server(cls.db, now=AFTER, env=au.NO_LIMITS).start()
        cls.addClassCleanup(cls._stop)

    @classmethod
    def _stop(cls):
        problems = cls.server.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def test_withdrawal_during_the_solve_stays(self):
        # a quick dry run says who would be chosen: withdraw one of them and
        # one who would wait
        r = cli("select", self.SLUG, "--dry-run", "--json", "--seconds", "1",
                "--db", db_url(self.db), env={"LWP_NOW": AFTER})
        self.assertEqual(r.returncode, 0, r)
        proposal = {a["id"]: a["chosen"] for a in json.loads(r.stdout)["applicants"]}
        chosen = [p for p in self.people if proposal.get(p["id"])]
        waiting = [p for p in self.people if p["id"] in proposal and not proposal[p["id"]]]
        self.assertTrue(chosen and waiting, proposal)
        leaving = [chosen[len(chosen) // 2], waiting[len(waiting) // 2]]

        proc = subprocess.Popen(
            [harness.lwp_bin(), "select", self.SLUG, "--seconds", str(self.SECONDS),
             "--db", db_url(self.db)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=harness.child_env({"LWP_NOW": AFTER}))
        try:
            wait_for_cpu(proc, self.IN_THE_SOLVE)
            for p in leaving:
                r = self.server.post_form("/aanmelding/%s/intrekken" % p["token"], body=b"")
                self.assertEqual(r.status, 303, "withdrawing during the solve: %r" % r)
            running = proc.poll() is None
            now = statuses(self.db, self.SLUG)
            self.assertEqual([now[p["id"]] for p in leaving], ["withdrawn", "withdrawn"])
            out, err = proc.communicate(timeout=self.SECONDS + harness.CLI_TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        report = harness.sanitizer_report(err)
        self.assertIsNone(report, report)
        self.assertTrue(running, "lwp select had ended before the withdrawals (exit %s); the test "
                        "needs a longer --seconds:\n%s" % (proc.returncode, err[-2000:]))
        # the CLI succeeds without them, or fails cleanly
        self.assertIn(proc.returncode, (0, 1), err[-2000:])
        if proc.returncode == 1:
            self.assertTrue(err.strip(), "exit 1 without a message")

        after = statuses(self.db, self.SLUG)
        self.assertEqual({p["id"]: after[p["id"]] for p in leaving},
                         {p["id"]: "withdrawn" for p in leaving},
                         "an applicant who withdrew during the solve was given a status again "
                         "(lwp select exit %d)" % proc.returncode)
        self.assertLessEqual(sum(1 for s in after.values() if s == "accepted"), self.CAPACITY)
        tables = stored(self.db)
        for p in leaving:
            mails = [" ".join((m.get("body_text") or "").split()) for m in tables.get("outbox", [])
                     if m["to_addr"] == p["email"]]
            self.assertEqual([m for m in mails if ACCEPTED_TEXT in m or WAITLISTED_TEXT in m], [],
                             "%s withdrew and was still mailed an outcome" % p["email"])
        if proc.returncode == 0:
            per = selection_mails(tables, self.TITLE)
            others = {p["email"] for p in self.people} - {p["email"] for p in leaving}
            self.assertEqual({e: per.get(e, 0) for e in others}, {e: 1 for e in others},
                             "after a successful confirm everyone else has one selection mail")
        self.assertEqual(self.server.problems(), [])


# --------------------------------------------------------------------------
# 7. state changes only through src/service/

SRC = harness.REPO_ROOT / "src"
WRITE_HEADER = SRC / "store" / "store_write.h"
NOT_FUNCTIONS = {"if", "while", "for", "switch", "return", "sizeof", "_Alignof", "alignof",
                 "typeof", "__typeof__", "_Static_assert", "static_assert", "defined",
                 "__attribute__", "__declspec"}


def strip_c(text):
    """C text with comments, string and character literals blanked (line
    breaks kept, so that line numbers stay right)."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text[i] in "\"'":
            q, j = text[i], i + 1
            while j < n and text[j] != q and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
        else:
            out.append(text[i])
            i += 1
            continue
        out.append(re.sub(r"[^\n]", " ", text[i:j]))
        i = j
    return "".join(out)


def drop_preprocessor(code):
    lines, cont = [], False
    for line in code.split("\n"):
        directive = cont or line.lstrip().startswith("#")
        cont = directive and line.rstrip().endswith("\\")
        lines.append("" if directive else line)
    return "\n".join(lines)


def drop_attributes(code):
    """Remove __attribute__((...)) with balanced parentheses."""
    while True:
        m = re.search(r"\b__attribute__\s*\(", code)
        if not m:
            return code
        depth, j = 0, m.end() - 1
        while j < len(code):
            depth += {"(": 1, ")": -1}.get(code[j], 0)
            j += 1
            if depth == 0:
                break
        code = code[:m.start()] + " " + code[j:]


def declared_functions(header_text):
    """The names of the functions a C header declares (or defines inline):
    in every top-level declaration that is not a typedef, the first
    identifier followed by "(" that is not a keyword or an upper-case macro."""
    code = drop_attributes(drop_preprocessor(strip_c(header_text)))
    names, depth, current = [], 0, []

    def flush():
        decl = "".join(current)
        current.clear()
        if re.match(r"\s*typedef\b", decl):
            return
        for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", decl):
            name = m.group(1)
            if name in NOT_FUNCTIONS or re.fullmatch(r"[A-Z0-9_]+", name):
                continue
            names.append(name)
            return

    for ch in code:
        if ch == "{":
            if depth == 0:
                flush()
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            if ch == ";":
                flush()
            else:
                current.append(ch)
    flush()
    return sorted(set(names))


class ServiceLayerTest(unittest.TestCase):
    """No store write from the web or CLI layer (issue 9: state changes only
    through a service)."""

    def test_parser_reads_declarations(self):
        text = ("/* store_fake(x) in a comment */\n#define STORE_X(a) (a)\n"
                "struct store;\ntypedef int (*store_tx_fn)(struct store *s, void *arg);\n"
                "int store_a(struct store *s, const char *t)\n  __attribute__((warn_unused_result));\n"
                "__attribute__((nonnull(1))) LWP_WUR int\nstore_b(struct store *s);\n"
                "static inline int store_c(int x) { return sizeof(x) + f(x); }\n"
                "struct row { int (*cb)(void); };\nextern const char *store_names[];\n")
        self.assertEqual(declared_functions(text), ["store_a", "store_b", "store_c"])

    def test_web_and_cli_call_no_store_write(self):
        if not WRITE_HEADER.is_file():
            self.fail("%s does not exist: every store write must be declared there, and only "
                      "src/service/ may include it" % WRITE_HEADER.relative_to(harness.REPO_ROOT))
        names = declared_functions(WRITE_HEADER.read_text(encoding="utf-8"))
        self.assertTrue(names, "%s declares no functions" % WRITE_HEADER)
        call = re.compile(r"\b(%s)\s*\(" % "|".join(re.escape(n) for n in names))
        include = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')
        hits = []
        files = sorted(list((SRC / "web").rglob("*.[ch]")) + list((SRC / "cli").rglob("*.[ch]")))
        self.assertTrue(files, "no sources in src/web and src/cli")
        for path in files:
            raw = path.read_text(encoding="utf-8", errors="replace")
            rel = path.relative_to(harness.REPO_ROOT)
            for no, line in enumerate(raw.split("\n"), 1):
                m = include.match(line)
                if m and Path(m.group(1)).name == "store_write.h":
                    hits.append("%s:%d: includes %s" % (rel, no, m.group(1)))
            for no, line in enumerate(strip_c(raw).split("\n"), 1):
                for m in call.finditer(line):
                    hits.append("%s:%d: calls %s" % (rel, no, m.group(1)))
        self.assertEqual(hits, [], "store writes outside src/service/:\n  " + "\n  ".join(hits))


if __name__ == "__main__":
    unittest.main()
