#!/usr/bin/env bash
# Long work and the event loops: the invitation page's p99 latency while a
# lead views the selection of 2,000 applicants and a client signs in with
# a password, against the same page alone; see bench/loop_block.py (which
# does the work) and bench/README.md.
#
# usage: bench/loop_block.sh [BUILD_DIR] [DURATION_SECONDS]
# environment: APPLICANTS, ROUNDS, REFERENCE_BIN (see bench/loop_block.py)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] || [ $# -gt 2 ]; then
	sed -n '2,9s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
command -v wrk >/dev/null 2>&1 || { echo "loop_block.sh: wrk not found: install the Debian package wrk" >&2; exit 1; }
exec python3 "$here/loop_block.py" "$@"
