"""Mail through the outbox to a real SMTP server on loopback: the applicant's
confirmation arrives with the private link built from the configured base
URL; with the SMTP server down mail waits and goes out once when it is back;
two server processes on one database never send a message twice."""

import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

import harness

SINK = Path(__file__).with_name("smtp_sink.py")
DEBIAN_PYTHON = "/usr/bin/python3"
WAIT = 30.0


class Sink:
    """The SMTP sink as a subprocess; messages land in self.dir."""

    def __init__(self, port, directory):
        self.port, self.dir, self.proc = port, directory, None

    def start(self):
        python = DEBIAN_PYTHON if os.path.exists(DEBIAN_PYTHON) else sys.executable
        self.proc = subprocess.Popen([python, str(SINK), str(self.port), self.dir],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        if line.strip() != "ready":
            err = self.proc.stderr.read().decode()
            raise AssertionError("SMTP sink did not start (python3-aiosmtpd missing?): " + err)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.proc.stdout.close()
            self.proc.stderr.close()
            self.proc = None

    def messages(self):
        out = []
        for name in sorted(os.listdir(self.dir)):
            if name.endswith(".eml"):
                with open(os.path.join(self.dir, name), "rb") as f:
                    out.append(email.message_from_binary_file(f, policy=email.policy.default))
        return out

    def wait_for(self, count, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msgs = self.messages()
            if len(msgs) >= count:
                return msgs
            time.sleep(0.1)
        raise AssertionError("expected %d messages, got %d" % (count, len(self.messages())))


def metric(server, name):
    text = server.get("/metrics").text
    m = re.search(r"^%s (\d+)$" % re.escape(name), text, re.M)
    if not m:
        raise AssertionError("metric %s missing" % name)
    return int(m.group(1))


def wait_until(predicate, timeout=WAIT, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def body(msg, subtype):
    part = msg.get_body(preferencelist=(subtype,))
    return part.get_content() if part else ""


class MailTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lwp-mail-")
        self.db = os.path.join(self.tmp, "lwp.db")
        harness.init_db(self.db)
        harness.create_edition(self.db, "mail", capacity=20, title="Leerwerkplaats Mail Ö")
        self.smtp_port = harness.free_port()
        self.sink = Sink(self.smtp_port, os.path.join(self.tmp, "mail"))
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.stop()
        self.sink.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def server(self):
        s = harness.Server(self.db, base_url="https://leerwerkplaats.example.nl",
                           env={"LWP_SMTP_URL": "smtp://127.0.0.1:%d" % self.smtp_port,
                                "LWP_MAIL_FROM": "noreply@leerwerkplaats.example.nl",
                                "LWP_MAIL_RETRY_SECONDS": "1"})
        s.start()
        self.servers.append(s)
        return s

    def test_confirmation_arrives_with_link_from_base_url(self):
        self.sink.start()
        s = self.server()
        fields = harness.json_fields(name="Zoë Ström", lang="en")
        r = s.post_json("/api/v1/editions/mail/applications", fields,
                        headers={"Host": "evil.example.com"})
        self.assertEqual(r.status, 201, r)
        msg = self.sink.wait_for(1)[0]
        self.assertEqual(msg["X-Envelope-To"], fields["email"])
        self.assertEqual(str(msg["Subject"]), "Application received: Leerwerkplaats Mail Ö")
        self.assertEqual(msg["To"].addresses[0].display_name, "Zoë Ström")
        text, html = body(msg, "plain"), body(msg, "html")
        token = r.json()["url"].rsplit("/", 1)[1]
        self.assertIn("https://leerwerkplaats.example.nl/aanmelding/" + token, text)
        self.assertIn('href="https://leerwerkplaats.example.nl/aanmelding/' + token, html)
        self.assertNotIn("evil.example.com", text + html)
        self.assertIn("Dear Zoë Ström", text)

    def test_dutch_mail_and_escaped_html(self):
        self.sink.start()
        s = self.server()
        fields = harness.json_fields(name="<b>Jan</b> & Co", lang="nl")
        self.assertEqual(s.post_json("/api/v1/editions/mail/applications", fields).status, 201)
        msg = self.sink.wait_for(1)[0]
        self.assertTrue(str(msg["Subject"]).startswith("Aanmelding ontvangen"))
        self.assertIn("&lt;b&gt;Jan&lt;/b&gt; &amp; Co", body(msg, "html"))
        self.assertIn("Beste <b>Jan</b> & Co", body(msg, "plain"))

    def test_mail_waits_while_smtp_is_down_and_goes_out_once(self):
        s = self.server()  # sink not started: nothing listens on the port
        r = s.post_json("/api/v1/editions/mail/applications", harness.json_fields())
        self.assertEqual(r.status, 201, r)
        wait_until(lambda: metric(s, "lwp_outbox_failing") == 1, what="a failed attempt")
        self.assertEqual(metric(s, "lwp_outbox_pending"), 1)
        self.sink.start()
        self.sink.wait_for(1)
        # Marked sent: from here no sender can claim it again.
        wait_until(lambda: metric(s, "lwp_outbox_pending") == 0, what="outbox empty")
        self.assertEqual(metric(s, "lwp_outbox_failing"), 0)
        self.assertEqual(len(self.sink.messages()), 1)

    def test_two_servers_send_each_message_once(self):
        self.sink.start()
        a, b = self.server(), self.server()
        emails = set()
        for i in range(20):
            f = harness.json_fields()
            emails.add(f["email"])
            target = a if i % 2 else b
            self.assertEqual(target.post_json("/api/v1/editions/mail/applications", f).status, 201)
        msgs = self.sink.wait_for(20)
        wait_until(lambda: metric(a, "lwp_outbox_pending") == 0, what="outbox empty")
        msgs = self.sink.messages()
        self.assertEqual(sorted(m["X-Envelope-To"] for m in msgs), sorted(emails))

    def test_send_pending_cli(self):
        self.sink.start()
        s = harness.Server(self.db)  # no SMTP configured: mail waits
        s.start()
        self.servers.append(s)
        self.assertEqual(s.post_json("/api/v1/editions/mail/applications",
                                     harness.json_fields()).status, 201)
        self.assertEqual(metric(s, "lwp_outbox_pending"), 1)
        r = harness.cli("mail", "send-pending", "--db", harness.db_url(self.db),
                        "--smtp-url", "smtp://127.0.0.1:%d" % self.smtp_port)
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stdout, "1 sent\n")   # no "failed (will be retried)" when none did
        self.assertEqual(len(self.sink.wait_for(1)), 1)
        r = harness.cli("mail", "send-pending", "--db", harness.db_url(self.db),
                        "--smtp-url", "smtp://127.0.0.1:%d" % self.smtp_port)
        self.assertEqual(r.stdout, "0 sent\n")
        r = harness.cli("mail", "send-pending", "--db", harness.db_url(self.db),
                        "--smtp-url", "http://x")
        self.assertEqual(r.returncode, 2, r)


if __name__ == "__main__":
    unittest.main()
