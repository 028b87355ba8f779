"""lwp import applications: CSV files in UTF-8 and Windows-1252, separated
by ';' or ',', validated as on the form in one transaction (nothing
imported when any row is bad), every bad row reported with its line
number, --dry-run, --no-mail, the confirmation mail. Both backends."""

import json
import os
import unittest

import harness
from harness import cli, create_edition, db_url

HEADER = ["name", "email", "organisation", "organisation_kind", "function",
          "initiative_title", "theme", "motivation", "question", "billing_address",
          "eligible", "consent", "consent_directory", "lang"]


def row(name, email, **over):
    r = {"name": name, "email": email, "organisation": "Gemeente Zwolle",
         "organisation_kind": "ministry", "function": "Beleidsadviseur",
         "initiative_title": "Wijkteams", "theme": "new_organising",
         "motivation": "Leren van anderen", "question": "Hoe?",
         "billing_address": "Postbus 1", "eligible": "ja", "consent": "ja",
         "consent_directory": "nee", "lang": "nl"}
    r.update(over)
    return [r[h] for h in HEADER]


def quote(v, sep):
    if any(c in v for c in (sep, '"', "\n")):
        return '"' + v.replace('"', '""') + '"'
    return v


def csv_text(rows, sep=";", header=HEADER):
    lines = [sep.join(quote(v, sep) for v in header)]
    lines += [sep.join(quote(v, sep) for v in r) for r in rows]
    return "\r\n".join(lines) + "\r\n"


class ImportTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        import tempfile
        import shutil
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-import-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        harness.init_db(cls.db)
        for slug in ("imp-utf8", "imp-1252", "imp-bad", "imp-dry", "imp-mail"):
            create_edition(cls.db, slug, capacity=3)
        cls.n = 0

    def write(self, data):
        ImportTest.n += 1
        path = os.path.join(self.tmpdir, "f%d.csv" % self.n)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def run_import(self, slug, path, *extra):
        return cli("import", "applications", slug, path, *extra, "--db", db_url(self.db))

    def apps(self, slug):
        return harness.applications(self.db, slug)["applications"]

    def outbox_count(self):
        path = os.path.join(self.tmpdir, "b%d.jsonl" % self.n)
        ImportTest.n += 1
        r = cli("backup", "--db", db_url(self.db), path)
        self.assertEqual(r.returncode, 0, r)
        with open(path) as f:
            return sum(1 for line in f if json.loads(line).get("table") == "outbox")

    def test_utf8_semicolon_with_bom(self):
        rows = [row("Renée van den Brœk", "renee@example.nl", eligible="JA", consent="Ja"),
                row('Jan "de Vos" Müller', "jan@example.nl", motivation="Twee\nregels; met ;",
                    eligible="yes", consent="true", consent_directory="1"),
                row("Sanne Öztürk", "sanne@example.nl", eligible="1", consent="1",
                    consent_directory="false", lang="en"),
                row("Pieter Post", "pieter@example.nl", eligible="True", consent="YES")]
        path = self.write(b"\xef\xbb\xbf" + csv_text(rows, ";").encode("utf-8"))
        r = self.run_import("imp-utf8", path, "--no-mail")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("imported 4 applications (UTF-8, separated by ';')", r.stdout)
        self.assertIn("1 on the waiting list", r.stdout)            # capacity 3, fcfs
        apps = self.apps("imp-utf8")
        self.assertEqual(sorted(a["name"] for a in apps),
                         sorted(['Jan "de Vos" Müller', "Pieter Post", "Renée van den Brœk",
                                 "Sanne Öztürk"]))
        self.assertEqual([a["status"] for a in sorted(apps, key=lambda a: a["id"])],
                         ["accepted", "accepted", "accepted", "waitlisted"])
        res = cli("person", "export", "jan@example.nl", "--db", db_url(self.db))
        doc = json.loads(res.stdout)
        self.assertEqual(doc["applications"][0]["motivation"], "Twee\nregels; met ;")
        self.assertEqual(doc["person"][0]["consent_directory"], 1)
        res = cli("person", "export", "sanne@example.nl", "--db", db_url(self.db))
        self.assertEqual(json.loads(res.stdout)["person"][0]["lang"], "en")
        # the same file again: every address applied already
        r = self.run_import("imp-utf8", path, "--no-mail")
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(r.stderr.count("applied for this edition already"), 4, r)
        self.assertEqual(len(self.apps("imp-utf8")), 4)

    def test_windows_1252_comma(self):
        rows = [row("Zoë Brûlé", "zoe@example.nl", organisation="Ministerie van Financiën",
                    motivation="Kosten €5, of ‘minder’"),
                row("Gérard Dupré", "gerard@example.nl", eligible="yes", consent="yes")]
        path = self.write(csv_text(rows, ",").encode("cp1252"))
        r = self.run_import("imp-1252", path, "--no-mail")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("(Windows-1252, separated by ',')", r.stdout)
        apps = {a["name"]: a for a in self.apps("imp-1252")}
        self.assertEqual(set(apps), {"Zoë Brûlé", "Gérard Dupré"})
        self.assertEqual(apps["Zoë Brûlé"]["organisation"], "Ministerie van Financiën")
        res = cli("person", "export", "zoe@example.nl", "--db", db_url(self.db))
        self.assertEqual(json.loads(res.stdout)["applications"][0]["motivation"],
                         "Kosten €5, of ‘minder’")

    def test_bad_rows_of_every_kind(self):
        create_edition(self.db, "imp-bad-existing", capacity=3)
        ok = row("Goede Rij", "goed@example.nl")
        existing = self.write(csv_text([row("Al Aangemeld", "al@example.nl")]).encode())
        self.assertEqual(self.run_import("imp-bad", existing, "--no-mail").returncode, 0)
        rows = [ok,                                                        # line 2
                row("Fout Adres", "geen-adres"),                           # 3
                row("", "leeg@example.nl"),                                # 4
                row("Vreemd Ja", "vreemd@example.nl", eligible="misschien"),  # 5
                row("Soort", "soort@example.nl", organisation_kind="bakkerij"),  # 6
                row("Geen Toestemming", "nee@example.nl", consent="nee"),  # 7
                row("Dubbel", "goed@example.nl"),                          # 8
                row("Bestaat", "AL@example.nl"),                           # 9
                row("Meer\nregels", "multi@example.nl",
                    motivation="een\ntwee\ndrie"),                         # 10-13
                row("Thema", "thema@example.nl", theme="koken")]           # 14
        text = csv_text(rows) + "Te;weinig;velden\r\n"                     # 15
        before = len(self.apps("imp-bad"))
        r = self.run_import("imp-bad", self.write(text.encode()), "--no-mail")
        self.assertEqual(r.returncode, 1, r)
        err = r.stderr
        for line, what in ((3, "email"), (4, "name"), (5, "eligible"),
                           (6, "organisation_kind"), (7, "consent"), (8, "already"),
                           (9, "already"), (14, "theme"), (15, "fields")):
            self.assertRegex(err, r"line %d: [^\n]*%s" % (line, what), err)
        self.assertNotIn("line 2:", err)
        self.assertIn("nothing was imported", err)
        self.assertEqual(len(self.apps("imp-bad")), before)

    def test_bad_files(self):
        good = csv_text([row("Een", "een@example.nl")])
        cases = [
            (good.replace("organisation_kind", "soort_organisatie").encode(), "unknown column"),
            (good.replace("question", "name").encode(), "appears twice"),
            (b"name;email\n", "no applications"),
            (good.encode("utf-8") + b"\x81\x8d\n", "neither UTF-8 nor Windows-1252"),
            (b'name;email\n"open quote;x@example.nl\n', "line"),
        ]
        for data, message in cases:
            r = self.run_import("imp-bad", self.write(data), "--no-mail")
            self.assertEqual(r.returncode, 1, r)
            self.assertIn(message, r.stderr, r)
        r = self.run_import("no-such-edition", self.write(good.encode()), "--no-mail")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("no edition", r.stderr)
        r = cli("import", "applications", "imp-bad", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 2, r)
        r = cli("import", "applications", "imp-bad", "/nonexistent.csv", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 1, r)

    def test_dry_run_and_mail(self):
        path = self.write(csv_text([row("Droog Een", "droog1@example.nl"),
                                    row("Droog Twee", "droog2@example.nl")]).encode())
        mails = self.outbox_count()
        r = self.run_import("imp-dry", path, "--dry-run")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("would import 2 applications", r.stdout)
        self.assertEqual(self.apps("imp-dry"), [])
        self.assertEqual(self.outbox_count(), mails)
        r = self.run_import("imp-mail", path, "--base-url", "https://lwp.example.nl")
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(self.outbox_count(), mails + 2)
        res = cli("person", "export", "droog1@example.nl", "--db", db_url(self.db))
        mail = json.loads(res.stdout)["mail"]
        self.assertEqual(len(mail), 1)
        self.assertIn("https://lwp.example.nl/aanmelding/", mail[0]["body_text"])
        self.assertIn("Beste Droog Een", mail[0]["body_text"])
        # the import is in the audit log
        path = os.path.join(self.tmpdir, "audit.jsonl")
        cli("backup", "--db", db_url(self.db), path)
        with open(path) as f:
            audit = [d["row"] for d in map(json.loads, f) if d.get("table") == "audit_log"]
        self.assertTrue(any(a["action"] == "applications.import" and a["detail"] ==
                            "2 applications" for a in audit))
