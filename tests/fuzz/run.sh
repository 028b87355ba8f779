#!/bin/sh
# Run every libFuzzer target of build-fuzz for SECONDS seconds each, on a
# temporary copy of its seed corpus (the repository's corpus does not grow),
# JOBS targets at a time (default 2: the machine has two cores), so that
# the whole run takes about SECONDS * targets / JOBS.
# Builds nothing: configure and build build-fuzz first (see README.md).
#
# usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]
#   FUZZ_JOBS=N      targets at a time
#   FUZZ_TARGETS="cookie query"   only these (names without fuzz_)
set -u

seconds=${1:-}
case $seconds in
''|*[!0-9]*) echo "usage: $0 SECONDS [BUILD_DIR]" >&2; exit 2 ;;
esac
jobs=${FUZZ_JOBS:-2}
case $jobs in
''|*[!0-9]*|0) echo "$0: FUZZ_JOBS must be a number from 1" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${2:-$root/build-fuzz}

work=$(mktemp -d "${TMPDIR:-/tmp}/lwp-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

# Make UBSan findings fatal: the library is built with recoverable checks.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS ASAN_OPTIONS

targets=${FUZZ_TARGETS:-form json date markdown restore inputs http1 cookie query client_addr etag selection api}

# Run one target; its report lines go to $work/result_$target, and the file
# $work/ok_$target exists when it passed.
run_one() {
	target=$1
	exe=$build/tests/fuzz/fuzz_$target
	corpus=$work/corpus_$target
	artifacts=$work/artifacts_$target
	log=$work/fuzz_$target.log
	out=$work/result_$target
	mkdir -p "$corpus" "$artifacts"
	if [ -d "$here/corpus/$target" ]; then
		cp "$here/corpus/$target"/* "$corpus"/ 2>/dev/null
	fi
	if [ ! -x "$exe" ]; then
		echo "fuzz_$target: failed (no executable $exe)" >"$out"
		return
	fi
	if "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$artifacts/" \
		"$corpus" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz_$target: ok (${runs:-?} runs, $(ls "$corpus" | wc -l) corpus entries)" >"$out"
		: >"$work/ok_$target"
	else
		{
			echo "fuzz_$target: failed"
			grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -n 20 | sed 's/^/    /'
			# Keep the crashing inputs: the temp dir is removed on exit.
			keep=$build/fuzz-artifacts/$target
			mkdir -p "$keep" && cp "$artifacts"/* "$log" "$keep"/ 2>/dev/null
			echo "    log and crashing input in $keep"
		} >"$out"
	fi
}

# JOBS at a time, in batches; each batch's reports printed in order.
batch=""
count=0
flush() {
	[ -n "$batch" ] || return 0
	wait
	for t in $batch; do
		cat "$work/result_$t"
	done
	batch=""
	count=0
}
for target in $targets; do
	run_one "$target" &
	batch="$batch $target"
	count=$((count + 1))
	[ "$count" -ge "$jobs" ] && flush
done
flush

passed=0
failed=0
for target in $targets; do
	if [ -e "$work/ok_$target" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
