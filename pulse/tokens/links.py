"""Personal links: a single-use code inside a URL, one per person, so each answer is one person's.

The shared team link (anyone holding it could answer once per browser session) let one person
answer many times from many sessions, and a facilitator's shared perspective link let anyone write
filler: rows that one person can multiply must not count towards k (DESIGN.md rule 4). A personal
link is nothing but a code, so it is spent, refused and forgotten exactly like one.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlencode

from pulse.errors import LinkBusy, LinkInvalid
from pulse.tokens.codes import round_for_code as round_for_code  # where callers of the old team links look

# What an old shared link (``?link=`` for pulses, ``?plink=`` for perspectives) is told.
SHARED_LINK_RETIRED = (
    "Shared links no longer work: every person now gets a personal link or a one-time code."
    " Ask your coach or facilitator for yours."
)


def personal_link(base_url: str, code: str, page: str = "") -> str:
    """The URL that opens ``page`` of the dashboard at ``base_url`` with ``code`` filled in."""
    return f"{base_url.rstrip('/')}/{page}?{urlencode({'code': code})}"


def pulse_link(base_url: str, code: str) -> str:
    return personal_link(base_url, code)


def perspective_link(base_url: str, code: str) -> str:
    return personal_link(base_url, code, "perspective")


def refuse_shared_link() -> None:
    """Raise ``LinkInvalid`` for a shared link from before links became personal."""
    raise LinkInvalid(SHARED_LINK_RETIRED)


class LinkRateLimit:
    """At most ``limit`` uses of one link per fixed window of ``window`` seconds, in this process.

    Only a count per link and window is kept, never when a use happened: a fixed window rather than
    a sliding one, so nothing resembling a submission time exists even in memory.
    """

    def __init__(self, limit: int = 30, window: float = 600.0, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}

    def take(self, key: str) -> None:
        """Count one use of the link ``key``; ``LinkBusy`` when the link is over its limit."""
        bucket = int(self._clock() // self.window)
        with self._lock:
            seen_bucket, count = self._counts.get(key, (bucket, 0))
            if seen_bucket != bucket:
                count = 0
            if count >= self.limit:
                raise LinkBusy("this link is being used very often: please try again in a few minutes")
            self._counts[key] = (bucket, count + 1)
