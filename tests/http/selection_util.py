"""What test_selection.py and test_subgroups.py share: a class's database
and mail server, applicants applying through the API on a server before the
deadline, signing in after it, the diversity formula of
src/domain/selection.h (computed here independently of the server) and
reading one-button forms, stored rows and the selection mail's new links.

Python 3 stdlib only."""

import html
import json
import os
import re
import shutil
import tempfile

import accounts_util as au
import harness
from harness import Server, cli, db_url, location_path


# --------------------------------------------------------------------------
# the formula

def tag_set(text):
    return {t.strip().lower() for t in (text or "").split(",") if t.strip()}


def distance(w, a, b):
    """d(a, b) of two applicants (dicts with org, kind, theme, tags) under
    weights w; an organisation without a known parent is its own parent."""
    ta, tb = tag_set(a["tags"]), tag_set(b["tags"])
    union = ta | tb
    tags = 0.0 if not union else 1.0 - len(ta & tb) / len(union)
    return (w["org"] * (a["org"] != b["org"]) + w["parent"] * (a["org"] != b["org"])
            + w["kind"] * (a["kind"] != b["kind"]) + w["theme"] * (a["theme"] != b["theme"])
            + w["tags"] * tags)


# --------------------------------------------------------------------------
# reading pages and what is stored

def flat(text):
    return " ".join(html.unescape(text).split())


def button_forms(text):
    """The one-button forms of a page: dicts with action, csrf, name, value
    (of the hidden field besides csrf) and label."""
    out = []
    for m in re.finditer(r'<form class="lwp-inline-form" method="post" action="([^"]*)">(.*?)</form>',
                         text, re.S):
        body = m.group(2)
        csrf = re.search(r'name="csrf" value="([^"]*)"', body)
        field = re.search(r'<input type="hidden" name="(?!csrf")([^"]*)" value="([^"]*)"', body)
        label = re.search(r"<button[^>]*>(.*?)</button>", body, re.S)
        out.append({"action": html.unescape(m.group(1)),
                    "csrf": html.unescape(csrf.group(1)) if csrf else None,
                    "name": field.group(1) if field else None,
                    "value": html.unescape(field.group(2)) if field else None,
                    "label": flat(re.sub(r"<[^>]+>", "", label.group(1))) if label else ""})
    return out


def stored_rows(db, table):
    """The rows of one table as `lwp backup` writes them (what is stored,
    whatever the database)."""
    r = cli("backup", "-", "--db", db_url(db))
    if r.returncode != 0:
        raise AssertionError("lwp backup failed: %r" % r)
    rows = []
    for line in r.stdout.splitlines():
        doc = json.loads(line)
        if doc.get("table") == table:
            rows.append(doc["row"])
    return rows


def selection_links(db):
    """Confirming a selection gives every accepted and waiting applicant a
    new private link (the first stops working): the token of the last such
    link mailed to each address, from the outbox."""
    tokens = {}
    for row in stored_rows(db, "outbox"):
        m = re.search(r"/aanmelding/([0-9a-f]{64})\b", row.get("body_text") or "")
        if m:
            tokens[row["to_addr"]] = m.group(1)
    return tokens


# --------------------------------------------------------------------------
# the set-up of a test class

def class_database(cls, prefix):
    """cls.tmpdir (removed after the class) and cls.db in it, initialised."""
    cls.tmpdir = tempfile.mkdtemp(prefix=prefix)
    cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
    cls.db = os.path.join(cls.tmpdir, "lwp.db")
    harness.init_db(cls.db)


def class_mail_sink(cls):
    """cls.sink, a mail server for the class (stopped after it); returns the
    server environment that sends to it, without rate limits."""
    port = harness.free_port()
    cls.sink = au.Sink(port, os.path.join(cls.tmpdir, "mail"))
    cls.sink.start()
    cls.addClassCleanup(cls.sink.stop)
    env = dict(au.NO_LIMITS)
    env.update({"LWP_SMTP_URL": "smtp://127.0.0.1:%d" % port,
                "LWP_MAIL_FROM": "noreply@leerwerkplaats.example.nl",
                "LWP_MAIL_RETRY_SECONDS": "1"})
    return env


def apply(server, slug, row, domain):
    """One applicant (key, name, organisation, kind, theme, tags, lang)
    applies through the API at key.slug@domain: the person as a dict with
    the application's id and private link token."""
    key, name, org, kind, theme, tags, lang = row
    email = "%s.%s@%s" % (key, slug, domain)
    r = server.apply_api(slug, name=name, email=email, organisation=org,
                         organisation_kind=kind, theme=theme, tags=tags, lang=lang)
    if r.status != 201 or r.json().get("status") != "submitted":
        raise AssertionError("applying %s to %s: expected 201 submitted, got %r"
                             % (key, slug, r))
    doc = r.json()
    return {"key": key, "id": doc["id"], "name": name, "email": email, "org": org,
            "kind": kind, "theme": theme, "tags": tags, "lang": lang,
            "token": doc["url"].rsplit("/", 1)[1]}


def apply_all(db, now, env, specs, domain):
    """Everyone of specs ((slug, rows) pairs) applies through the API, on a
    server of its own whose clock is now: the people per slug."""
    before = Server(db, now=now, env=env).start()
    try:
        people = {slug: [apply(before, slug, row, domain) for row in rows]
                  for slug, rows in specs}
    finally:
        problems = before.stop()
    if problems:
        raise AssertionError("the server before the deadline: " + "\n".join(problems))
    return people


def sign_in(server, email, now, must_enrol=True):
    """A client signed in with the password and, where the account asks
    for it (always, when must_enrol), the second factor set up at now."""
    c = au.Client(server)
    r = c.login_password(email)
    enrol = r.status == 303 and location_path(r) == "/account/tweestaps"
    if not enrol and (must_enrol or r.status != 303):
        raise AssertionError("sign-in of %s: expected 303 to /account/tweestaps, got %r"
                             % (email, r))
    if enrol:
        c.enrol_totp(now=now)
    return c


class Steps:
    """For numbered tests that hand results on in self.state."""

    def need(self, *keys):
        missing = [k for k in keys if k not in self.state]
        if missing:
            self.skipTest("an earlier step failed (no %s)" % ", ".join(missing))
        return [self.state[k] for k in keys]
