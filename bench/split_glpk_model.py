#!/usr/bin/env python3
"""Write an anticlustering instance (CSV of features, K equal groups) as the exact integer
program of the published study for GLPK's glpsol (CPLEX LP format), to time split-solve
against an exact solver in bench/split-bench.sh.

The model is the clique-partitioning one (Groetschel and Wakabayashi) used by Papenberg and
Klau (2021): x_ij binary for each pair i<j (1: same group), maximise sum d_ij x_ij, the
three transitivity rows per triple (x_ij + x_jk - x_ik <= 1 and its rotations) and
sum_j x_ij = N/K - 1 per element (every group holds N/K). Grows with N^3: N <= 14 or so.
Python 3 stdlib only.
"""
import argparse
import csv
import math
import sys


def read_rows(path):
    with open(path, encoding="ascii", newline="") as f:
        rows = list(csv.reader(f))
    return [[float(v) for v in row] for row in rows[1:] if row]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--k", type=int, required=True)
    a = ap.parse_args()
    x = read_rows(a.csv)
    n = len(x)
    if n % a.k != 0:
        sys.exit("split_glpk_model: N is not a multiple of K")
    out = sys.stdout
    out.write("Maximize\n obj:")
    for i in range(n):
        for j in range(i + 1, n):
            d = math.dist(x[i], x[j])
            out.write(" + %.12g x_%d_%d" % (d, i, j))
            if (j % 8) == 0:
                out.write("\n")
    out.write("\nSubject To\n")

    def var(i, j):
        return "x_%d_%d" % (min(i, j), max(i, j))

    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j + 1, n):
                out.write(" t_%d_%d_%d_a: %s + %s - %s <= 1\n" % (i, j, k, var(i, j), var(j, k), var(i, k)))
                out.write(" t_%d_%d_%d_b: %s - %s + %s <= 1\n" % (i, j, k, var(i, j), var(j, k), var(i, k)))
                out.write(" t_%d_%d_%d_c: - %s + %s + %s <= 1\n" % (i, j, k, var(i, j), var(j, k), var(i, k)))
    for i in range(n):
        out.write(" s_%d: %s = %d\n" % (i, " + ".join(var(i, j) for j in range(n) if j != i), n // a.k - 1))
    out.write("Binary\n")
    for i in range(n):
        for j in range(i + 1, n):
            out.write(" x_%d_%d\n" % (i, j))
    out.write("End\n")


if __name__ == "__main__":
    main()
