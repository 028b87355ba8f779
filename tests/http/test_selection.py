"""The selection of an edition with the diversity policy (SPEC C2), end to
end: applications made through the API before the deadline on one server,
then, on a second server whose clock (LWP_NOW) is past the deadline, on the
same database:

- `lwp select SLUG --dry-run --json`: refused before the deadline; after it
  the proposal is the optimum (checked against a brute force over every
  group in this file), the same twice, within the cap per organisation;
- the console page of a lead (password + TOTP): chosen table, waiting list
  in the right order, diversity with and without marks, the spread table and
  the SVG chart; swapping one chosen out and one waiting in with the page's
  buttons; the marks audited; the weights (303, and 422 for bad values);
- confirming (page and API): accepted, declined and waitlisted as proposed,
  the edition selected, and a mail to every applicant, through a real SMTP
  server, in their language with their outcome; confirming twice is 409;
- the waiting list afterwards: a withdrawal (through the new private link
  of the selection mail; the first link no longer works) offers the place
  to the next by the rank stored and mailed at confirmation (passing over
  only those at the organisation cap), who takes it through
  /aanbod/{token}; a place
  let go goes to the next; an offer not answered in time (a server started
  with a later LWP_NOW) ends and the next is asked;
- places freed at the same moment in many editions (OfferRaceTest): one
  offer per free place, never the same place offered twice.

The steps of one edition build on each other, so the tests are numbered and
run in that order; a step whose groundwork failed is skipped.

Python 3 stdlib only."""

import html
import itertools
import json
import re
import threading
import unittest

import accounts_util as au
import harness
import selection_util as su
from harness import Server, amsterdam_to_unix, cli, create_edition, db_url, location_path
from selection_util import button_forms, distance, flat, stored_rows

TITLE = "Leerwerkplaats Selectie 2031"
CAP_TITLE = "Leerwerkplaats Plafond 2031"
EXTRA_TITLE = "Leerwerkplaats Gewichten 2031"
DEADLINE = "2031-03-03 12:00"                            # CET, UTC+1
DEADLINE_TS = amsterdam_to_unix(2031, 3, 3, 12, 0, 1)
BEFORE = DEADLINE_TS - 86400 + 15                        # applications come in
AFTER = DEADLINE_TS + 3600 + 15                          # the lead selects (mid TOTP step)
LATER = AFTER + 8 * 86400                                # past the default 7 offer days

DEFAULT_WEIGHTS = {"org": 3, "parent": 2, "kind": 2, "theme": 2, "tags": 1}

LEAD = "lea.leider@selectie.example.nl"       # lead of the selection editions only
OTHER = "olaf.ander@selectie.example.nl"      # lead of another edition
ADMIN = "ada.admin@selectie.example.nl"       # reads the audit log

# The applicants of "sel" (capacity 4, cap 1 per organisation): a mix of
# kinds of organisation, themes and keywords; Bart and Carla work at the
# same organisation. Keys: key, name, organisation, kind, theme, tags, lang.
SEL = [
    ("anne", "Anne Aalbers", "Ministerie van Financiën", "ministry", "new_organising",
     "teams, zelforganisatie", "nl"),
    ("bart", "Bart Brink", "Belastingdienst", "agency", "new_changing", "netwerken, data", "en"),
    ("carla", "Carla Claes", "Belastingdienst", "agency", "both", "data", "nl"),
    ("dirk", "Dirk Dekker", "Gemeente Utrecht", "local", "new_organising", "wijk, teams", "en"),
    ("eva", "Eva Evers", "Gemeente Zwolle", "local", "new_changing", "toezicht", "nl"),
    ("frank", "Frank Fokker", "Ministerie van BZK", "ministry", "both", "klant, data", "en"),
    ("gina", "Gina Groen", "SSC-ICT", "shared_service", "new_organising", "teams", "nl"),
    ("hans", "Hans Hoek", "Ministerie van EZK", "ministry", "new_changing", "netwerken", "en"),
    ("ilse", "Ilse Ide", "UWV", "zbo", "new_organising", "klant, teams", "nl"),
]
SWAP_OUT, SWAP_IN = "hans", "dirk"      # chosen in every best group / waiting in every one
WITHDRAW_FIRST, WITHDRAW_SECOND = "dirk", "bart"

# "sel-cap" (capacity 4, cap 1): four ministries alike, two very different
# people of one agency. Without the cap both of them would be chosen.
CAP = [
    ("bas", "Bas Bos", "Rijkswaterstaat", "agency", "new_organising", "data", "en"),
    ("cor", "Cor Cats", "Rijkswaterstaat", "agency", "new_changing", "wijk, netwerken", "nl"),
    ("xan", "Xan Xu", "Ministerie van AZ", "ministry", "both", "teams", "nl"),
    ("yara", "Yara Yilmaz", "Ministerie van OCW", "ministry", "both", "teams", "en"),
    ("zeno", "Zeno Zijl", "Ministerie van VWS", "ministry", "both", "teams", "nl"),
    ("wim", "Wim Wit", "Ministerie van Defensie", "ministry", "both", "teams", "en"),
]

# "sel-extra" (capacity 2, cap 1): weights and impossible marks.
EXTRA = [
    ("kees", "Kees Kok", "Kadaster", "zbo", "new_organising", "kaart, data", "nl"),
    ("lot", "Lot Lam", "Kadaster", "zbo", "new_changing", "kaart", "en"),
    ("mo", "Mo Mansour", "Gemeente Delft", "local", "new_organising", "wijk", "nl"),
    ("nina", "Nina Noor", "Ministerie van IenW", "ministry", "new_organising", "kaart, data", "en"),
]

MAIL_TEXT = {
    "en": {"subject": "News about your application: ",
           "accepted": "Good news: you have a place in this edition.",
           "waitlisted": "You are on the waiting list",
           "place": "Your place on the waiting list: %d",
           "declined": "We could not offer you a place in this edition.",
           "offer": "A place for you: "},
    "nl": {"subject": "Nieuws over uw aanmelding: ",
           "accepted": "Goed nieuws: u hebt een plaats in deze editie.",
           "waitlisted": "U staat op de wachtlijst",
           "place": "Uw plaats op de wachtlijst: %d",
           "declined": "We konden u in deze editie geen plaats aanbieden.",
           "offer": "Een plaats voor u: "},
}

OFFER_LINK = re.compile(r"/aanbod/([0-9a-f]{64})\b")


# --------------------------------------------------------------------------
# the formula of src/domain/selection.h, computed here independently
# (distance: selection_util.py)

def group_value(w, people):
    return sum(distance(w, a, b) for a, b in itertools.combinations(people, 2))


def best_groups(w, people, places, cap, include=(), exclude=()):
    """(best value, [groups with that value as sets of ids]) by brute force
    over every group of `places` within the cap per organisation (cap 0:
    none) holding `include` and none of `exclude` (ids)."""
    best, groups = None, []
    for combo in itertools.combinations(people, min(places, len(people))):
        ids = {p["id"] for p in combo}
        if not set(include) <= ids or ids & set(exclude):
            continue
        if cap:
            orgs = [p["org"] for p in combo]
            if any(orgs.count(o) > cap for o in orgs):
                continue
        v = group_value(w, combo)
        if best is None or v > best + 1e-9:
            best, groups = v, [ids]
        elif abs(v - best) <= 1e-9:
            groups.append(ids)
    return best, groups


