"""The server file: private (0600), whole or absent, and ignored once its process is gone."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from pulse.ops import server_file


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_file_is_readable_by_its_owner_only_whatever_the_umask(tmp_path):
    db = tmp_path / "org.duckdb"
    old = os.umask(0)  # the most permissive umask: the file must still be private
    try:
        server_file.write(db, port=8123, host="127.0.0.1", secret="s3cret")
    finally:
        os.umask(old)
    path = tmp_path / "org.duckdb.server.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {
        "database": str(db.resolve()), "pid": os.getpid(), "port": 8123, "host": "127.0.0.1", "secret": "s3cret",
    }  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["org.duckdb.server.json"]  # no temporary left behind


def test_a_live_server_is_found_and_a_second_one_is_refused(tmp_path):
    db = tmp_path / "org.duckdb"
    server_file.write(db, port=8123, host="127.0.0.1", secret="first")
    found = server_file.read(db)
    assert (found.pid, found.port, found.secret, found.url) == (os.getpid(), 8123, "first", "http://127.0.0.1:8123")
    with pytest.raises(FileExistsError, match=f"pid {os.getpid()}, port 8123"):
        server_file.write(db, port=9000, host="127.0.0.1", secret="second", pid=os.getpid() + 1)
    assert server_file.read(db).secret == "first"


def test_a_stale_file_is_ignored_and_replaced(tmp_path):
    db = tmp_path / "org.duckdb"
    gone = dead_pid()
    server_file.write(db, port=8123, host="127.0.0.1", secret="old", pid=gone)
    assert server_file.read(db) is None  # its process is gone: no server holds the file
    server_file.write(db, port=8124, host="127.0.0.1", secret="new")
    assert (server_file.read(db).port, server_file.read(db).secret) == (8124, "new")


def test_a_damaged_file_reads_as_stale(tmp_path):
    db = tmp_path / "org.duckdb"
    server_file.path_for(db).write_text('{"pid": ')
    assert server_file.read(db) is None
    server_file.write(db, port=8123, host="127.0.0.1", secret="s")
    assert server_file.read(db).secret == "s"


def test_a_server_removes_only_its_own_file(tmp_path):
    db = tmp_path / "org.duckdb"
    server_file.write(db, port=8123, host="127.0.0.1", secret="s")
    server_file.remove(db, pid=os.getpid() + 1)  # another process's clean exit leaves it alone
    assert server_file.path_for(db).exists()
    server_file.remove(db)
    assert not server_file.path_for(db).exists()
    server_file.remove(db)  # nothing to remove: no error


def test_each_start_draws_a_new_secret():
    secrets = {server_file.new_secret() for _ in range(50)}
    assert len(secrets) == 50 and min(len(s) for s in secrets) >= 43  # 256 bits in URL-safe base64


def test_a_wildcard_address_is_reached_on_the_loopback(tmp_path):
    entry = server_file.write(tmp_path / "x.duckdb", port=8501, host="0.0.0.0", secret="s")
    assert entry.url == "http://127.0.0.1:8501"
