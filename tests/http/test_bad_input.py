"""Bad input through the API, the form and raw HTTP: every case gets the
right status, stores nothing, and leaves the server up."""

import http.client
import json
import socket
import time
import urllib.parse

from harness import (HOST, ServerTestCase, applications, create_edition, form_fields,
                     has_error_summary, json_fields, location_path)

API = "/api/v1/editions/bad/applications"
FORM = "/edities/bad/aanmelden"


def body_with(raw_pairs, **over):
    """A JSON object text with the valid application fields (overridden by
    `over`) followed by `raw_pairs`, a string of extra `"k": v` members."""
    text = json.dumps(json_fields(**over))
    if raw_pairs:
        text = text[:-1] + ", " + raw_pairs + "}"
    return text.encode("utf-8")


def body_with_bytes(field, raw_value):
    """Valid application whose `field` is the JSON string with `raw_value`
    (bytes, inserted as is between the quotes)."""
    marker = "@@RAW@@"
    text = json.dumps(json_fields(**{field: marker})).encode("utf-8")
    return text.replace(marker.encode(), raw_value)


class BadInputBase(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "bad", capacity=5)
        create_edition(cls.db, "bad-draft", publish=False)
        create_edition(cls.db, "bad-past", deadline="2017-11-15 23:59")

    @classmethod
    def after_start(cls):
        r = cls.server.apply_api("bad", email="Bestaand.Adres@Example.nl")
        if r.status != 201:
            raise AssertionError("could not seed an application: %r" % r)

    def setUp(self):
        super().setUp()
        self.before = {s: applications(self.db, s) for s in ("bad", "bad-draft", "bad-past")}

    def tearDown(self):
        super().tearDown()
        self.assertHealthy()
        if self.already_failed():
            return          # the failure already tells; do not count it twice
        for s, before in self.before.items():
            self.assertEqual(applications(self.db, s), before,
                             "bad input changed the applications of %s" % s)


