"""The mixing buffer: accepted submissions wait in memory and reach the file in shuffled batches.

Written one by one, each submission would be one transaction in DuckDB's write-ahead log, next to
the spent code's row, in arrival order: a copy of the log joins a code (and the name it was handed
to) to its answers and comment. Held here instead, submissions are written only in batches of at
least k, in random order, so the file can never tell apart the members of a batch. The buffer keeps
k submissions back after each flush, so the batch written when the round closes has k or more
too (unless the round never reached k at all, when its figures are suppressed anyway).

What a crash loses: everything still in the buffer (up to 2k - 1 submissions per round). An orderly
stop (``Database.close``, the end of the process) writes it. The pulse page says so.
"""

from __future__ import annotations

import atexit
import random
import threading
import weakref
from collections.abc import Callable, Hashable


class MixingBuffer:
    """Pending items per owner (a round, a review), flushed through ``write(owner, items)``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[Hashable, list] = {}
        self._random = random.SystemRandom()

    def add(self, owner: Hashable, item, k: int) -> list | None:
        """Hold ``item``; return a shuffled batch to write now when the owner holds 2k or more."""
        with self._lock:
            pending = self._pending.setdefault(owner, [])
            pending.append(item)
            if len(pending) < 2 * k:
                return None
            self._random.shuffle(pending)
            batch, self._pending[owner] = pending[k:], pending[:k]
            return batch

    def drain(self, owners=None) -> dict[Hashable, list]:
        """Take everything pending for ``owners`` (all when None), each list shuffled."""
        with self._lock:
            keys = list(self._pending) if owners is None else [o for o in owners if o in self._pending]
            taken = {key: self._pending.pop(key) for key in keys}
        for items in taken.values():
            self._random.shuffle(items)
        return {key: items for key, items in taken.items() if items}

    def put_back(self, taken: dict[Hashable, list]) -> None:
        """Return drained items after a failed write, so nothing accepted is lost to a conflict."""
        with self._lock:
            for key, items in taken.items():
                self._pending.setdefault(key, []).extend(items)

    def counts(self) -> dict[Hashable, int]:
        """How many items wait per owner: participation, which may show live."""
        with self._lock:
            return {owner: len(items) for owner, items in self._pending.items()}


def buffer_of(db, kind: str) -> MixingBuffer:
    """The buffer of one kind of submission ("responses", "perspectives") for one Database."""
    buffers = db.__dict__.setdefault("_mixing", {})
    if kind not in buffers:
        buffers[kind] = MixingBuffer()
    return buffers[kind]


def pending_counts(db, kind: str) -> dict:
    """Items waiting per owner in ``db``'s buffer of ``kind`` (empty when it has none)."""
    buffers = db.__dict__.get("_mixing", {})
    return buffers[kind].counts() if kind in buffers else {}


def flush_on_close(db, kind: str, write: Callable[[dict], None]) -> None:
    """Register how an orderly stop (``Database.close`` or the end of the process) writes what the
    buffer of ``kind`` still holds."""
    flushers = db.__dict__.setdefault("_flushers", {})
    if not flushers:
        atexit.register(_close_if_alive, weakref.ref(db))
    flushers[kind] = lambda: _flush(db, kind, write)


def _flush(db, kind: str, write: Callable[[dict], None]) -> None:
    taken = buffer_of(db, kind).drain()
    if taken:
        write(taken)


def _close_if_alive(ref) -> None:
    db = ref()
    if db is not None:
        db.close()
