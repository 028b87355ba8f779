"""Writing to groups (C9): a lead's message reaches exactly the edition's
participants, waiting list, coaches or one subgroup, each in their own
language, through the outbox; preview first; the delivery report per
recipient (sent, failed with the error). Console, API and CLI; both
backends.

SubgroupMessageTest: an edition with two confirmed subgroups (and a third
that was removed) and participants of both languages; a message to one
subgroup arrives at a real SMTP sink exactly once per member of that
subgroup, in the member's language, and at nobody of the other subgroup;
a subgroup of another edition, a removed one or an unknown name is
refused with the reason and nothing is stored or queued."""

import json
import os
import re
import shutil
import tempfile
import unittest

import harness
import accounts_util as au
from harness import (ServerTestCase, Server, amsterdam_to_unix, cli, create_edition, db_url,
                     free_port, location_path)
from accounts_util import NO_LIMITS, NOW, add_user, sign_in_lead

U = os.getpid()


def addr(name):
    return "%s.%d@example.nl" % (name, U)


class MessagesTest(ServerTestCase):
    server_now = NOW
    server_env = dict(NO_LIMITS)

    @classmethod
    def prepare(cls):
        create_edition(cls.db, "msg", capacity=2)
        create_edition(cls.db, "msg-other", capacity=2)
        add_user(cls.db, addr("lead"), name="Lea Lead", grants=[("lead", None)])
        add_user(cls.db, addr("coach-en"), name="Coach English", lang="en",
                 grants=[("coach", "msg")])
        add_user(cls.db, addr("coach-all"), name="Coach Overal", lang="nl",
                 grants=[("coach", None)])
        add_user(cls.db, addr("coach-other"), name="Coach Elders", lang="nl",
                 grants=[("coach", "msg-other")])

    @classmethod
    def after_start(cls):
        s = cls.server
        for name, lang in (("p-nl", "nl"), ("p-en", "en"), ("w-en", "en"), ("w-nl", "nl")):
            r = s.apply_api("msg", name="Person " + name, email=addr(name), lang=lang)
            assert r.status == 201, r
        r = s.apply_api("msg-other", name="Person other", email=addr("other"))
        assert r.status == 201, r
        cls.lead, _, _ = sign_in_lead(s, addr("lead"))

    def mails_of(self, who):
        r = cli("person", "export", who, "--db", db_url(self.db))
        if r.returncode != 0:
            return []
        return [m for m in json.loads(r.stdout)["mail"] if m["subject"].startswith("Groep") or
                m["subject"].startswith("Group")]

    def form(self, to, action, tag):
        return {"to": to, "subject_nl": "Groepsbericht %s" % tag,
                "body_nl": "Beste allemaal,\r\n\r\nTot dinsdag.",
                "subject_en": "Group message %s" % tag,
                "body_en": "Dear all,\r\n\r\nSee you Tuesday.", "actie": action}

    def test_participants_from_the_console(self):
        page = self.lead.get("/beheer/edities/msg/berichten")
        self.assertStatus(page, 200)
        self.assertNotIn('value="versturen"', page.text)      # preview first
        r = self.lead.post("/beheer/edities/msg/berichten", self.form("participants", "voorbeeld",
                                                                      "A"))
        self.assertStatus(r, 200)
        self.assertIn("Recipients: 2.", r.text)
        self.assertIn("1 get the Dutch text, 1 the English text.", r.text)
        self.assertIn("See you Tuesday.", r.text)
        self.assertIn('value="versturen"', r.text)
        self.assertEqual(self.mails_of(addr("p-nl")), [])     # a preview sends nothing
        r = self.lead.post("/beheer/edities/msg/berichten", self.form("participants", "versturen",
                                                                      "A"))
        self.assertStatus(r, 303)
        path = harness.location_path(r)
        self.assertRegex(path, r"^/beheer/edities/msg/berichten/\d+")
        page = self.lead.get(path)
        self.assertStatus(page, 200)
        self.assertIn(addr("p-nl"), page.text)
        self.assertIn(addr("p-en"), page.text)
        self.assertNotIn(addr("w-nl"), page.text)
        self.assertIn("waiting to be sent", page.text)
        nl, en = self.mails_of(addr("p-nl")), self.mails_of(addr("p-en"))
        self.assertEqual([m["subject"] for m in nl], ["Groepsbericht A"])
        self.assertIn("Tot dinsdag.", nl[0]["body_text"])
        self.assertEqual([m["subject"] for m in en], ["Group message A"])
        for other in ("w-nl", "w-en", "other"):
            self.assertEqual(self.mails_of(addr(other)), [], other)
        # the list shows it with its counts
        page = self.lead.get("/beheer/edities/msg/berichten")
        self.assertIn("Groepsbericht A", page.text)

    def test_waitlist_by_api_and_delivery_report(self):
        r = self.lead.post_json("/api/v1/manage/editions/msg/messages",
                                dict(self.form("waitlist", "", "B"), preview=True))
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["recipients"], 2)
        self.assertNotIn("id", r.json())
        body = self.form("waitlist", "", "B")
        body.pop("actie")
        r = self.lead.post_json("/api/v1/manage/editions/msg/messages", body)
        self.assertStatus(r, 201)
        doc = r.json()
        self.assertEqual((doc["recipients"], doc["in_dutch"], doc["in_english"]), (2, 1, 1))
        self.assertEqual([m["subject"] for m in self.mails_of(addr("w-en"))], ["Group message B"])
        self.assertEqual([m["subject"] for m in self.mails_of(addr("w-nl"))], ["Groepsbericht B"])
        # a mail server that refuses the connection: every copy failed, with the error
        port = free_port()
        res = cli("mail", "send-pending", "--smtp-url", "smtp://127.0.0.1:%d" % port,
                  "--db", db_url(self.db), env={"LWP_NOW": str(NOW + 3600)})
        rep = self.lead.get("/api/v1/manage/editions/msg/messages/%d" % doc["id"]).json()
        self.assertEqual(sorted(d["email"] for d in rep["deliveries"]),
                         sorted([addr("w-en"), addr("w-nl")]))
        self.assertTrue(all(d["state"] == "failed" and d["error"] for d in rep["deliveries"]),
                        (res, rep))
        self.assertEqual(rep["failed"], 2)
        # validation and unknown groups
        bad = dict(body, subject_en="")
        r = self.lead.post_json("/api/v1/manage/editions/msg/messages", bad)
        self.assertStatus(r, 422)
        self.assertIn("subject_en", json.dumps(r.json()))
        r = self.lead.post_json("/api/v1/manage/editions/msg/messages", dict(body, to="iedereen"))
        self.assertStatus(r, 422)
        self.assertStatus(self.lead.get("/api/v1/manage/editions/msg-other/messages/%d"
                                        % doc["id"]), 404)

    def test_coaches_by_cli(self):
        nl = os.path.join(self.server_dir(), "nl.txt")
        en = os.path.join(self.server_dir(), "en.txt")
        with open(nl, "w") as f:
            f.write("Beste coaches,\n\nDe groep is compleet.\n")
        with open(en, "w") as f:
            f.write("Dear coaches,\n\nThe group is complete.\n")
        base = ["message", "send", "msg", "--to", "coaches", "--subject-nl", "Groep C",
                "--subject-en", "Group C", "--body-nl-file", nl, "--body-en-file", en,
                "--db", db_url(self.db)]
        r = cli(*(base + ["--dry-run"]))
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("would send to 2 recipients (1 in Dutch, 1 in English)", r.stdout)
        r = cli(*base)
        self.assertEqual(r.returncode, 0, r)
        m = re.search(r"message (\d+) queued for 2 recipients", r.stdout)
        self.assertIsNotNone(m, r)
        self.assertEqual([x["subject"] for x in self.mails_of(addr("coach-en"))], ["Group C"])
        self.assertEqual([x["subject"] for x in self.mails_of(addr("coach-all"))], ["Groep C"])
        self.assertEqual(self.mails_of(addr("coach-other")), [])
        r = cli("message", "show", "msg", m.group(1), "--db", db_url(self.db))
        self.assertEqual(sorted(line.split("\t")[0] for line in r.stdout.splitlines()),
                         sorted([addr("coach-en"), addr("coach-all")]))
        r = cli("message", "send", "msg", "--to", "iedereen", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 2, r)

    def server_dir(self):
        return os.path.dirname(self.db)


