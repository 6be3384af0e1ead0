"""Trends per team, instrument and dimension: honest intervals, a smoothed level and a robust slope.

The means and their 90% intervals come from the query layer (t-based, so they widen honestly when a
round has few responses; clipped to the scale). On top of them this module adds:

- ``ewma``: an exponentially weighted moving average of the shown means, a calmer line to read the
  level from (each new period moves it by ``smoothing`` of the gap);
- a Theil-Sen slope over the last ``window`` shown periods, in points per period, with its 90%
  interval (Sen's rank-based interval). One odd round cannot swing it, unlike least squares;
- the participation rate of each period (or pooled block) where the team's size is known.

Suppressed periods stay in the table with ``mean`` missing, so a chart shows the gap instead of
joining across it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats

from analysis import Progress, report
from pulse import results
from pulse.results import Figure, Scope

CONFIDENCE = 0.90
POINT_COLUMNS = [
    "team", "instrument", "dimension", "period", "period_end", "rounds", "n", "mean", "ci_low", "ci_high",
    "sd", "ewma", "participation", "note",
]  # fmt: skip
SLOPE_COLUMNS = [
    "team", "instrument", "dimension", "since", "points", "slope", "slope_low", "slope_high", "direction",
]  # fmt: skip


@dataclass(frozen=True)
class Trends:
    """``points``: one row per figure (shown or suppressed); ``slopes``: one row per series."""

    points: pd.DataFrame
    slopes: pd.DataFrame


def ewma(values: Iterable[float], smoothing: float = 0.3) -> np.ndarray:
    """Exponentially weighted moving average; missing values (NaN) keep the previous level."""
    if not 0 < smoothing <= 1:
        raise ValueError("smoothing must be in (0, 1]")
    out, level = [], np.nan
    for v in values:
        if not np.isnan(v):
            level = v if np.isnan(level) else level + smoothing * (v - level)
        out.append(level)
    return np.asarray(out, dtype=float)


def period_index(periods: Iterable[str], period_ends: Iterable[str], rounds: Iterable[int]) -> np.ndarray:
    """Each figure's midpoint in periods since the first figure (pooled blocks sit at their middle).

    The period length is read from the figures themselves (a single round spans one period), so
    missing rounds leave the right gap and nothing needs the settings table.
    """
    starts = [date.fromisoformat(p) for p in periods]
    ends = [date.fromisoformat(p) for p in period_ends]
    rounds = list(rounds)
    lengths = [((e - s).days + 1) / max(r, 1) for s, e, r in zip(starts, ends, rounds, strict=True)]
    length = float(np.median(lengths)) if lengths else 14.0
    origin = starts[0] if starts else date.today()
    return np.array([((s - origin).days + ((e - s).days + 1) / 2) / length for s, e in zip(starts, ends, strict=True)])


def robust_slope(x: np.ndarray, y: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Theil-Sen slope (median of pairwise slopes) and its interval; NaNs when fewer than 3 points."""
    if len(x) < 3:
        return (np.nan, np.nan, np.nan)
    result = stats.theilslopes(y, x, alpha=confidence)
    return (float(result.slope), float(result.low_slope), float(result.high_slope))


def direction(slope_low: float, slope_high: float) -> str:
    if np.isnan(slope_low) or np.isnan(slope_high):
        return "too few periods"
    if slope_high < -1e-9:
        return "falling"
    if slope_low > 1e-9:
        return "rising"
    return "no clear direction"


def _participation_lookup(frame: pd.DataFrame | None) -> dict:
    if frame is None or frame.empty:
        return {}
    closed = frame[frame["closed"] & frame["team_size"].notna()]
    lookup: dict = {}
    for rec in closed[["team", "instrument", "period_start", "responses", "team_size"]].itertuples(index=False):
        lookup.setdefault((rec.team, rec.instrument), []).append(
            (rec.period_start.isoformat(), int(rec.responses), float(rec.team_size))
        )
    return lookup


