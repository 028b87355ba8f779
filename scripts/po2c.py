#!/usr/bin/env python3
"""Compile a .po file into a C table sorted for bsearch (see src/web/i18n.c).

usage: po2c.py INPUT.po OUTPUT.c
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from po_parse import parse_po  # noqa: E402


def c_string(s):
    out = ['"']
    for b in s.encode("utf-8"):
        ch = chr(b)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif 0x20 <= b < 0x7F:
            out.append(ch)
        else:
            out.append('\\%03o' % b)
    out.append('"')
    return "".join(out)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    entries = parse_po(sys.argv[1])
    keys = sorted(entries, key=lambda k: k.encode("utf-8"))
    with open(sys.argv[2], "w", encoding="ascii") as out:
        out.write("/* Generated from %s by scripts/po2c.py; do not edit. */\n"
                  % sys.argv[1].split("/")[-1])
        out.write("struct i18n_entry { const char *msgid; const char *nl; };\n")
        out.write("extern const struct i18n_entry i18n_nl_table[];\n")
        out.write("extern const int i18n_nl_count;\n")
        out.write("const struct i18n_entry i18n_nl_table[] = {\n")
        for k in keys:
            out.write("\t{%s,\n\t %s},\n" % (c_string(k), c_string(entries[k])))
        if not keys:
            out.write("\t{\"\", \"\"},\n")
        out.write("};\n")
        out.write("const int i18n_nl_count = %d;\n" % len(keys))


main()
