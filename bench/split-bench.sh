#!/usr/bin/env bash
# split-bench.sh - benchmark of the anticlustering optimiser (bench/split-solve) on the 450
# instances of the published anticlustering study (Papenberg & Klau 2021), against the
# proven optimum (N <= 20) or the best value any of the study's methods reached (N > 20),
# and against GLPK's glpsol on the exact model for N <= GLPK_MAX_N.
# Prints one line per instance, a table per (N, K) and the summary with the goals. The goals
# are judged on the CPU time (user + system) of the split-solve process, which a busy
# machine does not inflate; the wall time is printed too.
#
# usage: bench/split-bench.sh [BUILD_DIR [DATA_DIR]]
#   BUILD_DIR  meson build directory holding bench/split-solve (default: build)
#   DATA_DIR   the instances with values.tsv (default: ../shared/bench-data/anticlust
#              relative to the repository root); read in place, never copied
# environment: SECONDS_CAP (10, split-solve's safety cap), GLPK_MAX_N (14),
#   GLPK_SECONDS (120), ONLY (a grep pattern on instance names, to run a subset)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
data=${2:-$root/../shared/bench-data/anticlust}
solver=$build/bench/split-solve
SECONDS_CAP=${SECONDS_CAP:-10}
GLPK_MAX_N=${GLPK_MAX_N:-14}
GLPK_SECONDS=${GLPK_SECONDS:-120}
ONLY=${ONLY:-.}

if [ ! -x "$solver" ]; then
	echo "split-bench: $solver not found; build first: ninja -C build bench/split-solve" >&2
	exit 1
fi
if [ ! -f "$data/values.tsv" ]; then
	echo "split-bench: $data/values.tsv not found" >&2
	exit 1
fi
have_glpsol=1
command -v glpsol >/dev/null 2>&1 || have_glpsol=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# glpk_row FILE K: sets gsecs and gvalue (empty unless proven optimal)
glpk_row() {
	local t0 t1
	python3 "$here/split_glpk_model.py" "$1" --k "$2" >"$tmp/m.lp"
	t0=$(now)
	glpsol --lp "$tmp/m.lp" --tmlim "$GLPK_SECONDS" -o "$tmp/m.sol" >"$tmp/m.log" 2>&1 || true
	t1=$(now)
	gsecs=$(elapsed "$t0" "$t1")
	gvalue=""
	if grep -q "INTEGER OPTIMAL" "$tmp/m.sol" 2>/dev/null; then
		gvalue=$(awk '/^Objective:/ { print $4 }' "$tmp/m.sol")
	fi
}

printf 'instance\tN\tK\tvalue\treference\tgap_pct\tproven\tseconds\tglpk_seconds\tglpk_value\tcpu_seconds\n' \
	>"$tmp/rows.tsv"
tail -n +2 "$data/values.tsv" | sort -t"$(printf '\t')" -k2,2n -k4,4n -k1,1 | grep -- "$ONLY" |
while IFS=$'\t' read -r name n m k optimum best exchange; do
	file=$data/$name.csv
	t0=$(now)
	out=$(/usr/bin/time -f "%U %S" -o "$tmp/cpu" "$solver" "$file" --k "$k" --seconds "$SECONDS_CAP")
	t1=$(now)
	secs=$(elapsed "$t0" "$t1")
	cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$tmp/cpu")
	value=$(printf '%s\n' "$out" | awk '$1 == "value" { print $2 }')
	proven=$(printf '%s\n' "$out" | awk '$1 == "proven" { print $2 }')
	ref=$best
	[ "$n" -le 20 ] && [ -n "$optimum" ] && ref=$optimum
	gap=$(awk -v v="$value" -v r="$ref" 'BEGIN { printf "%.4f", (r - v) / r * 100 }')
	gs="-"
	gv="-"
	if [ "$have_glpsol" = 1 ] && [ "$n" -le "$GLPK_MAX_N" ]; then
		glpk_row "$file" "$k"
		gs=$gsecs
		gv=${gvalue:--}
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$n" "$k" "$value" "$ref" \
		"$gap" "$proven" "$secs" "$gs" "$gv" "$cpu" | tee -a "$tmp/rows.tsv"
done

echo
echo "| N | K | instances | optimal (N <= 20) or >= reference | proven | mean gap % | max wall s | max CPU s | GLPK max s |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
awk -F'\t' 'NR > 1 {
	key = ($2 <= 20 ? $2 : ($2 <= 50 ? "21-50" : "51-100")) SUBSEP $3
	if (!(key in cnt)) { order[++nk] = key }
	cnt[key]++
	# a value counts as reaching the reference within 1e-6 relative (the study prints 6 decimals)
	if ($4 >= $5 - 1e-6 * $5) ok[key]++
	if ($7 == "yes") pr[key]++
	gap[key] += $6
	if ($8 > mx[key]) mx[key] = $8
	if ($11 > cmx[key]) cmx[key] = $11
	if ($9 != "-" && $9 > gmx[key]) gmx[key] = $9
}
END {
	for (i = 1; i <= nk; i++) {
		key = order[i]; split(key, p, SUBSEP)
		printf "| %s | %s | %d | %d | %d | %.4f | %.3f | %.3f | %s |\n", p[1], p[2], cnt[key],
			ok[key] + 0, pr[key] + 0, gap[key] / cnt[key], mx[key], cmx[key],
			(key in gmx) ? sprintf("%.3f", gmx[key]) : "-"
	}
}' "$tmp/rows.tsv"

echo
awk -F'\t' 'NR > 1 {
	if ($2 <= 20) {
		small++
		if ($4 >= $5 - 1e-6 * $5) sopt++
		if ($7 == "yes") sprv++
		if ($4 >= $5 - 1e-6 * $5 && $7 == "yes" && $11 < 1.0) sgoal++
		if ($8 > smax) smax = $8
		if ($11 > scpu) scpu = $11
	} else {
		large++
		if ($4 >= $5 - 1e-6 * $5) lok++
		if ($4 > $5 + 1e-6 * $5) lbetter++
		if ($4 >= $5 - 1e-6 * $5 && $11 < 2.0) lgoal++
		if ($8 > lmax) lmax = $8
		if ($11 > lcpu) lcpu = $11
	}
	gap += $6; all++
	if ($9 != "-") { gn++; gs += $9; os += $8; if ($10 != "-" && ($10 - $4) * ($10 - $4) > 1e-8 * $4 * $4) gdis++ }
}
END {
	printf "N <= 20: %d instances, %d optimal, %d proven, max %.3f s CPU (%.3f s wall); goal (optimal, proven, < 1 s CPU each): %s\n",
		small, sopt, sprv, scpu, smax, (sgoal == small ? "met" : "NOT met")
	printf "N > 20: %d instances, %d >= reference (%d better), max %.3f s CPU (%.3f s wall); goal (>= reference, < 2 s CPU each): %s\n",
		large, lok, lbetter, lcpu, lmax, (lgoal == large ? "met" : "NOT met")
	printf "mean gap over all %d instances: %.5f %%\n", all, gap / all
	if (gn > 0)
		printf "GLPK on the exact model, N <= %d: %d instances, total %.2f s (split-solve %.2f s, ratio %.1f), %d disagreements\n",
			'"$GLPK_MAX_N"', gn, gs, os, (os > 0 ? gs / os : 0), gdis
}' "$tmp/rows.tsv"
