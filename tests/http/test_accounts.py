"""Accounts (SPEC C10): sign-in by e-mail link end to end through a real
SMTP server, by password, the second factor (TOTP, RFC 6238, computed
here) with recovery codes, signing out; links used twice or too late are
refused; no session fixation; CSRF and Origin checks on sign-in and
signed-in forms and the console API; rate limits answering 429 with
Retry-After; security headers and no-store on personal pages."""

import re
import secrets
import subprocess
import urllib.parse

import accounts_util as au
import harness
from accounts_util import Client, NOW, PASSWORD, totp
from harness import ServerTestCase, create_edition, location_path

LINK_RE = r"(https?://[^\s\"<>]+)/inloggen/link/([0-9a-f]{64})"


def cookie_attrs(resp, name):
    """The attributes (lower case) of the Set-Cookie for cookie `name` with
    a value, as a list, and the value; (None, None) when not set."""
    for v in resp.header_all("Set-Cookie"):
        parts = [p.strip() for p in v.split(";")]
        n, _, value = parts[0].partition("=")
        if n == name and value:
            return [p.lower() for p in parts[1:]], value
    return None, None


def session_ok(server, cookie_name, value):
    """True when GET /api/v1/session accepts this session cookie value."""
    r = server.get("/api/v1/session", headers={"Cookie": "%s=%s" % (cookie_name, value)})
    return r.status == 200


# --------------------------------------------------------------------------
# sign-in by e-mail link, on an https base URL

