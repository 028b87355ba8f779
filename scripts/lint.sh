#!/bin/sh
# make lint: cppcheck and clang-tidy over src/ (uses build/compile_commands.json).
set -eu
cd "$(dirname "$0")/.."
cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	--inline-suppr --suppress=missingIncludeSystem -I src src
find src -name '*.c' | xargs clang-tidy -p build --quiet \
	-checks='-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,cert-err34-c,clang-analyzer-*,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling' \
	--warnings-as-errors='*'
