"""Transport hardening of lwp serve (issue 10 items 1, 3 and 9; issue 11's
socket options and configuration checks).

- Request smuggling: every framing error (two lengths, a length with a sign,
  an unknown transfer coding, a chunk size with a sign or a space, Host
  missing or repeated, bare LF, ...) is refused and the connection closed,
  and the request hidden behind it never runs (no application is stored).
- The server's own refusals (400, 408, 413, 414, 417, 431, 501) carry the
  same security headers as every answer, and JSON under /api/.
- Slow and idle connections: 1,200 of them at a limit of 1,024 descriptors
  do not stop /healthz, do not make the server spin or flood its log; the
  deadline for a head does not restart when a byte arrives.
- Kept-alive connections do not wait for the client's delayed ACK.
- Configuration out of range stops `lwp serve` with exit 2 and a message.
"""

import http.client
import json
import os
import resource
import socket
import time
import unittest

from harness import (HOST, ServerTestCase, Server, applications, cli, create_edition,
                     db_url, init_db, json_fields)

SLUG = "hardening"
API = "/api/v1/editions/%s/applications" % SLUG
SECURITY_HEADERS = {
    "content-security-policy": None,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


# --------------------------------------------------------------------------
# raw HTTP on one connection

def parse_responses(data):
    """Split bytes read from one connection into (status, headers, body)
    tuples (headers: dict of lower-case names); the rest that is not a
    whole response is ignored."""
    out = []
    while True:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            return out
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ")[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            headers[k.decode("latin-1").strip().lower()] = v.decode("latin-1").strip()
        n = int(headers.get("content-length", "0")) if status >= 200 else 0
        if len(rest) < n:
            return out
        out.append((status, headers, rest[:n]))
        data = rest[n:]


def exchange(port, data, timeout=10.0, chunks=()):
    """Send data (then chunks) on one connection and read until the server
    closes it or timeout passes. Returns (responses, closed)."""
    s = socket.create_connection((HOST, port), timeout=timeout)
    got = b""
    closed = False
    deadline = time.monotonic() + timeout
    try:
        try:
            s.sendall(data)
            for c in chunks:
                s.sendall(c)
        except (BrokenPipeError, ConnectionResetError):
            pass
        while time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not b:
                closed = True
                break
            got += b
    finally:
        s.close()
    return parse_responses(got), closed


def request(method, path, headers=(), body=b"", version="HTTP/1.1", host=True):
    head = "%s %s %s\r\n" % (method, path, version)
    if host:
        head += "Host: 127.0.0.1\r\n"
    head += "".join("%s: %s\r\n" % h for h in headers) + "\r\n"
    return head.encode("latin-1") + body


def count(db):
    return len(applications(db, SLUG)["applications"])


def application_body():
    return json.dumps(json_fields()).encode()


def hidden_request():
    """A complete, valid application: stored if the server runs it."""
    body = application_body()
    return request("POST", API, [("Content-Type", "application/json"),
                                 ("Content-Length", len(body))], body)


def chunked(body, size_format="%x"):
    return (size_format % len(body)).encode() + b"\r\n" + body + b"\r\n0\r\n\r\n"


class SmugglingTest(ServerTestCase):
    """Framing errors close the connection; what follows never runs."""

    @classmethod
    def prepare(cls):
        create_edition(cls.db, SLUG, capacity=500)

    def assertRefusedAndClosed(self, name, data, statuses=(400,)):
        with self.subTest(attack=name):
            with self.assertNothingStored(SLUG):
                responses, closed = exchange(self.server.port, data)
            self.assertEqual(len(responses), 1, "%s: %r" % (name, responses))
            self.assertIn(responses[0][0], statuses, "%s: %r" % (name, responses))
            self.assertEqual(responses[0][1].get("connection"), "close", name)
            self.assertTrue(closed, "%s: the connection stayed open" % name)

    def test_pipelined_requests_do_run(self):
        # the control: without a framing error both requests run
        before = count(self.db)
        responses, _ = exchange(self.server.port, hidden_request() + hidden_request(),
                                timeout=5)
        self.assertEqual([r[0] for r in responses], [201, 201], responses)
        self.assertEqual(count(self.db), before + 2)

    def test_content_length_attacks(self):
        body = application_body()
        hidden = hidden_request()
        n = len(body)
        ct = ("Content-Type", "application/json")
        for name, lengths in (
                ("two equal lengths", [n, n]),
                ("two different lengths", [n, n + len(hidden)]),
                ("a list of lengths", ["%d, %d" % (n, n)]),
                ("a plus sign", ["+%d" % n]),
                ("a minus sign", ["-%d" % n]),
                ("a space inside", ["%d %d" % (n // 10, n % 10)]),
                ("hexadecimal", ["0x%x" % n]),
                ("empty", [""])):
            headers = [ct] + [("Content-Length", v) for v in lengths]
            self.assertRefusedAndClosed(name, request("POST", API, headers, body) + hidden)

    def test_transfer_encoding_attacks(self):
        body = application_body()
        hidden = hidden_request()
        ct = ("Content-Type", "application/json")
        te = ("Transfer-Encoding", "chunked")
        cl = ("Content-Length", len(chunked(body)))
        for name, headers in (
                ("length then chunked", [ct, cl, te]),
                ("chunked then length", [ct, te, cl]),
                ("chunked twice", [ct, te, te]),
                ("chunked, chunked", [ct, ("Transfer-Encoding", "chunked, chunked")]),
                ("gzip, chunked", [ct, ("Transfer-Encoding", "gzip, chunked")]),
                ("identity", [ct, ("Transfer-Encoding", "identity")]),
                ("xchunked", [ct, ("Transfer-Encoding", "xchunked")]),
                ("chunked with a parameter", [ct, ("Transfer-Encoding", "chunked;q=1")]),
                ("space before the colon", [ct, ("Transfer-Encoding ", "chunked")])):
            self.assertRefusedAndClosed(name, request("POST", API, headers, chunked(body))
                                        + hidden)
        # line folding and HTTP/1.0 with a transfer coding
        folded = (b"POST " + API.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\nTransfer-Encoding:\r\n chunked\r\n\r\n")
        self.assertRefusedAndClosed("folded", folded + chunked(body) + hidden)
        self.assertRefusedAndClosed(
            "HTTP/1.0 with chunked",
            request("POST", API, [ct, te], chunked(body), version="HTTP/1.0") + hidden)

    def test_chunk_size_attacks(self):
        body = application_body()
        hidden = hidden_request()
        headers = [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]
        for name, fmt in (("plus sign", "+%x"), ("leading space", " %x"),
                          ("trailing space", "%x "), ("space before extension", "%x ;a=b"),
                          ("0x prefix", "0x%x"), ("minus zero", "-0%x"),
                          ("bare LF", "%x\n"), ("too many digits", "00000000000%x")):
            data = chunked(body, fmt)
            if name == "bare LF":
                data = data.replace(b"\n\r\n", b"\n", 1)
            self.assertRefusedAndClosed(name, request("POST", API, headers, data) + hidden)
        # a chunk longer than its size says, and a missing CRLF after the data
        wrong = b"%x\r\n%s!\r\n0\r\n\r\n" % (len(body), body)
        self.assertRefusedAndClosed("data longer than the size",
                                    request("POST", API, headers, wrong) + hidden)

    def test_host_attacks(self):
        body = application_body()
        hidden = hidden_request()
        ct = ("Content-Type", "application/json")
        cl = ("Content-Length", len(body))
        self.assertRefusedAndClosed("missing Host",
                                    request("POST", API, [ct, cl], body, host=False) + hidden)
        self.assertRefusedAndClosed("two Hosts",
                                    request("POST", API, [("Host", "other"), ct, cl], body)
                                    + hidden)
        for value in ("a b", "a/b", "a@b"):
            self.assertRefusedAndClosed(
                "Host %r" % value,
                request("POST", API, [("Host", value), ct, cl], body, host=False) + hidden)

    def test_line_attacks(self):
        body = application_body()
        hidden = hidden_request()
        base = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                % API).encode()
        for name, line in (("bare LF", b"Content-Length: %d\n" % len(body)),
                           ("bare CR", b"X-A: 1\rContent-Length: %d\r\n" % len(body)),
                           ("NUL in a value", b"X-A: a\x00b\r\nContent-Length: %d\r\n" % len(body)),
                           ("no colon", b"Content-Length %d\r\n" % len(body))):
            self.assertRefusedAndClosed(name, base + line + b"\r\n" + body + hidden)
        self.assertRefusedAndClosed(
            "two spaces in the request line",
            b"POST  " + API.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
            % len(body) + body + hidden)

    def test_valid_chunked_and_expect_continue(self):
        body = application_body()
        headers = [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]
        half = len(body) // 2
        data = (b"%x;name=value\r\n%s\r\n%x\r\n%s\r\n0\r\nX-Trailer: 1\r\n\r\n"
                % (half, body[:half], len(body) - half, body[half:]))
        before = count(self.db)
        responses, _ = exchange(self.server.port, request("POST", API, headers, data), timeout=3)
        self.assertEqual([r[0] for r in responses], [201], responses)
        # Expect: 100-continue gets the interim answer before the body
        body = application_body()
        s = socket.create_connection((HOST, self.server.port), timeout=10)
        try:
            s.sendall(request("POST", API, [("Content-Type", "application/json"),
                                            ("Content-Length", len(body)),
                                            ("Expect", "100-continue")]))
            self.assertTrue(s.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n\r\n"))
            s.sendall(body)
            s.settimeout(5)
            got = b""
            while not parse_responses(got):
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            self.assertEqual(parse_responses(got)[0][0], 201, got)
        finally:
            s.close()
        self.assertEqual(count(self.db), before + 2)


class ErrorAnswersTest(ServerTestCase):
    """The server's own refusals look like every other answer."""

    @classmethod
    def prepare(cls):
        create_edition(cls.db, SLUG)

    def check(self, name, data, status, api, chunks=()):
        with self.subTest(case=name):
            responses, closed = exchange(self.server.port, data, chunks=chunks)
            self.assertTrue(responses, "%s: no answer" % name)
            got, headers, body = responses[0]
            self.assertEqual(got, status, "%s: %r" % (name, responses[0]))
            for k, v in SECURITY_HEADERS.items():
                self.assertIn(k, headers, "%s lacks %s" % (name, k))
                if v:
                    self.assertEqual(headers[k], v, name)
            self.assertTrue(closed, "%s: the connection stayed open" % name)
            if api:
                self.assertTrue(headers.get("content-type", "").startswith("application/json"),
                                "%s: %r" % (name, headers))
                err = json.loads(body)["error"]
                self.assertIsInstance(err["code"], str)
                self.assertTrue(err["message"], name)
            else:
                self.assertTrue(headers.get("content-type", "").startswith("text/html"), name)
                self.assertIn(b"<html", body, name)

    def test_refusals_carry_security_headers(self):
        big = ("Content-Length", 10 * 1024 * 1024)
        ct = ("Content-Type", "application/json")
        for api in (True, False):
            path = API if api else "/edities/%s/aanmelden" % SLUG
            self.check("413 %s" % path, request("POST", path, [ct, big]), 413, api)
            self.check("413 chunked %s" % path,
                       request("POST", path, [ct, ("Transfer-Encoding", "chunked")]), 413, api,
                       chunks=[b"10000\r\n" + b" " * 65536 + b"\r\n"] * 20)
            self.check("417 %s" % path, request("POST", path, [ct, ("Expect", "magic")]), 417, api)
            self.check("501 %s" % path, request("BREW", path), 501, api)
            self.check("400 %s" % path, request("GET", path, [("Content-Length", "+1")], b"x"),
                       400, api)
            self.check("400 version %s" % path, ("GET %s HTTP/1.1 x\r\n\r\n" % path).encode(),
                       400, api)
            self.check("431 %s" % path, request("GET", path, [("X-Big", "a" * 20000)]), 431, api)
        self.check("414", request("GET", "/edities/" + "a" * 9000), 414, False)

    def test_api_413_is_json_in_english_too(self):
        responses, _ = exchange(self.server.port, request(
            "POST", API, [("Content-Length", 5 * 1024 * 1024), ("Accept-Language", "en")]))
        self.assertEqual(responses[0][0], 413)
        self.assertEqual(json.loads(responses[0][2])["error"]["code"], "too_large")

    def test_head_deadline_does_not_restart_on_reads(self):
        # one byte a second: a timeout that restarts on every read never
        # fires; the head deadline (10 s) does
        s = socket.create_connection((HOST, self.server.port), timeout=30)
        started = time.monotonic()
        got = b""
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            s.settimeout(1.0)
            while time.monotonic() - started < 25:
                try:
                    s.sendall(b"X")
                except (BrokenPipeError, ConnectionResetError):
                    break
                try:
                    b = s.recv(65536)
                    if not b:
                        break
                    got += b
                except socket.timeout:
                    pass
                except ConnectionResetError:
                    break
        finally:
            s.close()
        self.assertLess(time.monotonic() - started, 25, "a trickling head was never cut off")
        responses = parse_responses(got)
        if responses:
            self.assertEqual(responses[0][0], 408, responses)
        self.assertHealthy()


class KeepAliveTest(ServerTestCase):
    """Large answers on a kept-alive connection do not wait for the
    client's delayed ACK (TCP_NODELAY on the server's sockets)."""

    def fetch_times(self, path, reuse, n=10):
        times = []
        conn = http.client.HTTPConnection(HOST, self.server.port, timeout=10)
        try:
            for _ in range(n):
                if not reuse:
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, self.server.port, timeout=10)
                t = time.monotonic()
                conn.request("GET", path)
                r = conn.getresponse()
                body = r.read()
                times.append(time.monotonic() - t)
                self.assertEqual(r.status, 200)
                self.assertGreater(len(body), 16 * 1024)
        finally:
            conn.close()
        return sorted(times)

    def test_reused_connection_is_as_quick_as_a_new_one(self):
        # Without TCP_NODELAY, every answer after the first on a connection
        # waits ~40 ms for the delayed ACK (the first does not: a new
        # connection ACKs at once). Compare medians on the same machine.
        for path in ("/api/v1/openapi.json", "/static/nlds.css"):
            with self.subTest(path=path):
                self.fetch_times(path, True, 3)            # warm up
                new = self.fetch_times(path, False)
                reused = self.fetch_times(path, True)
                self.assertLess(reused[len(reused) // 2], new[len(new) // 2] + 0.025,
                                "reused %r vs new %r" % (reused, new))
                # The stall falls on every answer after the first, a busy
                # machine's pause on one or two: at least 8 of the 10 quick.
                quick = [t for t in reused if t < new[len(new) // 2] + 0.025]
                self.assertGreaterEqual(len(quick), 8, "10 fetches on one connection: %r, new %r"
                                        % (reused, new))


# --------------------------------------------------------------------------
# many slow connections at a small descriptor limit

def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


class SlowConnectionsTest(ServerTestCase):
    """1,200 slow or idle connections at 1,024 descriptors."""

    NOFILE = 1024
    # Under AddressSanitizer freed memory waits in a quarantine (256 MiB by
    # default), which would hide what the server itself holds.
    server_env = {"ASAN_OPTIONS": ":".join(
        o for o in (os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=16") if o)}

    @classmethod
    def prepare(cls):
        create_edition(cls.db, SLUG)

    @classmethod
    def setUpClass(cls):
        # the server inherits the limit; ours goes back up for the clients
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < 4000:
            raise AssertionError("the test needs a hard limit of 4000 descriptors, not %d" % hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (cls.NOFILE, hard))
        try:
            super().setUpClass()
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 4000), hard))
        with open("/proc/%d/limits" % cls.server.proc.pid) as f:
            line = [ln for ln in f if ln.startswith("Max open files")][0]
        assert line.split()[3] == str(cls.NOFILE), line

    def attack(self, kinds, n=1200, body_bytes=4096):
        """Open n connections of the given kinds, in turn; returns them."""
        socks = []
        head = ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\n\r\n" % (API, 1024 * 1024)).encode()
        for i in range(n):
            kind = kinds[i % len(kinds)]
            try:
                s = socket.create_connection((HOST, self.server.port), timeout=5)
            except OSError:
                continue            # a full backlog: the attacker's problem
            socks.append(s)
            try:
                s.setblocking(False)
                if kind == "slow head":
                    s.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                elif kind == "body":
                    s.send(head + b" " * body_bytes)
                elif kind == "idle":
                    s.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            except OSError:
                pass                # closed to make room, or a full buffer
        return socks

    def check_still_serving(self, what):
        pid = self.server.proc.pid
        for _ in range(5):
            started = time.monotonic()
            conn = http.client.HTTPConnection(HOST, self.server.port, timeout=1.0)
            try:
                conn.request("GET", "/healthz")
                r = conn.getresponse()
                r.read()
                self.assertEqual(r.status, 200, what)
            except (OSError, http.client.HTTPException) as e:
                self.fail("%s: /healthz did not answer within 1 s (%s), %d descriptors open"
                          % (what, e, open_fds(pid)))
            finally:
                conn.close()
            self.assertLess(time.monotonic() - started, 1.0, what)
        # no busy loop: the server is mostly idle while the attack holds
        cpu = cpu_seconds(pid)
        time.sleep(2.0)
        self.assertLess(cpu_seconds(pid) - cpu, 1.0, "%s: the server spins" % what)
        self.assertLess(open_fds(pid), self.NOFILE, what)

    def run_attack(self, what, kinds, expect_emfile=False, **kw):
        log_before = os.path.getsize(self.server.stderr_path)
        socks = self.attack(kinds, **kw)
        try:
            self.check_still_serving(what)
        finally:
            for s in socks:
                s.close()
        grown = os.path.getsize(self.server.stderr_path) - log_before
        self.assertLess(grown, 1 << 20, "%s: the log grew by %d bytes" % (what, grown))
        with open(self.server.stderr_path, "rb") as f:
            f.seek(log_before)
            log = f.read()
        if expect_emfile:
            # the attack did reach the descriptor limit, and it was logged
            # once (by each event loop), not for every failed accept
            self.assertIn(log.count(b"Too many open files"), (1, 2), log[-2000:])
        else:
            # the caps keep the server below its descriptor limit
            self.assertNotIn(b"Too many open files", log, what)
        self.assertHealthy()

    def test_slow_heads(self):
        self.run_attack("slow heads", ["slow head"])

    def test_unfinished_bodies(self):
        self.run_attack("unfinished bodies", ["body"])

    def test_idle_keep_alive(self):
        self.run_attack("idle keep-alive", ["idle"])

    def test_mixed(self):
        self.run_attack("mixed", ["slow head", "body", "idle"])

    def test_unfinished_bodies_memory_is_capped(self):
        # 150 bodies of almost 1 MiB would hold 150 MiB; the cap on memory
        # for unfinished bodies closes the oldest instead
        pid = self.server.proc.pid

        def rss():
            with open("/proc/%d/status" % pid) as f:
                return int([ln for ln in f if ln.startswith("VmRSS")][0].split()[1]) * 1024

        before = rss()
        socks = []
        head = ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\n\r\n" % (API, 1024 * 1024)).encode()
        try:
            for _ in range(150):
                s = socket.create_connection((HOST, self.server.port), timeout=5)
                socks.append(s)
                try:
                    s.sendall(head + b" " * (1024 * 1024 - 1))
                except OSError:
                    pass
            self.check_still_serving("large unfinished bodies")
            grown = rss() - before
            self.assertLess(grown, 100 << 20, "RSS grew by %d MiB" % (grown >> 20))
        finally:
            for s in socks:
                s.close()

    def test_other_addresses_keep_their_connections(self):
        # The per-address cap: a flood from 127.0.0.2 closes its own
        # connections to make room, not those of 127.0.0.1.
        mine = []
        try:
            for _ in range(10):
                c = http.client.HTTPConnection(HOST, self.server.port, timeout=5)
                c.request("GET", "/healthz")
                c.getresponse().read()
                mine.append(c)
            flood = []
            try:
                for _ in range(1200):
                    s = socket.socket()
                    s.bind(("127.0.0.2", 0))
                    s.settimeout(5)
                    try:
                        s.connect((HOST, self.server.port))
                        s.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                    except OSError:
                        pass
                    flood.append(s)
                self.check_still_serving("flood from another address")
                for c in mine:          # the kept-alive connections still work
                    c.request("GET", "/healthz")
                    r = c.getresponse()
                    r.read()
                    self.assertEqual(r.status, 200)
            finally:
                for s in flood:
                    s.close()
        finally:
            for c in mine:
                c.close()

    def test_out_of_descriptors_backs_off(self):
        # Something else takes descriptors: accept() fails with EMFILE.
        # The server pauses accepting (no spin), logs once in a while, and
        # closes idle or slow connections so that others get in.
        pid = self.server.proc.pid
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (150, self.NOFILE))
        try:
            self.run_attack("out of descriptors", ["slow head", "idle"], n=600,
                            expect_emfile=True)
        finally:
            resource.prlimit(pid, resource.RLIMIT_NOFILE, (self.NOFILE, self.NOFILE))


# --------------------------------------------------------------------------
# configuration

class ConfigurationTest(unittest.TestCase):
    """A value out of range stops lwp serve with exit 2 and says which."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        import shutil
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-http-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        init_db(cls.db)

    def serve(self, *args, env=None):
        port = [] if "--port" in args or "LWP_PORT" in (env or {}) else ["--port", "1"]
        return cli("serve", "--db", db_url(self.db), *port, *args, env=env, timeout=30)

    def test_out_of_range_values_stop_serve(self):
        for args, env, name in (
                (["--port", "70000"], {}, "--port"),
                (["--port", "0"], {}, "--port"),
                ([], {"LWP_PORT": "-5"}, "LWP_PORT"),
                (["--threads", "0"], {}, "--threads"),
                ([], {"LWP_THREADS": "0"}, "LWP_THREADS"),
                ([], {"LWP_THREADS": "65"}, "LWP_THREADS"),
                ([], {"LWP_RATE_APPLY": "100000000"}, "LWP_RATE_APPLY"),
                ([], {"LWP_RATE_LOGIN": "0"}, "LWP_RATE_LOGIN"),
                ([], {"LWP_RATE_LINK": "lots"}, "LWP_RATE_LINK"),
                ([], {"LWP_RATE_LOGIN_ACCOUNT": "+5"}, "LWP_RATE_LOGIN_ACCOUNT"),
                ([], {"LWP_MAX_CONNECTIONS": "0"}, "LWP_MAX_CONNECTIONS"),
                ([], {"LWP_MAX_CONNECTIONS": "100000000"}, "LWP_MAX_CONNECTIONS"),
                (["--max-connections", "x"], {}, "--max-connections"),
                ([], {"LWP_MAX_CONNECTIONS": "10",
                      "LWP_MAX_CONNECTIONS_PER_ADDRESS": "11"},
                 "LWP_MAX_CONNECTIONS_PER_ADDRESS"),
                ([], {"LWP_TRUST_PROXY": "yes"}, "LWP_TRUST_PROXY"),
                (["--listen", "localhost"], {}, "--listen"),
                ([], {"LWP_MAIL_RETRY_SECONDS": "0"}, "LWP_MAIL_RETRY_SECONDS"),
                ([], {"LWP_NOW": "tomorrow"}, "LWP_NOW")):
            with self.subTest(args=args, env=env):
                r = self.serve(*args, env=env)
                self.assertEqual(r.returncode, 2, r)
                self.assertIn(name, r.stderr, r)
                self.assertNotIn("listening", r.stderr, r)

    def test_in_range_values_are_used(self):
        # the limit set is the one in force (the log line says so)
        server = Server(self.db, env={"LWP_MAX_CONNECTIONS": "40",
                                      "LWP_MAX_CONNECTIONS_PER_ADDRESS": "20"})
        server.start()
        try:
            # the line is written once every loop runs: wait for it
            deadline = time.monotonic() + 10
            while "listening" not in server.stderr_text() and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertIn("at most 40 connections (20 per address)", server.stderr_text())
        finally:
            problems = server.stop()
        self.assertEqual(problems, [])

    def test_rate_limit_set_is_applied(self):
        # LWP_RATE_APPLY=2: the third application from one address is refused
        db = os.path.join(self.tmpdir, "rate.db")
        init_db(db)
        create_edition(db, SLUG)
        server = Server(db, env={"LWP_RATE_APPLY": "2"})
        server.start()
        try:
            statuses = [server.apply_api(SLUG).status for _ in range(3)]
        finally:
            problems = server.stop()
        self.assertEqual(statuses, [201, 201, 429])
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main()
