"""Every route of the route tables (as `lwp routes --json` lists them) with every
kind of visitor: anonymous, signed in without roles, participant, coach,
lead of another edition, lead of the edition, lead of all editions and
admin (each with the second factor) and a lead without the second factor.

Expected, for parameters filled with real values (an edition, one of its
applications, a private application token, a static file):
  ANYONE     never 401/403 (nor a redirect to sign in);
  SIGNED_IN  anonymous: 303 to /inloggen (pages) or 401 (API); signed in:
             neither;
  CONSOLE    anonymous: 303 to /inloggen or 401; no role, participant,
             coach: 403; lead without the second factor: 303 to the second
             factor (pages) or 403 (API); lead of another edition: 403 on
             that edition's objects; the edition's lead, a lead of all
             editions and an admin: allowed (GET pages answer 200).
             Console routes without an edition (other than /beheer itself:
             the audit log, new edition) are for leads of all editions and
             admins only (SPEC section 3, README).
  STAFF      as CONSOLE, and also the edition's coach (recording attendance):
             the coach of route-a is allowed on route-a's objects, refused
             (403) on route-b's.
Nothing ever answers 5xx, also with bogus parameter values. Every
combination is counted and every unexpected answer is printed."""

import json
import re
import secrets
import subprocess
import unittest
import urllib.parse

import accounts_util as au
import network_util
import harness
from harness import REPO_ROOT, ServerTestCase, create_edition, lwp_bin

PAGES_JS = REPO_ROOT / "tests" / "browser" / "pages.js"
ACCESS = {"anyone": "ANYONE", "signed_in": "SIGNED_IN", "console": "CONSOLE",
          "staff": "STAFF"}


def list_routes():
    """The routes as the binary lists them (lwp routes --json)."""
    out = subprocess.run([lwp_bin(), "routes", "--json"], check=True, capture_output=True,
                         text=True, timeout=30).stdout
    return json.loads(out)


def parse_routes():
    """[(method, pattern, access, name)] of every route; every route must
    have one of the known kinds of access."""
    out, bad = [], []
    for r in list_routes():
        if r["access"] not in ACCESS:
            bad.append(r["name"])
            continue
        out.append((r["method"], r["pattern"], ACCESS[r["access"]], r["name"]))
    if bad:
        raise AssertionError("routes with an unknown access: " + ", ".join(bad))
    return out


def params_of(pattern):
    return re.findall(r"\{(\w+)\}", pattern)


def is_api(path):
    return path.startswith("/api/")


def category(resp):
    """What kind of answer: 5xx, login (303 to the sign-in page), factor
    (303 to the second factor), 401, 403 or ok (anything else)."""
    if resp.status >= 500:
        return "5xx"
    if resp.status in (401, 403):
        return str(resp.status)
    if resp.status in (302, 303, 307):
        loc = urllib.parse.urlsplit(resp.header("Location", ""))
        if loc.path == "/inloggen":
            return "login"
        if loc.path in ("/account/tweestaps", "/inloggen/code"):
            return "factor"
    return "ok"


# The visitors, in walking order. For CONSOLE routes: what each may do.
ROLES = ("anonymous", "no_role", "participant", "coach", "lead_other", "lead_no_2fa",
         "lead", "lead_all", "admin")