class LinkLoginTest(au.MailServerTestCase):
    base_url = "https://lwp.example.nl"

    @classmethod
    def prepare_data(cls):
        create_edition(cls.db, "link-ed")
        au.add_user(cls.db, "link.user@example.nl", name="Lieke Link", password=None, lang="en")
        au.add_user(cls.db, "late.user@example.nl", name="Laat Gebruiker", password=None)
        au.add_user(cls.db, "link.lead@example.nl", name="Lotte Lead", password=None, lang="nl",
                    grants=[("lead", "link-ed")])

    @classmethod
    def after_start(cls):
        # All link mails are asked for at once: the sender sends every few
        # seconds, so one wait serves every test.
        cls.browser = Client(cls.server)
        cls.known = cls.browser.post("/inloggen/link", [("email", "link.user@example.nl")])
        cls.unknown = Client(cls.server).post("/inloggen/link", [("email", "nobody@example.nl")])
        wanted = {"link.user@example.nl": 1, "late.user@example.nl": 2, "link.lead@example.nl": 1}
        for email in ("late.user@example.nl", "late.user@example.nl", "link.lead@example.nl"):
            r = Client(cls.server).post("/inloggen/link", [("email", email)])
            if r.status != 200:
                raise AssertionError("link request for %s: %r" % (email, r))

        def arrived(_msg):
            got = {}
            for m in cls.sink.messages():
                got[m["X-Envelope-To"]] = got.get(m["X-Envelope-To"], 0) + 1
            return all(got.get(k, 0) >= n for k, n in wanted.items())
        au.wait_for_mail(cls.sink, arrived, what="the sign-in links")
        cls.mails = {}
        for m in cls.sink.messages():
            cls.mails.setdefault(m["X-Envelope-To"], []).append(m)

    def token_of(self, msg):
        m = re.search(LINK_RE, au.mail_text(msg))
        self.assertIsNotNone(m, "no sign-in link in the mail:\n" + au.mail_text(msg))
        return m.group(2)

    def test_link_login_end_to_end(self):
        email = "link.user@example.nl"
        c, r, r2 = self.browser, self.known, self.unknown
        self.assertStatus(r, 200)
        self.assertIn("Check your e-mail", r.text)
        # the same answer for an address without an account
        self.assertStatus(r2, 200)
        self.assertEqual(r.body, r2.body, "the answer tells whether the account exists")
        # no mail went to the unknown address
        self.assertNotIn("nobody@example.nl", self.mails)

        self.assertEqual(len(self.mails[email]), 1)
        msg = self.mails[email][0]
        self.assertEqual(str(msg["Subject"]), "Your link to sign in to the Leerwerkplaats")
        m = re.search(LINK_RE, au.mail_text(msg))
        self.assertIsNotNone(m, au.mail_text(msg))
        self.assertEqual(m.group(1), "https://lwp.example.nl", "link not built from the base URL")
        token = m.group(2)
        self.assertIn('href="https://lwp.example.nl/inloggen/link/' + token,
                      msg.get_body(preferencelist=("html",)).get_content())
        path = "/inloggen/link/" + token

        # opening the link (twice, as a mail scanner would) does not use it
        for _ in range(2):
            r = c.get(path)
            self.assertStatus(r, 200)
            self.assertIn('action="%s"' % path, r.text)
            self.assertIsNone(cookie_attrs(r, "__Host-lwp_session")[0])
        # a POST without the CSRF token is refused and does not use it either
        r = c.post(path, [], csrf=None)
        self.assertStatus(r, 403)
        self.assertIsNone(c.session)

        r = c.post(path, [])
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/account")
        attrs, value = cookie_attrs(r, "__Host-lwp_session")
        self.assertIsNotNone(attrs, "no session cookie: %r" % r)
        self.assertIn("secure", attrs)
        self.assertIn("httponly", attrs)
        self.assertIn("path=/", attrs)
        self.assertFalse(any(a.startswith("domain=") for a in attrs), attrs)
        r = c.get("/account")
        self.assertStatus(r, 200)
        self.assertIn(email, r.text)
        self.assertEqual(c.get("/api/v1/session").json()["email"], email)

        # a used link is gone, for anyone
        r = Client(self.server).post(path, [])
        self.assertStatus(r, 410)
        self.assertIsNone(cookie_attrs(r, "__Host-lwp_session")[0])
        r = c.post(path, [])
        self.assertStatus(r, 410)

    def test_link_expires_after_ten_minutes(self):
        email = "late.user@example.nl"
        late, in_time = [self.token_of(m) for m in self.mails[email]]
        # the same database, 10 minutes and 1 second later
        later = harness.Server(self.db, now=NOW + 601, env=au.NO_LIMITS, base_url=self.base_url)
        later.start()
        self.addCleanup(lambda: self.assertNoProblems(later.stop()))
        r = Client(later).post("/inloggen/link/" + late, [])
        self.assertStatus(r, 410)
        self.assertIsNone(cookie_attrs(r, "__Host-lwp_session")[0])
        # and 9 minutes later a link still works
        sooner = harness.Server(self.db, now=NOW + 540, env=au.NO_LIMITS, base_url=self.base_url)
        sooner.start()
        self.addCleanup(lambda: self.assertNoProblems(sooner.stop()))
        c = Client(sooner)
        r = c.post("/inloggen/link/" + in_time, [])
        self.assertStatus(r, 303)
        self.assertEqual(c.get("/api/v1/session").json()["email"], email)
        # used now, so gone on the other server too
        self.assertStatus(Client(later).post("/inloggen/link/" + in_time, []), 410)

    def test_lead_link_leads_to_second_factor_in_own_language(self):
        msg = self.mails["link.lead@example.nl"][0]
        self.assertEqual(str(msg["Subject"]), "Uw link om in te loggen bij de Leerwerkplaats")
        c = Client(self.server)
        r = c.post("/inloggen/link/" + self.token_of(msg), [("terug", "/beheer/edities/link-ed")])
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/account/tweestaps?terug=%2Fbeheer%2Fedities%2Flink-ed")
        # without the second factor the console is not open
        r = c.get("/beheer")
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/account/tweestaps")

    def test_https_headers(self):
        for path in ("/", "/inloggen", "/api/v1/editions", "/geen-pagina"):
            r = self.server.get(path)
            hsts = r.header("Strict-Transport-Security")
            self.assertIsNotNone(hsts, "no HSTS on %s with an https base URL" % path)
            m = re.search(r"max-age=(\d+)", hsts)
            self.assertTrue(m and int(m.group(1)) >= 31536000, hsts)
        c = Client(self.server)
        c.token()
        self.assertIn("__Host-lwp_csrf", c.cookies, c.cookies)
        r = self.server.get("/inloggen")
        attrs, _ = cookie_attrs(r, "__Host-lwp_csrf")
        self.assertIn("secure", attrs)
        self.assertIn("path=/", attrs)


# --------------------------------------------------------------------------
# password, second factor, signing out

