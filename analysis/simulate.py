"""Synthetic pulse results with known truth, for tests, calibration and benchmarks.

The generator follows the same path real data takes after it is stored: per-round sufficient
statistics, pooled into non-overlapping blocks reaching k with :func:`pulse.results.assign_blocks`,
then turned into the query layer's ``Figure`` rows with its t-based interval. Nothing here touches
a database.
"""

from __future__ import annotations

import functools
import math
from datetime import date, timedelta

import numpy as np
from scipy import stats

from pulse.results import CONFIDENCE, Figure, assign_blocks

START = date(2025, 1, 6)


def team_series(
    rng: np.random.Generator,
    team: str,
    rounds: int = 26,
    *,
    size: int | None = None,
    level: float | None = None,
    drop_at: int | None = None,
    drop: float = 1.0,
    ramp: int = 0,
    recover_at: int | None = None,
    dropped_items: int | None = None,
    items: int = 7,
    scale: tuple[int, int] = (1, 7),
    person_sd: float = 0.6,
    item_sd: float = 0.9,
    round_sd: float = 0.1,
    turnover: float = 0.0,
    climate_sd: float = 0.0,
    climate_phi: float = 0.7,
    trend: float = 0.0,
    answer_rate: float | tuple[float, float] = 0.8,
    k: int = 5,
    period_days: int = 14,
    instrument: str = "psych-safety",
    missing_rounds: tuple[int, ...] = (),
) -> list[Figure]:
    """Figures of one simulated team answering a multi-item instrument for ``rounds`` periods.

    Each member has a lasting personal offset (``person_sd``); each answer adds item noise
    (``item_sd``) and is rounded and clipped to the scale; each round shifts the whole team a little
    (``round_sd``), as real teams wobble for reasons nobody measures; each round a member leaves with
    probability ``turnover`` and a newcomer takes their place, so the team's level wanders; a team
    climate (AR(1) with coefficient ``climate_phi`` and stationary sd ``climate_sd``) makes it
    wander for runs of rounds, the slow drift that a chart must not mistake for a drop; ``trend``
    moves the level by that many points a round (a slow rise or slide). Each member answers a round
    with probability ``answer_rate``, or one drawn per round from a ``(low, high)`` range. From
    round ``drop_at`` on the team's level is ``drop`` points lower, reached over ``ramp`` further
    rounds (0: a step), in every item or only in the first ``dropped_items``, until ``recover_at``.
    Dimensions are ``q1``..``qN`` and the composite ``score``.
    """
    low, high = scale
    size = size if size is not None else int(rng.integers(5, 11))
    level = level if level is not None else float(rng.uniform(low + 0.45 * (high - low), low + 0.8 * (high - low)))
    people = rng.normal(0.0, person_sd, size)
    dims = [f"q{i + 1}" for i in range(items)]
    hit = np.arange(items) < (items if dropped_items is None else dropped_items)  # the items that fall
    stats = []  # per round: {dim: (n, total, total_sq)}
    climate = rng.normal(0.0, climate_sd) if climate_sd else 0.0
    for r in range(rounds):
        if climate_sd:
            climate = climate_phi * climate + rng.normal(0.0, climate_sd * math.sqrt(1 - climate_phi**2))
        if r in missing_rounds:
            stats.append(None)
            continue
        if turnover:
            leaving = rng.random(size) < turnover
            people[leaving] = rng.normal(0.0, person_sd, int(leaving.sum()))
        rate = rng.uniform(*answer_rate) if isinstance(answer_rate, tuple) else answer_rate
        present = people[rng.random(size) < rate]
        fall = drop * min(1.0, (r - drop_at + 1) / (ramp + 1)) if drop_at is not None and r >= drop_at else 0.0
        fall = 0.0 if recover_at is not None and r >= recover_at else fall
        shift = rng.normal(0.0, round_sd) + climate + trend * r - fall * hit
        answers = np.clip(
            np.rint(level + shift + present[:, None] + rng.normal(0.0, item_sd, (len(present), items))), low, high
        )
        score = answers.mean(axis=1) if len(present) else np.zeros(0)
        cells = {d: answers[:, i] for i, d in enumerate(dims)}
        cells["score"] = score
        stats.append({d: (len(v), float(v.sum()), float((v * v).sum())) for d, v in cells.items()})
    return _figures(team, instrument, stats, [*dims, "score"], (low, high), k, period_days)


