#!/bin/sh
# A private PostgreSQL server for tests and benchmarks, on loopback only.
#   scripts/pg.sh start DIR PORT   initdb (once) and start; prints the URL
#   scripts/pg.sh stop DIR         stop it
#   scripts/pg.sh restart DIR      fast restart (for recovery tests)
# As root the server runs as the 'postgres' user, which initdb requires.
set -eu
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg.sh: PostgreSQL server not installed (package postgresql)" >&2; exit 1; }

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: pg.sh start|stop|restart DIR [PORT]" >&2; exit 2; }

case "$cmd" in
start)
	port=${3:?port}
	mkdir -p "$dir"
	[ "$(id -u)" -ne 0 ] || chown postgres "$dir"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
			--locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
	fi
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
	as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
		"SELECT 1 FROM pg_database WHERE datname = 'lwp'" | grep -q 1 ||
		as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres lwp
	echo "postgres://postgres@127.0.0.1:$port/lwp"
	;;
stop)
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
restart)
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w restart >/dev/null
	;;
*)
	echo "usage: pg.sh start|stop|restart DIR [PORT]" >&2; exit 2 ;;
esac