def gain_to(w, person, group):
    """What `person` adds to `group` (a list, in application order)."""
    g = 0.0
    for other in group:
        if other["id"] != person["id"]:
            g += distance(w, person, other)
    return g


def in_place_of_last(w, person, group):
    """What someone not chosen would add in place of the last one chosen:
    the chosen one who adds least to the others (the first such, in
    application order), as the server shows it."""
    last = None
    for member in group:
        if last is None or gain_to(w, member, group) < gain_to(w, last, group) - 1e-9:
            last = member
    return gain_to(w, person, [m for m in group if m["id"] != last["id"]])


def waiting_order(w, people, chosen_ids, excluded_ids=()):
    """The waiting list as the spec says: repeatedly the one who would add
    the most to the chosen group; ties to the earlier application."""
    chosen = [p for p in people if p["id"] in chosen_ids]
    rest = [p for p in people if p["id"] not in chosen_ids and p["id"] not in excluded_ids]
    order = []
    while rest:
        best, best_gain = None, -1.0
        for p in rest:
            g = gain_to(w, p, chosen)
            if g > best_gain + 1e-9:
                best, best_gain = p, g
        order.append(best["id"])
        rest.remove(best)
    return order


def adds_of(person, chosen):
    others = [p for p in chosen if p["id"] != person["id"]]
    adds = []
    if all(p["org"] != person["org"] for p in others):
        adds += ["organisation", "parent"]
    if all(p["kind"] != person["kind"] for p in others):
        adds.append("kind")
    if all(p["theme"] != person["theme"] for p in others):
        adds.append("theme")
    return adds


# --------------------------------------------------------------------------
# reading pages and mail

def table_with_caption(text, prefix):
    for table in re.findall(r"<table\b.*?</table>", text, re.S):
        cap = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
        if cap and flat(cap.group(1)).startswith(prefix):
            return table
    return None


def table_rows(table):
    """The rows of a table body: lists of (text of cell, raw html of cell)."""
    m = re.search(r"<tbody>(.*?)</tbody>", table or "", re.S)
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1) if m else "", re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        rows.append([(flat(re.sub(r"<[^>]+>", " ", c)), c) for c in cells])
    return rows


def linked_id(cell_html):
    m = re.search(r'href="/beheer/aanmeldingen/(\d+)"', cell_html)
    return int(m.group(1)) if m else None


def strong_after(text, label):
    """The number in <strong> after label, in the page's format: "58.00"
    (English) or "58,00" (Dutch, a point between thousands)."""
    m = re.search(re.escape(label) + r"\s*<strong>([0-9.,]+)</strong>", text)
    if not m:
        return None
    v = m.group(1)
    dutch = 'lang="nl"' in text[:200]
    return float(v.replace(".", "").replace(",", ".") if dutch else v.replace(",", ""))


def count_table(text, caption):
    table = table_with_caption(text, caption)
    if table is None:
        return None
    return {row[0][0]: int(row[1][0]) for row in table_rows(table) if len(row) == 2}


KIND_LABEL = {"ministry": "Ministry (core department)", "agency": "Executive agency",
              "inspectorate": "Inspectorate", "zbo": "Independent administrative body (ZBO)",
              "shared_service": "Shared-service organisation",
              "local": "Municipality, province or water board", "other": "Other"}
THEME_LABEL = {"new_organising": "New organising", "new_changing": "New changing",
               "both": "Both"}


def input_value(text, name):
    """The value of the input field with this name (None when absent)."""
    for tag in re.findall(r"<input\b[^>]*>", text):
        if re.search(r'\bname="%s"' % re.escape(name), tag):
            v = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(v.group(1)) if v else ""
    return None


def mail_body(msg):
    return flat(au.mail_text(msg))


def offers_per_application(db):
    count = {}
    for row in stored_rows(db, "offers"):
        count[int(row["application_id"])] = count.get(int(row["application_id"]), 0) + 1
    return count


# --------------------------------------------------------------------------

