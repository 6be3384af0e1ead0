"""Load: many writers at once through the domain API; every response stored exactly once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulse import closing, results, rounds, teams
from pulse.responses import submit_response
from pulse.results import ALL_TEAMS
from pulse.tokens import codes


@pytest.mark.slow
def test_fifty_threads_submit_two_thousand_responses_each_stored_once(file_db):
    teams.add_team(file_db, "Orion", size=2000)
    teams.add_team(file_db, "Vega", size=2000)
    by_code = rounds.open_round(file_db, "Orion", "psych-safety")
    by_link = rounds.open_round(file_db, "Vega", "psych-safety")
    issued = codes.issue_codes(file_db, by_code.id, 1000)
    jobs = [("code", c, 1 + i % 7) for i, c in enumerate(issued)] + [("link", None, 1 + i % 7) for i in range(1000)]
    errors, start = [], threading.Barrier(50)

    def worker(share):
        start.wait()
        for how, code, value in share:
            answers = {f"ps{q}": value for q in range(1, 8)}
            try:
                if how == "code":
                    submit_response(file_db, answers, code=code, comment=f"load {value}")
                else:
                    submit_response(file_db, answers, round_id=by_link.id)
            except Exception as e:  # noqa: BLE001 - every failure is a test failure, collected
                errors.append(repr(e))

    with ThreadPoolExecutor(50) as pool:
        list(pool.map(worker, [jobs[i::50] for i in range(50)]))

    assert errors == []
    assert codes.code_counts(file_db.cursor(), by_code.id) == (1000, 1000)
    # Answers reach the file in shuffled batches of at least k; fewer than 2k wait in memory.
    stored = dict(file_db.cursor().execute("SELECT round_id, count(*) FROM responses GROUP BY round_id").fetchall())
    assert all(1000 - 2 * 5 < n <= 1000 for n in stored.values())
    file_db.close()  # an orderly stop writes the rest
    cur = file_db.cursor()
    per_round = dict(cur.execute("SELECT round_id, count(*) FROM responses GROUP BY round_id").fetchall())
    assert per_round == {by_code.id: 1000, by_link.id: 1000}
    assert cur.execute("SELECT count(*) FROM answers").fetchone() == (14_000,)
    assert cur.execute("SELECT count(DISTINCT id) FROM responses").fetchone() == (2000,)
    # The answers add up exactly: nothing lost, nothing doubled.
    expected = sum(1 + i % 7 for i in range(1000)) * 7
    assert cur.execute("SELECT sum(value) FROM answers WHERE round_id = ?", [by_link.id]).fetchone() == (expected,)
    for rnd in (by_code, by_link):
        closing.close_round(file_db, rnd.id)
    scores = {f.team: f.n for f in results.team_results(file_db, scope=ALL_TEAMS) if f.dimension == "score"}
    assert scores == {"Orion": 1000, "Vega": 1000}
