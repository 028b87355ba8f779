"""The public JSON API: editions, applying, the OpenAPI document."""

import re
import urllib.parse

from harness import ServerTestCase, applications, create_edition, json_fields

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
TOKEN_PATH = re.compile(r"^/aanmelding/[0-9a-f]{64}$")


class EditionsApiTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "winter", capacity=20, deadline="2035-11-15 23:59",
                       title="Winter edition", fee="1500")
        create_edition(cls.db, "summer", capacity=12, deadline="2035-07-01 12:00",
                       policy="diversity", fee="1234.50")
        create_edition(cls.db, "concept", publish=False)

    def get_json(self, path, status=200):
        r = self.server.get(path)
        self.assertStatus(r, status)
        self.assertTrue(r.header("Content-Type", "").startswith("application/json"), r)
        return r.json()

    def test_list_has_published_editions_only(self):
        doc = self.get_json("/api/v1/editions")
        self.assertIsInstance(doc.get("editions"), list, doc)
        slugs = sorted(e["slug"] for e in doc["editions"])
        self.assertEqual(slugs, ["summer", "winter"])

    def test_edition_fields(self):
        e = self.get_json("/api/v1/editions/winter")
        expect_types = {"slug": str, "title": str, "capacity": int, "places_left": int,
                        "deadline": str, "status": str, "policy": str, "availability": str,
                        "fee_cents": int, "accepting_applications": bool, "description": str}
        for key, typ in expect_types.items():
            with self.subTest(field=key):
                self.assertIn(key, e)
                self.assertIsInstance(e[key], typ)
        self.assertEqual(e["slug"], "winter")
        self.assertEqual(e["title"], "Winter edition")
        self.assertEqual(e["capacity"], 20)
        self.assertEqual(e["places_left"], 20)
        self.assertEqual(e["deadline"], "2035-11-15T23:59:00+01:00")
        self.assertEqual(e["status"], "open")
        self.assertEqual(e["policy"], "fcfs")
        self.assertEqual(e["fee_cents"], 150000)
        self.assertIs(e["accepting_applications"], True)

    def test_summer_deadline_has_summer_offset(self):
        e = self.get_json("/api/v1/editions/summer")
        self.assertEqual(e["deadline"], "2035-07-01T12:00:00+02:00")
        self.assertRegex(e["deadline"], ISO_WITH_OFFSET)
        self.assertEqual(e["policy"], "diversity")
        self.assertEqual(e["fee_cents"], 123450)

    def test_list_entries_match_single_edition(self):
        listed = {e["slug"]: e for e in self.get_json("/api/v1/editions")["editions"]}
        for slug in ("winter", "summer"):
            with self.subTest(slug=slug):
                one = self.get_json("/api/v1/editions/" + slug)
                for key in ("slug", "title", "capacity", "deadline", "status"):
                    self.assertEqual(listed[slug].get(key), one[key], key)

    def test_unknown_and_draft_editions_are_not_found(self):
        for slug in ("concept", "nope", "WINTER"):
            with self.subTest(slug=slug):
                for r in (self.server.get("/api/v1/editions/" + slug),
                          self.server.apply_api(slug)):
                    self.assertStatus(r, 404)
                    err = r.json().get("error")
                    self.assertIsInstance(err, dict, r)
                    self.assertIsInstance(err.get("code"), str, r)
                    self.assertIsInstance(err.get("message"), str, r)
        self.assertEqual(applications(self.db, "concept")["applications"], [])

    def test_openapi_document(self):
        doc = self.get_json("/api/v1/openapi.json")
        self.assertRegex(str(doc.get("openapi")), r"^3\.1\.\d+$", "openapi version in %r" % doc)
        self.assertIsInstance(doc.get("paths"), dict, "no paths object")
        prefix = ""
        servers = doc.get("servers") or []
        if servers and isinstance(servers[0], dict):
            prefix = urllib.parse.urlsplit(servers[0].get("url", "")).path.rstrip("/")
        paths = {(p if p.startswith("/api/") else prefix + p): v for p, v in doc["paths"].items()}
        for path, method in (("/api/v1/editions", "get"),
                             ("/api/v1/editions/{slug}", "get"),
                             ("/api/v1/editions/{slug}/applications", "post")):
            with self.subTest(path=path):
                self.assertIn(path, paths, "paths: %s" % sorted(paths))
                self.assertIn(method, paths[path])


class ApplyApiTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "api", capacity=2)
        create_edition(cls.db, "api-div", capacity=2, policy="diversity")
        create_edition(cls.db, "api-more", capacity=50)

    def apply(self, slug, **over):
        r = self.server.apply_api(slug, **over)
        self.assertStatus(r, 201)
        self.assertTrue(r.header("Content-Type", "").startswith("application/json"), r)
        return r.json()

    def test_fcfs_accepts_then_waitlists(self):
        docs = [self.apply("api") for _ in range(4)]
        self.assertEqual([d["status"] for d in docs],
                         ["accepted", "accepted", "waitlisted", "waitlisted"])
        ids = [d["id"] for d in docs]
        self.assertEqual(len(set(ids)), 4)
        for d in docs:
            self.assertIsInstance(d["id"], int)
        e = self.server.get("/api/v1/editions/api").json()
        self.assertEqual(e["places_left"], 0)
        stored = applications(self.db, "api")["applications"]
        self.assertEqual([a["status"] for a in stored],
                         ["accepted", "accepted", "waitlisted", "waitlisted"])
        self.assertEqual(sorted(a["id"] for a in stored), sorted(ids))

    def test_diversity_policy_submits(self):
        docs = [self.apply("api-div") for _ in range(3)]
        self.assertEqual([d["status"] for d in docs], ["submitted"] * 3)
        self.assertEqual(self.server.get("/api/v1/editions/api-div").json()["places_left"], 2)

    def test_url_leads_to_private_page(self):
        f = json_fields(name="Chris Bakker")
        r = self.server.post_json("/api/v1/editions/api-more/applications", f)
        self.assertStatus(r, 201)
        self.assertIn("no-store", r.header("Cache-Control", ""))   # it carries the private link
        doc = r.json()
        u = urllib.parse.urlsplit(doc["url"])
        self.assertEqual(u.scheme, "http")
        self.assertEqual(u.hostname, "127.0.0.1")
        self.assertRegex(u.path, TOKEN_PATH)
        page = self.server.get(u.path, lang="en")
        self.assertStatus(page, 200)
        self.assertIn("Chris Bakker", page.text)
        self.assertIn(f["email"], page.text)
        self.assertIn("Accepted", page.text)
        self.assertIn("no-store", page.header("Cache-Control", ""))

    def test_stored_fields(self):
        f = json_fields(name="Dewi Smit", organisation="Gemeente Utrecht",
                        organisation_kind="local", theme="new_changing", lang="en")
        r = self.server.post_json("/api/v1/editions/api-more/applications", f)
        self.assertStatus(r, 201)
        d = r.json()
        stored = [a for a in applications(self.db, "api-more")["applications"]
                  if a["id"] == d["id"]]
        self.assertEqual(len(stored), 1)
        a = stored[0]
        for key in ("name", "email", "organisation", "organisation_kind", "function",
                    "initiative_title", "theme", "motivation", "question", "lang"):
            self.assertEqual(a[key], f[key], key)
        self.assertEqual(a["status"], "accepted")

    def test_places_left_counts_down(self):
        before = self.server.get("/api/v1/editions/api-more").json()["places_left"]
        self.apply("api-more")
        after = self.server.get("/api/v1/editions/api-more").json()["places_left"]
        self.assertEqual(after, before - 1)

    def test_content_type_with_charset_is_accepted(self):
        r = self.server.post_json("/api/v1/editions/api-more/applications", json_fields(),
                                  content_type="application/json; charset=utf-8")
        self.assertStatus(r, 201)

    def test_optional_fields_may_be_left_out(self):
        self.apply("api-more", phone=None, initiative_summary=None, tags=None,
                   billing_contact=None, billing_address=None, billing_reference=None,
                   residential_needs=None, consent_directory=None)

    def test_unicode_is_kept(self):
        name = "Zo\u00eb \u00d8rsted-\u0141ukasz \u65e5\u672c \U0001F600"
        d = self.apply("api-more", name=name, organisation="Caf\u00e9 \u00e0 la gemeente")
        a = [a for a in applications(self.db, "api-more")["applications"] if a["id"] == d["id"]][0]
        self.assertEqual(a["name"], name)
        self.assertEqual(a["organisation"], "Caf\u00e9 \u00e0 la gemeente")
