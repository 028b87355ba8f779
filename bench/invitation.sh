#!/usr/bin/env bash
# Invitation page vs nginx: serve the demo invitation page from lwp and the
# very same bytes as a static file from nginx, load both with wrk (2 threads,
# 64 connections) in the same run and compare requests/s and p99 latency.
#
# usage: bench/invitation.sh [BUILD_DIR] [DURATION_SECONDS]
#   BUILD_DIR         meson build directory with src/cli/lwp (default: build
#                     next to this bench/ directory)
#   DURATION_SECONDS  length of each measured wrk run (default 10)
# environment:
#   ROUNDS            measured rounds; each round is lwp then nginx (default 2)
#   WARMUP_SECONDS    unmeasured wrk run against each server first (default 2,
#                     0 to skip)
#
# Only loopback (127.0.0.1) is used. Needs the Debian packages nginx-light
# (/usr/sbin/nginx), wrk and curl; scripts/setup.sh installs them.
# Exit status: 0 when the run completed (whether or not the goal is met),
# 1 on a setup failure, 2 on a usage error.
# shellcheck disable=SC2317  # cleanup and stop_pid are reached through the trap
set -euo pipefail

GOAL_RATIO=0.60   # lwp requests/s at least this fraction of nginx's
GOAL_P99_MS=10    # lwp p99 latency under this many milliseconds
PAGE_PATH=/edities/leerwerkplaats-2018
THREADS=2
CONNECTIONS=64

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir=${1:-$here/../build}
duration=${2:-10}
rounds=${ROUNDS:-2}
warmup=${WARMUP_SECONDS:-2}

die() { echo "invitation.sh: $*" >&2; exit 1; }

if [ $# -gt 2 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
	sed -n '2,18s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
for v in "$duration" "$rounds" "$warmup"; do
	case $v in
	'' | *[!0-9]*) echo "invitation.sh: not a whole number: '$v'" >&2; exit 2 ;;
	esac
done
if [ "$duration" -lt 1 ] || [ "$rounds" -lt 1 ]; then
	echo "invitation.sh: DURATION_SECONDS and ROUNDS must be >= 1" >&2
	exit 2
fi

# --- tools ------------------------------------------------------------------
NGINX=/usr/sbin/nginx
[ -x "$NGINX" ] || NGINX=$(command -v nginx 2>/dev/null || true)
[ -x "${NGINX:-/nonexistent}" ] || die "nginx not found: install the Debian package nginx-light (scripts/setup.sh)"
command -v wrk >/dev/null 2>&1 || die "wrk not found: install the Debian package wrk (scripts/setup.sh)"
command -v curl >/dev/null 2>&1 || die "curl not found: install the Debian package curl (scripts/setup.sh)"
command -v cmp >/dev/null 2>&1 || die "cmp not found: install the Debian package diffutils"
LWP=$build_dir/src/cli/lwp
[ -x "$LWP" ] || die "$LWP not found: build it with 'ninja -C $build_dir'"
[ -r "$here/nginx.conf.in" ] || die "$here/nginx.conf.in is missing"

# --- temporary directory and clean-up -----------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lwp-bench-invitation.XXXXXX")
lwp_pid=""
nginx_pid=""
wrk_pid=""