def trend_table(
    figures: Iterable[Figure],
    participation: pd.DataFrame | None = None,
    *,
    smoothing: float = 0.3,
    window: int = 6,
    progress: Progress | None = None,
) -> Trends:
    """Trends from figures of :func:`pulse.results.team_results` (and optionally its ``participation``).

    Parameters
    ----------
    figures : iterable of Figure
        Team-level figures; suppressed ones (``mean`` None) are kept as gaps.
    participation : DataFrame, optional
        :func:`pulse.results.participation`; adds the share of the team that answered.
    smoothing : float
        EWMA weight of the newest period, in (0, 1].
    window : int
        Number of most recent shown periods the slope is fitted on.
    progress : callable, optional
        ``progress(done, total)`` over series.
    """
    rows = [f.as_dict() for f in figures if f.level == "team"]
    if not rows:
        return Trends(pd.DataFrame(columns=POINT_COLUMNS), pd.DataFrame(columns=SLOPE_COLUMNS))
    frame = pd.DataFrame(rows).sort_values(["team", "instrument", "dimension", "period"], kind="stable")
    frame["mean"] = frame["mean"].astype(float)
    lookup = _participation_lookup(participation)
    points, slopes = [], []
    groups = list(frame.groupby(["team", "instrument", "dimension"], sort=True))
    for i, ((team, instrument, dimension), series) in enumerate(groups):
        series = series.copy()
        series["ewma"] = ewma(series["mean"].to_numpy(), smoothing)
        series["participation"] = [
            _rate(lookup.get((team, instrument), []), p, e)
            for p, e in zip(series["period"], series["period_end"], strict=True)
        ]
        points.append(series)
        shown = series[series["mean"].notna()].tail(window)
        x = period_index(shown["period"], shown["period_end"], shown["rounds"])
        slope, low, high = robust_slope(x, shown["mean"].to_numpy())
        slopes.append(
            {
                "team": team,
                "instrument": instrument,
                "dimension": dimension,
                "since": shown["period"].iloc[0] if len(shown) else None,
                "points": len(shown),
                "slope": slope,
                "slope_low": low,
                "slope_high": high,
                "direction": direction(low, high),
            }
        )
        report(progress, i + 1, len(groups))
    return Trends(pd.concat(points, ignore_index=True)[POINT_COLUMNS], pd.DataFrame(slopes, columns=SLOPE_COLUMNS))


def _rate(rounds: list, start: str, end: str) -> float:
    """Responses over expected responses for the rounds of one figure (a block may pool several)."""
    inside = [(n, size) for period, n, size in rounds if start <= period <= end]
    if not inside:
        return np.nan
    return sum(n for n, _ in inside) / sum(size for _, size in inside)


def team_trends(
    db,
    team: str | None = None,
    instrument: str | None = None,
    *,
    scope: Scope,
    smoothing: float = 0.3,
    window: int = 6,
    progress: Progress | None = None,
) -> Trends:
    """Trends of one team (or every team in ``scope``) read through the query layer."""
    figures = results.team_results(db, team=team, instrument=instrument, scope=scope)
    frame = results.participation(db, scope=scope)
    if team is not None:
        frame = frame[frame["team"] == team]
    return trend_table(figures, frame, smoothing=smoothing, window=window, progress=progress)


# --- The headline under a chart -------------------------------------------------------------------


