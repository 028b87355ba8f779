#!/bin/bash
# make test: set up, build (plain and with ASan+UBSan), and run every suite
# against the sanitizer build: translations check, unit tests (cmocka),
# HTTP tests against a real server on loopback, and a short fuzz run.
# Ends with one line "N passed, N failed" summing all suites.
set -u
cd "$(dirname "$0")/.."

./scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
for dir in build build-asan build-fuzz; do
	if ! ./scripts/build.sh "$dir"; then
		echo "build of $dir failed"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
passed=0
failed=0
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

count() { # suite-name passed failed
	printf '%-10s %s passed, %s failed\n' "$1" "$2" "$3" >>"$log_dir/summary"
	passed=$((passed + $2))
	failed=$((failed + $3))
}

# Translations: every message has Dutch.
if python3 scripts/check_po.py .; then count check-po 1 0; else count check-po 0 1; fi

# Unit tests (cmocka), under the sanitizers.
for t in build-asan/tests/unit/test_*; do
	[ -x "$t" ] || continue
	out="$log_dir/$(basename "$t").log"
	"$t" >"$out" 2>&1
	rc=$?
	cat "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed or sanitizer
	count "$(basename "$t")" "$p" "$f"
done

# HTTP tests against the sanitizer build of the real server.
python3 tests/http/run.py --bin build-asan/src/cli/lwp | tee "$log_dir/http.log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log_dir/http.log" | tail -n 1)
if [ -n "$line" ]; then
	count http "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3)"
else
	count http 0 1
fi

# A short fuzz run of every target (make fuzz runs longer).
./tests/fuzz/run.sh "${FUZZ_SECONDS:-15}" | tee "$log_dir/fuzz.log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log_dir/fuzz.log" | tail -n 1)
if [ -n "$line" ]; then
	count fuzz "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3)"
else
	count fuzz 0 1
fi

echo
echo "Summary per suite:"
cat "$log_dir/summary"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
