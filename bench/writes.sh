#!/usr/bin/env bash
# Application writes: lwp against a bare C loop of the same transaction.
# For SQLite and for PostgreSQL (a private server from scripts/pg.sh), each
# round creates a fresh database (lwp init + one published fcfs edition),
# starts `lwp serve` on it and loads POST /api/v1/editions/SLUG/applications
# with wrk (2 threads, 16 connections, bench/post_application.lua: a new
# e-mail address per request); then it runs bench/bare-writes (the same
# statements of the same transaction, confirmation mail in the outbox
# included, in a plain C loop on one connection) on another fresh database
# for as many transactions as lwp answered with 201. It prints lwp's
# applications/s, the bare loop's transactions/s and the ratio (goal >= 0.7).
# Mail is not sent (no --smtp-url): it waits in the outbox. lwp limits
# applications per client IP (LWP_RATE_APPLY, 30 an hour); all of wrk's come
# from 127.0.0.1, so the limit is raised to 10000000 here unless
# LWP_RATE_APPLY is set: the rate-limit check still runs on every request.
#
# usage: bench/writes.sh [BUILD_DIR] [DURATION_SECONDS]
#   BUILD_DIR         meson build directory with src/cli/lwp and
#                     bench/bare-writes (default: build next to bench/)
#   DURATION_SECONDS  length of each wrk run (default 10)
# environment:
#   ROUNDS            rounds per backend, each on fresh databases (default 2)
#   BACKENDS          "sqlite postgres" (default), or one of them
#   THREADS           lwp serve --threads (default: number of cores)
#   KEEP_TMP          1: keep the temporary directory (server logs, wrk output)
#
# Only loopback is used. Needs wrk, curl, psql and the PostgreSQL server
# (Debian packages wrk, curl, postgresql). Exit status: 0 when the run
# completed (whether or not the goal is met), 1 on a failure, 2 on bad usage.
# shellcheck disable=SC2317  # cleanup and stop_pid are reached through the trap
set -euo pipefail

GOAL_RATIO=0.70
WRK_THREADS=2
WRK_CONNECTIONS=16
SLUG=bench-writes

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build_dir=${1:-$root/build}
duration=${2:-10}
rounds=${ROUNDS:-2}
backends=${BACKENDS:-sqlite postgres}
threads=${THREADS:-$(nproc)}
rate_apply=${LWP_RATE_APPLY:-10000000}

die() { echo "writes.sh: $*" >&2; exit 1; }

if [ $# -gt 2 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
	sed -n '2,29s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
for v in "$duration" "$rounds" "$threads"; do
	case $v in
	'' | *[!0-9]*) echo "writes.sh: not a whole number: '$v'" >&2; exit 2 ;;
	esac
done
if [ "$duration" -lt 1 ] || [ "$rounds" -lt 1 ] || [ "$threads" -lt 1 ]; then
	echo "writes.sh: DURATION_SECONDS, ROUNDS and THREADS must be >= 1" >&2
	exit 2
fi
for b in $backends; do
	case $b in sqlite | postgres) ;; *) echo "writes.sh: unknown backend '$b'" >&2; exit 2 ;; esac
done

LWP=$build_dir/src/cli/lwp
BARE=$build_dir/bench/bare-writes
[ -x "$LWP" ] || die "$LWP not found: build it with 'ninja -C $build_dir'"
[ -x "$BARE" ] || die "$BARE not found: build it with 'ninja -C $build_dir'"
[ -r "$here/post_application.lua" ] || die "$here/post_application.lua is missing"
command -v wrk >/dev/null 2>&1 || die "wrk not found: install the Debian package wrk"
command -v curl >/dev/null 2>&1 || die "curl not found: install the Debian package curl"
case " $backends " in *" postgres "*)
	command -v psql >/dev/null 2>&1 || die "psql not found: install the Debian package postgresql" ;;
esac

# --- temporary directory and clean-up -------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lwp-bench-writes.XXXXXX")
chmod 755 "$tmp"   # the postgres user must reach $tmp/pg when run as root
lwp_pid=""
wrk_pid=""
pg_dir=""

