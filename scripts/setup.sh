#!/bin/sh
# Install everything lwp needs to build, run and test, from Debian's archive
# and the npm registry only. Idempotent: a second run changes nothing.
set -eu

DEB_PACKAGES="build-essential meson ninja-build pkg-config clang libclang-rt-14-dev
 libevent-dev libsqlite3-dev sqlite3 libsodium-dev libjansson-dev libpq-dev
 libcmocka-dev libunistring-dev libical-dev libstemmer-dev libcurl4-openssl-dev python3 python3-aiosmtpd nginx-light wrk glpk-utils
 postgresql curl ca-certificates"
# TOTP on liboath (OATH Toolkit), Markdown of edition descriptions on cmark.
DEB_PACKAGES="$DEB_PACKAGES liboath-dev libcmark-dev"
# The network: its map laid out by Graphviz, the CSV import on libcsv, the
# figures checked against networkx in the tests.
DEB_PACKAGES="$DEB_PACKAGES libgraphviz-dev graphviz libcsv-dev python3-networkx"
# CSV import of applications (lwp import applications) on libcsv.
DEB_PACKAGES="$DEB_PACKAGES libcsv-dev"
# XLSX reports (lwp export) on libxlsxwriter; the tests open them with openpyxl.
DEB_PACKAGES="$DEB_PACKAGES libxlsxwriter-dev python3-openpyxl"
# test_reports opens the Dutch CSV in LibreOffice (headless) to check its columns.
DEB_PACKAGES="$DEB_PACKAGES libreoffice-calc-nogui"

# The invoice tests run the receiver's UBL validator (../shared/validation/ubl):
# xmllint for the schema, Saxon-HE for the EN 16931 and SI-UBL rules (Java below).
DEB_PACKAGES="$DEB_PACKAGES libxml2-utils libsaxonhe-java"
# The cost overview as XLSX.
DEB_PACKAGES="$DEB_PACKAGES libxlsxwriter-dev"

# Browser tests: Debian's Chromium, Java for the Nu HTML checker (vnu-jar),
# fonts for the screenshots; Node.js and npm only where the machine has none.
DEB_PACKAGES="$DEB_PACKAGES chromium default-jre-headless fonts-liberation fonts-dejavu-core"
command -v node >/dev/null 2>&1 || DEB_PACKAGES="$DEB_PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || DEB_PACKAGES="$DEB_PACKAGES npm"

missing=""
for p in $DEB_PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	echo "setup: installing$missing" >&2
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi

# npm packages of package-lock.json: the NL Design System CSS that the build
# embeds, and the browser-test tools. `npm ci` runs again only when the lock
# file changed; no install scripts run (none is needed).
cd "$(dirname "$0")/.."
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lwp-lock-sum 2>/dev/null || true)" != "$lock_sum" ]; then
	echo "setup: npm ci" >&2
	npm ci --ignore-scripts --no-audit --no-fund
	echo "$lock_sum" >node_modules/.lwp-lock-sum
fi
