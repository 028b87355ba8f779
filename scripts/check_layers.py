#!/usr/bin/env python3
"""The layering rules that the compiler does not check on its own:

- state changes only through a service: no file of src/web/ or src/cli/
  includes store/store_write.h or calls a function declared there;
- write transactions begin in one place: db_begin_write is called only by
  store_write() (src/store/store_tx.c), the outbox claim and the restore.

Prints every offence with file:line and exits 1 when there is one."""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
WRITE_H = ROOT / "src" / "store" / "store_write.h"
BEGIN_ALLOWED = {"src/store/store_tx.c", "src/store/store_outbox.c", "src/store/backup.c",
                 "src/store/db.c", "src/store/db.h"}


# Writes declared elsewhere: the restore (store/backup.h) runs its own
# transaction and is reached through svc_restore.
OTHER_WRITES = ["store_restore"]


def write_functions():
    names = re.findall(r"\b(store_\w+)\s*\(", WRITE_H.read_text(encoding="utf-8"))
    return sorted(set(names) | set(OTHER_WRITES))


def main():
    offences = []
    names = write_functions()
    if len(names) < 20:
        offences.append("%s declares only %d functions: not understood" % (WRITE_H, len(names)))
    call = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\s*\(")
    for layer in ("web", "cli"):
        for path in sorted((ROOT / "src" / layer).glob("*.[ch]")):
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                rel = path.relative_to(ROOT)
                if "store/store_write.h" in line:
                    offences.append("%s:%d: includes store_write.h" % (rel, no))
                m = call.search(line)
                if m:
                    offences.append("%s:%d: calls %s (use a service)" % (rel, no, m.group(1)))
    for path in sorted((ROOT / "src").rglob("*.c")):
        rel = str(path.relative_to(ROOT))
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "db_begin_write(" in line and rel not in BEGIN_ALLOWED:
                offences.append("%s:%d: begins a write transaction (use store_write)" % (rel, no))
    for o in offences:
        print(o)
    print("layers: %d store writes checked, %d offences" % (len(names), len(offences)))
    return 1 if offences else 0


if __name__ == "__main__":
    sys.exit(main())
