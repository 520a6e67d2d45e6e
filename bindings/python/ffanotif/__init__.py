# SPDX-License-Identifier: LGPL-2.1-or-later
"""Arm FF-A notifications for Linux userspace: Python binding of libffanotif.

A Session binds notification IDs from secure partitions, rings partitions
and reads what arrives as Event records, from one file descriptor that
works with select, selectors and asyncio::

    import ffanotif

    with ffanotif.Session(backend="sim") as s:
        s.bind(0x8001, {3})           # ID 3, set by the echo partition
        s.send(0x8001, {3})           # ring it; it rings back
        if s.wait(timeout=1.0):
            for event in s.read_events():
                print(hex(event.sender), sorted(event.ids))

Errors are OSError subclasses carrying the library's errno
(PermissionError for EACCES and EPERM, BusyError -- a FileExistsError --
for EBUSY, ...); bad arguments raise TypeError or ValueError before the
library is called, and change nothing.

Threads: a Session (and a Monitor) may be shared between threads: its
calls are serialised by a lock of its own and run with the GIL released;
wait() takes no lock, so one thread may wait while another rings or
reads.  close() raises RuntimeError while another thread is inside a call.
"""

from ._ffanotif import (
    API_VERSION,
    BINDING_BINDING,
    BINDING_BOUND,
    BINDING_ORPHANED,
    BINDING_UNBINDING,
    CLOCK_BOOTTIME,
    CLOCK_MONOTONIC,
    CLOCK_REALTIME,
    EVENT_DROPPED_GAP,
    MAX_IDS,
    MONITOR_DELIVERED,
    MONITOR_SENT,
    MONITOR_UNCLAIMED,
    QUEUE_DEPTH_MAX,
    Binding,
    BusyError,
    Event,
    Info,
    ModuleStats,
    Monitor,
    MonitorEvent,
    Partition,
    Stats,
    api_version,
    module_bindings,
    module_partitions,
    module_stats,
)
from ._ffanotif import Session as _Session

__all__ = [
    "API_VERSION",
    "BINDING_BINDING",
    "BINDING_BOUND",
    "BINDING_ORPHANED",
    "BINDING_UNBINDING",
    "CLOCK_BOOTTIME",
    "CLOCK_MONOTONIC",
    "CLOCK_REALTIME",
    "EVENT_DROPPED_GAP",
    "MAX_IDS",
    "MONITOR_DELIVERED",
    "MONITOR_SENT",
    "MONITOR_UNCLAIMED",
    "QUEUE_DEPTH_MAX",
    "Binding",
    "BusyError",
    "Event",
    "Info",
    "ModuleStats",
    "Monitor",
    "MonitorEvent",
    "Partition",
    "Session",
    "Stats",
    "api_version",
    "module_bindings",
    "module_partitions",
    "module_stats",
]


class Session(_Session):
    """Session(backend=None): a libffanotif session.

    backend is "sim" (the in-process simulator), "device"
    (/dev/ffa-notif), "daemon" (ffa-notifd) or "auto"; None takes
    $FFANOTIF_BACKEND, else "auto".  Use it as a context manager: closing
    it unbinds everything it bound.

    Besides the blocking API (wait, read_events) it has an asyncio one:
    ``await session.wait_event()`` and ``async for event in
    session.events()``, built on ``loop.add_reader(session.fileno())``.
    One event loop at a time may wait on a session, and a session that
    tasks await is closed from that loop's thread (asyncio's loops are
    not thread-safe).
    """

    # Until __init__ ran (and after a failed one): no asyncio waiters.
    _aio_loop = None
    _aio_waiters = frozenset()

    def __init__(self, backend=None):
        super().__init__(backend)
        # asyncio waiters: the loop whose reader is registered on our fd,
        # and the futures it wakes.
        self._aio_loop = None
        self._aio_waiters = set()

    def close(self):
        """Close the session: everything it bound is unbound.

        Tasks awaiting wait_event() get ValueError.
        """
        if self._aio_waiters:
            waiters, self._aio_waiters = self._aio_waiters, set()
            self._aio_loop.remove_reader(self.fileno())
            self._aio_loop = None
            for fut in waiters:
                if not fut.done():
                    fut.set_exception(ValueError("the session is closed"))
        super().close()

    def _aio_readable(self):
        # The fd is readable: wake every waiter; each reads for itself.
        for fut in self._aio_waiters:
            if not fut.done():
                fut.set_result(None)

    async def _aio_wait_readable(self, loop):
        """Wait until the fd is readable; the reader is gone afterwards
        unless another task still waits (also when cancelled)."""
        if self._aio_loop is not None and self._aio_loop is not loop:
            raise RuntimeError("the session is awaited in another event loop")
        fut = loop.create_future()
        if not self._aio_waiters:
            loop.add_reader(self.fileno(), self._aio_readable)
            self._aio_loop = loop
        self._aio_waiters.add(fut)
        try:
            await fut
        finally:
            self._aio_waiters.discard(fut)
            if not self._aio_waiters and self._aio_loop is loop:
                loop.remove_reader(self.fileno())
                self._aio_loop = None

    async def wait_event(self, timeout=None):
        """Wait for the next event and return it (asyncio).

        timeout is in seconds (None: forever); TimeoutError once it has
        passed.  Events are taken one at a time, so those not returned
        stay queued in the session.  Cancelling the task removes the
        fd's reader and loses no event.
        """
        import asyncio

        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
                raise TypeError(
                    "timeout must be seconds (int or float) or None, not "
                    + type(timeout).__name__
                )
            if not timeout >= 0:
                raise ValueError("timeout must be >= 0 seconds (None: forever)")
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while True:
            events = self.read_events(max=1)
            if events:
                return events[0]
            if deadline is None:
                await self._aio_wait_readable(loop)
                continue
            left = deadline - loop.time()
            if left <= 0:
                raise TimeoutError("no event within %g s" % timeout)
            try:
                async with asyncio.timeout(left):
                    await self._aio_wait_readable(loop)
            except TimeoutError:
                # Checked once more: an event may have just come.
                events = self.read_events(max=1)
                if events:
                    return events[0]
                raise TimeoutError("no event within %g s" % timeout) from None

    async def events(self):
        """Every event as it comes (asyncio): ``async for e in s.events()``.

        Ends only when the session is closed or the task is cancelled;
        break out of the loop to stop.
        """
        while True:
            try:
                event = await self.wait_event()
            except ValueError:
                if self.closed:
                    return
                raise
            yield event
