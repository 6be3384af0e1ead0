"""Trends: EWMA, Theil-Sen slopes, participation, and the demo's stories."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import simulate, trends
from pulse.results import ALL_TEAMS, Figure


def test_ewma_skips_gaps_and_starts_at_first_value():
    out = trends.ewma([np.nan, 4.0, np.nan, 6.0], smoothing=0.5)
    assert math.isnan(out[0])
    assert out[1] == 4.0 and out[2] == 4.0
    assert out[3] == pytest.approx(5.0)


def test_ewma_rejects_bad_smoothing():
    with pytest.raises(ValueError):
        trends.ewma([1.0], smoothing=0)


def test_robust_slope_ignores_one_wild_round():
    x = np.arange(8, dtype=float)
    y = 5.0 - 0.1 * x
    y[5] = 1.0  # one round where almost nobody was happy
    slope, low, high = trends.robust_slope(x, y)
    assert slope == pytest.approx(-0.1, abs=0.02)
    assert low <= slope <= high
    least_squares = np.polyfit(x, y, 1)[0]
    assert abs(least_squares + 0.1) > 0.1  # why we do not use least squares


def test_robust_slope_needs_three_points():
    assert all(math.isnan(v) for v in trends.robust_slope(np.array([0.0, 1.0]), np.array([1.0, 2.0])))


def test_period_index_places_pooled_blocks_at_their_middle():
    x = trends.period_index(
        ["2025-01-06", "2025-01-20", "2025-03-03"], ["2025-01-19", "2025-02-16", "2025-03-16"], [1, 2, 1]
    )
    assert x.tolist() == pytest.approx([0.5, 2.0, 4.5])


def _figure(period, end, mean, n=6, rounds=1):
    return Figure("T", "psych-safety", "score", period, n, mean, None if mean is None else mean - 0.3,
                  None if mean is None else mean + 0.3, "", end, rounds, sd=None if mean is None else 0.8)  # fmt: skip


def test_trend_table_keeps_gaps_and_adds_participation():
    figures = [
        _figure("2025-01-06", "2025-01-19", 5.0),
        _figure("2025-01-20", "2025-02-02", None, n=2),
        _figure("2025-02-03", "2025-02-16", 4.0),
    ]
    participation = pd.DataFrame(
        {
            "team": ["T"] * 3,
            "instrument": ["psych-safety"] * 3,
            "period_start": pd.to_datetime(["2025-01-06", "2025-01-20", "2025-02-03"]).date,
            "closed": [True] * 3,
            "responses": [6, 2, 6],
            "team_size": [8, 8, 8],
        }
    )
    result = trends.trend_table(figures, participation, smoothing=0.5)
    points = result.points
    assert list(points.columns) == trends.POINT_COLUMNS
    assert math.isnan(points["mean"].iloc[1])
    assert points["ewma"].tolist() == pytest.approx([5.0, 5.0, 4.5])
    assert points["participation"].tolist() == pytest.approx([0.75, 0.25, 0.75])
    assert result.slopes["direction"].iloc[0] == "too few periods"


def test_planted_decline_reads_as_falling_and_flat_team_does_not():
    rng = np.random.default_rng(3)
    down = [
        f for f in simulate.team_series(rng, "Down", 12, size=9, answer_rate=1.0, level=5.5) if f.dimension == "score"
    ]
    falling = [Figure(**{**f.as_dict(), "mean": f.mean - 0.15 * i}) for i, f in enumerate(down)]
    flat = [f for f in simulate.team_series(rng, "Flat", 12, size=9, answer_rate=1.0) if f.dimension == "score"]
    slopes = trends.trend_table(falling + flat, window=8).slopes.set_index("team")
    assert slopes.loc["Down", "direction"] == "falling"
    assert slopes.loc["Down", "slope"] == pytest.approx(-0.15, abs=0.08)
    assert slopes.loc["Flat", "direction"] != "falling"


def test_progress_reports_every_series():
    calls = []
    figures = [f for f in simulate.team_series(np.random.default_rng(1), "T", 8) if f.dimension in ("q1", "score")]
    trends.trend_table(figures, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (2, 2)


def test_demo_trends_through_the_query_layer(demo_db):
    result = trends.team_trends(demo_db, team="Atlas", instrument="psych-safety", window=18, scope=ALL_TEAMS)
    score = result.slopes.set_index("dimension").loc["score"]
    assert score["direction"] == "falling"  # the reorg story
    points = result.points[result.points["dimension"] == "score"]
    assert points["participation"].between(0, 1).all()
    assert (points["ci_low"] <= points["mean"]).all() and (points["mean"] <= points["ci_high"]).all()


# --- The headline: the whole visible series, agreeing with the alerts ----------------------------


def _story(figures, seed=0):
    """The composite's points and its drop episodes, as the Team trends page reads them."""
    from analysis.alerts import DropDetector
    from tests.analysis.test_alerts import SEVEN

    points = trends.trend_table(figures).points
    episodes = DropDetector().fit(figures, [SEVEN]).alerts_
    return points[points["dimension"] == "score"], episodes


