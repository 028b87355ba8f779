#!/usr/bin/env python3
"""Write a maximum diversity instance as a mixed-integer program for GLPK's glpsol (CPLEX
LP format), to check mdp-solve against an exact solver in the benchmark.

  quad  the linearised quadratic model of any MDPLIB instance: x_i binary (chosen),
        y_ij in [0, 1] for each pair, y_ij <= x_i, y_ij <= x_j, sum x = m, and the
        reformulation-linearisation rows sum_j y_ij = (m - 1) x_i that tighten the
        relaxation. Grows with n^2: for small n only (n <= 30).
  attr  for edition-like instances of gen_edition_instance.py, whose distance is a
        weighted count of differing attributes: the value equals
        sum_a w_a (C(m, 2) - sum_v C(c_av, 2)) with c_av the chosen applicants having
        value v of attribute a, and the convex C(c, 2) is modelled exactly by its secants.
        Same optimum as quad, with n binaries only, so it stays exact for n = 80.

Both accept --groups FILE --cap C for the cap per organisation. Python 3 stdlib only.
"""
import argparse
import json
import sys


def read_mdplib(path):
    with open(path, encoding="ascii") as f:
        n, m = (int(t) for t in f.readline().split())
        d = {}
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                i, j = int(parts[0]), int(parts[1])
                d[(min(i, j), max(i, j))] = float(parts[2])
    return n, m, d


def read_groups(path, n):
    with open(path, encoding="ascii") as f:
        groups = [int(t) for t in f.read().split()]
    if len(groups) != n:
        sys.exit("mdp_glpk_model: %s: expected %d groups" % (path, n))
    return groups


def wrap(terms, out, head):
    """Write head followed by terms, a few per line (LP lines must stay short)."""
    line = head
    for t in terms:
        if len(line) + len(t) > 200:
            out.append(line)
            line = "  "
        line += " " + t
    out.append(line)


def cap_rows(groups, cap, out):
    if not groups or cap <= 0:
        return
    members = {}
    for i, g in enumerate(groups):
        if g >= 0:
            members.setdefault(g, []).append(i)
    for g, items in sorted(members.items()):
        if len(items) > cap:
            wrap(["+ x%d" % i for i in items], out, " cap%d:" % g)
            out[-1] += " <= %d" % cap


def quad_model(n, m, d, groups, cap):
    out = ["\\ maximum diversity, linearised quadratic model", "Maximize"]
    wrap(["+ %r y%d_%d" % (v, i, j) for (i, j), v in sorted(d.items()) if v != 0],
         out, " obj:")
    out.append("Subject To")
    wrap(["+ x%d" % i for i in range(n)], out, " card:")
    out[-1] += " = %d" % m
    for (i, j) in sorted(d):
        out.append(" a%d_%d: y%d_%d - x%d <= 0" % (i, j, i, j, i))
        out.append(" b%d_%d: y%d_%d - x%d <= 0" % (i, j, i, j, j))
    for i in range(n):
        terms = ["+ y%d_%d" % (min(i, j), max(i, j)) for j in range(n) if j != i]
        wrap(terms + ["- %d x%d" % (m - 1, i)], out, " r%d:" % i)
        out[-1] += " = 0"
    cap_rows(groups, cap, out)
    out.append("Bounds")
    out.extend(" 0 <= y%d_%d <= 1" % (i, j) for (i, j) in sorted(d))
    out.append("Binary")
    out.extend(" x%d" % i for i in range(n))
    out.append("End")
    return out


def attr_model(attr_path, m, groups, cap):
    with open(attr_path, encoding="ascii") as f:
        spec = json.load(f)
    people, weights = spec["people"], spec["weights"]
    n = len(people)
    pairs = m * (m - 1) // 2
    obj, rows, zs = [], [], []
    for a, w in sorted(weights.items()):
        values = sorted({str(p[a]) for p in people})
        for vi, v in enumerate(values):
            members = [i for i, p in enumerate(people) if str(p[a]) == v]
            z = "z_%s_%d" % (a, vi)
            zs.append(z)
            obj.append("- %d %s" % (w, z))
            # z >= C(t,2) + t (c - t) for t = 1..m-1: the secants of C(c,2)
            for t in range(1, min(m, len(members))):
                terms = ["+ %d x%d" % (t, i) for i in members]
                wrap(terms + ["- " + z], rows, " s_%s_%d_%d:" % (a, vi, t))
                rows[-1] += " <= %d" % (t * t - t * (t - 1) // 2)
    out = ["\\ maximum diversity, attribute model (constant %d)" %
           (sum(weights.values()) * pairs), "Maximize"]
    wrap(obj + ["+ %d const" % (sum(weights.values()) * pairs)], out, " obj:")
    out.append("Subject To")
    wrap(["+ x%d" % i for i in range(n)], out, " card:")
    out[-1] += " = %d" % m
    out.append(" one: const = 1")
    out.extend(rows)
    cap_rows(groups, cap, out)
    out.append("Bounds")
    out.extend(" %s >= 0" % z for z in zs)
    out.append("Binary")
    out.extend(" x%d" % i for i in range(n))
    out.append("End")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["quad", "attr"])
    ap.add_argument("instance", help="MDPLIB text (quad) or PREFIX.attr.json (attr)")
    ap.add_argument("--m", type=int, help="places (quad: default from the file)")
    ap.add_argument("--groups")
    ap.add_argument("--cap", type=int, default=0)
    args = ap.parse_args()
    if args.kind == "quad":
        n, m, d = read_mdplib(args.instance)
        m = args.m if args.m is not None else m
        groups = read_groups(args.groups, n) if args.groups else None
        out = quad_model(n, m, d, groups, args.cap)
    else:
        if args.m is None:
            ap.error("attr needs --m")
        with open(args.instance, encoding="ascii") as f:
            n = len(json.load(f)["people"])
        groups = read_groups(args.groups, n) if args.groups else None
        out = attr_model(args.instance, args.m, groups, args.cap)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
