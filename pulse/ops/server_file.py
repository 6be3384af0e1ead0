"""The server file: how a command finds the running server that holds a database file.

DuckDB lets one process open a file for writing. While ``teampulse serve`` runs, it holds the file,
so a command in another shell talks to the server's admin API instead. The server writes
``<database>.server.json`` next to the database when it starts: its pid, its port and a secret
drawn afresh at every start. The file is created readable by its owner only (0600) and moved into
place atomically, so no reader ever sees half of it; the server removes it on a clean exit. A file
whose pid is gone (a crash, a kill -9) is stale: readers ignore it and the next server replaces it.

The standard library only: the command line reads this before it loads the database driver.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

SUFFIX = ".server.json"
SECRET_BYTES = 32  # 256 bits, drawn per start


@dataclass(frozen=True)
class ServerFile:
    """A running server as its file describes it: where it listens and the secret it accepts."""

    database: str  # the database file's absolute path
    pid: int
    port: int
    host: str
    secret: str

    @property
    def url(self) -> str:
        """The server's base address; a wildcard listen address is reached on the loopback."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else "[::1]" if self.host == "::" else self.host
        return f"http://{host}:{self.port}"


def path_for(database: str | os.PathLike) -> Path:
    """The server file of a database file: ``<database>.server.json`` in the same folder."""
    db = Path(database).resolve()
    return db.with_name(db.name + SUFFIX)


def new_secret() -> str:
    """A fresh secret for one server start."""
    return secrets.token_urlsafe(SECRET_BYTES)


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (signal 0 checks without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def read(database: str | os.PathLike) -> ServerFile | None:
    """The live server holding ``database``, or None when there is no file, or only a stale one.

    A file that cannot be parsed is treated as stale: a server writes it whole or not at all.
    """
    path = path_for(database)
    try:
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return None  # planted by another user: never send it our secret, an export's rows or a password
        data = json.loads(path.read_text(encoding="utf-8"))
        found = ServerFile(
            database=str(data["database"]),
            pid=int(data["pid"]),
            port=int(data["port"]),
            host=str(data["host"]),
            secret=str(data["secret"]),
        )
    except OSError:  # no file, or another user's (then DuckDB's own lock error says the file is in use)
        return None
    except (ValueError, KeyError, TypeError):
        return None
    return found if pid_alive(found.pid) else None


def write(database: str | os.PathLike, *, port: int, host: str, secret: str, pid: int | None = None) -> ServerFile:
    """Create the server file atomically with mode 0600; refuse when a live server already holds it.

    The content goes to a private temporary file in the same folder (``mkstemp`` creates it 0600),
    then replaces any stale file in one rename.
    """
    target = path_for(database)
    running = read(database)
    me = os.getpid() if pid is None else pid
    if running is not None and running.pid != me:
        raise FileExistsError(f"{target} names a running server (pid {running.pid}, port {running.port})")
    entry = ServerFile(database=str(Path(database).resolve()), pid=me, port=port, host=host, secret=secret)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(entry), out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)  # mkstemp already did; say so for umask-proof clarity
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return entry


def remove(database: str | os.PathLike, pid: int | None = None) -> None:
    """Remove the server file on a clean exit, only if it is still this process's own."""
    path = path_for(database)
    me = os.getpid() if pid is None else pid
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return
    if isinstance(data, dict) and data.get("pid") == me:
        path.unlink(missing_ok=True)