class PasswordAndTotpTest(ServerTestCase):
    server_now = NOW
    server_env = dict(au.NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "pw-ed")
        au.add_users(cls.db, [("plain@example.nl", {"name": "Pim Plain"}),
                              ("changer@example.nl", {"name": "Chris Changer"}),
                              ("totp.lead@example.nl", {"grants": [("lead", "pw-ed")]}),
                              ("wrong.codes@example.nl", {"grants": [("admin", None)]})])

    def test_password_sign_in(self):
        c = Client(self.server)
        r = c.login_password("plain@example.nl")
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/account")
        attrs, _ = cookie_attrs(r, "lwp_session")
        self.assertIsNotNone(attrs, r)
        self.assertIn("httponly", attrs)
        self.assertIn("samesite=lax", attrs)
        self.assertIn("path=/", attrs)
        self.assertNotIn("secure", attrs)    # plain http base URL
        r = c.get("/account")
        self.assertStatus(r, 200)
        self.assertIn("plain@example.nl", r.text)
        self.assertEqual(c.get("/api/v1/session").json()["email"], "plain@example.nl")

        # wrong password, unknown account, other case of the address
        wrong = Client(self.server).login_password("plain@example.nl", "Niet-het-goede-42")
        unknown = Client(self.server).login_password("niemand@example.nl")
        for r in (wrong, unknown):
            self.assertStatus(r, 401)
            self.assertIsNone(cookie_attrs(r, "lwp_session")[0])
            self.assertIn("The e-mail address or the password is not right.", r.text)
        upper = Client(self.server).login_password("PLAIN@Example.NL")
        self.assertStatus(upper, 303)

    def test_return_address_stays_on_this_site(self):
        for terug, expect in (("/account/wachtwoord", "/account/wachtwoord"),
                              ("/beheer/edities/x?pagina=2", "/beheer/edities/x?pagina=2"),
                              ("//evil.example/x", "/account"),
                              ("https://evil.example/", "/account"),
                              ("/\\evil.example", "/account"),
                              ("/\tevil.example/", "/account"),      # browsers drop tabs
                              ("/\n/evil.example/", "/account"),
                              ("/\r\n/evil.example", "/account"),
                              ("/%2f/evil.example", "/account"),     # decoded: //evil
                              ("/%5cevil.example", "/account"),      # decoded: backslash
                              ("/%09/evil.example", "/account"),
                              ("/%zz", "/account"),
                              ("/bestaat/niet", "/account"),         # no route of ours
                              ("/account#//evil.example", "/account"),
                              ("javascript:alert(1)", "/account")):
            r = Client(self.server).login_password("plain@example.nl", terug=terug)
            self.assertStatus(r, 303)
            self.assertEqual(r.header("Location"), expect, "terug=%r" % terug)

    def test_anonymous_is_sent_to_sign_in(self):
        r = self.server.get("/account")
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/inloggen?terug=%2Faccount")
        self.assertStatus(self.server.get("/api/v1/session"), 401)

    def test_lead_totp_enrolment_and_sign_in(self):
        email = "totp.lead@example.nl"
        c = Client(self.server)
        r = c.login_password(email)
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/account/tweestaps")
        first = c.session
        # no console before the second factor
        r = c.get("/beheer")
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/account/tweestaps")
        r = c.get("/api/v1/manage/editions/pw-ed/applications")
        self.assertStatus(r, 403)
        self.assertFalse(c.get("/api/v1/session").json()["second_factor"])

        secret, codes = c.enrol_totp()
        self.assertEqual(len(set(codes)), 10)
        self.assertNotEqual(c.session, first, "enrolling must start a new session")
        self.assertFalse(session_ok(self.server, "lwp_session", first))
        self.assertTrue(c.get("/api/v1/session").json()["second_factor"])
        self.assertStatus(c.get("/beheer"), 200)
        self.assertStatus(c.get("/api/v1/manage/editions/pw-ed/applications"), 200)

        # sign out: the session ends on the server
        old = c.session
        r = c.logout()
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), "/")
        self.assertIsNone(c.session)
        self.assertFalse(session_ok(self.server, "lwp_session", old))
        r = self.server.get("/beheer", headers={"Cookie": "lwp_session=" + old})
        self.assertStatus(r, 303)
        self.assertEqual(urllib.parse.urlsplit(r.header("Location")).path, "/inloggen")

        # next sign-in: password, then the code of the current step
        r = c.login_password(email)
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/inloggen/code")
        r = c.get("/beheer")
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/inloggen/code")
        self.assertStatus(c.get("/inloggen/code"), 200)
        r = c.login_code(totp(secret, NOW))
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), "/beheer")
        self.assertStatus(c.get("/beheer"), 200)
        c.logout()

        # the same code again is a replay
        c.login_password(email)
        r = c.login_code(totp(secret, NOW))
        self.assertStatus(r, 401)
        self.assertStatus(c.get("/beheer"), 303)
        r = c.login_code(totp(secret, NOW + 30), terug="/beheer/edities/pw-ed")
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), "/beheer/edities/pw-ed")
        c.logout()

        # a recovery code works once (any case, with or without the hyphen)
        c.login_password(email)
        r = c.login_code(codes[0].lower().replace("-", ""))
        self.assertStatus(r, 303)
        self.assertStatus(c.get("/beheer"), 200)
        c.logout()
        c.login_password(email)
        self.assertStatus(c.login_code(codes[0]), 401)
        self.assertStatus(c.login_code(codes[1]), 303)
        self.assertStatus(c.get("/beheer"), 200)

    def test_wrong_codes_are_refused(self):
        email = "wrong.codes@example.nl"
        c = Client(self.server)
        self.assertStatus(c.login_password(email), 303)
        r = c.get("/account/tweestaps")
        secret = re.search(r'name="secret" value="([A-Z2-7]+)"', r.text).group(1)
        for code in (totp(secret, NOW + 3600), "12345", "abcdef", ""):
            r = c.post("/account/tweestaps", [("secret", secret), ("code", code)])
            self.assertStatus(r, 422, "enrolment code %r" % code)
            self.assertEqual(au.recovery_codes(r.text), [])
        self.assertStatus(c.get("/beheer"), 303)
        secret, codes = c.enrol_totp()
        c.logout()
        c.login_password(email)
        # no password change before the second factor (ASVS 6.2.3)
        for r in (c.get("/account/wachtwoord"),
                  c.post("/account/wachtwoord", [("current", PASSWORD), ("password", "Een-ander-wachtwoord-7"),
                                                 ("repeat", "Een-ander-wachtwoord-7")])):
            self.assertStatus(r, 303)
            self.assertEqual(location_path(r), "/inloggen/code?terug=/account/wachtwoord")
        for code in (totp(secret, NOW + 3600), totp(secret, NOW - 30), "000000x", "AAAAA-AAAAA",
                     "1" * 40):
            r = c.login_code(code)
            self.assertStatus(r, 401, "code %r" % code)
        self.assertStatus(c.get("/beheer"), 303)

    def test_password_change(self):
        c = Client(self.server)
        self.assertStatus(c.login_password("changer@example.nl"), 303)
        other = Client(self.server)                    # a second session of the same user
        self.assertStatus(other.login_password("changer@example.nl"), 303)
        self.assertStatus(other.get("/account"), 200)
        new = "Een-nieuw-wachtwoord-99"
        cur = ("current", PASSWORD)
        for fields in ([cur, ("password", "wachtwoord"), ("repeat", "wachtwoord")],     # common
                       [cur, ("password", "kort"), ("repeat", "kort")],                 # short
                       [cur, ("password", new), ("repeat", new + "x")],                 # differ
                       [("password", new), ("repeat", new)],                            # no current
                       [("current", ""), ("password", new), ("repeat", new)],
                       [("current", "Niet-het-goede-42"), ("password", new), ("repeat", new)]):
            self.assertStatus(c.post("/account/wachtwoord", fields), 422, repr(fields))
        self.assertStatus(Client(self.server).login_password("changer@example.nl"), 303)
        r = c.post("/account/wachtwoord", [cur, ("password", new), ("repeat", new)])
        self.assertStatus(r, 303)
        self.assertEqual(r.header("Location"), "/account?klaar=1")
        # the session that changed it stays; every other session ended (ASVS 7.4.3)
        self.assertStatus(c.get("/account"), 200)
        self.assertStatus(other.get("/account"), 303)
        self.assertStatus(Client(self.server).login_password("changer@example.nl"), 401)
        self.assertStatus(Client(self.server).login_password("changer@example.nl", new), 303)

    def test_cli_refuses_common_and_short_passwords(self):
        for pw in ("wachtwoord", "welkom123", "kort"):
            p = subprocess.run([harness.lwp_bin(), "user", "add", "cli.%s@example.nl" % len(pw),
                                "--name", "Cli", "--password-stdin",
                                "--db", harness.db_url(self.db)],
                               input=(pw + "\n").encode(), capture_output=True,
                               env=harness.child_env(), timeout=harness.CLI_TIMEOUT)
            self.assertEqual(p.returncode, 2, "password %r: %r" % (pw, p))
        r = harness.cli("user", "list", "--db", harness.db_url(self.db))
        self.assertNotIn("cli.", r.stdout)


