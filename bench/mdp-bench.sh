#!/usr/bin/env bash
# mdp-bench.sh - benchmark of the selection solver (bench/mdp-solve): edition-like
# instances checked against GLPK's glpsol, and MDPLIB instances against best-known values.
# Prints a markdown table (the one in bench/README.md) and whether the goals are met.
#
# usage: bench/mdp-bench.sh [BUILD_DIR [MDPLIB_DIR]]
#   BUILD_DIR   meson build directory holding bench/mdp-solve (default: build)
#   MDPLIB_DIR  MDPLIB instances with best-known.tsv (default: ../shared/bench-data/mdplib
#               relative to the repository root); never copied into the repository
# environment: EDITION_SECONDS (1), MDPLIB_SECONDS (10), QUAD_MAX_N (30),
#   QUAD_SECONDS (300, glpsol limit on the quadratic model), ATTR_SECONDS (60),
#   EDITIONS and JACCARD (the instances, n:seed:cap). mdp-solve gets the attributes of
#   the edition-like instances (--attributes) for its exact bound.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
mdplib=${2:-$root/../shared/bench-data/mdplib}
solver=$build/bench/mdp-solve
EDITION_SECONDS=${EDITION_SECONDS:-1}
MDPLIB_SECONDS=${MDPLIB_SECONDS:-10}
QUAD_MAX_N=${QUAD_MAX_N:-30}
QUAD_SECONDS=${QUAD_SECONDS:-300}
ATTR_SECONDS=${ATTR_SECONDS:-60}
# n, seed, cap per organisation (0: none) of the edition-like instances; m = 20
EDITIONS=${EDITIONS:-"20:1:2 20:2:0 25:1:2 25:2:0 30:1:2 30:2:0 40:1:2 40:2:0 50:1:2 50:2:0
 60:1:2 60:2:0 70:1:2 70:2:0 80:1:2 80:2:0 40:3:2 40:4:0 50:3:2 50:4:0 60:3:2 60:4:0
 70:3:2 70:4:0 80:3:2 80:4:0 80:5:2 80:6:0 80:7:2 80:8:0"}
# the same with the product's tag term (1 - Jaccard): no exact reference beyond n = 30
JACCARD=${JACCARD:-"40:1:2 40:2:0 60:1:2 60:2:0 80:1:2 80:2:0"}

if [ ! -x "$solver" ]; then
	echo "mdp-bench: $solver not found; build first: meson setup build && ninja -C build" >&2
	exit 1
fi
have_glpsol=1
command -v glpsol >/dev/null 2>&1 || have_glpsol=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# solve FILE SECONDS [ARGS...]: sets value, count, proven, secs
solve() {
	local file=$1 seconds=$2 t0 t1 out
	shift 2
	t0=$(now)
	if ! out=$("$solver" "$file" --seconds "$seconds" "$@" 2>"$tmp/solve.err"); then
		echo "mdp-bench: mdp-solve failed on $file:" >&2
		cat "$tmp/solve.err" >&2
		exit 1
	fi
	t1=$(now)
	secs=$(elapsed "$t0" "$t1")
	value=$(printf '%s\n' "$out" | awk '$1 == "value" { print $2 }')
	proven=$(printf '%s\n' "$out" | awk '$1 == "proven" { print $2 }')
	count=$(printf '%s\n' "$out" | head -n 1 | wc -w)
}

# glpsol LPFILE LIMIT: sets gvalue (empty unless proven optimal) and gsecs
glpsol_run() {
	local lp=$1 limit=$2 t0 t1
	t0=$(now)
	glpsol --lp "$lp" --tmlim "$limit" -o "$lp.sol" >"$lp.log" 2>&1 || true
	t1=$(now)
	gsecs=$(elapsed "$t0" "$t1")
	gvalue=""
	if grep -q "INTEGER OPTIMAL" "$lp.sol" 2>/dev/null; then
		gvalue=$(awk '/^Objective:/ { print $4 }' "$lp.sol")
	fi
}

gap() { awk -v v="$1" -v r="$2" 'BEGIN { printf "%.3f", (r > 0 ? (r - v) / r * 100 : 0) }'; }
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b < 0.005) print "-"; else printf "%.3g", a / b }'
}

edition_row() {
	local n=$1 seed=$2 cap=$3 base=$tmp/ed_$1_$2 args=() ref="-" src="-" q="-" qs="-" as="-"
	python3 "$here/gen_edition_instance.py" "$n" "$base" --seed "$seed" --m 20
	if [ "$cap" -gt 0 ]; then
		args=(--groups "$base.groups" --cap "$cap")
	fi
	solve "$base.txt" "$EDITION_SECONDS" "${args[@]}" --attributes "$base.attr"
	echo "$n $proven $secs" >>"$tmp/proofs.stats"
	if [ "$have_glpsol" = 1 ]; then
		python3 "$here/mdp_glpk_model.py" attr "$base.attr.json" --m "$count" "${args[@]}" \
			>"$base.attr.lp"
		glpsol_run "$base.attr.lp" "$ATTR_SECONDS"
		as=$gsecs
		[ -n "$gvalue" ] && ref=$gvalue && src="glpsol attr"
		if [ "$n" -le "$QUAD_MAX_N" ]; then
			python3 "$here/mdp_glpk_model.py" quad "$base.txt" --m "$count" "${args[@]}" \
				>"$base.quad.lp"
			glpsol_run "$base.quad.lp" "$QUAD_SECONDS"
			qs=$gsecs
			q=$(ratio "$secs" "$gsecs")
			if [ -n "$gvalue" ]; then
				[ "$ref" != "-" ] && [ "$ref" != "$gvalue" ] &&
					echo "mdp-bench: glpsol models disagree on n=$n seed=$seed" >&2
				ref=$gvalue
				src="glpsol quad"
			else
				qs=">$QUAD_SECONDS"
				q="<$q"
			fi
		fi
	fi
	local g="-"
	[ "$ref" != "-" ] && g=$(gap "$value" "$ref")
	printf '| edition n%d s%d | %d | %d | %s | %s | %s (%s) | %s | %s | %s | %s | %s | %s |\n' \
		"$n" "$seed" "$n" "$count" "$([ "$cap" -gt 0 ] && echo "$cap" || echo "-")" \
		"$value" "$ref" "$src" "$g" "$secs" "$proven" "$qs" "$as" "$q"
	echo "$g $secs" >>"$tmp/edition.stats"
}

