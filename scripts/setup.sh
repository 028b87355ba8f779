#!/bin/sh
# Install everything lwp needs to build, run and test, from Debian's archive
# and the npm registry only. Idempotent: a second run changes nothing.
set -eu

DEB_PACKAGES="build-essential meson ninja-build pkg-config clang libclang-rt-14-dev
 libevent-dev libsqlite3-dev sqlite3 libsodium-dev libjansson-dev libpq-dev
 libcmocka-dev libcurl4-openssl-dev python3 python3-aiosmtpd nginx-light wrk
 postgresql curl ca-certificates"

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
