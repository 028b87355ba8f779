#!/usr/bin/env bash
# Reads on PostgreSQL: throughput and p99 of the invitation page GET
# /edities/SLUG from lwp serve on a private PostgreSQL (scripts/pg.sh),
#   one:    ONE lwp serve process with --threads 2, loaded by
#           wrk -t2 -c64;
#   two:    TWO lwp serve processes with --threads 1 each, on two ports, each
#           loaded by its own wrk -t1 -c32, both wrk runs at the same time
#           (there is no proxy in front); requests/s is the sum of the two,
#           p99 the larger of the two wrk p99s (wrk cannot merge them);
#   single: ONE lwp serve process with --threads 1, loaded by wrk -t1 -c64:
#           the baseline of issue 11's "four processes read at least 1.8
#           times one process";
#   four:   FOUR lwp serve processes with --threads 1 each, on four ports,
#           four wrk -t1 -c16 at once (sum of requests/s, largest p99).
# Every setup holds 64 connections in all. It prints two/one, four/one and
# four/single; four/single against the goal >= 1.8, per round and for the
# means. For each run it also prints the CPU time the setup's lwp processes
# used per second of the run (in cores, from /proc/PID/stat), the
# requests per such CPU second, and the cores the PostgreSQL server used
# (all its processes). The edition has SEED applications (written by bench/bare-writes) so that its counts
# are not trivially empty. lwp keeps public pages for up to a second per event
# loop, so the plain URL measures mostly that cache; QUERY (below) measures
# the read through PostgreSQL on every request.
#
# usage: bench/reads_pg.sh [BUILD_DIR] [DURATION_SECONDS]
#   BUILD_DIR         meson build directory with src/cli/lwp and
#                     bench/bare-writes (default: build next to bench/)
#   DURATION_SECONDS  length of each measured wrk run (default 10)
# environment:
#   ROUNDS            measured rounds; each is one, two, single, four
#                     in turn (default 2)
#   WARMUP_SECONDS    unmeasured run of each setup first (default 2, 0: none)
#   SEED              applications in the edition (default 100)
#   QUERY             a query string to add to the page's URL, e.g.
#                     QUERY=bench=1: lwp's micro-cache of public pages (1 s
#                     per event loop) does not serve URLs with a query
#                     string, so every request then reads PostgreSQL
#   KEEP_TMP          1: keep the temporary directory (server logs, wrk output)
#
# Only loopback is used. Needs wrk, curl, psql and the PostgreSQL server
# (Debian packages wrk, curl, postgresql). Exit status: 0 when the run
# completed, 1 on a failure, 2 on bad usage.
# shellcheck disable=SC2317  # cleanup and stop_pid are reached through the trap
set -euo pipefail

SLUG=bench-reads
PAGE=/edities/$SLUG${QUERY:+?$QUERY}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build_dir=${1:-$root/build}
duration=${2:-10}
rounds=${ROUNDS:-2}
warmup=${WARMUP_SECONDS:-2}
seed=${SEED:-100}

die() { echo "reads_pg.sh: $*" >&2; exit 1; }

if [ $# -gt 2 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
	sed -n '2,42s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
for v in "$duration" "$rounds" "$warmup" "$seed"; do
	case $v in
	'' | *[!0-9]*) echo "reads_pg.sh: not a whole number: '$v'" >&2; exit 2 ;;
	esac
done
if [ "$duration" -lt 1 ] || [ "$rounds" -lt 1 ]; then
	echo "reads_pg.sh: DURATION_SECONDS and ROUNDS must be >= 1" >&2
	exit 2
fi

LWP=$build_dir/src/cli/lwp
BARE=$build_dir/bench/bare-writes
[ -x "$LWP" ] || die "$LWP not found: build it with 'ninja -C $build_dir'"
[ "$seed" -eq 0 ] || [ -x "$BARE" ] || die "$BARE not found: build it with 'ninja -C $build_dir'"
for tool in wrk curl psql; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found: install the Debian packages wrk, curl and postgresql"
done

# --- temporary directory and clean-up -------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lwp-bench-reads.XXXXXX")
chmod 755 "$tmp"   # the postgres user must reach $tmp/pg when run as root
pg_dir=""
lwp_pids=()
wrk_pids=()

stop_pid() { # pid: SIGTERM, wait up to 10 s, then SIGKILL; returns its status
	local pid=$1 status=0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "reads_pg.sh: pid $pid ignored SIGTERM, sending SIGKILL" >&2
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	wait "$pid" 2>/dev/null || status=$?
	return "$status"
}

