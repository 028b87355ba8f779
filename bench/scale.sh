#!/usr/bin/env bash
# Speed as the data grows: editions of 200, 2,000 and 20,000 applications,
# and the keep-alive benchmark; see bench/scale.py (which does the work)
# and bench/README.md.
#
# usage: bench/scale.sh [BUILD_DIR] [DURATION_SECONDS]
# environment: SIZES, REPEAT, ROUNDS_KA, ROUNDS_W, LWP_TEST_BACKEND (see bench/scale.py)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] || [ $# -gt 2 ]; then
	sed -n '2,7s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
command -v wrk >/dev/null 2>&1 || { echo "scale.sh: wrk not found: install the Debian package wrk" >&2; exit 1; }
exec python3 "$here/scale.py" "$@"