def _moved(figures, bump):
    return [
        Figure(**{**f.as_dict(), "mean": f.mean + bump(i // 8)}) if f.mean is not None else f
        for i, f in enumerate(figures)
    ]  # fmt: skip  (eight dimensions per round)


@pytest.mark.parametrize("seed", range(3))
def test_headline_of_a_step_tells_the_alert(seed):
    rng = np.random.default_rng(seed)
    figures = simulate.team_series(rng, "Step", 26, size=9, answer_rate=1.0, level=5.5, drop_at=13, drop=1.5)
    score, episodes = _story(figures)
    sentence = trends.headline(score, episodes, "Step's score")
    assert len(episodes) == 1
    assert sentence.startswith("Step's score fell by about") and trends._day(episodes[0].date) in sentence
    assert f"{episodes[0].size:.1f} points" in sentence


@pytest.mark.parametrize("seed", range(3))
def test_headline_of_a_steady_fall_is_not_no_clear_direction(seed):
    # Issue 15: a team that fell from 5.6 to 3.8 over the year read "no clear direction".
    rng = np.random.default_rng(seed)
    figures = simulate.team_series(rng, "Slide", 26, size=9, answer_rate=1.0, level=5.6)
    sliding = _moved(figures, lambda r: -1.8 * r / 25)
    score, episodes = _story(sliding)
    sentence = trends.headline(score, episodes, "Slide's score")
    assert "no clear direction" not in sentence and "held steady" not in sentence
    assert sentence.startswith(("Slide's score has fallen steadily", "Slide's score fell"))
    first, last = score["mean"].head(3).mean(), score["mean"].tail(3).mean()
    assert f"from about {first:.1f}" in sentence or f"from about {episodes[0].baseline:.1f}" in sentence
    assert last < first - 1.2


@pytest.mark.parametrize("seed", range(3))
def test_headline_of_a_recovery_says_so(seed):
    rng = np.random.default_rng(seed)
    figures = simulate.team_series(rng, "Dip", 30, size=9, answer_rate=1.0, level=5.2)
    dipped = _moved(figures, lambda r: -1.6 if 10 <= r < 18 else 0.0)
    score, episodes = _story(dipped)
    sentence = trends.headline(score, episodes, "Dip's score")
    assert len(episodes) == 1
    assert abs((date.fromisoformat(episodes[0].date) - date.fromisoformat(simulate.round_start(10))).days) <= 14
    assert "fell by about" in sentence and "recovered" in sentence


@pytest.mark.parametrize("seed", range(3))
def test_headline_of_noise_is_steady(seed):
    rng = np.random.default_rng(seed)
    figures = simulate.team_series(rng, "Calm", 26, size=7, answer_rate=0.8, level=5.0, round_sd=0.15)
    score, episodes = _story(figures)
    sentence = trends.headline(score, episodes, "Calm's score")
    assert episodes == []
    assert sentence.startswith("Calm's score has held steady since") and "no sustained drop" in sentence


def test_headline_with_too_few_periods():
    figures = [_figure("2025-01-06", "2025-01-19", 5.0), _figure("2025-01-20", "2025-02-02", None, n=2)]
    score = trends.trend_table(figures).points
    assert trends.headline(score, [], "T's score").startswith("Too few shown periods yet")
