# SPDX-License-Identifier: LGPL-2.1-or-later
"""Reference and memory leaks: 10,000 sessions opened, used and closed
(with events read), then the same for errors.  A warm-up phase first,
then two equal phases: what the second adds over the first must be
noise, and the references to the objects every iteration passes in must
not grow at all.  A leak of one small object per iteration (a reference
to an Event, a session's buffer) is tens of kilobytes per phase, far
above the noise allowed."""

import errno
import gc
import sys
import tracemalloc
import unittest

import ffanotif
from helpers import DOORBELL, open_fds

ITERATIONS = 10000
WARMUP = 1000
# Bytes a phase may add to what Python has allocated (the interpreter's
# own caches settle during the warm-up; a leak of 16 bytes an iteration
# is 64 KB a phase).
NOISE = 16 * 1024


class TestLeaks(unittest.TestCase):
    def run_phases(self, body, shared):
        """Run body() WARMUP times, then twice (ITERATIONS - WARMUP) / 2:
        returns the traced memory growth of each measured phase and
        checks the fds and the references to `shared`."""
        phase = (ITERATIONS - WARMUP) // 2
        for _ in range(WARMUP):
            body()
        gc.collect()
        refs = [sys.getrefcount(o) for o in shared]
        fds = open_fds()
        tracemalloc.start()
        try:
            growth = []
            for _ in range(2):
                gc.collect()
                before = tracemalloc.get_traced_memory()[0]
                for _ in range(phase):
                    body()
                gc.collect()
                growth.append(tracemalloc.get_traced_memory()[0] - before)
        finally:
            tracemalloc.stop()
        gc.collect()
        self.assertEqual([sys.getrefcount(o) for o in shared], refs,
                         "references to shared objects grew")
        self.assertEqual(open_fds(), fds, "file descriptors leaked")
        return growth

    def test_open_read_close(self):
        backend = "sim"
        sender = DOORBELL
        ids = [4, 5]
        big = 1 << 40 | 1 << 41

        def body():
            with ffanotif.Session(backend=backend) as s:
                s.bind(sender, ids)
                s.bind(sender, big)
                s.sim_ring(sender, ids)
                s.sim_ring(sender, big)
                while not s.wait(5):
                    pass
                got = 0
                while got != (big | 0b110000):
                    for e in s.read_events():
                        got |= e.mask
                        e.ids, e.sender, repr(e)
                    if got != (big | 0b110000):
                        s.wait(5)
                s.stats(), s.info(), s.partitions()
                s.unbind(sender, ids)

        growth = self.run_phases(
            body, [backend, sender, ids, big, ffanotif.Session, ffanotif.Event]
        )
        for g in growth:
            self.assertLess(g, NOISE, "memory grew by %d bytes in a phase" % g)

    def test_errors(self):
        ids = {1}

        def body():
            s = ffanotif.Session(backend="sim")
            try:
                s.send(DOORBELL, ids)
            except PermissionError as e:
                assert e.errno == errno.EACCES
            try:
                s.bind(DOORBELL, [64])
            except ValueError:
                pass
            try:
                s.bind(DOORBELL, "x")
            except TypeError:
                pass
            s.close()
            try:
                s.read_events()
            except ValueError:
                pass

        growth = self.run_phases(body, [ids, ffanotif.Session])
        for g in growth:
            self.assertLess(g, NOISE, "memory grew by %d bytes in a phase" % g)


if __name__ == "__main__":
    unittest.main()
