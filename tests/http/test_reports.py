"""Reports of an edition (C12): participants, applications, the diversity
of the cohort and of each subgroup, attendance and costs, as console pages
with charts and tables, as CSV (Dutch ';' with a BOM, English ','), XLSX
(opened with Debian's openpyxl: the totals) and JSON (the file download and
the API); the Dutch CSV opened by LibreOffice lands in the right columns.
Lists of people are audited. Both backends.

The seeded edition "rep" has four participants (one per organisation), two
confirmed meetings (one of a day, one residential of two days) and a
proposed one, attendance recorded through the API, and invoices made, sent
and paid through the CLI at 21% VAT; "rep-sg" is selected by `lwp select`
and split into two subgroups by `lwp split`. The expected figures are
worked out here from what was seeded."""

import csv
import io
import json
import os
import shutil
import subprocess
import tempfile

import re

from harness import ServerTestCase, amsterdam_to_unix, cli, create_edition, db_url
from accounts_util import NO_LIMITS, NOW, add_user, all_audit_rows, sign_in_lead

PEOPLE = [  # name, organisation, kind, theme, tags
    ("Anna Één", "Belastingdienst", "agency", "new_organising", "teams, Agile"),
    ("Bram Twee", "Ministerie van Financiën", "ministry", "new_organising", "agile"),
    ("Cor Drie", "Gemeente Delft", "local", "new_changing", "wijk; buurt"),
    ("Dana Vier", "Inspectie SZW", "inspectorate", "both", ""),
]


SELLER = ["--name", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
          "--address", "Turfmarkt 147", "--postcode", "2511 DP", "--city", "Den Haag",
          "--oin", "00000001003214345000", "--vat-number", "NL003214345B01",
          "--iban", "NL91ABNA0417164300", "--contact-name", "Team Facturen",
          "--contact-email", "facturen@minbzk.example.nl", "--contact-phone", "070 123 4567"]
KVK = ["12345678", "23456789", "34567890", "45678901"]
# Attendance as recorded (by person, in PEOPLE order): the one-day meeting,
# then the two days of the residential one (None: not recorded).
ONE_DAY = ["present", "absent_notice", "present", "absent"]
TWO_DAYS = [("present", "present"), ("present", "absent"), ("absent_notice", "absent_notice"),
            (None, None)]
# What the report makes of it: per meeting, meetings present / recorded.
EXPECT_STATES = [("present", "present"), ("absent_notice", "partly"),
                 ("present", "absent_notice"), ("absent", "")]
EXPECT_RATE = [(2, 2, 100.0), (1, 2, 50.0), (1, 2, 50.0), (0, 1, 0.0)]
FEE, NIGHT, VAT_BP = 150000, 9500, 2100       # cents; a night of the residential meeting; 21%
AFTER_SG = str(amsterdam_to_unix(2035, 11, 15, 23, 59, 1) + 3600)   # FAR_DEADLINE passed
SG_PEOPLE = [  # name, organisation, kind, theme
    ("Sam Een", "Kadaster", "zbo", "new_organising"),
    ("Tom Twee", "Gemeente Delft", "local", "new_changing"),
    ("Uma Drie", "Belastingdienst", "agency", "new_organising"),
    ("Vera Vier", "Rijkswaterstaat", "agency", "both"),
]


def ok(r):
    if r.returncode != 0:
        raise AssertionError("%r" % r)
    return r


def openpyxl_rows(path):
    code = ("import json, sys, openpyxl\n"
            "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
            "print(json.dumps([list(r) for r in ws.iter_rows(values_only=True)]))\n")
    p = subprocess.run(["/usr/bin/python3", "-c", code, path], capture_output=True, text=True,
                       timeout=60)
    if p.returncode != 0:
        raise AssertionError("openpyxl: %s" % p.stderr)
    return json.loads(p.stdout)


