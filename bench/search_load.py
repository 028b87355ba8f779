#!/usr/bin/env python3
"""The driver of bench/search.sh (see there): generate, import, serve, time.

    search_load.py LWP N REQUESTS"""

import csv
import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

WHO = ["Teams", "Medewerkers", "Leidinggevenden", "Beleidsmedewerkers", "Inspecteurs",
       "Klantteams", "Gebiedsteams", "Programmateams", "Adviseurs", "Koplopers"]
ACT = ["werken", "experimenteren", "leren", "organiseren zich", "plannen hun werk",
       "verbeteren de dienstverlening", "delen hun ervaringen", "sturen zichzelf"]
HOW = ["met zelfsturing", "in netwerken", "met agile werkvormen",
       "rond maatschappelijke opgaven", "met klantreizen", "in sprints met retrospectives",
       "in een leerwerkplaats", "met intervisie", "met viraal veranderen",
       "in een koplopersnetwerk", "met lean en een verbeterbord", "met OKR's per kwartaal",
       "in sociocratische kringen", "met data-analyse", "met burgerparticipatie",
       "met design thinking en prototypes"]
WHERE = ["in de uitvoering", "over directies heen", "samen met ketenpartners", "in de regio",
         "in de wijk", "binnen het departement", "met gemeenten en provincies",
         "in de klantenservice", "in het toezicht", "over organisatiegrenzen heen"]
QUESTION = ["Hoe houden we zelfsturende teams verbonden met de lijn?",
            "Hoe schalen we een geslaagde pilot op?", "Hoe krijgen we de staf mee?",
            "Hoe houden we de energie vast na de start?", "Hoe meten we of het werkt?",
            "Hoe werken we samen over organisatiegrenzen heen?"]
TAGS = ["zelfsturing", "teams", "agile", "netwerk", "leren", "wendbaarheid", "klantreis",
        "lean", "okr", "intervisie", "innovatie", "cultuur", "leiderschap", "burgers"]
KINDS = ["ministry", "agency", "inspectorate", "zbo", "shared_service", "local", "other"]
THEMES = ["new_organising", "new_changing", "both"]
STAGES = ["idea", "started", "running", "evaluated"]
QUERIES = ["zelfsturende teams", "netwerk", "agile werken", "leerwerkplaats",
           "klantreis burgers", "koplopers", "organisaties", "self-managing teams",
           "lean verbeterbord", "viraal veranderen", "wijkteams", "samenwerken in de keten",
           "innovatie experimenten", "intervisie leidinggevenden", "data-analyse toezicht",
           "ministeries", "okr kwartaal", "sociocratie", "design thinking", "learning network"]


def generate(path, n):
    rnd = random.Random(14)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "organisation", "organisation_kind", "theme", "stage", "tags",
                    "summary", "question", "owner_name", "owner_email", "visibility"])
        for i in range(n):
            summary = " ".join("%s %s %s %s." % (rnd.choice(WHO), rnd.choice(ACT),
                                                 rnd.choice(HOW), rnd.choice(WHERE))
                               for _ in range(3))
            w.writerow(["%s %s %d" % (rnd.choice(WHO), rnd.choice(HOW), i),
                        "Organisatie %d" % (i % 400), KINDS[i % 7], rnd.choice(THEMES),
                        rnd.choice(STAGES), ", ".join(rnd.sample(TAGS, rnd.randint(2, 4))),
                        summary, rnd.choice(QUESTION), "Eigenaar %d" % (i % 900),
                        "eigenaar%d@bench.example" % (i % 900),
                        "public" if i % 3 else "network"])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(conn, path):
    t = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit("search.sh: %s answered %d: %s" % (path, r.status, body[:200]))
    return (time.perf_counter() - t) * 1000.0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    lwp, n, requests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    tmp = tempfile.mkdtemp(prefix="lwp-search-bench-")
    proc = None
    try:
        db = "sqlite:" + os.path.join(tmp, "bench.db")
        csv_path = os.path.join(tmp, "initiatives.csv")
        generate(csv_path, n)
        t = time.perf_counter()
        r = subprocess.run([lwp, "initiative", "import", csv_path, "--db", db],
                           capture_output=True, text=True)
        if r.returncode:
            raise SystemExit("search.sh: import failed: " + r.stderr[-2000:])
        print("imported %d initiatives in %.1f s" % (n, time.perf_counter() - t))
        port = free_port()
        log = open(os.path.join(tmp, "serve.log"), "w")
        proc = subprocess.Popen([lwp, "serve", "--db", db, "--port", str(port), "--threads",
                                 "2"], stdout=log, stderr=subprocess.STDOUT)
        conn = None
        for _ in range(200):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                timed(conn, "/healthz")
                break
            except OSError:
                conn = None
                time.sleep(0.05)
        if conn is None:
            raise SystemExit("search.sh: lwp serve did not start")
        first = timed(conn, "/api/v1/initiatives?q=teams&limit=20")
        paths = ["/api/v1/initiatives?" + urllib.parse.urlencode({"q": q, "limit": "20"})
                 for q in QUERIES]
        search, health = [], []
        for i in range(requests):
            search.append(timed(conn, paths[i % len(paths)]))
            health.append(timed(conn, "/healthz"))
        filtered = [timed(conn, p + "&theme=both&kind=agency") for p in paths]
        similar = [timed(conn, "/api/v1/initiatives/%d/similar" % (2 + 3 * ((i * 37) % (n // 3 - 1))))
                   for i in range(100)]
        print("first search (builds the index of %d): %.0f ms" % (n, first))
        for name, xs in (("search", search), ("search with filters", filtered),
                         ("similar", similar), ("GET /healthz", health)):
            print("%-22s n=%4d  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms" % (
                name, len(xs), pct(xs, 50), pct(xs, 95), pct(xs, 99)))
        print("search / healthz at p95: %.1f" % (pct(search, 95) / pct(health, 95)))
        print("goal p95 < 50 ms: %s" % ("met" if pct(search, 95) < 50 else "NOT met"))
        print("median of all searches %.2f ms (mean %.2f)" % (statistics.median(search),
                                                              statistics.mean(search)))
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