# --------------------------------------------------------------------------
# session fixation

class SessionFixationTest(ServerTestCase):
    server_now = NOW
    server_env = dict(au.NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "fix-ed")
        au.add_users(cls.db, [("victim@example.nl", {}), ("attacker@example.nl", {}),
                              ("fix.lead@example.nl", {"grants": [("lead", None)]})])

    def test_planted_cookie_value_is_never_a_session(self):
        planted = secrets.token_hex(32)
        c = Client(self.server)
        c.cookies["lwp_session"] = planted
        self.assertStatus(c.get("/account"), 303)          # not a session
        r = c.login_password("victim@example.nl")
        self.assertStatus(r, 303)
        _, value = cookie_attrs(r, "lwp_session")
        self.assertIsNotNone(value)
        self.assertNotEqual(value, planted)
        self.assertFalse(session_ok(self.server, "lwp_session", planted))
        self.assertTrue(session_ok(self.server, "lwp_session", value))

    def test_planted_real_session_is_replaced(self):
        attacker = Client(self.server)
        self.assertStatus(attacker.login_password("attacker@example.nl"), 303)
        planted = attacker.session
        victim = Client(self.server)
        victim.cookies["lwp_session"] = planted
        r = victim.login_password("victim@example.nl")
        self.assertStatus(r, 303)
        self.assertNotEqual(victim.session, planted)
        self.assertEqual(victim.get("/api/v1/session").json()["email"], "victim@example.nl")
        # the attacker's copy does not follow the victim into their account
        r = self.server.get("/api/v1/session", headers={"Cookie": "lwp_session=" + planted})
        self.assertNotEqual(r.status == 200 and r.json().get("email"), "victim@example.nl")

    def test_token_changes_at_every_step(self):
        c = Client(self.server)
        self.assertStatus(c.login_password("fix.lead@example.nl"), 303)
        t1 = c.session
        csrf1 = c.token()
        secret, _codes = c.enrol_totp()
        t2 = c.session
        self.assertNotEqual(t1, t2)
        self.assertFalse(session_ok(self.server, "lwp_session", t1))
        self.assertNotEqual(c.token(), csrf1)
        c.logout()
        self.assertStatus(c.login_password("fix.lead@example.nl"), 303)
        t3 = c.session
        csrf3 = c.token()
        self.assertNotIn(t3, (t1, t2))
        self.assertStatus(c.login_code(totp(secret, NOW)), 303)
        t4 = c.session
        self.assertNotIn(t4, (t1, t2, t3))
        self.assertFalse(session_ok(self.server, "lwp_session", t3))
        self.assertNotEqual(c.token(), csrf3)
        self.assertStatus(c.get("/beheer"), 200)


