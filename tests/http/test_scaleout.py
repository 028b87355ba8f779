"""Several server processes on one database, crashes and database restarts:
the capacity rule holds across processes, every acknowledged (201)
application survives a SIGKILL of the server, and after PostgreSQL restarts
the servers recover by themselves. Runs on the backend of the suite run
(LWP_TEST_BACKEND: sqlite or postgres)."""

import concurrent.futures
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

import harness

REPO = Path(__file__).resolve().parents[2]


def apply_all(servers, slug, count, workers=50):
    """POST count applications spread over the servers from many threads at
    once; returns a list of (email, status, body)."""
    start = threading.Barrier(workers)
    results = []
    lock = threading.Lock()
    per_worker = [list(range(i, count, workers)) for i in range(workers)]

    def run(indexes):
        start.wait()
        for i in indexes:
            f = harness.json_fields()
            s = servers[i % len(servers)]
            try:
                r = s.post_json("/api/v1/editions/%s/applications" % slug, f)
                item = (f["email"], r.status, r.json() if r.status == 201 else r.text)
            except OSError as e:
                item = (f["email"], None, str(e))
            with lock:
                results.append(item)

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, per_worker))
    return results


class ManyProcesses(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lwp-scale-")
        self.db = os.path.join(self.tmp, "lwp.db")
        harness.init_db(self.db)
        self.servers = []

    def tearDown(self):
        problems = []
        for s in self.servers:
            problems += s.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.assertEqual(problems, [])

    def start_servers(self, n):
        for _ in range(n):
            self.servers.append(harness.Server(self.db, threads=2).start())

    def test_capacity_holds_across_four_processes(self):
        harness.create_edition(self.db, "race", capacity=10, policy="fcfs")
        self.start_servers(4)
        for _ in range(5):  # fill all but the last 5 places
            self.assertEqual(self.servers[0].apply_api("race").status, 201)
        results = apply_all(self.servers, "race", 500)
        statuses = [st for _, st, _ in results]
        self.assertEqual(statuses.count(201), 500, [r for r in results if r[1] != 201][:5])
        outcome = [body["status"] for _, _, body in results]
        self.assertEqual(outcome.count("accepted"), 5)
        self.assertEqual(outcome.count("waitlisted"), 495)
        ids = [body["id"] for _, _, body in results]
        self.assertEqual(len(set(ids)), 500)
        stored = harness.applications(self.db, "race")["applications"]
        self.assertEqual(len(stored), 505)
        self.assertEqual(sum(a["status"] == "accepted" for a in stored), 10)
        self.assertEqual(len({a["email"].lower() for a in stored}), 505)


class CrashRecovery(unittest.TestCase):
    """Writes under load while the server is killed with SIGKILL and
    restarted: every application answered 201 is stored."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lwp-crash-")
        self.db = os.path.join(self.tmp, "lwp.db")
        harness.init_db(self.db)
        harness.create_edition(self.db, "crash", capacity=1000, policy="fcfs")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def load(self, server, stop, acknowledged, lock):
        while not stop.is_set():
            f = harness.json_fields()
            try:
                r = server.post_json("/api/v1/editions/crash/applications", f)
            except OSError:
                continue  # killed mid-request: not acknowledged
            if r.status == 201:
                with lock:
                    acknowledged.append(f["email"])

    def test_acknowledged_writes_survive_sigkill(self):
        acknowledged, lock = [], threading.Lock()
        for _round in range(4):
            server = harness.Server(self.db, threads=2).start()
            stop = threading.Event()
            threads = [threading.Thread(target=self.load, args=(server, stop, acknowledged, lock))
                       for _ in range(8)]
            for t in threads:
                t.start()
            target = len(acknowledged) + 40
            deadline = time.monotonic() + 60
            while len(acknowledged) < target and time.monotonic() < deadline:
                time.sleep(0.01)
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            server.stopped = True
            stop.set()
            for t in threads:
                t.join()
            self.assertIsNone(harness.sanitizer_report(server.stderr_text()))
        self.assertGreaterEqual(len(acknowledged), 160)
        stored = {a["email"] for a in harness.applications(self.db, "crash")["applications"]}
        missing = [e for e in acknowledged if e not in stored]
        self.assertEqual(missing, [])
        if harness.BACKEND == "sqlite":
            out = subprocess.run(["sqlite3", self.db, "PRAGMA integrity_check"],
                                 capture_output=True, text=True, check=True).stdout.strip()
            self.assertEqual(out, "ok")


if harness.BACKEND == "postgres":
    class PostgresRestart(unittest.TestCase):
        """PostgreSQL restarts under load; the servers recover by themselves."""

        def setUp(self):
            self.tmp = tempfile.mkdtemp(prefix="lwp-pgrestart-")
            self.db = os.path.join(self.tmp, "lwp.db")
            harness.init_db(self.db)
            harness.create_edition(self.db, "restart", capacity=1000, policy="fcfs")
            self.servers = [harness.Server(self.db).start() for _ in range(2)]

        def tearDown(self):
            problems = []
            for s in self.servers:
                problems += s.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.assertEqual(problems, [])

        def test_servers_recover_after_database_restart(self):
            acknowledged, lock, stop = [], threading.Lock(), threading.Event()
            unexpected = []

            def load(server):
                while not stop.is_set():
                    f = harness.json_fields()
                    try:
                        r = server.post_json("/api/v1/editions/restart/applications", f)
                    except OSError:
                        continue
                    if r.status == 201:
                        with lock:
                            acknowledged.append(f["email"])
                    elif r.status != 503:
                        with lock:
                            unexpected.append((r.status, r.text[:300]))

            threads = [threading.Thread(target=load, args=(s,)) for s in self.servers for _ in range(3)]
            for t in threads:
                t.start()
            try:
                subprocess.run([str(REPO / "scripts" / "pg.sh"), "restart",
                                os.environ["LWP_TEST_PG_DIR"]], check=True, timeout=120)
                # After the restart every server answers and stores again.
                for s in self.servers:
                    deadline = time.monotonic() + 30
                    while s.apply_api("restart").status != 201:
                        self.assertLess(time.monotonic(), deadline, "server did not recover")
                        time.sleep(0.05)
            finally:
                stop.set()
                for t in threads:
                    t.join()
            self.assertEqual(unexpected, [])
            stored = {a["email"] for a in harness.applications(self.db, "restart")["applications"]}
            self.assertEqual([e for e in acknowledged if e not in stored], [])
            for s in self.servers:
                self.assertTrue(s.healthy())


if __name__ == "__main__":
    unittest.main()
