"""Subgroups of a selected edition (SPEC C3), end to end on one database:
applications through the API before the deadline, `lwp select` after it,
then a server past the deadline where

- only the edition's lead reaches the subgroup page, its forms and the API
  (anonymous: no; another edition's lead: 403);
- the lead saves the settings (two subgroups, names, one coach each from
  the accounts with the coach role), and makes the subgroups: the proposal
  is the optimum (checked here by brute force over every split), with the
  two people of one organisation apart; the lead's apart and together rules
  hold in the next plan; the page shows the spread table and the chart;
- moving one person by hand shows the change in diversity, equal to the one
  computed here;
- confirming mails every participant and both coaches their subgroup (its
  members and coaches) in their language, through a real SMTP server;
- participants see their subgroup on their private page and on /account,
  coaches on /account;
- after a withdrawal the re-balance proposes the fewest moves (checked by
  brute force) and its confirmation mails only the changed subgroups;
- `lwp split --dry-run --json` gives the documented JSON, and without
  --dry-run confirms through the same service.

The steps build on each other, so the tests are numbered.

Python 3 stdlib only."""

import itertools
import json
import re
import unittest

import accounts_util as au
import selection_util as su
from harness import Server, amsterdam_to_unix, cli, create_edition, db_url, location_path
from selection_util import button_forms, flat

DEADLINE = "2032-03-03 12:00"
DEADLINE_TS = amsterdam_to_unix(2032, 3, 3, 12, 0, 1)
BEFORE = DEADLINE_TS - 86400 + 15
AFTER = DEADLINE_TS + 3600 + 15

W = {"org": 3, "parent": 2, "kind": 2, "theme": 2, "tags": 1}

LEAD = "lena.lead@groepen.example.nl"
OTHER = "otto.other@groepen.example.nl"
COACH_A = "anna.coach@bureau.example.nl"
COACH_B = "bert.coach@bureau.example.nl"

# Eight participants of "sg" (capacity 8): Bas and Cas work at one
# organisation, so do Eef and Fien.
SG = [
    ("aaf", "Aaf Alders", "Ministerie van Financiën", "ministry", "new_organising", "teams, data", "nl"),
    ("bas", "Bas Berg", "Belastingdienst", "agency", "new_changing", "netwerken", "en"),
    ("cas", "Cas Coen", "Belastingdienst", "agency", "both", "data", "nl"),
    ("dee", "Dee Dam", "Gemeente Utrecht", "local", "new_organising", "wijk, teams", "en"),
    ("eef", "Eef Elst", "UWV", "zbo", "new_changing", "klant", "nl"),
    ("fien", "Fien Fles", "UWV", "zbo", "new_organising", "klant, teams", "en"),
    ("gijs", "Gijs Geel", "SSC-ICT", "shared_service", "both", "teams", "nl"),
    ("hein", "Hein Hof", "Ministerie van EZK", "ministry", "new_changing", "netwerken, data", "en"),
]
# Six of "sg-cli", split by the CLI only.
CLI_SET = [
    ("ivo", "Ivo Ink", "Kadaster", "zbo", "new_organising", "kaart", "nl"),
    ("jet", "Jet Jong", "Gemeente Delft", "local", "new_changing", "wijk", "nl"),
    ("kim", "Kim Kop", "Ministerie van IenW", "ministry", "both", "data", "en"),
    ("lex", "Lex Lam", "Rijkswaterstaat", "agency", "new_organising", "water", "nl"),
    ("mia", "Mia Mol", "Logius", "agency", "new_changing", "data, teams", "en"),
    ("nol", "Nol Nap", "DUO", "agency", "both", "klant", "nl"),
]

SUBJECT = {"en": "Your subgroup: ", "nl": "Uw subgroep: "}


def value(groups):
    return sum(su.distance(W, a, b) for g in groups for a, b in itertools.combinations(g, 2))


