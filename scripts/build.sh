#!/bin/sh
# Configure (once) and build one of the build directories:
#   build       release with debug info
#   build-asan  AddressSanitizer + UndefinedBehaviorSanitizer, for the tests
#   build-fuzz  clang with libFuzzer instrumentation (tests/fuzz)
set -eu
cd "$(dirname "$0")/.."
dir=${1:-build}
if [ ! -f "$dir/build.ninja" ]; then
	case "$dir" in
	build)
		meson setup "$dir" ;;
	build-asan)
		meson setup "$dir" -Db_sanitize=address,undefined -Db_lundef=false ;;
	build-fuzz)
		CC=clang meson setup "$dir" -Dfuzz=true -Db_lundef=false \
			-Dc_args=-fsanitize=fuzzer-no-link,address,undefined \
			-Dc_link_args=-fsanitize=address,undefined ;;
	*)
		echo "build.sh: unknown build directory $dir" >&2; exit 2 ;;
	esac
fi
ninja -C "$dir"
