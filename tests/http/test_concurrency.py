"""First come first served under load: many simultaneous applications for
the last places of an edition; places are never given twice and no
application is lost. Also with two server processes on one database."""

import collections
import http.client
import json
import os
import shutil
import tempfile
import threading
import unittest

from harness import (HOST, Server, ServerTestCase, applications, create_edition, init_db,
                     json_fields)


def fire(ports, slug, n, timeout=60):
    """POST n applications at once, each from its own thread on its own
    connection (round robin over ports). Returns (status, document or
    error text) per request, in no particular order."""
    barrier = threading.Barrier(n)
    results = [None] * n
    bodies = [json.dumps(json_fields()).encode() for _ in range(n)]

    def worker(i):
        conn = http.client.HTTPConnection(HOST, ports[i % len(ports)], timeout=timeout)
        try:
            conn.connect()
            barrier.wait(timeout=timeout)
            conn.request("POST", "/api/v1/editions/%s/applications" % slug, body=bodies[i],
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
            try:
                results[i] = (r.status, json.loads(data))
            except ValueError:
                results[i] = (r.status, data[:200])
        except Exception as e:           # reported by the test, not lost in a thread
            results[i] = (None, "%s: %s" % (type(e).__name__, e))
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout + 10)
    return results


class ConcurrencyMixin:

    def check_last_places(self, results, capacity, prefilled, n):
        statuses = collections.Counter(r[0] for r in results)
        if statuses[201] != n:
            examples = ["request %d: %s %s" % (i, s, doc)
                        for i, (s, doc) in enumerate(results) if s != 201]
            self.fail("%d of %d requests did not get 201 (statuses %s); first ones:\n  %s"
                      % (n - statuses[201], n, dict(statuses), "\n  ".join(examples[:10])))
        answered = collections.Counter(doc["status"] for _s, doc in results)
        left = capacity - prefilled
        self.assertEqual(answered, {"accepted": left, "waitlisted": n - left})
        ids = [doc["id"] for _s, doc in results]
        self.assertEqual(len(set(ids)), n, "ids are not unique")

        stored = applications(self.db, self.slug)["applications"]
        self.assertEqual(len(stored), prefilled + n, "applications lost or duplicated")
        counts = collections.Counter(a["status"] for a in stored)
        self.assertEqual(counts, {"accepted": capacity, "waitlisted": n - left})
        by_id = {a["id"]: a["status"] for a in stored}
        for _s, doc in results:
            self.assertEqual(by_id.get(doc["id"]), doc["status"],
                             "answer and database disagree on %s" % doc["id"])
        self.assertEqual(len({a["email"].lower() for a in stored}), prefilled + n)


class LastPlacesTest(ConcurrencyMixin, ServerTestCase):
    """200 simultaneous submissions for the last 5 of 30 places."""

    server_threads = 4
    slug = "rush"
    capacity = 30
    n = 200

    @classmethod
    def prepare(cls):
        create_edition(cls.db, cls.slug, capacity=cls.capacity)

    def test_two_hundred_at_once_for_five_places(self):
        self.fill(self.slug, self.capacity - 5, "accepted")
        results = fire([self.server.port], self.slug, self.n)
        self.check_last_places(results, self.capacity, self.capacity - 5, self.n)
        e = self.server.get("/api/v1/editions/" + self.slug).json()
        self.assertEqual(e["places_left"], 0)
        self.assertHealthy()


class TwoProcessesTest(ConcurrencyMixin, unittest.TestCase):
    """SPEC C1: accepted never exceeds capacity 'also under concurrent
    submissions and several server processes' (two servers, one SQLite file)."""

    slug = "rush2"
    capacity = 10
    n = 60

    def setUp(self):
        self.tmpdir = tempfile.mkdtemp(prefix="lwp-http-")
        self.addCleanup(shutil.rmtree, self.tmpdir, True)
        self.db = os.path.join(self.tmpdir, "lwp.db")
        init_db(self.db)
        create_edition(self.db, self.slug, capacity=self.capacity)
        self.servers = []
        for _ in range(2):
            s = Server(self.db, threads=2)
            self.servers.append(s)
            self.addCleanup(self._stop, s)
            s.start()

    def _stop(self, server):
        problems = server.stop()
        if problems:
            raise AssertionError("\n".join(problems))

    def test_two_servers_one_database(self):
        for _ in range(self.capacity - 5):
            r = self.servers[0].apply_api(self.slug)
            self.assertEqual(r.status, 201, r)
        results = fire([s.port for s in self.servers], self.slug, self.n)
        self.check_last_places(results, self.capacity, self.capacity - 5, self.n)
        for s in self.servers:
            self.assertTrue(s.healthy())
