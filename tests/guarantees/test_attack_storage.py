"""Issue 11, item 1: the bytes on disk must not remember arrival order or join a code to its answers.

The attacker is a curious admin with a name-labelled code sheet who copies the database file and its
write-ahead log while ``teampulse serve`` runs (as a backup tool would), then replays each copy.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import duckdb
import pytest

from pulse import closing, rounds, teams
from pulse.responses import submit_response
from pulse.settings import code_key
from pulse.store import Database
from pulse.tokens import codes

PEOPLE = [f"person-{i}" for i in range(12)]


def answers(i: int) -> dict[str, int]:
    return {f"ps{q}": 1 + (i + q) % 7 for q in range(1, 8)}


def snapshot(db: Database, into: Path) -> Path:
    """Copy the live file and its log, as `cp` or a backup agent would while the server runs."""
    into.mkdir(parents=True)
    copy = into / "copy.duckdb"
    shutil.copy(db.path, copy)
    if Path(db.path + ".wal").exists():
        shutil.copy(db.path + ".wal", str(copy) + ".wal")
    return copy


def replay(copy: Path, key: bytes, sheet: dict[str, str]) -> tuple[set[str], set[str]]:
    """(names whose code is spent, comment texts stored), as the copy shows them once opened."""
    con = duckdb.connect(str(copy))
    hashes = {h for (h,) in con.execute("SELECT hash FROM codes WHERE spent").fetchall()}
    comments = {body for (body,) in con.execute("SELECT body FROM comments").fetchall()}
    con.close()
    spent = {
        name
        for name, code in sheet.items()
        if codes.keyed_hash(key, codes.PULSE.purpose, codes.normalise(code)) in hashes
    }
    return spent, comments


@pytest.fixture
def session(tmp_path):
    """A team of twelve with a name-labelled code sheet and an open round."""
    db = Database(tmp_path / "teampulse.duckdb")
    teams.add_team(db, "Orion", size=len(PEOPLE))
    rnd = rounds.open_round(db, "Orion", "psych-safety")
    sheet = dict(zip(PEOPLE, codes.issue_codes(db, rnd.id, len(PEOPLE)), strict=True))
    yield db, rnd, sheet
    db.close()


def test_copies_of_the_live_file_never_join_a_code_to_fewer_than_k_answers(session, tmp_path):
    db, rnd, sheet = session
    key = code_key(db.cursor())
    said = {name: f"comment {secrets.token_hex(8)} from {name}" for name in PEOPLE}
    seen: list[tuple[set[str], set[str]]] = []
    for i, name in enumerate(PEOPLE):
        submit_response(db, answers(i), code=sheet[name], comment=said[name])
        seen.append(replay(snapshot(db, tmp_path / f"copy-{i}"), key, sheet))
    # Between two copies, whoever newly spent a code is linked to whatever newly appeared: the
    # attack works whenever a comment appears in a step that involves fewer than k people.
    k = 5
    before_comments: set[str] = set()
    for spent, stored in seen:
        new = stored - before_comments
        if new:
            people_since_last_write = spent - {n for n, text in said.items() if text in before_comments}
            assert len(new) >= k and len(people_since_last_write) >= k, (len(new), people_since_last_write)
        before_comments = stored
    # The whole round is readable once it closes, and the code sheet then says nothing at all.
    closing.close_round(db, rnd.id)
    spent, stored = replay(snapshot(db, tmp_path / "after-close"), key, sheet)
    assert stored == set(said.values()) and spent == set()


def test_after_close_the_file_keeps_no_stale_copy_and_no_log(session, tmp_path):
    db, rnd, sheet = session
    said = {name: f"remark-{secrets.token_hex(12)}" for name in PEOPLE}
    for i, name in enumerate(PEOPLE[:6]):
        submit_response(db, answers(i), code=sheet[name], comment=said[name])
    # A restart mid-round (or any CLI command) checkpoints the open round into the main file.
    db.close()
    db.cursor().execute("CHECKPOINT")
    for i, name in enumerate(PEOPLE[6:], start=6):
        submit_response(db, answers(i), code=sheet[name], comment=said[name])
    closing.close_round(db, rnd.id)
    db.close()
    assert not Path(db.path + ".wal").exists() or Path(db.path + ".wal").stat().st_size == 0
    data = Path(db.path).read_bytes()
    found = {name: data.count(text.encode()) for name, text in said.items()}
    assert sum(found.values()) >= len(PEOPLE) // 2, "the comments should be readable in the file as text"
    # Every comment is stored once, in the current (shuffled) rows: no freed block keeps the
    # arrival-order copy written by the mid-round checkpoint.
    assert all(n <= 1 for n in found.values()), found
    # And the comments' order in the file is not their arrival order.
    offsets = [data.find(said[name].encode()) for name in PEOPLE if found[name]]
    if len(offsets) == len(PEOPLE):
        assert offsets != sorted(offsets)


def test_perspectives_reach_the_file_in_batches_of_k_and_leave_no_log(tmp_path):
    from pulse import reviews
    from pulse.reviews import perspectives

    db = Database(tmp_path / "teampulse.duckdb")
    teams.add_team(db, "Payments", size=12)
    review = reviews.create_review(db, "Payments", "Checkout latency", "2026-03-02")
    perspectives.open_collection(db, review.id)
    sheet = dict(zip(PEOPLE, perspectives.issue_codes(db, review.id, len(PEOPLE)), strict=True))
    said = {name: f"what {name} saw: {secrets.token_hex(8)}" for name in PEOPLE}
    stored_counts = []
    for i, name in enumerate(PEOPLE):
        perspectives.submit_perspective(db, said[name], code=sheet[name])
        copy = snapshot(db, tmp_path / f"copy-{i}")
        con = duckdb.connect(str(copy))
        stored_counts.append(con.execute("SELECT count(*) FROM perspectives").fetchone()[0])
        con.close()
    steps = [b - a for a, b in zip([0, *stored_counts], stored_counts, strict=False)]
    assert all(step == 0 or step >= 5 for step in steps), steps
    perspectives.close_collection(db, review.id)
    db.close()
    assert not Path(db.path + ".wal").exists()
    data = Path(db.path).read_bytes()
    assert all(data.count(text.encode()) <= 1 for text in said.values())


def test_a_server_that_ran_the_whole_round_seals_it_with_a_checkpoint(session, tmp_path):
    """No restart while the round was open: its rows never reached the file's blocks before they
    were shuffled, so a checkpoint leaves nothing behind, and the costly rewrite is not needed."""
    db, rnd, sheet = session
    said = {name: f"aside-{secrets.token_hex(12)}" for name in PEOPLE}
    for i, name in enumerate(PEOPLE):
        submit_response(db, answers(i), code=sheet[name], comment=said[name])
    closing.close_round(db, rnd.id)
    assert db.generation == 0  # not rewritten: a checkpoint was enough
    assert Path(db.path + ".wal").stat().st_size == 0 if Path(db.path + ".wal").exists() else True
    db.close()
    data = Path(db.path).read_bytes()
    found = [data.count(text.encode()) for text in said.values()]
    assert sum(found) >= len(PEOPLE) // 2 and max(found) <= 1, found
    offsets = [data.find(said[name].encode()) for name in PEOPLE]
    if all(o >= 0 for o in offsets):
        assert offsets != sorted(offsets)