class ApiBadInputTest(BadInputBase):

    def post(self, body, content_type="application/json", path=API, headers=None):
        return self.server.post_json(path, body=body, content_type=content_type, headers=headers)

    def expect_errors(self, cases, status, code, field_of=None):
        """cases: {label: body}. Collect every case that does not answer
        `status` with error code `code` (and field_of[label] in fields)."""
        problems = []
        for label, body in cases.items():
            r = self.post(body)
            try:
                doc = r.json()
                err = doc["error"]
            except (ValueError, KeyError, TypeError):
                problems.append("%s: HTTP %s, not a JSON error: %r" % (label, r.status, r.body[:300]))
                continue
            if r.status != status or err.get("code") != code:
                problems.append("%s: expected %s %s, got %s %s (%s)"
                                % (label, status, code, r.status, err.get("code"),
                                   json.dumps(err)[:300]))
                continue
            if not isinstance(err.get("message"), str) or not err["message"]:
                problems.append("%s: no message" % label)
            want = (field_of or {}).get(label)
            if want and want not in (err.get("fields") or {}):
                problems.append("%s: fields %r lack %r" % (label, err.get("fields"), want))
        self.assertNoProblems(problems)

    def test_wrong_content_type_is_415(self):
        body = json.dumps(json_fields()).encode()
        problems = []
        for ct in (None, "text/plain", "application/x-www-form-urlencoded", "text/json",
                   "application/jsonx", "application/json-patch+json", "multipart/form-data",
                   "application/x-json", "application"):
            r = self.post(body, content_type=ct)
            if r.status != 415 or "error" not in r.json():
                problems.append("Content-Type %r: HTTP %s %r" % (ct, r.status, r.body[:200]))
        self.assertNoProblems(problems)

    def test_malformed_json_is_bad_json(self):
        valid = body_with("")
        cases = {
            "not json": b"not json",
            "empty body": b"",
            "truncated": valid[:-5],
            "trailing garbage": valid + b" x",
            "two documents": valid + valid,
            "single quotes": b"{'name': 'A'}",
            "NaN": body_with('"phone": NaN'),
            "comment": valid[:-1] + b" /* c */}",
            "invalid UTF-8 \\xff": body_with_bytes("name", b"Anne \xff\xfe"),
            "truncated UTF-8": body_with_bytes("name", b"Anne \xc3"),
            "overlong UTF-8 \\xc0\\xaf": body_with_bytes("name", b"Anne \xc0\xaf"),
            "overlong NUL \\xc0\\x80": body_with_bytes("name", b"Anne \xc0\x80"),
            "UTF-8 surrogate \\xed\\xa0\\x80": body_with_bytes("name", b"Anne \xed\xa0\x80"),
            "code point above U+10FFFF": body_with_bytes("name", b"Anne \xf4\x90\x80\x80"),
            "escaped NUL \\u0000": body_with_bytes("name", b"Anne\\u0000Bakker"),
            "escaped NUL in a name": body_with('"na\\u0000me": "x"'),
            "lone surrogate escape": body_with_bytes("name", b"Anne \\ud800"),
            "raw control character in string": body_with_bytes("name", b"Anne\x01"),
            "duplicate names": body_with('"name": "Tweede Naam"'),
            "duplicate eligible": body_with('"eligible": true'),
            "top-level array": b"[]",
            "array of the object": b"[" + valid + b"]",
            "top-level string": b'"application"',
            "top-level number": b"1",
            "top-level null": b"null",
            "top-level true": b"true",
            "arrays nested 100000 deep": b"[" * 100000 + b"]" * 100000,
            "objects nested 100000 deep": b'{"a":' * 100000 + b"1" + b"}" * 100000,
            "deep value in a field": body_with('"tags": ' + "[" * 100000 + "]" * 100000),
        }
        self.expect_errors(cases, 400, "bad_json")

    def test_unknown_fields(self):
        cases = {
            "foo": body_with('"foo": "bar"'),
            "Name (case differs)": body_with('"Name": "Anne"'),
            "status (mass assignment)": body_with('"status": "accepted"'),
            "id": body_with('"id": 1'),
            "edition_id": body_with('"edition_id": 1'),
            "created_at": body_with('"created_at": "2017-01-01T00:00:00Z"'),
            "empty name": body_with('"": "x"'),
        }
        fields = {"foo": "foo", "Name (case differs)": "Name", "status (mass assignment)": "status",
                  "id": "id", "edition_id": "edition_id", "created_at": "created_at"}
        self.expect_errors(cases, 400, "unknown_field", fields)

    def test_validation_errors(self):
        cases, fields = {}, {}

        def case(label, field, **over):
            cases[label] = json.dumps(json_fields(**over)).encode()
            fields[label] = field

        for f in ("name", "email", "organisation", "organisation_kind", "function",
                  "initiative_title", "theme", "motivation", "question", "eligible", "consent"):
            case("missing " + f, f, **{f: None})
        for f in ("name", "email", "organisation", "function", "initiative_title",
                  "motivation", "question"):
            case("empty " + f, f, **{f: ""})
        case("blank name", "name", name="   ")
        for i, email in enumerate(("not-an-email", "a@b", "@example.nl", "anne@", "a@@example.nl",
                                   "a b@example.nl", "anne@example", "anne@.example.nl",
                                   "anne@example..nl", "x" * 65 + "@example.nl",
                                   "anne@" + "x" * 250 + ".nl", "anne@exa_mple.nl")):
            case("bad e-mail %d %r" % (i, email[:30]), "email", email=email)
        case("CR LF in name", "name", name="Anne\r\nBcc: x@example.nl")
        case("LF in name", "name", name="Anne\nde Vries")
        case("CR in name", "name", name="Anne\rde Vries")
        case("ESC in name", "name", name="Anne \x1b[31mde Vries")
        case("CR LF in e-mail", "email", email="anne@example.nl\r\nBcc: x@example.nl")
        case("LF in organisation", "organisation", organisation="BZK\nDG")
        case("name is a number", "name", name=5)
        case("name is an array", "name", name=["Anne"])
        case("name is an object", "name", name={"first": "Anne"})
        case("name is true", "name", name=True)
        case("email is a number", "email", email=12)
        case("tags is an array of numbers", "tags", tags=[1, 2])
        case("tags is an array with a comma in a keyword", "tags", tags=["a, b"])
        case("tags is an object", "tags", tags={"a": "b"})
        case("phone is a number", "phone", phone=612345678)
        case("eligible is a string", "eligible", eligible="true")
        case("eligible is 1", "eligible", eligible=1)
        case("consent is a string", "consent", consent="1")
        case("consent is null", "consent", consent=None)
        case("consent_directory is a string", "consent_directory", consent_directory="yes")
        case("eligible false", "eligible", eligible=False)
        case("consent false", "consent", consent=False)
        case("unknown organisation kind", "organisation_kind", organisation_kind="ngo")
        case("organisation kind with case", "organisation_kind", organisation_kind="Ministry")
        case("unknown theme", "theme", theme="neither")
        case("bad phone", "phone", phone="call me")
        case("too many tags", "tags", tags=",".join("tag%d" % i for i in range(11)))
        case("tag too long", "tags", tags="x" * 41)
        case("unknown lang", "lang", lang="de")
        for f, limit in (("name", 100), ("organisation", 150), ("function", 100), ("phone", 30),
                         ("initiative_title", 150), ("initiative_summary", 2000),
                         ("tags", 300), ("motivation", 4000), ("question", 2000),
                         ("billing_contact", 100), ("billing_address", 400),
                         ("billing_reference", 60), ("residential_needs", 1000)):
            value = ("1" * (limit + 1)) if f == "phone" else ("\u00e9" * (limit + 1))
            case("%s longer than %d" % (f, limit), f, **{f: value})
        self.expect_errors(cases, 422, "validation", fields)

    def test_all_missing_fields_are_reported(self):
        r = self.post(b"{}")
        self.assertStatus(r, 422)
        err = r.json()["error"]
        self.assertEqual(err["code"], "validation")
        for f in ("name", "email", "organisation", "organisation_kind", "function",
                  "initiative_title", "theme", "motivation", "question", "eligible", "consent"):
            self.assertIn(f, err["fields"])
            self.assertIsInstance(err["fields"][f], str)
            self.assertTrue(err["fields"][f])
        for f in ("phone", "tags", "consent_directory", "billing_address"):
            self.assertNotIn(f, err["fields"])

    def test_deadline_passed(self):
        r = self.post(json.dumps(json_fields()).encode(),
                      path="/api/v1/editions/bad-past/applications")
        self.assertApiError(r, 422, "deadline_passed")

    def test_same_email_twice_is_a_conflict(self):
        problems = []
        for email in ("Bestaand.Adres@Example.nl", "bestaand.adres@example.nl",
                      "BESTAAND.ADRES@EXAMPLE.NL"):
            r = self.post(json.dumps(json_fields(email=email)).encode())
            if r.status != 409 or r.json().get("error", {}).get("code") != "conflict":
                problems.append("%s: %s %r" % (email, r.status, r.body[:200]))
        self.assertNoProblems(problems)

    def test_unknown_or_draft_edition(self):
        for slug in ("nope", "bad-draft", "BAD", "bad%20", "..%2fbad"):
            with self.subTest(slug=slug):
                r = self.post(json.dumps(json_fields()).encode(),
                              path="/api/v1/editions/%s/applications" % slug)
                self.assertStatus(r, 404)
                self.assertIn("error", r.json())


