"""The admin CLI on the same database: help, exit codes (0 ok, 2 bad usage,
1 failure), and `lwp edition create` refusing dates that do not exist and
numbers out of range without creating anything."""

import json
import os
import shutil
import tempfile
import unittest

from harness import cli, create_edition, db_url, edition_list, init_db

GOOD = {"--slug": "goed", "--title": "Goede editie", "--capacity": "20",
        "--deadline": "2035-11-15 23:59", "--policy": "fcfs", "--org-cap": "0", "--fee": "1500"}


class CliTest(unittest.TestCase):

    def setUp(self):
        self.tmpdir = tempfile.mkdtemp(prefix="lwp-http-cli-")
        self.addCleanup(shutil.rmtree, self.tmpdir, True)
        self.db = os.path.join(self.tmpdir, "lwp.db")
        init_db(self.db)

    def create_args(self, **over):
        opts = dict(GOOD)
        for k, v in over.items():
            key = "--" + k.replace("_", "-")
            if v is None:
                opts.pop(key, None)
            else:
                opts[key] = v
        args = ["edition", "create"]
        for k, v in opts.items():
            args += [k, v]
        return args + ["--publish", "--db", db_url(self.db)]

    def assertRefused(self, cases, code=2):
        """cases: {label: create option overrides}; each must exit `code`
        with a message on stderr and leave the editions as they were."""
        problems = []
        before = edition_list(self.db)
        for i, (label, over) in enumerate(cases.items()):
            over = dict(over)
            if code == 2:
                over.setdefault("slug", "refused-%d" % i)   # a slip cannot hide the next case
            r = cli(*self.create_args(**over))
            if r.returncode != code:
                problems.append("%s: exit %d (expected %d), stdout %r, stderr %r"
                                % (label, r.returncode, code, r.stdout[:120], r.stderr[:200]))
            elif not r.stderr.strip():
                problems.append("%s: no message on stderr" % label)
        after = edition_list(self.db)
        if after != before:
            new_lines = set(after.splitlines()) - set(before.splitlines())
            problems.append("the editions changed; new or changed rows:\n    "
                            + "\n    ".join(sorted(new_lines)))
        if problems:
            self.fail("\n  ".join(["%d problem(s):" % len(problems)] + problems))

    def test_help_of_every_command(self):
        for args in (["--help"], ["serve", "--help"], ["demo", "--help"], ["init", "--help"],
                     ["migrate", "--help"], ["edition", "--help"], ["edition", "create", "--help"],
                     ["edition", "list", "--help"], ["edition", "show", "--help"],
                     ["applications", "--help"], ["applications", "list", "--help"]):
            with self.subTest(args=args):
                r = cli(*args)
                self.assertEqual(r.returncode, 0, r)
                self.assertIn("usage", (r.stdout + r.stderr).lower())

    def test_bad_usage_exits_2(self):
        for args in ([], ["no-such-command"], ["edition"], ["edition", "frobnicate"],
                     ["edition", "create"], ["serve", "--no-such-flag"],
                     ["serve", "--port", "abc"], ["serve", "--port", "70000"],
                     ["applications", "list"], ["edition", "list", "--db"]):
            with self.subTest(args=args):
                r = cli(*args)
                self.assertEqual(r.returncode, 2, r)
                self.assertTrue(r.stderr.strip(), r)

    def test_create_list_show(self):
        r = cli(*self.create_args())
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("goed", edition_list(self.db))
        show = cli("edition", "show", "goed", "--db", db_url(self.db))
        self.assertEqual(show.returncode, 0, show)
        self.assertIn("Goede editie", show.stdout)
        self.assertIn("2035-11-15T23:59:00+01:00", show.stdout)
        apps = cli("applications", "list", "goed", "--json", "--db", db_url(self.db))
        self.assertEqual(apps.returncode, 0, apps)
        self.assertEqual(json.loads(apps.stdout),
                         {"edition": "goed", "capacity": 20, "applications": []})

    def test_limits_that_are_allowed(self):
        for i, over in enumerate(({"capacity": "1"}, {"capacity": "1000"},
                                  {"deadline": "2016-02-29 12:00"},       # a leap day
                                  {"deadline": "2026-10-25 02:30"},       # ambiguous: first one
                                  {"deadline": "2026-03-29 03:00"},       # just after the gap
                                  {"fee": "0"}, {"fee": "1500.50"}, {"org_cap": "3"},
                                  {"policy": "diversity"})):
            with self.subTest(over=over):
                r = cli(*self.create_args(slug="ok-%d" % i, **over))
                self.assertEqual(r.returncode, 0, r)

    def test_duplicate_slug_fails_with_exit_1(self):
        self.assertEqual(cli(*self.create_args()).returncode, 0)
        self.assertRefused({"same slug": {"title": "Een andere titel"}}, code=1)
        show = cli("edition", "show", "goed", "--db", db_url(self.db))
        self.assertIn("Goede editie", show.stdout)
        self.assertNotIn("Een andere titel", show.stdout)

    def test_dates_that_do_not_exist_are_refused(self):
        self.assertRefused({d: {"deadline": d} for d in (
            "2017-02-30 12:00",        # no 30 February
            "2017-02-29 12:00",        # 2017 is no leap year
            "2100-02-29 12:00",        # nor is 2100
            "2017-04-31 12:00",
            "2018-03-25 02:30",        # DST gap: 02:00-03:00 does not exist
            "2018-03-25 02:00",
            "2026-03-29 02:59",
            "2017-13-01 12:00", "2017-00-10 12:00", "2017-11-00 12:00",
            "2017-11-15 24:00", "2017-11-15 23:60", "2017-11-15 -1:00",
            "2017-11-15", "15-11-2017 23:59", "2017-11-15 23:59:00",
            "2017-11-15 23:59 ", " 2017-11-15 23:59", "2017-11-15  23:59", "2017-1-5 3:04",
            "", "tomorrow", "2017-11-15 23:59\n", "1900-01-01 12:00", "99999-01-01 12:00")})

    def test_capacity_out_of_range_is_refused(self):
        self.assertRefused({"capacity %r" % v: {"capacity": v} for v in (
            "0", "-1", "99999999999", "1001", "abc", "", "1.5", "1e3", "10x", "0x10", "+5 ",
            "\u0661\u0662", "18446744073709551617", "-99999999999")})

    def test_org_cap_out_of_range_is_refused(self):
        self.assertRefused({"org-cap %r" % v: {"org_cap": v} for v in (
            "-1", "99999999999", "abc", "", "1.5")})

    def test_bad_fee_is_refused(self):
        self.assertRefused({"fee %r" % v: {"fee": v} for v in (
            "-1", "abc", "1.234", "1.5", "1e3", "99999999999", "1000000.01", "1,500", "nan",
            "inf", "", ".50", "1.")})

    def test_fee_sign_and_spaces_are_not_lost(self):
        # "-0.50" must not become +0.50, nor "1.+5" / "1. 5" become 1.05
        self.assertRefused({"fee %r" % v: {"fee": v} for v in ("-0.01", "-0.50", "1.+5", "1. 5")})

    def test_other_bad_options_are_refused(self):
        self.assertRefused({
            "policy random": {"policy": "random"},
            "policy empty": {"policy": ""},
            "slug with capitals": {"slug": "Goed"},
            "slug with space": {"slug": "goed editie"},
            "slug with slash": {"slug": "goed/editie"},
            "slug too long": {"slug": "a" * 65},
            "slug empty": {"slug": ""},
            "title empty": {"title": ""},
            "title with newline": {"title": "Goed\nEditie"},
            "title too long": {"title": "x" * 201},
            "no deadline": {"deadline": None},
            "no capacity": {"capacity": None},
        })

    def test_missing_edition_is_a_failure(self):
        for args in (["edition", "show", "nope"], ["applications", "list", "nope"],
                     ["applications", "list", "nope", "--json"]):
            with self.subTest(args=args):
                r = cli(*args, "--db", db_url(self.db))
                self.assertEqual(r.returncode, 1, r)
                self.assertTrue(r.stderr.strip(), r)

    def test_init_and_migrate_are_repeatable(self):
        for args in (["init"], ["migrate"], ["migrate"]):
            r = cli(*args, "--db", db_url(self.db))
            self.assertEqual(r.returncode, 0, r)
        create_edition(self.db, "na-migratie")
        self.assertIn("na-migratie", edition_list(self.db))
