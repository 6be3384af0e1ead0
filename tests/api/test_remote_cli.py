"""The command line through a running server's API prints exactly what it prints without one.

A real HTTP server (uvicorn, in a thread of this process) serves the admin API's routes on a demo
database and the server file names this process, as `teampulse serve` would; each command runs once
against the bare file and once through the server, and the outputs are compared byte for byte.
tests/e2e/test_browser_server.py does the same with `teampulse serve` itself and a browser.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time

import pytest
import uvicorn
from click.testing import CliRunner
from starlette.applications import Starlette

from dashboard.server import api
from dashboard.server.context import ServerContext
from pulse.ops import server_file
from pulse.store import Database
from teampulse.cli import main

READS = [
    ["trends"],
    ["trends", "--level", "tribe", "--format", "csv"],
    ["trends", "--team", "Comet", "--format", "json"],
    ["trends", "--level", "organisation", "--instrument", "enps"],
    ["alerts", "--format", "csv"],
    ["round", "list", "--team", "Atlas"],
    ["round", "list", "--format", "json"],
    ["team", "list"],
    ["user", "list", "--format", "csv"],
    ["threshold"],
]
FAILURES = [
    ["trends", "--team", "Nope"],
    ["alerts", "--instrument", "nope"],
    ["team", "add", "Atlas"],
    ["user", "add", "demo-coach", "--role", "coach"],
    ["user", "add", "zed", "--role", "coach", "--team", "Nope"],
]


def run(path, args, stdin=None):
    result = CliRunner().invoke(main, [*args, "--db", str(path)], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def database(demo_file, tmp_path):
    path = tmp_path / "org.duckdb"
    shutil.copy(demo_file, path)
    return path


class ThreadServer:
    """The admin API's routes served over real HTTP from a thread, announced by a server file."""

    def __init__(self, path):
        self.path = path
        self.db = Database(path)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        secret = server_file.new_secret()
        app = Starlette(routes=api.routes(ServerContext(str(path), secret, lambda: self.db)))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        for _ in range(400):
            if self.server.started:
                break
            time.sleep(0.05)
        server_file.write(path, port=self.port, host="127.0.0.1", secret=secret)

    def stop(self):
        server_file.remove(self.path)
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.db.close()


def test_reads_and_errors_are_the_same_through_the_server(database):
    alone = {tuple(args): run(database, args) for args in READS + FAILURES}
    assert all(code == 0 for args, (code, _, _) in alone.items() if list(args) in READS)
    server = ThreadServer(database)
    try:
        through = {tuple(args): run(database, args) for args in READS + FAILURES}
    finally:
        server.stop()
    for args in alone:
        assert through[args] == alone[args], " ".join(args)


def test_writes_go_through_the_server_and_stay(database):
    server = ThreadServer(database)
    try:
        assert run(database, ["team", "add", "Nova", "--tribe", "Platform", "--size", "6"]) == (
            0, "added team Nova to Platform\n", "",
        )  # fmt: skip
        code, out, _ = run(database, ["user", "add", "grace", "--role", "coach", "--team", "Nova"])
        assert code == 0 and out.startswith("added coach grace for Nova\npassword: ")
        assert run(database, ["user", "add", "ada", "--role", "admin", "--password-stdin"], "a long passphrase\n") == (
            0, "added admin ada\n", "",
        )  # fmt: skip
        # A command with no remote path names the server in one line instead of failing on the lock.
        code, out, err = run(database, ["close-due"])
        assert code == 1 and out == ""
        assert err == (
            f"teampulse: error: database {database} is held by `teampulse serve` (pid {os.getpid()}, port"
            f" {server.port}); this command does not run through it: stop the server first\n"
        )
    finally:
        server.stop()
    # Once the server has stopped (and removed its file), the commands open the file again.
    assert "Nova" in run(database, ["team", "list"])[1]
    assert re.search(r"^grace +coach +Nova$", run(database, ["user", "list"])[1], re.MULTILINE)
    from pulse import accounts

    with Database(database) as db:
        assert accounts.authenticate(db, "ada", "a long passphrase").name == "ada"