def lo_convert(soffice, out, srcs):
    """The Dutch CSV files opened by LibreOffice (';', '"', UTF-8, from
    line 1, Dutch locale for the decimal comma) and saved as XLSX, read
    back with openpyxl: one list of rows per file."""
    p = subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + out + "/profile",
                        "--infilter=CSV:59,34,76,1,,1043", "--convert-to", "xlsx", "--outdir", out]
                       + srcs, capture_output=True, text=True, timeout=240)
    if p.returncode != 0:
        raise AssertionError("libreoffice: %s" % p.stderr)
    return [openpyxl_rows(os.path.join(out, os.path.basename(src)[:-4] + ".xlsx")) for src in srcs]


class ReportsTest(ServerTestCase):
    server_now = NOW
    server_env = dict(NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "rep", capacity=4)
        create_edition(cls.db, "rep-sg", capacity=4, policy="diversity")
        add_user(cls.db, "lead.rep@example.nl", name="Lea", grants=[("lead", None)])

    @classmethod
    def after_start(cls):
        for i, (name, org, kind, theme, tags) in enumerate(PEOPLE):
            r = cls.server.apply_api("rep", name=name, email="rep%d.%d@example.nl" % (i, os.getpid()),
                                     organisation=org, organisation_kind=kind, theme=theme,
                                     tags=tags)
            assert r.status == 201, r
        r = cli("organisation", "parent", "Belastingdienst", "Ministerie van Financiën",
                "--db", db_url(cls.db))
        assert r.returncode == 0, r
        # a fifth applicant waits: not a participant
        r = cls.server.apply_api("rep", name="Eva Wacht", email="rep9.%d@example.nl" % os.getpid())
        assert r.status == 201, r
        cls.lead, _, _ = sign_in_lead(cls.server, "lead.rep@example.nl")
        cls.seed_meetings()
        cls.seed_invoices()
        cls.seed_subgroups()

    @classmethod
    def seed_meetings(cls):
        api = "/api/v1/manage/editions/rep/meetings"
        one = cls.lead.post_json(api, {
            "title": "Startdag", "kind": "start", "status": "confirmed",
            "days": [{"date": "2031-03-04", "start": "09:30", "end": "17:00"}]})
        assert one.status == 201, one
        two = cls.lead.post_json(api, {
            "title": "Tweedaagse", "kind": "follow_up", "status": "confirmed", "nights": 1,
            "price_per_night_cents": 9500, "location": "Driebergen",
            "days": [{"date": "2031-04-01", "start": "09:30", "end": "17:00"},
                     {"date": "2031-04-02", "start": "09:00", "end": "16:00"}]})
        assert two.status == 201, two
        later = cls.lead.post_json(api, {
            "title": "Nog te plannen", "kind": "follow_up", "status": "proposed",
            "days": [{"date": "2031-06-01", "start": "09:30", "end": "17:00"}]})
        assert later.status == 201, later
        cls.meetings = (one.json()["id"], two.json()["id"])
        page = cls.lead.get("/beheer/edities/rep/bijeenkomsten/%d/aanwezigheid" % cls.meetings[0])
        assert page.status == 200, page
        # The form lists the participants by name: PEOPLE's order.
        cls.person_ids = [int(x) for x in re.findall(r'name="p(\d+)" id="p\d+-present"', page.text)]
        assert len(cls.person_ids) == 4, cls.person_ids
        marks = [{"day": 1, "person_id": p, "status": st}
                 for p, st in zip(cls.person_ids, ONE_DAY)]
        r = cls.lead.post_json("%s/%d/attendance" % (api, cls.meetings[0]), {"marks": marks})
        assert r.status == 200, r
        marks = [{"day": d + 1, "person_id": p, "status": days[d]}
                 for p, days in zip(cls.person_ids, TWO_DAYS) for d in (0, 1) if days[d]]
        r = cls.lead.post_json("%s/%d/attendance" % (api, cls.meetings[1]), {"marks": marks})
        assert r.status == 200, r

    @classmethod
    def seed_invoices(cls):
        D = ["--db", db_url(cls.db)]
        ok(cli("invoice", "seller", *SELLER, *D))
        ok(cli("invoice", "vat", "rep", "--category", "standard", "--rate", "21", "--nights", "1",
               "--price-per-night", "145", *D))
        for (_, org, _, _, _), kvk in zip(PEOPLE, KVK):
            ok(cli("invoice", "billing", "rep", org, "--kvk", kvk, "--address", "Postbus 1",
                   "--postcode", "1000 AA", "--city", "Amsterdam", "--buyer-reference", "REF-1",
                   "--email", "facturen@example.nl", *D))
        ok(cli("invoice", "create", "rep", *D))
        docs = json.loads(ok(cli("invoice", "list", "rep", "--json", *D)).stdout)
        number = {d["organisation"]: d["number"] for d in docs}
        # Sent: the Belastingdienst (paid) and the ministry; two drafts stay.
        for org in ("Belastingdienst", "Ministerie van Financiën"):
            ok(cli("invoice", "send", number[org], *D))
        ok(cli("invoice", "paid", number["Belastingdienst"], *D))

    @classmethod
    def seed_subgroups(cls):
        for i, (name, org, kind, theme) in enumerate(SG_PEOPLE):
            r = cls.server.apply_api("rep-sg", name=name, organisation=org, organisation_kind=kind,
                                     theme=theme, email="sg%d.%d@example.nl" % (i, os.getpid()))
            assert r.status == 201, r
        ok(cli("select", "rep-sg", "--db", db_url(cls.db), env={"LWP_NOW": AFTER_SG}))
        ok(cli("split", "rep-sg", "--groups", "2", "--db", db_url(cls.db),
               env={"LWP_NOW": AFTER_SG}))

    def export(self, what, fmt, lang="nl", slug="rep"):
        path = os.path.join(self.tmpdir, "%s-%s-%s-%s.%s" % (slug, what, fmt, lang, fmt))
        r = cli("export", slug, "--what", what, "--format", fmt, "--lang", lang, "--out", path,
                "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        return path

    def test_xlsx_totals(self):
        rows = openpyxl_rows(self.export("participants", "xlsx"))
        self.assertEqual(rows[0][0], "Naam")
        names = [r[0] for r in rows[1:] if r[0] and r[0] != "Totaal"]
        self.assertEqual(sorted(names), sorted(p[0] for p in PEOPLE))
        self.assertEqual([r[1] for r in rows if r[0] == "Totaal"], [4])
        rows = openpyxl_rows(self.export("diversity", "xlsx", "en"))
        self.assertEqual(rows[0], ["Group", "Dimension", "Value", "Participants", "Percentage"])
        cohort = [r[1:] for r in rows if r[0] == "Whole cohort"]
        self.assertEqual({r[0] for r in rows[1:] if r[0]}, {"Whole cohort", "Total"},
                         "no subgroups in rep")
        kinds = [r for r in cohort if r[0] == "Kind of organisation"]
        self.assertEqual(sum(r[2] for r in kinds), 4)
        self.assertAlmostEqual(sum(r[3] for r in kinds), 100.0, places=1)
        themes = {r[1]: r[2] for r in cohort if r[0] == "Theme"}
        self.assertEqual(sum(themes.values()), 4)
        tags = {r[1]: r[2] for r in cohort if r[0] == "Tag"}
        self.assertEqual(tags.get("agile"), 2)                 # case folded
        parents = {r[1]: r[2] for r in cohort if r[0] == "Parent organisation"}
        self.assertEqual(parents.get("Ministerie van Financiën"), 1)
        self.assertEqual([r[3] for r in rows if r[0] == "Total"], [4])
        rows = openpyxl_rows(self.export("applications", "xlsx"))
        self.assertEqual([r[1] for r in rows if r[0] == "Totaal"], [5])

    def test_csv_and_json(self):
        with open(self.export("participants", "csv", "nl"), "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(data[3:].decode()), delimiter=";"))
        self.assertEqual(rows[0][:3], ["Naam", "E-mailadres", "Organisatie"])
        self.assertEqual(len(rows), 5)
        self.assertTrue(all(len(r) == 10 for r in rows))
        with open(self.export("diversity", "csv", "en"), "rb") as f:
            data = f.read()
        self.assertFalse(data.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(data.decode()), delimiter=","))
        self.assertEqual(rows[0], ["Group", "Dimension", "Value", "Participants", "Percentage"])
        with open(self.export("diversity", "json"), "rb") as f:
            doc = json.load(f)
        self.assertEqual(doc["total"], 4)
        kinds = {r["value"]: r["participants"] for r in doc["rows"]
                 if r["dimension"] == "organisation_kind" and r["subgroup"] is None}
        self.assertEqual(kinds["ministry"], 1)
        self.assertEqual(kinds["zbo"], 0)
        r = cli("export", "rep", "--what", "budget", "--format", "csv", "--out", "/dev/null",
                "--db", db_url(self.db))
        self.assertEqual(r.returncode, 2, r)

    def test_zz_dutch_csv_in_libreoffice(self):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        self.assertIsNotNone(soffice, "LibreOffice is not installed (libreoffice-calc-nogui)")
        src = self.export("participants", "csv", "nl")
        out = tempfile.mkdtemp(prefix="lwp-lo-")
        self.addCleanup(shutil.rmtree, out, True)
        # Filter options: separator ';' (59), text delimiter '"' (34), UTF-8 (76), line 1
        p = subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + out + "/profile",
                            "--infilter=CSV:59,34,76,1", "--convert-to", "xlsx", "--outdir", out, src],
                           capture_output=True, text=True, timeout=240)
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = openpyxl_rows(os.path.join(out, os.path.basename(src)[:-4] + ".xlsx"))
        self.assertEqual(rows[0][:4], ["Naam", "E-mailadres", "Organisatie", "Soort organisatie"])
        self.assertEqual(len(rows), 5)
        self.assertEqual(sorted(r[0] for r in rows[1:]), sorted(p[0] for p in PEOPLE))
        self.assertTrue(all(len(r) >= 10 and r[2] for r in rows[1:]), rows)

    # -- attendance

    def test_attendance_xlsx_csv_json(self):
        rows = openpyxl_rows(self.export("attendance", "xlsx", "en"))
        self.assertEqual(rows[0], ["Name", "Organisation", "Subgroup", "Startdag (2031-03-04)",
                                   "Tweedaagse (2031-04-01)", "Meetings present",
                                   "Meetings recorded", "Attendance rate (%)"])
        label = {"present": "Present", "absent_notice": "Absent with notice",
                 "absent": "Absent without notice", "partly": "Partly present", "": None}
        body = rows[1:5]
        self.assertEqual([r[0] for r in body], [p[0] for p in PEOPLE])
        for r, p, states, (present, recorded, rate) in zip(body, PEOPLE, EXPECT_STATES,
                                                          EXPECT_RATE):
            self.assertEqual(r[1], p[1])
            self.assertEqual(tuple(r[3:5]), tuple(label[x] for x in states), r)
            self.assertEqual((r[5], r[6]), (present, recorded), r)
            self.assertAlmostEqual(r[7], rate, places=1)
        foot = {r[0]: r[3:] for r in rows[5:]}
        self.assertEqual(foot["Present"][:2], [2, 2])
        self.assertEqual(foot["Present"][2:4], [4, 7])     # meetings present / recorded
        self.assertAlmostEqual(foot["Present"][4], 57.1, places=1)
        self.assertEqual(foot["Absent with notice"][:2], [1, 1])
        self.assertEqual(foot["Absent without notice"][:2], [1, 0])
        # The proposed meeting is not in the report.
        self.assertFalse(any("Nog te plannen" in str(c) for c in rows[0]))
        with open(self.export("attendance", "csv", "nl"), "rb") as f:
            data = f.read()
        rows = list(csv.reader(io.StringIO(data[3:].decode()), delimiter=";"))
        self.assertEqual(rows[0][0], "Naam")
        self.assertEqual(rows[2][3:8], ["Afwezig met afmelding", "Deels aanwezig", "1", "2", "50,0"])
        self.assertEqual(rows[5][:5], ["Aanwezig", "", "", "2", "2"])
        with open(self.export("attendance", "json"), "rb") as f:
            doc = json.load(f)
        self.assertEqual(doc["report"], "attendance")
        self.assertEqual(doc["total"], 4)
        m1, m2 = ("meeting_%d" % m for m in self.meetings)
        got = {r["name"]: (r[m1], r[m2], r["meetings_present"], r["rate"]) for r in doc["rows"]}
        self.assertEqual(got["Bram Twee"], ("absent_notice", "partly", 1, 50.0))
        self.assertEqual(got["Dana Vier"], ("absent", "", 0, 0.0))
        self.assertEqual(doc["totals"][0][m1], 2)
        self.assertEqual([c["code"] for c in doc["columns"]][3:5], [m1, m2])

    def test_attendance_page(self):
        page = self.lead.get("/beheer/edities/rep/rapporten/aanwezigheid")
        self.assertStatus(page, 200)
        self.assertIn('<svg role="img"', page.text)
        self.assertIn("url(#att-hatch)", page.text)          # a pattern, not only a colour
        self.assertIn("2 present, 2 absent", page.text)      # direct labels: Startdag
        self.assertIn("Bram Twee", page.text)
        self.assertIn("57.1", page.text)
        self.lead.cookies["lang"] = "nl"
        try:
            nl = self.lead.get("/beheer/edities/rep/rapporten/aanwezigheid")
        finally:
            self.lead.cookies["lang"] = "en"
        self.assertStatus(nl, 200)
        self.assertIn("57,1", nl.text)
        self.assertIn("Deels aanwezig", nl.text)
        reads = [x for x in all_audit_rows(self.lead) if x["action"] == "report.read"]
        self.assertTrue(any("attendance, console, 4 rows" in x["detail"] for x in reads), reads)

    # -- costs

    def expected_costs(self):
        """Per organisation (PEOPLE's, one participant each): the nights
        charged are the nights attended, the second day of the residential
        meeting present (TWO_DAYS); charges, VAT rounded per invoice, and
        what is invoiced and paid."""
        nights = {p[1]: int(days[1] == "present") for p, days in zip(PEOPLE, TWO_DAYS)}
        charges = {org: FEE + n * NIGHT for org, n in nights.items()}
        vat = {org: (c * VAT_BP + 5000) // 10000 for org, c in charges.items()}
        incl = {org: charges[org] + vat[org] for org in charges}
        invoiced = {org: incl[org] for org in ("Belastingdienst", "Ministerie van Financiën")}
        paid = {"Belastingdienst": incl["Belastingdienst"]}
        return nights, charges, vat, incl, invoiced, paid

    def test_costs_xlsx_csv_json(self):
        nights, charges, vat, incl, invoiced, paid = self.expected_costs()
        self.assertEqual(sum(nights.values()), 1)          # the case has one night charged
        rows = openpyxl_rows(self.export("costs", "xlsx", "en"))
        self.assertEqual(rows[0], ["Organisation", "Participants", "Fee excl. VAT", "Nights",
                                   "Accommodation excl. VAT", "Other charges excl. VAT",
                                   "Charges excl. VAT", "VAT", "Charges incl. VAT",
                                   "Invoiced incl. VAT", "Paid incl. VAT", "Outstanding incl. VAT"])
        body = {r[0]: r[1:] for r in rows[1:] if r[0] != "Total"}
        self.assertEqual(sorted(body), sorted(p[1] for p in PEOPLE))
        for org, r in body.items():
            inv, pd = invoiced.get(org, 0), paid.get(org, 0)
            self.assertEqual(r[0], 1)
            self.assertEqual(r[2], nights[org])
            got = [round(x * 100) for x in (r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10])]
            self.assertEqual(got, [FEE, nights[org] * NIGHT, 0, charges[org], vat[org], incl[org],
                                   inv, pd, inv - pd], org)
        total = [r for r in rows if r[0] == "Total"]
        self.assertEqual(len(total), 1)
        t = total[0]
        self.assertEqual((t[1], t[3]), (4, 1))
        self.assertEqual([round(t[i] * 100) for i in (2, 4, 6, 7, 8, 9, 10, 11)],
                         [4 * FEE, NIGHT, sum(charges.values()), sum(vat.values()),
                          sum(incl.values()), sum(invoiced.values()), sum(paid.values()),
                          sum(invoiced.values()) - sum(paid.values())])
        # The totals equal the sums of the organisations' rows.
        for i in range(1, 12):
            self.assertAlmostEqual(sum(r[i - 1] for r in body.values()), t[i], places=2)
        with open(self.export("costs", "csv", "nl"), "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(data[3:].decode()), delimiter=";"))
        self.assertEqual(rows[0][0], "Organisatie")
        self.assertTrue(all(len(r) == 12 for r in rows))
        self.assertEqual(rows[-1][0], "Totaal")
        self.assertEqual(rows[-1][2], "6000,00")
        self.assertEqual(rows[-1][7], "%d,%02d" % divmod(sum(vat.values()), 100))
        with open(self.export("costs", "json"), "rb") as f:
            doc = json.load(f)
        self.assertEqual(doc["total"], 4)
        self.assertEqual(doc["totals"][0]["invoiced"], sum(invoiced.values()) / 100)
        self.assertEqual(doc["totals"][0]["outstanding"], incl["Ministerie van Financiën"] / 100)
        by_org = {r["organisation"]: r for r in doc["rows"]}
        fin, tax = by_org["Ministerie van Financiën"], by_org["Belastingdienst"]
        self.assertEqual((fin["fee"], fin["accommodation"], fin["paid"]), (1500.0, 0.0, 0.0))
        self.assertEqual((tax["fee"], tax["accommodation"], tax["paid"]),
                         (1500.0, NIGHT / 100, incl["Belastingdienst"] / 100))

    def test_costs_page_and_api(self):
        page = self.lead.get("/beheer/edities/rep/rapporten/kosten")
        self.assertStatus(page, 200)
        self.assertIn('<svg role="img"', page.text)
        self.assertIn("url(#cost-hatch)", page.text)
        self.assertIn("Belastingdienst", page.text)
        _, _, _, incl, _, paid = self.expected_costs()
        total, outstanding = sum(incl.values()), incl["Ministerie van Financiën"]
        self.assertIn(">{:,.2f}<".format(total / 100), page.text)     # total incl. VAT
        self.assertIn("outstanding EUR {:,.2f}".format(outstanding / 100), page.text)  # a direct label
        r = self.lead.get("/api/v1/manage/editions/rep/reports/costs")
        self.assertStatus(r, 200)
        doc = r.json()
        self.assertEqual(doc["report"], "costs")
        self.assertEqual(doc["totals"][0]["charges_incl_vat"], total / 100)
        self.assertStatus(self.lead.get("/api/v1/manage/editions/rep/reports/nothing"), 404)
        r = self.lead.get("/beheer/edities/rep/rapporten/bestand?wat=costs&formaat=json")
        self.assertStatus(r, 200)
        self.assertIn("application/json", r.header("Content-Type"))
        self.assertEqual(json.loads(r.body)["totals"][0]["paid"], sum(paid.values()) / 100)

    # -- diversity per subgroup

    def test_diversity_per_subgroup(self):
        rows = openpyxl_rows(self.export("diversity", "xlsx", "en", slug="rep-sg"))
        groups = []
        for r in rows[1:]:
            if r[0] and r[0] != "Total" and r[0] not in groups:
                groups.append(r[0])
        self.assertEqual(groups[0], "Whole cohort")
        self.assertEqual(len(groups), 3, groups)
        sizes = {}
        for g in groups:
            kinds = [r for r in rows if r[0] == g and r[1] == "Kind of organisation"]
            sizes[g] = sum(r[3] for r in kinds)
            self.assertAlmostEqual(sum(r[4] for r in kinds), 100.0, places=1)
            themes = [r for r in rows if r[0] == g and r[1] == "Theme"]
            self.assertEqual(sum(r[3] for r in themes), sizes[g])
        self.assertEqual(sizes["Whole cohort"], 4)
        self.assertEqual(sorted(sizes[g] for g in groups[1:]), [2, 2])
        # Every subgroup's counts add up to the cohort's.
        cohort = {(r[1], r[2]): r[3] for r in rows if r[0] == "Whole cohort"}
        for key, n in cohort.items():
            self.assertEqual(sum(r[3] for r in rows if r[0] in groups[1:] and (r[1], r[2]) == key),
                             n, key)
        page = self.lead.get("/beheer/edities/rep-sg/rapporten/diversiteit")
        self.assertStatus(page, 200)
        for g in groups[1:]:
            self.assertIn(g, page.text)
        # a chart per group and dimension that has rows
        charts = sum(len({r[1] for r in rows if r[0] == g}) for g in groups)
        self.assertGreaterEqual(charts, 9)
        self.assertEqual(page.text.count('<svg role="img"'), charts)
        ids = re.findall(r'<title id="([^"]+)"', page.text)
        self.assertEqual(len(ids), len(set(ids)), "chart ids are unique")

    def test_dutch_csv_of_costs_and_attendance_in_libreoffice(self):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        self.assertIsNotNone(soffice, "LibreOffice is not installed (libreoffice-calc-nogui)")
        out = tempfile.mkdtemp(prefix="lwp-lo-")
        self.addCleanup(shutil.rmtree, out, True)
        srcs = [self.export("costs", "csv", "nl"), self.export("attendance", "csv", "nl")]
        rows = lo_convert(soffice, out, srcs)
        costs, att = rows
        self.assertEqual(costs[0][:3], ["Organisatie", "Deelnemers", "Bijdrage excl. btw"])
        total = [r for r in costs if r[0] == "Totaal"][0]
        self.assertEqual(len(total), 12)
        # LibreOffice in the Dutch convention reads the decimal comma as a number.
        _, _, _, incl, _, _ = self.expected_costs()
        self.assertAlmostEqual(float(total[8]), sum(incl.values()) / 100, places=2)
        self.assertAlmostEqual(float(total[1]), 4)
        self.assertEqual(att[0][0], "Naam")
        self.assertEqual(sorted(r[0] for r in att[1:5]), sorted(p[0] for p in PEOPLE))
        self.assertEqual([r[0] for r in att[5:8]],
                         ["Aanwezig", "Afwezig met afmelding", "Afwezig zonder afmelding"])

    def test_console_page_and_downloads(self):
        page = self.lead.get("/beheer/edities/rep/rapporten")
        self.assertStatus(page, 200)
        self.assertIn("<svg role=\"img\"", page.text)
        self.assertIn("Participants per kind of organisation", page.text)
        self.assertIn("Anna Één", page.text)
        self.assertNotIn("Eva Wacht", page.text)
        for tail in ("aanwezigheid", "kosten", "diversiteit"):
            self.assertIn('href="/beheer/edities/rep/rapporten/%s"' % tail, page.text)
        r = self.lead.get("/beheer/edities/rep/rapporten/bestand?wat=diversity&formaat=xlsx&taal=nl")
        self.assertStatus(r, 200)
        self.assertTrue(r.body.startswith(b"PK"))
        path = os.path.join(self.tmpdir, "web.xlsx")
        with open(path, "wb") as f:
            f.write(r.body)
        rows = openpyxl_rows(path)
        self.assertEqual([x[3] for x in rows if x[0] == "Totaal"], [4])
        r = self.lead.get("/beheer/edities/rep/rapporten/bestand?wat=participants&formaat=csv&taal=en")
        self.assertStatus(r, 200)
        self.assertIn("text/csv", r.header("Content-Type"))
        self.assertIn("Name,E-mail address", r.body.decode())
        self.assertStatus(self.lead.get("/beheer/edities/rep/rapporten/bestand?wat=x"), 404)
        rows = all_audit_rows(self.lead)
        reads = [x for x in rows if x["action"] == "report.read"]
        self.assertTrue(any("participants, csv" in x["detail"] for x in reads), reads)
        self.assertTrue(any("participants, console" in x["detail"] for x in reads), reads)
