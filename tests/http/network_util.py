"""Helpers of the network tests: CSV files for `lwp initiative import`, the
labelled set, and reading ids back with `lwp initiative list --json`.

Python 3 stdlib only."""

import csv
import json
import os

import harness

COLUMNS = ["title", "organisation", "organisation_kind", "theme", "stage", "tags", "summary",
           "question", "owner_name", "owner_email", "visibility"]
LABELLED = harness.REPO_ROOT / "tests" / "data" / "initiatives.json"


def write_csv(path, rows, columns=COLUMNS):
    """rows: dicts by column name (missing columns empty)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for r in rows:
            w.writerow([r.get(c, "") for c in columns])
    return path


def row(title, owner_email, **over):
    r = {"title": title, "organisation": "Rijksdienst Testen", "organisation_kind": "agency",
         "theme": "new_organising", "stage": "running", "tags": "teams, leren",
         "summary": "Een initiatief om te testen: " + title + ".",
         "question": "Hoe testen we dit?", "owner_name": "Eigenaar " + title,
         "owner_email": owner_email, "visibility": "public"}
    r.update(over)
    return r


def labelled_set():
    with open(LABELLED, encoding="utf-8") as f:
        return json.load(f)


def labelled_rows(data, owner_email="eigenaar@labelled.example"):
    return [{"title": x["title"], "organisation": x["organisation"],
             "organisation_kind": x["organisation_kind"], "theme": x["theme"],
             "stage": x["stage"], "tags": ", ".join(x["tags"]), "summary": x["summary"],
             "question": x["question"], "owner_name": "Eigenaar", "owner_email": owner_email,
             "visibility": "public"} for x in data["initiatives"]]


def import_csv(db, path, *extra):
    return harness.cli("initiative", "import", path, "--db", harness.db_url(db), *extra)


def listed(db):
    r = harness.cli("initiative", "list", "--json", "--db", harness.db_url(db))
    if r.returncode != 0:
        raise AssertionError(repr(r))
    return json.loads(r.stdout)


def ids_by_title(db):
    return {x["title"]: x["id"] for x in listed(db)}


def csv_in(tmpdir, name, rows, columns=COLUMNS):
    return write_csv(os.path.join(tmpdir, name), rows, columns)
