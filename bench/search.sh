#!/bin/sh
# The API search at 10,000 initiatives (issue 14: p95 under 50 ms), on a real
# server: bench/search_load.py generates the initiatives (the vocabulary of
# bench/search-bench.c, every kind of organisation and theme), imports them
# with `lwp initiative import` into a fresh SQLite database, starts
# `lwp serve`, and times GET /api/v1/initiatives?q=... over HTTP for a set of
# queries, after one request that builds the index. The reference, in the
# same run on the same server: GET /healthz. Prints p50/p95/p99 of both, the
# ratio, the time of the first (index-building) request, and of
# /similar; then whether the goal is met. Not a test.
#
#   bench/search.sh [BUILD_DIR] [N_INITIATIVES] [REQUESTS]   (build 10000 400)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-10000}
requests=${3:-400}
lwp="$build/src/cli/lwp"
[ -x "$lwp" ] || { echo "search.sh: no $lwp (build it first)" >&2; exit 1; }
exec python3 bench/search_load.py "$lwp" "$n" "$requests"
