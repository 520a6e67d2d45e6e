# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every bad argument is TypeError or ValueError, raised before the
library is called, with nothing changed; the library's refusals are
OSError subclasses with its errno."""

import errno
import os
import unittest

import ffanotif
from helpers import DOORBELL, ECHO, ECHO_PERCPU, sim_session


class Index:
    """An object with __index__ (as numpy's ints): taken as an int."""

    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class TestBadArguments(unittest.TestCase):
    def setUp(self):
        self.s = sim_session()
        self.s.bind(ECHO, {0})

    def tearDown(self):
        self.s.close()

    def assertUnchanged(self):
        st = self.s.stats()
        self.assertEqual(st.bound, 1 << 0)
        self.assertEqual(st.events, 0)

    def check(self, exc, call, *args, **kwargs):
        with self.assertRaises(exc):
            call(*args, **kwargs)
        self.assertUnchanged()

    def test_sender(self):
        s = self.s
        for bad in (-1, 0x10000, 2**70, -(2**70)):
            self.check(ValueError, s.bind, bad, {1})
            self.check(ValueError, s.unbind, bad, {0})
            self.check(ValueError, s.send, bad, {0})
            self.check(ValueError, s.sim_ring, bad, {0})
        for bad in ("0x8001", 32769.0, None, True, [ECHO], b"\x80\x01"):
            self.check(TypeError, s.bind, bad, {1})
            self.check(TypeError, s.unbind, bad, {0})
            self.check(TypeError, s.send, bad, {0})
            self.check(TypeError, s.sim_ring, bad, {0})
        # __index__ is an int.
        s.bind(Index(ECHO), {1})
        s.unbind(Index(ECHO), {1})

    def test_ids(self):
        s = self.s
        value_errors = (0, -1, 2**64, 2**100, [], set(), range(0), [64],
                        [-1], {0, 64}, [2**70])
        type_errors = ("3", b"\x01", bytearray(b"\x01"), 1.0, None, True,
                       [1.0], ["1"], [None], [True], object(), [[0]])
        for bad in value_errors:
            with self.subTest(ids=bad):
                self.check(ValueError, s.bind, ECHO, bad)
                self.check(ValueError, s.unbind, ECHO, bad)
                self.check(ValueError, s.send, ECHO, bad)
                self.check(ValueError, s.sim_ring, DOORBELL, bad)
        for bad in type_errors:
            with self.subTest(ids=bad):
                self.check(TypeError, s.bind, ECHO, bad)
                self.check(TypeError, s.unbind, ECHO, bad)
                self.check(TypeError, s.send, ECHO, bad)
                self.check(TypeError, s.sim_ring, DOORBELL, bad)
        # A generator that fails midway: its error, nothing bound.
        def gen():
            yield 1
            raise KeyError("midway")

        self.check(KeyError, s.bind, ECHO, gen())
        # The largest bitmask is fine as an argument (the library judges).
        with self.assertRaises(OSError):
            s.bind(ECHO, 2**64 - 1)
        self.assertUnchanged()

    def test_flags_and_vcpu(self):
        s = self.s
        for bad in (1, 0, None, "yes"):
            self.check(TypeError, s.bind, ECHO, {1}, per_vcpu=bad)
            self.check(TypeError, s.send, ECHO, {0}, per_vcpu=bad)
            self.check(TypeError, s.sim_ring, DOORBELL, {0}, per_vcpu=bad)
        for bad in (-1, 0x10000):
            self.check(ValueError, s.send, ECHO_PERCPU, {32}, per_vcpu=True, vcpu=bad)
        self.check(TypeError, s.send, ECHO_PERCPU, {32}, per_vcpu=True, vcpu=1.0)
        # A vCPU without per_vcpu: refused here, as the library would.
        self.check(ValueError, s.send, ECHO, {0}, vcpu=1)
        self.check(ValueError, s.sim_ring, DOORBELL, {0}, vcpu=1)

    def test_signatures(self):
        s = self.s
        self.check(TypeError, s.bind, ECHO)
        self.check(TypeError, s.bind, ECHO, {1}, False, 3)
        self.check(TypeError, s.bind, ECHO, {1}, flags=1)
        self.check(TypeError, s.unbind, ECHO)
        self.check(TypeError, s.send)
        self.check(TypeError, s.read_events, 1, 2)
        self.check(TypeError, s.stats, 1)
        self.check(TypeError, s.fileno, 1)

    def test_wait_timeout(self):
        s = self.s
        for bad in (-1, -0.5, float("nan"), float("-inf")):
            self.check(ValueError, s.wait, bad)
        for bad in ("1", True, [1], 1j):
            self.check(TypeError, s.wait, bad)
        # Huge is forever-ish, not an error; 0 only checks.
        self.assertFalse(s.wait(0))
        self.assertFalse(s.wait(timeout=0.01))

    def test_read_events_max(self):
        s = self.s
        for bad in (0, -1, 1025, 2**70):
            self.check(ValueError, s.read_events, bad)
        for bad in (1.0, "1", True):
            self.check(TypeError, s.read_events, max=bad)
        self.assertEqual(s.read_events(max=1024), [])
        self.assertEqual(s.read_events(1), [])

    def test_backend(self):
        for bad in ("", "simulator", "SIM", "sim\0"):
            with self.assertRaises(ValueError):
                ffanotif.Session(backend=bad)
        for bad in (1, b"sim", ["sim"]):
            with self.assertRaises(TypeError):
                ffanotif.Session(backend=bad)
        with self.assertRaises(TypeError):
            ffanotif.Session("sim", "extra")
        with self.assertRaises(TypeError):
            ffanotif.Monitor(1)

    def test_asyncio_timeout(self):
        import asyncio

        async def main():
            for bad in (-1, float("nan")):
                with self.assertRaises(ValueError):
                    await self.s.wait_event(bad)
            for bad in ("1", True):
                with self.assertRaises(TypeError):
                    await self.s.wait_event(bad)

        asyncio.run(main())
        self.assertUnchanged()


class TestErrno(unittest.TestCase):
    """The library's errors, as Python's OSError subclasses."""

    def test_ebusy(self):
        with sim_session() as a, sim_session() as b:
            a.bind(ECHO, {7})
            with self.assertRaises(ffanotif.BusyError) as cm:
                b.bind(ECHO, {7, 8})
            e = cm.exception
            self.assertIsInstance(e, FileExistsError)
            self.assertIsInstance(e, OSError)
            self.assertEqual(e.errno, errno.EBUSY)
            self.assertIn("bind", str(e))
            self.assertEqual(b.stats().bound, 0)  # all or nothing

    def test_eacces(self):
        with sim_session() as s:
            # The doorbell takes no notifications: DENIED.
            with self.assertRaises(PermissionError) as cm:
                s.send(DOORBELL, {1})
            self.assertEqual(cm.exception.errno, errno.EACCES)
            self.assertIn("send", cm.exception.strerror)
            # The echo partition bound only IDs 0-31 from us.
            with self.assertRaises(PermissionError):
                s.send(ECHO, {50})

    def test_einval(self):
        with sim_session() as s:
            s.bind(ECHO, {0})
            for call in (
                lambda: s.bind(0x0001, {1}),  # not a partition
                lambda: s.bind(0x8009, {1}),  # no such partition
                lambda: s.unbind(ECHO, {1}),  # not bound by us
                lambda: s.unbind(ECHO_PERCPU, {0}),  # another sender
                lambda: s.sim_ring(0x8009, {1}),
                lambda: s.sim_ring(DOORBELL, {1}, per_vcpu=True, vcpu=4),
            ):
                with self.assertRaises(OSError) as cm:
                    call()
                self.assertEqual(type(cm.exception), OSError)
                self.assertEqual(cm.exception.errno, errno.EINVAL)
                self.assertEqual(s.stats().bound, 1)

    def test_module_without_ffa_notif(self):
        # ffa_notif.ko is loaded only inside the booted kernels; here the
        # netlink family is absent: ENODEV, as the library documents.
        loaded = os.path.exists("/sys/module/ffa_notif")
        for call in (ffanotif.module_stats, ffanotif.module_partitions,
                     ffanotif.module_bindings, ffanotif.Monitor):
            with self.subTest(call=call.__name__):
                if loaded:
                    result = call()
                    if isinstance(result, ffanotif.Monitor):
                        result.close()
                    continue
                with self.assertRaises(OSError) as cm:
                    call()
                self.assertEqual(cm.exception.errno, errno.ENODEV)

    def test_unknown_device(self):
        # The device backend on a path that is not ffa-notif's device.
        old = os.environ.get("FFANOTIF_DEVICE")
        try:
            os.environ["FFANOTIF_DEVICE"] = "/nonexistent/ffa-notif"
            with self.assertRaises(FileNotFoundError) as cm:
                ffanotif.Session(backend="device")
            self.assertEqual(cm.exception.errno, errno.ENOENT)
            os.environ["FFANOTIF_DEVICE"] = "/dev/null"
            with self.assertRaises(OSError) as cm:
                ffanotif.Session(backend="device")
            self.assertEqual(cm.exception.errno, errno.ENODEV)
        finally:
            if old is None:
                os.environ.pop("FFANOTIF_DEVICE", None)
            else:
                os.environ["FFANOTIF_DEVICE"] = old


if __name__ == "__main__":
    unittest.main()
