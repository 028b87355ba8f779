#!/usr/bin/env python3
"""Generate an edition-like maximum diversity instance for the selection benchmark.

Applicants come from organisations (several may come from one), each organisation has a
parent organisation and one of 7 kinds; each trajectory has one of 3 themes and a set of
tags. The distance of two applicants adds 3, 2, 2, 2, 1 for a different organisation,
parent, kind, theme and tag set, so it is a whole number 0..10 (with --jaccard the tag
term is 1 - the Jaccard similarity of the tag sets, as in the product). Writes PREFIX.txt (MDPLIB
text), PREFIX.groups (organisation per applicant, for the cap) and PREFIX.attr.json (the
attributes, for the exact attribute model of mdp_glpk_model.py) and PREFIX.attr (the
same as ids for mdp-solve --attributes: a line of weights, then one line per applicant).
Python 3 stdlib only.
"""
import argparse
import json
import random

KINDS = 7
THEMES = 3
TAGS = ["lean", "agile", "self-organising", "networks", "digital", "culture",
        "leadership", "citizens"]
WEIGHTS = {"org": 3, "parent": 2, "kind": 2, "theme": 2, "tags": 1}


def make_organisations(rng, n):
    """About n/2 organisations; each under one of 12 parents and of one kind."""
    orgs = []
    for o in range(max(2, n // 2)):
        parent = rng.randrange(12)
        # agencies of a ministry tend to share a kind: bias the kind by the parent
        kind = parent % KINDS if rng.random() < 0.5 else rng.randrange(KINDS)
        orgs.append({"parent": parent, "kind": kind})
    return orgs


def make_applicants(rng, n):
    orgs = make_organisations(rng, n)
    # a few organisations send several people: pick with a skewed weight
    weights = [1.0 / (1 + o) ** 0.7 for o in range(len(orgs))]
    people = []
    for _ in range(n):
        o = rng.choices(range(len(orgs)), weights)[0]
        tags = sorted(rng.sample(TAGS, rng.randint(1, 2)))
        people.append({"org": o, "parent": orgs[o]["parent"], "kind": orgs[o]["kind"],
                       "theme": rng.randrange(THEMES), "tags": "+".join(tags)})
    return people


def distance(a, b, jaccard=False):
    d = sum(w for attr, w in WEIGHTS.items() if a[attr] != b[attr] and attr != "tags")
    ta, tb = set(a["tags"].split("+")), set(b["tags"].split("+"))
    if jaccard:
        return d + WEIGHTS["tags"] * (1 - len(ta & tb) / len(ta | tb))
    return d + WEIGHTS["tags"] * (ta != tb)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of applicants")
    ap.add_argument("prefix", help="output files PREFIX.txt, .groups, .attr.json")
    ap.add_argument("--m", type=int, default=20, help="places (default 20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jaccard", action="store_true",
                    help="tag term w (1 - Jaccard) as in the product, not 'sets differ'")
    args = ap.parse_args()
    if args.n < 2 or args.m < 0:
        ap.error("need n >= 2 and m >= 0")
    rng = random.Random(args.seed * 1000003 + args.n)
    people = make_applicants(rng, args.n)
    with open(args.prefix + ".txt", "w", encoding="ascii") as f:
        f.write("%d %d\n" % (args.n, min(args.m, args.n)))
        for i in range(args.n):
            for j in range(i + 1, args.n):
                d = distance(people[i], people[j], args.jaccard)
                f.write("%d %d %.10g\n" % (i, j, d))
    with open(args.prefix + ".groups", "w", encoding="ascii") as f:
        f.write("".join("%d\n" % p["org"] for p in people))
    with open(args.prefix + ".attr", "w", encoding="ascii") as f:
        weights = list(WEIGHTS.values())
        f.write(" ".join("%.10g" % w for w in weights) + "\n")
        ids = {attr: {} for attr in WEIGHTS}
        for p in people:
            row = [ids[a].setdefault(p[a], len(ids[a])) for a in WEIGHTS]
            f.write(" ".join(str(v) for v in row) + "\n")
    with open(args.prefix + ".attr.json", "w", encoding="ascii") as f:
        json.dump({"weights": WEIGHTS, "people": people}, f)


if __name__ == "__main__":
    main()
