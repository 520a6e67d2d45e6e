# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the binding's tests share: the simulator's partitions and a reader
that collects events until the wanted IDs arrived."""

import os
import time

import ffanotif

# The simulator's partitions (protocol/ffp_spmc_partitions.c).
ECHO = 0x8001  # IDs 0-31, global: sets back what is set
ECHO_PERCPU = 0x8002  # IDs 32-47 per vCPU: echoes on the same vCPU
DOORBELL = 0x8003  # takes nothing; rings us through sim_ring()


def sim_session():
    """A session on the simulator, always named explicitly."""
    return ffanotif.Session(backend="sim")


def collect(session, sender, mask, timeout=5.0, per_vcpu=None, vcpu=None):
    """Read events until the IDs of `mask` from `sender` all arrived.

    Returns the events read; fails (AssertionError) after `timeout`
    seconds, saying what was missing.
    """
    deadline = time.monotonic() + timeout
    got = 0
    events = []
    while got & mask != mask:
        left = deadline - time.monotonic()
        if left <= 0 or not session.wait(left):
            raise AssertionError(
                "from %#x: wanted ids %#x, got %#x in %r"
                % (sender, mask, got, events)
            )
        for e in session.read_events():
            events.append(e)
            if e.sender != sender:
                continue
            if per_vcpu is not None and e.per_vcpu != per_vcpu:
                continue
            if vcpu is not None and e.vcpu != vcpu:
                continue
            got |= e.mask
    return events


def open_fds():
    """How many fds this process has open."""
    return len(os.listdir("/proc/self/fd"))
