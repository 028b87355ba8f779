"""The network of initiatives (issue 14), end to end on a real server (both
backends): the registry and its visibility rules (public, network, private;
pending and hidden ones), registering as a signed-in account, nominating
with the confirmation links sent through a real SMTP sink (by the owner
and by someone else, who waits for the owner), hiding and showing by a
facilitator (audited), the owners' edit page, connections (proposed,
confirmed by the other side, removed by either), the members' directory,
the CSV import with good and bad rows, the map and the figures, which are
checked against networkx (/usr/bin/python3, python3-networkx).

Python 3 stdlib (and networkx in a subprocess)."""

import html
import json
import re
import subprocess
import unittest
import urllib.parse

import accounts_util as au
import harness
import network_util as nu
from harness import create_edition, location_path

MEMBER = "mira.member@netwerk.example.nl"      # role member
OTHER = "otto.other@netwerk.example.nl"        # role member, owns other initiatives
COACH = "cora.coach@netwerk.example.nl"        # coach: a facilitator, may hide
PLAIN = "pim.plain@netwerk.example.nl"         # an account without roles
OWNER = "olga.owner@netwerk.example.nl"        # owner of a nominated initiative

FIELDS = {"title": "Wijkgericht werken in Deventer", "organisation": "Gemeente Deventer",
          "organisation_kind": "local", "theme": "new_organising", "stage": "running",
          "tags": "wijkteams, zelfsturing", "summary": "Wijkteams met eigen budget en regie.",
          "question": "Hoe houden we de wijkteams verbonden met het stadhuis?",
          "visibility": "public"}


def link_token(msg):
    m = re.search(r"/initiatieven/bevestigen/([0-9a-f]{64})", au.mail_text(msg))
    if not m:
        raise AssertionError("no confirmation link in %r" % au.mail_text(msg))
    return m.group(1)


