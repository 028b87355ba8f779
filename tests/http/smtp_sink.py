"""A real SMTP server on loopback for the tests: Debian's aiosmtpd, storing
each message it receives as a file NNNN.eml in a directory.

usage: smtp_sink.py PORT DIR   (runs until killed; prints "ready" when listening)
It runs under Debian's /usr/bin/python3, where python3-aiosmtpd lives.
"""
import os
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.count = len(os.listdir(directory))

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.directory, "%04d.eml" % self.count)
        tmp = name + ".tmp"
        with open(tmp, "wb") as f:
            f.write(("X-Envelope-To: %s\r\n" % ",".join(envelope.rcpt_tos)).encode())
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, name)
        return "250 OK"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Store(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


main()
