"""The DuckDB store: one connection per process, a cursor per unit of work, migrations on open."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pulse.errors import DatabaseBusy, PulseError
from pulse.store import migrations

DEFAULT_DB = Path("data") / "teampulse.duckdb"
# DuckDB reports a write-write conflict between concurrent transactions as a TransactionException;
# a short retry lets the loser re-read state (e.g. see that a code is now spent).
_CONFLICT_RETRIES = 50


def default_path() -> Path:
    """The database named by TEAMPULSE_DB, else data/teampulse.duckdb."""
    return Path(os.environ.get("TEAMPULSE_DB") or DEFAULT_DB)


class Database:
    """A TeamPulse database file.

    One DuckDB connection is opened lazily under a lock and shared by every thread; each unit of
    work takes its own ``cursor()``, as DuckDB requires for use from several threads.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = str(path) if path is not None else str(default_path())
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._con is None:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                try:
                    con = duckdb.connect(self.path)
                except duckdb.IOException as e:
                    if "lock" in str(e).lower():
                        raise DatabaseBusy(
                            f"database {self.path} is in use by another process (is `teampulse serve` running?)"
                        ) from e
                    raise PulseError(f"cannot open database {self.path}: {str(e).splitlines()[0]}") from e
                except duckdb.Error as e:
                    raise PulseError(f"cannot open database {self.path}: {str(e).splitlines()[0]}") from e
                migrations.apply(con)
                self._con = con
            return self._con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.connection().cursor()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside BEGIN/COMMIT; any exception rolls the whole unit back."""
        cur = self.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            cur.close()
            raise
        else:
            cur.execute("COMMIT")
            cur.close()

    def run_in_transaction(self, work):
        """Run ``work(cursor)`` in a transaction, retrying when a concurrent writer wins a conflict."""
        for attempt in range(_CONFLICT_RETRIES):
            try:
                with self.transaction() as cur:
                    return work(cur)
            except duckdb.TransactionException:
                if attempt == _CONFLICT_RETRIES - 1:
                    raise
            except duckdb.ConstraintException:
                if attempt == _CONFLICT_RETRIES - 1:
                    raise

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
