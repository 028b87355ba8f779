"""Test harness for the HTTP integration tests of lwp.

Starts the real `lwp serve` on 127.0.0.1 with a fresh SQLite database, talks
to it over sockets (http.client, or raw bytes for malformed requests) and runs
the CLI on the same database to see what was stored. Python 3 stdlib only.

The binary comes from the environment variable LWP_BIN (default
build/src/cli/lwp relative to the repository root). A server that exits with
a non-zero status, or writes a sanitizer report to stderr, fails the test
class that started it.
"""

import atexit
import calendar
import hashlib
import contextlib
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.parse
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

# The database backend of the run: "sqlite" (a file per test) or "postgres"
# (a database per test on the server whose admin URL is LWP_TEST_PG_URL,
# e.g. postgres://postgres@127.0.0.1:PORT/postgres; scripts/pg.sh starts one).
BACKEND = os.environ.get("LWP_TEST_BACKEND", "sqlite")
PG_ADMIN_URL = os.environ.get("LWP_TEST_PG_URL", "")
if BACKEND not in ("sqlite", "postgres"):
    raise SystemExit("LWP_TEST_BACKEND must be sqlite or postgres")
if BACKEND == "postgres" and not PG_ADMIN_URL:
    raise SystemExit("LWP_TEST_BACKEND=postgres needs LWP_TEST_PG_URL")

# Text in stderr that means the process hit undefined behaviour or a memory error.
SANITIZER_MARKERS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error:",
    "WARNING: ThreadSanitizer",
    "Segmentation fault",
)

# Generous: an ASan build on a loaded 2-core machine is slow to start.
START_TIMEOUT = 20.0
STOP_TIMEOUT = 20.0
REQUEST_TIMEOUT = 30.0
CLI_TIMEOUT = 60.0

FAR_DEADLINE = "2035-11-15 23:59"   # open for the whole life of this suite

# Every request of the suite comes from 127.0.0.1, so the per-IP limit on
# applications would stop most tests; a test of the limit sets its own.
DEFAULT_SERVER_ENV = {"LWP_RATE_APPLY": "1000000"}


# --------------------------------------------------------------------------
# binary, environment, CLI

def lwp_bin():
    """Path of the lwp binary: $LWP_BIN (relative to the current directory
    or else to the repository root) or build/src/cli/lwp in the repo."""
    given = os.environ.get("LWP_BIN")
    if not given:
        return str(REPO_ROOT / "build" / "src" / "cli" / "lwp")
    p = Path(given)
    if not p.is_absolute():
        p = p.resolve() if p.exists() else (REPO_ROOT / p)
    return str(p)


def child_env(extra=None):
    """Environment for lwp processes: ours without LWP_* settings that could
    redirect the database or the listen address, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LWP_")}
    env.setdefault("LC_ALL", "C.UTF-8")
    if extra:
        env.update({k: str(v) for k, v in extra.items()})
    return env


def sanitizer_report(text):
    """The start of a sanitizer report (with some context) in `text`, or None."""
    for marker in SANITIZER_MARKERS:
        i = text.find(marker)
        if i >= 0:
            return text[max(0, i - 200):i + 2000]
    return None


class CliResult:
    def __init__(self, args, returncode, stdout, stderr):
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self):
        return ("lwp %s -> exit %d\nstdout: %s\nstderr: %s"
                % (" ".join(self.args), self.returncode, self.stdout[-2000:],
                   self.stderr[-2000:]))


def cli(*args, env=None, timeout=CLI_TIMEOUT):
    """Run `lwp ARGS`; returns a CliResult. A sanitizer report on stderr
    raises AssertionError (the run counts as failed whatever the exit code)."""
    args = [str(a) for a in args]
    p = subprocess.run([lwp_bin()] + args, capture_output=True, timeout=timeout,
                       env=child_env(env), stdin=subprocess.DEVNULL)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    report = sanitizer_report(err)
    if report:
        raise AssertionError("lwp %s: sanitizer report:\n%s" % (" ".join(args), report))
    return CliResult(args, p.returncode, out, err)


_pg_databases = set()


def _pg_database(path):
    """The PostgreSQL database standing for the test's database file path,
    created on first use (the test's temporary path makes it unique)."""
    name = "t_" + hashlib.sha1(str(path).encode()).hexdigest()[:20]
    if name not in _pg_databases:
        p = subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", PG_ADMIN_URL, "-c",
                            "CREATE DATABASE %s" % name],
                           capture_output=True, text=True, timeout=CLI_TIMEOUT)
        if p.returncode != 0 and "already exists" not in p.stderr:
            raise AssertionError("cannot create database %s: %s" % (name, p.stderr))
        _pg_databases.add(name)
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return "%s/%s" % (base, name)


