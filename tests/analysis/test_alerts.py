"""Drop alerts: one alert per episode, dated by its own change point; planted drops are found fast,
no-drop data stays quiet, trivial shifts never alarm."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from analysis import simulate
from analysis.alerts import ALERT_COLUMNS, CHART_COLUMNS, SEVERAL, DropDetector, team_alerts
from pulse.instruments import Instrument, Question
from pulse.results import ALL_TEAMS, Figure

# Simulated teams answer a 7-item 1-7 instrument; the composite score is charted with every item.
SEVEN = Instrument(
    "psych-safety", "Psychological safety", "mean", tuple(Question(f"q{i + 1}", "x", 1, 7) for i in range(7))
)


def _rounds_between(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days // 14


def test_one_point_drops_are_found_within_three_rounds():
    figures, truth = simulate.organisation(11, 60, 26, drop_share=1.0, drop=1.0)
    detector = DropDetector().fit(figures, [SEVEN])
    delays = []
    for team, at in truth.items():
        found = [
            a for a in detector.alerts_
            if a.team == team and a.dimension == "score" and a.detected >= simulate.round_start(at)
        ]  # fmt: skip
        delays.append(min((_rounds_between(simulate.round_start(at), a.detected) for a in found), default=99))
    delays = np.array(delays)
    # Measured 0.94 on 400 teams (benchmarks/analysis.py); small pooled teams are the slow ones.
    assert np.mean(delays <= 2) >= 0.85
    assert np.median(delays) <= 1


def test_no_drop_data_is_rarely_flagged():
    figures, truth = simulate.organisation(12, 120, 52)
    assert truth == {}
    detector = DropDetector().fit(figures, [SEVEN])
    flagged = {a.team for a in detector.alerts_}
    # A year of weekly rounds, score and seven items charted: measured about 2% of teams.
    assert len(flagged) / 120 <= 0.06
    assert detector.n_series_ == 120 * 8


def test_trivial_shifts_never_alarm_even_in_large_teams():
    rng = np.random.default_rng(5)
    figures = []
    for t in range(20):
        # 40 people answering every round: a 0.15-point dip is statistically visible, yet trivial
        # (the indifference zone is 0.3 points on a 1-7 scale).
        figures += simulate.team_series(rng, f"big-{t}", 30, size=40, answer_rate=1.0, drop_at=15, drop=0.15)
    detector = DropDetector(dimensions="score").fit(figures, [SEVEN])
    # A chance bad round on top of the small dip can still pass (measured: 1 team in 20), but an
    # alert never reports a drop inside the indifference zone.
    assert len(detector.alerts_) <= 2
    assert all(a.size >= 0.3 for a in detector.alerts_)


def test_alert_says_when_how_much_and_how_sure():
    rng = np.random.default_rng(21)
    figures = simulate.team_series(rng, "Quiet", 24, size=9, answer_rate=0.9, level=5.5, drop_at=14, drop=1.2)
    alerts = [a for a in DropDetector(dimensions="score").fit(figures, [SEVEN]).alerts_]
    assert len(alerts) == 1
    alert = alerts[0]
    assert abs(_rounds_between(simulate.round_start(14), alert.date)) <= 1
    assert _rounds_between(alert.date, alert.detected) <= 2
    assert alert.size == pytest.approx(1.2, abs=0.4)
    assert alert.size_sd > 1
    assert alert.confidence > 0.95
    assert "Quiet" in alert.explanation and "fell by about" in alert.explanation
    assert list(alert.as_row()) == ALERT_COLUMNS


def test_small_team_with_missing_rounds_and_pooled_blocks():
    rng = np.random.default_rng(8)
    # Four people, some rounds skipped: every figure is a pooled block of two or more rounds.
    figures = simulate.team_series(
        rng, "Tiny", 40, size=4, answer_rate=0.85, drop_at=24, drop=1.5, missing_rounds=(5, 6, 17, 30)
    )
    assert all(f.rounds >= 2 for f in figures if f.mean is not None)
    alerts = DropDetector(dimensions="score").fit(figures, [SEVEN]).alerts_
    assert [a.team for a in alerts] == ["Tiny"]
    assert _rounds_between(simulate.round_start(24), alerts[0].detected) <= 6


def test_a_team_that_improved_and_fell_back_is_caught():
    rng = np.random.default_rng(2)
    figures = simulate.team_series(rng, "Yoyo", 36, size=9, answer_rate=1.0, level=4.0)
    # Up 1.5 points from round 8 (the baseline moves with it), back down from round 24.
    lifted = []
    for f in figures:
        r = _rounds_between(simulate.round_start(0), f.period)
        bump = 1.5 if 8 <= r < 24 else 0.0
        lifted.append(f.__class__(**{**f.as_dict(), "mean": f.mean + bump}) if f.mean is not None else f)
    alerts = DropDetector(dimensions="score").fit(lifted, [SEVEN]).alerts_
    assert len(alerts) == 1
    assert _rounds_between(simulate.round_start(24), alerts[0].detected) <= 2


def test_chart_and_frame_and_progress():
    figures, _ = simulate.organisation(4, 5, 20, drop_share=1.0)
    calls = []
    detector = DropDetector().fit(figures, [SEVEN], progress=lambda done, total: calls.append((done, total)))
    assert list(detector.chart_.columns) == CHART_COLUMNS
    assert calls[-1][0] == calls[-1][1]
    assert (detector.chart_["cusum"] >= 0).all()
    assert len(detector.to_frame()) == len(detector.alerts_)


def test_parameters_are_checked_and_unfitted_is_refused():
    with pytest.raises(ValueError):
        DropDetector(dimensions="some").fit([])
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        DropDetector().to_frame()
    assert DropDetector(threshold=6).get_params()["threshold"] == 6


def test_demo_finds_the_reorg_and_not_the_recovery(demo_db):
    alerts = team_alerts(demo_db, scope=ALL_TEAMS)
    atlas = [a for a in alerts if a.team == "Atlas"]
    # A handful of episodes (one per instrument), not one alert per item; the composite first.
    assert 1 <= len(atlas) <= 4
    first = atlas[0]
    assert (first.instrument, first.dimension) == ("psych-safety", "score")
    assert len([a for a in atlas if a.instrument == "psych-safety"]) == 1
    # The demo's reorg starts at round 13 of 26: 2025-12-29 for DEMO_TODAY; it falls 1.8 points over four rounds.
    assert abs(_rounds_between("2025-12-29", first.date)) <= 1
    assert _rounds_between(first.date, first.detected) <= 3
    assert first.size == pytest.approx(1.8, abs=0.35)
    assert first.explanation.startswith("Atlas's psychological safety score fell by about")
    assert "fell most" in first.explanation and first.moved
    assert not [a for a in alerts if a.team == "Beacon" and a.instrument == "psych-safety"]
    quiet = {a.team for a in alerts} - {"Atlas"}
    assert len(quiet) <= 3  # the other eleven teams only wobble


def _shifted(figures, shifts):
    """Figures with ``shifts[dimension](round)`` added to their means (the score left as given)."""
    out = []
    for f in figures:
        r = _rounds_between(simulate.round_start(0), f.period)
        bump = shifts.get(f.dimension, lambda r: 0.0)(r)
        out.append(Figure(**{**f.as_dict(), "mean": f.mean + bump}) if f.mean is not None else f)
    return out


def test_one_episode_per_drop_dated_by_the_composite_not_by_the_first_item_to_move():
    # Issue 15: one item slipping two rounds before the team's step dated the episode too early.
    dated = []
    for seed in range(12):
        rng = np.random.default_rng(seed)
        figures = simulate.team_series(rng, "Step", 28, size=9, answer_rate=1.0, level=5.5, drop_at=16, drop=1.3)
        early = _shifted(figures, {"q1": lambda r: -1.5 if 14 <= r < 16 else 0.0})
        found = DropDetector().fit(early, [SEVEN]).alerts_
        assert len(found) == 1 and found[0].dimension == "score"
        dated.append(_rounds_between(simulate.round_start(16), found[0].date))
    assert np.mean(np.abs(dated) <= 1) >= 0.9


def test_the_dimensions_that_fell_are_named():
    rng = np.random.default_rng(4)
    figures = simulate.team_series(
        rng, "Half", 28, size=10, answer_rate=1.0, level=5.0, drop_at=15, drop=2.0, dropped_items=3
    )
    (alert,) = DropDetector().fit(figures, [SEVEN]).alerts_
    assert alert.dimension == "score"
    assert alert.moved and set(alert.moved.split(", ")) <= {"q1", "q2", "q3"}
    assert [d for d, _ in alert.drops[:3]] and {d for d, _ in alert.drops[:3]} == {"q1", "q2", "q3"}


def test_dimensions_falling_together_without_the_composite_are_one_episode():
    rng = np.random.default_rng(6)
    figures = simulate.team_series(rng, "Mixed", 28, size=10, answer_rate=1.0, level=4.5)
    # Three items fall by 1.5 points while the other four rise: the composite barely moves.
    after = lambda size: lambda r: size if r >= 15 else 0.0  # noqa: E731
    mixed = _shifted(
        figures, {**{f"q{i}": after(-1.5) for i in (1, 2, 3)}, **{f"q{i}": after(1.1) for i in (4, 5, 6, 7)}}
    )
    found = DropDetector().fit(mixed, [SEVEN]).alerts_
    assert [a.dimension for a in found] == [SEVERAL]
    assert set(found[0].moved.split(", ")) == {"q1", "q2", "q3"}
    assert abs(_rounds_between(simulate.round_start(15), found[0].date)) <= 1
    assert found[0].explanation.startswith("Several of Mixed's")


def test_one_noisy_item_alone_is_not_an_alert():
    rng = np.random.default_rng(9)
    figures = simulate.team_series(rng, "One", 28, size=10, answer_rate=1.0, level=5.0)
    lone = _shifted(figures, {"q4": lambda r: -2.0 if r >= 15 else 0.0})
    detector = DropDetector().fit(lone, [SEVEN])
    assert detector.alerts_ == []
    assert [d.dimension for _, _, d in detector.drops_] == ["q4"]  # the detail still knows


def test_a_ramp_is_dated_at_its_start_with_its_uncertainty():
    dated = []
    for seed in range(12):
        rng = np.random.default_rng(100 + seed)
        figures = simulate.team_series(
            rng, "Ramp", 28, size=9, answer_rate=1.0, level=5.6, drop_at=14, drop=1.8, ramp=3
        )
        found = DropDetector(dimensions="score").fit(figures, [SEVEN]).alerts_
        assert len(found) == 1
        alert = found[0]
        assert alert.earliest <= alert.date <= alert.latest and alert.uncertainty >= 0
        dated.append(_rounds_between(simulate.round_start(14), alert.date))
    assert np.mean(np.abs(dated) <= 1) >= 0.8


def test_a_team_with_nothing_shown_yet_has_no_alerts_and_no_error():
    detector = DropDetector().fit([])
    assert detector.alerts_ == [] and detector.to_frame().empty


def test_a_fall_of_a_few_items_in_a_wandering_team_is_dated_by_those_items():
    # Issue 15: three items falling alone move the composite by less than half as much, and the
    # team's wander then dated the episode two or three rounds off; the items that fell, against
    # those that did not, date it to the round.
    dated = []
    for seed in range(10):
        rng = np.random.default_rng(200 + seed)
        figures = simulate.team_series(
            rng, "Part", 30, size=8, level=5.0, drop_at=18, drop=2.0, dropped_items=3, climate_sd=0.25,
            round_sd=0.15,
        )  # fmt: skip
        found = [a for a in DropDetector().fit(figures, [SEVEN]).alerts_ if a.dimension == "score"]
        if found:
            dated.append(_rounds_between(simulate.round_start(18), found[0].date))
    assert len(dated) >= 8 and np.mean(np.abs(dated) <= 1) >= 0.9


def test_a_slow_slide_is_not_a_drop_alert():
    # Teams sliding by 0.3 points a year with a wandering climate: the headline tells a slide; a
    # drop alert would be a false episode.
    alerted = 0
    for seed in range(40):
        rng = np.random.default_rng(300 + seed)
        figures = simulate.team_series(rng, "Slide", 30, level=5.0, trend=-0.3 * 14 / 365, climate_sd=0.2)
        alerted += bool(DropDetector().fit(figures, [SEVEN]).alerts_)
    assert alerted <= 4


def test_planted_organisations_from_the_other_generator_reach_the_issues_bar():
    # Issue 15's bar, kept: on the evaluation seeds (benchmarks/planted.py, a generator the detector was not
    # tuned with; 200 teams, 82 planted drops) precision and recall stay at least 0.9, every episode found
    # dated within one period. The margin is about one episode: a change that costs one fails here.
    from benchmarks import alerts_accuracy

    result = alerts_accuracy.evaluate(DropDetector())
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9, result