class SelectionTest(su.Steps, harness.ServerTestCase):

    # -- set-up: applications before the deadline, the lead after it

    @classmethod
    def setUpClass(cls):
        su.class_database(cls, "lwp-http-sel-")
        for slug, cap, title, policy, deadline in (
                ("sel", 4, TITLE, "diversity", DEADLINE),
                ("sel-cap", 4, CAP_TITLE, "diversity", DEADLINE),
                ("sel-extra", 2, EXTRA_TITLE, "diversity", DEADLINE),
                ("sel-fcfs", 4, "Wie het eerst komt", "fcfs", DEADLINE),
                ("sel-open", 4, "Nog open", "diversity", harness.FAR_DEADLINE),
                ("sel-other", 4, "Andere editie", "diversity", DEADLINE)):
            create_edition(cls.db, slug, capacity=cap, deadline=deadline, policy=policy,
                           org_cap=1 if policy == "diversity" else 0, title=title)
        au.add_users(cls.db, [
            (LEAD, {"name": "Lea Leider", "grants": [("lead", s) for s in (
                "sel", "sel-cap", "sel-extra", "sel-fcfs", "sel-open")]}),
            (OTHER, {"name": "Olaf Ander", "grants": [("lead", "sel-other")]}),
            (ADMIN, {"name": "Ada Admin", "grants": [("admin", None)]}),
        ])
        env = cls.server_env = su.class_mail_sink(cls)

        # before the deadline: everyone applies through the API
        cls.people = su.apply_all(cls.db, BEFORE, env, (("sel", SEL), ("sel-cap", CAP),
                                                        ("sel-extra", EXTRA)),
                                  "selectie.example.nl")
        cls.by_key = {p["key"]: p for ps in cls.people.values() for p in ps}

        # after the deadline, on the same database
        cls.server = Server(cls.db, now=AFTER, env=env).start()
        cls.addClassCleanup(cls._stop_server)
        cls.lead, cls.other, cls.admin = au.sign_in_all(
            [lambda e=e: su.sign_in(cls.server, e, AFTER) for e in (LEAD, OTHER, ADMIN)])
        cls.state = {}      # what the numbered steps hand on

    # -- helpers

    def ids(self, slug, *keys):
        return {self.by_key[k]["id"] for k in keys} if keys else \
            {p["id"] for p in self.people[slug]}

    def person(self, app_id):
        for ps in self.people.values():
            for p in ps:
                if p["id"] == app_id:
                    return p
        raise AssertionError("no applicant with id %s" % app_id)

    def names(self, ids):
        return sorted(self.person(i)["key"] for i in ids)

    def statuses(self, slug):
        return {a["id"]: a["status"] for a in harness.applications(self.db, slug)["applications"]}

    def select_cli(self, slug, *extra, now=AFTER):
        return cli("select", slug, *extra, "--db", db_url(self.db), env={"LWP_NOW": now})

    def select_json(self, slug):
        r = self.select_cli(slug, "--dry-run", "--json", "--seconds", "2")
        self.assertEqual(r.returncode, 0, r)
        return r.stdout, json.loads(r.stdout)

    def api_selection(self, slug, client=None):
        r = (client or self.lead).get_ready("/api/v1/manage/editions/%s/selection" % slug)
        self.assertStatus(r, 200)
        return r.json()

    def page(self, slug, client=None):
        r = (client or self.lead).get_ready("/beheer/edities/%s/selectie" % slug)
        self.assertStatus(r, 200)
        return r.text

    def press(self, text, action_suffix, value=None, client=None):
        """Submit the page's one-button form whose action ends in
        action_suffix (and whose hidden value is `value`), as a browser
        would: with the form's own CSRF token."""
        forms = [f for f in button_forms(text) if f["action"].endswith(action_suffix)
                 and (value is None or f["value"] == value)]
        if len(forms) != 1:
            self.fail("expected one form %s %s on the page, found %d: %s" % (
                action_suffix, value, len(forms),
                [(f["action"], f["value"]) for f in button_forms(text)]))
        f = forms[0]
        fields = [(f["name"], f["value"])] if f["name"] else []
        return (client or self.lead).post(f["action"], fields, csrf=f["csrf"])

    def mails(self, predicate):
        return [m for m in self.sink.messages() if predicate(m)]

    def outcome_mail(self, person, title):
        return au.wait_for_mail(
            self.sink, lambda m: m["X-Envelope-To"] == person["email"]
            and str(m["Subject"]).endswith(": " + title)
            and str(m["Subject"]).startswith(MAIL_TEXT[person["lang"]]["subject"]),
            what="the selection mail of %s" % person["key"])

    def offer_mails(self, person):
        subject = MAIL_TEXT[person["lang"]]["offer"] + TITLE
        return self.mails(lambda m: m["X-Envelope-To"] == person["email"]
                          and str(m["Subject"]) == subject)

    def wait_offer(self, person):
        subject = MAIL_TEXT[person["lang"]]["offer"] + TITLE
        msg = au.wait_for_mail(self.sink, lambda m: m["X-Envelope-To"] == person["email"]
                               and str(m["Subject"]) == subject,
                               what="an offer mail to %s" % person["key"])
        m = OFFER_LINK.search(au.mail_text(msg))
        self.assertIsNotNone(m, "no /aanbod/{64 hex} link in the offer mail:\n" + au.mail_text(msg))
        return m.group(1)

    def check_optimal(self, slug, cap, chosen_ids, value, include=(), exclude=()):
        """The chosen group is one of the best groups within the cap and the
        marks, and value is its diversity."""
        people = self.people[slug]
        best, groups = best_groups(DEFAULT_WEIGHTS, people, 4 if slug != "sel-extra" else 2,
                                   cap, include, exclude)
        self.assertAlmostEqual(value, best, places=6,
                               msg="diversity %s, the best possible is %s" % (value, best))
        self.assertIn(set(chosen_ids), groups, "chosen %s is not among the best groups %s" % (
            self.names(chosen_ids), [self.names(g) for g in groups]))
        return best

    # ------------------------------------------------------------------
    # lwp select

    def test_01_cli_refuses_before_the_deadline(self):
        for args in (("--dry-run", "--json"), ()):
            r = self.select_cli("sel", *args, now=BEFORE)
            self.assertEqual(r.returncode, 1, r)
            self.assertIn("after the deadline", r.stderr, r)
            self.assertEqual(r.stdout.strip(), "", r)
        self.assertEqual(set(self.statuses("sel").values()), {"submitted"})
        # not a diversity edition; no such edition; bad usage
        r = self.select_cli("sel-fcfs", "--dry-run")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("does not choose by diversity", r.stderr)
        r = self.select_cli("bestaat-niet", "--dry-run")
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(self.select_cli("--dry-run").returncode, 2)
        self.assertEqual(self.select_cli("sel", "--seconds", "0").returncode, 2)

    def test_02_cli_dry_run_is_the_optimum_and_deterministic(self):
        text1, doc = self.select_json("sel")
        text2, _ = self.select_json("sel")
        self.assertEqual(text1, text2, "two dry runs on the same data differ")
        self.assertEqual(doc["capacity"], 4)
        apps = {a["id"]: a for a in doc["applicants"]}
        self.assertEqual(set(apps), self.ids("sel"))
        chosen = {i for i, a in apps.items() if a["chosen"] is True}
        self.assertEqual(len(chosen), 4, doc)
        value = doc.get("diversity", doc.get("value"))
        self.check_optimal("sel", 1, chosen, value)
        self.assertTrue(doc.get("proven_optimal", doc.get("proven")), "9 applicants: provable")
        orgs = [self.person(i)["org"] for i in chosen]
        self.assertEqual(len(orgs), len(set(orgs)), "cap of 1 per organisation broken")
        # the waiting list: everyone else, ranked 1.. best first
        order = waiting_order(DEFAULT_WEIGHTS, self.people["sel"], chosen)
        self.assertEqual([i for i in sorted(apps, key=lambda i: apps[i]["rank"])
                          if not apps[i]["chosen"]], order, "waiting list order")
        self.assertEqual(sorted(a["rank"] for a in apps.values() if not a["chosen"]),
                         list(range(1, len(order) + 1)))
        group = [p for p in self.people["sel"] if p["id"] in chosen]
        for i, a in apps.items():
            self.assertEqual(a["mark"], 0)
            if a["chosen"]:
                self.assertEqual(a["rank"], 0)
            # the number shown is what the waiting list is ordered by: what
            # each adds (would add) to the chosen group
            self.assertAlmostEqual(a["contribution"], gain_to(DEFAULT_WEIGHTS, self.person(i), group),
                                   places=6, msg="contribution of %s" % self.person(i)["key"])
            if not a["chosen"]:
                self.assertAlmostEqual(a["contribution_in_place_of_last"],
                                       in_place_of_last(DEFAULT_WEIGHTS, self.person(i), group),
                                       places=6, msg="in place of the last: %s" % self.person(i)["key"])
        # a dry run changes nothing
        self.assertEqual(set(self.statuses("sel").values()), {"submitted"})
        # the swap of step 07 assumes SWAP_OUT chosen and SWAP_IN waiting
        self.assertIn(self.by_key[SWAP_OUT]["id"], chosen)
        self.assertNotIn(self.by_key[SWAP_IN]["id"], chosen)
        self.state["proposal"] = doc

    def test_03_cli_cap_per_organisation_holds_where_it_binds(self):
        people = self.people["sel-cap"]
        free, free_groups = best_groups(DEFAULT_WEIGHTS, people, 4, 0)
        capped, _ = best_groups(DEFAULT_WEIGHTS, people, 4, 1)
        # the data: without the cap both of Rijkswaterstaat would be chosen
        self.assertTrue(all(self.ids("sel-cap", "bas", "cor") <= g for g in free_groups))
        self.assertGreater(free, capped)
        text1, doc = self.select_json("sel-cap")
        self.assertEqual(text1, self.select_json("sel-cap")[0])
        chosen = {a["id"] for a in doc["applicants"] if a["chosen"]}
        self.check_optimal("sel-cap", 1, chosen, doc.get("diversity", doc.get("value")))
        self.assertEqual(len(chosen & self.ids("sel-cap", "bas", "cor")), 1, self.names(chosen))
        # the table says why the other one waits
        r = self.select_cli("sel-cap", "--dry-run")
        self.assertEqual(r.returncode, 0, r)
        left = (self.ids("sel-cap", "bas", "cor") - chosen).pop()
        line = [ln for ln in r.stdout.splitlines() if self.person(left)["name"] in ln]
        self.assertEqual(len(line), 1, r.stdout)
        self.assertIn("cap of organisation reached", line[0])
        self.assertRegex(r.stdout, r"diversity %.2f \(proven optimal\)" % capped)

    def test_04_cli_json_names_match_the_api(self):
        """`lwp select --json` lists applicants with chosen, contribution,
        rank and mark (the names the API and its OpenAPI schema use), and the
        group's diversity as the API names it."""
        _, doc = self.select_json("sel")
        missing = []
        for key in ("diversity", "diversity_without_marks", "proven_optimal"):
            if key not in doc:
                missing.append(key)
        for key in ("id", "chosen", "contribution", "rank", "mark"):
            if any(key not in a for a in doc["applicants"]):
                missing.append("applicants[].%s" % key)
        self.assertEqual(missing, [], "lwp select --json lacks %s; it has %s and applicants[] %s"
                         % (missing, sorted(doc), sorted(doc["applicants"][0])))

    # ------------------------------------------------------------------
    # the console page

    def test_05_console_page_shows_the_proposal(self):
        proposal, = self.need("proposal")
        apps = {a["id"]: a for a in proposal["applicants"]}
        chosen = {i for i, a in apps.items() if a["chosen"]}
        order = [i for i in sorted(apps, key=lambda i: apps[i]["rank"]) if not apps[i]["chosen"]]
        r = self.lead.get_ready("/beheer/edities/sel/selectie")
        self.assertStatus(r, 200)
        self.assertIn("no-store", r.header("Cache-Control", ""))
        text = r.text
        value = proposal.get("diversity", proposal.get("value"))
        self.assertEqual(strong_after(text, "Diversity of this group:"), round(value, 2), text)
        self.assertEqual(strong_after(text, "Without your changes:"), round(value, 2))
        self.assertIn("proven to be the highest possible", text)
        self.assertIn("9 applicants for 4 places.", flat(text))

        table = table_with_caption(text, "Chosen: 4 of 4 places")
        self.assertIsNotNone(table, "no table 'Chosen: 4 of 4 places'")
        rows = table_rows(table)
        self.assertEqual({linked_id(row[0][1]) for row in rows}, chosen)
        group = [p for p in self.people["sel"] if p["id"] in chosen]
        for row in rows:
            p = self.person(linked_id(row[0][1]))
            self.assertEqual(row[1][0], p["org"])
            self.assertEqual(row[2][0], KIND_LABEL[p["kind"]])
            self.assertEqual(row[3][0], THEME_LABEL[p["theme"]])
            self.assertEqual(row[5][0], "%.2f" % gain_to(DEFAULT_WEIGHTS, p, group), p["key"])

        table = table_with_caption(text, "Waiting list, best first")
        self.assertIsNotNone(table, "no waiting list table")
        rows = table_rows(table)
        self.assertEqual([linked_id(row[1][1]) for row in rows], order)
        self.assertEqual([row[0][0] for row in rows], [str(n) for n in range(1, len(order) + 1)])
        reasons = []
        for row in rows:
            p = self.person(linked_id(row[1][1]))
            mate_chosen = any(q["org"] == p["org"] for q in group)
            self.assertEqual(row[5][0], "%.2f" % gain_to(DEFAULT_WEIGHTS, p, group), p["key"])
            reason = flat(row[6][0])
            self.assertIn("Not chosen: their organisation has reached the cap" if mate_chosen
                          else "who adds the least", reason, p["key"])
            if not mate_chosen:
                self.assertIn("they would add %.2f" % in_place_of_last(DEFAULT_WEIGHTS, p, group),
                              reason, p["key"])
            reasons.append(reason)
        self.assertEqual(len(set(reasons)), len(reasons), "two waiting with the same reason")

        # the buttons: leave out every chosen one, include every waiting one
        forms = button_forms(text)
        marks = sorted(f["value"] for f in forms
                       if f["action"] == "/beheer/edities/sel/selectie/markering")
        self.assertEqual(marks, sorted(["%d:exclude" % i for i in chosen]
                                       + ["%d:include" % i for i in order]))
        self.assertTrue(all(f["csrf"] for f in forms), "a form without its CSRF token")
        self.assertEqual(len([f for f in forms
                              if f["action"] == "/beheer/edities/sel/selectie/bevestigen"]), 1)

        # the spread: counts per kind and theme, and a chart with a title
        kinds = count_table(text, "Chosen per kind of organisation")
        themes = count_table(text, "Chosen per theme")
        self.assertIsNotNone(kinds, "no table 'Chosen per kind of organisation'")
        self.assertIsNotNone(themes, "no table 'Chosen per theme'")
        for code, label in KIND_LABEL.items():
            self.assertEqual(kinds.get(label), sum(1 for p in group if p["kind"] == code), label)
        for code, label in THEME_LABEL.items():
            self.assertEqual(themes.get(label), sum(1 for p in group if p["theme"] == code), label)
        svg = re.search(r"<svg\b[^>]*>(.*?)</svg>", text, re.S)
        self.assertIsNotNone(svg, "no inline SVG chart")
        self.assertRegex(svg.group(0), r'<svg\b[^>]*role="img"')
        title = re.search(r"<title\b[^>]*>(.*?)</title>", svg.group(1), re.S)
        self.assertTrue(title and title.group(1).strip(), "the chart has no <title>")
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg.group(0))
        self.assertTrue(labelled and re.search(r'<title id="%s"' % re.escape(labelled.group(1)),
                                               svg.group(1)), "the chart is not labelled by its title")
        # the weights form with today's values
        for name, v in (("w_org", 3), ("w_parent", 2), ("w_kind", 2), ("w_theme", 2),
                        ("w_tags", 1), ("offer_days", 7)):
            self.assertEqual(input_value(text, name), str(v), name)

        # in Dutch
        r = self.lead.get_ready("/beheer/edities/sel/selectie?lang=nl")
        self.assertStatus(r, 200)
        self.assertEqual(harness.html_lang(r.text), "nl")
        self.assertEqual(strong_after(r.text, "Diversiteit van deze groep:"), round(value, 2))
        self.assertEqual(strong_after(r.text, "Zonder uw wijzigingen:"), round(value, 2))
        self.lead.get("/beheer?lang=en")
        self.state["page_ok"] = True

    def test_06_only_the_edition_lead_reaches_the_selection(self):
        anyone = au.Client(self.server)
        marks_before = {a["id"]: a["mark"] for a in self.api_selection("sel")["applicants"]}
        victim = self.by_key["anne"]["id"]
        problems = []
        for who, client, want in (("lead of another edition", self.other, (403,)),
                                  ("anonymous", anyone, (303, 401, 403))):
            for method, path in (("GET", "/beheer/edities/sel/selectie"),
                                 ("POST", "/beheer/edities/sel/selectie/markering"),
                                 ("POST", "/beheer/edities/sel/selectie/gewichten"),
                                 ("POST", "/beheer/edities/sel/selectie/bevestigen"),
                                 ("GET", "/api/v1/manage/editions/sel/selection"),
                                 ("API", "/api/v1/manage/editions/sel/selection/confirm")):
                if method == "GET":
                    r = client.get(path)
                elif method == "POST":
                    r = client.post(path, [("mark", "%d:exclude" % victim), ("w_org", "0")])
                else:
                    r = client.post_json(path, {})
                if r.status not in want:
                    problems.append("%s %s as %s: expected %s, got %d"
                                    % (method, path, who, want, r.status))
                if "anne.sel@selectie.example.nl" in r.text or "Anne Aalbers" in r.text:
                    problems.append("%s %s as %s shows an applicant" % (method, path, who))
        # the lead's own form without its CSRF token
        r = self.lead.post("/beheer/edities/sel/selectie/markering",
                           [("mark", "%d:exclude" % victim)], csrf=None)
        if r.status != 403:
            problems.append("a mark without CSRF token: expected 403, got %d" % r.status)
        r = self.lead.post_json("/api/v1/manage/editions/sel/selection/confirm", {}, csrf=None)
        if r.status != 403:
            problems.append("API confirm without X-CSRF-Token: expected 403, got %d" % r.status)
        self.assertNoProblems(problems)
        self.assertEqual({a["id"]: a["mark"] for a in self.api_selection("sel")["applicants"]},
                         marks_before)
        self.assertEqual(set(self.statuses("sel").values()), {"submitted"})

    def test_07_swap_one_out_and_one_in(self):
        proposal, _ = self.need("proposal", "page_ok")
        out_id, in_id = self.by_key[SWAP_OUT]["id"], self.by_key[SWAP_IN]["id"]
        text = self.page("sel")
        r = self.press(text, "/selectie/markering", "%d:exclude" % out_id)
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/beheer/edities/sel/selectie?klaar=1")
        text = self.page("sel")
        r = self.press(text, "/selectie/markering", "%d:include" % in_id)
        self.assertStatus(r, 303)
        r = self.lead.get_ready(location_path(r))
        self.assertStatus(r, 200)
        text = r.text
        self.assertIn("Your change has been saved.", text)

        doc = self.api_selection("sel")
        apps = {a["id"]: a for a in doc["applicants"]}
        chosen = {i for i, a in apps.items() if a["chosen"]}
        unmarked = self.check_optimal("sel", 1, {a["id"] for a in proposal["applicants"]
                                                 if a["chosen"]},
                                      doc["diversity_without_marks"])
        marked = self.check_optimal("sel", 1, chosen, doc["diversity"], include=[in_id],
                                    exclude=[out_id])
        self.assertLessEqual(marked, unmarked + 1e-9)
        self.assertLess(marked, unmarked, "the data make the swap cost diversity")
        self.assertIn(in_id, chosen)
        self.assertNotIn(out_id, chosen)
        self.assertEqual((apps[out_id]["mark"], apps[out_id]["why_not"], apps[out_id]["rank"]),
                         (-1, "excluded", 0))
        self.assertEqual((apps[in_id]["mark"], apps[in_id]["why_not"], apps[in_id]["rank"]),
                         (1, None, 0))

        # the page: the swapped group, both values, undo buttons
        self.assertEqual(strong_after(text, "Diversity of this group:"), round(marked, 2))
        self.assertEqual(strong_after(text, "Without your changes:"), round(unmarked, 2))
        rows = table_rows(table_with_caption(text, "Chosen: 4 of 4 places"))
        self.assertEqual({linked_id(row[0][1]) for row in rows}, chosen)
        self.assertIn("Left out by you: " + self.by_key[SWAP_OUT]["name"], flat(text))
        values = {f["value"]: f["label"] for f in button_forms(text) if f["value"]}
        self.assertEqual(values.get("%d:none" % in_id), "Undo must-include")
        self.assertEqual(values.get("%d:none" % out_id), "Undo")
        self.assertNotIn("%d:exclude" % in_id, values)
        waiting = [linked_id(row[1][1]) for row in
                   table_rows(table_with_caption(text, "Waiting list, best first"))]
        self.assertEqual(waiting, waiting_order(DEFAULT_WEIGHTS, self.people["sel"], chosen,
                                                [out_id]))
        self.assertNotIn(out_id, waiting)
        self.state["swapped"] = doc

        # the marks are in the audit log
        rows = au.all_audit_rows(self.admin)
        for app_id, mark in ((out_id, "exclude"), (in_id, "include")):
            self.assertTrue(any(row["action"] == "selection.mark" and row["who"] == LEAD
                                and row["object"] == "edition:sel"
                                and "%d" % app_id in row["detail"] and mark in row["detail"]
                                for row in rows),
                            "no audit entry selection.mark %d %s; the log has:\n%s" % (
                                app_id, mark, "\n".join("%(who)s %(action)s %(object)s %(detail)s"
                                                        % row for row in rows[-20:])))

    def test_08_bad_marks_are_refused(self):
        self.need("swapped")
        before = {a["id"]: a["mark"] for a in self.api_selection("sel")["applicants"]}
        stranger = self.by_key["bas"]["id"]       # an application of sel-cap
        for value, want in (("%d:maybe" % stranger, 400), ("abc", 400), (":include", 400),
                            ("%d" % stranger, 400), ("", 400),
                            ("999999:include", 404), ("0:include", 404), ("-3:include", 404),
                            ("%d:include" % stranger, 404)):
            r = self.lead.post("/beheer/edities/sel/selectie/markering", [("mark", value)])
            self.assertStatus(r, want, "mark=%r" % value)
        self.assertStatus(self.lead.post("/beheer/edities/sel/selectie/markering", []), 400)
        self.assertEqual({a["id"]: a["mark"] for a in self.api_selection("sel")["applicants"]},
                         before)
        self.assertEqual({a["id"]: a["mark"] for a in self.api_selection("sel-cap")["applicants"]
                          if a["id"] == stranger}, {stranger: 0})

    # ------------------------------------------------------------------
    # the API

    def test_09_api_selection(self):
        doc, = self.need("swapped")
        self.assertEqual(doc["edition"], "sel")
        self.assertEqual(doc["capacity"], 4)
        self.assertIs(doc["proven_optimal"], True)
        apps = {a["id"]: a for a in doc["applicants"]}
        chosen = [p for p in self.people["sel"] if apps[p["id"]]["chosen"]]
        for p in self.people["sel"]:
            a = apps[p["id"]]
            self.assertEqual((a["name"], a["organisation"]), (p["name"], p["org"]))
            self.assertAlmostEqual(a["contribution"], gain_to(DEFAULT_WEIGHTS, p, chosen), places=6,
                                   msg=p["key"])
            if a["chosen"]:
                self.assertEqual(sorted(a["adds"]), sorted(adds_of(p, chosen)), p["key"])
                self.assertIsNone(a["why_not"])
            elif a["mark"] == -1:
                self.assertEqual(a["why_not"], "excluded")
            else:
                capped = any(q["org"] == p["org"] for q in chosen)
                last = min(gain_to(DEFAULT_WEIGHTS, q, chosen) for q in chosen)
                forced = in_place_of_last(DEFAULT_WEIGHTS, p, chosen) > last + 1e-9
                self.assertEqual(a["why_not"], "cap" if capped else "marks" if forced else "gain",
                                 p["key"])
                self.assertAlmostEqual(a["contribution_in_place_of_last"],
                                       in_place_of_last(DEFAULT_WEIGHTS, p, chosen), places=6)
                # what they would add to the chosen group
                self.assertEqual(sorted(a["adds"]), sorted(adds_of(p, chosen)), p["key"])
        # not now, not this edition, not here
        for slug, status in (("sel-open", 409), ("sel-fcfs", 409), ("bestaat-niet", 404)):
            r = self.lead.get("/api/v1/manage/editions/%s/selection" % slug)
            self.assertStatus(r, status, slug)
            self.assertIn("error", r.json())
        r = self.lead.get("/beheer/edities/sel-open/selectie")
        self.assertStatus(r, 200)
        self.assertIn("The selection can be made after the deadline.", r.text)
        self.assertNotIn("/selectie/bevestigen", r.text)
        r = self.lead.post("/beheer/edities/sel-open/selectie/bevestigen")
        self.assertStatus(r, 409)
        self.assertEqual(self.statuses("sel-open"), {})

    def test_10_why_not_chosen_agrees_with_the_figures(self):
        """The waiting list says "adds less than the last one chosen"
        (why_not "gain"): the contribution shown for such an applicant is
        then less than the smallest contribution among the chosen."""
        doc, = self.need("swapped")
        chosen = [a for a in doc["applicants"] if a["chosen"]]
        last = min(a["contribution"] for a in chosen)
        wrong = ["%s: in place of the last %.2f, the last one chosen %.2f"
                 % (a["name"], a["contribution_in_place_of_last"], last) for a in doc["applicants"]
                 if a["why_not"] == "gain" and a["contribution_in_place_of_last"] > last + 1e-9]
        self.assertEqual(wrong, [], "waitlisted 'adds less than the last one chosen' while the "
                         "contribution shown is larger:\n  " + "\n  ".join(wrong))

    # ------------------------------------------------------------------
    # weights and marks that cannot be met (sel-extra)

    def test_11_weights(self):
        c = self.lead
        base = "/beheer/edities/sel-extra/selectie"
        good = {"w_org": "0", "w_parent": "0", "w_kind": "0", "w_theme": "0", "w_tags": "10",
                "offer_days": "14"}
        before = self.api_selection("sel-extra")
        for over in ({"w_org": "11"}, {"w_tags": "-1"}, {"w_kind": "veel"}, {"w_theme": ""},
                     {"offer_days": "0"}, {"offer_days": "61"}, {"w_parent": "2.5"},
                     {"w_tags": "0"}, {"offer_days": None}):
            fields = dict(good)
            fields.update(over)
            fields = {k: v for k, v in fields.items() if v is not None}
            r = c.post(base + "/gewichten", fields)
            self.assertStatus(r, 422, "weights %r" % over)
            self.assertTrue(harness.has_error_summary(r.text), "no error summary for %r" % over)
        self.assertEqual(self.api_selection("sel-extra"), before)
        r = c.post(base + "/gewichten", good)
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), base + "?klaar=1")
        text = self.page("sel-extra")
        for name, v in good.items():
            self.assertEqual(input_value(text, name), v, name)
        w = {"org": 0, "parent": 0, "kind": 0, "theme": 0, "tags": 10}
        people = self.people["sel-extra"]
        best, groups = best_groups(w, people, 2, 1)
        doc = self.api_selection("sel-extra")
        chosen = {a["id"] for a in doc["applicants"] if a["chosen"]}
        self.assertAlmostEqual(doc["diversity"], best, places=6)
        self.assertIn(chosen, groups)
        self.assertEqual(strong_after(text, "Diversity of this group:"), round(best, 2))
        rows = au.all_audit_rows(self.admin)
        self.assertTrue(any(row["action"] == "selection.weights" and row["who"] == LEAD
                            and row["object"] == "edition:sel-extra" and "14" in row["detail"]
                            for row in rows), "no audit entry selection.weights")
        # back to the defaults, and the proposal with them
        r = c.post(base + "/gewichten", {"w_org": "3", "w_parent": "2", "w_kind": "2",
                                         "w_theme": "2", "w_tags": "1", "offer_days": "7"})
        self.assertStatus(r, 303)
        doc = self.api_selection("sel-extra")
        self.check_optimal("sel-extra", 1, {a["id"] for a in doc["applicants"] if a["chosen"]},
                           doc["diversity"])

    def test_12_marks_that_cannot_be_met(self):
        kees, lot = self.by_key["kees"]["id"], self.by_key["lot"]["id"]
        base = "/beheer/edities/sel-extra/selectie"
        for i in (kees, lot):    # the same organisation, cap 1
            self.assertStatus(self.lead.post(base + "/markering", [("mark", "%d:include" % i)]), 303)
        r = self.lead.get_ready(base)
        self.assertStatus(r, 200)
        self.assertIn("Your marks cannot all be met", r.text)
        r = self.lead.get_ready("/api/v1/manage/editions/sel-extra/selection")
        self.assertStatus(r, 422)
        r = self.lead.post(base + "/bevestigen")
        self.assertIn(r.status, (409, 422), r)
        self.assertEqual(set(self.statuses("sel-extra").values()), {"submitted"})
        self.assertStatus(self.lead.post(base + "/markering", [("mark", "%d:none" % lot)]), 303)
        doc = self.api_selection("sel-extra")
        apps = {a["id"]: a for a in doc["applicants"]}
        self.assertTrue(apps[kees]["chosen"])
        self.assertFalse(apps[lot]["chosen"])
        self.assertEqual(apps[lot]["why_not"], "cap")
        self.assertStatus(self.lead.post(base + "/markering", [("mark", "%d:none" % kees)]), 303)

    # ------------------------------------------------------------------
    # confirming

    def test_13_confirm_in_the_console(self):
        doc, = self.need("swapped")
        apps = {a["id"]: a for a in doc["applicants"]}
        text = self.page("sel")
        r = self.press(text, "/selectie/bevestigen")
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/beheer/edities/sel/aanmeldingen?klaar=1")
        self.state["confirmed"] = doc

        statuses = self.statuses("sel")
        want = {i: "accepted" if a["chosen"] else "declined" if a["mark"] == -1 else "waitlisted"
                for i, a in apps.items()}
        self.assertEqual(statuses, want)
        self.assertEqual(sorted(want.values()).count("accepted"), 4)
        self.assertEqual(statuses[self.by_key[SWAP_OUT]["id"]], "declined")
        self.assertEqual(statuses[self.by_key[SWAP_IN]["id"]], "accepted")
        r = cli("edition", "show", "sel", "--db", db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        self.assertRegex(r.stdout, r"(?m)^status:\s+selected$")
        self.assertRegex(r.stdout, r"(?m)^accepted:\s+4$")

        # every applicant's mail, in their language, with their outcome
        problems = []
        for p in self.people["sel"]:
            msg = self.outcome_mail(p, TITLE)
            t, body = MAIL_TEXT[p["lang"]], mail_body(msg)
            a = apps[p["id"]]
            expect = [t["accepted"]] if a["chosen"] else [t["declined"]] if a["mark"] == -1 \
                else [t["waitlisted"], t["place"] % a["rank"]]
            for e in expect:
                if e not in body:
                    problems.append("mail to %s (%s, %s) lacks %r:\n%s"
                                    % (p["key"], p["lang"], statuses[p["id"]], e, body))
            if p["name"] not in body:
                problems.append("mail to %s does not name them" % p["key"])
        self.assertNoProblems(problems)
        per = {}
        for m in self.outcome_mails_for(TITLE):
            per[m["X-Envelope-To"]] = per.get(m["X-Envelope-To"], 0) + 1
        self.assertEqual(per, {p["email"]: 1 for p in self.people["sel"]},
                         "one selection mail per applicant")

        rows = au.all_audit_rows(self.admin)
        self.assertTrue(any(row["action"] == "selection.confirm" and row["who"] == LEAD
                            and row["object"] == "edition:sel"
                            and "4 accepted, 4 waitlisted, 1 declined" in row["detail"]
                            for row in rows), "no audit entry selection.confirm")

        # the applications page shows the outcome
        r = self.lead.get("/beheer/edities/sel/aanmeldingen?klaar=1")
        self.assertStatus(r, 200)
        table = table_with_caption(r.text, "Applications")
        shown = {linked_id(row[0][1]): row[4][0] for row in table_rows(table)}
        label = {"accepted": "Accepted", "waitlisted": "On the waiting list", "declined": "Declined"}
        self.assertEqual(shown, {i: label[s] for i, s in want.items()})
        # a second time: 409, and nothing changes
        r = self.lead.post("/beheer/edities/sel/selectie/bevestigen")
        self.assertStatus(r, 409)
        self.assertIn("The selection has been confirmed", r.text)
        r = self.lead.post_json("/api/v1/manage/editions/sel/selection/confirm", {})
        self.assertStatus(r, 409)
        self.assertTrue(r.json()["error"]["message"], r)
        self.assertEqual(self.statuses("sel"), want)
        r = self.lead.get_ready("/beheer/edities/sel/selectie")
        self.assertStatus(r, 200)
        self.assertNotIn("/selectie/bevestigen", r.text)
        self.assertEqual(len(self.outcome_mails_for(TITLE)), 9)
        self.state["confirmed_statuses"] = want

    def outcome_mails_for(self, title):
        subjects = {t["subject"] + title for t in MAIL_TEXT.values()}
        return self.mails(lambda m: str(m["Subject"]) in subjects)

    def test_14_confirm_through_the_api(self):
        c = self.lead
        r = c.post_json("/api/v1/manage/editions/sel-cap/selection/confirm", {}, csrf=None)
        self.assertStatus(r, 403)
        r = c.post_json("/api/v1/manage/editions/sel-cap/selection/confirm", {},
                        csrf="nep-" + "0" * 40)
        self.assertStatus(r, 403)
        self.assertEqual(set(self.statuses("sel-cap").values()), {"submitted"})
        token = c.get("/api/v1/session").json()["csrf_token"]
        r = c.post_json("/api/v1/manage/editions/sel-cap/selection/confirm", {}, csrf=token)
        self.assertStatus(r, 200)
        doc = r.json()
        apps = {a["id"]: a for a in doc["applicants"]}
        chosen = {i for i, a in apps.items() if a["chosen"]}
        self.check_optimal("sel-cap", 1, chosen, doc["diversity"])
        statuses = self.statuses("sel-cap")
        self.assertEqual(statuses, {i: "accepted" if a["chosen"] else "waitlisted"
                                    for i, a in apps.items()})
        r = cli("edition", "show", "sel-cap", "--db", db_url(self.db))
        self.assertRegex(r.stdout, r"(?m)^status:\s+selected$")
        problems = []
        for p in self.people["sel-cap"]:
            body = mail_body(self.outcome_mail(p, CAP_TITLE))
            t, a = MAIL_TEXT[p["lang"]], apps[p["id"]]
            for e in ([t["accepted"]] if a["chosen"] else [t["waitlisted"], t["place"] % a["rank"]]):
                if e not in body:
                    problems.append("mail to %s lacks %r:\n%s" % (p["key"], e, body))
        self.assertNoProblems(problems)
        r = c.post_json("/api/v1/manage/editions/sel-cap/selection/confirm", {}, csrf=token)
        self.assertStatus(r, 409)
        self.assertEqual(self.statuses("sel-cap"), statuses)

    # ------------------------------------------------------------------
    # the waiting list after the selection

    def selection_token(self, p):
        """The private link of p's selection mail: confirming gave them a
        new one, and the first (of the confirmation) no longer works."""
        msg = self.outcome_mail(p, TITLE)
        m = re.search(r"/aanmelding/([0-9a-f]{64})\b", au.mail_text(msg))
        self.assertIsNotNone(m, "no private link in the selection mail of %s" % p["key"])
        self.assertNotEqual(m.group(1), p["token"])
        return m.group(1)

    def withdraw(self, key):
        p = self.by_key[key]
        token = self.selection_token(p)
        self.assertStatus(self.server.get("/aanmelding/%s" % p["token"]), 404)
        r = self.server.post_form("/aanmelding/%s/intrekken" % token)
        self.assertStatus(r, 303)
        self.assertEqual(self.statuses("sel")[p["id"]], "withdrawn")

    def expected_next(self, statuses):
        """The next a freed place goes to: the lowest waiting-list rank
        stored at confirmation (the place mailed), passing over only those
        whose organisation has the cap (1) among the accepted."""
        ranks = {a["id"]: a["waitlist_rank"] for a in harness.applications(self.db, "sel")["applications"]}
        accepted = [p for p in self.people["sel"] if statuses.get(p["id"]) == "accepted"]
        waiting = sorted((p for p in self.people["sel"] if statuses.get(p["id"]) == "waitlisted"),
                         key=lambda p: ranks[p["id"]])
        for p in waiting:
            if not any(q["org"] == p["org"] for q in accepted):
                return p["id"]
        return None

    def test_15_a_freed_place_is_offered_and_taken(self):
        self.need("confirmed_statuses")
        offers_before = sum(len(self.offer_mails(p)) for p in self.people["sel"])
        self.assertEqual(offers_before, 0, "offers before anyone withdrew")
        self.withdraw(WITHDRAW_FIRST)
        nxt = self.person(self.expected_next(self.statuses("sel")))
        token = self.wait_offer(nxt)
        self.assertEqual([p["key"] for p in self.people["sel"] if self.offer_mails(p)], [nxt["key"]],
                         "the offer went to someone else too")
        r = self.server.get("/aanbod/" + token, lang="en")
        self.assertStatus(r, 200)
        self.assertIn("no-store", r.header("Cache-Control", ""))
        self.assertIn(TITLE, r.text)
        answers = {f["value"] for f in button_forms(r.text) if f["action"] == "/aanbod/" + token}
        self.assertEqual(answers, {"accept", "decline"})
        self.assertStatus(self.server.post_form("/aanbod/" + token, {"answer": "misschien"}), 400)
        r = self.server.post_form("/aanbod/" + token, {"answer": "accept"})
        self.assertStatus(r, 303)
        self.assertEqual(location_path(r), "/aanbod/" + token)
        self.assertEqual(self.statuses("sel")[nxt["id"]], "accepted")
        self.assertIn("You have taken the place", self.server.get("/aanbod/" + token, lang="en").text)
        # a second answer changes nothing
        self.server.post_form("/aanbod/" + token, {"answer": "decline"})
        self.assertEqual(self.statuses("sel")[nxt["id"]], "accepted")
        r = cli("edition", "show", "sel", "--db", db_url(self.db))
        self.assertRegex(r.stdout, r"(?m)^accepted:\s+4$")
        # unknown offers
        self.assertStatus(self.server.get("/aanbod/" + "0" * 64), 404)
        self.assertStatus(self.server.post_form("/aanbod/" + "0" * 64, {"answer": "accept"}), 404)
        self.state["first_taken"] = nxt["key"]

    def test_16_a_place_let_go_goes_to_the_next(self):
        self.need("first_taken")
        self.withdraw(WITHDRAW_SECOND)
        first = self.person(self.expected_next(self.statuses("sel")))
        token = self.wait_offer(first)
        r = self.server.post_form("/aanbod/" + token, {"answer": "decline"})
        self.assertStatus(r, 303)
        # letting the place go is the applicant's own choice: withdrawn
        self.assertEqual(self.statuses("sel")[first["id"]], "withdrawn")
        self.assertIn("You have let the place go", self.server.get("/aanbod/" + token, lang="en").text)
        second = self.person(self.expected_next(self.statuses("sel")))
        self.assertNotEqual(second["id"], first["id"])
        self.state["unanswered"] = (second["key"], self.wait_offer(second))
        self.assertEqual(self.statuses("sel")[second["id"]], "waitlisted")
        taken = self.by_key[self.state["first_taken"]]["id"]
        self.assertEqual({i: n for i, n in offers_per_application(self.db).items()
                          if i in self.ids("sel")},
                         {taken: 1, first["id"]: 1, second["id"]: 1}, "offers made")

    def test_17_an_offer_not_answered_in_time_goes_to_the_next(self):
        key, token = self.need("unanswered")[0]
        late = self.by_key[key]
        # the same database, a clock past the offer's answer date
        problems = self.server.stop()
        self.assertNoProblems(problems)
        self.__class__.server = Server(self.db, now=LATER, env=self.server_env).start()
        nxt = self.person(self.expected_next(
            {i: ("declined" if i == late["id"] else s) for i, s in self.statuses("sel").items()}))
        self.assertNotEqual(nxt["id"], late["id"])
        self.wait_offer(nxt)       # the background task expires the offer and asks the next
        self.assertEqual(self.statuses("sel")[late["id"]], "declined")
        self.assertEqual(self.statuses("sel")[nxt["id"]], "waitlisted")
        r = self.server.get("/aanbod/" + token, lang="en")
        self.assertStatus(r, 200)
        self.assertIn("This offer has ended.", r.text)
        self.server.post_form("/aanbod/" + token, {"answer": "accept"})
        self.assertEqual(self.statuses("sel")[late["id"]], "declined")
        r = cli("edition", "show", "sel", "--db", db_url(self.db))
        self.assertRegex(r.stdout, r"(?m)^accepted:\s+3$")
        self.state["later"] = True

    def test_18_cli_confirms_and_everyone_gets_mail(self):
        self.need("later")      # the server that sends the mail runs
        r = self.select_cli("sel-extra", now=LATER)
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("selection confirmed", r.stderr)
        statuses = self.statuses("sel-extra")
        self.assertEqual(sorted(statuses.values()), ["accepted", "accepted", "waitlisted",
                                                     "waitlisted"])
        chosen = {i for i, st in statuses.items() if st == "accepted"}
        self.check_optimal("sel-extra", 1, chosen, group_value(
            DEFAULT_WEIGHTS, [p for p in self.people["sel-extra"] if p["id"] in chosen]))
        for p in self.people["sel-extra"]:
            body = mail_body(self.outcome_mail(p, EXTRA_TITLE))
            t = MAIL_TEXT[p["lang"]]
            self.assertIn(t["accepted"] if p["id"] in chosen else t["waitlisted"], body, p["key"])
        r = self.select_cli("sel-extra", now=LATER)
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(self.statuses("sel-extra"), statuses)


class OfferRaceTest(unittest.TestCase):
    """Places freed at the same moment in many selected editions: every
    request that frees one runs the offers (so does the background task),
    yet an edition has one open offer at a time, so nobody is offered the
    same place twice."""

    EDITIONS = 16
    ROUNDS = 2

    @classmethod
    def setUpClass(cls):
        su.class_database(cls, "lwp-http-race-")
        n = cls.EDITIONS * cls.ROUNDS
        for e in range(n):
            create_edition(cls.db, "race-%d" % e, capacity=4, deadline=DEADLINE,
                           policy="diversity", org_cap=1)
        before = Server(cls.db, now=BEFORE).start()
        cls.tokens = {}
        try:
            for e in range(n):
                for i in range(5):
                    r = before.apply_api("race-%d" % e, organisation="Race %d-%d" % (e, i))
                    if r.status != 201:
                        raise AssertionError("applying: %r" % r)
                    cls.tokens[r.json()["id"]] = r.json()["url"].rsplit("/", 1)[1]
        finally:
            problems = before.stop()
        if problems:
            raise AssertionError("\n".join(problems))
        for e in range(n):
            r = cli("select", "race-%d" % e, "--db", db_url(cls.db), env={"LWP_NOW": AFTER})
            if r.returncode != 0:
                raise AssertionError("lwp select: %r" % r)
        # confirming gave each a new private link, in their selection mail
        # (still in the outbox: no mail server here); the last link to an
        # address is that one
        emails = {}
        for e in range(n):
            for a in harness.applications(cls.db, "race-%d" % e)["applications"]:
                emails[a["email"]] = a["id"]
        for email, token in su.selection_links(cls.db).items():
            if email in emails:
                cls.tokens[emails[email]] = token
        cls.server = Server(cls.db, now=AFTER, threads=8).start()
        cls.addClassCleanup(cls._stop)

    @classmethod
    def _stop(cls):
        problems = cls.server.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def test_one_offer_per_free_place(self):
        duplicates = []
        for rnd in range(self.ROUNDS):
            slugs = ["race-%d" % e for e in range(rnd * self.EDITIONS, (rnd + 1) * self.EDITIONS)]
            accepted, waiting = [], set()
            for slug in slugs:
                for a in harness.applications(self.db, slug)["applications"]:
                    if a["status"] == "accepted":
                        accepted.append(self.tokens[a["id"]])
                    elif a["status"] == "waitlisted":
                        waiting.add(a["id"])
            self.assertEqual((len(accepted), len(waiting)), (4 * len(slugs), len(slugs)))
            barrier = threading.Barrier(len(accepted))
            answers = []

            def withdraw(token):
                barrier.wait()
                answers.append(self.server.post_form("/aanmelding/%s/intrekken" % token).status)

            threads = [threading.Thread(target=withdraw, args=(t,)) for t in accepted]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(answers, [303] * len(accepted))
            made = offers_per_application(self.db)
            self.assertEqual(set(made) & waiting, waiting, "a freed place not offered")
            duplicates += ["application %d offered %d times" % (i, made[i])
                           for i in sorted(waiting) if made[i] > 1]
        self.assertEqual(duplicates, [], "one place offered more than once (the check for an "
                         "open offer and the new offer are not in one transaction)")
        self.assertEqual(self.server.problems(), [])


if __name__ == "__main__":
    unittest.main()