def test_a_second_serve_on_the_same_file_says_that_one_runs(database, monkeypatch):
    def no_exec(*args):  # the check must come first; should it not, fail rather than replace pytest
        raise AssertionError("serve started a second server")

    monkeypatch.setattr(os, "execve", no_exec)
    server = ThreadServer(database)
    try:
        code, out, err = run(database, ["serve", "--port", "8999"])
    finally:
        server.stop()
    assert (code, out) == (1, "")
    assert err == (
        f"teampulse: error: `teampulse serve` (pid {os.getpid()}, port {server.port}) is already running on"
        f" {database.resolve()} (http://127.0.0.1:{server.port}); stop it first or use that one\n"
    )


def test_a_stale_server_file_is_ignored(database):
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    server_file.write(database, port=1, host="127.0.0.1", secret="old", pid=child.pid)
    code, out, _ = run(database, ["team", "list"])
    assert code == 0 and "Atlas" in out  # read from the file itself, not from a server on port 1


def ps_file(folder, name, rows, header=None):
    path = folder / name
    header = header or ["team", "date", *[f"ps{i}" for i in range(1, 8)], "comment"]
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_imports_print_the_same_through_the_server(demo_file, tmp_path):
    """The same files, in the same order, into two copies of one database: one read by the command
    itself, one held by a server. Plans, refusals, dry runs and writes print the same lines."""
    files = tmp_path / "files"
    files.mkdir()
    day = "2026-09-01"  # after the demo's rounds and before today: a period that is over
    answers = [[str((i + q) % 7 + 1) for q in range(7)] for i in range(6)]
    good = ps_file(files, "orion.csv", [["Orion", day, *values, ""] for values in answers])
    bad = ps_file(files, "vega.csv", [["Vega", day, "4", "4", "9", "4", "4", "4", "4", ""]])
    odd = ps_file(
        files, "odd.csv", [["Lyra", day, *["5"] * 7, "How we deploy"]],
        header=["team", "date", *[f"ps{i}" for i in range(1, 8)], "Favourite sandwich"],
    )  # fmt: skip
    runs = [
        ["import", str(good), "--instrument", "psych-safety", "--dry-run"],
        ["import", str(good), "--instrument", "psych-safety"],
        ["import", str(good), "--instrument", "psych-safety"],  # the same period again: refused
        ["import", str(bad), "--instrument", "psych-safety"],
        ["import", str(odd), "--instrument", "psych-safety"],
        ["import", str(odd), "--instrument", "psych-safety", "--ignore-column", "Favourite sandwich"],
        ["import", str(files / "missing.csv"), "--instrument", "psych-safety"],
    ]
    outputs = []
    for folder in ("alone", "served"):
        path = tmp_path / folder / "org.duckdb"
        path.parent.mkdir()
        shutil.copy(demo_file, path)
        server = ThreadServer(path) if folder == "served" else None
        try:
            outputs.append([run(path, args) for args in runs])
        finally:
            if server is not None:
                server.stop()
    alone, served = outputs
    assert alone[1][0] == 0 and "imported 6 responses into 1 new round(s)" in alone[1][1]  # the test is not vacuous
    assert alone[3][0] == 1 and "ps3" in alone[3][2]
    for args, local, remote in zip(runs, alone, served, strict=True):
        assert remote == local, " ".join(args[:2])


def test_a_live_pid_that_does_not_answer_is_named_in_one_line(database):
    """A server file whose pid runs (here: this test) but whose port is closed: say so, and how to recover."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    server_file.write(database, port=closed, host="127.0.0.1", secret="s")
    code, out, err = run(database, ["trends"])
    assert (code, out) == (1, "")
    assert err.startswith(f"teampulse: error: `teampulse serve` (pid {os.getpid()}, port {closed}) holds {database}")
    assert err.endswith(f"if that server is gone, remove {server_file.path_for(database)}\n") and err.count("\n") == 1