class RouteTableTest(ServerTestCase):
    server_now = au.NOW
    server_env = dict(au.NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "route-a", capacity=10)
        create_edition(cls.db, "route-b", capacity=10)
        users = {
            "no_role": [],
            "participant": [("participant", "route-a")],
            "coach": [("coach", "route-a")],
            "lead_other": [("lead", "route-b")],
            "lead_no_2fa": [("lead", "route-a")],
            "lead": [("lead", "route-a")],
            "lead_all": [("lead", None)],
            "admin": [("admin", None)],
        }
        cls.emails = {role: "%s@routes.example.nl" % role.replace("_", "-") for role in users}
        au.add_users(cls.db, [(cls.emails[role], {"name": "Route " + role, "grants": grants})
                              for role, grants in users.items()])

    @classmethod
    def after_start(cls):
        s = cls.server
        apps = {}
        for key, slug in (("a", "route-a"), ("b", "route-b"), ("w", "route-a")):
            r = s.apply_api(slug)
            if r.status != 201:
                raise AssertionError("apply: %r" % r)
            apps[key] = r.json()
        cls.app_a, cls.app_b, cls.app_w = apps["a"], apps["b"], apps["w"]
        # a public initiative of the network for the {initiative} routes
        path = network_util.csv_in(cls.tmpdir, "routes.csv", [
            network_util.row("Route-initiatief", "route-owner@routes.example.nl")])
        r = network_util.import_csv(cls.db, path)
        if r.returncode:
            raise AssertionError(repr(r))
        cls.initiative = network_util.ids_by_title(cls.db)["Route-initiatief"]
        cls.invoices = {t: cls.make_invoice(slug, apps[t]) for t, slug in
                        (("a", "route-a"), ("b", "route-b"))}
        cls.clients = {"anonymous": au.Client(s)}
        plain = ("no_role", "participant", "coach", "lead_no_2fa")
        leads = ("lead_other", "lead", "lead_all", "admin")
        signed_in = au.sign_in_all(
            [lambda e=cls.emails[role]: au.sign_in(s, e) for role in plain] +
            [lambda e=cls.emails[role]: au.sign_in_lead(s, e)[0] for role in leads])
        cls.clients.update(zip(plain + leads, signed_in))
        home = s.get("/").text
        m = re.search(r'href="/static/([^"/?]+)"', home)
        cls.static_file = m.group(1) if m else "lwp.css"

    @classmethod
    def make_invoice(cls, slug, app):
        """Accept app, then invoice its organisation and send the invoice:
        (number, organisation id, the contact's private token)."""
        db = ["--db", harness.db_url(cls.db)]
        def run(*args):
            r = harness.cli(*args, *db)
            if r.returncode != 0:
                raise AssertionError("%r" % r)
            return r.stdout
        run("applications", "status", app["id"], "accepted")
        run("invoice", "seller", "--name", "Organisator", "--address", "Turfmarkt 147",
            "--postcode", "2511 DP", "--city", "Den Haag", "--oin", "00000001003214345000",
            "--vat-number", "NL003214345B01", "--iban", "NL91ABNA0417164300")
        doc = next(a for a in harness.applications(cls.db, slug)["applications"]
                   if a["id"] == app["id"])
        run("invoice", "billing", slug, doc["organisation"], "--kvk", "12345678",
            "--email", "facturen@routes.example.nl")
        run("invoice", "create", slug)
        inv = json.loads(run("invoice", "list", slug, "--json"))[0]
        token = re.search(r"/facturen/([0-9a-f]{64})", run("invoice", "send", inv["number"])).group(1)
        return inv["number"], str(inv["organisation_id"]), token

    # -- parameter values

    def values(self, pattern, target):
        """Real values for the route's parameters. target "a": objects of
        route-a (the edition of lead, participant, coach, lead_no_2fa);
        "b": of route-b (the edition of lead_other)."""
        app = self.app_a if target == "a" else self.app_b
        out = {}
        for p in params_of(pattern):
            if p == "slug":
                out[p] = "route-a" if target == "a" else "route-b"
            elif p == "id":
                out[p] = str(app["id"])
            elif p == "token" and pattern.startswith("/facturen/"):
                out[p] = self.invoices[target][2]
            elif p == "token" and pattern.startswith("/aanmelding/"):
                # the withdrawal route really withdraws: use its own application
                out[p] = self.app_w["url"].rsplit("/", 1)[1]
            elif p == "token":
                out[p] = secrets.token_hex(32)      # a login link or offer nobody has
            elif p == "file":
                out[p] = self.static_file
            elif p == "initiative":
                out[p] = str(self.initiative)
            elif p == "connection":
                out[p] = "999999"                  # POST only: a connection nobody has
            elif p == "number":
                out[p] = self.invoices[target][0]
            elif p == "organisation":
                out[p] = self.invoices[target][1]
            elif p == "what":
                out[p] = "attendance"              # a report: a list of people
            else:
                raise AssertionError("no value for parameter {%s} of %s" % (p, pattern))
        return out

    @staticmethod
    def bogus(pattern):
        return {p: {"slug": "geen-editie", "id": "999999", "token": "0" * 64,
                    "file": "geen.css", "initiative": "999999",
                    "connection": "999999"}.get(p, "x") for p in params_of(pattern)}

    @staticmethod
    def fill(pattern, values):
        return re.sub(r"\{(\w+)\}", lambda m: urllib.parse.quote(values[m.group(1)], safe=""),
                      pattern)

    # -- expectations

    def expected(self, method, pattern, access, name, role, target):
        """The set of acceptable categories (see category())."""
        api = is_api(pattern)
        if access == "ANYONE":
            return {"ok"}
        if role == "anonymous":
            return {"401"} if api else {"login"}
        if access == "SIGNED_IN":
            allowed = {"ok"}
            if name == "login_code":
                allowed.add("factor")       # no TOTP yet: set it up first
            if name == "login_code_submit":
                allowed.add("401")          # the empty code is wrong
            return allowed
        # CONSOLE, and STAFF (which lets the edition's coach in too)
        if access == "STAFF" and role == "coach":
            return {"ok"} if target == "a" else {"403"}
        if role in ("no_role", "participant", "coach"):
            return {"403"}
        if role == "lead_no_2fa":
            return {"403"} if api else {"factor"}
        scoped = bool(params_of(pattern))
        if role in ("lead_all", "admin"):
            return {"ok"}
        if not scoped:
            # /beheer lists the editions one leads; the rest is for leads of
            # all editions and admins
            return {"ok"} if pattern == "/beheer" else {"403"}
        own = "a" if role == "lead" else "b"
        return {"ok"} if target == own else {"403"}

    def call(self, client, method, path):
        if method == "GET":
            return client.get(path)
        if is_api(path):
            return client.post_json(path, {})
        return client.post(path, [])

    def walk(self, routes, roles, targets, problems, counter, bogus=False):
        for method, pattern, access, name in routes:
            for target in targets:
                if target == "b" and not params_of(pattern):
                    continue
                values = self.bogus(pattern) if bogus else self.values(pattern, target)
                path = self.fill(pattern, values)
                for role in roles:
                    resp = self.call(self.clients[role], method, path)
                    counter[0] += 1
                    got = category(resp)
                    if bogus:
                        # handlers may answer 404/405/410/422 for values that
                        # name nothing; fixed are: no 5xx, and the refusals
                        # made before any handler runs
                        if got == "5xx":
                            problems.append(self.describe(method, path, access, role, resp,
                                                          "not 5xx"))
                        elif access != "ANYONE" and role in ("anonymous", "no_role",
                                                             "lead_no_2fa"):
                            want = self.expected(method, pattern, access, name, role, target)
                            if got not in want:
                                problems.append(self.describe(method, path, access, role, resp,
                                                              " or ".join(sorted(want))))
                        continue
                    want = self.expected(method, pattern, access, name, role, target)
                    ok = got in want
                    if is_api(path) and got in ("401", "403") and not \
                            resp.header("Content-Type", "").startswith("application/json"):
                        problems.append(self.describe(method, path, access, role, resp,
                                                      "a JSON error"))
                    # GETs answer 200 with real values, except where the value
                    # cannot be real here: no offer or download link exists (a
                    # random token), {id} names an application, not a message, and
                    # the test editions are first come, first served (the
                    # selection API answers 409 for them); no meeting or poll
                    # has the application's id, and no poll link or calendar
                    # feed the random token (test_meetings.py opens them); nor a
                    # nomination (a random token), nor the edit page of an
                    # initiative, which only its owners see: 404 for others.
                    strict = name not in ("login_code", "offer", "api_selection", "meeting",
                                          "attendance", "poll", "poll_answer",
                                          "agenda_private", "api_attendance", "api_poll",
                                          "nomination", "initiative_edit", "download",
                                          "console_message", "api_console_message")
                    if ok and got == "ok" and method == "GET" and access != "ANYONE" and \
                            resp.status != 200 and strict:
                        ok, want = False, {"200"}
                    if ok and method == "GET" and access == "ANYONE" and resp.status != 200 \
                            and strict:
                        ok, want = False, {"200"}
                    if not ok:
                        problems.append(self.describe(method, path, access, role, resp,
                                                      " or ".join(sorted(want))))
        return problems

    @staticmethod
    def describe(method, path, access, role, resp, want):
        loc = resp.header("Location")
        return "%-4s %-50s %-9s as %-11s expected %-12s got %d%s" % (
            method, path, access, role, want, resp.status, " -> " + loc if loc else "")

    def test_every_route_with_every_role(self):
        routes = parse_routes()
        self.assertGreaterEqual(len(routes), 40, "suspiciously few routes parsed")
        names = [r[3] for r in routes]
        self.assertIn("logout", names)
        # signing out ends the session: walk it last
        first = [r for r in routes if r[3] != "logout"]
        last = [r for r in routes if r[3] == "logout"]
        problems, counter = [], [0]
        self.walk(first, ROLES, ("a", "b"), problems, counter)
        self.walk(first, ROLES, ("a",), problems, counter, bogus=True)

        # the refusals of signed-in visitors without the role are audited
        # (read by the lead of all editions)
        reader = self.clients["lead_all"]
        who = {row["who"] for row in au.all_audit_rows(reader)
               if row["action"] == "access.refused"}
        for role in ("no_role", "participant", "coach", "lead_other"):
            if self.emails[role] not in who:
                problems.append("no access.refused audit entry for %s" % self.emails[role])

        sessions = {role: c.session for role, c in self.clients.items()}
        self.walk(last, ROLES, ("a",), problems, counter)
        # after signing out, the old session cookies are dead
        for role, value in sessions.items():
            if role == "anonymous":
                continue
            r = self.server.get("/api/v1/session", headers={"Cookie": "lwp_session=" + value})
            counter[0] += 1
            if r.status != 401:
                problems.append("GET /api/v1/session with the signed-out session of %s: "
                                "expected 401, got %d" % (role, r.status))
        print("\nroute table: %d routes, %d route x role combinations checked, %d unexpected"
              % (len(routes), counter[0], len(problems)))
        if problems:
            self.fail("%d unexpected answer(s) out of %d:\n  %s"
                      % (len(problems), counter[0], "\n  ".join(problems)))


class BrowserCoverageTest(unittest.TestCase):
    """Every GET route that answers HTML is shown by a page of the browser
    suite (its `route:` in tests/browser/pages.js), so that axe and the Nu
    checker see every page a person can reach."""

    def test_every_html_page_is_in_the_browser_suite(self):
        shown = set(re.findall(r"route: '(\w+)'", PAGES_JS.read_text(encoding="utf-8")))
        routes = [r for r in list_routes() if r["method"] == "GET" and r["html"]]
        self.assertGreater(len(routes), 15)
        missing = sorted(r["name"] + " " + r["pattern"] for r in routes if r["name"] not in shown)
        self.assertEqual(missing, [], "HTML routes no page of tests/browser/pages.js shows")
        unknown = shown - {r["name"] for r in routes}
        self.assertEqual(sorted(unknown), [], "pages.js names routes that do not exist")