stop_pid() { # pid: SIGTERM, wait up to 10 s, then SIGKILL; returns its status
	local pid=$1 status=0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "writes.sh: pid $pid ignored SIGTERM, sending SIGKILL" >&2
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	wait "$pid" 2>/dev/null || status=$?
	return "$status"
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	[ -n "$wrk_pid" ] && { stop_pid "$wrk_pid" || true; }
	[ -n "$lwp_pid" ] && { stop_pid "$lwp_pid" || true; }
	[ -n "$pg_dir" ] && { "$root/scripts/pg.sh" stop "$pg_dir" || true; }
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "writes.sh: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port for a server: below the kernel's range of ephemeral ports
# (which the many client connections here use as their local ports) and not
# in use by any socket. Another program may still take it before the server
# binds it, so callers retry.
free_port() {
	local p low
	low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
	[ "$low" -gt 11000 ] || low=60000
	for _ in $(seq 200); do
		p=$((10000 + RANDOM % (low - 10000)))
		if ! ss -Htan "( sport = :$p )" 2>/dev/null | grep -q . &&
			! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# Server log lines worth reporting; the warning that mail waits in the
# outbox (no --smtp-url, on purpose here) is expected.
log_problems_list() {
	grep -iE '(error|warn|crit|fatal|abort|sanitizer|leak)' "$1" | grep -v 'no SMTP URL configured' || true
}
log_problems() { [ -n "$(log_problems_list "$1")" ]; }

show_log() { [ -s "$1" ] && tail -n 20 "$1" | sed 's/^/    /' >&2; return 0; }

wait_http() { # pid url seconds: poll url until 200, while pid lives
	local pid=$1 url=$2 secs=$3
	for _ in $(seq $((secs * 10))); do
		kill -0 "$pid" 2>/dev/null || return 2
		[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null)" = 200 ] && return 0
		sleep 0.1
	done
	return 1
}

# --- databases --------------------------------------------------------------------
# start_pg dir: a private PostgreSQL on a free port; prints its URL. A few
# tries, since another program may take the port between probe and start.
start_pg() {
	local url
	for _ in 1 2 3; do
		url=$("$root/scripts/pg.sh" start "$1" "$(free_port)") && { echo "$url"; return 0; }
		sleep 1
	done
	echo "writes.sh: scripts/pg.sh start failed; the server log:" >&2
	show_log "$1/server.log"
	exit 1
}

pg_url=""
if case " $backends " in *" postgres "*) true ;; *) false ;; esac; then
	pg_dir=$tmp/pg
	pg_url=$(start_pg "$pg_dir")
fi

psql_q() { psql "$pg_url" -v ON_ERROR_STOP=1 -qtAc "$1"; }

