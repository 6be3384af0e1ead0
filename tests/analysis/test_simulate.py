"""The simulator produces what the query layer would show: pooled blocks reaching k, t intervals."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import simulate
from pulse.results import interval


def test_small_teams_are_pooled_and_large_ones_are_not():
    rng = np.random.default_rng(0)
    small = simulate.team_series(rng, "S", 12, size=3, answer_rate=1.0)
    large = simulate.team_series(rng, "L", 12, size=9, answer_rate=1.0)
    assert {f.rounds for f in small if f.dimension == "score"} == {2}
    assert {f.rounds for f in large if f.dimension == "score"} == {1}
    assert all(f.n >= 5 for f in small + large if f.mean is not None)


def test_intervals_match_the_query_layer():
    assert simulate._interval(7, 30.0, 140.0, 1, 7) == pytest.approx(interval(7, 30.0, 140.0, 1, 7))


def test_planted_drop_shows_in_the_means():
    rng = np.random.default_rng(1)
    figures = simulate.team_series(rng, "D", 20, size=40, answer_rate=1.0, level=5.0, drop_at=10, drop=1.0)
    score = [f.mean for f in figures if f.dimension == "score"]
    assert np.mean(score[:10]) - np.mean(score[10:]) == pytest.approx(1.0, abs=0.15)


def test_organisation_reports_its_truth():
    figures, truth = simulate.organisation(3, 10, 20, drop_share=0.5)
    assert 0 < len(truth) < 10
    assert all(10 <= at < 17 for at in truth.values())
    assert {f.team for f in figures} == {f"team-{i:04d}" for i in range(10)}


def test_organisation_can_plant_falls_of_a_few_items_and_quiet_teams_that_move():
    figures, truth = simulate.organisation(5, 40, 30, drop_share=0.5, drop=1.2, items_alone=1.0, drifts=1.0)
    assert truth
    falls = {}
    for team, at in truth.items():
        rows = [f for f in figures if f.team == team and f.mean is not None]
        for dim in ("q1", "q7"):
            x = [(f.mean, simulate.round_start(at) <= f.period) for f in rows if f.dimension == dim]
            falls.setdefault(dim, []).append(np.mean([m for m, a in x if not a]) - np.mean([m for m, a in x if a]))
    assert np.mean(falls["q1"]) > 1.2 and abs(np.mean(falls["q7"])) < 0.3  # q7 is never among the 3-4 that fall
    quiet = [t for t in {f.team for f in figures} if t not in truth]
    moves = []
    for team in quiet:
        x = [f.mean for f in figures if f.team == team and f.dimension == "score" and f.mean is not None]
        moves.append(abs(np.mean(x[-8:]) - np.mean(x[:8])))
    assert np.median(moves) > 0.15  # every quiet team rises or slides
