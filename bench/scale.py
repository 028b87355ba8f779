#!/usr/bin/env python3
"""Speed as the data grows (issue 11): editions of 200, 2,000 and 20,000
applications, each made by `lwp restore` of a grown backup
(tests/http/scale_data.py) into a fresh database, served by `lwp serve`
(2 event loops), and measured in the same run:

- the uncached invitation page (/edities/scale?uncached=1: any query
  string skips the micro-cache) and the edition API
  (/api/v1/editions/scale?uncached=1), wrk -t2 -c64, requests/s;
- application writes, wrk -t2 -c16 with bench/post_application.lua,
  applications/s (201 answers per second);
  these three as the mean of ROUNDS_W rounds that visit the sizes in turn
  with all servers running (so that the machine's other work falls on
  every size alike);
- the console's applications list (first page and a page deep in the
  list) and the CSV export of the whole edition, signed in as its lead,
  on a kept-alive connection: median and maximum ms of REPEAT fetches;
- the server's RSS after all of it (VmRSS and its peak VmHWM, /proc; the
  peak includes one Argon2id password check of 64 MiB, the lead's
  sign-in, whatever the size).

Then the ratio of the largest edition to the smallest for each throughput
(goal >= 0.8), the pages and export at the largest (goal < 50 ms) and the
RSS (goal < 64 MB), each marked met or not. And the keep-alive benchmark:
one client fetching the console list of the middle edition (about 50 KB)
ten times on one connection, ROUNDS_KA times, p50/p99 ms, against the same
fetches on a new connection each.

    python3 bench/scale.py [BUILD_DIR] [DURATION_SECONDS]
environment: SIZES (default "200 2000 20000"), REPEAT (default 20),
ROUNDS_KA (default 50), ROUNDS_W (default 3), LWP_TEST_BACKEND=postgres with LWP_TEST_PG_URL as
for the HTTP tests (default SQLite).
Needs wrk. Exit 0 when the run completed (goals met or not), 1 on failure.
"""

import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))

build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
duration = int(sys.argv[2]) if len(sys.argv) > 2 else 8
os.environ.setdefault("LWP_BIN", os.path.join(os.path.abspath(build), "src", "cli", "lwp"))

import accounts_util as au   # noqa: E402  (after LWP_BIN is set)
import scale_data            # noqa: E402
from harness import Server, cli, create_edition, db_url, init_db   # noqa: E402

SIZES = [int(x) for x in os.environ.get("SIZES", "200 2000 20000").split()]
REPEAT = int(os.environ.get("REPEAT", "20"))
ROUNDS_KA = int(os.environ.get("ROUNDS_KA", "50"))
ROUNDS_W = int(os.environ.get("ROUNDS_W", "3"))
LEAD = "lead@scale.example.nl"
GOAL_RATIO, GOAL_MS, GOAL_RSS_MB, GOAL_KA_P99 = 0.8, 50.0, 64.0, 2.0


def wrk(url, conns, seconds, script=None, args=()):
    cmd = ["wrk", "-t2", "-c%d" % conns, "-d%ds" % seconds, "--latency"]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    if args:
        cmd += ["--"] + list(args)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    created = re.search(r"^created (\d+)", out, re.M)
    return rps, int(bad.group(1)) if bad else 0, int(created.group(1)) if created else None, out


