"""Issue 10: a code submission runs at most 8 SQL statements (counted by the store's cursors)."""

from __future__ import annotations

from pulse import rounds, teams
from pulse.responses import submit_response
from pulse.tokens import codes

ANSWERS = {f"ps{i}": 4 for i in range(1, 8)}


def test_a_code_submission_runs_at_most_eight_statements(db):
    teams.add_team(db, "Orion", size=12)
    rnd = rounds.open_round(db, "Orion", "psych-safety")
    issued = codes.issue_codes(db, rnd.id, 3)
    spent = []
    for code in issued[:2]:  # the first one also reads the instrument's definition, once per process
        before = db.statements
        submit_response(db, ANSWERS, code=code, comment="a comment")
        spent.append(db.statements - before)
    assert spent[1] <= 8, spent
    assert spent[0] <= 8 + 2, spent  # plus the definition: the instrument and its questions
