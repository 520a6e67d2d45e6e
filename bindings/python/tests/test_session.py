# SPDX-License-Identifier: LGPL-2.1-or-later
"""The binding end to end on the simulator: bind, ring, receive."""

import errno
import selectors
import select
import unittest
import uuid

import ffanotif
from helpers import DOORBELL, ECHO, ECHO_PERCPU, collect, sim_session


class TestSession(unittest.TestCase):
    def test_open_close(self):
        s = sim_session()
        self.assertEqual(s.backend, "sim")
        self.assertFalse(s.closed)
        self.assertIsInstance(s.fileno(), int)
        self.assertIn("backend=sim", repr(s))
        s.close()
        self.assertTrue(s.closed)
        self.assertIn("closed", repr(s))
        s.close()  # twice: nothing
        for call in (s.fileno, s.read_events, s.stats, s.info, s.partitions):
            with self.assertRaises(ValueError):
                call()
        with self.assertRaises(ValueError):
            s.bind(ECHO, 1)
        with self.assertRaises(ValueError):
            s.wait(0)
        with self.assertRaises(ValueError):
            s.backend
        with self.assertRaises(ValueError):
            with s:
                pass

    def test_context_manager_unbinds(self):
        with sim_session() as s:
            s.bind(ECHO, {20})
            self.assertEqual(s.stats().bound, 1 << 20)
            with sim_session() as other:
                with self.assertRaises(ffanotif.BusyError):
                    other.bind(DOORBELL, {20})
        self.assertTrue(s.closed)
        # Closed: ID 20 is free again.
        with sim_session() as other:
            other.bind(DOORBELL, {20})

    def test_bind_exclusive_no_watch(self):
        # API 1.5: bind(exclusive=True) is exclusive; the simulator, like
        # the device, has no shared watch.
        with sim_session() as s, sim_session() as other:
            s.bind(ECHO, {21}, exclusive=True)
            with self.assertRaises(ffanotif.BusyError):
                other.bind(ECHO, {21}, exclusive=True)
            for call in (lambda: other.watch(ECHO, {21}),
                         lambda: other.unwatch(ECHO, {21})):
                with self.assertRaises(OSError) as cm:
                    call()
                self.assertEqual(cm.exception.errno, errno.EOPNOTSUPP)
            with self.assertRaises(TypeError):
                other.watch(ECHO, {22}, exclusive=True)
            s.unbind(ECHO, {21})
            other.bind(ECHO, {21}, exclusive=True)

    def test_echo(self):
        with sim_session() as s:
            s.bind(ECHO, {3})
            self.assertEqual(s.read_events(), [])
            self.assertFalse(s.wait(0))
            s.send(ECHO, {3})
            self.assertTrue(s.wait(5))
            events = s.read_events()
            self.assertEqual(len(events), 1)
            e = events[0]
            self.assertIsInstance(e, ffanotif.Event)
            self.assertEqual(e.sender, ECHO)
            self.assertEqual(e.ids, frozenset({3}))
            self.assertIsInstance(e.ids, frozenset)
            self.assertEqual(e.mask, 1 << 3)
            self.assertIs(e.per_vcpu, False)
            self.assertEqual(e.vcpu, 0)
            self.assertEqual(e.seqno, 1)
            self.assertGreater(e.timestamp_ns, 0)
            self.assertEqual(e.dropped, 0)
            self.assertFalse(s.wait(0))
            st = s.stats()
            self.assertIsInstance(st, ffanotif.Stats)
            self.assertEqual((st.bound, st.events, st.read), (1 << 3, 1, 1))
            self.assertEqual((st.coalesced, st.dropped), (0, 0))

    def test_ids_forms(self):
        # Bitmask, set, list, tuple, range, generator, frozenset: alike.
        forms = [
            0b11,
            {0, 1},
            [1, 0, 1],
            (0, 1),
            range(2),
            (i for i in (0, 1)),
            frozenset({0, 1}),
        ]
        for ids in forms:
            with self.subTest(ids=ids), sim_session() as s:
                s.bind(ECHO, ids)
                self.assertEqual(s.stats().bound, 0b11)
                s.send(ECHO, 0b11)
                events = collect(s, ECHO, 0b11)
                self.assertEqual(
                    frozenset().union(*(e.ids for e in events)), {0, 1}
                )
                s.unbind(ECHO, {0})
                self.assertEqual(s.stats().bound, 0b10)
                s.unbind(ECHO, [1])
                self.assertEqual(s.stats().bound, 0)

    def test_all_echo_ids(self):
        with sim_session() as s:
            s.bind(ECHO, range(32))
            s.send(ECHO, 0xFFFFFFFF)
            events = collect(s, ECHO, 0xFFFFFFFF)
            got = frozenset().union(*(e.ids for e in events))
            self.assertEqual(got, frozenset(range(32)))

    def test_per_vcpu(self):
        with sim_session() as s:
            s.bind(ECHO_PERCPU, {33, 40}, per_vcpu=True)
            for v in range(4):
                s.send(ECHO_PERCPU, {33}, per_vcpu=True, vcpu=v)
                self.assertTrue(s.wait(5))
                (e,) = s.read_events()
                self.assertEqual(e.sender, ECHO_PERCPU)
                self.assertIs(e.per_vcpu, True)
                self.assertEqual(e.vcpu, v)
                self.assertEqual(e.ids, {33})
            # vCPU 4 does not exist: the firmware says EINVAL.
            with self.assertRaises(OSError) as cm:
                s.send(ECHO_PERCPU, {33}, per_vcpu=True, vcpu=4)
            self.assertEqual(cm.exception.errno, 22)
            # A global SET of a per-vCPU binding: EINVAL too.
            with self.assertRaises(OSError) as cm:
                s.send(ECHO_PERCPU, {33})
            self.assertEqual(cm.exception.errno, 22)

    def test_doorbell_sim_ring(self):
        with sim_session() as s:
            s.bind(DOORBELL, {12})
            s.sim_ring(DOORBELL, {12})
            self.assertTrue(s.wait(5))
            (e,) = s.read_events()
            self.assertEqual((e.sender, e.ids, e.per_vcpu), (DOORBELL, {12}, False))

    def test_batches_and_seqno(self):
        with sim_session() as s:
            s.bind(ECHO_PERCPU, {40}, per_vcpu=True)
            s.bind(DOORBELL, {1})
            s.bind(ECHO, {2})
            for v in range(4):
                s.send(ECHO_PERCPU, {40}, per_vcpu=True, vcpu=v)
            s.sim_ring(DOORBELL, {1})
            s.send(ECHO, {2})
            # Six (sender, vCPU) records, read 4 then the rest.
            while s.stats().events < 6:
                s.wait(1)
            first = s.read_events(max=4)
            self.assertEqual(len(first), 4)
            self.assertTrue(s.wait(0))
            rest = s.read_events(max=100)
            self.assertEqual(len(rest), 2)
            self.assertEqual([e.seqno for e in first + rest], list(range(1, 7)))
            self.assertEqual(s.read_events(max=1), [])

    def test_coalescing(self):
        with sim_session() as s:
            s.bind(DOORBELL, {0, 1})
            s.sim_ring(DOORBELL, {0})
            while s.stats().events < 1:
                s.wait(1)
            for _ in range(5):
                s.sim_ring(DOORBELL, {1})
                s.sim_ring(DOORBELL, {0})
            (e,) = collect(s, DOORBELL, 0b11)
            self.assertEqual(e.ids, {0, 1})
            st = s.stats()
            self.assertEqual(st.events, 1)
            self.assertGreater(st.coalesced, 0)
            self.assertEqual(st.dropped, 0)

    def test_select_and_selectors(self):
        with sim_session() as s:
            s.bind(DOORBELL, {5})
            self.assertEqual(select.select([s], [], [], 0)[0], [])
            s.sim_ring(DOORBELL, {5})
            self.assertEqual(select.select([s], [], [], 5)[0], [s])
            with selectors.DefaultSelector() as sel:
                sel.register(s, selectors.EVENT_READ, "ffa")
                ready = sel.select(5)
                self.assertEqual([(k.fileobj, k.data) for k, _ in ready], [(s, "ffa")])
                s.read_events()
                self.assertEqual(sel.select(0), [])

    def test_info_and_partitions(self):
        with sim_session() as s:
            info = s.info()
            self.assertIsInstance(info, ffanotif.Info)
            self.assertEqual(info.backend, "sim")
            self.assertEqual(info.ffa_version, (1, 1))
            self.assertEqual(info.max_ids, ffanotif.MAX_IDS)
            self.assertEqual(info.queue_depth, 64)
            self.assertEqual(info.vcpu_count, 4)
            self.assertIs(info.per_vcpu, True)
            self.assertIs(info.sim_ring, True)
            self.assertEqual(info.sim_personality, "hafnium")
            parts = {p.id: p for p in s.partitions()}
            self.assertEqual(set(parts), {ECHO, ECHO_PERCPU, DOORBELL})
            self.assertEqual(parts[ECHO].name, "echo")
            self.assertEqual(parts[DOORBELL].name, "doorbell")
            self.assertIs(parts[DOORBELL].receives_notifications, False)
            self.assertIs(parts[ECHO].receives_notifications, True)
            self.assertEqual(parts[DOORBELL].vcpu_count, 1)
            self.assertIsInstance(parts[ECHO].uuid, uuid.UUID)
            self.assertEqual(
                parts[ECHO].uuid, uuid.UUID("f0a05ec0-0001-4ec0-8a11-0ec400000001")
            )

    def test_version(self):
        self.assertEqual(ffanotif.api_version(), "%d.%d" % ffanotif.API_VERSION)

    def test_event_dropped_gap(self):
        # The daemon backend's gap event after a reconnection (ffanotif.h).
        self.assertEqual(ffanotif.EVENT_DROPPED_GAP, 0xFFFFFFFF)

    def test_env_backend(self):
        import os

        old = os.environ.get("FFANOTIF_BACKEND")
        os.environ["FFANOTIF_BACKEND"] = "sim"
        try:
            with ffanotif.Session() as s:
                self.assertEqual(s.backend, "sim")
        finally:
            if old is None:
                del os.environ["FFANOTIF_BACKEND"]
            else:
                os.environ["FFANOTIF_BACKEND"] = old

    def test_auto_never_simulates(self):
        # No device and no daemon: auto (and None) is ENODEV, not "sim".
        import errno
        import os

        names = ("FFANOTIF_DEVICE", "FFANOTIFD_SOCKET", "FFANOTIF_BACKEND")
        old = {n: os.environ.get(n) for n in names}
        os.environ["FFANOTIF_DEVICE"] = "/nonexistent/ffa-notif"
        os.environ["FFANOTIFD_SOCKET"] = "/nonexistent/ffa-notifd.sock"
        os.environ.pop("FFANOTIF_BACKEND", None)
        try:
            for backend in ("auto", None):
                with self.assertRaises(OSError) as cm:
                    ffanotif.Session(backend)
                self.assertEqual(cm.exception.errno, errno.ENODEV)
        finally:
            for n, v in old.items():
                if v is None:
                    os.environ.pop(n, None)
                else:
                    os.environ[n] = v

    def test_queue_depth_and_clock(self):
        # API 1.4: the session's queue depth and timestamp clock.
        import time

        with sim_session() as s:
            self.assertEqual(s.queue_depth(), s.info().queue_depth)
            self.assertEqual(s.event_clock(), ffanotif.CLOCK_MONOTONIC)
            s.set_queue_depth(2)
            s.set_event_clock(ffanotif.CLOCK_REALTIME)
            self.assertEqual(s.queue_depth(), 2)
            self.assertEqual(s.event_clock(), ffanotif.CLOCK_REALTIME)
            for bad in (-1, ffanotif.QUEUE_DEPTH_MAX + 1, 1 << 70):
                with self.assertRaises(ValueError):
                    s.set_queue_depth(bad)
            for bad in ("2", True, 2.0):
                with self.assertRaises(TypeError):
                    s.set_queue_depth(bad)
            with self.assertRaises(ValueError):
                s.set_event_clock(3)
            self.assertEqual(s.queue_depth(), 2)
            s.bind(ECHO_PERCPU, {34}, per_vcpu=True)
            with self.assertRaises(ffanotif.BusyError):
                s.set_queue_depth(8)
            # Three per-vCPU echoes into a queue of 2: the first dropped.
            before = time.clock_gettime_ns(time.CLOCK_REALTIME)
            for v in range(3):
                s.send(ECHO_PERCPU, {34}, per_vcpu=True, vcpu=v)
            # The simulator delivers before send() returns.
            events = s.read_events()
            after = time.clock_gettime_ns(time.CLOCK_REALTIME)
            self.assertEqual([e.vcpu for e in events], [1, 2])
            self.assertEqual(events[0].dropped, 1)
            for e in events:
                self.assertTrue(before <= e.timestamp_ns <= after)
            self.assertEqual(s.stats().dropped, 1)
            # Unbound, everything read: configurable again.
            s.unbind(ECHO_PERCPU, {34})
            s.set_queue_depth(0)
            self.assertEqual(s.queue_depth(), s.info().queue_depth)
        with self.assertRaises(ValueError):
            s.set_queue_depth(1)  # closed
        with self.assertRaises(ValueError):
            s.event_clock()

    def test_docstrings(self):
        for name in ffanotif.__all__:
            obj = getattr(ffanotif, name)
            if callable(obj):
                self.assertTrue(obj.__doc__, name)
        for name in (
            "bind", "unbind", "watch", "unwatch", "send", "sim_ring", "wait", "read_events",
            "set_queue_depth", "queue_depth", "set_event_clock", "event_clock",
            "stats", "info", "partitions", "fileno", "close", "wait_event",
            "events",
        ):
            self.assertTrue(getattr(ffanotif.Session, name).__doc__, name)


if __name__ == "__main__":
    unittest.main()
