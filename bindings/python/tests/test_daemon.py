# SPDX-License-Identifier: LGPL-2.1-or-later
"""The binding on the daemon backend: an ffa-notifd of the test's own, on
its simulator.  The in-process simulator cannot overflow a session (it
holds at most one record per (sender, vCPU), six in all, against a
queue of 64), so overflow and `dropped` are tested here, where a client
that does not read loses its oldest events once its queue (client-queue
4) is full, and is told in its next event."""

import errno
import os
import socket
import subprocess
import tempfile
import time
import unittest

import ffanotif
from helpers import ECHO, ECHO_PERCPU, collect

FFA_NOTIFD = os.environ.get("FFA_NOTIFD")


class Daemon:
    """ffa-notifd from the build tree, ready once it sent READY=1 to a
    notification socket of ours."""

    def __init__(self, config):
        if not FFA_NOTIFD or not os.access(FFA_NOTIFD, os.X_OK):
            raise AssertionError(
                "FFA_NOTIFD must name the ffa-notifd built with this binding "
                "(meson test sets it), got %r" % FFA_NOTIFD
            )
        self.dir = tempfile.TemporaryDirectory(prefix="ffanotif-py-")
        self.sock = os.path.join(self.dir.name, "ffa-notifd.sock")
        conf = os.path.join(self.dir.name, "ffa-notifd.conf")
        with open(conf, "w") as f:
            f.write("backend sim\nsocket %s\n%s" % (self.sock, config))
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify_path = os.path.join(self.dir.name, "notify")
        notify.bind(notify_path)
        self.log = open(os.path.join(self.dir.name, "log"), "w+")
        env = dict(os.environ, NOTIFY_SOCKET=notify_path)
        # Under ASan the interpreter preloads the sanitizer runtime; the
        # daemon is a sanitized program with its own (two would clash).
        env.pop("LD_PRELOAD", None)
        self.proc = subprocess.Popen(
            [FFA_NOTIFD, "--config", conf], env=env, stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        notify.settimeout(30)
        try:
            while b"READY=1" not in notify.recv(4096):
                pass
        except OSError:
            output = self.output()
            self.stop()
            raise AssertionError("ffa-notifd did not get ready: " + output)
        finally:
            notify.close()

    def output(self):
        self.log.seek(0)
        return self.log.read()

    def session(self):
        old = os.environ.get("FFANOTIFD_SOCKET")
        os.environ["FFANOTIFD_SOCKET"] = self.sock
        try:
            return ffanotif.Session(backend="daemon")
        finally:
            if old is None:
                del os.environ["FFANOTIFD_SOCKET"]
            else:
                os.environ["FFANOTIFD_SOCKET"] = old

    def stop(self):
        """SIGTERM; its exit status."""
        if self.proc.poll() is None:
            self.proc.terminate()
        code = self.proc.wait(30)
        self.log.close()
        self.dir.cleanup()
        return code


ROOT_RULE = "allow all user:%d * *\n" % os.getuid()


class TestDaemon(unittest.TestCase):
    def test_watch_and_ring(self):
        d = Daemon(ROOT_RULE)
        try:
            with d.session() as a, d.session() as b:
                self.assertEqual(a.backend, "daemon")
                # On the daemon a bind (API 1.x) is a watch: both may bind ID 3.
                a.bind(ECHO, {3})
                b.bind(ECHO, {3})
                a.send(ECHO, {3})
                for s in (a, b):
                    (e,) = collect(s, ECHO, 1 << 3)
                    self.assertEqual((e.sender, e.ids, e.dropped), (ECHO, {3}, 0))
                # Another mode of the same ID: EBUSY, as BusyError.
                with self.assertRaises(ffanotif.BusyError):
                    b.bind(ECHO_PERCPU, {3}, per_vcpu=True)
                self.assertIn(ECHO, {p.id for p in a.partitions()})
        finally:
            self.assertEqual(d.stop(), 0)

    def test_watch_shared_bind_exclusive(self):
        d = Daemon(ROOT_RULE)
        try:
            with d.session() as a, d.session() as b:
                # API 1.5: watch is shared; an exclusive bind holds the
                # IDs alone, and is had only where nobody watches.
                a.watch(ECHO, {4})
                b.watch(ECHO, {4})
                with self.assertRaises(OSError) as cm:
                    b.bind(ECHO, {4}, exclusive=True)
                self.assertEqual(cm.exception.errno, errno.EBUSY)
                b.bind(ECHO, {5}, exclusive=True)
                with self.assertRaises(OSError) as cm:
                    a.watch(ECHO, {5})
                self.assertEqual(cm.exception.errno, errno.EBUSY)
                b.unbind(ECHO, {5})
                a.send(ECHO, {4})
                for s in (a, b):
                    (e,) = collect(s, ECHO, 1 << 4)
                    self.assertEqual(e.ids, {4})
                a.unwatch(ECHO, {4})
                self.assertEqual(a.stats().bound, 0)
                self.assertEqual(b.stats().bound, 1 << 4)
        finally:
            self.assertEqual(d.stop(), 0)

    def test_overflow_dropped(self):
        d = Daemon("client-queue 4\n" + ROOT_RULE)
        try:
            with d.session() as fast, d.session() as slow:
                for s in (fast, slow):
                    s.bind(ECHO, range(32))
                    s.bind(ECHO_PERCPU, range(32, 48), per_vcpu=True)
                # Five (sender, vCPU) pairs against a queue of four:
                # once its socket is full, the slow client's queue drops.
                for i in range(1500):
                    fast.send(ECHO, {i % 32})
                    fast.send(ECHO_PERCPU, {32 + i % 16}, per_vcpu=True, vcpu=i % 4)
                    collect(fast, ECHO, 1 << (i % 32))
                fast_stats = fast.stats()
                self.assertEqual(fast_stats.dropped, 0)
                dropped = 0
                events = 0
                while slow.wait(0.5):
                    batch = slow.read_events()
                    if not batch:
                        break
                    events += len(batch)
                    dropped += sum(e.dropped for e in batch)
                st = slow.stats()
                self.assertGreater(st.dropped, 0)
                self.assertEqual(dropped, st.dropped)
                self.assertGreater(events, 0)
                # And it is served as before.
                slow.send(ECHO, {31})
                collect(slow, ECHO, 1 << 31)
        finally:
            self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
