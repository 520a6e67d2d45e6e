# SPDX-License-Identifier: LGPL-2.1-or-later
"""asyncio: wait_event() and events() on loop.add_reader(fileno),
timeouts, cancellation (the reader goes, no event is lost)."""

import asyncio
import unittest

from helpers import DOORBELL, ECHO, sim_session


def reader_left(loop, session):
    """Whether a reader is still registered on the session's fd
    (remove_reader() says so, and removes it)."""
    return loop.remove_reader(session.fileno())


class TestAsyncio(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.loop = asyncio.get_running_loop()
        self.s = sim_session()
        self.s.bind(DOORBELL, {1, 2, 3})

    async def asyncTearDown(self):
        self.s.close()

    async def test_wait_event(self):
        self.loop.call_later(0.05, self.s.sim_ring, DOORBELL, {2})
        e = await self.s.wait_event(timeout=5)
        self.assertEqual((e.sender, e.ids), (DOORBELL, {2}))
        self.assertFalse(reader_left(self.loop, self.s))

    async def test_already_queued(self):
        self.s.sim_ring(DOORBELL, {1})
        self.s.wait(5)
        e = await self.s.wait_event(timeout=0)
        self.assertEqual(e.ids, {1})

    async def test_timeout(self):
        t0 = self.loop.time()
        with self.assertRaises(TimeoutError):
            await self.s.wait_event(timeout=0.1)
        self.assertGreaterEqual(self.loop.time() - t0, 0.09)
        self.assertFalse(reader_left(self.loop, self.s))
        with self.assertRaises(TimeoutError):
            await self.s.wait_event(timeout=0)
        # asyncio.wait_for around it works too.
        with self.assertRaises(TimeoutError):
            await asyncio.wait_for(self.s.wait_event(), 0.05)
        self.assertFalse(reader_left(self.loop, self.s))

    async def test_cancel(self):
        task = asyncio.create_task(self.s.wait_event())
        await asyncio.sleep(0.05)
        self.assertFalse(task.done())
        task.cancel()
        with self.assertRaises(asyncio.CancelledError):
            await task
        # No reader left behind...
        self.assertFalse(reader_left(self.loop, self.s))
        # ...and the next wait works, and gets what was rung.
        self.loop.call_later(0.05, self.s.sim_ring, DOORBELL, {3})
        e = await self.s.wait_event(timeout=5)
        self.assertEqual(e.ids, {3})
        self.assertFalse(reader_left(self.loop, self.s))

    async def test_cancel_loses_nothing(self):
        # Rung, then the waiter cancelled before it ran: still queued.
        task = asyncio.create_task(self.s.wait_event())
        await asyncio.sleep(0.01)
        self.s.sim_ring(DOORBELL, {1})
        self.s.wait(5)
        task.cancel()
        try:
            e = await task
            got = e.ids  # it won the race: it has the event
        except asyncio.CancelledError:
            got = (await self.s.wait_event(timeout=5)).ids
        self.assertEqual(got, {1})
        self.assertFalse(reader_left(self.loop, self.s))

    async def test_events_iterator(self):
        async def ring():
            for i in (1, 2, 3):
                await asyncio.sleep(0.02)
                self.s.sim_ring(DOORBELL, {i})
                # One event per ring: let it be read before the next.
                while self.s.stats().events < i:
                    await asyncio.sleep(0.005)

        ringer = asyncio.create_task(ring())
        got = []
        async with asyncio.timeout(10):
            async for event in self.s.events():
                got.append(event.ids)
                if len(got) == 3:
                    break
        await ringer
        self.assertEqual(got, [{1}, {2}, {3}])
        self.assertFalse(reader_left(self.loop, self.s))

    async def test_two_waiters(self):
        with sim_session() as other:
            other.bind(ECHO, {4})
            a = asyncio.create_task(self.s.wait_event(timeout=1))
            b = asyncio.create_task(self.s.wait_event(timeout=1))
            c = asyncio.create_task(other.wait_event(timeout=5))
            await asyncio.sleep(0.02)
            self.s.sim_ring(DOORBELL, {1})
            other.send(ECHO, {4})
            first, second = await asyncio.gather(a, b, return_exceptions=True)
            # One got the event; the other waited on and timed out --
            # unless both rings were queued separately (they coalesce).
            results = [r for r in (first, second) if not isinstance(r, Exception)]
            self.assertEqual([r.ids for r in results], [{1}])
            self.assertTrue(
                any(isinstance(r, TimeoutError) for r in (first, second))
            )
            self.assertEqual((await c).ids, {4})
            self.assertFalse(reader_left(self.loop, other))
        self.assertFalse(reader_left(self.loop, self.s))

    async def test_close_while_waiting(self):
        task = asyncio.create_task(self.s.wait_event())
        await asyncio.sleep(0.02)
        fd = self.s.fileno()
        self.s.close()
        with self.assertRaises(ValueError):
            await task
        self.assertFalse(self.loop.remove_reader(fd))

    async def test_events_end_on_close(self):
        async def consume():
            n = 0
            async for _ in self.s.events():
                n += 1
            return n

        task = asyncio.create_task(consume())
        await asyncio.sleep(0.02)
        self.s.sim_ring(DOORBELL, {2})
        while self.s.stats().read < 1:
            await asyncio.sleep(0.005)
        self.s.close()
        self.assertEqual(await asyncio.wait_for(task, 5), 1)


if __name__ == "__main__":
    unittest.main()