DEADLINE = "2032-03-03 12:00"
DEADLINE_TS = amsterdam_to_unix(2032, 3, 3, 12, 0, 1)
BEFORE = DEADLINE_TS - 86400 + 15
AFTER = DEADLINE_TS + 3600 + 15
SG_LEAD = "sanne.lead.%d@groepen.example.nl" % U
# (key, language, organisation, kind): six of "grp", two of "grp-b"
GRP = [("ans", "nl", "Ministerie van Financi\u00ebn", "ministry"),
       ("bob", "en", "Belastingdienst", "agency"),
       ("cor", "nl", "Gemeente Utrecht", "local"),
       ("dia", "en", "UWV", "zbo"),
       ("eva", "nl", "SSC-ICT", "shared_service"),
       ("fay", "en", "Ministerie van EZK", "ministry")]
GRP_B = [("gus", "nl", "Kadaster", "zbo"), ("hal", "en", "Logius", "agency")]
TEXT = {"nl": ("Groepsbericht %s", "Beste subgroep,\r\n\r\nWe zien elkaar in Zeist."),
        "en": ("Group message %s", "Dear subgroup,\r\n\r\nSee you in Zeist.")}


def sg_addr(key, slug):
    return "%s.%s.%d@groepen.example.nl" % (key, slug, U)


class SubgroupMessageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.mkdtemp(prefix="lwp-http-msg-sg-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.db = os.path.join(cls.tmpdir, "lwp.db")
        harness.init_db(cls.db)
        for slug, cap in (("grp", 6), ("grp-b", 2)):
            create_edition(cls.db, slug, capacity=cap, deadline=DEADLINE, policy="diversity",
                           title="Berichten " + slug)
        add_user(cls.db, SG_LEAD, name="Sanne Lead", grants=[("lead", "grp"), ("lead", "grp-b")])
        cls.lang = {}
        before = Server(cls.db, now=BEFORE, env=dict(NO_LIMITS)).start()
        try:
            for slug, people in (("grp", GRP), ("grp-b", GRP_B)):
                for key, lang, org, kind in people:
                    email = sg_addr(key, slug)
                    r = before.apply_api(slug, name="Persoon " + key, email=email, lang=lang,
                                         organisation=org, organisation_kind=kind)
                    if r.status != 201:
                        raise AssertionError("applying %s: %r" % (key, r))
                    cls.lang[email] = lang
        finally:
            problems = before.stop()
        if problems:
            raise AssertionError("\n".join(problems))
        for slug in ("grp", "grp-b"):
            r = cli("select", slug, "--db", db_url(cls.db), env={"LWP_NOW": AFTER})
            if r.returncode != 0:
                raise AssertionError("lwp select %s: %r" % (slug, r))
        # no SMTP server: the mail waits in the outbox until send-pending
        cls.server = Server(cls.db, now=AFTER, env=dict(NO_LIMITS)).start()
        cls.addClassCleanup(cls._stop_server)
        c = au.Client(cls.server)
        r = c.login_password(SG_LEAD)
        if r.status != 303 or location_path(r) != "/account/tweestaps":
            raise AssertionError("sign-in: %r" % r)
        c.enrol_totp(now=AFTER)
        cls.lead = c
        # three named subgroups of grp, grp-b's two, then grp's "Oost" is
        # removed (after grp-b's were made, so that no id is used again)
        def settings(k, names):
            fields = {"k": str(k), "sizes": "", "org_apart": "1"}
            fields.update({"name_%d" % i: n for i, n in enumerate(names)})
            r = c.post("/beheer/edities/grp/subgroepen/instellingen", fields)
            if r.status != 303:
                raise AssertionError("settings: %r" % r)

        def subgroups_api(slug, body):
            r = c.post_json("/api/v1/manage/editions/%s/subgroups" % slug, body)
            if r.status not in (200, 201):
                raise AssertionError("%s %s: %r" % (slug, body, r))

        settings(3, ("Noord", "Zuid", "Oost"))
        cls.removed_id = {g["name"]: g["id"] for g in cls.subgroups("grp")}["Oost"]
        subgroups_api("grp-b", {"action": "plan", "groups": 2})
        subgroups_api("grp-b", {"action": "confirm"})
        settings(2, ("Noord", "Zuid"))
        subgroups_api("grp", {"action": "plan"})
        subgroups_api("grp", {"action": "confirm"})
        cls.groups = {g["name"]: g for g in cls.subgroups("grp")}
        cls.other_edition_id = cls.subgroups("grp-b")[0]["id"]
        port = free_port()
        cls.sink = au.Sink(port, os.path.join(cls.tmpdir, "mail"))
        cls.sink.start()
        cls.addClassCleanup(cls.sink.stop)
        cls.smtp_url = "smtp://127.0.0.1:%d" % port

    @classmethod
    def _stop_server(cls):
        problems = cls.server.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    @classmethod
    def subgroups(cls, slug):
        r = cls.lead.get("/api/v1/manage/editions/%s/subgroups" % slug)
        if r.status != 200:
            raise AssertionError("subgroups of %s: %r" % (slug, r))
        return r.json()["groups"]

    def members(self, name):
        return sorted(m["email"] for m in self.groups[name]["members"])

    def form(self, to, action, tag):
        return {"to": to, "subject_nl": TEXT["nl"][0] % tag, "body_nl": TEXT["nl"][1],
                "subject_en": TEXT["en"][0] % tag, "body_en": TEXT["en"][1], "actie": action}

    def body(self, tag, **over):
        b = self.form("subgroup", "", tag)
        b.pop("actie")
        b.update(over)
        return b

    def send_pending(self):
        r = cli("mail", "send-pending", "--smtp-url", self.smtp_url, "--db", db_url(self.db),
                env={"LWP_NOW": str(AFTER + 60)})
        self.assertEqual(r.returncode, 0, r)

    def group_mails(self, tag):
        subjects = {TEXT["nl"][0] % tag, TEXT["en"][0] % tag}
        return [m for m in self.sink.messages() if str(m["Subject"]) in subjects]

    def stored(self):
        """The messages of grp (lwp message list) and the outbox rows waiting."""
        r = cli("message", "list", "grp", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        waiting = self.server.get("/metrics").text
        m = re.search(r"^lwp_outbox_pending (\d+)$", waiting, re.M)
        return r.stdout, m and m.group(1)

    def test_setup(self):
        self.assertEqual(sorted(self.groups), ["Noord", "Zuid"])
        self.assertEqual(len(self.members("Noord")) + len(self.members("Zuid")), 6)
        langs = {self.lang[e] for e in self.members("Zuid")} | \
            {self.lang[e] for e in self.members("Noord")}
        self.assertEqual(langs, {"nl", "en"})
        ids = {g["id"] for slug in ("grp", "grp-b") for g in self.subgroups(slug)}
        self.assertNotIn(self.removed_id, ids, "Oost is gone, its id not used again")
        self.assertNotIn(self.other_edition_id, {g["id"] for g in self.subgroups("grp")})

    def test_to_one_subgroup_from_the_console(self):
        zuid, noord = self.members("Zuid"), self.members("Noord")
        zid = self.groups["Zuid"]["id"]
        page = self.lead.get("/beheer/edities/grp/berichten")
        self.assertEqual(page.status, 200, page)
        self.assertIn('value="subgroup:%d"' % zid, page.text)
        self.assertIn("Subgroup: Noord", page.text)
        self.assertNotIn("Oost", page.text)
        self.assertNotIn('value="subgroup:%d"' % self.other_edition_id, page.text)
        r = self.lead.post("/beheer/edities/grp/berichten",
                           self.form("subgroup:%d" % zid, "voorbeeld", "Z"))
        self.assertEqual(r.status, 200, r)
        nl = sum(1 for e in zuid if self.lang[e] == "nl")
        self.assertIn("Recipients: %d." % len(zuid), r.text)
        self.assertIn("%d get the Dutch text, %d the English text." % (nl, len(zuid) - nl), r.text)
        self.assertIn("Subgroup: Zuid", r.text)
        # the form's CRLF blank line separates the paragraphs as in the mail
        self.assertIn('<p class="nl-paragraph">We zien elkaar in Zeist.</p>', r.text)
        self.assertEqual(self.group_mails("Z"), [])
        r = self.lead.post("/beheer/edities/grp/berichten",
                           self.form("subgroup:%d" % zid, "versturen", "Z"))
        self.assertEqual(r.status, 303, r)
        path = location_path(r)
        page = self.lead.get(path)
        self.assertEqual(page.status, 200, page)
        self.assertIn("Subgroup: Zuid", page.text)
        for e in zuid:
            self.assertIn(e, page.text)
        for e in noord:
            self.assertNotIn(e, page.text)
        self.send_pending()
        mails = self.group_mails("Z")
        self.assertEqual(sorted(m["X-Envelope-To"] for m in mails), zuid,
                         "exactly one mail per member of Zuid, none to Noord")
        for m in mails:
            lang = self.lang[m["X-Envelope-To"]]
            text = au.mail_text(m)
            self.assertEqual(str(m["Subject"]), TEXT[lang][0] % "Z")
            if lang == "nl":
                self.assertIn("We zien elkaar in Zeist.", text)
                self.assertNotIn("See you in Zeist.", text)
            else:
                self.assertIn("See you in Zeist.", text)
                self.assertNotIn("We zien elkaar in Zeist.", text)
        # the delivery report: who got it
        mid = int(re.search(r"/berichten/(\d+)", path).group(1))
        rep = self.lead.get("/api/v1/manage/editions/grp/messages/%d" % mid).json()
        self.assertEqual(rep["to"], "subgroup")
        self.assertEqual(rep["subgroup"], {"id": zid, "name": "Zuid"})
        self.assertEqual(sorted(d["email"] for d in rep["deliveries"]), zuid)
        self.assertTrue(all(d["state"] == "sent" for d in rep["deliveries"]), rep)
        page = self.lead.get(path)
        self.assertEqual(page.text.count("delivered on"), len(zuid))
        listing = self.lead.get("/beheer/edities/grp/berichten")
        self.assertIn("Subgroup: Zuid", listing.text)

    def test_by_name_in_the_api_and_by_id_in_the_cli(self):
        noord = self.members("Noord")
        r = self.lead.post_json("/api/v1/manage/editions/grp/messages",
                                self.body("N", subgroup="Noord", preview=True))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["recipients"], len(noord))
        self.assertEqual(r.json()["subgroup"]["id"], self.groups["Noord"]["id"])
        nl = os.path.join(self.tmpdir, "nl.txt")
        en = os.path.join(self.tmpdir, "en.txt")
        for path, text in ((nl, "Beste groep,\n\nTot morgen.\n"), (en, "Dear group,\n\nSee you.\n")):
            with open(path, "w") as f:
                f.write(text)
        base = ["message", "send", "grp", "--to", "subgroup", "--subject-nl", "Groep N",
                "--subject-en", "Group N", "--body-nl-file", nl, "--body-en-file", en,
                "--db", db_url(self.db)]
        r = cli(*(base + ["--subgroup", str(self.groups["Noord"]["id"]), "--dry-run"]))
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("subgroup %d (Noord)" % self.groups["Noord"]["id"], r.stdout)
        self.assertIn("would send to %d recipients" % len(noord), r.stdout)
        r = cli(*(base + ["--subgroup", "Noord"]))
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("queued for %d recipients" % len(noord), r.stdout)
        mid = re.search(r"message (\d+) queued", r.stdout).group(1)
        r = cli("message", "show", "grp", mid, "--db", db_url(self.db))
        self.assertEqual(sorted(l.split("\t")[0] for l in r.stdout.splitlines()), noord)
        r = cli(*base)
        self.assertEqual(r.returncode, 2, "--to subgroup needs --subgroup: %r" % r)

    def test_refusals_change_nothing(self):
        before = self.stored()
        api = "/api/v1/manage/editions/grp/messages"
        for over, what in (({"subgroup": self.other_edition_id}, "a subgroup of grp-b"),
                           ({"subgroup": self.removed_id}, "the removed subgroup"),
                           ({"subgroup": "Oost"}, "the removed subgroup by name"),
                           ({"subgroup": "Nergens"}, "an unknown name"),
                           ({"to": "subgroup:%d" % self.other_edition_id}, "grp-b's, as the form")):
            for preview in (False, True):
                r = self.lead.post_json(api, self.body("X", preview=preview, **over))
                self.assertEqual(r.status, 422, (what, r))
                self.assertIn("no such subgroup (it may have been removed)", r.text, what)
                self.assertIn('"subgroup"', r.text, what)
        r = self.lead.post_json(api, self.body("X"))
        self.assertEqual(r.status, 422, r)
        self.assertIn("Choose one of the edition's subgroups.", r.text)
        r = self.lead.post("/beheer/edities/grp/berichten",
                           self.form("subgroup:%d" % self.other_edition_id, "versturen", "X"))
        self.assertEqual(r.status, 422, r)
        self.assertIn("This edition has no such subgroup (it may have been removed).", r.text)
        r = self.lead.post("/beheer/edities/grp/berichten",
                           self.form("subgroup:%d" % self.removed_id, "voorbeeld", "X"))
        self.assertEqual(r.status, 422, r)
        nl = os.path.join(self.tmpdir, "x.txt")
        with open(nl, "w") as f:
            f.write("Tekst\n")
        r = cli("message", "send", "grp", "--to", "subgroup", "--subgroup",
                str(self.other_edition_id), "--subject-nl", "X", "--subject-en", "X",
                "--body-nl-file", nl, "--body-en-file", nl, "--db", db_url(self.db))
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("subgroup: This edition has no such subgroup", r.stderr)
        self.assertEqual(self.stored(), before, "a refused message stores and queues nothing")
        self.assertEqual(self.group_mails("X"), [])
