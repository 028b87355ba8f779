#!/usr/bin/env python3
"""Check that every message used in the sources has a Dutch translation in
po/nl.po, and that nl.po has no entry the sources no longer use.

Messages are the string literals inside T(x, "..."), TR("...") and N_("...").
usage: check_po.py REPO_ROOT   (exit 1 and a list when something is wrong)
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from po_parse import parse_po  # noqa: E402
MSG = re.compile(r'\b(?:T\(\s*[a-z_>.-]+\s*,|N_\(|TR\()\s*"((?:[^"\\\n]|\\.)*)"\s*\)')


def c_unescape(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def used_messages(root):
    found = {}
    for d, _, files in os.walk(os.path.join(root, "src")):
        for f in files:
            if f.endswith((".c", ".h")):
                p = os.path.join(d, f)
                for m in MSG.finditer(open(p, encoding="utf-8").read()):
                    found.setdefault(c_unescape(m.group(1)), p)
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    po = parse_po(os.path.join(root, "po", "nl.po"))
    used = used_messages(root)
    missing = [m for m in used if not po.get(m)]
    unused = [m for m in po if m not in used]
    for m in sorted(missing):
        print("missing Dutch translation (%s): %r" % (used[m], m))
    for m in sorted(unused):
        print("unused entry in po/nl.po: %r" % m)
    print("check-po: %d messages, %d missing, %d unused" % (len(used), len(missing), len(unused)))
    sys.exit(1 if missing or unused else 0)


main()