def sizes_for(n, k):
    return [n // k + (g < n % k) for g in range(k)]


def splits(people, k):
    """Every assignment (tuple of group per person) with split's sizes."""
    want = sizes_for(len(people), k)
    for assign in itertools.product(range(k), repeat=len(people)):
        if [assign.count(g) for g in range(k)] == want:
            yield assign


def keeps(people, assign, apart=(), together=()):
    for i, j in itertools.combinations(range(len(people)), 2):
        pi, pj = people[i], people[j]
        if pi["org"] == pj["org"] and assign[i] == assign[j]:
            return False
        pair = {pi["id"], pj["id"]}
        if any(pair == set(p) for p in apart) and assign[i] == assign[j]:
            return False
        if any(pair == set(p) for p in together) and assign[i] != assign[j]:
            return False
    return True


def is_subgroup_mail(m):
    return any(str(m["Subject"]).startswith(s) for s in SUBJECT.values())


class SubgroupsTest(su.Steps, unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        su.class_database(cls, "lwp-http-sg-")
        for slug, cap in (("sg", 8), ("sg-cli", 6), ("sg-open", 4), ("sg-other", 4)):
            create_edition(cls.db, slug, capacity=cap, deadline=DEADLINE, policy="diversity",
                           org_cap=2, title="Subgroepen " + slug)
        au.add_users(cls.db, [
            (LEAD, {"name": "Lena Lead", "grants": [("lead", "sg"), ("lead", "sg-open")]}),
            (OTHER, {"name": "Otto Other", "grants": [("lead", "sg-other")]}),
            (COACH_A, {"name": "Anna Coach", "lang": "nl", "grants": [("coach", "sg")]}),
            (COACH_B, {"name": "Bert Coach", "lang": "en", "grants": [("coach", None)]}),
            ("aaf.sg@groepen.example.nl", {"name": "Aaf Alders", "grants": []}),
        ])
        env = su.class_mail_sink(cls)
        cls.people = su.apply_all(cls.db, BEFORE, env, (("sg", SG), ("sg-cli", CLI_SET)),
                                  "groepen.example.nl")
        for slug in ("sg", "sg-cli"):
            r = cli("select", slug, "--db", db_url(cls.db), env={"LWP_NOW": AFTER})
            if r.returncode != 0:
                raise AssertionError("lwp select %s: %r" % (slug, r))
        cls.by_key = {p["key"]: p for ps in cls.people.values() for p in ps}
        # confirming gave every accepted and waiting applicant a new private
        # link (the first stops working): the one of their selection mail
        links = su.selection_links(cls.db)
        for p in cls.by_key.values():
            p["token"] = links.get(p["email"], p["token"])
        cls.server = Server(cls.db, now=AFTER, env=env).start()
        cls.addClassCleanup(cls._stop_server)
        cls.lead, cls.other, cls.coach_a, cls.participant = au.sign_in_all(
            [lambda e=e: su.sign_in(cls.server, e, AFTER, must_enrol=False)
             for e in (LEAD, OTHER, COACH_A, "aaf.sg@groepen.example.nl")])
        cls.state = {}

    @classmethod
    def _stop_server(cls):
        problems = cls.server.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def tearDown(self):
        problems = self.server.problems()
        if problems:
            self.fail("\n".join(problems))

    # -- helpers

    def api(self, slug="sg"):
        r = self.lead.get("/api/v1/manage/editions/%s/subgroups" % slug)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def page(self):
        r = self.lead.get("/beheer/edities/sg/subgroepen")
        self.assertEqual(r.status, 200, r)
        return r.text

    def press(self, text, suffix, value=None):
        forms = [f for f in button_forms(text) if f["action"].endswith(suffix)
                 and (value is None or f["value"] == value)]
        self.assertEqual(len(forms), 1, [f["action"] for f in button_forms(text)])
        f = forms[0]
        fields = [(f["name"], f["value"])] if f["name"] else []
        return self.lead.post(f["action"], fields, csrf=f["csrf"])

    def assignment(self, doc, people):
        """Group per person (in people's order) from an API document."""
        where = {m["id"]: g["position"] for g in doc["groups"] for m in g["members"]}
        return tuple(where.get(p["id"], -1) for p in people)

    def mails_to(self, email):
        return [m for m in self.sink.messages() if m["X-Envelope-To"] == email]

    # -- the steps

    def test_01_access(self):
        anyone = au.Client(self.server)
        for c, want in ((anyone, None), (self.other, 403), (self.coach_a, 403)):
            r = c.get("/beheer/edities/sg/subgroepen")
            self.assertNotEqual(r.status, 200, r)
            if want:
                self.assertEqual(r.status, want, r)
            r = c.get("/api/v1/manage/editions/sg/subgroups")
            self.assertIn(r.status, (401, 403), r)
            for tail in ("instellingen", "regel", "regel-weg", "indelen", "herverdelen",
                         "verplaatsen", "bevestigen"):
                r = c.post("/beheer/edities/sg/subgroepen/" + tail, {"k": "2"})
                self.assertIn(r.status, (303, 401, 403), (tail, r))
                if r.status == 303:
                    self.assertTrue(location_path(r).startswith("/inloggen"), r)
            r = c.post_json("/api/v1/manage/editions/sg/subgroups", {"action": "plan"})
            self.assertIn(r.status, (401, 403), r)
        self.assertFalse(self.api()["confirmed"])
        # an edition not selected yet: the page says so, the API refuses
        r = self.lead.get("/beheer/edities/sg-open/subgroepen")
        self.assertEqual(r.status, 200, r)
        self.assertIn("once the participants have been chosen", flat(r.text))
        r = self.lead.get("/api/v1/manage/editions/sg-open/subgroups")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["available"], False)
        r = self.lead.post_json("/api/v1/manage/editions/sg-open/subgroups", {"action": "plan"})
        self.assertEqual(r.status, 409, r)

    def test_02_settings(self):
        text = self.page()
        coach_ids = re.findall(r'name="coach_0_(\d+)"', text)
        self.assertEqual(len(coach_ids), 2, "both coach accounts are offered")
        a_id, b_id = coach_ids          # by name: Anna, Bert
        fields = {"k": "2", "sizes": "", "org_apart": "1", "name_0": "Noord",
                  "name_1": "Zuid", "coach_0_" + a_id: "1", "coach_1_" + b_id: "1"}
        r = self.lead.post("/beheer/edities/sg/subgroepen/instellingen", {"k": "11"})
        self.assertEqual(r.status, 422, r)
        r = self.lead.post("/beheer/edities/sg/subgroepen/instellingen", dict(fields, sizes="5,5"))
        self.assertEqual(r.status, 303, r)   # saved; the plan finds they do not add up
        r = self.lead.post("/beheer/edities/sg/subgroepen/instellingen", fields)
        self.assertEqual(r.status, 303, r)
        doc = self.api()
        self.assertEqual([g["name"] for g in doc["groups"]], ["Noord", "Zuid"])
        self.assertEqual([[c["email"] for c in g["coaches"]] for g in doc["groups"]],
                         [[COACH_A], [COACH_B]])
        self.state["settings"] = fields

    def test_03_plan_is_optimal(self):
        self.need("settings")
        people = self.people["sg"]
        r = self.press(self.page(), "/subgroepen/indelen")
        self.assertEqual(r.status, 303, r)
        doc = self.api()
        self.assertTrue(doc["proposal"])
        got = self.assignment(doc, people)
        self.assertTrue(keeps(people, got), "people of one organisation apart: %s" % (got,))
        best = max(value([[p for p, g in zip(people, a) if g == k] for k in range(2)])
                   for a in splits(people, 2) if keeps(people, a))
        self.assertAlmostEqual(doc["value"], best, places=6)
        self.assertAlmostEqual(value([[p for p, g in zip(people, got) if g == k]
                                      for k in range(2)]), best, places=6)
        text = flat(self.page())
        self.assertIn("Spread per subgroup and in the whole group", text)
        self.assertIn("<svg role=\"img\"", self.page())
        self.assertIn("Whole group", text)

    def test_04_rules(self):
        self.need("settings")
        people = self.people["sg"]
        aaf, bas, dee, gijs, hein = (self.by_key[k]["id"] for k in ("aaf", "bas", "dee", "gijs", "hein"))
        for a, b, kind in ((aaf, dee, "together"), (gijs, hein, "apart")):
            r = self.lead.post("/beheer/edities/sg/subgroepen/regel",
                               {"a": str(a), "b": str(b), "together": kind})
            self.assertEqual(r.status, 303, r)
        r = self.lead.post("/beheer/edities/sg/subgroepen/regel",
                           {"a": str(aaf), "b": str(aaf), "together": "apart"})
        self.assertEqual(r.status, 422, r)
        r = self.lead.post("/beheer/edities/sg/subgroepen/regel",
                           {"a": str(aaf), "b": str(self.by_key["ivo"]["id"]), "together": "apart"})
        self.assertEqual(r.status, 404, "a participant of another edition")
        # Aaf and Dee together, with the three pairs of one organisation or rule
        # apart, would make a group of five: no split keeps every rule.
        r = self.press(self.page(), "/subgroepen/indelen")
        self.assertEqual(r.status, 422, r)
        self.assertIn("Your rules cannot all be met together", flat(r.text))
        text = self.page()
        rule_ids = [f["value"] for f in button_forms(text) if f["action"].endswith("/regel-weg")]
        self.assertEqual(len(rule_ids), 2)
        r = self.press(text, "/regel-weg", rule_ids[0])       # the first: Aaf with Dee
        self.assertEqual(r.status, 303, r)
        r = self.lead.post("/beheer/edities/sg/subgroepen/regel",
                           {"a": str(aaf), "b": str(bas), "together": "together"})
        self.assertEqual(r.status, 303, r)
        r = self.press(self.page(), "/subgroepen/indelen")
        self.assertEqual(r.status, 303, r)
        doc = self.api()
        got = self.assignment(doc, people)
        together, apart = [(aaf, bas)], [(gijs, hein)]
        self.assertTrue(keeps(people, got, apart, together), got)
        best = max(value([[p for p, g in zip(people, a) if g == k] for k in range(2)])
                   for a in splits(people, 2) if keeps(people, a, apart, together))
        self.assertAlmostEqual(doc["value"], best, places=6)
        self.state["rules"] = (apart, together)

    def test_05_move_by_hand(self):
        self.need("rules")
        people = self.people["sg"]
        before = self.api()
        got = list(self.assignment(before, people))
        i = 6                                    # Gijs
        to = 1 - got[i]
        text = self.page()
        self.assertIn('name="to"', text)
        r = self.lead.post("/beheer/edities/sg/subgroepen/verplaatsen",
                           {"app": str(people[i]["id"]), "to": str(to)})
        self.assertEqual(r.status, 303, r)
        got[i] = to
        want = value([[p for p, g in zip(people, got) if g == k] for k in range(2)])
        after = self.api()
        self.assertEqual(self.assignment(after, people), tuple(got))
        self.assertAlmostEqual(after["value"], want, places=6)
        r = self.lead.get(r.header("Location").split("#")[0].replace("http://127.0.0.1:%d" % self.server.port, ""))
        self.assertIn("Moved. Diversity went from %.2f to %.2f" % (before["value"], want), flat(r.text))
        self.assertIn("no longer keeps every rule", flat(r.text))   # sizes 3 and 5
        # and back, so that the proposal keeps the rules again
        r = self.lead.post("/beheer/edities/sg/subgroepen/verplaatsen",
                           {"app": str(people[i]["id"]), "to": str(1 - to)})
        self.assertEqual(r.status, 303, r)
        self.assertAlmostEqual(self.api()["value"], before["value"], places=6)
        self.state["moved"] = True

    def test_06_confirm_and_mail(self):
        self.need("moved")
        people = self.people["sg"]
        r = self.press(self.page(), "/subgroepen/bevestigen")
        self.assertEqual(r.status, 303, r)
        doc = self.api()
        self.assertTrue(doc["confirmed"])
        self.assertFalse(doc["proposal"])
        groups = {m["id"]: g for g in doc["groups"] for m in g["members"]}
        for p in people:
            g = groups[p["id"]]
            msg = au.wait_for_mail(self.sink, lambda m, p=p: m["X-Envelope-To"] == p["email"]
                                   and is_subgroup_mail(m), what="the subgroup mail of " + p["key"])
            self.assertTrue(str(msg["Subject"]).startswith(SUBJECT[p["lang"]]), msg["Subject"])
            body = flat(au.mail_text(msg))
            self.assertIn(g["name"], body)
            for m in g["members"]:
                self.assertIn(m["name"], body)
            self.assertIn(g["coaches"][0]["name"], body)
        for email, lang, pos in ((COACH_A, "nl", 0), (COACH_B, "en", 1)):
            msg = au.wait_for_mail(self.sink, lambda m, e=email: m["X-Envelope-To"] == e
                                   and is_subgroup_mail(m), what="the coach's mail")
            self.assertTrue(str(msg["Subject"]).startswith(SUBJECT[lang]))
            body = flat(au.mail_text(msg))
            for m in doc["groups"][pos]["members"]:
                self.assertIn(m["name"], body)
        r = self.lead.post("/beheer/edities/sg/subgroepen/bevestigen", {})
        self.assertEqual(r.status, 404, "nothing waits to be confirmed")
        self.state["confirmed"] = doc

    def test_07_participants_see_their_subgroup(self):
        (doc,) = self.need("confirmed")
        aaf = self.by_key["aaf"]
        g = next(g for g in doc["groups"] if any(m["id"] == aaf["id"] for m in g["members"]))
        other = next(x for x in doc["groups"] if x is not g)
        anyone = au.Client(self.server)
        for c, path in ((anyone, "/aanmelding/" + aaf["token"]), (self.participant, "/account")):
            r = c.get(path)
            self.assertEqual(r.status, 200, r)
            text = flat(r.text)
            self.assertIn("Your subgroup: " + g["name"], text)
            for m in g["members"]:
                self.assertIn(m["name"], text)
            for m in other["members"]:
                self.assertNotIn(m["name"], text)
            self.assertIn(g["coaches"][0]["name"], text)
        r = self.coach_a.get("/account")
        self.assertIn("Your subgroup: Noord", flat(r.text))
        # the Dutch page: no English
        r = anyone.get("/aanmelding/" + aaf["token"], headers={"Cookie": "lang=nl"})
        self.assertIn("Uw subgroep: " + g["name"], flat(r.text))

    def test_08_rebalance_after_withdrawal(self):
        (doc,) = self.need("confirmed")
        apart, together = self.state["rules"]
        people = self.people["sg"]
        current = self.assignment(doc, people)
        leaver = people[3]                  # Dee
        c = au.Client(self.server)
        r = c.post("/aanmelding/%s/intrekken" % leaver["token"], {})
        self.assertEqual(r.status, 303, r)
        stay = [p for p in people if p is not leaver]
        cur = [current[people.index(p)] for p in stay]
        text = self.page()
        self.assertIn("The participants changed since the subgroups were confirmed", flat(text))
        count = lambda: sum(1 for m in self.sink.messages() if is_subgroup_mail(m))  # noqa: E731
        mails_before = count()
        r = self.press(text, "/subgroepen/herverdelen")
        self.assertEqual(r.status, 303, r)
        after = self.api()
        got = self.assignment(after, stay)
        self.assertTrue(keeps(stay, got, apart, together), got)
        fewest = min(sum(a != b for a, b in zip(assign, cur))
                     for assign in splits(stay, 2) if keeps(stay, assign, apart, together))
        moved = sum(a != b for a, b in zip(got, cur))
        self.assertEqual(moved, fewest)
        self.assertEqual(len(after["moves"]), fewest)
        page = flat(self.page())
        self.assertIn("Changes against the confirmed subgroups", page)
        self.assertIn("Participants who left: 1.", page)
        r = self.press(self.page(), "/subgroepen/bevestigen")
        self.assertEqual(r.status, 303, r)
        changed = {g for a, b in zip(got, cur) if a != b for g in (a, b)} | {current[3]}
        expect = sum(1 for p, g in zip(stay, got) if g in changed) + len(changed)
        au.wait_for_mail(self.sink, lambda m: count() >= mails_before + expect,
                         what="%d mails" % expect)
        self.assertEqual(count(), mails_before + expect)
        self.state["rebalanced"] = True

    def test_09_cli(self):
        people = self.people["sg-cli"]
        ivo, jet = people[0]["email"], people[1]["email"]
        r = cli("split", "sg-cli", "--groups", "3", "--apart", ivo + "," + jet,
                "--dry-run", "--json", "--db", db_url(self.db), env={"LWP_NOW": AFTER})
        self.assertEqual(r.returncode, 0, r)
        doc = json.loads(r.stdout)
        self.assertEqual(sorted(doc), ["groups", "proven", "value"])
        self.assertIs(doc["proven"], True)
        self.assertEqual(len(doc["groups"]), 3)
        for g in doc["groups"]:
            self.assertEqual(sorted(g), ["coaches", "members", "name"])
            self.assertEqual(len(g["members"]), 2)
            for m in g["members"]:
                self.assertTrue({"id", "email", "organisation"} <= set(m))
        where = {m["email"]: i for i, g in enumerate(doc["groups"]) for m in g["members"]}
        self.assertNotEqual(where[ivo], where[jet])
        r = cli("split", "sg-cli", "--groups", "3", "--apart", ivo + "," + jet, "--json",
                "--db", db_url(self.db), env={"LWP_NOW": AFTER})
        self.assertEqual(r.returncode, 0, r)
        confirmed = json.loads(r.stdout)
        self.assertAlmostEqual(confirmed["value"], doc["value"], places=6)
        r = cli("split", "sg-cli", "--groups", "4", "--db", db_url(self.db), env={"LWP_NOW": AFTER})
        self.assertEqual(r.returncode, 1, "a confirmed split keeps its number of groups")
        r = cli("split", "sg-cli", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 2, r)
        r = cli("split", "sg-cli", "--groups", "2", "--apart", "nobody@x.example",
                "--dry-run", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 1, r)
        for p in people:
            au.wait_for_mail(self.sink, lambda m, p=p: m["X-Envelope-To"] == p["email"]
                             and is_subgroup_mail(m), what="the CLI's subgroup mail")


if __name__ == "__main__":
    unittest.main()
