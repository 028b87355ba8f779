#!/usr/bin/env python3
"""Run the HTTP integration tests of lwp.

    python3 tests/http/run.py [--bin PATH] [-k SUBSTRING ...] [-v]

--bin (or the environment variable LWP_BIN) names the lwp binary; default
build/src/cli/lwp in the repository. Every failure is printed; the last line
is exactly "N passed, N failed". A skipped test counts as failed (a missing
prerequisite is a failure). Exit status 0 only when nothing failed.
"""

import argparse
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


def filtered(suite, patterns):
    """A suite with only the tests whose id contains one of the patterns;
    class fixtures still run once per class because tests stay grouped."""
    if not patterns:
        return suite
    out = unittest.TestSuite()
    for t in iter_tests(suite):
        if any(p in t.id() for p in patterns):
            out.addTest(t)
    return out


class TimedResult(unittest.TextTestResult):
    """Also adds up the time per test class, its class fixture included: the
    time since the previous test ended goes to the test that ends now."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.per_class = {}
        self._last = time.monotonic()

    def stopTest(self, test):
        super().stopTest(test)
        now = time.monotonic()
        name = type(test).__module__ + "." + type(test).__name__
        self.per_class[name] = self.per_class.get(name, 0.0) + now - self._last
        self._last = now


def print_slowest(per_class, n=12):
    print("slowest test classes:")
    for name, seconds in sorted(per_class.items(), key=lambda kv: -kv[1])[:n]:
        print("  %7.1f s  %s" % (seconds, name))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", help="lwp binary (default $LWP_BIN or build/src/cli/lwp)")
    ap.add_argument("-k", action="append", default=[], metavar="SUBSTRING",
                    help="run only tests whose id contains SUBSTRING (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per test")
    args = ap.parse_args()
    if args.bin:
        os.environ["LWP_BIN"] = os.path.abspath(args.bin)

    sys.path.insert(0, HERE)
    import harness  # noqa: E402  (after sys.path is set)

    binary = harness.lwp_bin()
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print("FAIL: lwp binary not found or not executable: %s" % binary)
        print("0 passed, 1 failed")
        return 1

    loader = unittest.TestLoader()
    suite = filtered(loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE), args.k)
    # an import error becomes a test that fails when run (counted below)

    all_ids = {t.id() for t in iter_tests(suite)}
    started = time.monotonic()
    result = TimedResult(
        unittest.runner._WritelnDecorator(sys.stdout), True, 2 if args.verbose else 1)
    result.failfast = False
    suite.run(result)
    elapsed = time.monotonic() - started
    print()

    problems = []
    for kind, entries in (("FAIL", result.failures), ("ERROR", result.errors)):
        for test, tb in entries:
            problems.append((kind, test, tb))
    for test, reason in result.skipped:
        problems.append(("SKIPPED (not allowed)", test, reason + "\n"))
    for test in result.unexpectedSuccesses:
        problems.append(("UNEXPECTED SUCCESS", test, "\n"))
    for test, tb in result.expectedFailures:
        problems.append(("EXPECTED FAILURE (not allowed)", test, tb))
    for kind, test, text in problems:
        print("=" * 70)
        print("%s: %s" % (kind, test))
        print("-" * 70)
        print(text, end="")
    failed_tests = set()
    for _kind, test, _text in problems:
        case = getattr(test, "test_case", test)     # a subTest names its test
        if case is not None and case.id() in all_ids:
            failed_tests.add(case.id())
    passed = max(0, result.testsRun - len(failed_tests))
    print_slowest(result.per_class)
    print("ran %d tests in %.1f s" % (result.testsRun, elapsed))
    print("%d passed, %d failed" % (passed, len(problems)))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
