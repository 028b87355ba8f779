"""Long work off the event loops (issue 11): password checks and selection
solves run on the server's worker pool while the loop answers others.

- a password sign-in (hashed on the pool, answered later) still works and
  sets the session; a wrong password is still refused; a password change
  (both hashes on the pool) still checks the current password;
- a client that leaves (close, reset, half-close) while its answer is
  being computed does not crash the server (run this with the ASan
  build: the harness fails on any sanitizer report), and a request
  pipelined behind a deferred answer is answered after it, in order;
- a full queue (LWP_WORK_THREADS=1, LWP_WORK_QUEUE=1) answers 503 with
  Retry-After, never blocks, and the server serves again afterwards;
- the selection page first says "being computed" (Refresh header, a plain
  link, no script and no meta refresh; Dutch and English), then shows the
  plan; the API answers 202 with Retry-After and then 200; a confirm waits
  for the solve instead of saying "being computed".

Runs on the backend of the suite run (LWP_TEST_BACKEND). Python 3 stdlib only."""

import os
import re
import shutil
import socket
import struct
import tempfile
import threading
import unittest
import urllib.parse

import accounts_util as au
import harness
from harness import Server, ServerTestCase, amsterdam_to_unix, create_edition, location_path

DEADLINE = "2031-03-03 12:00"                            # CET, UTC+1
DEADLINE_TS = amsterdam_to_unix(2031, 3, 3, 12, 0, 1)
BEFORE = DEADLINE_TS - 86400 + 15
AFTER = DEADLINE_TS + 3600 + 15                          # mid TOTP step
LEAD = "lead@werkers.example.nl"
KINDS = ("ministry", "agency", "inspectorate", "zbo", "shared_service", "local", "other")
THEMES = ("new_organising", "new_changing", "both")
TAGS = ("teams", "data", "wijk", "netwerken", "klant", "toezicht", "kaart")


def user(i):
    return "gebruiker%d@werkers.example.nl" % i


def sign_in_request(client, email, password=au.PASSWORD, extra=b""):
    """The raw bytes of a browser's password sign-in (with its CSRF token
    and cookies), for tests that play with the connection."""
    body = urllib.parse.urlencode([("csrf", client.token()), ("user", email),
                                   ("password", password)]).encode()
    head = ("POST /inloggen/wachtwoord HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n"
            "Cookie: %s\r\n%s\r\n" % (len(body), client.cookie_header(), extra.decode()))
    return head.encode() + body


def read_all(sock):
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


