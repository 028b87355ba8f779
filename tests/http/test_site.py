"""Site-wide behaviour: security headers on every response, unknown paths
and methods, static files with ETag, /healthz, /metrics, /privacy."""

import re

from harness import ServerTestCase, create_edition, form_fields, location_path


class SiteTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "site", capacity=5)

    def check_security_headers(self, r):
        csp = r.header("Content-Security-Policy")
        self.assertIsNotNone(csp, "no Content-Security-Policy in %r" % r)
        directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
        for name in ("default-src", "frame-ancestors", "base-uri", "form-action"):
            self.assertIn(name, directives, "CSP %r lacks %s" % (csp, name))
        self.assertNotIn("'unsafe-inline'", csp)
        self.assertNotIn("'unsafe-eval'", csp)
        self.assertIn("'none'", directives["frame-ancestors"])
        self.assertEqual(r.header("X-Content-Type-Options", "").lower(), "nosniff")
        self.assertEqual(r.header("X-Frame-Options", "").upper(), "DENY")
        self.assertTrue(r.header("Referrer-Policy"), "no Referrer-Policy in %r" % r)
        self.assertEqual(len(r.header_all("Content-Security-Policy")), 1)

    def test_security_headers_on_every_kind_of_response(self):
        s = self.server
        ok = s.post_form("/edities/site/aanmelden", form_fields())
        self.assertStatus(ok, 303)
        cases = {
            "home": s.get("/"),
            "invitation": s.get("/edities/site"),
            "form": s.get("/edities/site/aanmelden"),
            "redirect": ok,
            "private": s.get(location_path(ok)),
            "422": s.post_form("/edities/site/aanmelden", form_fields(email="x")),
            "400 form": s.post_form("/edities/site/aanmelden", body=b"name=%zz"),
            "privacy": s.get("/privacy"),
            "api list": s.get("/api/v1/editions"),
            "api one": s.get("/api/v1/editions/site"),
            "api 415": s.post_json("/api/v1/editions/site/applications", {}, content_type="text/plain"),
            "api 404": s.get("/api/v1/editions/nope"),
            "openapi": s.get("/api/v1/openapi.json"),
            "css": s.get("/static/lwp.css"),
            "healthz": s.get("/healthz"),
            "metrics": s.get("/metrics"),
            "404": s.get("/no/such/page"),
            "405": s.request("DELETE", "/"),
        }
        for name, r in cases.items():
            with self.subTest(response=name):
                self.check_security_headers(r)

    def test_unknown_paths_are_not_found(self):
        for path in ("/nope", "/edities", "/edities/", "/edities/site/", "/edities/site/x",
                     "/api/v1", "/api/v1/", "/api/v1/nope", "/api/v2/editions",
                     "/aanmelding/", "/static/", "/static/nope.css", "/healthz/"):
            with self.subTest(path=path):
                self.assertStatus(self.server.get(path), 404)

    def test_static_path_traversal_is_refused(self):
        for path in ("/static/..", "/static/%2e%2e/meson.build", "/static/..%2f..%2fmeson.build",
                     "/static/%2e%2e%2f%2e%2e%2fmeson.build", "/static/lwp.css%00.txt",
                     "/static/.%2e/.%2e/etc/passwd"):
            with self.subTest(path=path):
                r = self.server.get(path)
                self.assertIn(r.status, (400, 404), r)
                self.assertNotIn(b"project(", r.body)
                self.assertNotIn(b"root:", r.body)

    WRONG_METHODS = (("POST", "/", "GET"), ("DELETE", "/healthz", "GET"),
                     ("PUT", "/edities/site", "GET"), ("POST", "/edities/site", "GET"),
                     ("DELETE", "/edities/site/aanmelden", "POST"),
                     ("GET", "/aanmelding/%s/intrekken" % ("0" * 64), "POST"),
                     ("PUT", "/api/v1/editions", "GET"), ("POST", "/api/v1/editions/site", "GET"),
                     ("GET", "/api/v1/editions/site/applications", "POST"),
                     ("POST", "/metrics", "GET"), ("POST", "/static/lwp.css", "GET"))

    def test_wrong_method_on_known_path(self):
        for method, path, _allowed in self.WRONG_METHODS:
            with self.subTest(method=method, path=path):
                self.assertStatus(self.server.request(method, path), 405)

    def test_405_names_the_allowed_methods(self):
        # RFC 9110 15.5.6: a 405 response MUST carry an Allow header.
        bad = []
        for method, path, allowed in self.WRONG_METHODS:
            r = self.server.request(method, path)
            allow = r.header("Allow")
            if r.status != 405 or allow is None or \
                    allowed not in [m.strip() for m in allow.split(",")]:
                bad.append("%s %s -> %s, Allow: %r (expected to include %s)"
                           % (method, path, r.status, allow, allowed))
        self.assertNoProblems(bad)

    def test_head_is_answered_like_get_without_body(self):
        r = self.server.request("HEAD", "/edities/site")
        self.assertStatus(r, 200)
        self.assertEqual(r.body, b"")

    def test_healthz(self):
        r = self.server.get("/healthz")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type", "").startswith("application/json"))
        doc = r.json()
        self.assertEqual(doc["status"], "ok")
        self.assertIsInstance(doc["schema"], int)
        self.assertGreaterEqual(doc["schema"], 1)

    def test_privacy_page(self):
        r = self.server.get("/privacy", lang="en")
        self.assertStatus(r, 200)
        self.assertIn('lang="en"', r.text)
        self.assertIn("<h1", r.text)

    def test_static_css_with_etag(self):
        r = self.server.get("/static/lwp.css")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type", "").startswith("text/css"), r)
        etag = r.header("ETag")
        self.assertTrue(etag, "no ETag")
        self.assertRegex(etag, r'^(W/)?"[^"]+"$')
        self.assertGreater(len(r.body), 0)
        same = self.server.get("/static/lwp.css", headers={"If-None-Match": etag})
        self.assertStatus(same, 304)
        self.assertEqual(same.body, b"")
        self.assertEqual(same.header("ETag"), etag)
        listed = self.server.get("/static/lwp.css", headers={"If-None-Match": '"other", ' + etag})
        self.assertStatus(listed, 304)
        other = self.server.get("/static/lwp.css", headers={"If-None-Match": '"not-the-etag"'})
        self.assertStatus(other, 200)
        self.assertEqual(other.body, r.body)

    def test_static_css_if_none_match_star(self):
        # RFC 9110 13.1.2: "*" matches any current representation.
        r = self.server.get("/static/lwp.css", headers={"If-None-Match": "*"})
        self.assertStatus(r, 304)

    def metrics(self):
        r = self.server.get("/metrics")
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type", "").startswith("text/plain"), r)
        values = {}
        for line in r.text.splitlines():
            if not line or line.startswith("#"):
                continue
            m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) ([0-9.eE+-]+|NaN|\+Inf)$", line)
            self.assertIsNotNone(m, "not a Prometheus sample line: %r" % line)
            values[m.group(1)] = float(m.group(2))
        return r.text, values

    def test_metrics(self):
        text, before = self.metrics()
        self.assertIn("# TYPE lwp_http_requests_total counter", text)
        self.assertIn("# TYPE lwp_http_request_duration_seconds histogram", text)
        self.assertIn('lwp_http_request_duration_seconds_bucket{le="+Inf"}', before)
        self.assertIn("lwp_http_request_duration_seconds_sum", before)
        self.assertIn("lwp_http_request_duration_seconds_count", before)
        self.assertEqual(before['lwp_http_request_duration_seconds_bucket{le="+Inf"}'],
                         before["lwp_http_request_duration_seconds_count"])
        buckets = [(k, v) for k, v in before.items()
                   if k.startswith("lwp_http_request_duration_seconds_bucket")]
        counts = [v for _k, v in buckets]
        self.assertEqual(counts, sorted(counts), "histogram buckets must be cumulative")
        total = sum(v for k, v in before.items() if k.startswith("lwp_http_requests_total"))

        key = 'lwp_applications_submitted_total{status="accepted"}'
        self.assertIn(key, before)
        r = self.server.apply_api("site")
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["status"], "accepted")
        self.server.get("/no/such/page")

        _text, after = self.metrics()
        self.assertEqual(after[key], before[key] + 1)
        total_after = sum(v for k, v in after.items() if k.startswith("lwp_http_requests_total"))
        self.assertGreaterEqual(total_after, total + 3)   # metrics, apply, 404
        self.assertGreaterEqual(after["lwp_http_request_duration_seconds_count"],
                                before["lwp_http_request_duration_seconds_count"] + 3)