class RawHttpBadInputTest(BadInputBase):
    """Malformed HTTP sent as raw bytes."""

    def valid_body(self):
        return json.dumps(json_fields()).encode()

    def head(self, extra, path=API, method="POST"):
        return ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % (method, path, extra)).encode()

    def test_ten_megabyte_body_is_413(self):
        size = 10 * 1024 * 1024
        head = self.head("Content-Type: application/json\r\nContent-Length: %d\r\n" % size)
        chunk = b" " * 65536
        r = self.server.raw(head, (chunk for _ in range(size // len(chunk))))
        self.assertEqual(r.status, 413, r)

    def test_ten_megabyte_chunked_body_is_413(self):
        head = self.head("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n")
        piece = b" " * 65536
        chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
        r = self.server.raw(head, (chunk for _ in range(160)))
        self.assertEqual(r.status, 413, r)

    def test_content_length_with_transfer_encoding_is_400(self):
        body = self.valid_body()
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        for order in ("cl-te", "te-cl"):
            with self.subTest(order=order):
                cl = "Content-Length: %d\r\n" % len(chunked)
                te = "Transfer-Encoding: chunked\r\n"
                head = self.head("Content-Type: application/json\r\nConnection: close\r\n"
                                 + (cl + te if order == "cl-te" else te + cl))
                r = self.server.raw(head + chunked)
                self.assertEqual(r.status, 400, r)

    def test_conflicting_content_lengths_are_400(self):
        body = self.valid_body()
        head = self.head("Content-Type: application/json\r\nConnection: close\r\n"
                         "Content-Length: %d\r\nContent-Length: %d\r\n" % (len(body), len(body) + 1))
        r = self.server.raw(head + body + b" ")
        self.assertEqual(r.status, 400, r)

    def test_bad_content_length_is_400(self):
        body = self.valid_body()
        for value in ("abc", "-1", "1e3", "%d, %d" % (len(body), len(body)), "0x10",
                      "99999999999999999999999"):
            with self.subTest(content_length=value):
                head = self.head("Content-Type: application/json\r\nConnection: close\r\n"
                                 "Content-Length: %s\r\n" % value)
                r = self.server.raw(head + body, half_close=True)
                # an absurdly large length may also be refused as too large
                self.assertIn(r.status, (400, 413) if value.startswith("999") else (400,), r)

    def test_hundred_kilobyte_header_is_4xx(self):
        head = self.head("X-Big: %s\r\n" % ("a" * 100 * 1024), path="/healthz", method="GET")
        r = self.server.raw(head[:-2], (b"\r\n",))
        self.assertIsNotNone(r.status, "no HTTP response to a 100 KB header: %r" % r)
        self.assertTrue(400 <= r.status < 500, r)

    def test_many_headers_are_4xx(self):
        extra = "".join("X-H%d: v\r\n" % i for i in range(5000))
        r = self.server.raw(self.head(extra, path="/healthz", method="GET"))
        self.assertIsNotNone(r.status, "no HTTP response to 5000 headers: %r" % r)
        self.assertTrue(400 <= r.status < 500, r)

    def test_very_long_url_is_4xx(self):
        r = self.server.raw(self.head("", path="/edities/" + "a" * 100000, method="GET"))
        self.assertIsNotNone(r.status, "no HTTP response to a 100 KB URL: %r" % r)
        self.assertTrue(400 <= r.status < 500, r)

    def test_slow_clients_do_not_block_others(self):
        # 100 connections that stop half-way through a request must not keep
        # the server from answering everyone else
        idle = []
        try:
            for i in range(100):
                c = socket.create_connection((HOST, self.server.port), timeout=10)
                idle.append(c)
                if i % 2:
                    c.sendall(self.head("Content-Type: application/json\r\n"
                                        "Content-Length: 1000\r\n") + b'{"na')
                else:
                    c.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            started = time.monotonic()
            self.assertTrue(self.server.healthy())
            r = self.server.get("/api/v1/editions/bad")
            self.assertStatus(r, 200)
            self.assertLess(time.monotonic() - started, 5.0, "answers waited for slow clients")
        finally:
            for c in idle:
                c.close()

    def test_keep_alive_connection_survives_errors(self):
        conn = http.client.HTTPConnection(HOST, self.server.port, timeout=10)
        try:
            for method, path, body, headers, want in (
                    ("GET", "/healthz", None, {}, 200),
                    ("POST", API, b"{", {"Content-Type": "application/json"}, 400),
                    ("GET", "/nope", None, {}, 404),
                    ("POST", API, b"{}", {"Content-Type": "application/json"}, 422),
                    ("GET", "/api/v1/editions/bad", None, {}, 200)):
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                self.assertEqual(r.status, want, "%s %s" % (method, path))
        finally:
            conn.close()

    def test_garbage_requests_do_not_hurt(self):
        problems = []
        for raw in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                    b"\x00\x01\x02\x03\r\n\r\n", b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
                    b"GET /edities/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    b"GET /edities/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    b"GET /edities/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    b"POST " + API.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                    b"Content-Type: application/json\r\n\r\n{\"na",
                    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64):
            r = self.server.raw(raw, timeout=10, half_close=True)
            if r.status is not None and not 400 <= r.status < 500:
                problems.append("%r -> %s" % (raw[:60], r.status))
            if not self.server.healthy():
                problems.append("%r: server stopped answering" % raw[:60])
                break
        self.assertNoProblems(problems)


class FormBadInputTest(BadInputBase):

    def post(self, body, headers=None, path=FORM):
        return self.server.post_form(path, body=body, headers=headers)

    def valid(self, **over):
        return urllib.parse.urlencode(form_fields(**over))

    def test_malformed_bodies_are_400(self):
        v = self.valid()
        cases = {
            "bad %-encoding %zz": v + "&tags=%zz",
            "bad %-encoding %4G": v.replace("name=", "name=%4G", 1),
            "trailing %": v + "%",
            "invalid UTF-8 %FF": v.replace("name=", "name=%FF", 1),
            "raw invalid UTF-8 byte": v.encode().replace(b"name=", b"name=\xff", 1),
            "overlong UTF-8 %C0%AF": v.replace("name=", "name=%C0%AF", 1),
            "UTF-8 surrogate %ED%A0%80": v.replace("name=", "name=%ED%A0%80", 1),
            "NUL %00": v.replace("name=", "name=Anne%00", 1),
            "NUL in a field name": v + "&na%00me=x",
            "raw NUL byte": v.encode().replace(b"name=", b"name=A\x00", 1),
            "duplicate field": v + "&name=Tweede",
            "duplicate checkbox": v + "&consent=1",
            "unknown field": v + "&foo=bar",
            "unknown field status": v + "&status=accepted",
            "more than 64 fields": v + "".join("&x%d=1" % i for i in range(70)),
        }
        problems = []
        for label, body in cases.items():
            r = self.post(body, headers={"Accept-Language": "en"})
            if r.status != 400:
                problems.append("%s: expected 400, got %s" % (label, r.status))
            elif not r.header("Content-Type", "").startswith("text/html") or "<html" not in r.text:
                problems.append("%s: 400 is not an HTML page" % label)
        self.assertNoProblems(problems)

    def test_json_sent_to_the_form_is_refused(self):
        r = self.server.post_json(FORM, json_fields())
        self.assertTrue(400 <= r.status < 500, r)

    def test_validation_errors_are_422(self):
        cases = {
            "bad e-mail": ("email", self.valid(email="geen-adres")),
            "CR LF in name": ("name", self.valid(name="Anne\r\nBcc: x@example.nl")),
            "LF in e-mail": ("email", self.valid(email="anne@example.nl\nBcc: x@example.nl")),
            "eligible missing": ("eligible", self.valid(eligible=None)),
            "consent missing": ("consent", self.valid(consent=None)),
            "consent not 1": ("consent", self.valid(consent="yes")),
            "unknown kind": ("organisation_kind", self.valid(organisation_kind="ngo")),
            "unknown theme": ("theme", self.valid(theme="x")),
            "name too long": ("name", self.valid(name="\u00e9" * 101)),
            "missing name": ("name", self.valid(name=None)),
            "blank name": ("name", self.valid(name="   ")),
            "bad phone": ("phone", self.valid(phone="bel mij")),
        }
        problems = []
        for label, (field, body) in cases.items():
            r = self.post(body)
            if r.status != 422:
                problems.append("%s: expected 422, got %s" % (label, r.status))
                continue
            if 'href="#f-%s"' % field not in r.text:
                problems.append("%s: no error link to #f-%s" % (label, field))
            if not has_error_summary(r.text):
                problems.append("%s: no error summary" % label)
        self.assertNoProblems(problems)

    def test_deadline_passed(self):
        r = self.post(self.valid(), headers={"Accept-Language": "en"}, path="/edities/bad-past/aanmelden")
        self.assertStatus(r, 422)
        self.assertIn("The deadline for applications has passed.", r.text)

    def test_duplicate_email(self):
        r = self.post(self.valid(email="BESTAAND.adres@example.NL"))
        self.assertStatus(r, 409)

    def test_unknown_or_draft_edition(self):
        for slug in ("nope", "bad-draft"):
            with self.subTest(slug=slug):
                self.assertStatus(self.post(self.valid(), path="/edities/%s/aanmelden" % slug), 404)


class PayloadTest(ServerTestCase):
    """SQL and HTML in every text field are stored verbatim and shown escaped."""

    SQL = "'); DROP TABLE applications;--"
    HTML = "<script>alert(1)</script>"

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "payload", capacity=10)

    def check(self, path, email, sent):
        stored = [a for a in applications(self.db, "payload")["applications"] if a["email"] == email]
        self.assertEqual(len(stored), 1)
        for key, value in sent.items():
            self.assertEqual(stored[0][key], value, key)
        page = self.server.get(path, lang="en")
        self.assertStatus(page, 200)
        self.assertNotIn(self.HTML, page.text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page.text)
        self.assertIn("DROP TABLE applications;--", page.text)
        self.assertNotIn("<img src=x", page.text)

    def test_through_the_form(self):
        sent = {"name": self.SQL + " " + self.HTML, "organisation": self.HTML,
                "function": '"><img src=x onerror=alert(1)>', "initiative_title": self.SQL,
                "motivation": self.HTML + "\n" + self.SQL, "question": "Robert'); --"}
        f = form_fields(**sent)
        r = self.server.post_form("/edities/payload/aanmelden", f)
        self.assertStatus(r, 303)
        self.check(location_path(r), f["email"], sent)

    def test_through_the_api(self):
        sent = {"name": self.HTML + self.SQL, "organisation": self.SQL,
                "initiative_title": self.HTML, "function": '"><img src=x onerror=alert(1)>'}
        f = json_fields(**sent)
        r = self.server.post_json("/api/v1/editions/payload/applications", f)
        self.assertStatus(r, 201)
        self.check(urllib.parse.urlsplit(r.json()["url"]).path, f["email"], sent)

    def test_email_with_sql(self):
        email = "o'brien+drop--@example.nl"
        r = self.server.apply_api("payload", email=email)
        self.assertStatus(r, 201)
        stored = [a for a in applications(self.db, "payload")["applications"] if a["email"] == email]
        self.assertEqual(len(stored), 1)
        again = self.server.apply_api("payload", email=email.upper())
        self.assertStatus(again, 409)

    def test_longest_values_are_accepted(self):
        # the limits count characters, like the form's maxlength, not bytes
        r = self.server.apply_api("payload", name="\u00e9" * 100, motivation="\u20ac" * 4000,
                                  organisation="\U0001F600" * 150)
        self.assertStatus(r, 201)
