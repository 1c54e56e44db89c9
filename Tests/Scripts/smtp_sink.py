#!/usr/bin/env python3
"""A real SMTP server on loopback for the `pubpack send` tests (aiosmtpd).

Usage: smtp_sink.py OUTDIR
Binds 127.0.0.1 on a free port, writes the port to OUTDIR/port, and writes each message it
accepts to OUTDIR/NNN.json ({"mail_from", "rcpt_tos", "data"}). A recipient whose address
starts with "refuse" is refused at RCPT with 550. Stops after 120 seconds at the latest, or
when the test ends it.
"""
import json
import os
import signal
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller

# The test starts this with signals blocked (Foundation's Process on Linux passes its mask on):
# unblock SIGTERM so that the test can stop it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
signal.signal(signal.SIGTERM, signal.SIG_DFL)
out = sys.argv[1]
count = 0
lock = threading.Lock()


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("refuse"):
            return "550 5.1.1 <%s>: Recipient address rejected: no such mailbox" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count
        with lock:
            count += 1
            n = count
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.original_content.decode("utf-8", "replace"),
        }
        path = os.path.join(out, "%03d.json" % n)
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 Ok: queued as TEST%03d" % n


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
try:
    time.sleep(120)
finally:
    controller.stop()
