"""Privacy rights (AVG art. 15, 17, 20, 30): the classification of every
column against the live schema, the export of everything about a person,
erasure that leaves no bytes in the database file, its WAL or a new
backup, retention per edition, the processing register, audited bulk
views and no personal data in the server's log. Both backends."""

import json
import os
import re
import sqlite3
import subprocess
import urllib.parse

import harness
from harness import ServerTestCase, cli, create_edition, db_url
from accounts_util import NO_LIMITS, NOW, add_user, all_audit_rows, sign_in, sign_in_lead

# Recognisable, so that a grep over bytes finds nothing else.
NAME = "Xylofonia Quetzalcoatl-Brandsma"
ADDRESS = "xylofonia.quetzal.%d@example.nl" % os.getpid()
OTHER_NAME = "Bartholomeus Okkernoot"
OTHER = "bartholomeus.okkernoot.%d@example.nl" % os.getpid()


def register(db):
    r = cli("privacy", "register", "--format", "json", "--db", db_url(db))
    if r.returncode != 0:
        raise AssertionError("privacy register: %r" % r)
    return json.loads(r.stdout)


def live_columns(db):
    """{table: [column, ...]} of the live schema."""
    out = {}
    if harness.BACKEND == "postgres":
        p = subprocess.run(["psql", "-At", "-F", "\t", db_url(db), "-c",
                            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
                            " JOIN information_schema.tables t ON t.table_name = c.table_name"
                            " AND t.table_schema = c.table_schema"
                            " WHERE c.table_schema = current_schema()"
                            " AND t.table_type = 'BASE TABLE'"],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError("psql: %s" % p.stderr)
        for line in p.stdout.splitlines():
            t, c = line.split("\t")
            out.setdefault(t, []).append(c)
        return out
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for t in tables:
            out[t] = [r[1] for r in con.execute("PRAGMA table_info(%s)" % t)]
    finally:
        con.close()
    return out


def backup_bytes(db, tmpdir, name):
    path = os.path.join(tmpdir, name)
    if os.path.exists(path):
        os.unlink(path)
    r = cli("backup", "--db", db_url(db), path)
    if r.returncode != 0:
        raise AssertionError("backup: %r" % r)
    with open(path, "rb") as f:
        return f.read()


class ClassificationTest(ServerTestCase):
    """Every column of every table of the live schema is classified, and the
    export of a person with data everywhere has every exported column."""

    server_env = dict(NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "pv-class", capacity=5)
        add_user(cls.db, ADDRESS, name=NAME, grants=[("coach", "pv-class")])

    def test_every_live_column_is_classified(self):
        reg = register(self.db)
        classified = {(c["table"], c["column"]) for c in reg["columns"]}
        live = live_columns(self.db)
        missing = sorted((t, c) for t, cols in live.items() for c in cols
                         if (t, c) not in classified)
        self.assertEqual(missing, [], "columns without a privacy classification in "
                         "src/store/privacy_schema.c: %s" % missing)
        stale = sorted(k for k in classified if k[1] not in live.get(k[0], []))
        self.assertEqual(stale, [], "classified columns the schema does not have: %s" % stale)
        for c in reg["columns"]:
            if c["personal"]:
                self.assertIn("category", c, c)
                self.assertIn("section", c, c)

    def test_export_has_every_exported_column(self):
        r = self.server.apply_api("pv-class", name=NAME, email=ADDRESS)
        self.assertStatus(r, 201)
        token = urllib.parse.urlsplit(r.json()["url"]).path.rsplit("/", 1)[1]
        # a session, audit entries as actor, a download link, an erasure request
        client = sign_in(self.server, ADDRESS)
        self.assertStatus(client.get("/account"), 200)
        self.assertStatus(self.server.post_form("/aanmelding/%s/gegevens" % token, {}), 303)
        self.assertStatus(self.server.post_form("/aanmelding/%s/verwijderen" % token, {}), 303)

        out = os.path.join(self.tmpdir, "export.json")
        res = cli("person", "export", ADDRESS.upper(), "--out", out, "--db", db_url(self.db))
        self.assertEqual(res.returncode, 0, res)
        with open(out) as f:
            doc = json.load(f)
        self.assertEqual(doc["subject"], ADDRESS)
        reg = register(self.db)
        sections = {}
        for c in reg["columns"]:
            if c["exported"]:
                sections.setdefault(c["section"], set()).add(c["column"])
        for section, cols in sections.items():
            self.assertIn(section, doc, "section %s missing from the export" % section)
            for row in doc[section]:
                self.assertEqual(set(row), cols, section)
        # the seeded data reaches these sections
        for section in ("person", "organisation", "initiatives", "applications",
                        "application_history", "mail", "account", "roles", "sessions",
                        "audit_as_actor", "audit_about", "download_links", "privacy_requests"):
            self.assertTrue(doc[section], "no rows in section %s" % section)
        self.assertEqual(doc["person"][0]["name"], NAME)
        app = doc["applications"][0]
        self.assertEqual(app["consent_version"], "privacy-2026-11")
        self.assertIsInstance(app["consent_at"], int)
        # secrets never leave
        text = json.dumps(doc)
        for secret in ("token_hash", "password_hash", "totp_secret", "csrf", "code_hash"):
            self.assertNotIn('"%s"' % secret, text)
        # the export itself is in the audit log, without the address
        res = cli("person", "export", "nobody@example.nl", "--db", db_url(self.db))
        self.assertEqual(res.returncode, 1, res)


class ErasureTest(ServerTestCase):
    """A person asks for erasure on their application's page; a lead
    carries it out in the console; nothing of them is left in the bytes."""

    server_now = NOW
    server_env = dict(NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "pv-erase", capacity=5)
        add_user(cls.db, "lead.pv@example.nl", name="Lea Lead", grants=[("lead", None)])
        add_user(cls.db, ADDRESS, name=NAME, lang="nl")

    def grep(self, data, what):
        # assertFalse: the bytes themselves would flood the report
        for needle in (NAME.encode(), ADDRESS.encode(), b"Quetzalcoatl", b"xylofonia.quetzal"):
            self.assertFalse(needle in data, "%r found in %s" % (needle, what))

    def test_erasure_leaves_no_bytes(self):
        r = self.server.apply_api("pv-erase", name=NAME, email=ADDRESS,
                                  billing_reference="PO-TAX-77")
        self.assertStatus(r, 201)
        token = urllib.parse.urlsplit(r.json()["url"]).path.rsplit("/", 1)[1]
        other = self.server.apply_api("pv-erase", name=OTHER_NAME, email=OTHER)
        self.assertStatus(other, 201)
        # an account under the same address, signed in (a session), a login
        # link asked for (a rate limit bucket keyed by the address)
        person = sign_in(self.server, ADDRESS)
        self.assertStatus(person.get("/account"), 200)
        self.server.post_form("/inloggen/link", {"email": ADDRESS})
        self.assertStatus(self.server.post_form("/aanmelding/%s/verwijderen" % token, {}), 303)
        page = self.server.get("/aanmelding/%s?verwijderen=1" % token, lang="en")
        self.assertIn("We have received your request for erasure", page.text)

        lead, _, _ = sign_in_lead(self.server, "lead.pv@example.nl")
        page = lead.get("/beheer/privacy")
        self.assertStatus(page, 200)
        self.assertIn(ADDRESS, page.text)
        m = re.search(r'name="verzoek" value="(\d+)"', page.text)
        self.assertIsNotNone(m, page.text)
        r = lead.post("/beheer/privacy/uitvoeren", {"verzoek": m.group(1)})
        self.assertStatus(r, 303)
        page = lead.get("/beheer/privacy?klaar=1")
        self.assertNotIn(ADDRESS, page.text)
        self.assertIn("erased-", page.text)
        # the second time is refused
        self.assertStatus(lead.post("/beheer/privacy/uitvoeren", {"verzoek": m.group(1)}), 409)

        # the private link, the session and the account are gone
        self.assertStatus(self.server.get("/aanmelding/%s" % token), 404)
        self.assertIn(person.get("/account").status, (302, 303, 401))
        res = cli("person", "export", ADDRESS, "--db", db_url(self.db))
        self.assertEqual(res.returncode, 1, res)

        # the audit log keeps the actions, the actor as a pseudonym
        rows = all_audit_rows(lead)
        self.assertTrue(any(x["action"] == "person.erase" for x in rows))
        self.assertTrue(any(x["who"].startswith("erased-") and x["action"] == "login"
                            for x in rows), rows[:5])
        self.assertFalse(any(ADDRESS in json.dumps(x) for x in rows))
        self.assertTrue(any(x["action"] == "privacy_requests.read" for x in rows))

        # the other applicant is untouched
        res = cli("person", "export", OTHER, "--db", db_url(self.db))
        self.assertEqual(res.returncode, 0, res)
        self.assertEqual(json.loads(res.stdout)["person"][0]["name"], OTHER_NAME)

        # no bytes left: the database file and its WAL (SQLite), a new backup
        if harness.BACKEND == "sqlite":
            for suffix in ("", "-wal"):
                path = self.db + suffix
                if os.path.exists(path):
                    with open(path, "rb") as f:
                        self.grep(f.read(), path)
        data = backup_bytes(self.db, self.tmpdir, "after.jsonl")
        self.grep(data, "backup")
        self.assertIn(OTHER_NAME.encode(), data)
        # a participant's billing details stay for tax law (7 years)
        self.assertIn(b"PO-TAX-77", data)
        # no personal data in the server's log
        self.grep(self.server.stderr_text().encode(), "server log")

    def test_erasure_by_cli(self):
        addr = "cli.%s" % OTHER
        self.assertStatus(self.server.apply_api("pv-erase", name="Zebedeus Klaproos",
                                                email=addr), 201)
        res = cli("person", "erase", addr, "--db", db_url(self.db))   # no terminal, no --yes
        self.assertEqual(res.returncode, 2, res)
        res = cli("person", "erase", addr, "--yes", "--db", db_url(self.db))
        self.assertEqual(res.returncode, 0, res)
        self.assertIn("erased-", res.stdout)
        data = backup_bytes(self.db, self.tmpdir, "cli.jsonl")
        self.assertNotIn(b"Zebedeus", data)
        self.assertNotIn(addr.encode(), data)
        res = cli("person", "erase", addr, "--yes", "--db", db_url(self.db))
        self.assertEqual(res.returncode, 1, res)


class AccountPrivacyTest(ServerTestCase):
    """From the account page: download (audited) and a request for erasure,
    carried out by the background job after the grace period."""

    server_env = dict(NO_LIMITS)

    @classmethod
    def prepare(cls):
        add_user(cls.db, "account.pv@example.nl", name="Acco Unt")

    def test_download_and_request(self):
        c = sign_in(self.server, "account.pv@example.nl")
        page = c.get("/account")
        self.assertIn('action="/account/gegevens"', page.text)
        r = c.post("/account/gegevens")
        self.assertStatus(r, 200)
        self.assertIn("attachment", r.header("Content-Disposition"))
        doc = json.loads(r.body)
        self.assertEqual(doc["account"][0]["name"], "Acco Unt")
        self.assertTrue(doc["sessions"])
        r = c.post("/account/verwijderen")
        self.assertStatus(r, 303)
        r = c.post("/account/verwijderen")               # twice: one request
        self.assertStatus(r, 303)
        res = cli("privacy", "requests", "--db", db_url(self.db))
        self.assertEqual(res.stdout.count("account.pv@example.nl"), 1, res)
        # not yet due: the job leaves it
        res = cli("privacy", "run", "--db", db_url(self.db))
        self.assertIn("0 people", res.stdout)
        later = str(int(__import__("time").time()) + 31 * 86400)
        res = cli("privacy", "run", "--db", db_url(self.db), env={"LWP_NOW": later})
        self.assertEqual(res.returncode, 0, res)
        self.assertIn("1 people", res.stdout)
        res = cli("person", "export", "account.pv@example.nl", "--db", db_url(self.db))
        self.assertEqual(res.returncode, 1, res)


class DownloadLinkTest(ServerTestCase):
    """From the application's page the download goes by a one-time link
    mailed to the applicant."""

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "pv-link", capacity=5)

    def test_one_time_link(self):
        addr = "link.%s" % OTHER
        r = self.server.apply_api("pv-link", email=addr, name="Linda Link")
        self.assertStatus(r, 201)
        path = urllib.parse.urlsplit(r.json()["url"]).path
        page = self.server.get(path, lang="en")
        self.assertIn("E-mail me a download link", page.text)
        r = self.server.post_form(path + "/gegevens", {})
        self.assertStatus(r, 303)
        self.assertIn("gegevens=1", r.header("Location"))
        res = cli("person", "export", addr, "--db", db_url(self.db))
        mails = json.loads(res.stdout)["mail"]
        links = [m for m in mails for m in re.findall(r"/mijn-gegevens/[0-9a-f]{64}", m["body_text"])]
        self.assertEqual(len(links), 1, mails)
        page = self.server.get(links[0], lang="nl")
        self.assertStatus(page, 200)
        self.assertIn("Mijn gegevens downloaden", page.text)
        r = self.server.post_form(links[0], {})
        self.assertStatus(r, 200)
        doc = json.loads(r.body)
        self.assertEqual(doc["person"][0]["name"], "Linda Link")
        self.assertStatus(self.server.post_form(links[0], {}), 404)   # once
        self.assertStatus(self.server.get(links[0]), 404)
        self.assertStatus(self.server.get("/mijn-gegevens/" + "0" * 64), 404)