def db_url(path):
    """The --db URL for a test database named by a file path: the SQLite
    file itself, or a PostgreSQL database of its own."""
    if BACKEND == "postgres":
        return _pg_database(path)
    return "sqlite:" + str(path)


def init_db(path):
    r = cli("init", "--db", db_url(path))
    if r.returncode != 0:
        raise AssertionError("lwp init failed: %r" % r)


def create_edition(db, slug, capacity=20, deadline=FAR_DEADLINE, policy="fcfs",
                   org_cap=0, fee="1500", publish=True, title=None, env=None):
    """`lwp edition create`; raises if it does not exit 0."""
    args = ["edition", "create", "--slug", slug, "--title", title or ("Edition " + slug),
            "--capacity", capacity, "--deadline", deadline, "--policy", policy,
            "--org-cap", org_cap, "--fee", fee, "--db", db_url(db)]
    if publish:
        args.append("--publish")
    r = cli(*args, env=env)
    if r.returncode != 0:
        raise AssertionError("edition create failed: %r" % r)
    return r


def applications(db, slug):
    """`lwp applications list SLUG --json`, parsed."""
    r = cli("applications", "list", slug, "--json", "--db", db_url(db))
    if r.returncode != 0:
        raise AssertionError("applications list failed: %r" % r)
    try:
        return json.loads(r.stdout)
    except ValueError as e:
        raise AssertionError("applications list --json is not JSON (%s): %r" % (e, r))


def edition_list(db):
    r = cli("edition", "list", "--db", db_url(db))
    if r.returncode != 0:
        raise AssertionError("edition list failed: %r" % r)
    return r.stdout


def amsterdam_to_unix(y, mo, d, h, mi, offset_hours):
    """Unix seconds of a local Europe/Amsterdam time with a known UTC offset."""
    return calendar.timegm((y, mo, d, h, mi, 0)) - offset_hours * 3600


# --------------------------------------------------------------------------
# sample applications

_counter = [0]


def unique_email(prefix="applicant"):
    _counter[0] += 1
    return "%s.%d.%d@example.nl" % (prefix, os.getpid(), _counter[0])


def form_fields(**over):
    """A complete, valid application as form fields (all strings)."""
    f = {
        "name": "Anne de Vries",
        "email": unique_email(),
        "organisation": "Ministerie van Binnenlandse Zaken",
        "organisation_kind": "ministry",
        "function": "Programmamanager",
        "phone": "0701234567",
        "initiative_title": "Zelforganisatie in de uitvoering",
        "theme": "new_organising",
        "initiative_summary": "Teams organiseren hun eigen werk.",
        "tags": "zelforganisatie, teams",
        "motivation": "Ik wil leren van andere organisaties.",
        "question": "Hoe houden we het management aan boord?",
        "billing_contact": "Financiele administratie",
        "billing_address": "Postbus 20011\n2500 EA Den Haag",
        "billing_reference": "PO-2017-42",
        "residential_needs": "Vegetarisch",
        "eligible": "1",
        "consent": "1",
        "consent_directory": "1",
    }
    for k, v in over.items():
        if v is None:
            f.pop(k, None)
        else:
            f[k] = v
    return f


def json_fields(**over):
    """A complete, valid application as a JSON object (booleans for the boxes)."""
    f = form_fields()
    for k in ("eligible", "consent", "consent_directory"):
        f[k] = True
    for k, v in over.items():
        if v is None:
            f.pop(k, None)
        else:
            f[k] = v
    return f