def timed_gets(port, cookie, path, n):
    """ms of n GETs of path on one kept-alive connection (and the body size)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times, size = [], 0
    try:
        for _ in range(n):
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            r = conn.getresponse()
            body = r.read()
            times.append((time.perf_counter() - t0) * 1000)
            if r.status != 200:
                raise AssertionError("GET %s: %d" % (path, r.status))
            size = len(body)
    finally:
        conn.close()
    return times, size


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        st = f.read()
    get = lambda k: int(re.search(k + r":\s+(\d+) kB", st).group(1)) / 1024   # noqa: E731
    return get("VmRSS"), get("VmHWM")


def keepalive(port, cookie, path):
    """p50/p99 ms of ten fetches on one connection, ROUNDS_KA times; and of
    the same fetches on a new connection each."""
    reused, fresh = [], []
    for _ in range(ROUNDS_KA):
        reused += timed_gets(port, cookie, path, 10)[0]
        for _ in range(10):
            fresh += timed_gets(port, cookie, path, 1)[0]
    q = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(len(xs) * p))]   # noqa: E731
    return (q(reused, .5), q(reused, .99)), (q(fresh, .5), q(fresh, .99))


def main():
    tmp = tempfile.mkdtemp(prefix="lwp-bench-scale-")
    results = {}
    ka = None
    try:
        seed = os.path.join(tmp, "seed.db")
        init_db(seed)
        create_edition(seed, "scale", capacity=30)
        s = Server(seed).start()
        try:
            if s.apply_api("scale").status != 201:
                raise SystemExit("scale.py: the seed application failed")
        finally:
            s.stop()
        seed_backup = os.path.join(tmp, "seed.backup")
        if cli("backup", "--db", db_url(seed), seed_backup).returncode != 0:
            raise SystemExit("scale.py: backup of the seed failed")
        with open(seed_backup, "rb") as f:
            seed_bytes = f.read()
        servers = {}
        try:
            for n in SIZES:
                path = os.path.join(tmp, "grown-%d.backup" % n)
                with open(path, "wb") as f:
                    f.write(scale_data.grow(seed_bytes, n))
                db = os.path.join(tmp, "scale-%d.db" % n)
                r = cli("restore", "--db", db_url(db), path)
                if r.returncode != 0:
                    raise SystemExit("scale.py: restore of %d: %r" % (n, r))
                au.add_user(db, LEAD, grants=[("lead", "scale")])
                servers[n] = Server(db, threads=2).start()
            for n in SIZES:
                server = servers[n]
                base = "http://127.0.0.1:%d" % server.port
                wrk(base + "/edities/scale?uncached=1", 64, 2)            # warm-up
                # the peak before any password check (Argon2id takes 64 MiB)
                hwm_before = rss_mb(server.proc.pid)[1]
                lead = au.Client(server)
                lead.login_password(LEAD)
                # the second factor at the time of now (au.NOW is the time of import,
                # and making the edition takes longer than a code lasts)
                lead.enrol_totp(now=(int(time.time()) // 30) * 30 + 15)
                cookie = lead.cookie_header()
                console = "/beheer/edities/scale/aanmeldingen"
                deep = console + "?after=%d" % (n // 2)
                csv = "/beheer/edities/scale/aanmeldingen.csv?format=en"
                t_list, list_bytes = timed_gets(server.port, cookie, console, REPEAT)
                t_deep, _ = timed_gets(server.port, cookie, deep, REPEAT)
                t_csv, csv_bytes = timed_gets(server.port, cookie, csv, max(3, REPEAT // 4))
                if n == SIZES[len(SIZES) // 2]:
                    ka = (list_bytes, keepalive(server.port, cookie, console))
                results[n] = dict(
                    inv_rounds=[], api_rounds=[], inv_bad=0, api_bad=0, writes_rounds=[],
                    hwm_before=hwm_before,
                    list_ms=statistics.median(t_list),
                    list_max=max(t_list), deep_ms=statistics.median(t_deep),
                    csv_ms=statistics.median(t_csv), csv_max=max(t_csv),
                    list_kb=list_bytes / 1024, csv_mb=csv_bytes / 2 ** 20)
            # Reads, then writes, in ROUNDS_W rounds that visit the sizes in turn
            # (forwards, then backwards), all servers up: the machine's other
            # work then weighs on every size alike instead of on whichever ran
            # at a busy moment.
            for rnd in range(ROUNDS_W):
                for n in (SIZES if rnd % 2 == 0 else SIZES[::-1]):
                    base = "http://127.0.0.1:%d" % servers[n].port
                    for key, url in (("inv", "/edities/scale?uncached=1"),
                                     ("api", "/api/v1/editions/scale?uncached=1")):
                        w = wrk(base + url, 64, duration)
                        results[n][key + "_rounds"].append(w[0])
                        results[n][key + "_bad"] += w[1]
            for rnd in range(ROUNDS_W):
                for n in (SIZES if rnd % 2 == 0 else SIZES[::-1]):
                    base = "http://127.0.0.1:%d" % servers[n].port
                    w = wrk(base, 16, duration, os.path.join(HERE, "post_application.lua"),
                            ["scale", "%d-%d" % (int(time.time() * 1000), rnd)])
                    results[n]["writes_rounds"].append((w[2] or 0) / duration)
            for n in SIZES:
                x = results[n]
                x["writes"] = statistics.mean(x["writes_rounds"])
                x["inv"] = statistics.mean(x["inv_rounds"])
                x["api"] = statistics.mean(x["api_rounds"])
                if x["inv_bad"] or x["api_bad"]:
                    print("  note: size %d: non-2xx answers: invitation %d, API %d"
                          % (n, x["inv_bad"], x["api_bad"]))
                x["rss"], x["hwm"] = rss_mb(servers[n].proc.pid)
                print("size %6d: invitation %8.0f req/s, edition API %8.0f req/s, writes %6.0f/s"
                      " (rounds %s), list %.1f ms (deep %.1f), CSV %.1f ms (%.1f MB),"
                      " RSS %.1f MB (peak %.1f, %.1f before the sign-in)"
                      % (n, x["inv"], x["api"], x["writes"],
                         " ".join("%.0f" % v for v in x["writes_rounds"]), x["list_ms"],
                         x["deep_ms"], x["csv_ms"], x["csv_mb"], x["rss"], x["hwm"],
                         x["hwm_before"]), flush=True)
        finally:
            for n, server in servers.items():
                problems = server.stop()
                if problems:
                    print("  server problems (%d):\n" % n + "\n".join(problems))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    small, large = results[SIZES[0]], results[SIZES[-1]]
    print()
    print("| measure | " + " | ".join("%d" % n for n in SIZES) + " | ratio largest/smallest | goal |")
    print("|---|" + "--:|" * len(SIZES) + "--:|---|")
    met = lambda ok: "**met**" if ok else "**not met**"   # noqa: E731
    for key, label in (("inv", "uncached invitation page, req/s"),
                       ("api", "edition API, req/s"), ("writes", "application writes, /s")):
        ratio = large[key] / small[key] if small[key] else 0
        print("| %s | %s | %.2f | >= %.1f: %s |" % (label, " | ".join(
            "%.0f" % results[n][key] for n in SIZES), ratio, GOAL_RATIO, met(ratio >= GOAL_RATIO)))
    for key, label in (("list_ms", "console list, first page, ms (median)"),
                       ("deep_ms", "console list, a page in the middle, ms"),
                       ("csv_ms", "CSV export of all, ms (median)")):
        print("| %s | %s | %.1f | < %.0f ms at %d: %s |" % (label, " | ".join(
            "%.1f" % results[n][key] for n in SIZES), large[key] / small[key], GOAL_MS,
            SIZES[-1], met(large[key] < GOAL_MS)))
    print("| RSS after the run, MB | %s | %.2f | < %.0f MB: %s |" % (" | ".join(
        "%.1f" % results[n]["rss"] for n in SIZES),
        large["rss"] / small["rss"], GOAL_RSS_MB, met(large["rss"] < GOAL_RSS_MB)))
    # the peak includes the 64 MiB of one Argon2id password check (the
    # lead's sign-in), whatever the size of the edition
    print("| peak RSS (VmHWM), MB | %s | %.2f | < %.0f MB: %s |" % (" | ".join(
        "%.1f" % results[n]["hwm"] for n in SIZES),
        large["hwm"] / small["hwm"], GOAL_RSS_MB, met(large["hwm"] < GOAL_RSS_MB)))
    print("| peak RSS before the sign-in, MB | %s | %.2f | (no Argon2id yet) |" % (" | ".join(
        "%.1f" % results[n]["hwm_before"] for n in SIZES),
        large["hwm_before"] / small["hwm_before"]))
    print("| CSV size, MB | %s | | |" % " | ".join("%.1f" % results[n]["csv_mb"] for n in SIZES))
    if ka:
        size, ((r50, r99), (f50, f99)) = ka
        print()
        print("keep-alive: console list (%.0f KB), 10 fetches x %d rounds: one connection p50 %.2f ms"
              " p99 %.2f ms; a new connection each p50 %.2f ms p99 %.2f ms; goal p99 < %.0f ms"
              " on one connection: %s" % (size / 1024, ROUNDS_KA, r50, r99, f50, f99, GOAL_KA_P99,
                                          met(r99 < GOAL_KA_P99)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