stop_pid() { # pid: SIGTERM, wait up to 5 s, then SIGKILL
	local pid=$1
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "invitation.sh: pid $pid ignored SIGTERM, sending SIGKILL" >&2
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local status=$? kids=""
	trap - EXIT INT TERM
	[ -n "$wrk_pid" ] && stop_pid "$wrk_pid"
	if [ -n "$nginx_pid" ]; then
		kids=$(pgrep -P "$nginx_pid" 2>/dev/null || true)   # nginx workers
		stop_pid "$nginx_pid"
		for k in $kids; do stop_pid "$k"; done
	fi
	[ -n "$lwp_pid" ] && stop_pid "$lwp_pid"
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port nobody listens on (probed with bash's /dev/tcp).
free_port() {
	local p
	for _ in $(seq 200); do
		p=$((20000 + RANDOM % 40000))
		[ "$p" = "${1:-}" ] && continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

show_log() { # file: last lines, indented
	[ -s "$1" ] && tail -n 20 "$1" | sed 's/^/    /' >&2
	return 0
}

# wait_http pid url seconds: poll url until it answers 200, while pid lives
wait_http() {
	local pid=$1 url=$2 secs=$3
	for _ in $(seq $((secs * 10))); do
		kill -0 "$pid" 2>/dev/null || return 2
		if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null)" = 200 ]; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# --- lwp --------------------------------------------------------------------
lwp_port=$(free_port) || die "no free loopback port found"
"$LWP" demo --db "$tmp/lwp-demo.db" --listen 127.0.0.1 --port "$lwp_port" \
	>"$tmp/lwp.log" 2>&1 &
lwp_pid=$!
if ! wait_http "$lwp_pid" "http://127.0.0.1:$lwp_port/healthz" 30; then
	echo "invitation.sh: lwp did not answer GET /healthz with 200 within 30 s; its log:" >&2
	show_log "$tmp/lwp.log"
	exit 1
fi
lwp_url=http://127.0.0.1:$lwp_port$PAGE_PATH

# --- the static copy ------------------------------------------------------------
root=$tmp/www
mkdir -p "$root${PAGE_PATH%/*}" "$tmp/nginx/tmp"
page=$root$PAGE_PATH
curl -sS --fail --max-time 10 -D "$tmp/lwp.headers" -o "$page" "$lwp_url" ||
	die "GET $lwp_url from lwp failed"
[ -s "$page" ] || die "lwp answered $PAGE_PATH with an empty body"
tr -d '\r' <"$tmp/lwp.headers" >"$tmp/lwp.headers.txt"
content_type=$(sed -n 's/^[Cc]ontent-[Tt]ype: *//p' "$tmp/lwp.headers.txt" | head -n 1)
[ -n "$content_type" ] || content_type=text/html

# lwp's other response headers become add_header lines, so both servers send
# about the same number of bytes; framing headers and those nginx sets itself
# are left out, and so is anything nginx's config syntax would not take as is.
: >"$tmp/extra_headers"
while IFS= read -r line; do
	case $line in
	HTTP/* | '') continue ;;
	esac
	name=${line%%:*}
	value=${line#*:}
	value=${value# }
	case $(printf '%s' "$name" | tr '[:upper:]' '[:lower:]') in
	date | server | content-type | content-length | connection | keep-alive | transfer-encoding) continue ;;
	esac
	# shellcheck disable=SC1003  # a literal backslash
	case $name$value in
	*'"'* | *'\'* | *'$'* | *'{'* | *'}'*)
		echo "invitation.sh: note: header '$name' not copied to nginx" >&2
		continue
		;;
	esac
	printf '\t\t\tadd_header %s "%s" always;\n' "$name" "$value" >>"$tmp/extra_headers"
done <"$tmp/lwp.headers.txt"

# --- nginx ------------------------------------------------------------------
nginx_port=$(free_port "$lwp_port") || die "no free loopback port found"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"   # workers must read the 0700 temp dir
awk -v prefix="$tmp/nginx" -v root="$root" -v port="$nginx_port" \
	-v workers=2 -v user_line="$user_line" -v ctype="$content_type" \
	-v headers_file="$tmp/extra_headers" '
	function subst(s, token, value,    i, out) {
		out = ""
		while ((i = index(s, token)) > 0) {
			out = out substr(s, 1, i - 1) value
			s = substr(s, i + length(token))
		}
		return out s
	}
	BEGIN {
		headers = ""
		while ((getline l < headers_file) > 0) headers = headers (headers == "" ? "" : "\n") l
	}
	/^@EXTRA_HEADERS@$/ { if (headers != "") print headers; next }
	{
		$0 = subst($0, "@PREFIX@", prefix)
		$0 = subst($0, "@ROOT@", root)
		$0 = subst($0, "@PORT@", port)
		$0 = subst($0, "@WORKERS@", workers)
		$0 = subst($0, "@USER_LINE@", user_line)
		$0 = subst($0, "@CONTENT_TYPE@", ctype)
		print
	}' "$here/nginx.conf.in" >"$tmp/nginx/nginx.conf"

"$NGINX" -t -q -p "$tmp/nginx/" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
	>"$tmp/nginx-test.log" 2>&1 || {
	echo "invitation.sh: nginx rejected the generated configuration:" >&2
	show_log "$tmp/nginx-test.log"
	show_log "$tmp/nginx/error.log"
	exit 1
}
"$NGINX" -p "$tmp/nginx/" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
	>"$tmp/nginx.out" 2>&1 &
nginx_pid=$!
nginx_url=http://127.0.0.1:$nginx_port$PAGE_PATH
if ! wait_http "$nginx_pid" "$nginx_url" 10; then
	echo "invitation.sh: nginx did not serve $PAGE_PATH with 200 within 10 s:" >&2
	show_log "$tmp/nginx.out"
	show_log "$tmp/nginx/error.log"
	exit 1
fi

# --- same bytes? --------------------------------------------------------------
curl -sS --fail --max-time 10 -D "$tmp/nginx.headers" -o "$tmp/nginx.body" "$nginx_url" ||
	die "GET $nginx_url from nginx failed"
curl -sS --fail --max-time 10 -o "$tmp/lwp.body2" "$lwp_url" ||
	die "second GET $lwp_url from lwp failed"
bodies_identical=yes
if ! cmp -s "$page" "$tmp/nginx.body"; then
	bodies_identical=no
	echo "invitation.sh: WARNING: nginx's body differs from lwp's: $(cmp "$page" "$tmp/nginx.body" 2>&1 || true)" >&2
fi
if ! cmp -s "$page" "$tmp/lwp.body2"; then
	bodies_identical=no
	echo "invitation.sh: WARNING: lwp's page changes between requests: $(cmp "$page" "$tmp/lwp.body2" 2>&1 || true)" >&2
fi
body_bytes=$(wc -c <"$page" | tr -d ' ')
lwp_hdr_bytes=$(wc -c <"$tmp/lwp.headers" | tr -d ' ')
nginx_hdr_bytes=$(wc -c <"$tmp/nginx.headers" | tr -d ' ')

# --- load ---------------------------------------------------------------------
# run_wrk name url seconds outfile
run_wrk() {
	# In the background and waited for, so that SIGINT/SIGTERM reach the
	# trap at once instead of after wrk's run.
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3"s --latency "$2" >"$4" 2>&1 &
	wrk_pid=$!
	wait "$wrk_pid" || {
		wrk_pid=""
		echo "invitation.sh: wrk against $1 failed:" >&2
		show_log "$4"
		exit 1
	}
	wrk_pid=""
}

# parse_wrk file: prints "requests_per_s p99_ms non2xx socket_errors"
parse_wrk() {
	awk '
	function ms(v,    n, u) {
		n = v + 0
		u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") return n / 1000
		if (u == "ms") return n
		if (u == "s")  return n * 1000
		if (u == "m")  return n * 60000
		if (u == "h")  return n * 3600000
		return -1
	}
	/^Requests\/sec:/ { rps = $2 }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx or 3xx responses:/ { non2xx = $NF }
	/Socket errors:/ {
		line = $0; sub(/^ *Socket errors: */, "", line); gsub(/ /, "", line)
		sock = line
	}
	END {
		if (rps == "" || p99 == "") exit 1
		printf "%s %.3f %d %s\n", rps, p99, non2xx + 0, (sock == "" ? "none" : sock)
	}' "$1"
}

