"""Costs and invoices (SPEC C5, issue 13), end to end on the real server
and the CLI, on SQLite and PostgreSQL:

- one draft per organisation with accepted participants, through the API,
  with the fee, the nights booked at the price per night, and the billing
  data prefilled from the application form (the reference exactly as
  given); numbered YYYY-NNNN from the year's series;
- sending (API) freezes an invoice and mails it through a real SMTP sink
  as multipart/mixed with the UBL and the printable copy attached; the
  contact's private link shows it and serves its UBL;
- a sent invoice never changes: billing data, manual lines, nights and a
  second send answer 409, and the invoice is as it was;
- paid; credit notes (whole with a new draft, and for one participant);
- exports: every invoice and credit note as UBL (`lwp invoice export`),
  plus the mailed attachment, run through the receiver's validator in one
  call, which must print nothing; the XLSX opens with Debian's openpyxl
  and its totals equal the invoices'; the CSV in Dutch has the BOM, ';'
  and the columns, in English ',';
- access: anonymous, signed in without role and the lead of another
  edition get no invoice page, API or download; a bogus private token 404;
- NumberingRaceTest: four `lwp invoice create` processes at once on two
  editions: every organisation gets exactly one invoice and the numbers of
  the year are 1..N, no duplicate and no gap;
- NightsFromAttendanceTest: with a confirmed residential meeting the nights
  charged are those attended (at the meeting's price), not those booked: an
  absent participant's night is not charged, a present one's is, and a
  number of nights the lead set still wins.

The steps of InvoiceTest build on each other, so they are numbered."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

import accounts_util as au
import harness
from harness import REPO_ROOT, cli, create_edition, db_url

LEAD = "lotte.lead@facturen.example.nl"
OTHER = "otto.other@facturen.example.nl"
PLAIN = "piet.plain@facturen.example.nl"
VALIDATOR = REPO_ROOT.parent / "shared" / "validation" / "ubl" / "validate"
DEBIAN_PYTHON = "/usr/bin/python3"

SELLER = ["--name", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
          "--address", "Turfmarkt 147", "--postcode", "2511 DP", "--city", "Den Haag",
          "--oin", "00000001003214345000", "--vat-number", "NL003214345B01",
          "--iban", "NL91ABNA0417164300", "--contact-name", "Team Facturen",
          "--contact-email", "facturen@minbzk.example.nl", "--contact-phone", "070 123 4567"]

# Organisation -> (participants, KVK number). The reference is kept exactly.
ORGS = {"Gemeente Zwolle": (2, "12345678"), "Ministerie van Financien": (2, "23456789"),
        "UWV": (1, "34567890")}
REFERENCE = "PO-2017-42"
FEE, NIGHTS, PRICE = 150000, 2, 14500


def year():
    import datetime
    return datetime.datetime.utcnow().year


def run_validator(files):
    """The receiver's validator over all files: (exit, output). It starts
    Java twice per file, so the files are shared out over one run per core,
    all at once; the exit is the worst of the runs."""
    files = [str(f) for f in files]
    n = max(1, min(len(files), os.cpu_count() or 1))
    runs = [subprocess.Popen([str(VALIDATOR)] + files[k::n], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for k in range(n)]
    rc, output = 0, []
    for p in runs:
        out, _ = p.communicate(timeout=1800)
        rc = max(rc, p.returncode)
        output.append(out.strip())
    return rc, "\n".join(o for o in output if o)


def ok(r):
    if r.returncode != 0:
        raise AssertionError("%r" % r)
    return r


def accept_all(db, slug):
    for a in harness.applications(db, slug)["applications"]:
        if a["status"] != "accepted":
            ok(cli("applications", "status", a["id"], "accepted", "--db", db_url(db)))


def invoice_list(db, slug):
    return json.loads(ok(cli("invoice", "list", slug, "--json", "--db", db_url(db))).stdout)


class InvoiceTest(au.MailServerTestCase):
    files = []     # UBL files to validate at the end (step 90)

    @classmethod
    def prepare_data(cls):
        create_edition(cls.db, "fact", title="Leerwerkplaats Facturen 2031", fee="1500")
        create_edition(cls.db, "fact-other", title="Andere editie", fee="1500")
        au.add_users(cls.db, [
            (LEAD, {"name": "Lotte Lead", "grants": [("lead", "fact")]}),
            (OTHER, {"name": "Otto Other", "grants": [("lead", "fact-other")]}),
            (PLAIN, {"name": "Piet Plain"}),
        ])

    @classmethod
    def after_start(cls):
        n = 0
        for org, (count, _) in ORGS.items():
            for _ in range(count):
                n += 1
                r = cls.server.apply_api("fact", organisation=org, name="Deelnemer %d" % n,
                                         billing_contact="Crediteuren <facturen%d@example.nl>" % n,
                                         billing_address="Postbus %d\n8000 GA Zwolle" % n,
                                         billing_reference=REFERENCE)
                if r.status != 201:
                    raise AssertionError("apply: %r" % r)
        accept_all(cls.db, "fact")
        D = ["--db", db_url(cls.db)]
        ok(cli("invoice", "seller", *SELLER, *D))
        ok(cli("invoice", "vat", "fact", "--nights", str(NIGHTS), "--price-per-night", "145", *D))
        for org, (_, kvk) in ORGS.items():
            ok(cli("invoice", "billing", "fact", org, "--kvk", kvk, *D))
        cls.lead = au.sign_in_lead(cls.server, LEAD)[0]
        cls.outdir = tempfile.mkdtemp(prefix="ubl-", dir=cls.tmpdir)

    def api(self, path=""):
        return "/api/v1/manage/editions/fact/invoices" + path

    def by_org(self, docs):
        return {d["organisation"]: d for d in docs if d["kind"] == "invoice"}

    def test_01_create_drafts(self):
        r = self.lead.post_json(self.api(), {})
        self.assertEqual(r.status, 201, r)
        docs = r.json()["invoices"]
        self.assertEqual(len(docs), len(ORGS))
        numbers = sorted(d["number"] for d in docs)
        self.assertEqual(numbers, ["%d-%04d" % (year(), i) for i in range(1, len(ORGS) + 1)])
        for org, (count, _) in ORGS.items():
            d = self.by_org(docs)[org]
            self.assertEqual(d["status"], "draft")
            self.assertEqual(d["lines_count"], 2 * count)
            self.assertEqual(d["total_excl_vat_cents"], count * (FEE + NIGHTS * PRICE))
            self.assertEqual(d["vat_cents"], 0)   # exempt (education) by default
        # Again: nothing new, the same numbers.
        r = self.lead.post_json(self.api(), {})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(sorted(d["number"] for d in r.json()["invoices"]), numbers)

    def test_02_billing_prefilled_and_reference_exact(self):
        zwolle = self.by_org(self.lead.get(self.api()).json()["invoices"])["Gemeente Zwolle"]
        r = self.lead.get(self.api("/%s/ubl" % zwolle["number"]))
        self.assertEqual(r.status, 200, r)
        xml = r.text
        self.assertIn("<cbc:BuyerReference>%s</cbc:BuyerReference>" % REFERENCE, xml)
        self.assertIn("8000 GA", xml)
        self.assertIn("facturen1@example.nl", xml)
        # The lead edits the billing data of a draft: kept exactly as typed.
        org_id = zwolle["organisation_id"]
        page = "/beheer/edities/fact/facturatiegegevens/%d" % org_id
        self.assertEqual(self.lead.get(page).status, 200)
        fields = {"name": "Gemeente Zwolle", "address": "Postbus 10007", "postcode": "8000 GA",
                  "city": "Zwolle", "scheme": "kvk", "party_id": "12345678",
                  "buyer_reference": "KP  4711/ab", "order_reference": "",
                  "contact_name": "Crediteuren", "email": "facturen@zwolle.example.nl"}
        r = self.lead.post(page, fields)
        self.assertEqual(r.status, 303, r)
        xml = self.lead.get(self.api("/%s/ubl" % zwolle["number"])).text
        self.assertIn("<cbc:BuyerReference>KP  4711/ab</cbc:BuyerReference>", xml)

    def test_03_send_mails_ubl_and_copy(self):
        zwolle = self.by_org(self.lead.get(self.api()).json()["invoices"])["Gemeente Zwolle"]
        r = self.lead.post_json(self.api("/%s/send" % zwolle["number"]), {})
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(doc["status"], "sent")
        msg = au.wait_for_mail(self.sink, lambda m: m["X-Envelope-To"] == "facturen@zwolle.example.nl"
                               or "facturen@zwolle.example.nl" in str(m["To"]), what="the invoice")
        self.assertEqual(msg.get_content_type(), "multipart/mixed")
        names = {p.get_filename(): p for p in msg.iter_attachments()}
        xml_name = "factuur-%s.xml" % zwolle["number"]
        self.assertIn(xml_name, names)
        self.assertIn("factuur-%s.html" % zwolle["number"], names)
        path = os.path.join(self.outdir, "mailed-" + xml_name)
        with open(path, "wb") as f:
            f.write(names[xml_name].get_content() if isinstance(names[xml_name].get_content(), bytes)
                    else names[xml_name].get_content().encode())
        InvoiceTest.files.append(path)
        self.assertIn(zwolle["number"], au.mail_text(msg))
        # The contact's private link (in the mail and in the answer).
        link = urllib.parse.urlsplit(doc["contact_link"]).path
        self.assertIn(link, au.mail_text(msg))
        page = self.server.get(link)
        self.assertEqual(page.status, 200, page)
        self.assertIn(zwolle["number"], page.text)
        ubl = self.server.get(link + "/" + zwolle["number"] + "/ubl.xml")
        self.assertEqual(ubl.status, 200)
        self.assertIn("<cbc:ID>%s</cbc:ID>" % zwolle["number"], ubl.text)
        self.assertEqual(self.server.get(link + "/1999-0001/ubl.xml").status, 404)
        InvoiceTest.sent = zwolle

    def test_04_sent_invoice_never_changes(self):
        sent = InvoiceTest.sent
        before = self.lead.get(self.api("/%s/ubl" % sent["number"])).text
        page = "/beheer/edities/fact/facturatiegegevens/%d" % sent["organisation_id"]
        r = self.lead.post(page, {"name": "Andere naam", "scheme": "kvk", "party_id": "12345678",
                                  "email": "x@example.nl"})
        self.assertEqual(r.status, 409, r)
        apps = [a for a in harness.applications(self.db, "fact")["applications"]
                if a["organisation"] == "Gemeente Zwolle"]
        r = self.lead.post("/beheer/edities/fact/kosten/regel",
                           {"for": "p:%d" % apps[0]["id"], "description": "Diner", "quantity": "1",
                            "price": "50", "reason": "Extra diner"})
        self.assertEqual(r.status, 409, r)
        r = self.lead.post("/beheer/edities/fact/kosten/nachten",
                           {"participant": "p:%d" % apps[0]["id"], "nights": "5"})
        self.assertEqual(r.status, 409, r)
        r = self.lead.post_json(self.api("/%s/send" % sent["number"]), {})
        self.assertEqual(r.status, 409, r)
        self.assertEqual(self.lead.get(self.api("/%s/ubl" % sent["number"])).text, before)
        r = cli("invoice", "billing", "fact", "Gemeente Zwolle", "--legal-name", "X",
                "--db", db_url(self.db))
        self.assertEqual(r.returncode, 1, r)

    def test_05_manual_line_on_a_draft(self):
        uwv = self.by_org(self.lead.get(self.api()).json()["invoices"])["UWV"]
        r = self.lead.post("/beheer/edities/fact/kosten/regel",
                           {"for": "o:%d" % uwv["organisation_id"], "description": "Zaalhuur",
                            "quantity": "2", "price": "125.50", "reason": "Extra dag"})
        self.assertEqual(r.status, 303, r)
        uwv2 = self.by_org(self.lead.get(self.api()).json()["invoices"])["UWV"]
        self.assertEqual(uwv2["total_excl_vat_cents"], uwv["total_excl_vat_cents"] + 25100)
        self.assertEqual(uwv2["number"], uwv["number"])
        charges = self.lead.get("/beheer/edities/fact/kosten").text
        self.assertIn("Extra dag", charges)
        self.assertIn(LEAD, charges)   # who added it

    def test_06_paid_and_credit_notes(self):
        docs = self.by_org(self.lead.get(self.api()).json()["invoices"])
        fin = docs["Ministerie van Financien"]
        self.assertEqual(self.lead.post_json(self.api("/%s/paid" % fin["number"]), {}).status, 409)
        self.assertEqual(self.lead.post_json(self.api("/%s/send" % fin["number"]), {}).status, 200)
        r = self.lead.post_json(self.api("/%s/paid" % fin["number"]), {})
        self.assertEqual(r.json()["status"], "paid")
        # Whole credit with a new draft.
        r = self.lead.post_json(self.api("/%s/credit" % fin["number"]),
                                {"reason": "Verkeerde kostenplaats", "new_draft": True})
        self.assertEqual(r.status, 200, r)
        cn = r.json()
        self.assertEqual(cn["kind"], "credit_note")
        self.assertEqual(cn["corrects"], fin["number"])
        self.assertEqual(cn["total_incl_vat_cents"], fin["total_incl_vat_cents"])
        r = self.lead.post_json(self.api("/%s/credit" % fin["number"]), {"reason": "Nog eens"})
        self.assertEqual(r.status, 409, r)
        new = self.by_org(self.lead.get(self.api()).json()["invoices"])["Ministerie van Financien"]
        self.assertNotEqual(new["number"], fin["number"])
        self.assertEqual(new["status"], "draft")
        # A credit note for one participant of the sent invoice (CLI).
        sent = InvoiceTest.sent
        sent_doc = next(d for d in self.lead.get(self.api()).json()["invoices"]
                        if d["number"] == sent["number"])
        pid = sent_doc["lines"][0]["participant_id"]
        r = cli("invoice", "credit", sent["number"], "--reason", "Deelnemer geannuleerd",
                "--participant", pid, "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        again = cli("invoice", "credit", sent["number"], "--reason", "Twee keer",
                    "--participant", pid, "--db", db_url(self.db))
        self.assertEqual(again.returncode, 1, again)
        self.assertEqual(self.lead.post_json(self.api("/%s/credit" % cn["number"]),
                                             {"reason": "x"}).status, 409)

    def test_07_overview_xlsx_totals(self):
        out = os.path.join(self.tmpdir, "xlsx")
        ok(cli("invoice", "export", "fact", "--format", "xlsx", "--out", out, "--lang", "en",
               "--db", db_url(self.db)))
        path = os.path.join(out, "cost-overview-fact.xlsx")
        script = ("import json, sys, openpyxl\n"
                  "wb = openpyxl.load_workbook(sys.argv[1])\n"
                  "ws = wb.worksheets[1]\n"
                  "rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]\n"
                  "print(json.dumps({'sheets': wb.sheetnames, 'rows': rows,"
                  " 'overview': [[c.value for c in r] for r in wb.worksheets[0].iter_rows()]}))\n")
        p = subprocess.run([DEBIAN_PYTHON, "-c", script, path], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        book = json.loads(p.stdout)
        docs = {d["number"]: d for d in invoice_list(self.db, "fact")}
        self.assertEqual(len(book["rows"]), len(docs))
        for row in book["rows"]:
            d = docs[row[0]]
            self.assertEqual(round(row[7] * 100), d["total_excl_vat_cents"], row)
            self.assertEqual(round(row[9] * 100), d["total_incl_vat_cents"], row)
            self.assertEqual(row[6], d["lines"])
        total = book["overview"][-1]
        self.assertEqual(total[0], "Total")
        invoiced = sum((-1 if d["kind"] == "credit_note" else 1) * d["total_incl_vat_cents"]
                       for d in docs.values() if d["status"] != "draft")
        self.assertEqual(round(total[6] * 100), invoiced)
        r = self.lead.get("/beheer/edities/fact/kostenoverzicht.xlsx")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body[:2], b"PK")

    def test_08_overview_csv(self):
        r = self.lead.get("/beheer/edities/fact/kostenoverzicht.csv")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), r.body[:20])
        rows = list(csv.reader(io.StringIO(r.body[3:].decode("utf-8")), delimiter=";"))
        self.assertEqual(len(rows[0]), 8, rows[0])
        self.assertEqual(rows[0][0], harness.po_translation("Organisation"))
        self.assertEqual(len(rows), 1 + len(ORGS) + 1)
        self.assertTrue(all(len(row) == 8 for row in rows))
        self.assertRegex(rows[-1][3], r"^\d+,\d\d$")
        r = self.lead.get("/beheer/edities/fact/kostenoverzicht.csv?taal=en")
        self.assertFalse(r.body.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8"))))
        self.assertEqual(rows[0][:3], ["Organisation", "Participants", "Nights"])
        self.assertRegex(rows[-1][3], r"^\d+\.\d\d$")
        self.assertEqual(int(rows[-1][1]), sum(c for c, _ in ORGS.values()))

    def test_09_console_pages(self):
        docs = self.lead.get(self.api()).json()["invoices"]
        for path in ("/beheer/edities/fact/facturen", "/beheer/edities/fact/kosten",
                     "/beheer/edities/fact/kostenoverzicht",
                     "/beheer/edities/fact/facturen/%s" % docs[0]["number"]):
            r = self.lead.get(path)
            self.assertEqual(r.status, 200, path)
            self.assertIn("<h1", r.text)
        costs = self.lead.get("/beheer/edities/fact/kostenoverzicht").text
        self.assertIn("<svg role=\"img\"", costs)
        self.assertIn("<table", costs)

    def test_10_access(self):
        anon = au.Client(self.server)
        other = au.sign_in_lead(self.server, OTHER)[0]
        plain = au.sign_in(self.server, PLAIN)
        number = self.lead.get(self.api()).json()["invoices"][0]["number"]
        pages = ["/beheer/edities/fact/facturen", "/beheer/edities/fact/kosten",
                 "/beheer/edities/fact/kostenoverzicht", "/beheer/edities/fact/kostenoverzicht.csv",
                 "/beheer/edities/fact/kostenoverzicht.xlsx",
                 "/beheer/edities/fact/facturen/%s" % number,
                 "/beheer/edities/fact/facturen/%s/ubl.xml" % number]
        for p in pages:
            self.assertEqual(anon.get(p).status, 303, p)
            self.assertEqual(other.get(p).status, 403, p)
            self.assertEqual(plain.get(p).status, 403, p)
        for p in [self.api(), self.api("/%s/ubl" % number)]:
            self.assertEqual(anon.get(p).status, 401, p)
            self.assertEqual(other.get(p).status, 403, p)
        r = other.post_json(self.api("/%s/paid" % number), {})
        self.assertEqual(r.status, 403, r)
        r = other.post("/beheer/edities/fact/facturen/maken", {})
        self.assertEqual(r.status, 403, r)
        # The seller's data: leads of all editions and admins only.
        self.assertEqual(self.lead.get("/beheer/verkoper").status, 403)
        self.assertEqual(self.server.get("/facturen/" + "0" * 64).status, 404)
        self.assertEqual(self.server.get("/facturen/nonsense/x/ubl.xml").status, 404)

    def test_90_every_ubl_file_is_valid(self):
        out = os.path.join(self.tmpdir, "ubl")
        r = ok(cli("invoice", "export", "fact", "--format", "ubl", "--out", out,
                   "--db", db_url(self.db)))
        files = r.stdout.split()
        docs = invoice_list(self.db, "fact")
        self.assertEqual(len(files), len(docs))
        self.assertGreaterEqual(sum(d["kind"] == "credit_note" for d in docs), 2)
        rc, output = run_validator(files + InvoiceTest.files)
        self.assertEqual(output, "")
        self.assertEqual(rc, 0)


class NumberingRaceTest(harness.ServerTestCase):
    """Four `lwp invoice create` at once on two editions."""

    EDITIONS = {"race-a": 5, "race-b": 5}

    @classmethod
    def prepare(cls):
        for slug in cls.EDITIONS:
            create_edition(cls.db, slug, fee="1500")

    @classmethod
    def after_start(cls):
        for slug, n in cls.EDITIONS.items():
            for i in range(n):
                r = cls.server.apply_api(slug, organisation="Organisatie %s %d" % (slug, i))
                if r.status != 201:
                    raise AssertionError("apply: %r" % r)
            accept_all(cls.db, slug)
        ok(cli("invoice", "seller", *SELLER, "--db", db_url(cls.db)))

    def test_concurrent_create_no_duplicate_no_gap(self):
        procs = [subprocess.Popen([harness.lwp_bin(), "invoice", "create", slug, "--db",
                                   db_url(self.db)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=harness.child_env())
                 for slug in list(self.EDITIONS) * 2]
        for p in procs:
            out, err = p.communicate(timeout=120)
            self.assertEqual(p.returncode, 0, err)
            self.assertIsNone(harness.sanitizer_report(err.decode()))
        numbers = []
        for slug, n in self.EDITIONS.items():
            docs = invoice_list(self.db, slug)
            self.assertEqual(len(docs), n, docs)
            self.assertEqual(len({d["organisation"] for d in docs}), n)
            numbers += [d["number"] for d in docs]
        total = sum(self.EDITIONS.values())
        self.assertEqual(sorted(numbers), ["%d-%04d" % (year(), i) for i in range(1, total + 1)])


class NightsFromAttendanceTest(harness.ServerTestCase):
    server_now = au.NOW
    server_env = dict(au.NO_LIMITS)
    SLUG = "fact-nacht"

    @classmethod
    def prepare(cls):
        create_edition(cls.db, cls.SLUG, title="Leerwerkplaats Nachten", fee="1500")
        au.add_users(cls.db, [(LEAD, {"name": "Lotte Lead", "grants": [("lead", cls.SLUG)]})])

    @classmethod
    def after_start(cls):
        for n in range(3):
            r = cls.server.apply_api(cls.SLUG, organisation="Gemeente Zwolle",
                                     name="Nachtgast %d" % n)
            if r.status != 201:
                raise AssertionError("apply: %r" % r)
        accept_all(cls.db, cls.SLUG)
        D = ["--db", db_url(cls.db)]
        ok(cli("invoice", "seller", *SELLER, *D))
        # booked: two nights at 145 euro, which attendance replaces
        ok(cli("invoice", "vat", cls.SLUG, "--nights", str(NIGHTS), "--price-per-night", "145", *D))
        ok(cli("invoice", "billing", cls.SLUG, "Gemeente Zwolle", "--kvk", "12345678", *D))
        r = ok(cli("meeting", "create", cls.SLUG, "--title", "Tweedaagse start", "--days",
                   "2031-04-01..2031-04-02 09:30-17:00", "--nights", "1", "--price", "95",
                   "--confirm", *D))
        cls.meeting = int(re.search(r"\d+", r.stdout).group(0))
        cls.lead = au.sign_in_lead(cls.server, LEAD)[0]

    def test_absent_night_is_not_charged(self):
        base = "/beheer/edities/%s/bijeenkomsten/%d/aanwezigheid" % (self.SLUG, self.meeting)
        page = self.lead.get(base + "?dag=2")
        self.assertEqual(page.status, 200, page)
        persons = [int(x) for x in re.findall(r'name="p(\d+)" id="p\d+-present"', page.text)]
        self.assertEqual(len(persons), 3)
        present, noticed, absent = persons
        for day in ("1", "2"):
            marks = [("dag", day), ("p%d" % present, "present"),
                     ("p%d" % noticed, "present" if day == "1" else "absent_notice"),
                     ("p%d" % absent, "present" if day == "1" else "absent")]
            self.assertEqual(self.lead.post(base, marks).status, 200)
        nights = self.lead.get("/api/v1/manage/editions/%s/nights" % self.SLUG).json()
        app_of = {x["person_id"]: x["application_id"] for x in nights["stays"]}
        self.assertEqual(sorted(app_of), [present])
        apps = sorted(a["id"] for a in harness.applications(self.db, self.SLUG)["applications"])
        # the lead sets the nights of one absent participant by hand: that wins
        by_hand = [a for a in apps if a != app_of[present]][0]
        r = self.lead.post("/beheer/edities/%s/kosten/nachten" % self.SLUG,
                           {"participant": "p:%d" % by_hand, "nights": "3"})
        self.assertEqual(r.status, 303, r)
        r = self.lead.post_json("/api/v1/manage/editions/%s/invoices" % self.SLUG, {})
        self.assertEqual(r.status, 201, r)
        (inv,) = r.json()["invoices"]
        stays = {}
        for line in inv["lines"]:
            if line["unit_price_cents"] != FEE:
                stays.setdefault(line["participant_id"], []).append(
                    (line["quantity"], line["unit_price_cents"]))
        self.assertEqual(stays, {app_of[present]: [(1.0, 9500)], by_hand: [(3.0, 14500)]},
                         inv["lines"])
        self.assertEqual(inv["total_excl_vat_cents"], 3 * FEE + 9500 + 3 * 14500)
        self.assertTrue(any("Tweedaagse start" in line["description"] for line in inv["lines"]))
        # the cost overview: expected with the nights booked, actual with those charged
        r = self.lead.get("/beheer/edities/%s/kostenoverzicht.csv?taal=en" % self.SLUG)
        self.assertEqual(r.status, 200, r)
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8"))))
        zwolle = [row for row in rows if row[0] == "Gemeente Zwolle"][0]
        booked = 2 * NIGHTS * 14500 + 3 * 14500
        self.assertEqual((int(zwolle[1]), int(zwolle[2])), (3, 1 + 3))
        self.assertEqual(round(float(zwolle[3]) * 100), 3 * FEE + booked)
        self.assertEqual(round(float(zwolle[4]) * 100), inv["total_excl_vat_cents"])


class DemoInvoices:
    """`lwp demo` (SQLite by definition): the 2018 edition invoiced as it
    would have been, once; the credit note and an invoice valid."""

    def test_demo_invoices(self):
        tmp = tempfile.mkdtemp(prefix="lwp-http-demo-inv-")
        self.addCleanup(shutil.rmtree, tmp, True)
        db = os.path.join(tmp, "demo.db")
        for _ in range(2):   # the second start adds nothing
            s = harness.Server(db, command="demo").start()
            problems = s.stop()
            self.assertEqual(problems, [])
        docs = invoice_list(db, "leerwerkplaats-2018")
        invoices = [d for d in docs if d["kind"] == "invoice"]
        credits = [d for d in docs if d["kind"] == "credit_note"]
        accepted = [a for a in harness.applications(db, "leerwerkplaats-2018")["applications"]
                    if a["status"] == "accepted"]
        self.assertEqual(len(invoices), len({a["organisation"] for a in accepted}))
        self.assertEqual(len(credits), 1)
        self.assertTrue(all(d["status"] == "paid" for d in docs), docs)
        self.assertTrue(all(d["number"].startswith("2018-") for d in docs))
        per_person = 150000 + 16500   # the fee and the one night of the residential start
        self.assertEqual(sum(d["total_excl_vat_cents"] for d in invoices), per_person * len(accepted))
        self.assertEqual(credits[0]["total_excl_vat_cents"], per_person)
        out = os.path.join(tmp, "ubl")
        files = ok(cli("invoice", "export", "leerwerkplaats-2018", "--format", "ubl", "--out", out,
                       "--db", db_url(db))).stdout.split()
        self.assertEqual(len(files), len(docs))
        rc, output = run_validator([f for f in files if "creditnota" in f] + files[:1])
        self.assertEqual(output, "")
        self.assertEqual(rc, 0)


if harness.BACKEND == "sqlite":
    class DemoInvoicesTest(DemoInvoices, unittest.TestCase):
        pass


if __name__ == "__main__":
    unittest.main()
