"""Public pages: home, invitation (places left, availability), the
application form and its end-to-end submission, the private page."""

import re

from harness import (ServerTestCase, applications, create_edition, form_fields,
                     has_error_summary, html_lang, location_path, po_translation, tag_with_id)

TOKEN_LOCATION = re.compile(r"^/aanmelding/([0-9a-f]{64})\?ontvangen=1$")

FORM_FIELDS = ("name", "email", "organisation", "organisation_kind", "organisation_parent",
               "function", "phone",
               "initiative_title", "theme", "initiative_summary", "tags", "motivation",
               "question", "billing_contact", "billing_address", "billing_reference",
               "residential_needs", "eligible", "consent", "consent_directory")


class InvitationPagesTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "open-one", capacity=20, title="Leerwerkplaats open one",
                       deadline="2035-11-15 23:59")
        create_edition(cls.db, "draft-one", title="Secret draft edition", publish=False)
        for slug in ("few", "avail", "full"):
            create_edition(cls.db, slug, capacity=10, title="Edition " + slug)

    @classmethod
    def after_start(cls):
        cls.fill("few", 8, "accepted")        # 2 of 10 left: 2 <= 10/5
        cls.fill("avail", 7, "accepted")      # 3 of 10 left: more than a fifth
        cls.fill("full", 10, "accepted")
        cls.fill("full", 1, "waitlisted")

    def page(self, path, lang="en"):
        r = self.server.get(path, lang=lang)
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type", "").startswith("text/html"), r)
        return r.text

    def test_home_lists_published_editions_only(self):
        text = self.page("/")
        self.assertIn('href="/edities/open-one"', text)
        self.assertIn("Leerwerkplaats open one", text)
        self.assertNotIn("draft-one", text)
        self.assertNotIn("Secret draft edition", text)

    def test_invitation_in_english(self):
        text = self.page("/edities/open-one?lang=en", lang=None)
        self.assertEqual(html_lang(text), "en")
        self.assertIn("Leerwerkplaats open one", text)
        self.assertIn("15 November 2035", text)
        self.assertIn("23:59", text)
        self.assertIn("20 of 20 places left", text)
        self.assertIn("Places available", text)
        self.assertIn('href="/edities/open-one/aanmelden"', text)

    def test_availability_a_few_places_left(self):
        text = self.page("/edities/few")
        self.assertIn("2 of 10 places left", text)
        self.assertIn("A few places left", text)
        self.assertNotIn("Places available", text)

    def test_availability_just_above_a_fifth(self):
        text = self.page("/edities/avail")
        self.assertIn("3 of 10 places left", text)
        self.assertIn("Places available", text)
        self.assertNotIn("A few places left", text)

    def test_availability_full_waiting_list_open(self):
        text = self.page("/edities/full")
        self.assertIn("0 of 10 places left", text)
        self.assertIn("Full, waiting list open", text)
        self.assertNotIn("A few places left", text)

    def test_places_left_in_the_api_agree_with_the_pages(self):
        for slug, left in (("open-one", 20), ("few", 2), ("avail", 3), ("full", 0)):
            with self.subTest(slug=slug):
                r = self.server.get("/api/v1/editions/" + slug)
                self.assertStatus(r, 200)
                self.assertEqual(r.json()["places_left"], left)

    def test_invitation_in_dutch(self):
        for slug, left, cap, msgid in (("few", 2, 10, "A few places left"),
                                       ("full", 0, 10, "Full, waiting list open"),
                                       ("avail", 3, 10, "Places available")):
            with self.subTest(slug=slug):
                text = self.page("/edities/" + slug, lang=None)   # no preference: Dutch
                self.assertEqual(html_lang(text), "nl")
                self.assertNotIn(msgid, text)
                dutch = po_translation(msgid)
                self.assertIsNotNone(dutch, "po/nl.po has no translation of %r" % msgid)
                self.assertIn(dutch, text)
                count = po_translation("{1} of {2} places left")
                self.assertIsNotNone(count, "po/nl.po has no translation of the places count")
                self.assertIn(count.replace("{1}", str(left)).replace("{2}", str(cap)), text)

    def test_apply_form_has_every_field(self):
        text = self.page("/edities/open-one/aanmelden")
        self.assertRegex(text, r'<form[^>]*method="post"[^>]*action="/edities/open-one/aanmelden"')
        for name in FORM_FIELDS:
            with self.subTest(field=name):
                self.assertRegex(text, r'name="%s"' % name)
                self.assertIsNotNone(tag_with_id(text, "f-" + name), "no id f-%s" % name)

    def test_draft_and_unknown_editions_are_not_found(self):
        for slug in ("draft-one", "no-such-edition"):
            for method, path in (("GET", "/edities/%s"), ("GET", "/edities/%s/aanmelden"),
                                 ("POST", "/edities/%s/aanmelden")):
                with self.subTest(method=method, path=path % slug):
                    if method == "GET":
                        r = self.server.get(path % slug, lang="en")
                    else:
                        r = self.server.post_form(path % slug, form_fields())
                    self.assertStatus(r, 404)
                    self.assertNotIn("Secret draft edition", r.body.decode("utf-8", "replace"))
        self.assertEqual(applications(self.db, "draft-one")["applications"], [])


class FormApplicationTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "form", capacity=3)
        create_edition(cls.db, "tiny", capacity=1)
        create_edition(cls.db, "div", capacity=3, policy="diversity")

    def submit(self, slug, fields, headers=None, expect=303):
        r = self.server.post_form("/edities/%s/aanmelden" % slug, fields, headers=headers)
        self.assertStatus(r, expect)
        return r

    def token_of(self, r):
        m = TOKEN_LOCATION.match(location_path(r))
        self.assertIsNotNone(m, "Location %r" % r.header("Location"))
        return m.group(1)

    def find(self, slug, email):
        doc = applications(self.db, slug)
        found = [a for a in doc["applications"] if a["email"] == email]
        self.assertEqual(len(found), 1, "application of %s in %r" % (email, doc))
        return found[0]

    def test_apply_end_to_end(self):
        f = form_fields(name="Bram Janssen", organisation="Belastingdienst",
                        organisation_kind="agency", theme="both")
        r = self.submit("form", f)
        token = self.token_of(r)

        page = self.server.get(location_path(r), lang="en")
        self.assertStatus(page, 200)
        self.assertIn("no-store", page.header("Cache-Control", ""))
        self.assertIn("Bram Janssen", page.text)
        self.assertIn(f["email"], page.text)
        self.assertIn("Belastingdienst", page.text)
        self.assertIn("Accepted", page.text)
        self.assertIn('action="/aanmelding/%s/intrekken"' % token, page.text)

        again = self.server.get("/aanmelding/" + token, lang="en")
        self.assertStatus(again, 200)
        self.assertIn("no-store", again.header("Cache-Control", ""))

        doc = applications(self.db, "form")
        self.assertEqual(doc["edition"], "form")
        self.assertEqual(doc["capacity"], 3)
        a = self.find("form", f["email"])
        self.assertLessEqual({"id", "status", "created_at", "name", "email", "organisation",
                              "organisation_kind", "function", "initiative_title", "theme",
                              "tags", "motivation", "question", "lang"}, set(a))
        self.assertEqual(a["status"], "accepted")
        for key in ("name", "email", "organisation", "organisation_kind", "function",
                    "initiative_title", "theme", "motivation", "question"):
            self.assertEqual(a[key], f[key], key)
        self.assertIn(a["tags"], (f["tags"], ["zelforganisatie", "teams"]))
        self.assertIsInstance(a["id"], int)
        self.assertTrue(a["created_at"])

    def test_language_of_the_applicant_is_kept(self):
        f = form_fields()
        self.submit("form", f, headers={"Cookie": "lang=en"})
        self.assertEqual(self.find("form", f["email"])["lang"], "en")
        f = form_fields()
        self.submit("form", f)
        self.assertEqual(self.find("form", f["email"])["lang"], "nl")

    def test_optional_fields_may_be_left_out(self):
        f = form_fields(phone=None, initiative_summary=None, tags=None, billing_contact=None,
                        billing_address=None, billing_reference=None, residential_needs=None,
                        consent_directory=None)
        self.submit("div", f)
        self.assertEqual(self.find("div", f["email"])["status"], "submitted")

    def test_fcfs_waitlists_beyond_capacity(self):
        first = self.submit("tiny", form_fields())
        second = self.submit("tiny", form_fields())
        p1 = self.server.get(location_path(first), lang="en")
        p2 = self.server.get(location_path(second), lang="en")
        self.assertIn("Accepted", p1.text)
        self.assertIn("On the waiting list", p2.text)
        statuses = [a["status"] for a in applications(self.db, "tiny")["applications"]]
        self.assertEqual(statuses, ["accepted", "waitlisted"])

    def test_diversity_policy_submits(self):
        f = form_fields()
        r = self.submit("div", f)
        page = self.server.get(location_path(r), lang="en")
        self.assertIn("Submitted", page.text)
        self.assertEqual(self.find("div", f["email"])["status"], "submitted")

    def test_validation_errors_reshow_the_form(self):
        f = form_fields(name="", email="not-an-email", consent=None,
                        organisation="Rijkswaterstaat & co", motivation="Mijn <motivatie>")
        with self.assertNothingStored("form"):
            r = self.server.post_form("/edities/form/aanmelden", f, headers={"Accept-Language": "en"})
        self.assertStatus(r, 422)
        text = r.text
        self.assertTrue(has_error_summary(text), "no error summary")
        for field in ("name", "email", "consent"):
            with self.subTest(field=field):
                self.assertIn('href="#f-%s"' % field, text)
                tag = tag_with_id(text, "f-" + field)
                self.assertIsNotNone(tag, "no element f-%s" % field)
                self.assertIn('aria-invalid="true"', tag)
        for field in ("organisation", "function", "motivation"):
            with self.subTest(valid_field=field):
                self.assertNotIn('href="#f-%s"' % field, text)
                self.assertNotIn('aria-invalid="true"', tag_with_id(text, "f-" + field) or "")
        # values are kept, escaped
        self.assertIn('value="Rijkswaterstaat &amp; co"', text)
        self.assertIn('value="not-an-email"', text)
        self.assertIn("Mijn &lt;motivatie&gt;", text)
        self.assertIn('value="%s"' % f["function"], text)

    def test_html_in_kept_values_is_escaped(self):
        evil = '"><script>alert(1)</script>'
        f = form_fields(email="bad", organisation=evil, motivation="</textarea>" + evil)
        with self.assertNothingStored("form"):
            r = self.server.post_form("/edities/form/aanmelden", f)
        self.assertStatus(r, 422)
        self.assertNotIn("<script>alert(1)", r.text)
        self.assertNotIn("</textarea><script>", r.text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", r.text)

    def test_duplicate_email_is_refused_case_insensitively(self):
        f = form_fields(email="Dubbel.Aanmelder@Example.NL")
        self.submit("form", f)
        for email in ("dubbel.aanmelder@example.nl", "DUBBEL.AANMELDER@EXAMPLE.NL",
                      "Dubbel.Aanmelder@Example.NL"):
            with self.subTest(email=email):
                with self.assertNothingStored("form"):
                    r = self.server.post_form("/edities/form/aanmelden",
                                              form_fields(email=email), headers={"Accept-Language": "en"})
                self.assertStatus(r, 409)
                self.assertIn("<form", r.text)
                self.assertIn('value="%s"' % email, r.text)
        # the same address may apply to another edition
        self.submit("div", form_fields(email="dubbel.aanmelder@example.nl"))

    def test_private_page_of_unknown_token_is_not_found(self):
        for token in ("0" * 64, "f" * 64, "abc", "0" * 63 + "g", "%2e%2e"):
            with self.subTest(token=token):
                r = self.server.get("/aanmelding/" + token, lang="en")
                self.assertStatus(r, 404)
                r = self.server.post_form("/aanmelding/%s/intrekken" % token, body=b"")
                self.assertStatus(r, 404)
