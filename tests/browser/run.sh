#!/bin/sh
# The browser suite (accessibility, HTML validity, screenshots, keyboard):
# Debian's Chromium driven by playwright-core against the real `lwp demo`.
# Needs ./scripts/setup.sh (chromium, Java, npm ci) and a built binary:
#   tests/browser/run.sh [LWP_BIN]     (default build/src/cli/lwp)
# Screenshots go to tests/out/screenshots/. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] && LWP_BIN=$1 && export LWP_BIN
fail() { echo "browser: $1" >&2; echo "0 passed, 1 failed"; exit 1; }
[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] && [ -d node_modules/vnu-jar ] \
	|| fail "node_modules is incomplete: run ./scripts/setup.sh (npm ci)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "no Chromium at ${CHROMIUM:-/usr/bin/chromium}: run ./scripts/setup.sh"
command -v java >/dev/null 2>&1 || fail "no java for the Nu HTML checker: run ./scripts/setup.sh"
command -v node >/dev/null 2>&1 || fail "no node: run ./scripts/setup.sh"
exec node tests/browser/run.js
