"""Protection of the state-changing requests: the CSRF token of forms, the
Origin check, and the per-IP limit on applications (429 with Retry-After).
Refused requests store nothing."""

import json
import re
import urllib.parse

from harness import ServerTestCase, applications, create_edition, form_fields, json_fields


class CsrfAndOriginTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "veilig", capacity=10)

    def setUp(self):
        super().setUp()
        self.before = applications(self.db, "veilig")

    def assertNothingChanged(self):
        self.assertEqual(applications(self.db, "veilig"), self.before)

    def test_form_carries_a_token_and_sets_its_cookie(self):
        r = self.server.get("/edities/veilig/aanmelden")
        m = re.search(r'<input\b[^>]*\bname="csrf"[^>]*\bvalue="([^"]+)"', r.text)
        self.assertIsNotNone(m, "the apply form has no hidden csrf field")
        cookies = [c for c in r.header_all("Set-Cookie") if m.group(1) in c]
        self.assertEqual(len(cookies), 1, "no cookie carries the form's token")
        attrs = [a.strip().lower() for a in cookies[0].split(";")[1:]]
        self.assertIn("httponly", attrs)
        self.assertTrue(any(a.startswith("samesite=") for a in attrs), cookies[0])

    def test_form_post_without_token_is_refused(self):
        r = self.server.post_form("/edities/veilig/aanmelden", form_fields(), csrf=False)
        self.assertStatus(r, 403)
        self.assertNothingChanged()

    def test_form_post_with_wrong_token_is_refused(self):
        token, cookie = self.server.csrf("/edities/veilig/aanmelden")
        self.assertIsNotNone(token)
        wrong = ("0" if token[0] != "0" else "1") + token[1:]
        for fields, headers in (
                ([("csrf", wrong)] + list(form_fields().items()), {"Cookie": cookie}),
                ([("csrf", token)] + list(form_fields().items()), {}),          # no cookie
                ([("csrf", "")] + list(form_fields().items()), {"Cookie": cookie})):
            r = self.server.post_form("/edities/veilig/aanmelden", fields, headers=headers,
                                      csrf=False)
            self.assertStatus(r, 403)
        self.assertNothingChanged()

    def test_origin_null_needs_the_csrf_token(self):
        # Browsers send "Origin: null" for forms on pages with
        # Referrer-Policy: no-referrer; then the CSRF token decides.
        r = self.server.post_form("/edities/veilig/aanmelden", form_fields(),
                                  headers={"Origin": "null"})
        self.assertEqual(r.status, 303, r)
        r = self.server.post_form("/edities/veilig/aanmelden", form_fields(),
                                  headers={"Origin": "null"}, csrf=False)
        self.assertEqual(r.status, 403, r)

    def test_cross_origin_posts_are_refused(self):
        base = "http://127.0.0.1:%d" % self.server.port
        problems = []
        for origin in ("http://evil.example", base + ".evil.example",
                       "https://127.0.0.1:%d" % self.server.port):
            r = self.server.post_form("/edities/veilig/aanmelden", form_fields(),
                                      headers={"Origin": origin})
            if r.status != 403:
                problems.append("form with Origin %s: %s" % (origin, r.status))
            r = self.server.post_json("/api/v1/editions/veilig/applications", json_fields(),
                                      headers={"Origin": origin})
            if r.status != 403:
                problems.append("API with Origin %s: %s" % (origin, r.status))
        r = self.server.post_form("/edities/veilig/aanmelden", form_fields(),
                                  headers={"Referer": "http://evil.example/form"})
        if r.status != 403:
            problems.append("form with a foreign Referer: %s" % r.status)
        if applications(self.db, "veilig") != self.before:
            problems.append("cross-origin posts changed the applications")
        self.assertNoProblems(problems)

    def test_same_origin_posts_are_taken(self):
        base = "http://127.0.0.1:%d" % self.server.port
        r = self.server.post_form("/edities/veilig/aanmelden", form_fields(),
                                  headers={"Origin": base})
        self.assertStatus(r, 303)
        r = self.server.post_json("/api/v1/editions/veilig/applications", json_fields(),
                                  headers={"Origin": base})
        self.assertStatus(r, 201)

    def test_withdraw_needs_the_token(self):
        r = self.server.apply_api("veilig")
        self.assertStatus(r, 201)
        path = urllib.parse.urlsplit(r.json()["url"]).path
        refused = self.server.post_form(path + "/intrekken", body=b"", csrf=False)
        self.assertStatus(refused, 403)
        status = {a["id"]: a["status"] for a in applications(self.db, "veilig")["applications"]}
        self.assertEqual(status[r.json()["id"]], "accepted")
        ok = self.server.post_form(path + "/intrekken", body=b"")
        self.assertStatus(ok, 303)


class RateLimitTest(ServerTestCase):
    """LWP_RATE_APPLY=3: the fourth application from one address in the
    window is refused with 429 and Retry-After, through API and form."""

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "druk", capacity=10)

    server_env = {"LWP_RATE_APPLY": "3"}

    def test_fourth_application_is_limited(self):
        for _ in range(3):
            self.assertStatus(self.server.apply_api("druk"), 201)
        before = applications(self.db, "druk")
        r = self.server.apply_api("druk")
        self.assertApiError(r, 429, "rate_limited")
        retry = r.header("Retry-After")
        self.assertIsNotNone(retry, "429 without Retry-After")
        self.assertRegex(retry, r"^[1-9][0-9]*$")
        form = self.server.post_form("/edities/druk/aanmelden", form_fields())
        self.assertStatus(form, 429)
        self.assertIsNotNone(form.header("Retry-After"))
        self.assertEqual(applications(self.db, "druk"), before)
        self.assertEqual(json.loads(self.server.get("/healthz").text)["status"], "ok")