alive() { # name pid
	kill -0 "$2" 2>/dev/null && return 0
	echo "invitation.sh: $1 (pid $2) died during the run; its log:" >&2
	if [ "$1" = lwp ]; then show_log "$tmp/lwp.log"; else show_log "$tmp/nginx/error.log"; fi
	exit 1
}

echo "lwp:   $lwp_url (pid $lwp_pid, $("$LWP" --version 2>/dev/null | head -n 1 || true))"
echo "nginx: $nginx_url (pid $nginx_pid, $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), 2 workers)"
echo "body: $body_bytes bytes, identical: $bodies_identical;" \
	"response headers: lwp $lwp_hdr_bytes bytes, nginx $nginx_hdr_bytes bytes"
echo "wrk -t$THREADS -c$CONNECTIONS -d${duration}s --latency, $rounds round(s) of lwp then nginx" \
	"(warm-up ${warmup}s each, not counted); $(nproc) cores shared by wrk and the server"
echo

if [ "$warmup" -gt 0 ]; then
	run_wrk lwp "$lwp_url" "$warmup" "$tmp/warmup-lwp.txt"
	alive lwp "$lwp_pid"
	run_wrk nginx "$nginx_url" "$warmup" "$tmp/warmup-nginx.txt"
	alive nginx "$nginx_pid"