class MetricsAccessTest(ServerTestCase):
    """/metrics shows counts of applications: without LWP_METRICS_TOKEN only a
    client on this machine reads it (behind the trusted proxy, the client's
    address counts)."""
    server_env = {"LWP_TRUST_PROXY": "1"}

    def test_only_local_clients_without_a_token(self):
        self.assertStatus(self.server.get("/metrics"), 200)
        for address in ("10.0.0.7", "192.168.1.2", "2001:db8::1", "8.8.8.8"):
            r = self.server.get("/metrics", headers={"X-Forwarded-For": address})
            self.assertStatus(r, 403, address)
            self.assertNotIn("lwp_applications", r.text)


class MetricsTokenTest(ServerTestCase):
    """With LWP_METRICS_TOKEN, only a request with that bearer token reads
    /metrics, from anywhere."""
    server_env = {"LWP_METRICS_TOKEN": "metrics-secret-0123456789", "LWP_TRUST_PROXY": "1"}

    def test_token_required(self):
        for headers in ({}, {"Authorization": "Bearer wrong"},
                        {"Authorization": "Bearer metrics-secret-012345678"},
                        {"Authorization": "Bearer metrics-secret-0123456789x"},
                        {"Authorization": "Basic metrics-secret-0123456789"},
                        {"Authorization": "metrics-secret-0123456789"}):
            r = self.server.get("/metrics", headers=headers)
            self.assertStatus(r, 403, repr(headers))
        for extra in ({}, {"X-Forwarded-For": "10.0.0.7"}):
            h = {"Authorization": "Bearer metrics-secret-0123456789"}
            h.update(extra)
            r = self.server.get("/metrics", headers=h)
            self.assertStatus(r, 200, repr(h))
            self.assertIn("lwp_http_requests_total", r.text)
