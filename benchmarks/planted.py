"""Planted organisations for evaluating drop alerts: a generator independent of analysis/simulate.py.

The alert detector's thresholds were tuned on :mod:`analysis.simulate` (people with a fixed offset,
answers rounded and clipped, independent round-to-round wobble, drops as steps or short ramps of
every item). Its accuracy is measured here instead, on data made a different way, never tuned on:

- **People** come and go (each round a member leaves with probability ``turnover`` and someone new
  joins); each has a trait, a response style (some avoid the ends of the scale, some use them) and
  answers through ordinal cut points, not rounding.
- **Items** differ: each has its own difficulty and loading on the team's climate.
- **The team's climate** wanders as an AR(1) process (this round remembers the last), not as
  independent noise; participation varies round to round (a Beta draw per round).
- **Planted shapes**: ``step``; ``ramp`` (the fall spread over 2 to 5 rounds; its start is the first
  round of the ramp); ``items`` (three or four of the seven items fall, the rest stay); ``dip`` (a
  step that recovers after 5 to 8 rounds). Sizes are drawn from 0.9 to 2.2 points
  (1.4 to 2.4 for the items that fall alone).
- **Teams without a drop** include ``rise`` teams (a step up), ``drift`` teams (a slow trivial
  slide of about 0.2 points a year) and ``noisy`` teams (double wobble): none should alert.

Figures are made as the query layer makes them: rounds pooled into non-overlapping blocks reaching
k (:func:`pulse.results.assign_blocks`) and the door's interval (:func:`pulse.results.interval`);
suppressed blocks are absent. Seeds are disjoint from the calibration seeds (the benchmark says
which it used).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from pulse.results import Figure, assign_blocks, interval

START = date(2024, 9, 2)
PERIOD_DAYS = 14
ITEMS = 7
DROP_SHAPES = ("step", "ramp", "items", "dip")
QUIET_SHAPES = ("flat", "rise", "drift", "noisy")


@dataclass(frozen=True)
class Planted:
    """The truth of one team: its shape and, for a drop, the first round of the fall and its size."""

    team: str
    shape: str
    start: int | None  # first round at the lower level (or the ramp's first round)
    size: float  # points on the 1-7 scale (for "items", the size of the items that fall)


def climate_path(rng: np.random.Generator, rounds: int, shape: str, size: float, start: int | None) -> np.ndarray:
    """The team's planted mean shift per round (0 before anything happens), item-wide."""
    r = np.arange(rounds)
    if shape in ("step", "items"):
        return np.where(r >= start, -size, 0.0)
    if shape == "ramp":
        length = int(rng.integers(2, 6))
        return -size * np.clip((r - start + 1) / length, 0.0, 1.0)
    if shape == "dip":
        back = start + int(rng.integers(5, 9))
        return np.where((r >= start) & (r < back), -size, 0.0)
    if shape == "rise":
        return np.where(r >= (start or rounds // 2), size, 0.0)
    if shape == "drift":
        return -0.2 * r / 26
    return np.zeros(rounds)


def team_figures(rng: np.random.Generator, plan: Planted, rounds: int, k: int = 5) -> list[Figure]:
    """Figures of one planted team (instrument ``psych-safety``, items ``ps1``..``ps7`` and ``score``)."""
    size = int(rng.integers(4, 15))
    level = float(rng.uniform(4.2, 6.0))
    difficulty = rng.normal(0.0, 0.35, ITEMS)
    loading = rng.uniform(0.6, 1.1, ITEMS)
    wobble = (0.22 if plan.shape == "noisy" else 0.11) * float(rng.uniform(0.7, 1.3))
    path = climate_path(rng, rounds, plan.shape, plan.size, plan.start)
    falls = np.ones(ITEMS)
    if plan.shape == "items":
        falls = np.zeros(ITEMS)
        falls[rng.choice(ITEMS, int(rng.integers(3, 5)), replace=False)] = 1.0
    traits = rng.normal(0.0, 0.55, size)
    styles = rng.uniform(0.7, 1.4, size)  # spread of a person's answers around their view
    climate, dims = 0.0, [*(f"ps{i + 1}" for i in range(ITEMS)), "score"]
    stats = []
    for r in range(rounds):
        leaving = rng.random(size) < 0.04
        traits[leaving] = rng.normal(0.0, 0.55, int(leaving.sum()))
        styles[leaving] = rng.uniform(0.7, 1.4, int(leaving.sum()))
        climate = 0.5 * climate + rng.normal(0.0, wobble)
        rate = rng.beta(8, 2.5)
        present = rng.random(size) < rate
        latent = (
            level + climate + traits[present, None] + difficulty
            + loading * (path[r] if plan.shape != "items" else 0.0)
            + falls * (path[r] if plan.shape == "items" else 0.0)
            + rng.normal(0.0, 0.75, (int(present.sum()), ITEMS)) * styles[present, None]
        )  # fmt: skip
        answers = np.clip(np.floor(latent + 0.5 + rng.uniform(-0.15, 0.15, latent.shape)), 1, 7)
        cells = {d: answers[:, i] for i, d in enumerate(dims[:-1])}
        cells["score"] = answers.mean(axis=1) if len(answers) else np.zeros(0)
        stats.append({d: (len(v), float(v.sum()), float((v * v).sum())) for d, v in cells.items()})
    return _figures(plan.team, stats, dims, k)


def _figures(team: str, stats: list[dict], dims: list[str], k: int) -> list[Figure]:
    blocks, complete = assign_blocks([s["score"][0] for s in stats], k)
    out = []
    for block in sorted(set(blocks)):
        rounds = [r for r, b in enumerate(blocks) if b == block]
        if not complete[rounds[0]]:
            continue  # the waiting block: nothing is shown for it yet
        start = START + timedelta(days=PERIOD_DAYS * rounds[0])
        end = START + timedelta(days=PERIOD_DAYS * (rounds[-1] + 1) - 1)
        for d in dims:
            n = sum(stats[r][d][0] for r in rounds)
            if n < k:
                continue
            total, total_sq = sum(stats[r][d][1] for r in rounds), sum(stats[r][d][2] for r in rounds)
            mean, sd, low, high = interval(n, total, total_sq, 1, 7)
            note = f"pooled over {len(rounds)} rounds" if len(rounds) > 1 else ""
            out.append(
                Figure(
                    team,
                    "psych-safety",
                    d,
                    start.isoformat(),
                    n,
                    mean,
                    low,
                    high,
                    note,
                    end.isoformat(),
                    len(rounds),
                    sd=sd,
                )  # fmt: skip
            )
    return out


def organisation(
    seed: int, teams: int = 40, rounds: int = 30, drop_share: float = 0.4
) -> tuple[list[Figure], list[Planted]]:
    """A planted organisation: about ``drop_share`` of the teams drop once, the rest do not."""
    rng = np.random.default_rng(seed)
    figures, truth = [], []
    for t in range(teams):
        name = f"planted-{seed}-{t:03d}"
        if rng.random() < drop_share:
            shape = str(rng.choice(DROP_SHAPES))
            # Items that fall alone fall further (1.4 to 2.4 points) than a whole scale (0.9 to 2.2).
            size = float(rng.uniform(1.4, 2.4) if shape == "items" else rng.uniform(0.9, 2.2))
            plan = Planted(name, shape, int(rng.integers(9, rounds - 6)), size)
        else:
            shape = str(rng.choice(QUIET_SHAPES))
            plan = Planted(name, shape, int(rng.integers(9, rounds - 6)) if shape == "rise" else None,
                           float(rng.uniform(0.8, 1.6)) if shape == "rise" else 0.0)  # fmt: skip
        truth.append(plan)
        figures += team_figures(rng, plan, rounds)
    return figures, truth


def round_of(period: str) -> int:
    """The round a period (or a pooled block) starts in."""
    return (date.fromisoformat(period) - START).days // PERIOD_DAYS