class RetentionTest(ServerTestCase):
    """lwp edition anonymise: applicants not accepted after the first
    period, participants after the second (billing kept, network consent
    honoured), billing after 7 years; nothing more, nothing earlier."""

    DEADLINE = "2030-03-01 12:00"

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "pv-ret", capacity=2, deadline=cls.DEADLINE)
        create_edition(cls.db, "pv-keep", capacity=2, deadline=cls.DEADLINE)
        cls.deadline = harness.amsterdam_to_unix(2030, 3, 1, 12, 0, 1)

    def at(self, days):
        return {"LWP_NOW": str(self.deadline + days * 86400)}

    def import_rows(self, slug, rows):
        header = ["name", "email", "organisation", "organisation_kind", "function",
                  "initiative_title", "theme", "motivation", "question", "billing_contact",
                  "eligible", "consent", "consent_directory"]
        lines = [";".join(header)]
        for name, email, directory in rows:
            lines.append(";".join([name, email, "Gemeente Ede", "ministry", "Adviseur",
                                   "Project " + name, "new_organising", "Motivatie " + name,
                                   "Vraag", "Facturen " + name, "ja", "ja", directory]))
        path = os.path.join(self.tmpdir, slug + ".csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        res = cli("import", "applications", slug, path, "--no-mail", "--db", db_url(self.db),
                  env=self.at(-10))
        self.assertEqual(res.returncode, 0, res)

    def test_retention(self):
        u = os.getpid()
        self.import_rows("pv-ret", [("Anna Accepted", "anna.%d@example.nl" % u, "ja"),
                                    ("Bert Accepted", "bert.%d@example.nl" % u, "nee"),
                                    ("Carla Waiting", "carla.%d@example.nl" % u, "ja"),
                                    ("Dirk Waiting", "dirk.%d@example.nl" % u, "nee")])
        self.import_rows("pv-keep", [("Egbert Other", "egbert.%d@example.nl" % u, "nee"),
                                     ("Fenna Other", "fenna.%d@example.nl" % u, "nee"),
                                     ("Gijs Other", "gijs.%d@example.nl" % u, "nee")])
        db = db_url(self.db)
        res = cli("edition", "retention", "pv-ret", "--applicants", "10", "--participants",
                  "20", "--db", db)
        self.assertEqual(res.returncode, 0, res)
        res = cli("edition", "retention", "pv-ret", "--applicants", "30", "--participants",
                  "20", "--db", db)
        self.assertEqual(res.returncode, 1, res)          # participants shorter: refused

        before = self.snapshot()
        res = cli("edition", "anonymise", "pv-ret", "--db", db, env=self.at(5))
        self.assertEqual(res.returncode, 0, res)
        self.assertIn("0 applicants", res.stdout)
        self.assertEqual(self.snapshot(), before)

        res = cli("edition", "anonymise", "pv-ret", "--dry-run", "--db", db, env=self.at(11))
        self.assertIn("would anonymise: 2 applicants", res.stdout)
        self.assertEqual(self.snapshot(), before)

        res = cli("edition", "anonymise", "pv-ret", "--db", db, env=self.at(11))
        self.assertEqual(res.returncode, 0, res)
        self.assertIn("2 applicants", res.stdout)
        self.assertIn("2 people", res.stdout)
        snap = self.snapshot()
        self.assertNotIn("Carla Waiting", snap["people"])
        self.assertNotIn("Dirk Waiting", snap["people"])
        for keep in ("Anna Accepted", "Bert Accepted", "Egbert Other", "Gijs Other"):
            self.assertIn(keep, snap["people"])
        self.assertIn("Motivatie Anna Accepted", snap["motivations"])
        self.assertNotIn("Motivatie Carla Waiting", snap["motivations"])
        self.assertNotIn("Facturen Carla Waiting", snap["billing"])
        self.assertEqual(snap["other_edition"], before["other_edition"])

        res = cli("edition", "anonymise", "pv-ret", "--db", db, env=self.at(21))
        self.assertIn("2 participants", res.stdout)
        snap = self.snapshot()
        # Anna consented to the network: her name stays; Bert's goes
        self.assertIn("Anna Accepted", snap["people"])
        self.assertNotIn("Bert Accepted", snap["people"])
        self.assertNotIn("Motivatie Anna Accepted", snap["motivations"])
        # billing details stay for tax law
        self.assertIn("Facturen Anna Accepted", snap["billing"])
        self.assertIn("Facturen Bert Accepted", snap["billing"])
        self.assertEqual(snap["other_edition"], before["other_edition"])

        res = cli("edition", "anonymise", "pv-ret", "--db", db, env=self.at(7 * 365 + 3))
        self.assertIn("2 billing", res.stdout)
        snap = self.snapshot()
        self.assertNotIn("Facturen Anna Accepted", snap["billing"])
        self.assertIn("Facturen Egbert Other", snap["billing"])
        self.assertEqual(snap["other_edition"], before["other_edition"])

    def snapshot(self):
        """Names of people, motivations and billing contacts in a backup, and
        the other edition's rows untouched."""
        data = backup_bytes(self.db, self.tmpdir, "snap.jsonl").decode()
        people, motivations, billing, other = set(), set(), set(), []
        keep_id = None
        for doc in (json.loads(x) for x in data.splitlines()):
            t, rec = doc.get("table"), doc.get("row")
            if not t or rec is None:
                continue
            if t == "editions" and rec.get("slug") == "pv-keep":
                keep_id = rec["id"]
            if t == "people":
                people.add(rec["name"])
            if t == "applications":
                motivations.add(rec["motivation"])
                billing.add(rec["billing_contact"])
                other.append(rec)
        other_edition = sorted(json.dumps(r, sort_keys=True) for r in other
                               if r["edition_id"] == keep_id)
        return {"people": people, "motivations": motivations, "billing": billing,
                "other_edition": other_edition}


class RegisterTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "pv-reg", capacity=5)
        cli("edition", "retention", "pv-reg", "--applicants", "100", "--participants", "400",
            "--db", db_url(cls.db))

    def test_register(self):
        reg = register(self.db)
        for key in ("purposes", "categories_of_people", "recipients", "security_measures",
                    "retention", "columns"):
            self.assertTrue(reg[key], key)
        self.assertEqual(reg["retention"]["erasure_grace_days"], 30)
        eds = {e["edition"]: e for e in reg["retention"]["editions"]}
        self.assertEqual(eds["pv-reg"]["applicants_days_after_end"], 100)
        self.assertEqual(eds["pv-reg"]["participants_days_after_end"], 400)
        res = cli("privacy", "register", "--format", "markdown", "--db", db_url(self.db),
                  env={"LWP_ERASURE_GRACE_DAYS": "14"})
        self.assertEqual(res.returncode, 0, res)
        self.assertIn("# Processing register (AVG article 30)", res.stdout)
        self.assertIn("after 14 days", res.stdout)
        self.assertIn("| pv-reg | 100 | 400 |", res.stdout)
        self.assertIn("| people | phone |", res.stdout)
        res = cli("privacy", "register", "--format", "xml", "--db", db_url(self.db))
        self.assertEqual(res.returncode, 2, res)
