"""The scheduler: closes due rounds on time, opens scheduled ones and sends what is due, in the
server process, so no read ever has to.

``teampulse serve`` starts one per database file; deployments that prefer cron run
``teampulse tick`` instead. Each tick closes every due round in one transaction, opens every due
scheduled round in another, then sends the invitations and reminders due today
(:func:`pulse.schedules.tick`). Senders and the dashboard's address for links come from the
environment (docs/integrations.md); without them rounds still open and close, and nothing is sent.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable
from datetime import date

from pulse import schedules
from pulse.errors import PulseError

log = logging.getLogger(__name__)


class Scheduler:
    """A daemon thread that calls :meth:`tick` every ``interval`` seconds until :meth:`stop`."""

    def __init__(
        self,
        db,
        interval: float = 60.0,
        outbox: dict | None = None,
        base_url: str | None = None,
        today: Callable[[], date] = date.today,
    ):
        self.db = db
        self.interval = interval
        self.outbox = outbox
        self.base_url = base_url if base_url is not None else os.environ.get("TEAMPULSE_BASE_URL")
        self.today = today  # injectable, so a test can run a month of ticks in a moment
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> list[int]:
        """Close every due round, open every due scheduled round and send what is due; return the
        ids of the rounds closed."""
        if self.outbox is None:
            from pulse.invitations import outbox_from_env

            self.outbox = outbox_from_env(os.environ)
        return schedules.tick(self.db, self.today(), self.outbox or None, self.base_url).closed

    def start(self) -> Scheduler:
        if self._thread is None:
            self._tick_logged()  # on start, so a server that was down over a period end catches up at once
            self._thread = threading.Thread(target=self._run, name="teampulse-scheduler", daemon=True)
            self._thread.start()
            # Stopped before the interpreter ends: a daemon thread killed inside DuckDB aborts the
            # whole process ("terminate called after throwing ...").
            atexit.register(self.stop)
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._tick_logged()

    def _tick_logged(self) -> None:
        try:
            self.tick()
        except PulseError as e:  # a busy file, a conflict or a sender's settings: the next tick tries again
            log.warning("the scheduler's tick failed: %s", e)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
