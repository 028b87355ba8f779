#!/usr/bin/env python3
"""Cut the NL Design System CSS down to what lwp's pages use, as one file.

usage: css_subset.py OUTPUT TOKENS.css COMPONENTS.css LIST.txt OWN.css...

TOKENS.css is the design-token file of @rijkshuisstijl-community/design-tokens
(one `.rhc-theme { --name: value; ... }` rule); COMPONENTS.css the bundle of
@rijkshuisstijl-community/components-css. LIST.txt names the component blocks
the pages use (one class name a line, e.g. `utrecht-button`; `#` comments).
OWN.css are the project's own style sheets, read only to see which tokens
they use.

Of each component rule only the selectors are kept whose component classes
(utrecht-*, rhc-*, nl-*, ams-*) all belong to listed blocks: the block
`utrecht-button` covers `.utrecht-button--primary-action` and
`.utrecht-button__label`, not `.utrecht-button-group`; @media,
@container and @supports blocks are filtered the same way, and @keyframes are
kept when a kept rule names them. Of the tokens, only the custom properties
that the kept rules or OWN.css read (directly or through other tokens) are
kept. The licence comments of the bundle are kept, once each, at the top.
The build fails when a listed block matches nothing, so that a renamed class
in a new package version is noticed.
"""
import re
import sys

VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
DECL = re.compile(r"(--[A-Za-z0-9_-]+)\s*:\s*([^;]*);")


def split_top(css):
    """Split CSS text into top-level items: ('comment', text),
    ('rule', prelude, body) or ('stmt', text). Strings and comments are
    respected; body is the text between the outer braces."""
    items = []
    i, n = 0, len(css)
    start = 0
    while i < n:
        c = css[i]
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if not css[start:i].strip():
                items.append(("comment", css[i:end]))
                start = end
            i = end
            continue
        if c in "\"'":
            i = skip_string(css, i)
            continue
        if c == ";":
            text = css[start:i + 1].strip()
            if text:
                items.append(("stmt", text))
            i += 1
            start = i
            continue
        if c == "{":
            prelude = css[start:i].strip()
            j = matching_brace(css, i)
            items.append(("rule", prelude, css[i + 1:j]))
            i = j + 1
            start = i
            continue
        i += 1
    return items


def skip_string(css, i):
    q = css[i]
    i += 1
    while i < len(css) and css[i] != q:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def matching_brace(css, i):
    depth = 0
    n = len(css)
    while i < n:
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        c = css[i]
        if c in "\"'":
            i = skip_string(css, i)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    sys.exit("css_subset.py: unbalanced braces")


CLASS = re.compile(r"\.((?:utrecht|rhc|nl|ams)-[A-Za-z0-9_-]+)")


def block_of(cls):
    """`utrecht-form-field__label--checkbox` -> `utrecht-form-field`."""
    return re.split(r"--|__", cls, 1)[0]


def split_selectors(prelude):
    """Split a selector list on its top-level commas."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def keep_selector(sel, names, used_blocks):
    """A selector is kept when it names at least one component class and
    every component class it names belongs to a listed block."""
    blocks = {block_of(c) for c in CLASS.findall(sel)}
    if not blocks or not blocks <= names:
        return False
    used_blocks.update(blocks)
    return True


def filter_rules(items, names, used_blocks):
    """Kept items (as CSS text) of a list from split_top."""
    out = []
    for it in items:
        if it[0] != "rule":
            continue
        prelude, body = it[1], it[2]
        if prelude.startswith("@"):
            word = prelude.split(None, 1)[0].split("(")[0]
            if word in ("@media", "@container", "@supports", "@layer"):
                inner = filter_rules(split_top(body), names, used_blocks)
                if inner:
                    out.append(prelude + "{" + "".join(inner) + "}")
            continue
        sels = [s for s in split_selectors(prelude) if keep_selector(s, names, used_blocks)]
        if sels:
            out.append(",".join(sels) + "{" + body.strip() + "}")
    return out


def keyframes(items, kept_text):
    out = []
    for it in items:
        if it[0] == "rule" and it[1].startswith("@keyframes"):
            name = it[1].split(None, 1)[1].strip()
            if re.search(r"\b" + re.escape(name) + r"\b", kept_text):
                out.append(it[1] + "{" + it[2] + "}")
    return out


def token_subset(tokens_css, read_from):
    """The token rule with only the custom properties that read_from needs."""
    items = [it for it in split_top(tokens_css) if it[0] == "rule"]
    if len(items) != 1:
        sys.exit("css_subset.py: expected one rule in the token file")
    selector, body = items[0][1], items[0][2]
    decls = DECL.findall(body)
    defined = dict(decls)
    want = set(VAR.findall(read_from))
    todo = list(want)
    while todo:
        name = todo.pop()
        for ref in VAR.findall(defined.get(name, "")):
            if ref not in want:
                want.add(ref)
                todo.append(ref)
    kept = ["  %s: %s;" % (k, v.strip()) for k, v in decls if k in want]
    return selector + " {\n" + "\n".join(kept) + "\n}\n", len(kept), len(decls)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    out_path, tokens_path, comp_path, list_path = sys.argv[1:5]
    own = "".join(open(p, encoding="utf-8").read() for p in sys.argv[5:])
    names = set()
    for line in open(list_path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line.lstrip("."))
    comp = open(comp_path, encoding="utf-8").read()
    items = split_top(comp)
    used = set()
    kept = filter_rules(items, names, used)
    missing = names - used
    if missing:
        sys.exit("css_subset.py: no rule in %s for: %s" % (comp_path, ", ".join(sorted(missing))))
    kept_text = "\n".join(kept)
    kept += keyframes(items, kept_text)
    licences = []
    for it in items:
        if it[0] == "comment" and "@license" in it[1]:
            text = re.sub(r"\s+", " ", it[1])
            if text not in licences:
                licences.append(text)
    tokens, nkept, nall = token_subset(open(tokens_path, encoding="utf-8").read(),
                                       kept_text + own)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("/* Generated by scripts/css_subset.py from @rijkshuisstijl-community/design-tokens\n"
                " * and @rijkshuisstijl-community/components-css (npm); do not edit.\n"
                " * %d of %d tokens, the components listed in static/nlds-components.txt. */\n"
                % (nkept, nall))
        for text in licences:
            f.write(text + "\n")
        f.write(tokens)
        f.write("\n".join(kept))
        f.write("\n")


main()