class SignInOnThePoolTest(ServerTestCase):
    server_env = dict(au.NO_LIMITS)

    @classmethod
    def prepare(cls):
        au.add_users(cls.db, [(user(i), {}) for i in range(8)])

    def test_1_sign_in_sets_the_session(self):
        c = au.Client(self.server)
        r = c.login_password(user(0))
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/account")
        self.assertTrue(c.session, "no session cookie after signing in: %r" % r)
        r = c.get("/account")
        self.assertStatus(r, 200)
        self.assertIn(user(0), r.text)
        # a wrong password: refused, no session, and nothing else signs in
        for email, password in ((user(0), "niet-het-goede-wachtwoord"),
                                ("onbekend@werkers.example.nl", au.PASSWORD)):
            other = au.Client(self.server)
            r = other.login_password(email, password)
            self.assertStatus(r, 401)
            self.assertIsNone(other.session)
            self.assertIn("The e-mail address or the password is not right.", r.text)
            self.assertStatus(other.get("/account"), 303)

    def test_2_sign_ins_at_once_all_get_their_own_session(self):
        clients = [au.Client(self.server) for _ in range(8)]
        for c in clients:
            c.token()
        answers = [None] * len(clients)
        barrier = threading.Barrier(len(clients))

        def run(k):
            barrier.wait()
            answers[k] = clients[k].login_password(user(k))

        threads = [threading.Thread(target=run, args=(k,)) for k in range(len(clients))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([a.status for a in answers], [303] * len(clients), answers)
        sessions = {c.session for c in clients}
        self.assertEqual(len(sessions), len(clients), "sessions shared or missing")
        for k, c in enumerate(clients):
            r = c.get("/account")
            self.assertStatus(r, 200)
            self.assertIn(user(k), r.text)

    def test_3_password_change_checks_the_current_one(self):
        c = au.Client(self.server)
        self.assertStatus(c.login_password(user(7)), 303)
        new = "Een-nieuw-wachtwoord-voor-7"
        r = c.post("/account/wachtwoord", [("current", "fout-wachtwoord-77"),
                                           ("password", new), ("repeat", new)])
        self.assertStatus(r, 422)
        self.assertIn("This is not your current password.", r.text)
        r = c.post("/account/wachtwoord", [("current", au.PASSWORD), ("password", new),
                                           ("repeat", new + "x")])
        self.assertStatus(r, 422)
        self.assertIn("The two passwords are not the same.", r.text)
        r = c.post("/account/wachtwoord", [("current", au.PASSWORD), ("password", new),
                                           ("repeat", new)])
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/account?klaar=1")
        self.assertStatus(au.Client(self.server).login_password(user(7)), 401)
        self.assertStatus(au.Client(self.server).login_password(user(7), new), 303)

    def test_4_a_client_that_leaves_while_its_answer_is_computed(self):
        c = au.Client(self.server)
        raw = sign_in_request(c, user(1))
        for how in ("close", "reset", "half-close") * 6:
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
            s.sendall(raw)
            if how == "reset":
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif how == "half-close":
                s.shutdown(socket.SHUT_WR)
            s.close()
        # the server lives on and answers, sign-ins included
        self.assertTrue(self.server.healthy())
        r = au.Client(self.server).login_password(user(1))
        self.assertStatus(r, 303)
        self.assertEqual(self.server.problems(), [])

    def test_5_a_request_pipelined_behind_a_deferred_answer(self):
        c = au.Client(self.server)
        raw = sign_in_request(c, user(2)) + (
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        try:
            s.sendall(raw)
            data = read_all(s)
        finally:
            s.close()
        statuses = re.findall(rb"(?m)^HTTP/1\.1 (\d{3}) ", data)
        self.assertEqual(statuses, [b"303", b"200"], data[:3000])
        first = data[:data.index(b"HTTP/1.1 200")]
        self.assertIn(b"lwp_session=", first)
        self.assertNotIn(b"Connection: close", first, "the deferred answer closed keep-alive")


class QueueFullTest(ServerTestCase):
    """One worker and a queue of one: sign-ins at once overflow it."""
    server_env = dict(au.NO_LIMITS, LWP_WORK_THREADS="1", LWP_WORK_QUEUE="1")
    N = 24

    @classmethod
    def prepare(cls):
        au.add_users(cls.db, [(user(i), {}) for i in range(cls.N)])

    def test_queue_full_answers_503_with_retry_after(self):
        clients = [au.Client(self.server) for _ in range(self.N)]
        raws = [sign_in_request(c, user(k)) for k, c in enumerate(clients)]
        socks = [socket.create_connection(("127.0.0.1", self.server.port), timeout=60)
                 for _ in clients]
        answers = [None] * self.N
        barrier = threading.Barrier(self.N)

        def run(k):
            barrier.wait()
            socks[k].sendall(raws[k])
            buf = b""
            while b"\r\n\r\n" not in buf:
                chunk = socks[k].recv(65536)
                if not chunk:
                    break
                buf += chunk
            answers[k] = buf

        threads = [threading.Thread(target=run, args=(k,)) for k in range(self.N)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for s in socks:
            s.close()
        codes = [int(a.split(b" ", 2)[1]) if a.startswith(b"HTTP/1.1 ") else 0 for a in answers]
        self.assertEqual(set(codes) - {303, 503}, set(), answers)
        busy = [a for a, code in zip(answers, codes) if code == 503]
        self.assertTrue(busy, "no 503 with a queue of one and %d sign-ins at once: %s"
                        % (self.N, codes))
        self.assertIn(303, codes, "no sign-in got through: %s" % codes)
        for a in busy:
            self.assertRegex(a, rb"(?mi)^Retry-After: \d+\r$")
            self.assertRegex(a, rb"(?mi)^Content-Security-Policy: ")
        # the pool drains: the next sign-in works
        r = au.Client(self.server).login_password(user(0))
        self.assertStatus(r, 303)


def apply_before(server, slug, i):
    email = "p%d.%s.%d@werkers.example.nl" % (i, slug, os.getpid())
    r = server.apply_api(slug, name="Persoon %d" % i, email=email, lang="en",
                         organisation="Organisatie %s %d" % (slug, i % 9),
                         organisation_kind=KINDS[i % len(KINDS)],
                         theme=THEMES[(i // len(KINDS)) % len(THEMES)],
                         tags="%s, %s" % (TAGS[i % len(TAGS)], TAGS[(i * 3 + 1) % len(TAGS)]))
    if r.status != 201:
        raise AssertionError("applying %d to %s: %r" % (i, slug, r))
    return r.json()["id"]


class SelectionComputedTest(ServerTestCase):
    server_now = AFTER
    server_env = dict(au.NO_LIMITS)
    SLUGS = ("werk", "werk-bevestig")

    @classmethod
    def prepare(cls):
        for slug in cls.SLUGS:
            create_edition(cls.db, slug, capacity=4, deadline=DEADLINE, policy="diversity",
                           org_cap=2, title="Leerwerkplaats " + slug, env={"LWP_NOW": str(BEFORE)})
        au.add_user(cls.db, LEAD, name="Lies Lead", grants=[("lead", None)])
        before = Server(cls.db, now=BEFORE, env=au.NO_LIMITS).start()
        try:
            cls.ids = {slug: [apply_before(before, slug, i) for i in range(14)]
                       for slug in cls.SLUGS}
        finally:
            problems = before.stop()
        if problems:
            raise AssertionError("the server before the deadline: " + "\n".join(problems))

    @classmethod
    def after_start(cls):
        cls.lead = au.Client(cls.server)
        r = cls.lead.login_password(LEAD)
        if r.status != 303 or location_path(r) != "/account/tweestaps":
            raise AssertionError("lead sign-in: %r" % r)
        cls.lead.enrol_totp(now=AFTER)

    def weights(self, slug, tags):
        r = self.lead.post("/beheer/edities/%s/selectie/gewichten" % slug,
                           {"w_org": "3", "w_parent": "2", "w_kind": "2", "w_theme": "2",
                            "w_tags": str(tags), "offer_days": "7"})
        self.assertStatus(r, 303)

    def assertComputing(self, r, slug, lang):
        self.assertStatus(r, 200)
        page = "/beheer/edities/%s/selectie" % slug
        refresh = r.header("Refresh")
        self.assertIsNotNone(refresh, "no Refresh header on the page being computed")
        self.assertRegex(refresh, r"^\d+; url=%s(\?|$)" % re.escape(page))
        self.assertIn("no-store", r.header("Cache-Control", ""))
        self.assertEqual(r.header("Content-Language"), lang)
        text = r.text
        self.assertIn({"en": "The selection is being computed",
                       "nl": "De selectie wordt berekend"}[lang], text)
        self.assertRegex(text, r'<a class="nl-link" href="%s(\?[^"]*)?">' % re.escape(page))
        self.assertNotRegex(text, r"(?i)<script|http-equiv")
        self.assertNotIn("/selectie/bevestigen", text)
        if lang == "nl":
            self.assertNotIn("being computed", text)

    def test_1_the_page_says_being_computed_then_shows_the_plan(self):
        page = "/beheer/edities/werk/selectie"
        r = self.lead.get(page)          # nothing cached yet in a new server
        self.assertComputing(r, "werk", "en")
        r = self.lead.get_ready(page)
        self.assertStatus(r, 200)
        self.assertIsNone(r.header("Refresh"))
        self.assertIn("Diversity of this group:", r.text)
        self.assertIn("14 applicants for 4 places.", " ".join(re.sub(r"<[^>]+>", " ", r.text).split()))
        self.assertIn("/selectie/bevestigen", r.text)
        # cached: at once, again
        r = self.lead.get(page)
        self.assertIsNone(r.header("Refresh"))
        self.assertIn("Diversity of this group:", r.text)

    def test_2_new_weights_are_computed_again_in_dutch_too(self):
        self.weights("werk", 3)
        page = "/beheer/edities/werk/selectie?klaar=1&lang=nl"
        r = self.lead.get(page)
        self.assertComputing(r, "werk", "nl")
        self.assertIn("Uw wijziging is opgeslagen.", r.text)
        r = self.lead.get_ready(page)
        self.assertIn("Diversiteit van deze groep:", r.text)
        self.assertIn('value="3"', r.text)
        self.lead.cookies["lang"] = "en"

    def test_3_the_api_answers_202_then_the_plan(self):
        self.weights("werk", 4)
        path = "/api/v1/manage/editions/werk/selection"
        r = self.lead.get(path)
        self.assertStatus(r, 202)
        self.assertRegex(r.header("Retry-After", ""), r"^\d+$")
        self.assertEqual(r.json(), {"edition": "werk", "status": "computing"})
        r = self.lead.get_ready(path)
        self.assertStatus(r, 200)
        doc = r.json()
        self.assertEqual(len(doc["applicants"]), 14)
        self.assertEqual(sum(1 for a in doc["applicants"] if a["chosen"]), 4)

    def test_4_a_confirm_waits_for_the_solve(self):
        # nothing computed for this edition yet: the confirm solves first
        r = self.lead.post_json("/api/v1/manage/editions/werk-bevestig/selection/confirm", {})
        self.assertStatus(r, 200)
        doc = r.json()
        self.assertEqual(sum(1 for a in doc["applicants"] if a["chosen"]), 4)
        got = {a["id"]: a["status"] for a in
               harness.applications(self.db, "werk-bevestig")["applications"]}
        chosen = {a["id"] for a in doc["applicants"] if a["chosen"]}
        self.assertEqual(got, {i: "accepted" if i in chosen else "waitlisted"
                               for i in self.ids["werk-bevestig"]})


class PoolSettingsTest(unittest.TestCase):
    """The pool's settings out of range stop `lwp serve` (exit 2) with a
    message naming the setting; none is replaced by a default."""

    def test_out_of_range_stops_the_server(self):
        tmp = tempfile.mkdtemp(prefix="lwp-http-pool-")
        self.addCleanup(shutil.rmtree, tmp, True)
        db = os.path.join(tmp, "lwp.db")
        harness.init_db(db)
        for name, value in (("LWP_WORK_THREADS", "0"), ("LWP_WORK_THREADS", "65"),
                            ("LWP_WORK_THREADS", "twee"), ("LWP_WORK_QUEUE", "0"),
                            ("LWP_WORK_QUEUE", "100001"), ("LWP_WORK_QUEUE", "-5")):
            r = harness.cli("serve", "--db", harness.db_url(db), "--port", "1",
                            env={name: value})
            self.assertEqual(r.returncode, 2, "%s=%s: %r" % (name, value, r))
            self.assertIn(name, r.stderr)