def _figures(team, instrument, stats, dims, scale, k, period_days) -> list[Figure]:
    kept = [(r, s) for r, s in enumerate(stats) if s is not None]
    blocks, complete = assign_blocks([s["score"][0] for _, s in kept], k)
    figures = []
    for block in sorted(set(blocks)):
        members = [kept[i] for i, b in enumerate(blocks) if b == block]
        is_complete = complete[blocks.index(block)]
        start = START + timedelta(days=period_days * members[0][0])
        end = START + timedelta(days=period_days * (members[-1][0] + 1) - 1)
        for d in dims:
            n = sum(s[d][0] for _, s in members)
            total = sum(s[d][1] for _, s in members)
            total_sq = sum(s[d][2] for _, s in members)
            if is_complete and n >= k:
                mean, sd, ci_low, ci_high = _interval(n, total, total_sq, *scale)
            else:
                mean = sd = ci_low = ci_high = None
            figures.append(
                Figure(
                    team,
                    instrument,
                    d,
                    start.isoformat(),
                    n,
                    mean,
                    ci_low,
                    ci_high,
                    "",
                    end.isoformat(),
                    len(members),
                    sd=sd,
                )  # fmt: skip
            )
    return figures


@functools.cache
def _t(df: int) -> float:
    return float(stats.t.ppf(0.5 + CONFIDENCE / 2, df))


def _interval(n, total, total_sq, low, high):
    """The query layer's t-based interval (:func:`pulse.results.interval`), with cached quantiles:
    simulating a large organisation calls it millions of times."""
    mean = total / n
    sd = math.sqrt(max(total_sq - n * mean * mean, 0.0) / (n - 1)) if n > 1 else 0.0
    half = _t(n - 1) * sd / math.sqrt(n) if n > 1 else math.inf
    return mean, sd, max(low, mean - half), min(high, mean + half)


def organisation(
    seed: int,
    teams: int,
    rounds: int = 26,
    *,
    drop_share: float = 0.0,
    drop: float | tuple[float, float] = 1.0,
    max_ramp: int = 0,
    dips: float = 0.0,
    climate: tuple[float, float] | None = None,
    items_alone: float = 0.0,
    drifts: float = 0.0,
    wobbly: float = 0.0,
    **kwargs,
) -> tuple[list[Figure], dict[str, int]]:
    """Figures of many simulated teams; a share of them drop by ``drop`` points at a random round.

    ``drop`` may be a range (each dropping team draws its size uniformly from it), and the fall may
    take up to ``max_ramp`` further rounds; a share ``dips`` of the drops recover after 5 to 8
    rounds. ``climate``: each team draws its climate wander's sd uniformly from this range (see
    :func:`team_series`). A share ``items_alone`` of the drops hits only three or four items, half as
    large again (the composite moves less than the items). Of the teams that do not drop, a share
    ``drifts`` moves slowly (a third rise by 0.4 to 0.8 points over 20 rounds, the others slide by
    0.1 to 0.3 points a year) and a share ``wobbly`` wobbles twice as much from round to round and in
    its climate. Returns the figures and, for each team that drops, the round the drop starts.
    """
    rng = np.random.default_rng(seed)
    figures: list[Figure] = []
    truth: dict[str, int] = {}
    width = max(4, int(math.log10(max(teams, 1))) + 1)
    for t in range(teams):
        name = f"team-{t:0{width}d}"
        drop_at, size, ramp, back = None, drop, 0, None
        if rng.random() < drop_share:
            drop_at = int(rng.integers(rounds // 2, rounds - 3))
            truth[name] = drop_at
            size = float(rng.uniform(*drop)) if isinstance(drop, tuple) else drop
            ramp = int(rng.integers(0, max_ramp + 1)) if max_ramp else 0  # old seeds keep their data
            back = drop_at + int(rng.integers(5, 9)) if dips and rng.random() < dips else None
        if climate is not None:  # drawn only when asked, so older seeds keep their data
            kwargs["climate_sd"] = float(rng.uniform(*climate))
        extra = dict(kwargs)
        if items_alone and drop_at is not None and rng.random() < items_alone:
            extra["dropped_items"], size = int(rng.integers(3, 5)), size * 1.5
        if drifts and drop_at is None and rng.random() < drifts:
            rise = rng.random() < 1 / 3
            extra["trend"] = float(rng.uniform(0.02, 0.04) if rise else -rng.uniform(0.1, 0.3) * 14 / 365)
        if wobbly and drop_at is None and rng.random() < wobbly:
            extra["round_sd"] = 2 * extra.get("round_sd", 0.1)
            extra["climate_sd"] = 2 * extra.get("climate_sd", 0.0)
        figures.extend(team_series(rng, name, rounds, drop_at=drop_at, drop=size, ramp=ramp, recover_at=back, **extra))
    return figures, truth


def round_start(round_index: int, period_days: int = 14) -> str:
    """The first day of round ``round_index`` in simulated data."""
    return (START + timedelta(days=period_days * round_index)).isoformat()