class NetworkTest(au.MailServerTestCase):

    @classmethod
    def prepare_data(cls):
        create_edition(cls.db, "netwerk-a", capacity=10)
        create_edition(cls.db, "netwerk-b", capacity=10)
        au.add_users(cls.db, [
            (MEMBER, {"name": "Mira Member", "grants": [("member", None)]}),
            (OTHER, {"name": "Otto Other", "grants": [("member", None)]}),
            (COACH, {"name": "Cora Coach", "grants": [("coach", "netwerk-a")]}),
            (PLAIN, {"name": "Pim Plain"}),
            (OWNER, {"name": "Olga Owner", "grants": [("member", None)]}),
        ])

    @classmethod
    def after_start(cls):
        cls.member, cls.other, cls.coach, cls.plain, cls.owner = au.sign_in_all(
            [lambda e=e: au.sign_in(cls.server, e) for e in (MEMBER, OTHER, COACH, PLAIN, OWNER)])
        cls.anon = au.Client(cls.server)

    # -- helpers

    def register(self, client, **over):
        fields = dict(FIELDS)
        fields.update(over)
        r = client.post_json("/api/v1/initiatives", fields)
        self.assertStatus(r, 201)
        return r.json()["id"]

    def visible(self, client, iid):
        return client.get("/api/v1/initiatives/%d" % iid).status == 200

    def search_ids(self, client, q=None, **params):
        if q:
            params["q"] = q
        params.setdefault("limit", "100")
        r = client.get("/api/v1/initiatives?" + urllib.parse.urlencode(params))
        self.assertStatus(r, 200)
        return [x["id"] for x in r.json()["items"]]

    def nomination_mail(self, to, title):
        return au.wait_for_mail(self.sink, lambda m: to in str(m["To"]) and title in
                                str(m["Subject"]), what="the mail to %s" % to)

    # -- registry and visibility

    def test_visibility_rules(self):
        pub = self.register(self.member, title="Openbaar initiatief Alfa", visibility="public")
        net = self.register(self.member, title="Netwerk initiatief Beta", visibility="network")
        priv = self.register(self.member, title="Prive initiatief Gamma", visibility="private")
        for client, want in ((self.anon, {pub}), (self.plain, {pub}),
                             (self.other, {pub, net}), (self.member, {pub, net, priv})):
            seen = {i for i in (pub, net, priv) if self.visible(client, i)}
            self.assertEqual(seen, want)
            found = set(self.search_ids(client, "initiatief")) & {pub, net, priv}
            self.assertEqual(found, want)
        # pages agree with the API
        self.assertStatus(self.anon.get("/initiatieven/%d" % net), 404)
        self.assertStatus(self.other.get("/initiatieven/%d" % net), 200)
        self.assertStatus(self.other.get("/initiatieven/%d" % priv), 404)
        page = self.anon.get("/initiatieven?q=initiatief").text
        self.assertIn("Openbaar initiatief Alfa", page)
        self.assertNotIn("Netwerk initiatief Beta", page)

    def test_search_filters_and_contract(self):
        a = self.register(self.member, title="Filtertest agile teams", theme="new_changing",
                          stage="idea", organisation_kind="ministry",
                          organisation="Ministerie van Filters", tags="agile, filter")
        r = self.anon.get("/api/v1/initiatives?q=filtertest+agile&limit=5")
        self.assertStatus(r, 200)
        doc = r.json()
        self.assertEqual(doc["items"][0]["id"], a)
        self.assertEqual(set(doc["items"][0]), {"id", "title", "organisation", "organisation_kind",
                                                "theme", "stage", "tags", "score"})
        self.assertEqual(doc["items"][0]["tags"], ["agile", "filter"])
        self.assertGreaterEqual(doc["total"], 1)
        scores = [x["score"] for x in doc["items"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        for params, inside in (({"theme": "new_changing"}, True), ({"theme": "both"}, False),
                               ({"stage": "idea"}, True), ({"kind": "local"}, False),
                               ({"tag": "FILTER"}, True), ({"tag": "anders"}, False),
                               ({"organisation": "ministerie van filters"}, True)):
            self.assertEqual(a in self.search_ids(self.anon, "filtertest", **params), inside,
                             params)
        self.assertApiError(self.anon.get("/api/v1/initiatives?theme=geen"), 422, "validation")
        self.assertApiError(self.anon.get("/api/v1/initiatives?limit=0"), 422, "validation")
        # similar answers items with a reason
        b = self.register(self.other, title="Agile teams in de filterafdeling",
                          theme="new_changing", tags="agile, filter", organisation_kind="ministry")
        sim = self.anon.get("/api/v1/initiatives/%d/similar" % a).json()["items"]
        self.assertIn(b, [x["id"] for x in sim])
        self.assertTrue(all(x["reason"] for x in sim))
        self.assertIn("agile", [x for x in sim if x["id"] == b][0]["reason"])

    def test_register_needs_an_account(self):
        r = self.anon.post_json("/api/v1/initiatives", FIELDS)
        self.assertEqual(r.status, 401)
        r = self.member.post_json("/api/v1/initiatives", dict(FIELDS, title=""))
        self.assertApiError(r, 422, "validation")
        r = self.member.post("/initiatieven/nieuw", dict(FIELDS, title="Via het formulier"))
        self.assertStatus(r, 303)
        self.assertIn("Via het formulier", self.anon.get(location_path(r)).text)
        self.assertStatus(self.member.post("/initiatieven/nieuw", dict(FIELDS, summary="")), 422)

    def test_applications_create_and_link_private_initiatives(self):
        for slug in ("netwerk-a", "netwerk-b"):
            r = self.server.apply_api(slug, email=OWNER, name="Olga Owner",
                                      initiative_title="Toegepast initiatief")
            self.assertStatus(r, 201)
        ids = self.search_ids(self.owner, "toegepast initiatief")
        self.assertEqual(len(ids), 1, "the second application links the same initiative")
        doc = self.owner.get("/api/v1/initiatives/%d" % ids[0]).json()
        self.assertEqual(doc["visibility"], "private")
        self.assertEqual(sorted(e["slug"] for e in doc["editions"]), ["netwerk-a", "netwerk-b"])
        self.assertFalse(self.visible(self.anon, ids[0]))
        self.assertFalse(self.visible(self.member, ids[0]))
        # the owner chooses to show it to the network
        fields = dict(FIELDS, title="Toegepast initiatief", visibility="network")
        self.assertStatus(self.owner.post("/initiatieven/%d/bewerken" % ids[0], fields), 303)
        self.assertTrue(self.visible(self.member, ids[0]))
        self.assertFalse(self.visible(self.anon, ids[0]))

    # -- nominations

    def test_nomination_by_the_owner(self):
        title = "Voorgedragen door de eigenaar"
        r = self.anon.post_json("/api/v1/nominations", dict(
            FIELDS, title=title, name="Nora Nominator", email="nora@nominatie.example"))
        self.assertStatus(r, 202)
        iid = r.json()["id"]
        self.assertFalse(self.visible(self.anon, iid))
        self.assertNotIn(iid, self.search_ids(self.member, "voorgedragen"))
        token = link_token(self.nomination_mail("nora@nominatie.example", title))
        page = self.anon.get("/initiatieven/bevestigen/" + token)
        self.assertStatus(page, 200)
        self.assertIn(title, page.text)
        self.assertFalse(self.visible(self.anon, iid), "a GET must not confirm")
        self.assertStatus(self.anon.post("/initiatieven/bevestigen/" + token), 303)
        self.assertTrue(self.visible(self.anon, iid))
        self.assertIn(iid, self.search_ids(self.anon, "voorgedragen eigenaar"))
        r = self.anon.post_json("/api/v1/nominations/%s/confirm" % token, {})
        self.assertApiError(r, 409, "used")
        r = self.anon.post_json("/api/v1/nominations/%s/confirm" % ("0" * 64), {})
        self.assertApiError(r, 404, "not_found")

    def test_nomination_by_someone_else_waits_for_the_owner(self):
        title = "Voorgedragen door een collega"
        r = self.anon.post("/initiatieven/voordragen", dict(
            FIELDS, title=title, name="Kees Collega", email="kees@collega.example",
            owner_name="Olga Owner", owner_email=OWNER))
        self.assertStatus(r, 303)
        token = link_token(self.nomination_mail("kees@collega.example", title))
        r = self.anon.post_json("/api/v1/nominations/%s/confirm" % token, {})
        self.assertStatus(r, 200)
        doc = r.json()
        self.assertEqual((doc["status"], doc["confirmed"]), ("pending_owner", "email"))
        iid = doc["initiative_id"]
        self.assertFalse(self.visible(self.anon, iid))
        # the owner sees it, and may not edit before... they can: it is theirs
        self.assertTrue(self.visible(self.owner, iid))
        owner_token = link_token(self.nomination_mail(OWNER, title))
        self.assertNotEqual(owner_token, token)
        r = self.anon.post_json("/api/v1/nominations/%s/confirm" % owner_token, {})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["status"], "published")
        self.assertTrue(self.visible(self.anon, iid))

    def test_nomination_refuses_bad_input(self):
        r = self.anon.post("/initiatieven/voordragen", dict(FIELDS, name="", email="geen-adres"))
        self.assertStatus(r, 422)
        self.assertTrue(harness.has_error_summary(r.text))
        r = self.anon.post_json("/api/v1/nominations", dict(FIELDS, name="X", email="x@y.example",
                                                            onbekend="1"))
        self.assertApiError(r, 400, "unknown_field")

    # -- hiding

    def test_facilitator_hides_and_shows(self):
        iid = self.register(self.other, title="Te verbergen initiatief")
        self.assertStatus(self.member.post("/initiatieven/%d/verbergen" % iid,
                                           {"action": "hide"}), 404)
        self.assertTrue(self.visible(self.anon, iid))
        r = self.coach.post("/initiatieven/%d/verbergen" % iid,
                            {"action": "hide", "reason": "reclame"})
        self.assertStatus(r, 303)
        self.assertFalse(self.visible(self.anon, iid))
        self.assertFalse(self.visible(self.member, iid))
        self.assertTrue(self.visible(self.other, iid), "the owner still sees it")
        self.assertStatus(self.coach.get("/initiatieven/%d" % iid), 200)
        self.assertStatus(self.coach.post("/initiatieven/%d/verbergen" % iid,
                                          {"action": "hide"}), 409)
        self.assertStatus(self.coach.post("/initiatieven/%d/verbergen" % iid,
                                          {"action": "show"}), 303)
        self.assertTrue(self.visible(self.anon, iid))
        # audited, with the reason (read through a backup: any backend)
        r = harness.cli("backup", "--db", harness.db_url(self.db), "-")
        self.assertEqual(r.returncode, 0, r)
        rows = [json.loads(line) for line in r.stdout.splitlines() if '"audit_log"' in line]
        mine = [x for x in rows if ("initiative:%d" % iid) in json.dumps(x)]
        text = json.dumps(mine)
        self.assertIn("initiative.hide", text)
        self.assertIn("reclame", text)
        self.assertIn("initiative.show", text)
        self.assertIn(COACH, text)

    # -- owners

    def test_only_owners_edit(self):
        iid = self.register(self.member, title="Alleen de eigenaar wijzigt")
        self.assertStatus(self.other.get("/initiatieven/%d/bewerken" % iid), 404)
        self.assertStatus(self.other.post("/initiatieven/%d/bewerken" % iid, FIELDS), 404)
        self.assertStatus(self.member.get("/initiatieven/%d/bewerken" % iid), 200)
        r = self.member.post("/initiatieven/%d/bewerken" % iid,
                             dict(FIELDS, title="Gewijzigd door de eigenaar",
                                  lessons="Klein beginnen werkt."))
        self.assertStatus(r, 303)
        doc = self.anon.get("/api/v1/initiatives/%d" % iid).json()
        self.assertEqual((doc["title"], doc["lessons"]),
                         ("Gewijzigd door de eigenaar", "Klein beginnen werkt."))
        # a co-owner may edit too
        self.assertStatus(self.member.post("/initiatieven/%d/eigenaren" % iid,
                                           {"owner_name": "Otto Other", "owner_email": OTHER}),
                          303)
        self.assertStatus(self.other.get("/initiatieven/%d/bewerken" % iid), 200)

    # -- connections

    def connection_ids(self, client):
        page = client.get("/netwerk/verbindingen").text
        return [int(x) for x in re.findall(r'/netwerk/verbindingen/(\d+)/verwijderen', page)], page

    def test_connections_confirm_and_remove(self):
        mine = self.register(self.member, title="Bron van de les")
        theirs = self.register(self.other, title="Ontvanger van de les")
        r = self.other.post("/initiatieven/%d/verbinden" % mine,
                            {"from": str(theirs), "kind": "inspired_by", "note": "mooi voorbeeld"})
        self.assertStatus(r, 303)
        ids, _ = self.connection_ids(self.other)
        self.assertEqual(len(ids), 1)
        cid = ids[0]
        # the other side is told by mail, in their language
        msg = au.wait_for_mail(self.sink, lambda m: MEMBER in str(m["To"]) and
                               "Ontvanger van de les" in au.mail_text(m),
                               what="the mail about the proposed connection")
        self.assertIn("/netwerk/verbindingen", au.mail_text(msg))
        self.assertIn("Otto Other", au.mail_text(msg))
        # not confirmed yet: not shown
        self.assertEqual(self.anon.get("/api/v1/initiatives/%d" % mine).json()["connections"], [])
        # the maker cannot confirm, a stranger cannot either
        self.assertStatus(self.other.post("/netwerk/verbindingen/%d/bevestigen" % cid), 404)
        self.assertStatus(self.plain.post("/netwerk/verbindingen/%d/bevestigen" % cid), 404)
        self.assertStatus(self.member.post("/netwerk/verbindingen/%d/bevestigen" % cid), 303)
        conns = self.anon.get("/api/v1/initiatives/%d" % mine).json()["connections"]
        self.assertEqual([(c["kind"], c["other_initiative"], c["note"]) for c in conns],
                         [("inspired_by", theirs, "mooi voorbeeld")])
        self.assertStatus(self.member.post("/netwerk/verbindingen/%d/bevestigen" % cid), 409)
        # the same one again is refused
        r = self.other.post("/initiatieven/%d/verbinden" % mine,
                            {"from": str(theirs), "kind": "inspired_by"})
        self.assertStatus(r, 409)
        # from an initiative one does not own: refused
        r = self.plain.post("/initiatieven/%d/verbinden" % mine,
                            {"from": str(theirs), "kind": "similar"})
        self.assertStatus(r, 404)
        # either side removes
        self.assertStatus(self.member.post("/netwerk/verbindingen/%d/verwijderen" % cid), 303)
        self.assertEqual(self.anon.get("/api/v1/initiatives/%d" % mine).json()["connections"], [])

    def test_directory_is_for_members_who_consented(self):
        self.assertStatus(self.member.post("/netwerk/leden/toestemming", {"consent": "1"}), 303)
        page = self.other.get("/netwerk/leden")
        self.assertStatus(page, 200)
        self.assertIn("Mira Member", page.text)
        self.assertNotIn("Pim Plain", page.text)
        plain = self.plain.get("/netwerk/leden").text
        self.assertNotIn("Mira Member", plain, "an account without a role sees no one")
        self.assertIn(self.anon.get("/netwerk/leden").status, (303,))
        # a person-to-person connection, confirmed by the other
        m = re.search(r'<option value="(\d+)">Mira Member</option>', page.text)
        self.assertIsNotNone(m)
        r = self.other.post("/netwerk/leden/verbinden", {"to": m.group(1), "kind": "works_with"})
        self.assertStatus(r, 303)
        ids, text = self.connection_ids(self.member)
        self.assertIn("Otto Other", text)
        self.assertStatus(self.member.post("/netwerk/leden/toestemming", {"consent": "0"}), 303)
        self.assertNotIn("Mira Member", self.other.get("/netwerk/leden").text)

    def test_pages_in_both_languages(self):
        for path, nl, en in (("/initiatieven", "Initiatief voordragen", "Nominate an initiative"),
                             ("/netwerk/cijfers", "Bereikte organisaties", "Organisations reached"),
                             ("/netwerk/kaart", "Zo leest u de kaart", "How to read the map")):
            self.register(self.member, title="Tweetalig %s" % path)
            dutch = self.server.get(path).text
            english = self.server.get(path + "?lang=en").text
            self.assertIn(nl, dutch)
            self.assertNotIn(en, dutch)
            self.assertIn(en, english)
            for code in ("new_organising", "pending_email", "inspired_by", "shared_service"):
                self.assertNotIn(">" + code + "<", dutch)

    def test_map_and_figures_pages(self):
        self.register(self.member, title="Op de kaart", visibility="public")
        r = self.anon.get("/netwerk/kaart")
        self.assertStatus(r, 200)
        self.assertIn("<svg", r.text)
        self.assertIn("Op de kaart", r.text)
        self.assertIn('aria-label="Initiative: Op de kaart', r.text)
        self.assertEqual(r.text, self.anon.get("/netwerk/kaart").text, "the layout is deterministic")
        r = self.anon.get("/netwerk/kaart?theme=both")
        self.assertStatus(r, 200)
        self.assertNotIn("Op de kaart", r.text)
        self.assertStatus(self.anon.get("/netwerk/cijfers"), 200)


class ImportTest(harness.ServerTestCase):
    """lwp initiative import: every row checked, bad rows reported by line,
    nothing imported unless --skip-bad; list and search."""

    def test_good_rows(self):
        path = nu.csv_in(self.tmpdir, "good.csv", [
            nu.row("Importeren een", "een@import.example"),
            nu.row("Importeren twee", "twee@import.example", visibility="network",
                   summary="Met een komma, en \"aanhalingstekens\"\nen een nieuwe regel.")])
        r = nu.import_csv(self.db, path)
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("imported 2", r.stdout)
        titles = nu.ids_by_title(self.db)
        self.assertIn("Importeren een", titles)
        doc = self.server.get("/api/v1/initiatives/%d" % titles["Importeren een"]).json()
        self.assertEqual(doc["tags"], ["teams", "leren"])
        self.assertEqual(self.server.get("/api/v1/initiatives/%d" % titles["Importeren twee"]).status,
                         404, "network only")
        r = harness.cli("initiative", "search", "importeren", "--json", "--db",
                        harness.db_url(self.db))
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual({x["title"] for x in json.loads(r.stdout)["items"]},
                         {"Importeren een", "Importeren twee"})

    def test_bad_rows_import_nothing(self):
        before = len(nu.listed(self.db))
        rows = [nu.row("Goed een", "goed@import.example"),
                nu.row("", "leeg@import.example"),                       # line 3: no title
                nu.row("Slecht thema", "thema@import.example", theme="oud"),  # line 4
                nu.row("Goed twee", "goed2@import.example"),
                nu.row("Slecht adres", "geen-adres")]                    # line 6
        path = nu.csv_in(self.tmpdir, "bad.csv", rows)
        r = nu.import_csv(self.db, path)
        self.assertEqual(r.returncode, 1, r)
        for line, field in ((3, "title"), (4, "theme"), (6, "owner_email")):
            self.assertRegex(r.stderr, r"line %d: %s:" % (line, field))
        self.assertNotRegex(r.stderr, r"line [25]:")
        self.assertEqual(len(nu.listed(self.db)), before, "nothing imported")
        r = nu.import_csv(self.db, path, "--skip-bad")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("imported 2 initiatives, skipped 3 bad rows", r.stdout)
        self.assertEqual(len(nu.listed(self.db)), before + 2)

    def test_bad_files(self):
        path = nu.csv_in(self.tmpdir, "cols.csv", [nu.row("X", "x@import.example")],
                         columns=nu.COLUMNS[:-1] + ["onbekend"])
        r = nu.import_csv(self.db, path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("unknown or repeated column 'onbekend'", r.stderr)
        p = self.tmpdir + "/latin1.csv"
        with open(p, "wb") as f:
            f.write((",".join(nu.COLUMNS) + "\n").encode())
            f.write(b"Caf\xe9,Org,agency,both,idea,,Samenvatting,,Naam,n@import.example,public\n")
        r = nu.import_csv(self.db, p)
        self.assertEqual(r.returncode, 1)
        self.assertIn("line 2: row: is not valid UTF-8", r.stderr)
        p = self.tmpdir + "/quote.csv"
        with open(p, "w") as f:
            f.write(",".join(nu.COLUMNS) + "\n\"open,Org\n")
        self.assertEqual(nu.import_csv(self.db, p).returncode, 1)


NETWORKX = r"""
import json, sys
import networkx as nx
d = json.load(sys.stdin)
g = nx.DiGraph()
lessons = nx.DiGraph()
for c in d["connections"]:
    g.add_edge(c["from"], c["to"])
    if c["kind"] in ("inspired_by", "learned_from"):
        lessons.add_edge(c["to"], c["from"])   # the lesson goes from the source
kinds = {}
for org, kind in d["organisations"].items():
    kinds[kind] = kinds.get(kind, 0) + 1
print(json.dumps({
    "connected": g.number_of_nodes(),
    "connections": g.number_of_edges(),
    "chains": nx.number_weakly_connected_components(lessons),
    "longest": nx.dag_longest_path_length(lessons) if lessons.number_of_nodes() else 0,
    "organisations": len(d["organisations"]),
    "kinds": kinds,
}))
"""


class FiguresTest(harness.ServerTestCase):
    """The figures page against networkx: one owner holds every initiative
    (so their connections are confirmed at once), a private one and its
    connection do not count."""

    server_now = au.NOW
    server_env = dict(au.NO_LIMITS)
    OWNER = "fien.figures@netwerk.example.nl"

    @classmethod
    def prepare(cls):
        au.add_user(cls.db, cls.OWNER, name="Fien Figures", grants=[("member", None)])
        kinds = ["agency", "ministry", "local", "zbo", "agency", "local", "inspectorate",
                 "agency", "ministry", "other", "local", "agency"]
        rows = [nu.row("Cijfer %02d" % i, cls.OWNER, organisation="Organisatie %d" % (i % 9),
                       organisation_kind=kinds[i % 9], visibility="network" if i % 4 else "public")
                for i in range(12)]
        rows.append(nu.row("Cijfer prive", cls.OWNER, visibility="private"))
        cls.rows = rows
        r = nu.import_csv(cls.db, nu.csv_in(cls.tmpdir, "fig.csv", rows))
        if r.returncode:
            raise AssertionError(repr(r))

    def test_figures_match_networkx(self):
        ids = nu.ids_by_title(self.db)
        c = au.sign_in(self.server, self.OWNER)
        t = lambda i: ids["Cijfer %02d" % i]
        edges = [(1, 0, "inspired_by"), (2, 1, "inspired_by"), (3, 2, "learned_from"),
                 (5, 4, "learned_from"), (6, 4, "inspired_by"), (7, 8, "similar"),
                 (9, 7, "works_with"), (3, 0, "inspired_by")]
        for a, b, kind in edges:
            r = c.post("/initiatieven/%d/verbinden" % t(b), {"from": str(t(a)), "kind": kind})
            self.assertStatus(r, 303)
        r = c.post("/initiatieven/%d/verbinden" % ids["Cijfer prive"],
                   {"from": str(t(10)), "kind": "inspired_by"})
        self.assertStatus(r, 303)
        data = {"connections": [{"from": t(a), "to": t(b), "kind": k} for a, b, k in edges],
                "organisations": {}}
        for x in self.rows:
            if x["visibility"] != "private":
                data["organisations"][x["organisation"]] = x["organisation_kind"]
        p = subprocess.run(["/usr/bin/python3", "-c", NETWORKX], input=json.dumps(data),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        want = json.loads(p.stdout)
        page = self.server.get("/netwerk/cijfers").text
        got = {k: int(v) for k, v in re.findall(r'id="fig-([a-z_-]+)">(\d+)<', page)}
        self.assertEqual(got["initiatives"], 12)
        for key in ("connected", "connections", "chains", "longest", "organisations"):
            self.assertEqual(got[key], want[key], key)
        for kind, n in want["kinds"].items():
            self.assertEqual(got["kind-" + kind], n, kind)
        self.assertEqual((want["chains"], want["longest"]), (2, 3), "the case is as meant")


if __name__ == "__main__":
    unittest.main()
