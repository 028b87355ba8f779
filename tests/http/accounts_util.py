"""Helpers for the tests of accounts, sign-in and the lead console: users
made with `lwp user`, TOTP codes (RFC 6238) computed here, a browser-like
client with a cookie jar that signs in step by step, the SMTP sink of
test_mail, and readers for the audit log and the recovery codes.

Python 3 stdlib only."""

import base64
import concurrent.futures
import hashlib
import hmac
import html
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import urllib.parse

import harness
from test_mail import Sink  # noqa: F401  (re-exported for the test modules)

PASSWORD = "Zeven-lange-fietsen-42"

# A fixed clock for the servers of these tests, in the middle of a 30 s
# TOTP step, so that codes computed here are valid at the server's "now".
# Enrolment uses the code of the step before (the oldest one accepted),
# which leaves the current and the next step for two later sign-ins.
NOW = (int(time.time()) // 30) * 30 + 15

# Sign-in attempts are rate limited per address and per account; every
# request of the suite comes from 127.0.0.1, so tests that are not about the
# limits lift them.
NO_LIMITS = {"LWP_RATE_LOGIN": "1000000", "LWP_RATE_LOGIN_ACCOUNT": "1000000",
             "LWP_RATE_LOGIN_ACCOUNT_IP": "1000000",
             "LWP_RATE_LINK": "1000000"}


# --------------------------------------------------------------------------
# users

def add_user(db, email, name="Test Gebruiker", password=PASSWORD, lang="en", grants=()):
    """`lwp user add` (with the password on stdin unless password is None),
    then `lwp user grant` for every (role, edition slug or None)."""
    args = [harness.lwp_bin(), "user", "add", email, "--name", name, "--lang", lang,
            "--db", harness.db_url(db)]
    if password is not None:
        args.append("--password-stdin")
    p = subprocess.run(args, input=((password or "") + "\n").encode(), capture_output=True,
                       timeout=harness.CLI_TIMEOUT, env=harness.child_env())
    err = p.stderr.decode("utf-8", "replace")
    if harness.sanitizer_report(err):
        raise AssertionError("lwp user add: sanitizer report:\n" + err)
    if p.returncode != 0:
        raise AssertionError("lwp user add %s -> exit %d: %s" % (email, p.returncode, err))
    for role, edition in grants:
        grant(db, email, role, edition)


def add_users(db, users):
    """add_user for each (email, keyword arguments) at once: hashing the
    passwords takes most of the time, and runs in parallel."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for f in [pool.submit(add_user, db, email, **kw) for email, kw in users]:
            f.result()


def sign_in_all(jobs):
    """Run sign-in callables at once; their results in order."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        return [f.result() for f in [pool.submit(job) for job in jobs]]


def grant(db, email, role, edition=None):
    args = ["user", "grant", email, role, "--db", harness.db_url(db)]
    if edition:
        args += ["--edition", edition]
    r = harness.cli(*args)
    if r.returncode != 0:
        raise AssertionError("user grant failed: %r" % r)


# --------------------------------------------------------------------------
# TOTP

def totp(secret, at, step=30, digits=6):
    """The RFC 6238 code (HMAC-SHA-1) of a base32 secret at unix time `at`."""
    s = secret.replace(" ", "").upper()
    key = base64.b32decode(s + "=" * (-len(s) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(at) // step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    value = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return "%0*d" % (digits, value)


# --------------------------------------------------------------------------
# a browser

def hidden_csrf(text):
    m = re.search(r'<input\b[^>]*\bname="csrf"[^>]*>', text)
    if not m:
        return None
    v = re.search(r'\bvalue="([^"]*)"', m.group(0))
    return html.unescape(v.group(1)) if v else None


def computing(r):
    """Whether r says its answer is still being computed (the selection
    page's Refresh header, the API's 202)."""
    return r.status == 202 or r.header("Refresh") is not None


class Client:
    """One browser: a cookie jar, the CSRF token of its forms, and no
    automatic redirects. Requests go through harness.Server.request."""

    def __init__(self, server, lang="en"):
        self.server = server
        self.cookies = {}
        if lang:
            self.cookies["lang"] = lang
        self._tokens = {}

    # -- cookies

    def session_cookie_name(self):
        return "__Host-lwp_session" if (self.server.base_url or "").startswith("https:") \
            else "lwp_session"

    @property
    def session(self):
        return self.cookies.get(self.session_cookie_name())

    def absorb(self, resp):
        for v in resp.header_all("Set-Cookie"):
            parts = [p.strip() for p in v.split(";")]
            name, _, value = parts[0].partition("=")
            if any(p.lower() == "max-age=0" for p in parts[1:]):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    # -- requests

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies and "Cookie" not in h:
            h["Cookie"] = self.cookie_header()
        r = self.server.request(method, path, body=body, headers=h)
        self.absorb(r)
        return r

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def get_ready(self, path, headers=None, timeout=60):
        """GET a page or API answer that may be computed on the server's
        worker pool first (the selection): while it answers "being
        computed" (202, or a Refresh header as a browser follows it), ask
        again, as the browser or a script would, until the real answer."""
        deadline = time.monotonic() + timeout
        pause = 0.02
        while True:
            r = self.get(path, headers=headers)
            if not computing(r):
                return r
            if time.monotonic() > deadline:
                raise AssertionError("%s still being computed after %ss: %r" % (path, timeout, r))
            time.sleep(pause)               # poll: the condition is the answer
            pause = min(pause * 2, 0.25)

    def token(self):
        """The CSRF token this browser's forms carry now: the session's
        when signed in, else the one of its CSRF cookie."""
        key = self.session
        if key in self._tokens:
            return self._tokens[key]
        token = None
        if key:
            r = self.get("/api/v1/session")
            if r.status == 200:
                token = r.json()["csrf_token"]
        if token is None:
            r = self.get("/inloggen")
            token = hidden_csrf(r.text)
            if token is None:
                raise AssertionError("no csrf field on /inloggen: %r" % r)
        self._tokens[self.session] = token
        return token

    def post(self, path, fields=(), csrf=True, headers=None):
        """A form POST; with csrf=True the current token goes along, a
        string sends that token, None sends none."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf is True:
            csrf = self.token()
        if csrf is not None:
            pairs.insert(0, ("csrf", csrf))
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=urllib.parse.urlencode(pairs).encode(), headers=h)

    def post_json(self, path, obj, csrf=True, headers=None):
        h = {"Content-Type": "application/json"}
        if csrf is True:
            csrf = self.token()
        if csrf is not None:
            h["X-CSRF-Token"] = csrf
        h.update(headers or {})
        return self.request("POST", path, body=json.dumps(obj).encode(), headers=h)

    # -- signing in

    def login_password(self, email, password=PASSWORD, terug=None):
        fields = [("user", email), ("password", password)]
        if terug:
            fields.append(("terug", terug))
        return self.post("/inloggen/wachtwoord", fields)

    def enrol_totp(self, now=None):
        """Set up the second factor on /account/tweestaps; returns (secret,
        recovery codes). The answer must be 200 with ten codes."""
        now = NOW if now is None else now
        r = self.get("/account/tweestaps")
        if r.status != 200:
            raise AssertionError("GET /account/tweestaps: %r" % r)
        m = re.search(r'<input\b[^>]*\bname="secret"[^>]*\bvalue="([A-Z2-7]+)"', r.text)
        if not m:
            raise AssertionError("no secret on /account/tweestaps: %r" % r)
        secret = m.group(1)
        r = self.post("/account/tweestaps", [("secret", secret), ("code", totp(secret, now - 30))])
        codes = recovery_codes(r.text) if r.status == 200 else []
        if r.status != 200 or len(codes) != 10:
            raise AssertionError("enrolling TOTP: expected 200 with 10 codes, got %r" % r)
        return secret, codes

    def login_code(self, code, terug=None):
        fields = [("code", code)]
        if terug:
            fields.append(("terug", terug))
        return self.post("/inloggen/code", fields)

    def logout(self):
        return self.post("/uitloggen")


def recovery_codes(text):
    return re.findall(r"<code>([A-Z2-7]{5}-[A-Z2-7]{5})</code>", text)


def sign_in_lead(server, email, password=PASSWORD):
    """A client of a lead/admin signed in with password and a freshly
    enrolled second factor. Returns (client, secret, recovery codes)."""
    c = Client(server)
    r = c.login_password(email, password)
    if r.status != 303 or harness.location_path(r) != "/account/tweestaps":
        raise AssertionError("password sign-in of %s: expected 303 to /account/tweestaps, got %r"
                             % (email, r))
    secret, codes = c.enrol_totp()
    return c, secret, codes


def sign_in(server, email, password=PASSWORD):
    """A client signed in with password (first factor only)."""
    c = Client(server)
    r = c.login_password(email, password)
    if r.status != 303:
        raise AssertionError("password sign-in of %s: expected 303, got %r" % (email, r))
    return c


# --------------------------------------------------------------------------
# pages

def audit_rows(text):
    """The rows of the audit table: dicts with when, who, action, object,
    detail, ip. action, object and detail are the stored codes (the page
    keeps them in data-action, data-object and data-detail and shows them
    as sentences in its language: those are in action_text, object_text and
    detail_text)."""
    m = re.search(r"<tbody>(.*?)</tbody>", text, re.S)
    rows = []
    names = ("when", "who", "action", "object", "detail", "ip")
    for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1) if m else "", re.S):
        tds = re.findall(r"<td([^>]*)>(.*?)</td>", tr, re.S)
        if len(tds) != 6:
            continue
        row = {}
        for name, (attrs, content) in zip(names, tds):
            shown = html.unescape(re.sub(r"<[^>]+>", "", content))
            code = re.search(r'data-%s="([^"]*)"' % name, attrs)
            row[name] = html.unescape(code.group(1)) if code else shown
            if name in ("action", "object", "detail"):
                row[name + "_text"] = shown
        rows.append(row)
    return rows


def all_audit_rows(client, pages=50):
    """Every row of the audit log, following its pages (100 rows each)."""
    rows = []
    for page in range(1, pages + 1):
        r = client.get("/beheer/audit?pagina=%d" % page)
        if r.status != 200:
            raise AssertionError("GET /beheer/audit?pagina=%d: %r" % (page, r))
        got = audit_rows(r.text)
        rows += got
        if len(got) < 100:
            break
    return rows


def mail_text(msg):
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def wait_for_mail(sink, predicate, timeout=30.0, what="a message"):
    """The first message in the sink for which predicate(msg) is true,
    polling until the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        for msg in sink.messages():
            if predicate(msg):
                return msg
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for %s; got: %s" % (
                what, [(m["X-Envelope-To"], str(m["Subject"])) for m in sink.messages()]))
        time.sleep(0.1)


class MailServerTestCase(harness.ServerTestCase):
    """A ServerTestCase whose server sends mail to a real SMTP sink on
    loopback (self.sink), on the fixed clock NOW with the sign-in limits
    lifted. Subclasses override prepare_data() instead of prepare()."""

    server_now = NOW
    base_url = None

    @classmethod
    def prepare(cls):
        port = harness.free_port()
        cls.sink = Sink(port, os.path.join(cls.tmpdir, "mail"))
        cls.sink.start()
        cls.addClassCleanup(cls.sink.stop)
        env = dict(NO_LIMITS)
        env.update({"LWP_SMTP_URL": "smtp://127.0.0.1:%d" % port,
                    "LWP_MAIL_FROM": "noreply@leerwerkplaats.example.nl",
                    "LWP_MAIL_RETRY_SECONDS": "1"})
        cls.server_env = env
        cls.prepare_data()

    @classmethod
    def prepare_data(cls):
        """Editions and users, before the server starts."""

    @classmethod
    def setUpClass(cls):
        # ServerTestCase.setUpClass, with the configured base URL
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-http-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        harness.init_db(cls.db)
        cls.prepare()
        cls.server = harness.Server(cls.db, now=cls.server_now, threads=cls.server_threads,
                                    env=cls.server_env, base_url=cls.base_url)
        cls.server.start()
        cls.addClassCleanup(cls._stop_server)
        cls.after_start()
