"""The scheduler: closes due rounds on time, in the server process, so no read ever has to.

``teampulse serve`` starts one per database file; deployments that prefer cron run
``teampulse close-due`` instead. Each tick closes every due round in one transaction.
"""

from __future__ import annotations

import atexit
import logging
import threading

from pulse.closing import close_due_rounds
from pulse.errors import PulseError

log = logging.getLogger(__name__)


class Scheduler:
    """A daemon thread that calls :meth:`tick` every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, db, interval: float = 60.0):
        self.db = db
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> list[int]:
        """Close every due round now; return their ids."""
        return close_due_rounds(self.db)

    def start(self) -> Scheduler:
        if self._thread is None:
            self.tick()  # on start, so a server that was down over a period end catches up at once
            self._thread = threading.Thread(target=self._run, name="teampulse-scheduler", daemon=True)
            self._thread.start()
            # Stopped before the interpreter ends: a daemon thread killed inside DuckDB aborts the
            # whole process ("terminate called after throwing ...").
            atexit.register(self.stop)
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except PulseError as e:  # a busy file or a conflict: the next tick tries again
                log.warning("closing due rounds failed: %s", e)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