cleanup() {
	local status=$? pid
	trap - EXIT INT TERM
	for pid in "${wrk_pids[@]}" "${lwp_pids[@]}"; do
		stop_pid "$pid" || true
	done
	[ -n "$pg_dir" ] && { "$root/scripts/pg.sh" stop "$pg_dir" || true; }
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "reads_pg.sh: kept $tmp" >&2
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
free_port() { # [ports to avoid...]
	local p low q taken
	low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
	[ "$low" -gt 11000 ] || low=60000
	for _ in $(seq 200); do
		p=$((10000 + RANDOM % (low - 10000)))
		taken=0
		for q in "$@"; do [ "$p" = "$q" ] && taken=1; done
		[ "$taken" = 1 ] && continue
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

# --- database ---------------------------------------------------------------------
# A few tries, since another program may take the port between probe and start.
pg_dir=$tmp/pg
url=""
for _ in 1 2 3; do
	pg_port=$(free_port) || die "no free loopback port found"
	url=$("$root/scripts/pg.sh" start "$pg_dir" "$pg_port") && break
	sleep 1
done
if [ -z "$url" ]; then
	echo "reads_pg.sh: scripts/pg.sh start failed; the server log:" >&2
	show_log "$pg_dir/server.log"
	exit 1
fi
{
	"$LWP" init --db "$url" &&
		"$LWP" edition create --db "$url" --slug "$SLUG" --title "Bench reads" \
			--capacity 30 --deadline "2035-01-01 12:00" --policy fcfs --org-cap 0 \
			--fee 1500 --publish &&
		if [ "$seed" -gt 0 ]; then "$BARE" "$url" "$seed" "$SLUG"; fi
} >"$tmp/init.log" 2>&1 || { echo "reads_pg.sh: creating the database failed:" >&2; show_log "$tmp/init.log"; exit 1; }
psql "$url" -qc "VACUUM ANALYZE" >/dev/null

# --- servers ----------------------------------------------------------------------
# start_lwp name threads: start lwp serve on a free port (a new one if another
# program took it first); its pid goes into lwp_pids, its port into lwp_ports
start_lwp() {
	local port pid try
	for try in 1 2 3; do
		port=$(free_port "$pg_port" "${lwp_ports[@]}") || die "no free loopback port found"
		"$LWP" serve --db "$url" --listen 127.0.0.1 --port "$port" --threads "$2" \
			>"$tmp/serve-$1.log" 2>&1 &
		pid=$!
		wait_http "$pid" "http://127.0.0.1:$port/healthz" 30 && break
		stop_pid "$pid" || true
		if [ "$try" = 3 ] || ! grep -q 'Address already in use' "$tmp/serve-$1.log"; then
			echo "reads_pg.sh: lwp serve ($1) did not answer GET /healthz within 30 s; its log:" >&2
			show_log "$tmp/serve-$1.log"
			exit 1
		fi
	done
	lwp_pids+=("$pid")
	lwp_ports+=("$port")
	[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port$PAGE")" = 200 ] ||
		die "lwp serve ($1) does not answer GET $PAGE with 200"
}

# The setups: their servers (name:threads) and the wrk of each server (threads
# connections); every setup holds 64 connections in all.
SETUPS="one two single four"
declare -A setup_servers=(
	[one]="one:2" [two]="two-a:1 two-b:1" [single]="single:1"
	[four]="four-a:1 four-b:1 four-c:1 four-d:1")
declare -A setup_wrk=([one]="2 64" [two]="1 32" [single]="1 64" [four]="1 16")
declare -A server_port=() server_pid=()
server_names=()
lwp_ports=()
for setup in $SETUPS; do
	for spec in ${setup_servers[$setup]}; do
		start_lwp "${spec%%:*}" "${spec##*:}"
		server_names+=("${spec%%:*}")
		server_pid[${spec%%:*}]=${lwp_pids[-1]}
		server_port[${spec%%:*}]=${lwp_ports[-1]}
	done
done
body_bytes=$(curl -s --max-time 5 "http://127.0.0.1:${server_port[one]}$PAGE" | wc -c | tr -d ' ')

# --- load -------------------------------------------------------------------------
# run_wrk threads connections seconds url outfile: in the background; pid in wrk_pids
run_wrk() {
	wrk -t"$1" -c"$2" -d"$3"s --latency "$4" >"$5" 2>&1 &
	wrk_pids+=("$!")
}

wait_wrk() {
	local pid
	for pid in "${wrk_pids[@]}"; do
		wait "$pid" || die "wrk failed (see $tmp/wrk-*.txt with KEEP_TMP=1)"
	done
	wrk_pids=()
}

# parse_wrk file: "rps p99_ms non2xx socket_errors"
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
	/^Requests\/sec:/ { rps = $2 }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx or 3xx responses:/ { non2xx = $NF }
	/Socket errors:/ { line = $0; sub(/^ *Socket errors: */, "", line); gsub(/ /, "", line); sock = line }
	END {
		if (rps == "" || p99 == "") exit 1
		printf "%s %.2f %d %s\n", rps, p99, non2xx + 0, (sock == "" ? "none" : sock)
	}' "$1"
}

# check_wrk label file: parse into wrk_rps and wrk_p99; note non-2xx and
# socket errors in $tmp/problems
check_wrk() {
	local parsed non2xx sock
	parsed=$(parse_wrk "$2") || { echo "reads_pg.sh: could not read wrk's output:" >&2; sed 's/^/    /' "$2" >&2; exit 1; }
	read -r wrk_rps wrk_p99 non2xx sock <<<"$parsed"
	if [ "$non2xx" != 0 ] || [ "$sock" != none ]; then
		echo "reads_pg.sh: $1: $non2xx non-2xx/3xx responses, socket errors: $sock" >&2
		echo "$1: $non2xx non-2xx/3xx responses, socket errors: $sock" >>"$tmp/problems"
	fi
}

check_alive() {
	local name
	for name in "${server_names[@]}"; do
		kill -0 "${server_pid[$name]}" 2>/dev/null ||
			die "lwp serve ($name) died during the run; its log: $(tail -n 5 "$tmp/serve-$name.log")"
	done
}

# cpu_ticks pid: user + system clock ticks of all the process's threads so far
cpu_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# pg_ticks: clock ticks of the PostgreSQL server so far: the postmaster and
# its children (one backend per lwp connection, checkpointer, ...); a backend
# that ends between two calls takes its ticks along, none does here
pg_ticks() {
	local master t child
	master=$(head -n 1 "$pg_dir/data/postmaster.pid" 2>/dev/null) || { echo 0; return 0; }
	t=$(cpu_ticks "$master")
	for child in $(pgrep -P "$master" || true); do
		t=$((t + $(cpu_ticks "$child")))
	done
	echo "$t"
}

# measure setup seconds tag: all the setup's wrk runs at once; sets measured to
# "rps p99 lwp_cores pg_cores rps_1 p99_1 ... rps_n p99_n" (sum of requests/s,
# the largest p99, CPU seconds of the setup's lwp processes and of PostgreSQL
# per second, then per process)
measure() {
	local setup=$1 spec name wt wc before=0 after=0 pg_before pg_after per="" sum max
	read -r wt wc <<<"${setup_wrk[$setup]}"
	pg_before=$(pg_ticks)
	for spec in ${setup_servers[$setup]}; do
		before=$((before + $(cpu_ticks "${server_pid[${spec%%:*}]}")))
	done
	for spec in ${setup_servers[$setup]}; do
		name=${spec%%:*}
		run_wrk "$wt" "$wc" "$2" "http://127.0.0.1:${server_port[$name]}$PAGE" "$tmp/wrk-$name-$3.txt"
	done
	wait_wrk
	pg_after=$(pg_ticks)
	for spec in ${setup_servers[$setup]}; do
		after=$((after + $(cpu_ticks "${server_pid[${spec%%:*}]}")))
	done
	check_alive
	for spec in ${setup_servers[$setup]}; do
		name=${spec%%:*}
		check_wrk "$name, $3" "$tmp/wrk-$name-$3.txt"
		per="$per $wrk_rps $wrk_p99"
	done
	read -r sum max <<<"$(echo "$per" | awk '{ for (i = 1; i < NF; i += 2) { s += $i; if ($(i + 1) > m) m = $(i + 1) } printf "%.2f %.2f", s, m }')"
	measured="$sum $max $(awk -v t=$((after - before)) -v p=$((pg_after - pg_before)) \
		-v hz="$(getconf CLK_TCK)" -v d="$2" 'BEGIN { printf "%.2f %.2f", t / hz / d, p / hz / d }')$per"
}

echo "lwp:   $LWP ($("$LWP" --version 2>/dev/null | head -n 1 || true)) on PostgreSQL" \
	"$(psql "$url" -tAc 'SHOW server_version' | cut -d' ' -f1), private server on 127.0.0.1"
echo "page:  GET $PAGE ($body_bytes bytes; edition with $seed applications)"
echo "one:    1 lwp serve --threads 2;   wrk -t2 -c64 -d${duration}s --latency"
echo "two:    2 lwp serve --threads 1;   2 x wrk -t1 -c32 -d${duration}s --latency at once, one per process"
echo "single: 1 lwp serve --threads 1;   wrk -t1 -c64 -d${duration}s --latency"
echo "four:   4 lwp serve --threads 1;   4 x wrk -t1 -c16 -d${duration}s --latency at once, one per process"
echo "        requests/s = sum, p99 = the largest p99 of the wrk runs; lwp cores = CPU s of the"
echo "        setup's lwp processes per s of the run; req/CPU s = requests per CPU s of lwp;"
echo "        pg cores = CPU s of the PostgreSQL server per s of the run"
echo "$rounds round(s) of one, two, single, four (warm-up ${warmup}s each, not counted);" \
	"$(nproc) cores shared by wrk, lwp and PostgreSQL; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo

if [ "$warmup" -gt 0 ]; then
	for setup in $SETUPS; do measure "$setup" "$warmup" warmup; done
	rm -f "$tmp/problems"   # count only the measured runs
fi

results=()
measured=""
wrk_rps=""
wrk_p99=""
for r in $(seq "$rounds"); do
	for setup in $SETUPS; do
		measure "$setup" "$duration" "$r"
		results+=("$setup $r $measured")
	done
done

# Goal of issue 11: four processes read at least GOAL times one process.
printf '%s\n' "${results[@]}" | awk -v goal=1.8 '
	function verdict(x) { return x >= goal ? "met" : "not met" }
	function per_cpu(r, c) { return c > 0 ? sprintf("%.0f", r / c) : "-" }
	{
		s = $1; n[s]++; rps[s] += $3; p99[s] += $4; cores[s] += $5; pg[s] += $6
		r_rps[s, $2] = $3; rounds[$2] = 1
		row[NR] = sprintf("%-6s %5s %12.0f %9.2f %9.2f %10s %8.2f", s, $2, $3, $4, $5, per_cpu($3, $5), $6)
		if (NF > 8) {
			per = ""
			for (i = 7; i < NF; i += 2) per = per sprintf("%s%.0f (%.1f ms)", per == "" ? "" : ", ", $i, $(i + 1))
			row[NR] = row[NR] "   per process: " per
		}
	}
	END {
		printf "%-6s %5s %12s %9s %9s %10s %8s\n", "setup", "round", "requests/s", "p99 ms", "lwp cores", "req/CPU s", "pg cores"
		for (i = 1; i <= NR; i++) print row[i]
		split("one two single four", order, " ")
		for (k = 1; k <= 4; k++) {
			s = order[k]
			printf "%-6s %5s %12.0f %9.2f %9.2f %10s %8.2f\n", s, "mean", rps[s] / n[s], p99[s] / n[s], cores[s] / n[s],
				per_cpu(rps[s], cores[s]), pg[s] / n[s]
		}
		printf "\n%-6s %9s %9s %12s\n", "round", "two/one", "four/one", "four/single"
		for (r = 1; r in rounds; r++)
			printf "%-6s %9.2f %9.2f %12.2f   goal >= %.1f: %s\n", r, r_rps["two", r] / r_rps["one", r],
				r_rps["four", r] / r_rps["one", r], r_rps["four", r] / r_rps["single", r],
				goal, verdict(r_rps["four", r] / r_rps["single", r])
		m1 = rps["one"] / n["one"]; m2 = rps["two"] / n["two"]
		ms = rps["single"] / n["single"]; m4 = rps["four"] / n["four"]
		printf "\ntwo/one requests/s: %.2f\n", m2 / m1
		printf "four/one requests/s: %.2f\n", m4 / m1
		printf "four/single requests/s: %.2f (four processes over one process; goal >= %.1f: %s)\n",
			m4 / ms, goal, verdict(m4 / ms)
	}'

for name in "${server_names[@]}"; do
	status=0
	stop_pid "${server_pid[$name]}" || status=$?
	[ "$status" -eq 0 ] || echo "lwp serve ($name) exited with status $status" >>"$tmp/problems"
	if log_problems "$tmp/serve-$name.log"; then
		echo "lwp serve ($name) logged: $(log_problems_list "$tmp/serve-$name.log" |
			sed 's/^[0-9TZ:-]* //' | sort | uniq -c | sort -rn | head -n 3 | tr -s ' ' | tr '\n' ';')" >>"$tmp/problems"
	fi
done
lwp_pids=()
if [ -s "$tmp/problems" ]; then
	echo
	echo "problems:"
	sed 's/^/  /' "$tmp/problems"
fi
exit 0
