"""`lwp backup` / `lwp restore`: the file proves it is complete (a trailer
with row counts and a SHA-256 of everything before it), every value is
checked against its column before anything is inserted, and a backup of
the demo restores and backs up again to the same bytes, on SQLite and on
PostgreSQL (the target of every restore is the run's backend).

The demo database is made once per class on SQLite by `lwp demo` (which
creates it and serves it), with a confirmed selection, a user with roles
and an application through the API added, so that most tables have rows.
"""

import concurrent.futures
import hashlib
import json
import os
import pty
import re
import select
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import time
import unittest

from harness import (BACKEND, CLI_TIMEOUT, Server, child_env, cli, db_url, json_fields,
                     lwp_bin, sanitizer_report)

def format_of_binary():
    """The tables in the order the format writes them, and the header, as the
    binary's backup of a new empty database says: every capability's tables
    count, without a list here to keep in step."""
    with tempfile.TemporaryDirectory() as tmp:
        url = "sqlite:" + os.path.join(tmp, "empty.db")
        for args in (("init", "--db", url), ("backup", "--db", url, "-")):
            r = subprocess.run([lwp_bin()] + list(args), capture_output=True,
                               env=child_env(), timeout=CLI_TIMEOUT)
            if r.returncode != 0:
                raise AssertionError("lwp %s: %r" % (args[0], r))
        lines = r.stdout.splitlines()
        return list(json.loads(lines[-1])["rows"]), json.loads(lines[0])


# The demo must reach at least these tables (the original set).
BASE_TABLES = ["organisations", "people", "initiatives", "editions", "applications",
               "application_events", "outbox", "users", "user_roles", "recovery_codes",
               "sessions", "login_links", "audit_log", "selection_settings", "offers"]
TABLES, HEADER = format_of_binary()
FILE_ERROR = re.compile(r"line \d+: ")


def lines_of(data):
    """The lines of a backup, each with its b"\\n"."""
    return data.splitlines(keepends=True)


def trailer(body_lines, rows=None, sha=None):
    """The trailer line `lwp backup` would write after body_lines (header and
    rows), with counts and checksum computed here unless given."""
    if rows is None:
        rows = {t: 0 for t in TABLES}
        for line in body_lines[1:]:
            try:
                table = json.loads(line)["table"]
            except (ValueError, KeyError, TypeError):
                continue                                # a damaged line counts nowhere
            if table in rows:
                rows[table] += 1
    if sha is None:
        sha = hashlib.sha256(b"".join(body_lines)).hexdigest()
    doc = {"lwp_backup_end": 2, "rows": rows, "sha256": sha}
    return (json.dumps(doc, separators=(",", ":")) + "\n").encode()


def seal(body_lines):
    """A complete file: the lines and a correct trailer, so that what is
    refused is refused for its content, not for the checksum."""
    return b"".join(body_lines) + trailer(body_lines)


def row_line(table, row):
    return (json.dumps({"table": table, "row": row}, separators=(",", ":"),
                       ensure_ascii=False) + "\n").encode()


class RestoreTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="lwp-http-restore-")
        cls.demo = os.path.join(cls.tmp, "demo.db")
        server = Server(cls.demo, command="demo").start()
        try:
            r = server.post_json("/api/v1/editions/leerwerkplaats-demo/applications",
                                 json_fields())
            if r.status != 201:
                raise AssertionError("application to the open demo edition: %r" % r)
        finally:
            problems = server.stop()
        if problems:
            raise AssertionError("\n".join(problems))
        demo = "sqlite:" + cls.demo
        for args in (["select", "leerwerkplaats-2019", "--seconds", "1"],   # the one waiting
                     ["user", "add", "lead@lwp.example", "--name", "Lea Lead"],
                     ["user", "grant", "lead@lwp.example", "lead", "--edition",
                      "leerwerkplaats-2018"],
                     ["user", "grant", "lead@lwp.example", "admin"]):
            r = cli(*args, "--db", demo)
            if r.returncode != 0:
                raise AssertionError("demo set-up: %r" % r)
        cls.backup_path = os.path.join(cls.tmp, "demo.backup")
        r = cli("backup", "--db", demo, cls.backup_path)
        if r.returncode != 0:
            raise AssertionError("backup of the demo: %r" % r)
        with open(cls.backup_path, "rb") as f:
            cls.backup = f.read()
        cls.lines = lines_of(cls.backup)
        cls.counter = 0

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # -- helpers

    def target(self):
        """A new, empty target database of the run's backend (its path)."""
        type(self).counter += 1
        return os.path.join(self.tmp, "target-%d-%d.db" % (os.getpid(), self.counter))

    def write(self, data, name="in.backup"):
        type(self).counter += 1
        path = os.path.join(self.tmp, "%d-%s" % (self.counter, name))
        with open(path, "wb") as f:
            f.write(data)
        return path

    def restore(self, data, target=None):
        target = target or self.target()
        return cli("restore", "--db", db_url(target), self.write(data)), target

    def backup_of(self, target):
        path = os.path.join(self.tmp, "out-%d.backup" % self.counter)
        type(self).counter += 1
        r = cli("backup", "--db", db_url(target), path)
        self.assertEqual(r.returncode, 0, r)
        with open(path, "rb") as f:
            return f.read()

    def assertEmpty(self, target):
        """Nothing was restored: a backup of the target counts no row, and
        the full demo restores into it (restore takes only empty databases)."""
        last = json.loads(lines_of(self.backup_of(target))[-1])
        self.assertEqual(set(last["rows"].values()), {0}, last)
        r, _ = self.restore(self.backup, target)
        self.assertEqual(r.returncode, 0, r)

    def assertRefused(self, data, *expect, target=None):
        """Exit 1, a message naming the line (and what is given in expect),
        "nothing was restored"; returns the message."""
        r, target = self.restore(data, target)
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("nothing was restored", r.stderr)
        self.assertNotIn("not empty", r.stderr)
        self.assertRegex(r.stderr, FILE_ERROR)
        for e in expect:
            self.assertIn(e, r.stderr)
        return r.stderr

    def line_index(self, table, pred=lambda row: True):
        for i, line in enumerate(self.lines):
            doc = json.loads(line)
            if doc.get("table") == table and pred(doc["row"]):
                return i
        raise AssertionError("no %s row in the demo backup" % table)

    def changed(self, table, change, pred=lambda row: True):
        """The demo's lines with one row of table changed by change(row),
        resealed; and the number of the changed line."""
        i = self.line_index(table, pred)
        doc = json.loads(self.lines[i])
        change(doc["row"])
        body = list(self.lines[:-1])
        body[i] = row_line(table, doc["row"])
        return seal(body), i + 1

    # -- the demo itself

    def test_demo_backup_covers_the_tables_and_a_parent_with_a_higher_id(self):
        last = json.loads(self.lines[-1])
        self.assertEqual(list(last["rows"]), TABLES)
        self.assertEqual([t for t in TABLES if t in BASE_TABLES], BASE_TABLES)
        for t in ("organisations", "people", "initiatives", "editions", "applications",
                  "application_events", "outbox", "users", "user_roles", "audit_log",
                  "edition_privacy"):
            self.assertGreater(last["rows"][t], 0, t)
        forward = [json.loads(l)["row"] for l in self.lines
                   if b'"table":"organisations"' in l]
        self.assertTrue(any(r["parent_id"] and r["parent_id"] > r["id"] for r in forward),
                        "the demo should have an organisation whose parent has a higher id")
        self.assertEqual(hashlib.sha256(b"".join(self.lines[:-1])).hexdigest(), last["sha256"])
        self.assertEqual(json.loads(self.lines[0]), HEADER)
        self.assertEqual(HEADER["lwp_backup"], 2)

    def test_backup_is_audited_after_the_dump(self):
        """A backup is a bulk export of personal data: each one is in the
        audit log (who: the CLI; what: database.backup with the file, the
        row and table counts and the outcome), written after the dump so
        the file does not hold its own entry and round trips stay equal."""
        def backup_rows(data, action="database.backup"):
            return [json.loads(l)["row"] for l in lines_of(data)[1:-1]
                    if json.loads(l)["table"] == "audit_log"
                    and json.loads(l)["row"]["action"] == action]

        self.assertEqual(backup_rows(self.backup), [], "the demo's backup holds no backup entry")
        target = self.target()
        r, _ = self.restore(self.backup, target)
        self.assertEqual(r.returncode, 0, r)
        first_path = os.path.join(self.tmp, "out-%d.backup" % self.counter)
        first = self.backup_of(target)
        self.assertEqual(first, self.backup, "the entry is not inside the backup it records")
        second = self.backup_of(target)
        rows = backup_rows(second)
        self.assertEqual(len(rows), 1, rows)
        entry = rows[0]
        counts = json.loads(lines_of(first)[-1])["rows"]
        self.assertEqual((entry["actor"], entry["actor_id"], entry["object"]),
                         ("cli", None, first_path))
        self.assertTrue(entry["detail"].startswith("%d rows of %d tables (" % (
            sum(counts.values()), len(counts))), entry)
        self.assertTrue(entry["detail"].endswith("): ok"), entry)
        for table in ("users", "people", "applications", "audit_log"):
            self.assertIn("%s %d" % (table, counts[table]), entry["detail"])
        self.assertNotIn("rate_limits", entry["detail"])
        # the second backup differs from the first by that one row only
        again = json.loads(lines_of(second)[-1])["rows"]
        self.assertEqual(again, dict(counts, audit_log=counts["audit_log"] + 1))
        # a backup of a database without rows exports nobody: no entry, and
        # the database stays empty for a restore
        empty = self.target()
        r = cli("init", "--db", db_url(empty))
        self.assertEqual(r.returncode, 0, r)
        self.backup_of(empty)
        self.assertEqual(set(json.loads(lines_of(self.backup_of(empty))[-1])["rows"].values()), {0})

    @staticmethod
    def sql(target, statement):
        """Rows of one SQL statement on the target, on either backend."""
        if BACKEND == "postgres":
            p = subprocess.run(["psql", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                                db_url(target), "-c", statement],
                               capture_output=True, text=True, timeout=60)
            if p.returncode != 0:
                raise AssertionError("psql: %s" % p.stderr)
            return [tuple(line.split("\t")) for line in p.stdout.splitlines() if line]
        con = sqlite3.connect(target)
        try:
            rows = con.execute(statement).fetchall()
            con.commit()
            return rows
        finally:
            con.close()

    def test_a_failed_backup_is_audited_with_its_reason(self):
        target = self.target()
        r, _ = self.restore(self.backup, target)
        self.assertEqual(r.returncode, 0, r)
        self.sql(target, "ALTER TABLE people ADD COLUMN shoe_size INTEGER")
        out = os.path.join(self.tmp, "failed-%d.backup" % os.getpid())
        r = cli("backup", "--db", db_url(target), out)
        self.assertEqual(r.returncode, 1, r)
        self.assertFalse(os.path.exists(out))
        rows = self.sql(target, "SELECT actor, object, detail FROM audit_log"
                                " WHERE action = 'database.backup'")
        self.assertEqual(len(rows), 1, rows)
        self.assertEqual(tuple(rows[0][:2]), ("cli", out))
        self.assertIn("failed: table people has", rows[0][2])

    def test_round_trip_gives_identical_files(self):
        target = self.target()
        r, _ = self.restore(self.backup, target)
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("%d rows restored" % (len(self.lines) - 2), r.stderr)
        again = self.backup_of(target)
        self.assertEqual(again, self.backup, "backup -> restore (%s) -> backup differs" % BACKEND)
        # and back into SQLite from the run's backend
        back = os.path.join(self.tmp, "back-%d.db" % os.getpid())
        r = cli("restore", "--db", "sqlite:" + back, self.write(again))
        self.assertEqual(r.returncode, 0, r)
        r = cli("backup", "--db", "sqlite:" + back, "-")
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stdout.encode(), self.backup)
        # new rows after a restore get new ids (PostgreSQL's sequences moved on)
        r = cli("user", "add", "after@lwp.example", "--name", "After", "--db", db_url(target))
        self.assertEqual(r.returncode, 0, r)
        last_user = max(json.loads(l)["row"]["id"] for l in self.lines[1:-1]
                        if json.loads(l).get("table") == "users")
        self.assertIn("(id %d)" % (last_user + 1), r.stdout + r.stderr)

    def test_every_table_restores_with_rows(self):
        """Rows for the tables the demo leaves empty (sessions, links, codes,
        offers, weights), sealed: restored and backed up to the same bytes."""
        body = list(self.lines[:-1])
        app = json.loads(self.lines[self.line_index("applications")])["row"]
        ed = app["edition_id"]
        extra = {
            "recovery_codes": [{"id": 1, "user_id": 1, "code_hash": "c" * 64, "used_at": None},
                               {"id": 2, "user_id": 1, "code_hash": "d" * 64,
                                "used_at": 1700000000}],
            "sessions": [{"id": 1, "token_hash": "e" * 64, "user_id": 1, "csrf": "f" * 32,
                          "second_factor": 1, "created_at": 1700000000,
                          "last_seen_at": 1700000100}],
            "login_links": [{"id": 1, "token_hash": "a" * 64, "user_id": 1,
                             "created_at": 1700000000, "expires_at": 1700000900,
                             "used_at": None}],
            "selection_settings": [{"edition_id": ed, "w_org": 3, "w_parent": 1, "w_kind": 2,
                                    "w_theme": 1, "w_tags": 0, "offer_days": 7}],
            "offers": [{"id": 1, "application_id": app["id"], "token_hash": "b" * 64,
                        "created_at": 1700000000, "expires_at": 1700600000,
                        "answered_at": None, "answer": None},
                       {"id": 2, "application_id": app["id"], "token_hash": "9" * 64,
                        "created_at": 1700000000, "expires_at": 1700600000,
                        "answered_at": 1700000500, "answer": "declined"}],
            "initiative_owners": [{"id": 1, "initiative_id": 1, "person_id": 2,
                                   "created_at": 1700000000}],
            "initiative_tokens": [{"id": 1, "initiative_id": 1, "purpose": "email",
                                   "person_id": 1, "token_hash": "8" * 64,
                                   "created_at": 1700000000, "expires_at": 1701209600,
                                   "used_at": None}],
            "privacy_requests": [{"id": 1, "kind": "erasure", "email_key": "x@example.nl",
                                  "requested_at": 1700000000, "due_at": 1702592000,
                                  "via": "account", "done_at": None, "done_by_id": None,
                                  "pseudonym": None},
                                 {"id": 2, "kind": "erasure", "email_key": "erased-ab-2",
                                  "requested_at": 1700000000, "due_at": 1700000000,
                                  "via": "direct", "done_at": 1700000001, "done_by_id": 1,
                                  "pseudonym": "erased-ab"}],
            "privacy_links": [{"id": 1, "token_hash": "8" * 64, "email_key": "x@example.nl",
                               "created_at": 1700000000, "expires_at": 1700003600,
                               "used_at": None}],
        }
        out = []
        for line in body:
            out.append(line)
        # insert each table's rows after the last line of the table before it
        for table in TABLES:
            if table not in extra:
                continue
            pos = max(i for i, l in enumerate(out)
                      if i == 0 or TABLES.index(json.loads(l)["table"]) < TABLES.index(table))
            for row in reversed(extra[table]):
                out.insert(pos + 1, row_line(table, row))
        data = seal(out)
        target = self.target()
        r, _ = self.restore(data, target)
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(self.backup_of(target), data)

    # -- a damaged file

    def test_every_cut_is_refused_and_nothing_restored(self):
        # A cut after every line of the demo's backup (over a thousand
        # restores): they run a few at once, each worker into its own target,
        # and every target is checked empty afterwards.
        workers = 2 * (os.cpu_count() or 1)
        targets = [self.target() for _ in range(workers)]
        urls = [db_url(t) for t in targets]     # made here, not in the workers

        def run(n):
            path = os.path.join(self.tmp, "cut-%d.backup" % n)
            with open(path, "wb") as f:
                f.write(b"".join(self.lines[:n]))
            try:
                return n, cli("restore", "--db", urls[n % workers], path)
            finally:
                os.unlink(path)

        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            for n, r in pool.map(run, range(len(self.lines))):
                self.assertEqual(r.returncode, 1, "cut after line %d: %r" % (n, r))
                self.assertIn("nothing was restored", r.stderr)
                self.assertRegex(r.stderr, FILE_ERROR)
                self.assertTrue("ends without its trailer" in r.stderr or "file is empty" in r.stderr,
                                "cut after line %d: %s" % (n, r.stderr))
        for t in targets[1:]:
            self.assertEmpty(t)
        target = targets[0]
        # cut inside a line: of a row, the header, the trailer (also its '\n')
        for i in (0, 1, len(self.lines) // 2, len(self.lines) - 1):
            line = self.lines[i]
            for k in (1, len(line) // 2, len(line) - 1):
                data = b"".join(self.lines[:i]) + line[:k]
                self.assertRefused(data, "line %d" % (i + 1), target=target)
        self.assertEmpty(target)

    def test_header_only_and_empty_files_are_refused(self):
        target = self.target()
        self.assertRefused(self.lines[0], "line 2", "ends without its trailer", target=target)
        self.assertRefused(b"", "the file is empty", target=target)
        self.assertRefused(b"\n", "line 1", target=target)
        self.assertRefused(self.lines[0] + trailer(self.lines[:1], dict(json.loads(
            self.lines[-1])["rows"])), "line 2", "trailer counts", target=target)
        self.assertEmpty(target)
        # header and trailer of an empty database: complete, and nothing to restore
        r, _ = self.restore(self.lines[0] + trailer(self.lines[:1]))
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("0 rows restored", r.stderr)

    def test_trailer_checks(self):
        body = list(self.lines[:-1])
        end = self.lines[-1]
        doc = json.loads(end)
        target = self.target()
        # a wrong checksum, one hex digit changed
        wrong = doc["sha256"][:-1] + ("0" if doc["sha256"][-1] != "0" else "1")
        self.assertRefused(b"".join(body) + trailer(body, doc["rows"], wrong), "checksum",
                           target=target)
        # a value changed without resealing
        i = self.line_index("people")
        changed = list(body)
        changed[i] = changed[i].replace(b'"lang":"nl"', b'"lang":"en"')
        self.assertNotEqual(changed[i], body[i])
        self.assertRefused(b"".join(changed) + end, "checksum", target=target)
        # a row taken out, the checksum recomputed, the counts left: counts differ
        k = self.line_index("outbox")
        gone = body[:k] + body[k + 1:]
        self.assertRefused(b"".join(gone) + trailer(gone, doc["rows"]), "outbox",
                           "trailer counts", target=target)
        # counts off by one with a correct checksum
        more = dict(doc["rows"], outbox=doc["rows"]["outbox"] + 1)
        self.assertRefused(b"".join(body) + trailer(body, more), "outbox", "trailer counts",
                           target=target)
        # a count missing, an extra table counted
        fewer = {t: n for t, n in doc["rows"].items() if t != "offers"}
        self.assertRefused(b"".join(body) + trailer(body, fewer), "trailer", target=target)
        extra = dict(doc["rows"], rate_limits=0)
        self.assertRefused(b"".join(body) + trailer(body, extra), "trailer", target=target)
        # anything after the trailer: a second trailer, a row, an empty line
        self.assertRefused(self.backup + end, "line %d" % (len(self.lines) + 1),
                           "after the trailer", target=target)
        self.assertRefused(self.backup + self.lines[1], "after the trailer", target=target)
        self.assertRefused(self.backup + b"\n", "after the trailer", target=target)
        # the trailer of another format version
        self.assertRefused(self.backup[:-len(end)] + end.replace(b'"lwp_backup_end":2',
                                                                 b'"lwp_backup_end":3'),
                           "format version", target=target)
        self.assertEmpty(target)

    def test_header_checks(self):
        body = list(self.lines[:-1])
        target = self.target()
        for header, expect in ((b'{"lwp_backup":1,"schema":4}\n', "version 1 has no trailer"),
                               (b'{"lwp_backup":3,"schema":4}\n', "format version 3"),
                               (b'{"lwp_backup":2,"schema":3}\n', "schema version 3"),
                               (b'{"lwp_backup":2,"schema":99}\n', "schema version 99"),
                               (b'{"lwp_backup":"2","schema":4}\n', "not a backup header"),
                               (b'{"lwp_backup":2,"schema":4,"x":1}\n', "not a backup header"),
                               (b'[2,4]\n', "not a JSON object")):
            self.assertRefused(seal([header] + body[1:]), "line 1", expect, target=target)
        # the old format: values as text, no trailer
        old = [b'{"lwp_backup":1,"schema":4}\n'] + body[1:]
        self.assertRefused(b"".join(old), "line 1", "version 1", target=target)
        self.assertEmpty(target)

    # -- values against their columns (sealed: the checksum is right)

    def test_wrong_types_are_refused(self):
        target = self.target()
        cases = [
            ("editions", "capacity", "lots", "a string where an integer belongs"),
            ("editions", "capacity", "20", "a string where an integer belongs"),
            ("editions", "capacity", 2.5, "a fractional number"),
            ("editions", "capacity", True, "a boolean"),
            ("editions", "capacity", 0, "outside"),
            ("editions", "capacity", 3000000000, "outside"),
            ("editions", "fee_cents", -1, "outside"),
            ("editions", "deadline", [1], "an array"),
            ("editions", "title", 12, "an integer where a text belongs"),
            ("editions", "title", None, "NOT NULL"),
            ("editions", "starts_on", "2018-02-30", "a date YYYY-MM-DD"),
            ("people", "name", {"a": 1}, "an object where a text belongs"),
            ("people", "consent_directory", 2, "outside 0..1"),
            ("applications", "eligible", False, "a boolean"),
            ("applications", "selection_mark", 5, "outside -1..1"),
            ("applications", "waitlist_rank", 0, "outside"),
            ("applications", "id", -4, "outside"),
            ("organisations", "parent_id", 0, "outside"),
            ("users", "disabled", "0", "a string where an integer belongs"),
        ]
        for table, column, value, expect in cases:
            data, n = self.changed(table, lambda row: row.__setitem__(column, value))
            self.assertRefused(data, "line %d: table %s, column %s: " % (n, table, column),
                               expect, target=target)
        # a number too big for any integer is not JSON we take
        i = self.line_index("editions")
        body = list(self.lines[:-1])
        body[i] = re.sub(rb'"capacity":\d+', b'"capacity":99999999999999999999999', body[i])
        self.assertRefused(seal(body), "line %d" % (i + 1), target=target)
        self.assertEmpty(target)

    def test_unknown_values_are_refused(self):
        target = self.target()
        cases = [
            ("applications", "status", "approved", "one of submitted, accepted"),
            ("applications", "status", "ACCEPTED", "one of submitted"),
            ("application_events", "status", "lost", "one of submitted"),
            ("editions", "status", "archived", "one of draft, open"),
            ("editions", "policy", "lottery", "one of diversity, fcfs"),
            ("organisations", "kind", "company", "one of ministry, agency"),
            ("initiatives", "theme", "other", "one of new_organising"),
            ("initiatives", "stage", "done", "one of idea, started"),
            ("initiatives", "visibility", "everyone", "one of public, network, private"),
            ("people", "lang", "fr", "one of nl, en"),
            ("users", "lang", "", "one of nl, en"),
            ("user_roles", "role", "root", "one of participant, member, coach, lead, admin"),
            ("user_roles", "role", "public", "one of participant"),
        ]
        for table, column, value, expect in cases:
            data, n = self.changed(table, lambda row: row.__setitem__(column, value))
            self.assertRefused(data, "line %d: table %s, column %s: unknown value"
                               % (n, table, column), expect, target=target)
        self.assertEmpty(target)

    def test_dangling_ids_are_refused(self):
        target = self.target()
        cases = [
            ("organisations", "parent_id", 999),          # forward, never comes
            ("people", "organisation_id", 999),
            ("initiatives", "owner_id", 999),
            ("applications", "edition_id", 77),
            ("applications", "person_id", 999),
            ("applications", "initiative_id", 999),
            ("application_events", "application_id", 999),
            ("user_roles", "user_id", 42),
            ("user_roles", "edition_id", 77),
            ("audit_log", "actor_id", 42),
        ]
        for table, column, value in cases:
            data, n = self.changed(table, lambda row: row.__setitem__(column, value))
            self.assertRefused(data, "table %s, column %s: refers to" % (table, column),
                               "id %d, which is not in the backup" % value, target=target)
        # a parent that comes later in the file is fine; one that is not there,
        # named on the line that refers to it
        data, n = self.changed("organisations", lambda row: row.__setitem__("parent_id", 500),
                               pred=lambda row: row["id"] == 1)
        self.assertRefused(data, "line %d: table organisations, column parent_id" % n,
                           target=target)
        self.assertEmpty(target)

    def test_structure_is_checked(self):
        target = self.target()
        body = list(self.lines[:-1])
        i = self.line_index("editions")
        row = json.loads(body[i])["row"]

        def with_row(j, table, r):
            b = list(body)
            b[j] = row_line(table, r)
            return seal(b)

        self.assertRefused(with_row(i, "editions", dict(row, extra=1)),
                           "table editions: unknown column \"extra\"", target=target)
        self.assertRefused(with_row(i, "editions", {k: v for k, v in row.items()
                                                    if k != "location"}),
                           "column location: missing", target=target)
        self.assertRefused(with_row(i, "rate_limits", row), "unknown table \"rate_limits\"",
                           target=target)
        self.assertRefused(with_row(i, "schema_migrations", row), "unknown table",
                           target=target)
        # a repeated row (same key), rows out of order, tables out of order
        dup = body[:i + 1] + [body[i]] + body[i + 1:]
        self.assertRefused(seal(dup), "line %d: table editions, column id" % (i + 2),
                           "ascending", target=target)
        j = self.line_index("people")
        swapped = list(body)
        swapped[j], swapped[j + 1] = swapped[j + 1], swapped[j]
        self.assertRefused(seal(swapped), "line %d" % (j + 2), "ascending", target=target)
        o = self.line_index("outbox")
        early = body[:1] + [body[o]] + body[1:o] + body[o + 1:]
        self.assertRefused(seal(early), "line 3: table organisations: rows of this table after"
                           " rows of outbox", "fixed order", target=target)
        # not a row, not JSON, duplicate keys, not UTF-8, NUL
        for bad, expect in ((b'{"table":"editions"}\n', "not a row"),
                            (b'{"table":"editions","row":[]}\n', "not a row"),
                            (b'{"table":"editions","row":{},"x":1}\n', "not a row"),
                            (b'{"table": "editions", "row": {\n', "not JSON"),
                            (body[i][:-3] + b',"id":1}}\n', "duplicate object key"),
                            (body[i].replace(b'"title":"', b'"title":"\xff'), "not JSON"),
                            (body[i].replace(b'"title":"', b'"title":"\\u0000'), "not JSON")):
            b = list(body)
            b[i] = bad
            self.assertRefused(seal(b), "line %d" % (i + 1), expect, target=target)
        # a value that breaks a unique rule is refused by the database, named
        k = self.line_index("people")
        twin = json.loads(body[k])["row"]
        last_people = max(idx for idx, l in enumerate(body) if b'"table":"people"' in l)
        twin = dict(twin, id=9999)
        b = body[:last_people + 1] + [row_line("people", twin)] + body[last_people + 1:]
        self.assertRefused(seal(b), "line %d: table people" % (last_people + 2), "unique",
                           target=target)
        self.assertEmpty(target)

    def test_backup_refuses_what_restore_would_refuse(self):
        """A SQLite file changed behind lwp's back (SQLite stores any value in
        any column): backup names the row and writes nothing."""
        cases = [
            ("UPDATE editions SET capacity = 'lots' WHERE id = 1",
             "table editions, row 1, column capacity: the database holds a value that is not"
             " an integer"),
            ("UPDATE editions SET capacity = 2.5 WHERE id = 1", "column capacity"),
            ("UPDATE applications SET status = 'approved' WHERE id = 3",
             "table applications, column status: unknown value"),
            ("UPDATE people SET lang = 'fr' WHERE id = 2", "the row with key 2"),
            ("PRAGMA foreign_keys = OFF; UPDATE applications SET person_id = 999 WHERE id = 4",
             "column person_id: refers to people id 999"),
            ("ALTER TABLE people ADD COLUMN nickname TEXT",
             "table people has 13 columns, the backup format 12"),
            ("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
             "a table notes that the backup format does not know"),
        ]
        for k, (sql, expect) in enumerate(cases):
            path = os.path.join(self.tmp, "changed-%d-%d.db" % (os.getpid(), k))
            shutil.copyfile(self.demo, path)
            con = sqlite3.connect(path)
            con.executescript(sql)
            con.commit()
            con.close()
            out = os.path.join(self.tmp, "changed-%d-%d.backup" % (os.getpid(), k))
            r = cli("backup", "--db", "sqlite:" + path, out)
            self.assertEqual(r.returncode, 1, r)
            self.assertIn("backup failed", r.stderr)
            self.assertIn(expect, r.stderr)
            self.assertFalse(os.path.exists(out), "a refused backup leaves no file")

    def test_restore_into_a_database_with_rows_is_refused(self):
        target = self.target()
        r, _ = self.restore(self.backup, target)
        self.assertEqual(r.returncode, 0, r)
        r, _ = self.restore(self.backup, target)
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("not empty", r.stderr)

    # -- files and the terminal

    def test_backup_and_restored_database_are_0600(self):
        """Whatever the umask: the backup file, and a new SQLite file that a
        restore creates (on either run: file modes are SQLite's concern)."""
        old = os.umask(0o022)
        try:
            self.assertEqual(stat.S_IMODE(os.stat(self.backup_path).st_mode), 0o600)
            path = os.path.join(self.tmp, "mode-%d.db" % os.getpid())
            r = cli("restore", "--db", "sqlite:" + path, self.backup_path)
            self.assertEqual(r.returncode, 0, r)
            for p in (path, path + "-wal", path + "-shm"):
                if os.path.exists(p):
                    self.assertEqual(stat.S_IMODE(os.stat(p).st_mode), 0o600, p)
            out = os.path.join(self.tmp, "mode-%d.backup" % os.getpid())
            r = cli("backup", "--db", "sqlite:" + path, out)
            self.assertEqual(r.returncode, 0, r)
            self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        finally:
            os.umask(old)

    def test_no_progress_without_a_terminal(self):
        r, target = self.restore(self.backup)
        self.assertEqual(r.returncode, 0, r)
        self.assertNotIn("restore:", r.stderr)
        r = cli("backup", "--db", db_url(target), "-")
        self.assertNotIn("backup:", r.stderr)

    def run_on_tty(self, *args):
        """Run lwp with stderr on a pseudo-terminal; (exit code, stderr)."""
        master, slave = pty.openpty()
        p = subprocess.Popen([lwp_bin()] + [str(a) for a in args], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=slave, env=child_env())
        os.close(slave)
        out = b""
        deadline = time.monotonic() + CLI_TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break                               # the child closed the terminal
                if not chunk:
                    break
                out += chunk
            elif p.poll() is not None:
                break
        os.close(master)
        rc = p.wait(timeout=CLI_TIMEOUT)
        text = out.decode("utf-8", "replace")
        report = sanitizer_report(text)
        if report:
            raise AssertionError("sanitizer report:\n" + report)
        return rc, text

    def test_progress_on_a_terminal(self):
        n = len(self.lines) - 2
        target = self.target()
        rc, err = self.run_on_tty("restore", "--db", db_url(target), self.backup_path)
        self.assertEqual(rc, 0, err)
        self.assertIn("restore: %s of %s rows" % (format(n, ","), format(n, ",")), err)
        out = os.path.join(self.tmp, "tty-%d.backup" % os.getpid())
        rc, err = self.run_on_tty("backup", "--db", db_url(target), out)
        self.assertEqual(rc, 0, err)
        self.assertIn("backup: %s of %s rows" % (format(n, ","), format(n, ",")), err)
        # a larger file shows intermediate counts with thousands separators
        body = list(self.lines[:-1])
        last_audit = max(i for i, l in enumerate(body) if b'"table":"audit_log"' in l)
        rows = [row_line("audit_log", {"id": 1000 + k, "at": 1700000000 + k, "actor_id": None,
                                       "actor": "test", "action": "test.action",
                                       "object": None, "detail": None, "ip": None})
                for k in range(4500)]
        big = self.write(seal(body[:last_audit + 1] + rows + body[last_audit + 1:]))
        total = format(n + 4500, ",")
        rc, err = self.run_on_tty("restore", "--db", db_url(self.target()), big)
        self.assertEqual(rc, 0, err)
        self.assertIn("restore: 2,000 of %s rows" % total, err)
        self.assertIn("restore: 4,000 of %s rows" % total, err)
        self.assertIn("restore: %s of %s rows" % (total, total), err)

    def test_restore_from_a_pipe(self):
        p = subprocess.run([lwp_bin(), "restore", "--db", db_url(self.target()), "-"],
                           input=self.backup, capture_output=True, env=child_env(),
                           timeout=CLI_TIMEOUT)
        self.assertEqual(p.returncode, 0, p.stderr)
        p = subprocess.run([lwp_bin(), "restore", "--db", db_url(self.target()), "-"],
                           input=self.backup[:-1], capture_output=True, env=child_env(),
                           timeout=CLI_TIMEOUT)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn(b"cut off", p.stderr)


if __name__ == "__main__":
    unittest.main()
