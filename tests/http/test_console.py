"""The lead console (SPEC C2/C9/C10 as far as built): creating an edition,
publishing, editing and closing it; the applications of an edition with
filters and counts; one application with its history; changing its status
by page and API, after which the applicant gets a mail in their language
(through a real SMTP server); the CSV export with formula cells
neutralised; per-record checks (a lead of edition B cannot read or change
edition A's applications by changing the id); the audit log."""

import csv
import html
import io
import re

import accounts_util as au
import harness
from accounts_util import Client
from harness import create_edition, location_path

FORMULA = {
    "name": '=HYPERLINK("http://evil.example","klik")',
    "organisation": "=cmd|' /C calc'!A0",
    "tags": "@SUM(1+1)",
    "motivation": "+31 is my motivation",
    "question": "-2+3 is my question",
    "phone": "+31 70 123 4567",
    "billing_reference": "=1+1",
}


def flat(text):
    """Text with every run of white space as one space (mail lines wrap)."""
    return " ".join(text.split())


def rows_of_table(text):
    """Application ids linked from the applications table."""
    m = re.search(r"<tbody>(.*?)</tbody>", text, re.S)
    return [int(i) for i in re.findall(r'href="/beheer/aanmeldingen/(\d+)"', m.group(1) if m else "")]


def count_table(text, caption):
    """{label: count} of the count table with this caption."""
    for table in re.findall(r"<table\b.*?</table>", text, re.S):
        cap = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
        if cap and html.unescape(cap.group(1)).strip() == caption:
            return {html.unescape(label): int(n) for label, n in
                    re.findall(r"<tr><td>(.*?)</td><td class=\"lwp-number\">(\d+)</td></tr>", table)}
    return None