# --------------------------------------------------------------------------
# CSRF and Origin

class CsrfTest(ServerTestCase):
    server_now = NOW
    server_env = dict(au.NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "csrf-ed")
        au.add_users(cls.db, [("csrf.user@example.nl", {}),
                              ("csrf.lead@example.nl", {"grants": [("lead", None)]})])

    @classmethod
    def after_start(cls):
        cls.lead = au.sign_in_lead(cls.server, "csrf.lead@example.nl")[0]

    def edition_status(self):
        return self.server.get("/api/v1/editions/csrf-ed").json()["status"]

    def test_sign_in_form_needs_the_token(self):
        c = Client(self.server)
        token = c.token()
        cookie = c.cookies["lwp_csrf"]
        self.assertEqual(token, cookie)
        fields = [("user", "csrf.user@example.nl"), ("password", PASSWORD)]
        wrong = ("0" if token[0] != "0" else "1") + token[1:]
        for csrf, cookies in ((None, {"lwp_csrf": cookie}),          # no field
                              (wrong, {"lwp_csrf": cookie}),         # wrong field
                              (token, {}),                           # no cookie
                              ("", {"lwp_csrf": ""})):
            b = Client(self.server, lang=None)
            b.cookies.update(cookies)
            r = b.post("/inloggen/wachtwoord", fields, csrf=csrf)
            self.assertStatus(r, 403, "csrf=%r cookies=%r" % (csrf, cookies))
            self.assertIsNone(cookie_attrs(r, "lwp_session")[0])
        self.assertStatus(c.login_password("csrf.user@example.nl"), 303)

    def test_signed_in_forms_need_the_session_token(self):
        c = Client(self.server)
        anonymous_token = c.token()
        self.assertStatus(c.login_password("csrf.user@example.nl"), 303)
        other = Client(self.server)
        self.assertStatus(other.login_password("csrf.user@example.nl"), 303)
        for token in (None, anonymous_token, other.token(), "x" * 64):
            r = c.post("/uitloggen", [], csrf=token)
            self.assertStatus(r, 403, "token %r" % token)
            self.assertTrue(session_ok(self.server, "lwp_session", c.session))
        self.assertStatus(c.logout(), 303)
        self.assertIsNone(c.session)

    def test_console_form_and_api_need_the_token(self):
        lead = self.lead
        self.assertEqual(self.edition_status(), "open")
        for token in (None, "0" * 64, Client(self.server).token()):
            r = lead.post("/beheer/edities/csrf-ed/status", [("status", "closed")], csrf=token)
            self.assertStatus(r, 403)
            r = lead.post_json("/api/v1/manage/editions/csrf-ed/status", {"status": "closed"},
                               csrf=token)
            self.assertApiError(r, 403, "csrf")
        self.assertEqual(self.edition_status(), "open")
        r = lead.post_json("/api/v1/manage/editions/csrf-ed/status", {"status": "closed"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["status"], "closed")
        r = lead.post("/beheer/edities/csrf-ed/status", [("status", "open")])
        self.assertStatus(r, 303)
        self.assertEqual(self.edition_status(), "open")

    def test_cross_origin_posts_are_refused(self):
        lead = self.lead
        base = "http://127.0.0.1:%d" % self.server.port
        for headers in ({"Origin": "http://evil.example"},
                        {"Origin": "null", "Referer": "http://evil.example/page"},
                        {"Origin": base + ".evil.example"},
                        {"Referer": "http://evil.example/page"}):
            r = lead.post("/beheer/edities/csrf-ed/status", [("status", "closed")],
                          headers=headers)
            self.assertStatus(r, 403, repr(headers))
            r = lead.post_json("/api/v1/manage/editions/csrf-ed/status", {"status": "closed"},
                               headers=headers)
            self.assertStatus(r, 403, repr(headers))
            # the sign-in form too: no login across sites
            r = Client(self.server).post("/inloggen/wachtwoord",
                                         [("user", "csrf.user@example.nl"),
                                          ("password", PASSWORD)], headers=headers)
            self.assertStatus(r, 403, repr(headers))
            self.assertIsNone(cookie_attrs(r, "lwp_session")[0])
        self.assertEqual(self.edition_status(), "open")
        # the own origin is fine
        r = lead.post("/beheer/edities/csrf-ed/status", [("status", "open")],
                      headers={"Origin": base})
        self.assertStatus(r, 303)
        rows = au.audit_rows(lead.get("/beheer/audit").text)
        details = {row["detail"] for row in rows if row["action"] == "access.refused"}
        self.assertIn("cross-origin request", details)


# --------------------------------------------------------------------------
# rate limits

def login_from(server, address, email, password=PASSWORD):
    """A password sign-in from another client address (the server trusts
    X-Forwarded-For in these tests: LWP_TRUST_PROXY=1)."""
    c = Client(server)
    fields = [("user", email), ("password", password), ("csrf", c.token())]
    return c.request("POST", "/inloggen/wachtwoord",
                     body=urllib.parse.urlencode(fields).encode(),
                     headers={"Content-Type": "application/x-www-form-urlencoded",
                              "X-Forwarded-For": address})


class AccountRateLimitTest(ServerTestCase):
    """Wrong passwords are limited per address, per account and address,
    and (slower) per account: an attacker elsewhere cannot lock the owner
    out, and many addresses together still meet a limit."""
    server_env = {"LWP_RATE_LOGIN": "1000000", "LWP_RATE_LOGIN_ACCOUNT_IP": "3",
                  "LWP_RATE_LOGIN_ACCOUNT": "8", "LWP_TRUST_PROXY": "1"}

    @classmethod
    def prepare(cls):
        au.add_users(cls.db, [("limited@example.nl", {}), ("free@example.nl", {}),
                              ("owner@example.nl", {}), ("spread@example.nl", {})])

    def test_per_account_and_address_limit(self):
        for _ in range(3):
            r = login_from(self.server, "10.1.0.1", "limited@example.nl", "Fout-wachtwoord-1")
            self.assertStatus(r, 401)
        # from that address even the right password waits, also written differently
        for email in ("limited@example.nl", "LIMITED@example.nl"):
            r = login_from(self.server, "10.1.0.1", email)
            self.assertStatus(r, 429)
            retry = r.header("Retry-After")
            self.assertTrue(retry and retry.isdigit() and 0 < int(retry) <= 900, retry)
            self.assertIsNone(cookie_attrs(r, "lwp_session")[0])
        # another account from the same address is not affected
        self.assertStatus(login_from(self.server, "10.1.0.1", "free@example.nl"), 303)

    def test_an_attacker_elsewhere_does_not_lock_the_owner_out(self):
        for address in ("10.2.0.9", "10.2.0.10"):
            for _ in range(3):
                login_from(self.server, address, "owner@example.nl", "Fout-wachtwoord-2")
            self.assertStatus(login_from(self.server, address, "owner@example.nl"), 429)
        self.assertStatus(login_from(self.server, "10.2.0.1", "owner@example.nl"), 303)

    def test_many_addresses_meet_the_account_limit(self):
        for i in range(8):
            r = login_from(self.server, "10.3.0.%d" % (i + 1), "spread@example.nl",
                           "Fout-wachtwoord-3")
            self.assertStatus(r, 401)
        self.assertStatus(login_from(self.server, "10.3.1.1", "spread@example.nl"), 429)


class AddressRateLimitTest(ServerTestCase):
    server_env = {"LWP_RATE_LOGIN": "4", "LWP_RATE_LOGIN_ACCOUNT": "1000000",
                  "LWP_RATE_APPLY": "2"}

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "rate-ed")
        au.add_user(cls.db, "ip.user@example.nl")

    def test_per_address_sign_in_limit(self):
        for i in range(4):
            r = Client(self.server).login_password("unknown%d@example.nl" % i)
            self.assertStatus(r, 401)
        for r in (Client(self.server).login_password("ip.user@example.nl"),
                  Client(self.server).post("/inloggen/link", [("email", "ip.user@example.nl")])):
            self.assertStatus(r, 429)
            retry = r.header("Retry-After")
            self.assertTrue(retry and retry.isdigit() and 0 < int(retry) <= 900, retry)
            self.assertIsNone(cookie_attrs(r, "lwp_session")[0])

    def test_applications_limit(self):
        for _ in range(2):
            self.assertStatus(self.server.apply_api("rate-ed"), 201)
        r = self.server.apply_api("rate-ed")
        self.assertApiError(r, 429, "rate_limited")
        retry = r.header("Retry-After")
        self.assertTrue(retry and retry.isdigit() and int(retry) > 0, retry)