fi

results=()   # "server round rps p99 non2xx sockerr"
problems=0
for r in $(seq "$rounds"); do
	for s in lwp nginx; do
		if [ "$s" = lwp ]; then url=$lwp_url pid=$lwp_pid; else url=$nginx_url pid=$nginx_pid; fi
		out=$tmp/wrk-$s-$r.txt
		run_wrk "$s" "$url" "$duration" "$out"
		alive "$s" "$pid"
		parsed=$(parse_wrk "$out") || {
			echo "invitation.sh: could not read Requests/sec and the 99% line from wrk's output:" >&2
			sed 's/^/    /' "$out" >&2
			exit 1
		}
		results+=("$s $r $parsed")
		read -r _ _ n2xx sock <<<"$parsed"
		if [ "$n2xx" != 0 ] || [ "$sock" != none ]; then
			problems=1
			echo "invitation.sh: $s round $r: non-2xx/3xx responses: $n2xx, socket errors: $sock" >&2
		fi
	done
done

# --- report -------------------------------------------------------------------
printf '%s\n' "${results[@]}" | awk -v goal_ratio="$GOAL_RATIO" -v goal_p99="$GOAL_P99_MS" '
	{
		s = $1; n[s]++; rps[s] += $3; p99[s] += $4
		if (!(s in best) || $3 > best[s]) best[s] = $3
		row[NR] = sprintf("%-8s %5s %12.0f %9.2f %8d  %s", s, $2, $3, $4, $5, $6)
	}
	END {
		printf "%-8s %5s %12s %9s %8s  %s\n", "server", "round", "requests/s", "p99 ms", "non-2xx", "socket errors"
		for (i = 1; i <= NR; i++) print row[i]
		printf "%-8s %5s %12.0f %9.2f\n", "lwp", "mean", rps["lwp"] / n["lwp"], p99["lwp"] / n["lwp"]
		printf "%-8s %5s %12.0f %9.2f\n", "nginx", "mean", rps["nginx"] / n["nginx"], p99["nginx"] / n["nginx"]
		ratio = (rps["lwp"] / n["lwp"]) / (rps["nginx"] / n["nginx"])
		lp99 = p99["lwp"] / n["lwp"]
		print ""
		printf "ratio lwp/nginx requests/s: %.2f (means over the rounds)\n", ratio
		met = (ratio >= goal_ratio && lp99 < goal_p99) ? "met" : "not met"
		printf "goal: >= %.2f ratio, p99 < %g ms: %s (ratio %.3f, lwp p99 %.2f ms)\n", goal_ratio, goal_p99, met, ratio, lp99
	}'

if [ "$bodies_identical" != yes ]; then
	echo "note: the bodies were not identical (see the warnings above)"
fi
if [ "$problems" -ne 0 ]; then
	echo "note: wrk reported non-2xx/3xx responses or socket errors (see above)"
fi
if grep -qiE '\b(error|crit|alert|emerg)\b' "$tmp/lwp.log"; then
	echo "note: lwp logged errors during the run:"
	grep -iE '\b(error|crit|alert|emerg)\b' "$tmp/lwp.log" | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/    /'
fi
exit 0
