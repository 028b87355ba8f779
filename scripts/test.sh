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

# Layers: state changes only through a service (scripts/check_layers.py).
if python3 scripts/check_layers.py .; then count layers 1 0; else count layers 0 1; fi

# Unit tests (cmocka), under the sanitizers.
for t in build-asan/tests/unit/test_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
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

# HTTP tests against the sanitizer build of the real server, on SQLite and
# on a private PostgreSQL server started here. The two runs go at once:
# much of each is spent waiting (fsync, mail, child processes), and they
# share nothing (each test picks free ports and its own directories).
http_suite() { # backend: runs the suite, its output in $log_dir/http-$1.log
	LWP_TEST_BACKEND=$1 python3 tests/http/run.py --bin build-asan/src/cli/lwp \
		>"$log_dir/http-$1.log" 2>&1
}
http_count() { # backend: prints its log and counts its result line
	cat "$log_dir/http-$1.log"
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log_dir/http-$1.log" | tail -n 1)
	if [ -n "$line" ]; then
		count "http-$1" "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3)"
	else
		count "http-$1" 0 1
	fi
}

http_suite sqlite &
sqlite_pid=$!
pg_dir=$(mktemp -d /tmp/lwp-test-pg.XXXXXX) # outside $log_dir: the postgres user must reach it
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg_started=0
if pg_url=$(./scripts/pg.sh start "$pg_dir" "$pg_port"); then
	pg_started=1
	trap './scripts/pg.sh stop "$pg_dir" >/dev/null 2>&1; rm -rf "$log_dir" "$pg_dir"' EXIT
	LWP_TEST_PG_URL="${pg_url%/*}/postgres" LWP_TEST_PG_DIR="$pg_dir" http_suite postgres
fi
wait "$sqlite_pid"
http_count sqlite
if [ "$pg_started" -eq 1 ]; then
	http_count postgres
else
	echo "PostgreSQL could not be started"
	count http-postgres 0 1
fi

# Pages in Chromium: axe-core (WCAG 2.1 A/AA), the Nu HTML checker,
# keyboard-only use, screenshots (tests/out/screenshots/).
tests/browser/run.sh build-asan/src/cli/lwp | tee "$log_dir/browser.log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log_dir/browser.log" | tail -n 1)
if [ -n "$line" ]; then
	count browser "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3)"
else
	count browser 0 1
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
