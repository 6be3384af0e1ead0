"""Accuracy of drop alerts per episode: precision, recall and dating error on planted organisations.

    .venv/bin/python -m benchmarks.alerts_accuracy              # evaluation (benchmarks/planted.py)
    .venv/bin/python -m benchmarks.alerts_accuracy --calibrate  # the tuning set (analysis/simulate.py)

An alert (one episode of a team) is a true positive when the team had a planted drop and the alert's
start is dated within one period (one round) of the planted start; every other alert is a false
episode, and a planted drop without such an alert is a miss. Each planted drop is matched once.

The evaluation set comes from :mod:`benchmarks.planted`, a generator written separately from the
calibration one, with other drop shapes, noise and seeds (9401-9405); the detector's defaults were
tuned on ``--calibrate`` only (analysis/simulate.py, seeds 101-105, checked on 106-110 with
``--calibrate --more``) and never on the evaluation. ``--earlier first|second|third|fourth`` reruns
an earlier evaluation set (9001-, 9101-, 9201-, 9301-9305): each was looked at, before the
calibration set gained turnover and wobble (after the first), dips (after the second), a wandering
climate (after the third), and falls of a few items and slowly moving quiet teams (after the
fourth), so they are no longer clean tests.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date

from analysis import simulate
from analysis.alerts import DropDetector
from benchmarks import planted
from pulse.instruments import Instrument, Question

EVALUATION_SEEDS = (9401, 9402, 9403, 9404, 9405)
# Looked at, before the calibration set gained turnover (9001-), dips (9101-), a wandering climate
# (9201-), and falls of a few items and slowly moving quiet teams (9301-): docs/analysis.md.
EARLIER_EVALUATION_SEEDS = {
    "first": (9001, 9002, 9003, 9004, 9005),
    "second": (9101, 9102, 9103, 9104, 9105),
    "third": (9201, 9202, 9203, 9204, 9205),
    "fourth": (9301, 9302, 9303, 9304, 9305),
}
CALIBRATION_SEEDS = (101, 102, 103, 104, 105)
MORE_CALIBRATION_SEEDS = (106, 107, 108, 109, 110)  # a second look at the tuning set's noise
# Since session 4 the calibration teams also wander (an AR(1) climate of up to 0.25 points): the
# false episodes of the 9201-9205 evaluation were quiet teams whose level wandered by half a point.
CLIMATE = (0.0, 0.25)
# Since session 5 (issue 15) the calibration set also has the other behaviours the evaluation
# generator's description names in general terms (docs/analysis.md): drops of a few items alone,
# quiet teams that rise or slide slowly or wobble twice as much, and participation drawn per round.
# SESSION_4 is the set before that, kept to compare.
CALIBRATION = dict(items_alone=0.25, drifts=0.3, wobbly=0.15, answer_rate=(0.6, 0.95))
SESSION_4: dict = {}
SAFETY = Instrument(
    "psych-safety", "Psychological safety", "mean", tuple(Question(f"ps{i + 1}", "x", 1, 7) for i in range(7))
)
SIMULATED = Instrument(
    "psych-safety", "Psychological safety", "mean", tuple(Question(f"q{i + 1}", "x", 1, 7) for i in range(7))
)


def spans(figures, round_of) -> dict[tuple[str, str], tuple[int, int]]:
    """The rounds each shown figure covers: one, or several for a pooled block."""
    return {
        (f.team, f.period): (round_of(f.period), round_of(f.period_end))
        for f in figures
        if f.dimension == "score" and f.mean is not None
    }


def match(alerts, truth: dict[str, int], covered: dict) -> dict:
    """Counts of true positives, false episodes and misses, and the dating error of each found drop.

    An alert dates a figure, and a pooled block covers several rounds: its error is 0 when the
    planted start is inside the block, else the rounds between the start and the block's nearer end.
    """
    found, false, errors = 0, 0, []
    left = dict(truth)
    for a in sorted(alerts, key=lambda a: (a.team, a.date)):
        start = left.get(a.team)
        first, last = covered[(a.team, a.date)]
        if start is None:
            error = None
        elif start < first:
            error = first - start  # dated late
        elif start > last:
            error = last - start  # dated early
        else:
            error = 0
        if error is not None and abs(error) <= 1:
            found += 1
            errors.append(error)
            del left[a.team]
        else:
            false += 1
    return {"found": found, "false": false, "missed": len(left), "errors": errors, "missed_teams": sorted(left)}


def evaluate(detector: DropDetector, seeds=EVALUATION_SEEDS, teams: int = 40, rounds: int = 30) -> dict:
    total = Counter()
    errors, shapes, missed_shapes = [], Counter(), Counter()
    for seed in seeds:
        figures, plans = planted.organisation(seed, teams, rounds)
        truth = {p.team: p.start for p in plans if p.shape in planted.DROP_SHAPES}
        shapes.update(p.shape for p in plans)
        alerts = detector.fit(figures, [SAFETY]).alerts_
        result = match(alerts, truth, spans(figures, planted.round_of))
        total.update({k: result[k] for k in ("found", "false", "missed")})
        errors += result["errors"]
        kind = {p.team: p.shape for p in plans}
        missed_shapes.update(kind[t] for t in result["missed_teams"])
    return _summary(total, errors) | {"shapes": dict(shapes), "missed_shapes": dict(missed_shapes)}


def calibrate(
    detector: DropDetector, seeds=CALIBRATION_SEEDS, teams: int = 60, rounds: int = 30, behaviours=CALIBRATION
) -> dict:
    total, errors = Counter(), []
    for seed in seeds:
        figures, truth = simulate.organisation(
            seed, teams, rounds, drop_share=0.4, drop=(0.8, 1.8), max_ramp=3, dips=0.25, round_sd=0.15, turnover=0.02,
            climate=CLIMATE, **behaviours,
        )  # fmt: skip
        alerts = detector.fit(figures, [SIMULATED]).alerts_
        result = match(alerts, truth, spans(figures, _simulated_round))
        total.update({k: result[k] for k in ("found", "false", "missed")})
        errors += result["errors"]
    return _summary(total, errors)


def _simulated_round(period: str) -> int:
    return (date.fromisoformat(period) - simulate.START).days // 14


def _summary(total: Counter, errors: list[int]) -> dict:
    found, false, missed = total["found"], total["false"], total["missed"]
    return {
        "planted": found + missed,
        "alerts": found + false,
        "precision": round(found / max(found + false, 1), 3),
        "recall": round(found / max(found + missed, 1), 3),
        "dated_exactly": round(errors.count(0) / max(len(errors), 1), 3),
        "dating_errors": dict(sorted(Counter(errors).items())),
        **dict(total),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="run on the tuning set instead")
    parser.add_argument("--grid", action="store_true", help="with --calibrate: try the tuned parameters' neighbours")
    parser.add_argument("--more", action="store_true", help="with --calibrate: seeds 106-110")
    parser.add_argument(
        "--session-4", action="store_true", help="with --calibrate: the set before issue 15's session 5"
    )
    parser.add_argument("--earlier", choices=sorted(EARLIER_EVALUATION_SEEDS), help="an earlier evaluation set")
    args = parser.parse_args()
    if args.calibrate:
        grid = [{}]
        if args.grid:
            grid = (
                [{"ramp_penalty": p} for p in (0.0, 0.2, 0.7)]
                + [{"max_delay": d} for d in (4, 6, None)]
                + [{"lookback": b} for b in (4, 8)]
                + [{"min_shift": m} for m in (0.14, 0.2)]
            )
        seeds = MORE_CALIBRATION_SEEDS if args.more else CALIBRATION_SEEDS
        behaviours = SESSION_4 if args.session_4 else CALIBRATION
        for params in grid:
            print(params or "defaults", calibrate(DropDetector(**params), seeds, behaviours=behaviours))
        return
    seeds = EARLIER_EVALUATION_SEEDS[args.earlier] if args.earlier else EVALUATION_SEEDS
    result = evaluate(DropDetector(), seeds)
    print("| measure | value |\n| --- | --- |")
    for key, value in result.items():
        print(f"| {key} | {value} |")


if __name__ == "__main__":
    main()
