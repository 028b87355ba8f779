"""Language choice: Dutch by default, ?lang=en switches and sets a cookie
that later requests honour, Accept-Language is the fallback."""

from harness import ServerTestCase, create_edition, form_fields, html_lang, po_translation


class LanguageTest(ServerTestCase):

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "taal", capacity=10)

    def lang_cookie(self, r):
        """Value of the lang cookie set by response r, or None."""
        for v in r.header_all("Set-Cookie"):
            name, _, rest = v.partition("=")
            if name.strip() == "lang":
                return rest.split(";")[0].strip()
        return None

    def test_dutch_by_default(self):
        r = self.server.get("/edities/taal")
        self.assertStatus(r, 200)
        self.assertEqual(html_lang(r.text), "nl")
        self.assertEqual(r.header("Content-Language"), "nl")
        self.assertNotIn("places left", r.text)

    def test_query_switches_to_english_and_sets_a_cookie(self):
        r = self.server.get("/edities/taal?lang=en")
        self.assertStatus(r, 200)
        self.assertEqual(html_lang(r.text), "en")
        self.assertIn("10 of 10 places left", r.text)
        self.assertEqual(self.lang_cookie(r), "en")
        cookie = [v for v in r.header_all("Set-Cookie") if v.startswith("lang=")][0]
        attrs = [a.strip().lower() for a in cookie.split(";")[1:]]
        self.assertIn("path=/", attrs)
        self.assertTrue(any(a.startswith("samesite=") for a in attrs), cookie)

        # the cookie is honoured on the next request, on any page
        for path in ("/edities/taal", "/", "/edities/taal/aanmelden", "/privacy"):
            with self.subTest(path=path):
                nxt = self.server.get(path, headers={"Cookie": "lang=en"})
                self.assertStatus(nxt, 200)
                self.assertEqual(html_lang(nxt.text), "en")

    def test_cookie_wins_over_accept_language(self):
        r = self.server.get("/edities/taal", headers={"Cookie": "lang=en", "Accept-Language": "nl"})
        self.assertEqual(html_lang(r.text), "en")
        r = self.server.get("/edities/taal", headers={"Cookie": "lang=nl", "Accept-Language": "en"})
        self.assertEqual(html_lang(r.text), "nl")

    def test_query_wins_over_cookie_and_switches_back(self):
        r = self.server.get("/edities/taal?lang=nl", headers={"Cookie": "lang=en"})
        self.assertEqual(html_lang(r.text), "nl")
        self.assertEqual(self.lang_cookie(r), "nl")

    def test_accept_language(self):
        for header, expect in (("en", "en"), ("en-GB,en;q=0.9", "en"), ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
                               ("de", "nl"), ("fr, en;q=0.5", "en"), ("*", "nl")):
            with self.subTest(accept_language=header):
                r = self.server.get("/edities/taal", headers={"Accept-Language": header})
                self.assertStatus(r, 200)
                self.assertEqual(html_lang(r.text), expect)

    def test_unsupported_or_odd_choices_fall_back(self):
        for query in ("?lang=xx", "?lang=", "?lang=EN%00", "?lang=%ff", "?lang=en&lang=nl"):
            with self.subTest(query=query):
                r = self.server.get("/edities/taal" + query)
                self.assertIn(r.status, (200, 400), r)
                if r.status == 200:
                    self.assertIn(html_lang(r.text), ("nl", "en"))
                self.assertIn(self.lang_cookie(r), (None, "nl", "en"))
        for cookie in ("lang=xx", "lang=", "lang", "lang=en; lang=nl", "other=1; lang=en"):
            with self.subTest(cookie=cookie):
                r = self.server.get("/edities/taal", headers={"Cookie": cookie})
                self.assertStatus(r, 200)
                self.assertIn(html_lang(r.text), ("nl", "en"))
        r = self.server.get("/edities/taal", headers={"Cookie": "other=1; lang=en"})
        self.assertEqual(html_lang(r.text), "en")

    def test_pages_vary_on_language_inputs(self):
        r = self.server.get("/edities/taal")
        vary = [v.strip().lower() for v in r.header("Vary", "").split(",")]
        self.assertIn("accept-language", vary)
        self.assertIn("cookie", vary)

    def test_field_messages_in_the_visitors_language(self):
        f = form_fields(email="geen-adres")
        en = self.server.post_form("/edities/taal/aanmelden", f, headers={"Cookie": "lang=en"})
        self.assertStatus(en, 422)
        self.assertEqual(html_lang(en.text), "en")
        self.assertIn("Enter an e-mail address like name@example.nl.", en.text)
        nl = self.server.post_form("/edities/taal/aanmelden", f)
        self.assertStatus(nl, 422)
        self.assertEqual(html_lang(nl.text), "nl")
        self.assertNotIn("Enter an e-mail address like name@example.nl.", nl.text)
        dutch = po_translation("Enter an e-mail address like name@example.nl.")
        self.assertIsNotNone(dutch, "po/nl.po lacks the e-mail message")
        self.assertIn(dutch, nl.text)

    def test_api_messages_follow_accept_language(self):
        body = {"name": ""}
        r_en = self.server.post_json("/api/v1/editions/taal/applications", body,
                                     headers={"Accept-Language": "en"})
        r_nl = self.server.post_json("/api/v1/editions/taal/applications", body,
                                     headers={"Accept-Language": "nl"})
        self.assertStatus(r_en, 422)
        self.assertStatus(r_nl, 422)
        self.assertEqual(r_en.json()["error"]["message"], "Some fields need your attention.")
        self.assertNotEqual(r_nl.json()["error"]["message"], r_en.json()["error"]["message"])