# new_db backend name: create a fresh database with the edition; prints its URL
new_db() {
	local url
	if [ "$1" = sqlite ]; then
		url=sqlite:$tmp/$2.db
	else
		psql_q "CREATE DATABASE $2" >/dev/null || return 1
		url=${pg_url%/*}/$2
	fi
	if ! { "$LWP" init --db "$url" &&
		"$LWP" edition create --db "$url" --slug "$SLUG" --title "Bench writes" \
			--capacity 30 --deadline "2035-01-01 12:00" --policy fcfs --org-cap 0 \
			--fee 1500 --publish; } >"$tmp/init-$2.log" 2>&1; then
		echo "writes.sh: creating $url failed:" >&2
		show_log "$tmp/init-$2.log"
		return 1
	fi
	echo "$url"
}

# Start every measurement from the same point: PostgreSQL writes its dirty
# pages now rather than during the next run.
settle() { [ "$1" = postgres ] && psql_q "CHECKPOINT" >/dev/null; sync; }

# edition_field url field: a line of `lwp edition show`
edition_field() {
	"$LWP" edition show --db "$1" "$SLUG" 2>/dev/null | sed -n "s/^$2: *//p"
}

# parse_wrk file: "seconds rps p99_ms non2xx socket_errors created other_statuses"
parse_wrk() {
	awk '
	function ms(v,    n, u) {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") return n / 1000
		if (u == "ms") return n
		if (u == "s")  return n * 1000
		if (u == "m")  return n * 60000
		return -1
	}
	/ requests in / { secs = $4; sub(/s,?$/, "", secs) }
	/^Requests\/sec:/ { rps = $2 }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx or 3xx responses:/ { non2xx = $NF }
	/Socket errors:/ { line = $0; sub(/^ *Socket errors: */, "", line); gsub(/ /, "", line); sock = line }
	$1 == "created" { created = $2 }
	$1 == "status" { others = others (others == "" ? "" : ",") $2 "x" $3 }
	END {
		if (rps == "" || p99 == "" || secs == "" || created == "") exit 1
		printf "%s %s %.2f %d %s %d %s\n", secs, rps, p99, non2xx + 0,
			(sock == "" ? "none" : sock), created, (others == "" ? "none" : others)
	}' "$1"
}

# --- one round ----------------------------------------------------------------------
results=()   # "backend round lwp_apps_s p99_ms created rows_after bare_tx_s"
problems=()
lwp_apps=0 lwp_p99=0 lwp_rows=0 bare_rate=0

# run_lwp backend n: serve a fresh database and load it with wrk; sets
# lwp_apps (201s per second), lwp_p99 (ms), lwp_created (201s), lwp_rows
run_lwp() {
	local backend=$1 n=$2 url port log out parsed status=0 secs non2xx sock others accepted try
	url=$(new_db "$backend" "lwp_$n") || exit 1
	log=$tmp/serve-$backend-$n.log
	for try in 1 2 3; do   # a new port if another program took this one
		port=$(free_port) || die "no free loopback port found"
		LWP_RATE_APPLY=$rate_apply "$LWP" serve --db "$url" --listen 127.0.0.1 --port "$port" \
			--threads "$threads" >"$log" 2>&1 &
		lwp_pid=$!
		wait_http "$lwp_pid" "http://127.0.0.1:$port/healthz" 30 && break
		stop_pid "$lwp_pid" || true
		lwp_pid=""
		if [ "$try" = 3 ] || ! grep -q 'Address already in use' "$log"; then
			echo "writes.sh: lwp serve ($backend) did not answer GET /healthz within 30 s; its log:" >&2
			show_log "$log"
			exit 1
		fi
	done
	settle "$backend"

	out=$tmp/wrk-$backend-$n.txt
	wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${duration}s" --latency \
		-s "$here/post_application.lua" "http://127.0.0.1:$port" -- "$SLUG" "$backend$n" \
		>"$out" 2>&1 &
	wrk_pid=$!
	wait "$wrk_pid" || { wrk_pid=""; echo "writes.sh: wrk failed:" >&2; show_log "$out"; exit 1; }
	wrk_pid=""
	if ! kill -0 "$lwp_pid" 2>/dev/null; then
		problems+=("$backend round $n: lwp serve died during the run")
		echo "writes.sh: lwp serve ($backend) died during the run; its log:" >&2
		show_log "$log"
	fi
	stop_pid "$lwp_pid" || status=$?
	lwp_pid=""
	[ "$status" -eq 0 ] || problems+=("$backend round $n: lwp serve exited with status $status")
	parsed=$(parse_wrk "$out") || {
		echo "writes.sh: could not read wrk's output:" >&2
		sed 's/^/    /' "$out" >&2
		exit 1
	}
	read -r secs _ lwp_p99 non2xx sock lwp_created others <<<"$parsed"
	[ "$non2xx" = 0 ] && [ "$sock" = none ] ||
		problems+=("$backend round $n: wrk: $non2xx non-2xx/3xx responses (statuses: $others), socket errors: $sock")
	[ "$others" = none ] || [ "$non2xx" != 0 ] ||
		problems+=("$backend round $n: statuses other than 201: $others")
	if log_problems "$log"; then
		problems+=("$backend round $n: lwp serve logged: $(log_problems_list "$log" |
			sed 's/^[0-9TZ:-]* //' | sort | uniq -c | sort -rn | head -n 3 | tr -s ' ' | tr '\n' ';')")
	fi
	lwp_rows=$(edition_field "$url" applications)
	accepted=$(edition_field "$url" accepted)
	[ "${accepted:-0}" -le 30 ] || problems+=("$backend round $n: $accepted accepted, capacity 30")
	[ "$lwp_created" -ge 1 ] || die "$backend round $n: lwp created no application"
	lwp_apps=$(awk -v c="$lwp_created" -v s="$secs" 'BEGIN { printf "%.1f", c / s }')
}

# run_bare backend n count: the bare loop on a fresh database; sets bare_rate
run_bare() {
	local out
	out=$(new_db "$1" "bare_$2") || exit 1
	settle "$1"
	out=$("$BARE" "$out" "$3" "$SLUG" 2>"$tmp/bare-$1-$2.err") || {
		echo "writes.sh: bare-writes failed:" >&2
		show_log "$tmp/bare-$1-$2.err"
		exit 1
	}
	bare_rate=$(echo "$out" | awk '$1 == "transactions/s" { print $2 }')
}

# The disk decides these figures (one sync per commit) and is shared: a short
# probe of synced 4 KiB writes per second before each round shows how busy.
disk_probe() {
	dd if=/dev/zero of="$tmp/probe" bs=4k count=200 oflag=dsync 2>&1 |
		awk '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s,") s = $(i - 1); printf "%.0f", 200 / s }'
	rm -f "$tmp/probe"
}

# round backend n: odd rounds run lwp first, even rounds the bare loop first
# (for as many transactions as lwp created in the round before), so that a
# drift of the disk's speed does not favour one side.
lwp_created=0
round() {
	local backend=$1 n=$2 order disk
	disk=$(disk_probe)
	if [ $((n % 2)) -eq 1 ]; then
		order="lwp, bare"
		run_lwp "$backend" "$n"
		run_bare "$backend" "$n" "$lwp_created"
	else
		order="bare, lwp"
		run_bare "$backend" "$n" "$lwp_created"
		run_lwp "$backend" "$n"
	fi
	results+=("$backend $n $lwp_apps $lwp_p99 $lwp_created $lwp_rows $bare_rate")
	printf '%-8s round %d (%s; disk %s syncs/s): lwp %7.1f applications/s (%s created, p99 %s ms), bare %7.1f transactions/s\n' \
		"$backend" "$n" "$order" "$disk" "$lwp_apps" "$lwp_created" "$lwp_p99" "$bare_rate"
}

# --- run ------------------------------------------------------------------------------
echo "lwp:  $LWP ($("$LWP" --version 2>/dev/null | head -n 1 || true)), serve --threads $threads," \
	"LWP_RATE_APPLY=$rate_apply"
echo "load: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${duration}s --latency -s bench/post_application.lua" \
	"(a new e-mail address per request), $rounds round(s) per backend on fresh databases"
echo "bare: bench/bare-writes URL N on one connection, N = lwp's 201s in the round (odd rounds:"
echo "      lwp first) or in the round before (even rounds: bare loop first)"
echo "machine: $(nproc) cores shared by wrk, lwp serve and the database (and PostgreSQL's"
echo "         server processes); databases in $tmp ($(df -PT "$tmp" | awk 'NR == 2 { print $2 }'))"
[ -n "$pg_url" ] && echo "postgres: $(psql_q 'SHOW server_version'), fsync $(psql_q 'SHOW fsync')," \
	"synchronous_commit $(psql_q 'SHOW synchronous_commit')"
echo

for backend in $backends; do
	lwp_created=0
	for n in $(seq "$rounds"); do
		round "$backend" "$n"
	done
done

echo
printf '%s\n' "${results[@]}" | awk -v goal="$GOAL_RATIO" '
	{
		b = $1; if (!(b in n)) order[++nb] = b
		n[b]++; lwp[b] += $3; p99[b] += $4; bare[b] += $7
		if (!(b in lo) || $3 / $7 < lo[b]) lo[b] = $3 / $7
		if (!(b in hi) || $3 / $7 > hi[b]) hi[b] = $3 / $7
	}
	END {
		printf "%-9s %16s %12s %18s %7s %13s\n", "backend", "lwp applic./s", "lwp p99 ms", "bare transact./s", "ratio", "ratio range"
		for (i = 1; i <= nb; i++) {
			b = order[i]; r = (lwp[b] / n[b]) / (bare[b] / n[b])
			printf "%-9s %16.1f %12.2f %18.1f %7.2f   %.2f-%.2f  goal >= %.2f: %s\n", b, lwp[b] / n[b],
				p99[b] / n[b], bare[b] / n[b], r, lo[b], hi[b], goal, (r >= goal ? "met" : "not met")
		}
		print "(means over the rounds; ratio = mean lwp applications/s / mean bare transactions/s)"
	}'
if [ ${#problems[@]} -gt 0 ]; then
	echo
	echo "problems:"
	printf '  %s\n' "${problems[@]}"
fi
exit 0
