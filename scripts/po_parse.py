"""Minimal reader of GNU gettext .po files (msgid/msgstr, no plurals)."""
import sys


def unquote(s):
    s = s.strip()
    if not (s.startswith('"') and s.endswith('"')):
        raise ValueError("expected a quoted string: %r" % s)
    body = s[1:-1]
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_po(path):
    entries, msgid, msgstr, target = {}, None, None, None
    fuzzy = False

    def flush():
        if msgid and msgstr is not None and not fuzzy:
            entries[msgid] = msgstr

    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            try:
                if line.startswith("#,") and "fuzzy" in line:
                    fuzzy = True
                elif line.startswith("msgid "):
                    flush()
                    msgid, msgstr, target = unquote(line[6:]), None, "id"
                elif line.startswith("msgstr "):
                    msgstr, target = unquote(line[7:]), "str"
                elif line.startswith('"'):
                    if target == "id":
                        msgid += unquote(line)
                    elif target == "str":
                        msgstr += unquote(line)
                elif not line.strip():
                    flush()
                    msgid, msgstr, target, fuzzy = None, None, None, False
            except ValueError as e:
                sys.exit("%s:%d: %s" % (path, lineno, e))
    flush()
    return entries
