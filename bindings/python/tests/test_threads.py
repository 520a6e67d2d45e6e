# SPDX-License-Identifier: LGPL-2.1-or-later
"""Threads: the GIL is released while a call blocks, one Session may be
shared (its calls are serialised), sessions of their own run in
parallel, and close() refuses while another thread is inside a call."""

import signal
import threading
import time
import unittest

from helpers import DOORBELL, ECHO, ECHO_PERCPU, collect, sim_session


class TestThreads(unittest.TestCase):
    def test_wait_releases_the_gil(self):
        # A thread waits (up to 10 s); this one rings after 0.1 s.  Were
        # the GIL held while waiting, the ring could not run until the
        # wait timed out.
        with sim_session() as s:
            s.bind(DOORBELL, {9})
            result = {}

            def waiter():
                t0 = time.monotonic()
                result["ready"] = s.wait(10)
                result["took"] = time.monotonic() - t0

            t = threading.Thread(target=waiter)
            t.start()
            time.sleep(0.1)
            # Python code runs here meanwhile: the GIL is free.
            s.sim_ring(DOORBELL, {9})
            t.join(15)
            self.assertFalse(t.is_alive())
            self.assertIs(result["ready"], True)
            self.assertLess(result["took"], 5)
            self.assertEqual(s.read_events()[0].ids, {9})

    def test_wait_forever_is_interruptible(self):
        # wait(None) handles signals: a handler's exception comes out.
        with sim_session() as s:
            s.bind(DOORBELL, {10})

            class Alarm(Exception):
                pass

            def handler(signum, frame):
                raise Alarm()

            old = signal.signal(signal.SIGALRM, handler)
            try:
                signal.setitimer(signal.ITIMER_REAL, 0.1)
                t0 = time.monotonic()
                with self.assertRaises(Alarm):
                    s.wait(None)
                self.assertLess(time.monotonic() - t0, 5)
                # A handler that returns: the wait goes on (PEP 475).
                signal.signal(signal.SIGALRM, lambda *a: None)
                signal.setitimer(signal.ITIMER_REAL, 0.05)
                t0 = time.monotonic()
                self.assertFalse(s.wait(0.3))
                self.assertGreaterEqual(time.monotonic() - t0, 0.25)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)

    def test_shared_session(self):
        # Four threads ring, two read, all on one session; every ID rung
        # is read at least once.
        with sim_session() as s:
            s.bind(DOORBELL, range(64))
            seen = set()
            seen_lock = threading.Lock()
            errors = []
            stop = threading.Event()

            def ringer(base):
                try:
                    for round in range(50):
                        for i in range(16):
                            s.sim_ring(DOORBELL, {base + i})
                except Exception as e:  # reported below
                    errors.append(e)

            def reader():
                try:
                    while not stop.is_set():
                        if s.wait(0.05):
                            for e in s.read_events():
                                with seen_lock:
                                    seen.update(e.ids)
                except Exception as e:
                    errors.append(e)

            readers = [threading.Thread(target=reader) for _ in range(2)]
            ringers = [threading.Thread(target=ringer, args=(16 * k,)) for k in range(4)]
            for t in readers + ringers:
                t.start()
            for t in ringers:
                t.join(60)
            deadline = time.monotonic() + 10
            while len(seen) < 64 and time.monotonic() < deadline:
                time.sleep(0.01)
            stop.set()
            for t in readers:
                t.join(10)
            self.assertEqual(errors, [])
            self.assertEqual(seen, set(range(64)))
            st = s.stats()
            self.assertEqual(st.read, st.events)
            self.assertEqual(st.dropped, 0)

    def test_sessions_per_thread(self):
        errors = []

        def worker(k):
            try:
                ids = {8 * k + i for i in range(8)}
                with sim_session() as s:
                    s.bind(ECHO, ids)
                    for _ in range(100):
                        s.send(ECHO, ids)
                        collect(s, ECHO, sum(1 << i for i in ids))
            except Exception as e:
                errors.append(e)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])

    def test_reentry_from_gc(self):
        # A garbage collection while read_events() makes its Event objects
        # may run code that uses the same session (a gc callback here, a
        # finalizer in real life): it must not find the session locked.
        import gc

        with sim_session() as s:
            # Six records: the doorbell, the echo, four vCPUs.
            s.bind(DOORBELL, {1})
            s.bind(ECHO, {2})
            s.bind(ECHO_PERCPU, {40}, per_vcpu=True)
            s.sim_ring(DOORBELL, {1})
            s.send(ECHO, {2})
            for v in range(4):
                s.send(ECHO_PERCPU, {40}, per_vcpu=True, vcpu=v)
            deadline = time.monotonic() + 10
            while s.stats().events < 6 and time.monotonic() < deadline:
                s.wait(0.1)
            calls = []

            def callback(phase, info):
                if phase == "start":
                    calls.append(s.stats().bound)

            result = {}

            def body():
                old = gc.get_threshold()
                gc.callbacks.append(callback)
                gc.set_threshold(1)
                try:
                    result["events"] = s.read_events()
                finally:
                    gc.set_threshold(*old)
                    gc.callbacks.remove(callback)

            t = threading.Thread(target=body, daemon=True)
            t.start()
            t.join(30)
            self.assertFalse(t.is_alive(), "read_events() deadlocked")
            self.assertEqual(len(result["events"]), 6)
            self.assertIn(1 << 1 | 1 << 2 | 1 << 40, calls)

    def test_close_while_waiting(self):
        with sim_session() as s:
            s.bind(DOORBELL, {11})
            started = threading.Event()

            def waiter():
                started.set()
                s.wait(10)

            t = threading.Thread(target=waiter)
            t.start()
            started.wait()
            time.sleep(0.05)
            with self.assertRaises(RuntimeError):
                s.close()
            self.assertFalse(s.closed)
            s.sim_ring(DOORBELL, {11})
            t.join(15)
            self.assertFalse(t.is_alive())
        self.assertTrue(s.closed)


if __name__ == "__main__":
    unittest.main()
