"""Faults: a killed import, a crash inside a code redemption, and backups that restore and verify."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pulse import rounds, teams
from pulse.errors import PulseError
from pulse.ops import backup
from pulse.store import Database
from pulse.tokens import codes

ROOT = Path(__file__).resolve().parents[2]


def write_big_csv(path: Path, rows: int) -> None:
    lines = ["team,date,ps1,ps2,ps3,ps4,ps5,ps6,ps7,comment"]
    for i in range(rows):
        lines.append(f"Team {i % 40},2026-03-{1 + i % 28:02d},{1 + i % 7},4,2,5,3,6,6,note {i}")
    path.write_text("\n".join(lines) + "\n")


def counts(path: Path) -> dict:
    with Database(path) as db:
        cur = db.cursor()
        tables = ("teams", "rounds", "responses", "answers", "comments")
        return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def run_child(script: str, marker: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, env={**os.environ, "MARKER": str(marker)}
    )


def wait_for(marker: Path, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not marker.exists():
        assert proc.poll() is None, "the child ended before reaching the point to kill it at"
        assert time.monotonic() < deadline, "timed out waiting for the child"
        time.sleep(0.05)


@pytest.mark.slow
def test_an_import_killed_half_way_leaves_nothing_of_it(tmp_path):
    db_path, csv_path, marker = tmp_path / "t.duckdb", tmp_path / "big.csv", tmp_path / "marker"
    with Database(db_path) as db:
        teams.add_team(db, "Existing")
    before = counts(db_path)
    write_big_csv(csv_path, 30_000)
    # The child writes every row, then stops inside the transaction and is killed there.
    child = run_child(
        f"""
        import os, time, pathlib
        from pulse import importers
        from pulse.store import Database
        real = importers.write_submissions
        def write_then_hang(cur, subs):
            n = real(cur, subs)
            pathlib.Path(os.environ["MARKER"]).touch()
            time.sleep(600)
            return n
        importers.write_submissions = write_then_hang
        importers.import_responses(Database({str(db_path)!r}), {str(csv_path)!r}, "psych-safety")
        """,
        marker,
    )
    try:
        wait_for(marker, child)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert counts(db_path) == before


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_an_import_killed_at_any_moment_is_all_or_nothing(tmp_path, delay):
    db_path, csv_path = tmp_path / "t.duckdb", tmp_path / "big.csv"
    Database(db_path).close()
    write_big_csv(csv_path, 20_000)
    child = subprocess.Popen(
        [sys.executable, "-m", "teampulse.cli", "import", str(csv_path), "--instrument", "psych-safety",
         "--db", str(db_path)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    after = counts(db_path)
    assert after["responses"] in (0, 20_000)
    assert after["answers"] == after["responses"] * 7
    assert (after["teams"] == 0) == (after["responses"] == 0)


@pytest.mark.slow
def test_a_crash_between_spending_a_code_and_storing_its_response_leaves_neither(tmp_path):
    db_path, marker = tmp_path / "t.duckdb", tmp_path / "marker"
    with Database(db_path) as db:
        teams.add_team(db, "Orion")
        rnd = rounds.open_round(db, "Orion", "psych-safety")
        code = codes.issue_codes(db, rnd.id, 1)[0]
    child = run_child(
        f"""
        import os, time, pathlib
        from pulse import responses
        from pulse.tokens import codes
        from pulse.store import Database
        real = codes.redeem
        def redeem_then_hang(cur, code):
            round_id = real(cur, code)
            pathlib.Path(os.environ["MARKER"]).touch()
            time.sleep(600)
            return round_id
        codes.redeem = redeem_then_hang
        responses.submit_response(Database({str(db_path)!r}), {{f"ps{{i}}": 4 for i in range(1, 8)}}, code={code!r})
        """,
        marker,
    )
    try:
        wait_for(marker, child)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    with Database(db_path) as db:
        assert codes.code_counts(db.cursor(), rnd.id) == (1, 0)  # not spent
        assert db.cursor().execute("SELECT count(*) FROM responses").fetchone() == (0,)
        from pulse.responses import submit_response

        submit_response(db, {f"ps{i}": 4 for i in range(1, 8)}, code=code)  # and still usable
        assert codes.code_counts(db.cursor(), rnd.id) == (1, 1)


def test_backup_restores_and_verifies(demo_db, tmp_path):
    copy = backup.backup_file(demo_db, tmp_path / "backup.duckdb")
    check = backup.verify_backup(demo_db, copy)
    assert check["tables"]["answers"] > 10_000
    restored = backup.restore_backup(copy, tmp_path / "restored.duckdb")
    with Database(restored) as db:
        assert backup.fingerprint(db) == check
        teams.add_team(db, "After restore")  # sequences came along: new ids do not collide


def test_a_backup_that_differs_is_reported(demo_db, tmp_path):
    copy = backup.backup_file(demo_db, tmp_path / "backup.duckdb")
    with Database(copy) as other:
        other.cursor().execute("DELETE FROM comments WHERE round_id = (SELECT min(round_id) FROM comments)")
    with pytest.raises(PulseError, match="tables differ: comments"):
        backup.verify_backup(demo_db, copy)
    with pytest.raises(PulseError, match="already exists"):
        backup.backup_file(demo_db, copy)
