"""Reports of an edition (C12): participants, applications and the
cohort's diversity, as a console page with charts and tables, as CSV
(Dutch ';' with a BOM, English ','), XLSX (opened with Debian's openpyxl:
the totals) and JSON; the Dutch CSV opened by LibreOffice lands in the
right columns. Lists of people are audited. Both backends."""

import csv
import io
import json
import os
import shutil
import subprocess
import tempfile

from harness import ServerTestCase, cli, create_edition, db_url
from accounts_util import NO_LIMITS, NOW, add_user, all_audit_rows, sign_in_lead

PEOPLE = [  # name, organisation, kind, theme, tags
    ("Anna Één", "Belastingdienst", "agency", "new_organising", "teams, Agile"),
    ("Bram Twee", "Ministerie van Financiën", "ministry", "new_organising", "agile"),
    ("Cor Drie", "Gemeente Delft", "local", "new_changing", "wijk; buurt"),
    ("Dana Vier", "Inspectie SZW", "inspectorate", "both", ""),
]


def openpyxl_rows(path):
    code = ("import json, sys, openpyxl\n"
            "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
            "print(json.dumps([list(r) for r in ws.iter_rows(values_only=True)]))\n")
    p = subprocess.run(["/usr/bin/python3", "-c", code, path], capture_output=True, text=True,
                       timeout=60)
    if p.returncode != 0:
        raise AssertionError("openpyxl: %s" % p.stderr)
    return json.loads(p.stdout)


class ReportsTest(ServerTestCase):
    server_now = NOW
    server_env = dict(NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "rep", capacity=4)
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

    def export(self, what, fmt, lang="nl"):
        path = os.path.join(self.tmpdir, "%s-%s-%s.%s" % (what, fmt, lang, fmt))
        r = cli("export", "rep", "--what", what, "--format", fmt, "--lang", lang, "--out", path,
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
        self.assertEqual(rows[0], ["Dimension", "Value", "Participants", "Percentage"])
        kinds = [r for r in rows if r[0] == "Kind of organisation"]
        self.assertEqual(sum(r[2] for r in kinds), 4)
        self.assertAlmostEqual(sum(r[3] for r in kinds), 100.0, places=1)
        themes = {r[1]: r[2] for r in rows if r[0] == "Theme"}
        self.assertEqual(sum(themes.values()), 4)
        tags = {r[1]: r[2] for r in rows if r[0] == "Tag"}
        self.assertEqual(tags.get("agile"), 2)                 # case folded
        parents = {r[1]: r[2] for r in rows if r[0] == "Parent organisation"}
        self.assertEqual(parents.get("Ministerie van Financiën"), 1)
        self.assertEqual([r[1] for r in rows if r[0] == "Total"], [4])
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
        self.assertEqual(rows[0], ["Dimension", "Value", "Participants", "Percentage"])
        with open(self.export("diversity", "json"), "rb") as f:
            doc = json.load(f)
        self.assertEqual(doc["total"], 4)
        kinds = {r["value"]: r["participants"] for r in doc["rows"]
                 if r["dimension"] == "organisation_kind"}
        self.assertEqual(kinds["ministry"], 1)
        self.assertEqual(kinds["zbo"], 0)
        r = cli("export", "rep", "--what", "costs", "--format", "csv", "--out", "/dev/null",
                "--db", db_url(self.db))
        self.assertEqual(r.returncode, 2, r)

    def test_dutch_csv_in_libreoffice(self):
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

    def test_console_page_and_downloads(self):
        page = self.lead.get("/beheer/edities/rep/rapporten")
        self.assertStatus(page, 200)
        self.assertIn("<svg role=\"img\"", page.text)
        self.assertIn("Participants per kind of organisation", page.text)
        self.assertIn("Anna Één", page.text)
        self.assertNotIn("Eva Wacht", page.text)
        r = self.lead.get("/beheer/edities/rep/rapporten/bestand?wat=diversity&formaat=xlsx&taal=nl")
        self.assertStatus(r, 200)
        self.assertTrue(r.body.startswith(b"PK"))
        path = os.path.join(self.tmpdir, "web.xlsx")
        with open(path, "wb") as f:
            f.write(r.body)
        rows = openpyxl_rows(path)
        self.assertEqual([x[1] for x in rows if x[0] == "Totaal"], [4])
        r = self.lead.get("/beheer/edities/rep/rapporten/bestand?wat=participants&formaat=csv&taal=en")
        self.assertStatus(r, 200)
        self.assertIn("text/csv", r.header("Content-Type"))
        self.assertIn("Name,E-mail address", r.body.decode())
        self.assertStatus(self.lead.get("/beheer/edities/rep/rapporten/bestand?wat=x"), 404)
        rows = all_audit_rows(self.lead)
        reads = [x for x in rows if x["action"] == "report.read"]
        self.assertTrue(any("participants, csv" in x["detail"] for x in reads), reads)
        self.assertTrue(any("participants, console" in x["detail"] for x in reads), reads)
