#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Ring the echo partition and receive its echo.

Binds notification IDs from the simulator's echo partition (0x8001),
rings it with send(), waits for the events it sets back and prints them.
Exits 0 once every ID rung came back, 1 otherwise.

    python3 ring.py [--backend sim] [ID...]
"""

import argparse
import sys
import time

import ffanotif

ECHO = 0x8001


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sim",
                        help="sim (default), device, daemon or auto")
    parser.add_argument("--timeout", type=float, default=5.0,
                        help="seconds to wait for the echo (default 5)")
    parser.add_argument("ids", nargs="*", type=int, default=[3, 7],
                        help="IDs to ring, 0..31 (default 3 7)")
    args = parser.parse_args()

    want = set(args.ids)
    got = set()
    with ffanotif.Session(backend=args.backend) as session:
        session.bind(ECHO, want)
        session.send(ECHO, want)
        deadline = time.monotonic() + args.timeout
        while got != want:
            left = deadline - time.monotonic()
            if left <= 0 or not session.wait(left):
                break
            for event in session.read_events():
                print("%#06x rang ids %s (seq %d, %s)" % (
                    event.sender, sorted(event.ids), event.seqno,
                    "vcpu %d" % event.vcpu if event.per_vcpu else "global"))
                got |= event.ids
    if got != want:
        print("ring.py: no echo for ids %s" % sorted(want - got), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
