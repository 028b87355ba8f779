"""Edition descriptions are Markdown (cmark, safe mode, cut down to an
allow-list): a lead writes one in the console, the invitation page shows it
rendered, markup and dangerous links from the text never reach any page,
and the API keeps the text as written."""

import re

import accounts_util as au
from harness import location_path

DESCRIPTION = "\n".join([
    "# Over de Leerwerkplaats",
    "",
    "Dit is **vet** en *schuin*, met [de site](https://example.org/info?a=1&b=2)",
    "en [een valkuil](javascript:alert('md')).",
    "",
    "- eerste punt",
    "- tweede punt",
    "",
    "<script>alert('md-script')</script>",
    "",
    "Een <b onclick=\"alert('md-inline')\">tag</b> en ![het logo](https://tracker.example/p.png)",
    "en 5 < 6 & \"aanhalingstekens\".",
])


def description_block(text):
    m = re.search(r'<div class="lwp-description" lang="nl">\n(.*?)</div>', text, re.S)
    return m.group(1) if m else None


class MarkdownDescriptionTest(au.MailServerTestCase):

    @classmethod
    def prepare_data(cls):
        au.add_users(cls.db, [
            ("hoofd@markdown.example.nl", {"name": "Hanna Hoofd", "grants": [("lead", None)]}),
        ])

    @classmethod
    def after_start(cls):
        cls.lead = au.sign_in_lead(cls.server, "hoofd@markdown.example.nl")[0]
        fields = [
            ("title", "Leerwerkplaats Markdown"), ("slug", "md-editie"),
            ("description", DESCRIPTION), ("capacity", "12"),
            ("deadline_date", "2031-11-15"), ("deadline_time", "23:59"),
            ("policy", "fcfs"), ("org_cap", "0"), ("fee", "1500.00"),
            ("accommodation", "0"), ("starts_on", "2032-01-10"), ("ends_on", "2032-12-10"),
            ("guided_months", "6"), ("location", "Den Haag"),
            ("contact_name", "Petra Programma"), ("contact_email", "petra@example.nl"),
        ]
        r = cls.lead.post("/beheer/edities", fields)
        if r.status != 303 or location_path(r) != "/beheer/edities/md-editie?klaar=1":
            raise AssertionError("create edition: %r" % r)
        r = cls.lead.post("/beheer/edities/md-editie/status", [("status", "open")])
        if r.status != 303:
            raise AssertionError("publish edition: %r" % r)

    def invitation(self, lang="en"):
        r = self.server.get("/edities/md-editie", lang=lang)
        self.assertStatus(r, 200)
        block = description_block(r.text)
        self.assertIsNotNone(block, r.text[:3000])
        return r.text, block

    def test_markdown_rendered_on_the_invitation(self):
        text, block = self.invitation()
        self.assertIn("<strong>vet</strong>", block)
        self.assertIn("<em>schuin</em>", block)
        self.assertNotIn("**vet**", text)
        self.assertIn("<ul>\n<li>eerste punt</li>\n<li>tweede punt</li>\n</ul>", block)
        self.assertIn('<a href="https://example.org/info?a=1&amp;b=2">de site</a>', block)
        # the heading fits under the page's one h1
        self.assertIn("<h2>Over de Leerwerkplaats</h2>", block)
        self.assertEqual(len(re.findall(r"<h1\b", text)), 1)
        # an image is its alt text
        self.assertIn("het logo", block)
        self.assertNotIn("<img", block)
        self.assertNotIn("tracker.example", text)
        # text is escaped
        self.assertIn("5 &lt; 6 &amp; &quot;aanhalingstekens&quot;.", block)

    def test_markup_and_dangerous_links_never_appear(self):
        text, block = self.invitation()
        for lang in ("en", "nl"):
            with self.subTest(lang=lang):
                page = self.server.get("/edities/md-editie", lang=lang).text
                for bad in ("md-script", "<script>alert", "javascript:", "onclick", "md-inline"):
                    self.assertNotIn(bad, page)
        # the refused link keeps its text, the raw tag's text stays
        self.assertIn("een valkuil", block)
        self.assertIn("tag", block)
        self.assertNotRegex(block, r"<b[ >]")
        # nothing but the allowed elements in the description
        tags = set(re.findall(r"</?([a-z0-9]+)", block))
        self.assertLessEqual(tags, {"h2", "p", "strong", "em", "a", "ul", "li", "br"}, block)

    def test_console_form_keeps_the_text_as_written(self):
        r = self.lead.get("/beheer/edities/md-editie")
        self.assertStatus(r, 200)
        self.assertIn("Markdown is supported", r.text)
        self.assertNotIn("<script>alert", r.text)
        self.assertIn("&lt;script&gt;alert(&#39;md-script&#39;)&lt;/script&gt;", r.text)
        self.assertIn("Dit is **vet**", r.text)
        nl = self.lead.get("/beheer/edities/md-editie?lang=nl")
        self.assertIn("Markdown wordt ondersteund", nl.text)
        self.assertStatus(self.lead.get("/beheer/edities/md-editie?lang=en"), 200)

    def test_api_returns_the_raw_text(self):
        r = self.server.get("/api/v1/editions/md-editie")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["description"], DESCRIPTION)

    def test_home_page_shows_no_description_markup(self):
        r = self.server.get("/")
        self.assertStatus(r, 200)
        self.assertIn("Leerwerkplaats Markdown", r.text)
        self.assertNotIn("md-script", r.text)
        self.assertNotIn("**vet**", r.text)
