"""Large editions made fast: a backup of a database with one application
is grown into one with n applications (copies of it with new ids, e-mail
addresses, private-link hashes, statuses and themes), sealed with a
correct trailer, for `lwp restore` into an empty database of either
backend. Used by tests/http/test_scale.py and bench/scale.sh:

    python3 tests/http/scale_data.py SEED.backup N OUT.backup
"""

import hashlib
import json
import sys

GROWN = ("people", "initiatives", "applications", "application_events")
STATUSES = ("submitted", "waitlisted", "declined", "withdrawn")
THEMES = ("new_organising", "new_changing", "both")


def grow(seed, n):
    """The bytes of a backup like seed (one application) with n applications."""
    lines = seed.splitlines(keepends=True)
    header, body, end = lines[0], lines[1:-1], json.loads(lines[-1])
    rows = [json.loads(line) for line in body]
    templates = {}
    for r in rows:
        if r["table"] in GROWN:
            if r["table"] in templates:
                raise ValueError("the seed must have one row in %s" % r["table"])
            templates[r["table"]] = r["row"]
    if set(templates) != set(GROWN):
        raise ValueError("the seed needs one application with its person, initiative, event")
    extra = {t: [] for t in GROWN}
    base = {t: templates[t]["id"] for t in GROWN}
    for k in range(1, n):
        email = "scale.%d@example.nl" % k
        status = STATUSES[k % len(STATUSES)]
        person = dict(templates["people"], id=base["people"] + k, email=email, email_key=email,
                      name="Aanmelder %d" % k)
        initiative = dict(templates["initiatives"], id=base["initiatives"] + k,
                          owner_id=person["id"], theme=THEMES[k % len(THEMES)],
                          title="Traject %d" % k)
        app = dict(templates["applications"], id=base["applications"] + k,
                   person_id=person["id"], initiative_id=initiative["id"], email_key=email,
                   status=status, waitlist_rank=None,
                   token_hash=hashlib.sha256(b"scale-%d" % k).hexdigest())
        event = dict(templates["application_events"], id=base["application_events"] + k,
                     application_id=app["id"], status=status)
        for t, row in zip(GROWN, (person, initiative, app, event)):
            extra[t].append(row)
    out = [header]
    last_of = {}
    for i, r in enumerate(rows):
        last_of[r["table"]] = i
    for i, r in enumerate(rows):
        out.append(body[i])
        if r["table"] in GROWN and last_of[r["table"]] == i:
            out.extend((json.dumps({"table": r["table"], "row": row},
                                   separators=(",", ":"), ensure_ascii=False) + "\n").encode()
                       for row in extra[r["table"]])
    counts = dict(end["rows"])
    for t in GROWN:
        counts[t] += n - 1
    trailer = {"lwp_backup_end": end["lwp_backup_end"], "rows": counts,
               "sha256": hashlib.sha256(b"".join(out)).hexdigest()}
    out.append((json.dumps(trailer, separators=(",", ":")) + "\n").encode())
    return b"".join(out)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        data = grow(f.read(), int(sys.argv[2]))
    with open(sys.argv[3], "wb") as f:
        f.write(data)