def headline(series: pd.DataFrame, alerts: Iterable = (), subject: str = "The score", *, nps: bool = False) -> str:
    """One honest sentence about a whole visible series, agreeing with its drop alerts.

    Parameters
    ----------
    series : DataFrame
        One dimension's figures (columns period, period_end, rounds, mean; suppressed ones have no mean).
    alerts : iterable
        The drop episodes of the same team and instrument (:class:`analysis.alerts.Alert` or rows
        with date, size, baseline and level).
    subject : str
        What the sentence is about, e.g. "Atlas's psychological safety score".
    nps : bool
        Whole points (eNPS) instead of one decimal.

    The sentence reads the whole series, not only its last periods: a drop alert is told with its date
    and size, then whether the team has recovered since; a steady slide or climb is told as such
    (a straight line fits better than one step, and the Theil-Sen interval is on one side of zero);
    otherwise the range the series moved in.
    """
    shown = series[series["mean"].notna()].sort_values("period")
    count = len(shown)
    if count < 3:
        return f"Too few shown periods yet to say where {subject} is heading ({count} so far)."
    fmt = (lambda v: f"{v:.0f}") if nps else (lambda v: f"{v:.1f}")
    periods = shown["period"].astype(str).str[:10].tolist()
    x = period_index(periods, shown["period_end"].astype(str).str[:10], shown["rounds"])
    y = shown["mean"].to_numpy(float)
    edge = 3 if count >= 6 else 1
    first, last = float(y[:edge].mean()), float(y[-edge:].mean())
    # One figure's wobble around its local level, from the differences between neighbours (robust).
    wobble = float(np.median(np.abs(np.diff(y)))) / (0.6745 * np.sqrt(2)) if count > 2 else 0.0
    clear = abs(last - first) > 2.5 * wobble * np.sqrt(2 / edge)
    slope, low, high = robust_slope(x, y)
    straight = _straight_beats_step(x, y)
    since = _day(periods[0])
    episodes = sorted(alerts, key=lambda a: a.date)
    if clear and straight and high < 0:
        sentence = f"{subject} has fallen steadily from about {fmt(first)} to about {fmt(last)} since {since}"
        sentence += f" ({abs(slope):.{0 if nps else 2}f} points a period)"
        if episodes:
            dates = " and ".join(_day(a.date) for a in episodes)
            return f"{sentence}; drop alert{'s' if len(episodes) > 1 else ''} from around {dates}."
        return f"{sentence}, too gradually for a drop alert so far."
    if episodes:
        latest = episodes[-1]
        if len(episodes) == 1:
            sentence = (
                f"{subject} fell by about {fmt(latest.size)} points around {_day(latest.date)}"
                f" (from about {fmt(latest.baseline)} to {fmt(latest.level)})"
            )
        else:
            dates = ", ".join(_day(a.date) for a in episodes[:-1]) + " and " + _day(latest.date)
            sentence = f"{subject} fell in {len(episodes)} steps, around {dates}"
            sentence += f", from about {fmt(first)} to {fmt(latest.level)}"
        after = y[[p >= latest.date for p in periods]]
        now = float(after[-min(3, len(after)) :].mean())
        back = now - latest.level
        if len(after) >= 4 and back >= max(0.5 * latest.size, 2 * wobble):
            near = now >= latest.baseline - 0.25 * latest.size
            return f"{sentence}, and has since {'recovered' if near else 'partly recovered'} to about {fmt(now)}."
        return f"{sentence}; it is about {fmt(now)} in the latest periods."
    if clear and last < first:
        return (
            f"{subject} has drifted down from about {fmt(first)} to about {fmt(last)} since {since},"
            " too gradually or too recently for a drop alert so far."
        )
    if clear and last > first:
        return f"{subject} has risen from about {fmt(first)} to about {fmt(last)} since {since}."
    return (
        f"{subject} has held steady since {since}: about {fmt(float(np.median(y)))}, moving between"
        f" {fmt(float(y.min()))} and {fmt(float(y.max()))} from period to period; no sustained drop."
    )


def _straight_beats_step(x: np.ndarray, y: np.ndarray) -> bool:
    """A straight line fits better than the best single step (a slide, not a jump)."""
    line = np.polyval(np.polyfit(x, y, 1), x)
    straight = float(((y - line) ** 2).sum())
    steps = [((y[:s] - y[:s].mean()) ** 2).sum() + ((y[s:] - y[s:].mean()) ** 2).sum() for s in range(1, len(y))]
    return straight < min(steps)


def _day(period: str) -> str:
    d = date.fromisoformat(str(period)[:10])
    return f"{d.day} {d:%B %Y}"
