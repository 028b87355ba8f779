"""Writing to groups (C9): a lead's message reaches exactly the edition's
participants, waiting list or coaches, each in their own language,
through the outbox; preview first; the delivery report per recipient
(sent, failed with the error). Console, API and CLI; both backends."""

import json
import os
import re

import harness
from harness import ServerTestCase, cli, create_edition, db_url, free_port
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
