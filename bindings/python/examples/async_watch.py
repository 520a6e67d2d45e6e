#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Watch notifications with asyncio while other tasks run.

Binds IDs from the simulator's doorbell partition (0x8003) and watches
them with ``async for event in session.events()``; a second task makes
the doorbell ring (sim_ring) every 50 ms.  Prints each event and exits 0
once `--count` events arrived, 1 if they did not within `--timeout`.

    python3 async_watch.py [--count 5] [--timeout 10]
"""

import argparse
import asyncio
import sys

import ffanotif

DOORBELL = 0x8003


async def ring(session, count):
    """The doorbell rings ID n, once per event wanted."""
    for n in range(count):
        await asyncio.sleep(0.05)
        session.sim_ring(DOORBELL, {n % 64})


async def watch(session, count):
    seen = []
    async for event in session.events():
        print("%#06x rang ids %s (seq %d)" % (
            event.sender, sorted(event.ids), event.seqno))
        seen.extend(sorted(event.ids))
        if len(seen) >= count:
            break
    return seen


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5,
                        help="events to receive, 1..64 (default 5)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds to wait for them (default 10)")
    args = parser.parse_args()
    if not 1 <= args.count <= 64:
        parser.error("--count must be 1..64")

    with ffanotif.Session(backend="sim") as session:
        session.bind(DOORBELL, range(args.count))
        ringer = asyncio.create_task(ring(session, args.count))
        try:
            seen = await asyncio.wait_for(watch(session, args.count),
                                          args.timeout)
        except TimeoutError:
            print("async_watch.py: not all %d events within %g s"
                  % (args.count, args.timeout), file=sys.stderr)
            return 1
        finally:
            ringer.cancel()
    if sorted(seen) != list(range(args.count)):
        print("async_watch.py: got ids %s" % seen, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