class LinkRequestTimingTest(au.MailServerTestCase):
    """A sign-in link request is answered the same way, by the same work,
    for a known and an unknown address: it is queued and the background job
    sends the link, so neither the answer nor its time tells whether an
    account exists."""

    @classmethod
    def prepare_data(cls):
        au.add_user(cls.db, "queued@example.nl", password=None)

    def test_answer_does_not_tell_whether_an_account_exists(self):
        known = Client(self.server).post("/inloggen/link", [("email", "queued@example.nl")])
        unknown = Client(self.server).post("/inloggen/link", [("email", "nobody.here@example.nl")])
        self.assertStatus(known, 200)
        self.assertStatus(unknown, 200)
        strip = lambda t: re.sub(r'name="csrf" value="[^"]*"', "", t)
        self.assertEqual(strip(known.text), strip(unknown.text))
        # the link still arrives, from the queue
        msg = au.wait_for_mail(self.sink, lambda m: m["X-Envelope-To"] == "queued@example.nl",
                               what="the queued login link")
        self.assertRegex(au.mail_text(msg), LINK_RE)


class LinkRateLimitTest(ServerTestCase):
    server_env = {"LWP_RATE_LOGIN": "1000000", "LWP_RATE_LINK": "2"}

    @classmethod
    def prepare(cls):
        au.add_user(cls.db, "mail.me@example.nl", password=None)

    def test_link_mails_per_address(self):
        for email in ("mail.me@example.nl", "not.known@example.nl"):
            for _ in range(2):
                self.assertStatus(Client(self.server).post("/inloggen/link", [("email", email)]),
                                  200)
            r = Client(self.server).post("/inloggen/link", [("email", email.upper())])
            self.assertStatus(r, 429)
            retry = r.header("Retry-After")
            self.assertTrue(retry and retry.isdigit() and 0 < int(retry) <= 3600, retry)
        self.assertStatus(Client(self.server).post("/inloggen/link",
                                                   [("email", "someone.else@example.nl")]), 200)


