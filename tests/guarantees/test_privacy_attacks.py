"""Attacks on anonymity through the shown figures: before/after one submission, and exports."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulse import closing, results, rounds, teams
from pulse.ops import exports
from pulse.responses import submit_response
from pulse.results import ALL_TEAMS
from pulse.store import Database
from tests.pulse.test_results import build, organisations, unique_team_names


def snapshot(db) -> dict:
    figures = (
        results.team_results(db, scope=ALL_TEAMS)
        + results.group_results(db, "tribe")
        + results.group_results(db, "organisation")
    )
    return {(f.level, f.team, f.instrument, f.dimension, f.period): (f.n, f.mean, f.ci_low, f.ci_high) for f in figures}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=organisations, value=st.integers(0, 10), data=st.data())
def test_one_more_submission_changes_no_shown_figure(org, value, data):
    db = Database(":memory:")
    org = unique_team_names(org)
    build(db, org)
    names = sorted(t for members in org.values() for t in members)
    target = data.draw(st.sampled_from(names))
    rnd = rounds.open_round(db, target, "enps", on=date.today())
    for _ in range(data.draw(st.integers(0, 6))):
        submit_response(db, {"enps": 5}, round_id=rnd.id)
    before = snapshot(db)
    submit_response(db, {"enps": value}, round_id=rnd.id)
    after = snapshot(db)
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    # Only the open round's participation count moved; no mean, interval or parent changed.
    assert all(key[0] == "team" and key[1] == target and key[4] == rnd.period for key in changed)
    assert all(after[key][1:] == (None, None, None) for key in changed)


def test_a_coach_scope_reaches_no_other_team_through_any_view(demo_db):
    scope = ["Atlas", "Beacon"]
    assert {f.team for f in results.team_results(demo_db, scope=scope)} == set(scope)
    assert {f.team for f in results.latest_scores(demo_db, scope=scope)} <= set(scope)
    assert set(results.participation(demo_db, scope=scope)["team"]) == set(scope)
    assert results.team_results(demo_db, team="Ember", scope=scope) == []


def test_exported_csv_cannot_carry_a_formula(tmp_path, db):
    teams.add_team(db, '=HYPERLINK("http://x","click")')
    rnd = rounds.open_round(db, '=HYPERLINK("http://x","click")', "enps")
    for _ in range(5):
        submit_response(db, {"enps": 3}, round_id=rnd.id, comment="=1+1 @SUM(A1)")
    closing.close_round(db, rnd.id)
    for path in exports.export(db, tmp_path, "csv", raw=True):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            assert not frame[column].str.match(r"^[=+@]").any(), (path.name, column)