# --------------------------------------------------------------------------
# HTTP

class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers          # list of (name, value)
        self.body = body

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return default

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "HTTP %s %s\n%s\n\n%s" % (
            self.status, self.reason,
            "\n".join("%s: %s" % kv for kv in self.headers),
            self.body[:1500].decode("utf-8", "replace"))


_started_servers = []


@atexit.register
def _clean_up_servers():
    """At exit: end any server a test left running (only processes this
    harness started) and remove the log directories."""
    for server in _started_servers:
        if server.proc is not None and server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        shutil.rmtree(server.logdir, ignore_errors=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """One `lwp serve` (or, with command="demo", `lwp demo`) process on a
    free port of 127.0.0.1."""

    def __init__(self, db, now=None, threads=2, env=None, base_url=None, command="serve"):
        self.command = command
        self.db = str(db)
        self.now = now
        self.threads = threads
        self.env = dict(env or {})
        self.base_url = base_url
        self.proc = None
        self.port = None
        self.logdir = tempfile.mkdtemp(prefix="lwp-http-log-")
        self.stopped = False
        self._csrf = None
        _started_servers.append(self)

    # -- life cycle

    def start(self):
        last = None
        for _attempt in range(3):    # another process may take the port first
            self.port = free_port()
            try:
                self._spawn()
                self._wait_healthy()
                return self
            except _PortTaken as e:
                last = e
        raise AssertionError("could not start lwp serve: %s" % last)

    def _spawn(self):
        db = self.db if self.command == "demo" else db_url(self.db)   # demo takes a path
        args = [lwp_bin(), self.command, "--db", db, "--port", str(self.port),
                "--listen", HOST, "--threads", str(self.threads)]
        if self.base_url:
            args += ["--base-url", self.base_url]
        env = dict(DEFAULT_SERVER_ENV)
        env.update(self.env)
        if self.now is not None:
            env["LWP_NOW"] = str(int(self.now))
        self.stdout_path = os.path.join(self.logdir, "stdout.%d" % self.port)
        self.stderr_path = os.path.join(self.logdir, "stderr.%d" % self.port)
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(args, stdout=out, stderr=err,
                                         stdin=subprocess.DEVNULL, env=child_env(env))

    def stderr_text(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _wait_healthy(self):
        """Poll GET /healthz until it answers 200, the process exits, or the
        deadline passes. Between attempts we wait on the process itself, so
        a crash ends the wait at once."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            rc = self.proc.poll()
            if rc is not None:
                err = self.stderr_text()
                if "in use" in err.lower():
                    raise _PortTaken(err)
                raise AssertionError("lwp serve exited with %d before answering:\n%s" % (rc, err))
            try:
                r = self.request("GET", "/healthz", timeout=2)
                # another process may hold the port: the answer must be ours
                if r.status == 200 and self._owns_port():
                    return
            except (OSError, http.client.HTTPException):
                pass
            if time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("lwp serve did not answer /healthz within %ss:\n%s"
                                     % (START_TIMEOUT, self.stderr_text()))
            try:
                self.proc.wait(timeout=0.02)
            except subprocess.TimeoutExpired:
                pass

    def _owns_port(self):
        """True when our process holds the listening socket of self.port
        (Linux /proc); True where /proc cannot tell."""
        try:
            inodes = set()
            fd_dir = "/proc/%d/fd" % self.proc.pid
            for fd in os.listdir(fd_dir):
                try:
                    link = os.readlink(os.path.join(fd_dir, fd))
                except OSError:
                    continue
                if link.startswith("socket:["):
                    inodes.add(link[8:-1])
            for table in ("/proc/net/tcp", "/proc/net/tcp6"):
                try:
                    with open(table) as f:
                        rows = f.read().splitlines()[1:]
                except OSError:
                    continue
                for row in rows:
                    col = row.split()
                    if len(col) > 9 and col[3] == "0A" and \
                            int(col[1].rsplit(":", 1)[1], 16) == self.port and col[9] in inodes:
                        return True
            return False
        except OSError:
            return True

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def problems(self):
        """Reasons to fail seen so far: process gone, sanitizer report."""
        out = []
        if self.proc is not None and self.proc.poll() is not None and not self.stopped:
            out.append("server exited unexpectedly with status %d" % self.proc.returncode)
        report = sanitizer_report(self.stderr_text())
        if report:
            out.append("sanitizer report in server stderr:\n" + report)
        return out

    def stop(self):
        """SIGTERM, wait, and return a list of problems (empty when the
        server exited 0 without a sanitizer report)."""
        if self.proc is None or self.stopped:
            return []
        out = []
        if self.proc.poll() is not None:
            out.append("server had already exited with status %d" % self.proc.returncode)
        else:
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                rc = None
                out.append("server did not exit within %ss of SIGTERM" % STOP_TIMEOUT)
            if rc is not None and rc != 0:
                out.append("server exited with status %d after SIGTERM" % rc)
        self.stopped = True
        report = sanitizer_report(self.stderr_text())
        if report:
            out.append("sanitizer report in server stderr:\n" + report)
        if out:
            out.append("server stderr (tail):\n" + self.stderr_text()[-3000:])
        shutil.rmtree(self.logdir, ignore_errors=True)
        return out

    # -- requests

    def request(self, method, path, body=None, headers=None, timeout=REQUEST_TIMEOUT):
        """One request on a new connection; redirects are not followed."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=dict(headers or {}))
            r = conn.getresponse()
            data = r.read()
            return Response(r.status, r.reason, r.getheaders(), data)
        finally:
            conn.close()

    def get(self, path, lang=None, headers=None):
        h = dict(headers or {})
        if lang:
            h.setdefault("Accept-Language", lang)
        return self.request("GET", path, headers=h)

    def csrf(self, hint=None):
        """This client's CSRF (token, cookie) pair, like a browser gets it:
        from the hidden csrf field and the Set-Cookie of a page with a form
        (`hint` first, then the apply form of a published edition). Fetched
        once per server. (None, None) when the forms carry no token."""
        if self._csrf is not None:
            return self._csrf
        pages = [hint] if hint else []
        try:
            editions = self.get("/api/v1/editions").json().get("editions", [])
            pages += ["/edities/%s/aanmelden" % e["slug"] for e in editions]
        except (ValueError, AttributeError):
            pass
        for page in pages:
            r = self.get(page)
            if r.status != 200 or "<form" not in r.text:
                continue
            m = re.search(r'<input\b[^>]*\bname="csrf"[^>]*>', r.text)
            if not m:
                self._csrf = (None, None)           # forms without a token
                return self._csrf
            token = re.search(r'\bvalue="([^"]*)"', m.group(0)).group(1)
            cookie = None
            for v in r.header_all("Set-Cookie"):
                pair = v.split(";")[0].strip()
                if pair.partition("=")[2] == token:
                    cookie = pair
            self._csrf = (token, cookie)
            return self._csrf
        return (None, None)                         # no form yet: ask again later

    def use_csrf(self, pair):
        """Reuse a CSRF (token, cookie) pair got elsewhere, e.g. from a page
        loaded from a server that ran before the deadline."""
        self._csrf = pair

    def post_form(self, path, fields=None, body=None, headers=None, csrf=True):
        """POST application/x-www-form-urlencoded: `fields` (dict or list of
        pairs) is encoded, or `body` (bytes or str) is sent as is. With csrf
        (the default) the client's CSRF token goes first in the body and its
        cookie along, as a browser would send them."""
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        token, cookie = (None, None)
        if csrf:
            hint = path[:-len("/intrekken")] if path.endswith("/intrekken") else path
            token, cookie = self.csrf(hint)
        if body is None:
            pairs = list(fields.items()) if isinstance(fields, dict) else list(fields or [])
            if token:
                pairs.insert(0, ("csrf", token))
            body = urllib.parse.urlencode(pairs)
        elif token:
            body = (b"csrf=" + token.encode() + (b"&" if body else b"")
                    + (body.encode("utf-8") if isinstance(body, str) else body))
        if isinstance(body, str):
            body = body.encode("utf-8")
        if cookie:
            h["Cookie"] = "; ".join(c for c in (h.get("Cookie"), cookie) if c)
        return self.request("POST", path, body=body, headers=h)

    def post_json(self, path, obj=None, body=None, content_type="application/json",
                  headers=None):
        if body is None:
            body = json.dumps(obj, ensure_ascii=False)
        if isinstance(body, str):
            body = body.encode("utf-8")
        h = {}
        if content_type is not None:
            h["Content-Type"] = content_type
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h)

    def apply_api(self, slug, **over):
        return self.post_json("/api/v1/editions/%s/applications" % slug, json_fields(**over))

    def healthy(self):
        try:
            return self.request("GET", "/healthz", timeout=10).status == 200
        except (OSError, http.client.HTTPException):
            return False

    def raw(self, head, body_chunks=(), timeout=REQUEST_TIMEOUT, half_close=False):
        """Send raw bytes and read one response (see raw_exchange)."""
        return raw_exchange(self.port, head, body_chunks, timeout, half_close)


class _PortTaken(Exception):
    pass


class RawResponse:
    def __init__(self, data, reset):
        self.data = data
        self.reset = reset            # the server reset the connection
        self.status = None
        self.headers = []
        self.body = b""
        head, sep, rest = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        m = re.match(rb"HTTP/1\.[01] (\d{3})", lines[0]) if lines else None
        if m:
            self.status = int(m.group(1))
            for line in lines[1:]:
                k, _, v = line.partition(b":")
                self.headers.append((k.decode("latin-1").strip(), v.decode("latin-1").strip()))
            self.body = rest

    def header(self, name, default=None):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return default

    def __repr__(self):
        return "raw response (reset=%s): %r" % (self.reset, self.data[:1500])


def raw_exchange(port, head, body_chunks=(), timeout=REQUEST_TIMEOUT, half_close=False):
    """Send `head` then `body_chunks` (an iterable of bytes) on one
    connection, stop sending as soon as the server answers or closes, and
    read the first response (up to its Content-Length, or until close).
    With half_close, shut down our sending side afterwards so that a server
    waiting for more input sees the end at once. Returns a RawResponse;
    status is None when no response came."""
    s = socket.create_connection((HOST, port), timeout=timeout)
    data = b""
    reset = False
    deadline = time.monotonic() + timeout
    try:
        def answered():
            r, _, _ = select.select([s], [], [], 0)
            return bool(r)

        try:
            s.sendall(head)
            for chunk in body_chunks:
                if answered():
                    break
                s.sendall(chunk)
            if half_close:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass                # the server stopped reading: see what it answered
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                s.settimeout(remaining)
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    break
                if not chunk:
                    break
                data += chunk
                if _complete(data):
                    break
        except ConnectionResetError:
            reset = True
    finally:
        s.close()
    return RawResponse(data, reset)


def _complete(data):
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
    if m:
        return len(rest) >= int(m.group(1))
    return False


# --------------------------------------------------------------------------
# HTML helpers

def html_lang(text):
    m = re.search(r'<html[^>]*\blang="([^"]+)"', text)
    return m.group(1) if m else None


def tag_with_id(text, element_id):
    """The opening tag of the element with id="element_id" (or None)."""
    m = re.search(r'<[a-z]+[^>]*\bid="%s"[^>]*>' % re.escape(element_id), text)
    return m.group(0) if m else None


def has_error_summary(text):
    """True when the page has an error summary: an element whose class is
    error-summary (or a prefixed variant such as lwp-error-summary)."""
    return re.search(r'\bclass="(?:[^"]*\s)?(?:[a-z]+-)?error-summary(?:\s[^"]*)?"', text) is not None


def location_path(resp):
    """Path + query of a redirect's Location header (absolute or relative)."""
    loc = resp.header("Location")
    if loc is None:
        raise AssertionError("no Location header in %r" % resp)
    u = urllib.parse.urlsplit(loc)
    return u.path + ("?" + u.query if u.query else "")


def po_translation(msgid, path=REPO_ROOT / "po" / "nl.po"):
    """The Dutch msgstr of `msgid` in po/nl.po, or None when missing/empty."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return None
    quoted = msgid.replace("\\", "\\\\").replace('"', '\\"')
    m = re.search(r'^msgid "%s"\nmsgstr "(.*)"$' % re.escape(quoted), text, re.M)
    if not m or not m.group(1):
        return None
    return m.group(1).replace('\\"', '"')


# --------------------------------------------------------------------------
# test case base

class ServerTestCase(unittest.TestCase):
    """One temporary database and one server per test class.

    Subclasses override `prepare(cls)` to create editions before the server
    starts and `after_start(cls)` to add data through it, and may set
    `server_now` (LWP_NOW), `server_threads` or `server_env`."""

    server_now = None
    server_threads = 2
    server_env = {}

    @classmethod
    def prepare(cls):
        """Runs after the database is created, before the server starts."""

    @classmethod
    def after_start(cls):
        """Runs once the server answers (e.g. to fill editions via the API)."""

    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-http-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        init_db(cls.db)
        cls.prepare()
        cls.server = Server(cls.db, now=cls.server_now, threads=cls.server_threads,
                            env=cls.server_env)
        cls.server.start()
        cls.addClassCleanup(cls._stop_server)
        cls.after_start()

    @classmethod
    def _stop_server(cls):
        problems = cls.server.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def _reported_problems(self):
        result = getattr(getattr(self, "_outcome", None), "result", None)
        return len(result.failures) + len(result.errors) if result is not None else 0

    def setUp(self):
        self._problems_at_start = self._reported_problems()

    def already_failed(self):
        """True when the running test has already failed (used by tearDown
        checks so that one bug is reported once)."""
        return self._reported_problems() > self._problems_at_start

    def tearDown(self):
        problems = self.server.problems()
        if problems:
            self.fail("\n".join(problems) + "\n" + self.server.stderr_text()[-3000:])

    @classmethod
    def fill(cls, slug, n, expect=None):
        """Apply n times through the API; every answer must be 201 (with
        status `expect` when given). Returns the response documents."""
        docs = []
        for _ in range(n):
            r = cls.server.apply_api(slug)
            if r.status != 201:
                raise AssertionError("filling %s: expected 201, got %r" % (slug, r))
            doc = r.json()
            if expect and doc.get("status") != expect:
                raise AssertionError("filling %s: expected status %s, got %r" % (slug, expect, r))
            docs.append(doc)
        return docs

    # -- assertions shared by the test modules

    @contextlib.contextmanager
    def assertNothingStored(self, *slugs):
        """The block must leave `lwp applications list --json` of every
        slug exactly as it was."""
        before = {s: applications(self.db, s) for s in slugs}
        yield
        after = {s: applications(self.db, s) for s in slugs}
        for s in slugs:
            self.assertEqual(before[s], after[s], "applications of %s changed" % s)

    def assertNoProblems(self, problems):
        if problems:
            self.fail("%d problem(s):\n  " % len(problems) + "\n  ".join(problems))

    def assertStatus(self, resp, status, msg=None):
        if resp.status != status:
            self.fail("expected HTTP %s, got %r%s" % (status, resp, "\n" + msg if msg else ""))

    def assertApiError(self, resp, status, code):
        self.assertStatus(resp, status)
        ct = resp.header("Content-Type", "")
        self.assertTrue(ct.startswith("application/json"), "Content-Type %r" % ct)
        doc = resp.json()
        self.assertIn("error", doc, resp)
        self.assertEqual(doc["error"].get("code"), code, resp)
        self.assertIsInstance(doc["error"].get("message"), str, resp)
        self.assertTrue(doc["error"]["message"], resp)
        return doc["error"]

    def assertHealthy(self):
        self.assertTrue(self.server.healthy(),
                        "server no longer answers /healthz:\n" + self.server.stderr_text()[-3000:])
