"""Slowing down wrong codes and links on the public pages.

Two brakes, both in memory only and never written anywhere: a per-browser-session count that makes
each wrong entry wait longer (0.5 s, 1 s, 2 s ... up to 8 s), and a process-wide count per minute
that adds a wait for everybody when wrong entries pour in (someone guessing from many sessions).
With 80-bit codes guessing is hopeless anyway; this keeps it visibly so.
"""

from __future__ import annotations

import threading
import time

import streamlit as st

SESSION_KEY = "_wrong_entries"
MAX_DELAY = 8.0
BURST_PER_MINUTE = 30
sleep = time.sleep  # tests replace this


class _Burst:
    def __init__(self):
        self._lock = threading.Lock()
        self._minute = -1
        self._count = 0

    def add(self) -> int:
        minute = int(time.monotonic() // 60)
        with self._lock:
            if minute != self._minute:
                self._minute, self._count = minute, 0
            self._count += 1
            return self._count


_burst = _Burst()


def delay_for(wrong_in_session: int, wrong_this_minute: int) -> float:
    own = min(0.5 * 2 ** max(wrong_in_session - 1, 0), MAX_DELAY)
    crowd = 2.0 if wrong_this_minute > BURST_PER_MINUTE else 0.0
    return own + crowd


def wrong_entry() -> None:
    """Call after a wrong code or link: waits before the page shows its message."""
    count = st.session_state.get(SESSION_KEY, 0) + 1
    st.session_state[SESSION_KEY] = count
    sleep(delay_for(count, _burst.add()))