# --------------------------------------------------------------------------
# headers

CSP_DIRECTIVES = ("default-src", "frame-ancestors", "base-uri", "form-action")


class HeadersTest(ServerTestCase):
    server_now = NOW
    server_env = dict(au.NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "kop-ed")
        au.add_users(cls.db, [("kop.user@example.nl", {}),
                              ("kop.lead@example.nl", {"grants": [("lead", None)]})])

    @classmethod
    def after_start(cls):
        r = cls.server.apply_api("kop-ed")
        cls.app = r.json()
        cls.user, cls.lead = au.sign_in_all([
            lambda: au.sign_in(cls.server, "kop.user@example.nl"),
            lambda: au.sign_in_lead(cls.server, "kop.lead@example.nl")[0]])

    def check_headers(self, what, r, problems):
        csp = r.header("Content-Security-Policy")
        if not csp:
            problems.append("%s: no Content-Security-Policy" % what)
        else:
            names = {d.strip().split(" ")[0] for d in csp.split(";") if d.strip()}
            for d in CSP_DIRECTIVES:
                if d not in names:
                    problems.append("%s: CSP without %s: %s" % (what, d, csp))
            if "unsafe-inline" in csp or "unsafe-eval" in csp:
                problems.append("%s: CSP allows unsafe code: %s" % (what, csp))
            if not re.search(r"frame-ancestors\s+'none'", csp):
                problems.append("%s: frame-ancestors is not 'none': %s" % (what, csp))
        if (r.header("X-Content-Type-Options") or "").lower() != "nosniff":
            problems.append("%s: X-Content-Type-Options %r" % (what, r.header("X-Content-Type-Options")))
        if (r.header("X-Frame-Options") or "").upper() != "DENY":
            problems.append("%s: X-Frame-Options %r" % (what, r.header("X-Frame-Options")))
        if not r.header("Referrer-Policy"):
            problems.append("%s: no Referrer-Policy" % what)
        if r.header("Strict-Transport-Security"):
            problems.append("%s: HSTS on a plain http base URL" % what)

    def test_security_headers_on_every_response(self):
        s, anon = self.server, Client(self.server)
        token = self.app["url"].rsplit("/", 1)[1]
        requests = [
            ("GET /", anon.get("/")),
            ("GET /edities/kop-ed", anon.get("/edities/kop-ed")),
            ("GET apply form", anon.get("/edities/kop-ed/aanmelden")),
            ("GET /inloggen", anon.get("/inloggen")),
            ("GET /aanmelding/{token}", anon.get("/aanmelding/" + token)),
            ("GET /api/v1/editions", anon.get("/api/v1/editions")),
            ("GET /healthz", anon.get("/healthz")),
            ("GET /metrics", anon.get("/metrics")),
            ("GET /static/lwp.css", anon.get("/static/lwp.css")),
            ("GET 404", anon.get("/geen/pagina")),
            ("POST 405", s.request("POST", "/healthz", body=b"")),
            ("GET /beheer anonymous 303", anon.get("/beheer")),
            ("GET /api/v1/session 401", anon.get("/api/v1/session")),
            ("POST wrong password 401", anon.login_password("kop.user@example.nl", "Fout-fout-fout-1")),
            ("POST without token 403", anon.post("/inloggen/wachtwoord", [], csrf=None)),
            ("GET /account", self.user.get("/account")),
            ("GET /beheer as user 403", self.user.get("/beheer")),
            ("GET /beheer", self.lead.get("/beheer")),
            ("GET console applications", self.lead.get("/beheer/edities/kop-ed/aanmeldingen")),
            ("GET csv", self.lead.get("/beheer/edities/kop-ed/aanmeldingen.csv")),
            ("GET api manage", self.lead.get("/api/v1/manage/editions/kop-ed/applications")),
        ]
        problems = []
        for what, r in requests:
            self.assertLess(r.status, 500, "%s: %r" % (what, r))
            self.check_headers(what, r, problems)
        self.assertNoProblems(problems)

    def test_no_store_on_personal_pages(self):
        token = self.app["url"].rsplit("/", 1)[1]
        app_id = self.app["id"]
        requests = [
            ("private application page", Client(self.server).get("/aanmelding/" + token)),
            ("home, signed in", self.user.get("/")),
            ("invitation, signed in", self.user.get("/edities/kop-ed")),
            ("/account", self.user.get("/account")),
            ("/account/wachtwoord", self.user.get("/account/wachtwoord")),
            ("/api/v1/session", self.user.get("/api/v1/session")),
            ("/beheer", self.lead.get("/beheer")),
            ("console edition", self.lead.get("/beheer/edities/kop-ed")),
            ("console applications", self.lead.get("/beheer/edities/kop-ed/aanmeldingen")),
            ("csv", self.lead.get("/beheer/edities/kop-ed/aanmeldingen.csv")),
            ("console application", self.lead.get("/beheer/aanmeldingen/%d" % app_id)),
            ("audit", self.lead.get("/beheer/audit")),
            ("api manage", self.lead.get("/api/v1/manage/editions/kop-ed/applications")),
            ("login link page", Client(self.server).get("/inloggen/link/" + "a" * 64)),
        ]
        problems = []
        for what, r in requests:
            if r.status != 200:
                problems.append("%s: status %d" % (what, r.status))
            cc = r.header("Cache-Control") or ""
            if "no-store" not in cc:
                problems.append("%s: Cache-Control %r, expected no-store" % (what, cc))
        self.assertNoProblems(problems)
