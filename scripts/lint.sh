#!/bin/sh
# make lint: the layering check, cppcheck and clang-tidy over src/ (uses
# build/compile_commands.json).
# Left out: implicit widening of int products (sizes here are small and
# checked), and clang-analyzer's va_list check, which misreads va_start in
# clang 14.
set -eu
cd "$(dirname "$0")/.."
# State changes only through a service; write transactions begin in one place.
python3 scripts/check_layers.py .
cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	--inline-suppr --suppress=missingIncludeSystem -I src src
find src -name '*.c' | xargs clang-tidy -p build --quiet \
	-checks='-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,-bugprone-implicit-widening-of-multiplication-result,cert-err34-c,clang-analyzer-*,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,-clang-analyzer-valist.Uninitialized' \
	--warnings-as-errors='*'
