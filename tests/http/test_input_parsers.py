"""The small parsers of request input, through the real server (issue 10,
the classes that got fuzz targets): the query string, the language cookie,
If-None-Match, X-Forwarded-For behind a trusted proxy, the selection
page's marks and weights, and the console API's numbers in edition and
meeting bodies. Each with several hostile variants; the unit tests
(tests/unit/test_parsers.c) and fuzz targets (tests/fuzz/) go further.

Python 3 stdlib only."""

import accounts_util as au
from harness import create_edition

SLUG = "parsers"
LEAD = "lot.leider@parsers.example.nl"


class InputParsersTest(au.MailServerTestCase):

    @classmethod
    def prepare_data(cls):
        cls.server_env = dict(cls.server_env, LWP_TRUST_PROXY="1")
        create_edition(cls.db, SLUG, capacity=10, policy="diversity")
        au.add_users(cls.db, [(LEAD, {"name": "Lot Leider", "grants": [("lead", SLUG)]})])

    @classmethod
    def after_start(cls):
        cls.lead = au.sign_in_lead(cls.server, LEAD)[0]

    def language(self, path, headers=None):
        r = self.server.get(path, headers=headers)
        self.assertStatus(r, 200, path)
        return r.header("Content-Language"), r.header_all("Set-Cookie")

    def test_query_values_that_do_not_decode_count_as_absent(self):
        for query in ("lang=%FF", "lang=en%00", "lang=e%6", "lang=%C3", "lang=en%", "lang=EN",
                      "lang%00=en", "lang=en+"):
            lang, cookies = self.language("/?" + query)
            self.assertEqual(lang, "nl", query)
            self.assertFalse([c for c in cookies if c.startswith("lang=")], query)

    def test_one_odd_query_parameter_does_not_hide_the_others(self):
        for query in ("x=%FF&lang=en", "%zz&lang=en", "&&lang=en&&", "l%61ng=en",
                      "lang=en&lang=nl", "x&lang=%65n"):
            lang, cookies = self.language("/?" + query)
            self.assertEqual(lang, "en", query)
            self.assertIn("lang=en", [c.split(";")[0] for c in cookies], query)

    def test_language_cookie(self):
        cases = {"xlang=en": "nl", "lang=english": "nl", "lang=EN": "nl", "lang_old=en": "nl",
                 "a=lang=en": "nl", "theme=dark; lang=en": "en", "xlang=nl; lang=en": "en",
                 " ;; lang=en;": "en", "lang=en; lang=nl": "en"}
        for cookie, want in cases.items():
            lang, _ = self.language("/", headers={"Cookie": cookie})
            self.assertEqual(lang, want, cookie)

    def test_if_none_match_variants(self):
        r = self.server.get("/static/lwp.css")
        self.assertStatus(r, 200)
        etag = r.header("ETag")
        self.assertRegex(etag, r'^"[^"]+"$')
        for inm in (etag, "W/" + etag, '"a", ' + etag, " , %s ,, " % etag, '"a",W/' + etag,
                    "*", " * "):
            self.assertStatus(self.server.get("/static/lwp.css", headers={"If-None-Match": inm}),
                              304, inm)
        for inm in ("x" + etag, etag + "x", etag[:-1], etag[1:], '"a" ' + etag,
                    etag + ", garbage", '"x%s"' % etag.strip('"'), "*, " + etag, "w/" + etag,
                    etag.strip('"')):
            got = self.server.get("/static/lwp.css", headers={"If-None-Match": inm})
            self.assertStatus(got, 200, inm)
            self.assertEqual(got.body, r.body)

    def test_forwarded_for_behind_a_trusted_proxy(self):
        # /metrics answers only a client on this machine: what the server
        # takes as the client's address shows in 200 against 403.
        local = ("::1", "0:0:0:0:0:0:0:1", "0000::0001", "::FFFF:127.0.0.1", "10.0.0.7, ::1",
                 "10.0.0.7,127.0.0.1",
                 # not an address: the peer (this machine) counts
                 "10.0.0.7:8080", "unknown", "10.0.0.7, ", "[10.0.0.7]", "fe80::1%eth0",
                 "10.0.0.7 x", "10.0.0.7;")
        remote = ("10.0.0.7", "::1, 10.0.0.7", "2001:DB8::1", "127.0.0.1, 8.8.8.8",
                  "::ffff:10.0.0.7",
                  "10.0.0.7 ")  # the HTTP parser drops the space at the end of a field

        for xff in local:
            self.assertStatus(self.server.get("/metrics", headers={"X-Forwarded-For": xff}),
                              200, xff)
        for xff in remote:
            self.assertStatus(self.server.get("/metrics", headers={"X-Forwarded-For": xff}),
                              403, xff)

    def test_selection_marks_that_do_not_decode(self):
        path = "/beheer/edities/%s/selectie/markering" % SLUG
        for mark, status in (("1:Include", 400), ("1:include ", 400), ("1", 400), (":none", 400),
                             ("1:2:none", 400), ("1" * 30 + ":none", 400), ("0:none", 404),
                             ("-1:none", 404), ("abc:none", 404), ("+1:none", 404),
                             ("9223372036854775808:none", 404), ("999999:none", 404)):
            r = self.lead.post(path, [("mark", mark)])
            self.assertStatus(r, status, mark)

    def test_selection_weights_out_of_range(self):
        path = "/beheer/edities/%s/selectie/gewichten" % SLUG
        good = {"w_org": "3", "w_parent": "2", "w_kind": "2", "w_theme": "2", "w_tags": "1",
                "offer_days": "7"}
        for field, value in (("w_org", "11"), ("w_parent", "-1"), ("w_kind", "+2"),
                             ("w_theme", "2.0"), ("w_tags", ""), ("offer_days", "0"),
                             ("offer_days", "61"), ("w_org", "1e1"), ("w_kind", "0x1"),
                             ("w_tags", "99999999999999999999")):
            fields = dict(good, **{field: value})
            r = self.lead.post(path, list(fields.items()))
            self.assertStatus(r, 422, "%s=%r" % (field, value))
        zero = dict(good, w_org="0", w_parent="0", w_kind="0", w_theme="0", w_tags="0")
        self.assertStatus(self.lead.post(path, list(zero.items())), 422)

    def test_edition_numbers_that_would_be_cut_or_rounded(self):
        path = "/api/v1/manage/editions/%s" % SLUG
        for body in ({"capacity": 4294967306}, {"capacity": -1}, {"capacity": 10.0},
                     {"capacity": "10"}, {"org_cap": 100001}, {"fee": 0.001}, {"fee": -0.01},
                     {"fee": 1e300}, {"fee": "100"}, {"deadline": 5}, {"slug": "other"}):
            r = self.lead.post_json(path, body)
            self.assertStatus(r, 422, body)
        r = self.server.get("/api/v1/editions/%s" % SLUG)
        self.assertStatus(r, 200)
        self.assertEqual(r.json().get("capacity"), 10, r.json())

    def test_meeting_numbers_that_would_be_cut_or_read_as_zero(self):
        path = "/api/v1/manage/editions/%s/meetings" % SLUG
        base = {"title": "Start", "kind": "start",
                "days": [{"date": "2031-06-10", "start": "09:00", "end": "17:00"},
                         {"date": "2031-06-11", "start": "09:00", "end": "17:00"}]}
        for extra, field in (({"nights": 4294967297}, "nights"), ({"nights": -4294967295}, "nights"),
                             ({"nights": "1"}, "nights"), ({"nights": 1.0}, "nights"),
                             ({"nights": 1, "price_per_night_cents": "9500"}, "price"),
                             ({"nights": 1, "price_per_night_cents": 95.5}, "price"),
                             ({"nights": 1, "price_per_night_cents": 10000001}, "price")):
            r = self.lead.post_json(path, dict(base, **extra))
            self.assertStatus(r, 422, extra)
            fields = r.json().get("error", {}).get("fields", {})
            self.assertIn(field, fields, (extra, r.json()))
        r = self.lead.get("/api/v1/manage/editions/%s/meetings" % SLUG)
        self.assertStatus(r, 200)
        self.assertNotIn("Start", [m.get("title") for m in r.json().get("meetings", [])])

    def test_attendance_marks_of_another_type(self):
        r = self.lead.post_json("/api/v1/manage/editions/%s/meetings" % SLUG, {
            "title": "Aanwezigheid", "kind": "follow_up", "status": "confirmed",
            "days": [{"date": "2031-07-01", "start": "09:00", "end": "17:00"}]})
        self.assertStatus(r, 201)
        path = "/api/v1/manage/editions/%s/meetings/%d/attendance" % (SLUG, r.json()["id"])
        for mark in ({"day": "1", "person_id": 1, "status": "present"},
                     {"day": 1.0, "person_id": 1, "status": "present"},
                     {"day": 1, "person_id": 1.0, "status": "present"},
                     {"day": 1, "person_id": "1", "status": "present"},
                     {"day": 1, "status": "present"},
                     {"day": 0, "person_id": 1, "status": "present"},
                     {"day": -9223372036854775807, "person_id": 1, "status": "absent"},
                     {"day": 1, "person_id": 1, "status": "there"}):
            r = self.lead.post_json(path, {"marks": [mark]})
            self.assertStatus(r, 422, mark)
            self.assertIn("marks", r.json().get("error", {}).get("fields", {}), mark)
        self.assertEqual(self.lead.get(path).json().get("marks"), [])
