# SPDX-License-Identifier: LGPL-2.1-or-later
"""Type stubs of the ffanotif package (the C extension and its asyncio
additions)."""

import uuid
from collections.abc import AsyncIterator, Iterable
from typing import NamedTuple, Optional, Self, SupportsIndex, Union

_Ids = Union[int, Iterable[SupportsIndex]]

API_VERSION: tuple[int, int]
MAX_IDS: int
BINDING_BINDING: int
BINDING_BOUND: int
BINDING_UNBINDING: int
BINDING_ORPHANED: int
EVENT_DROPPED_GAP: int
CLOCK_MONOTONIC: int
CLOCK_BOOTTIME: int
CLOCK_REALTIME: int
QUEUE_DEPTH_MAX: int
MONITOR_SENT: int
MONITOR_DELIVERED: int
MONITOR_UNCLAIMED: int

class BusyError(FileExistsError):
    """EBUSY: a notification ID is bound through a session already."""

class Event(NamedTuple):
    """These IDs, from this sender (on this vCPU), were set at least once
    since they were last read."""

    sender: int
    ids: frozenset[int]
    mask: int
    per_vcpu: bool
    vcpu: int
    timestamp_ns: int
    seqno: int
    dropped: int

class Stats(NamedTuple):
    bound: int
    events: int
    read: int
    coalesced: int
    dropped: int

class Info(NamedTuple):
    ffa_version: tuple[int, int]
    uapi_version: int
    backend: str
    own_id: int
    vcpu_count: int
    max_ids: int
    queue_depth: int
    sri_intid: int
    per_vcpu: bool
    sim_ring: bool
    sim_personality: Optional[str]

class Partition(NamedTuple):
    id: int
    uuid: uuid.UUID
    name: str
    vcpu_count: int
    properties: int
    receives_notifications: bool

class ModuleStats(NamedTuple):
    open_files: int
    delivered: int
    unclaimed: int
    release_failures: int
    sent: int
    sri: int
    fw_errors: int
    monitor_drops: int

class Binding(NamedTuple):
    id: int
    sender: int
    state: int
    pid: int
    comm: str
    file_id: int

class MonitorEvent(NamedTuple):
    kind: int
    sender: int
    receiver: int
    ids: frozenset[int]
    mask: int
    per_vcpu: bool
    vcpu: int
    timestamp_ns: int
    pid: int
    file_id: int

class Session:
    """A libffanotif session on a backend ("sim", "device", "daemon",
    "auto"; None: $FFANOTIF_BACKEND, else auto)."""

    def __init__(self, backend: str | None = None) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> bool: ...
    @property
    def backend(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def fileno(self) -> int: ...
    def bind(
        self, sender: int, ids: _Ids, per_vcpu: bool = False, exclusive: bool = False
    ) -> None: ...
    def unbind(self, sender: int, ids: _Ids) -> None: ...
    def watch(self, sender: int, ids: _Ids, per_vcpu: bool = False) -> None: ...
    def unwatch(self, sender: int, ids: _Ids) -> None: ...
    def send(
        self, receiver: int, ids: _Ids, per_vcpu: bool = False, vcpu: int = 0
    ) -> None: ...
    def sim_ring(
        self, sender: int, ids: _Ids, per_vcpu: bool = False, vcpu: int = 0
    ) -> None: ...
    def set_queue_depth(self, depth: int) -> None: ...
    def queue_depth(self) -> int: ...
    def set_event_clock(self, clock: int) -> None: ...
    def event_clock(self) -> int: ...
    def wait(self, timeout: float | None = None) -> bool: ...
    def read_events(self, max: int | None = None) -> list[Event]: ...
    def stats(self) -> Stats: ...
    def info(self) -> Info: ...
    def partitions(self) -> list[Partition]: ...
    async def wait_event(self, timeout: float | None = None) -> Event: ...
    def events(self) -> AsyncIterator[Event]: ...

class Monitor:
    """Every notification sent and delivered through ffa_notif.ko (needs
    CAP_SYS_ADMIN)."""

    def __init__(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> bool: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def fileno(self) -> int: ...
    def wait(self, timeout: float | None = None) -> bool: ...
    def read_event(self) -> MonitorEvent | None: ...

def api_version() -> str: ...
def module_stats() -> ModuleStats: ...
def module_partitions() -> list[Partition]: ...
def module_bindings() -> list[Binding]: ...