jaccard_row() {
	local n=$1 seed=$2 cap=$3 base=$tmp/ej_$1_$2 args=()
	python3 "$here/gen_edition_instance.py" "$n" "$base" --seed "$seed" --m 20 --jaccard
	if [ "$cap" -gt 0 ]; then
		args=(--groups "$base.groups" --cap "$cap")
	fi
	solve "$base.txt" "$EDITION_SECONDS" "${args[@]}" --attributes "$base.attr"
	local v1=$value p1=$proven s1=$secs
	solve "$base.txt" "$EDITION_SECONDS" "${args[@]}"
	printf '| jaccard n%d s%d | %d | %d | %s | %s | %s | %s | %s | %s (%s s without attributes) |\n' \
		"$n" "$seed" "$n" "$count" "$([ "$cap" -gt 0 ] && echo "$cap" || echo "-")" \
		"$v1" "$p1" "$s1" "$value" "$proven" "$secs"
}

mdplib_rows() {
	local name n m best file
	if [ ! -f "$mdplib/best-known.tsv" ]; then
		echo "mdp-bench: MDPLIB instances not found at $mdplib" \
			"(give the directory as the second argument); MDPLIB part skipped" >&2
		echo "MDPLIB instances not found at $mdplib: skipped" >"$tmp/mdplib.note"
		return
	fi
	while IFS=$'\t' read -r name n m best; do
		[ "$name" = "instance" ] && continue
		file=$mdplib/$name.txt
		if [ ! -f "$file" ]; then
			echo "mdp-bench: $file missing, skipped" >&2
			continue
		fi
		solve "$file" "$MDPLIB_SECONDS"
		local g
		g=$(gap "$value" "$best")
		printf '| %s | %d | %d | - | %s | %s (best known) | %s | %s | %s | - | - | - |\n' \
			"$name" "$n" "$m" "$value" "$best" "$g" "$secs" "$proven"
		echo "$g $secs" >>"$tmp/mdplib.stats"
	done <"$mdplib/best-known.tsv"
}

verdict() {
	local file=$1 what=$2 max_gap=$3 max_secs=$4
	if [ ! -s "$file" ]; then
		echo "- $what: not run"
		return
	fi
	awk -v what="$what" -v mg="$max_gap" -v ms="$max_secs" '
		{ rows++; if ($1 == "-") unknown++; else if ($1 + 0 > gap) gap = $1 + 0
		  if ($2 + 0 > secs) secs = $2 + 0 }
		END { ok = gap <= mg && secs < ms && unknown == 0
		      printf "- %s: %d instances, largest gap %.3f%%, longest %.3f s%s: goal %s\n",
			what, rows, gap, secs, unknown ? sprintf(", %d without reference", unknown) : "",
			ok ? "met" : "MISSED" }' "$file"
}

echo "mdp-solve benchmark on $(uname -m), $(date -u +%Y-%m-%d);" \
	"edition-like: --seconds $EDITION_SECONDS, m = 20; MDPLIB: --seconds $MDPLIB_SECONDS"
[ "$have_glpsol" = 1 ] ||
	echo "glpsol not found (apt-get install glpk-utils): no exact reference for editions"
echo
echo "| instance | n | chosen | cap | value | reference | gap % | time s | proven |" \
	"glpsol quad s | glpsol attr s | time ratio (ours / quad) |"
echo "| --- | --: | --: | --: | --: | --- | --: | --: | --- | --: | --: | --: |"
for spec in $EDITIONS; do
	IFS=: read -r n seed cap <<<"$spec"
	edition_row "$n" "$seed" "$cap"
done
mdplib_rows
echo
echo "Product-like tag term (1 - Jaccard), with and without --attributes:"
echo
echo "| instance | n | chosen | cap | value | proven | time s | value without | proven without |"
echo "| --- | --: | --: | --: | --: | --- | --: | --: | --- |"
for spec in $JACCARD; do
	IFS=: read -r n seed cap <<<"$spec"
	jaccard_row "$n" "$seed" "$cap"
done
echo
[ -f "$tmp/mdplib.note" ] && cat "$tmp/mdplib.note"
awk '$1 >= 40 { rows++; if ($2 == "yes") { proven++; if ($3 < 1.0) fast++ }
		if ($3 > secs) secs = $3 }
	END { printf "- proofs, edition-like n = 40..80: %d of %d proven, %d of them under 1 s, longest %.3f s: goal %s\n",
		proven, rows, fast, secs, fast == rows ? "met" : "MISSED" }' "$tmp/proofs.stats"
verdict "$tmp/edition.stats" "edition-like (gap 0, under 1 s)" 0 1
verdict "$tmp/mdplib.stats" "MDPLIB (gap <= 0.05%, 10 s)" 0.05 "$((MDPLIB_SECONDS + 1))"