def edition_fields(**over):
    f = {
        "title": "Leerwerkplaats Nieuw 2027",
        "slug": "cons-nieuw",
        "description": "Een nieuwe editie.\n\nMet twee alinea's.",
        "capacity": "12",
        "deadline_date": "2031-11-15",
        "deadline_time": "23:59",
        "policy": "diversity",
        "org_cap": "2",
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


class ConsoleTest(au.MailServerTestCase):

    @classmethod
    def prepare_data(cls):
        create_edition(cls.db, "cons-a", capacity=2, title="Leerwerkplaats Console A")
        create_edition(cls.db, "cons-b", capacity=5, title="Leerwerkplaats Console B")
        create_edition(cls.db, "cons-c", capacity=5, title="Leerwerkplaats Status C")
        au.add_users(cls.db, [
            ("hoofd@console.example.nl", {"name": "Hanna Hoofd", "grants": [("lead", None)]}),
            ("lead.a@console.example.nl", {"name": "Anna Lead", "grants": [("lead", "cons-a")]}),
            ("lead.b@console.example.nl", {"name": "Bram Lead", "grants": [("lead", "cons-b")]}),
            ("admin@console.example.nl", {"name": "Ada Admin", "grants": [("admin", None)]}),
        ])

    @classmethod
    def after_start(cls):
        s = cls.server

        def apply(slug, **fields):
            r = s.apply_api(slug, **fields)
            if r.status != 201:
                raise AssertionError("apply to %s: %r" % (slug, r))
            doc = r.json()
            doc["email"] = fields.get("email")
            return doc

        # cons-a (capacity 2, first come first served): for lists and export
        cls.a_formula = apply("cons-a", email="formula@example.nl", lang="en",
                              organisation_kind="ministry", theme="new_organising",
                              billing_address='Postbus 1\n2500 AA "Den Haag"', **FORMULA)
        cls.a_en = apply("cons-a", email="emma@example.nl", name="Emma English", lang="en",
                         organisation="Gemeente Utrecht", organisation_kind="local",
                         theme="new_changing")
        cls.a_nl = apply("cons-a", email="daan@example.nl", name="Daan Nederlands", lang="nl",
                         organisation="Belastingdienst", organisation_kind="agency",
                         theme="both")
        cls.b_1 = apply("cons-b", email="bea@example.nl", name="Bea Bee",
                        organisation="Provincie Zeeland", organisation_kind="local")
        # cons-c: for status changes
        cls.c_en = apply("cons-c", email="ella@example.nl", name="Ella Status", lang="en")
        cls.c_nl = apply("cons-c", email="noor@example.nl", name="Noor Status", lang="nl")
        cls.c_api = apply("cons-c", email="api@example.nl", name="Api Status", lang="en")
        cls.c_audit = apply("cons-c", email="audit@example.nl", name="Audit Status", lang="en")
        cls.hoofd, cls.lead_a, cls.lead_b, cls.admin = au.sign_in_all(
            [lambda e=e: au.sign_in_lead(s, e)[0] for e in (
                "hoofd@console.example.nl", "lead.a@console.example.nl",
                "lead.b@console.example.nl", "admin@console.example.nl")])

    def api_edition(self, slug):
        return self.server.get("/api/v1/editions/" + slug)

    def status_of(self, slug, app_id):
        for a in harness.applications(self.db, slug)["applications"]:
            if a.get("id") == app_id:
                return a.get("status")
        raise AssertionError("application %s not in %s" % (app_id, slug))

    # ------------------------------------------------------------------

    def test_create_publish_update_close_edition(self):
        c = self.hoofd
        r = c.get("/beheer/edities/nieuw")
        self.assertStatus(r, 200)
        for name, _ in edition_fields():
            self.assertIn('name="%s"' % name, r.text)
        self.assertIsNotNone(au.hidden_csrf(r.text))

        # invalid input: 422 with the errors, nothing created
        bad = edition_fields(slug="Geen Geldig Adres!", capacity="0", policy="loterij",
                             fee="veel", deadline_date="2031-03-30", deadline_time="02:30",
                             title="")
        r = c.post("/beheer/edities", bad)
        self.assertStatus(r, 422)
        self.assertTrue(harness.has_error_summary(r.text), r)
        self.assertStatus(self.api_edition("cons-nieuw"), 404)

        r = c.post("/beheer/edities", edition_fields())
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/beheer/edities/cons-nieuw?klaar=1")
        r = c.get("/beheer/edities/cons-nieuw?klaar=1")
        self.assertStatus(r, 200)
        self.assertIn("Leerwerkplaats Nieuw 2027", r.text)
        self.assertIn("Draft", r.text)
        # a draft is not public
        self.assertStatus(self.server.get("/edities/cons-nieuw"), 404)
        self.assertStatus(self.api_edition("cons-nieuw"), 404)
        # the address name is unique
        r = c.post("/beheer/edities", edition_fields(title="Nog een"))
        self.assertStatus(r, 422)

        # publish
        r = c.post("/beheer/edities/cons-nieuw/status", [("status", "open")])
        self.assertStatus(r, 303)
        self.assertStatus(self.server.get("/edities/cons-nieuw"), 200)
        doc = self.api_edition("cons-nieuw").json()
        self.assertEqual(doc["status"], "open")
        self.assertEqual(doc["capacity"], 12)
        self.assertIn("cons-nieuw", [e["slug"] for e in
                                     self.server.get("/api/v1/editions").json()["editions"]])

        # edit
        r = c.post("/beheer/edities/cons-nieuw",
                   edition_fields(title="Leerwerkplaats Gewijzigd", capacity="15"))
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/beheer/edities/cons-nieuw?klaar=1")
        doc = self.api_edition("cons-nieuw").json()
        self.assertEqual(doc["capacity"], 15)
        self.assertEqual(doc["title"], "Leerwerkplaats Gewijzigd")
        r = c.post("/beheer/edities/cons-nieuw", edition_fields(capacity="duizend"))
        self.assertStatus(r, 422)
        self.assertEqual(self.api_edition("cons-nieuw").json()["capacity"], 15)

        # close
        r = c.post("/beheer/edities/cons-nieuw/status", [("status", "closed")])
        self.assertStatus(r, 303)
        self.assertIn("Applications closed", c.get("/beheer/edities/cons-nieuw").text)
        r = self.server.apply_api("cons-nieuw")
        self.assertIn(r.status, (404, 409, 422), r)

        # a lead of one edition may not create editions
        self.assertStatus(self.lead_a.get("/beheer/edities/nieuw"), 403)
        r = self.lead_a.post("/beheer/edities", edition_fields(slug="cons-van-a"))
        self.assertStatus(r, 403)
        self.assertStatus(self.hoofd.get("/beheer/edities/cons-van-a"), 404)

    def test_applications_list_with_filters_and_counts(self):
        c = self.lead_a
        base = "/beheer/edities/cons-a/aanmeldingen"
        ids = {"formula": self.a_formula["id"], "en": self.a_en["id"], "nl": self.a_nl["id"]}
        r = c.get(base)
        self.assertStatus(r, 200)
        self.assertEqual(sorted(rows_of_table(r.text)), sorted(ids.values()))
        self.assertNotIn(str(self.b_1["id"]) + '"', " ".join(
            'href="/beheer/aanmeldingen/%d"' % i for i in rows_of_table(r.text)))
        self.assertIn("3 of 3 applications shown.", r.text)
        kinds = count_table(r.text, "Kind of organisation")
        self.assertIsNotNone(kinds, "no count table per kind of organisation")
        self.assertEqual(kinds.get("Ministry (core department)"), 1)
        self.assertEqual(kinds.get("Municipality, province or water board"), 1)
        self.assertEqual(kinds.get("Executive agency"), 1)
        themes = count_table(r.text, "Theme")
        self.assertEqual((themes.get("New organising"), themes.get("New changing"),
                          themes.get("Both")), (1, 1, 1))

        for query, expect in (("kind=local", ["en"]),
                              ("theme=both", ["nl"]),
                              ("status=waitlisted", ["nl"]),
                              ("status=accepted", ["formula", "en"]),
                              ("status=accepted&kind=ministry", ["formula"]),
                              ("status=declined", []),
                              ("status=&kind=&theme=", ["formula", "en", "nl"])):
            r = c.get(base + "?" + query)
            self.assertStatus(r, 200)
            self.assertEqual(sorted(rows_of_table(r.text)), sorted(ids[k] for k in expect), query)
            self.assertIn("%d of 3 applications shown." % len(expect), r.text, query)
        r = c.get(base + "?kind=local")
        self.assertEqual(count_table(r.text, "Kind of organisation")
                         .get("Municipality, province or water board"), 1)
        self.assertEqual(count_table(r.text, "Kind of organisation")
                         .get("Ministry (core department)"), 0)

        # the same through the API
        r = c.get("/api/v1/manage/editions/cons-a/applications")
        self.assertStatus(r, 200)
        doc = r.json()
        self.assertEqual(sorted(a["id"] for a in doc["applications"]), sorted(ids.values()))
        self.assertEqual(doc["accepted"], 2)

    def test_application_page_status_change_and_mail(self):
        c = self.hoofd
        en, nl, api = self.c_en["id"], self.c_nl["id"], self.c_api["id"]
        r = c.get("/beheer/aanmeldingen/%d" % en)
        self.assertStatus(r, 200)
        for text in ("Ella Status", "ella@example.nl", "Ministerie van Binnenlandse Zaken",
                     "Ik wil leren van andere organisaties.", "History", "Accepted"):
            self.assertIn(text, r.text)
        self.assertIn('action="/beheer/aanmeldingen/%d/status"' % en, r.text)

        # invalid status changes: 422 and nothing changes (a lead may set
        # "withdrawn", e.g. for a participant who called to cancel)
        for fields in ([("status", "teruggetrokken")], [("status", "gekozen")], []):
            self.assertStatus(c.post("/beheer/aanmeldingen/%d/status" % en, fields), 422)
        self.assertEqual(self.status_of("cons-c", en), "accepted")
        r = c.post_json("/api/v1/manage/applications/%d/status" % api, {"status": "gekozen"})
        self.assertApiError(r, 422, "validation")

        r = c.post("/beheer/aanmeldingen/%d/status" % en,
                   [("status", "declined"), ("note", "Helaas <vol> & dicht")])
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/beheer/aanmeldingen/%d?klaar=1" % en)
        r = c.post("/beheer/aanmeldingen/%d/status" % nl, [("status", "waitlisted"), ("note", "")])
        self.assertStatus(r, 303)
        r = c.post_json("/api/v1/manage/applications/%d/status" % api,
                        {"status": "waitlisted", "note": "Via de API"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json(), {"id": api, "status": "waitlisted"})

        self.assertEqual(self.status_of("cons-c", en), "declined")
        self.assertEqual(self.status_of("cons-c", nl), "waitlisted")
        self.assertEqual(self.status_of("cons-c", api), "waitlisted")
        r = c.get("/beheer/aanmeldingen/%d?klaar=1" % en)
        self.assertIn("Your change has been saved.", r.text)
        hist = r.text[r.text.index("History"):]
        self.assertIn("Declined", hist)
        self.assertIn("hoofd@console.example.nl", hist)
        self.assertIn("Helaas &lt;vol&gt; &amp; dicht", hist)
        self.assertNotIn("<vol>", r.text)
        # the applicant's own page shows it too
        r = self.server.get("/aanmelding/" + self.c_en["url"].rsplit("/", 1)[1], lang="en")
        self.assertIn("Declined", r.text)

        title = "Leerwerkplaats Status C"

        def status_mail(to, subject):
            return lambda m: m["X-Envelope-To"] == to and str(m["Subject"]) == subject
        m = au.wait_for_mail(self.sink, status_mail("ella@example.nl",
                                                    "News about your application: " + title),
                             what="the status mail to ella")
        text = flat(au.mail_text(m))
        self.assertIn("Its status is now: Declined", text)
        self.assertIn("Helaas <vol> & dicht", text)
        self.assertIn("Dear Ella Status", text)
        m = au.wait_for_mail(self.sink, status_mail("noor@example.nl",
                                                    "Nieuws over uw aanmelding: " + title),
                             what="the Dutch status mail to noor")
        self.assertIn("De status is nu: Op de wachtlijst", flat(au.mail_text(m)))
        m = au.wait_for_mail(self.sink, status_mail("api@example.nl",
                                                    "News about your application: " + title),
                             what="the status mail after the API change")
        self.assertIn("Its status is now: On the waiting list", flat(au.mail_text(m)))
        self.assertIn("Via de API", au.mail_text(m))

    def test_csv_export_neutralises_formula_cells(self):
        # the English format (commas, codes); the Dutch default is tested in
        # test_lead_fixes.py and neutralised the same way (below)
        r = self.lead_a.get("/beheer/edities/cons-a/aanmeldingen.csv?format=en")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type", "").startswith("text/csv"), r.header("Content-Type"))
        self.assertIn("attachment", r.header("Content-Disposition", ""))
        self.assertIn("no-store", r.header("Cache-Control", ""))
        text = r.body.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        table = list(csv.reader(io.StringIO(text, newline="")))
        header, rows = table[0], table[1:]
        self.assertEqual(len(rows), 3, rows)
        by_email = {row[header.index("email")]: dict(zip(header, row)) for row in rows}
        row = by_email["formula@example.nl"]
        for field, value in FORMULA.items():
            self.assertEqual(row[field], "'" + value, field)
        self.assertEqual(row["billing_address"], 'Postbus 1\n2500 AA "Den Haag"')
        self.assertEqual(row["status"], "accepted")
        self.assertEqual(by_email["daan@example.nl"]["name"], "Daan Nederlands")
        self.assertNotIn("bea@example.nl", by_email)
        dangerous = [(r_i, cell) for r_i, row in enumerate(table) for cell in row
                     if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        self.assertEqual(dangerous, [], "cells a spreadsheet would run as formulas")
        # the Dutch default (';', BOM) neutralises the same cells
        r = self.lead_a.get("/beheer/edities/cons-a/aanmeldingen.csv")
        self.assertStatus(r, 200)
        text = r.body.decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        table = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
        self.assertEqual(len(table), 4, table)
        dangerous = [cell for row in table for cell in row
                     if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        self.assertEqual(dangerous, [], "cells Dutch Excel would run as formulas")

    def test_lead_of_another_edition_cannot_reach_records(self):
        b = self.lead_b
        a_ids = [self.a_formula["id"], self.a_en["id"], self.a_nl["id"],
                 self.c_en["id"], self.c_nl["id"]]
        before = {i: self.status_of("cons-a", i) for i in a_ids[:3]}
        problems = []
        # the own application is readable...
        r = b.get("/beheer/aanmeldingen/%d" % self.b_1["id"])
        self.assertStatus(r, 200)
        self.assertIn("Bea Bee", r.text)
        # ...the neighbours' are not, whatever the id
        for i in a_ids:
            for method, path, body in (
                    ("GET", "/beheer/aanmeldingen/%d" % i, None),
                    ("POST", "/beheer/aanmeldingen/%d/status" % i, [("status", "declined")]),
                    ("API", "/api/v1/manage/applications/%d/status" % i, {"status": "declined"})):
                if method == "GET":
                    r = b.get(path)
                elif method == "POST":
                    r = b.post(path, body)
                else:
                    r = b.post_json(path, body)
                if r.status != 403:
                    problems.append("%s %s as lead of cons-b: expected 403, got %d"
                                    % (method, path, r.status))
                for secret in ("formula@example.nl", "emma@example.nl", "daan@example.nl",
                               "ella@example.nl", "noor@example.nl"):
                    if secret in r.text:
                        problems.append("%s %s shows %s" % (method, path, secret))
        for path in ("/beheer/edities/cons-a", "/beheer/edities/cons-a/aanmeldingen",
                     "/beheer/edities/cons-a/aanmeldingen.csv",
                     "/api/v1/manage/editions/cons-a/applications"):
            r = b.get(path)
            if r.status != 403:
                problems.append("GET %s as lead of cons-b: expected 403, got %d" % (path, r.status))
        for path, send in (
                ("/beheer/edities/cons-a/status", lambda p: b.post(p, [("status", "closed")])),
                ("/beheer/edities/cons-a", lambda p: b.post(p, edition_fields(slug="cons-a"))),
                ("/api/v1/manage/editions/cons-a/status",
                 lambda p: b.post_json(p, {"status": "closed"}))):
            r = send(path)
            if r.status != 403:
                problems.append("POST %s as lead of cons-b: expected 403, got %d" % (path, r.status))
        # and the other way round
        for path in ("/beheer/aanmeldingen/%d" % self.b_1["id"], "/beheer/edities/cons-b"):
            r = self.lead_a.get(path)
            if r.status != 403:
                problems.append("GET %s as lead of cons-a: expected 403, got %d" % (path, r.status))
        self.assertNoProblems(problems)
        self.assertEqual({i: self.status_of("cons-a", i) for i in a_ids[:3]}, before)
        self.assertEqual(self.api_edition("cons-a").json()["status"], "open")
        # the console lists only the own edition
        r = b.get("/beheer")
        self.assertIn("/beheer/edities/cons-b", r.text)
        self.assertNotIn("/beheer/edities/cons-a", r.text)
        # ids that name nothing
        for bad in ("999999", "0", "-1", "abc", "1e3"):
            self.assertStatus(b.get("/beheer/aanmeldingen/" + bad), 404)

    def test_audit_log(self):
        hoofd, audit_id = self.hoofd, self.c_audit["id"]
        self.assertStatus(Client(self.server).login_password("lead.a@console.example.nl",
                                                             "Verkeerd-wachtwoord-7"), 401)
        self.assertStatus(self.lead_b.get("/beheer/aanmeldingen/%d" % audit_id), 403)
        self.assertStatus(hoofd.post("/beheer/edities",
                                     edition_fields(slug="cons-audit", title="Audit editie")), 303)
        self.assertStatus(hoofd.post("/beheer/edities/cons-audit",
                                     edition_fields(slug="cons-audit", title="Audit editie 2")), 303)
        self.assertStatus(hoofd.post("/beheer/edities/cons-audit/status", [("status", "open")]), 303)
        self.assertStatus(hoofd.post("/beheer/edities/cons-audit/status", [("status", "closed")]), 303)
        self.assertStatus(hoofd.post("/beheer/aanmeldingen/%d/status" % audit_id,
                                     [("status", "declined")]), 303)
        self.assertStatus(hoofd.get("/beheer/edities/cons-a/aanmeldingen.csv"), 200)

        r = hoofd.get("/beheer/audit")
        self.assertStatus(r, 200)
        self.assertIn("no-store", r.header("Cache-Control", ""))
        rows = au.all_audit_rows(hoofd)
        expected = [
            ("cli", "role.grant", "lead.a@console.example.nl", "lead for cons-a"),
            ("lead.a@console.example.nl", "login", "", ""),
            ("anonymous", "login.failed", "", "password"),
            ("lead.b@console.example.nl", "access.refused", "application:%d" % audit_id, ""),
            ("hoofd@console.example.nl", "edition.create", "edition:cons-audit", "Audit editie"),
            ("hoofd@console.example.nl", "edition.update", "edition:cons-audit", "Audit editie"),
            ("hoofd@console.example.nl", "edition.publish", "edition:cons-audit", ""),
            ("hoofd@console.example.nl", "edition.close", "edition:cons-audit", ""),
            ("hoofd@console.example.nl", "application.status", "application:%d" % audit_id,
             "declined"),
            ("hoofd@console.example.nl", "applications.export", "edition:cons-a", "3"),
        ]
        missing = []
        for who, action, obj, detail in expected:
            if not any(row["who"] == who and row["action"] == action and obj in row["object"]
                       and detail in row["detail"] for row in rows):
                missing.append("%s %s %s %s" % (who, action, obj, detail))
        self.assertEqual(missing, [], "audit entries missing; the log has:\n" + "\n".join(
            "%(who)s %(action)s %(object)s %(detail)s" % row for row in rows))
        self.assertTrue(all(row["when"] for row in rows))
        # the audit log is for leads of all editions and admins
        self.assertStatus(self.lead_a.get("/beheer/audit"), 403)
        self.assertStatus(self.lead_b.get("/beheer/audit"), 403)

    def test_admin_runs_every_edition(self):
        """SPEC section 3: an admin has all editions (README: "lead of all
        editions, or admin")."""
        a = self.admin
        problems = []
        for path in ("/beheer", "/beheer/edities/cons-a", "/beheer/edities/cons-b",
                     "/beheer/edities/cons-b/aanmeldingen",
                     "/beheer/edities/cons-b/aanmeldingen.csv",
                     "/beheer/aanmeldingen/%d" % self.b_1["id"],
                     "/beheer/edities/nieuw", "/beheer/audit",
                     "/api/v1/manage/editions/cons-b/applications"):
            r = a.get(path)
            if r.status != 200:
                problems.append("GET %s as admin (with second factor): expected 200, got %d"
                                % (path, r.status))
        r = a.get("/beheer")
        if "/beheer/edities/cons-b" not in r.text:
            problems.append("GET /beheer as admin does not list cons-b")
        self.assertNoProblems(problems)
