"""The DuckDB store: one connection per process, a cursor per unit of work, migrations on open."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pulse.errors import DatabaseBusy, PulseError, StorageError, WriteConflict
from pulse.store import migrations, seal

DEFAULT_DB = Path("data") / "teampulse.duckdb"
# DuckDB reports a write-write conflict between concurrent transactions as a TransactionException;
# a retry lets the loser re-read state (e.g. see that a code is now spent). Back-off grows from
# 1 ms to 50 ms with jitter, so fifty writers do not collide in lock-step.
_CONFLICT_RETRIES = 50
_BACKOFF_FIRST, _BACKOFF_MAX = 0.001, 0.05


class Cursor:
    """A DuckDB cursor that counts the statements it runs on its Database (for tests and benchmarks)."""

    __slots__ = ("_cur", "_db", "_generation")

    def __init__(self, cur: duckdb.DuckDBPyConnection, db: Database):
        self._cur = cur
        self._db = db
        self._generation = db.generation

    def _live(self) -> duckdb.DuckDBPyConnection:
        # After a reseal the file is a new one: a cursor kept across it moves to the new connection.
        if self._generation != self._db.generation:
            self._cur = self._db.connection().cursor()
            self._generation = self._db.generation
        return self._cur

    def execute(self, sql, parameters=None):
        self._db.statements += 1
        cur = self._live()
        return cur.execute(sql, parameters) if parameters is not None else cur.execute(sql)

    def executemany(self, sql, parameters):
        self._db.statements += 1
        return self._live().executemany(sql, parameters)

    def __getattr__(self, name):
        return getattr(self._cur, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._cur.close()


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
        # Statements run through this object's cursors: a test asserts a page or a submission stays
        # within its budget (docs/architecture.md). A plain counter: races only blur a diagnostic.
        self.statements = 0
        self.generation = 0  # bumped when the file is resealed (replaced by a fresh copy)

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
                seal.hold_checkpoints(con)
                seal.note_checkpoint(con)
                self._con = con
            return self._con

    def cursor(self) -> Cursor:
        return Cursor(self.connection().cursor(), self)

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
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
        """Run ``work(cursor)`` in a transaction, retrying with back-off when a concurrent writer wins.

        Other driver errors become a named ``StorageError`` with the driver's first line.
        """
        delay = _BACKOFF_FIRST
        for attempt in range(_CONFLICT_RETRIES):
            try:
                with self.transaction() as cur:
                    return work(cur)
            except (duckdb.TransactionException, duckdb.ConstraintException) as e:
                if attempt == _CONFLICT_RETRIES - 1:
                    raise WriteConflict(f"the database stayed busy with other writers: {_first_line(e)}") from e
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, _BACKOFF_MAX)
            except duckdb.Error as e:
                raise StorageError(f"database {self.path}: {_first_line(e)}") from e

    def seal(self) -> None:
        """After a close: leave no arrival order on disk, by a checkpoint when that is enough and a
        full rewrite when the file's blocks may hold open rows (``pulse.store.seal``)."""
        if self.path == ":memory:":
            return
        if seal.needed(self.cursor()):
            self.reseal()
        else:
            seal.note_checkpoint(self.connection())  # rounds still open whose rows this checkpoint writes
            try:
                self.cursor().execute("CHECKPOINT")
            except duckdb.TransactionException:
                self.reseal()  # another writer is mid-transaction: rewrite the file instead

    def reseal(self) -> None:
        """Rewrite the file so it keeps no arrival order and no deleted rows (``pulse.store.seal``).

        Cursors handed out before stay bound to the old connection and fail if used again: units
        of work take a fresh cursor each, so only one racing with the reseal can see that.
        """
        if self.path == ":memory:":
            return
        with self._lock:
            if self._con is None:
                self._con = duckdb.connect(self.path)
            try:
                seal.reseal(self._con, self.path)
            except duckdb.Error as e:
                raise StorageError(f"cannot rewrite database {self.path}: {_first_line(e)}") from e
            finally:
                self._con = None
                self.generation += 1

    def close(self) -> None:
        """Write what the mixing buffers hold (an orderly stop), then close the connection."""
        for flush in list(self.__dict__.get("_flushers", {}).values()):
            try:
                flush()
            except PulseError:
                pass  # a closed round or a gone file: nothing left to write them to
        with self._lock:
            if self._con is not None:
                if self.path != ":memory:":
                    try:
                        seal.note_checkpoint(self._con)  # closing checkpoints what the log holds
                    except duckdb.Error:
                        pass  # a broken file: nothing to note in it
                self._con.close()
                self._con = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
