"""From drops of single charts to one alert per team episode, worded for a coach.

:class:`analysis.alerts.DropDetector` finds drops chart by chart (the composite score and each
scored item). A coach needs one alert per thing that happened to a team, so here:

- a drop of the composite is an episode; item drops whose change falls within ``attach`` periods of
  it join it as detail;
- item drops that no composite drop explains form an episode when at least ``min_dimensions``
  dimensions fell together (their changes within ``attach`` periods): one noisy item never alerts;
- each episode is dated by the change-point estimate of its own series (the composite, or the mean of
  the dimensions that fell together), never by whichever item happened to move first;
- the dimensions that moved most are those with the largest fall across the same change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

import numpy as np
from scipy.stats import norm

from analysis import dimension_label
from analysis.changepoint import drop_change_point, fit_level_shift, ramp_shape
from pulse.instruments import Instrument

ALERT_COLUMNS = ["team", "instrument", "dimension", "date", "uncertainty", "size", "confidence", "moved", "explanation"]
SEVERAL = "several"  # the dimension of an episode where items fell together but the composite did not


@dataclass(frozen=True)
class Alert:
    """One episode: a team's composite (or several of its dimensions together) fell, from ``date``."""

    team: str
    instrument: str
    dimension: str  # "score" for the composite, "several" for dimensions falling together
    date: str  # most likely first period of the drop (change-point estimate)
    earliest: str  # the credible run of starts (80%): earliest .. latest
    latest: str
    uncertainty: int  # give or take this many periods
    detected: str  # period in which the chart crossed its limit
    size: float  # in points of the scale, positive for a drop (before minus after)
    size_sd: float  # in standard deviations between people
    confidence: float  # one-sided normal probability that the level really is lower
    baseline: float  # level before the drop
    level: float  # level after it
    periods: int  # shown periods from the start of the drop to its detection
    moved: str  # the dimensions that fell most, most first, comma separated
    drops: tuple  # (dimension, fall in points) for every charted item, largest first
    explanation: str

    def as_row(self) -> dict:
        return {c: getattr(self, c) for c in ALERT_COLUMNS}

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ChartDrop:
    """A drop found on one chart, with the change point of its own series."""

    dimension: str
    start: str  # period of the estimated change
    earliest: str
    latest: str
    detected: str
    window: tuple[str, str]  # first and last period the change point was fitted on
    ramp: int
    before: float
    after: float
    drop_se: float
    sigma: float
    periods: int


@dataclass
class Series:
    """One chart's shown figures: periods, means and responses."""

    periods: list[str]
    x: np.ndarray
    n: np.ndarray


def episodes(
    team: str,
    instrument: Instrument | None,
    key: str,
    drops: list[ChartDrop],
    series: dict[str, Series],
    *,
    period_days: float,
    attach: int = 2,
    min_dimensions: int = 2,
    max_ramp: int = 3,
    ramp_penalty: float = 0.0,
) -> list[Alert]:
    """One alert per episode of one team and instrument (see the module docstring)."""
    composite = sorted((d for d in drops if d.dimension == "score"), key=lambda d: d.start)
    items = sorted((d for d in drops if d.dimension != "score"), key=lambda d: d.start)
    near = attach * period_days
    out = []
    for d in composite:
        d = _partial(d, [i for i in items if _explains(d, i, near)], series, min_dimensions, max_ramp, ramp_penalty)
        falls = _falls(series, d, "score")
        out.append(_alert(team, instrument, key, "score", d, falls, most_moved(falls), period_days))
    loose = [i for i in items if not any(_explains(c, i, near) for c in composite)]
    for group in _clusters(loose, near):
        dims = sorted({g.dimension for g in group})
        if len(dims) < min_dimensions:
            continue
        joint = _joint(group, dims, series, max_ramp, ramp_penalty)
        if joint is not None:
            falls = _falls(series, joint, "score")
            moved = [f for f, _ in falls if f in dims] + [f for f in dims if f not in dict(falls)]
            out.append(_alert(team, instrument, key, SEVERAL, joint, falls, moved, period_days))
    return out


def _explains(composite: ChartDrop, item: ChartDrop, near: float) -> bool:
    """Whether an item's drop is part of the composite's: its change is within ``near`` days of the
    composite's, or its chart alarmed while the composite's drop was under way (from its start to the
    end of its fitted window). A slow item chart dates the same fall early, from its own wander."""
    return abs(_days(item.start, composite.start)) <= near or composite.start <= item.detected <= composite.window[1]


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(a) - date.fromisoformat(b)).days


def _clusters(drops: list[ChartDrop], near: float) -> list[list[ChartDrop]]:
    groups: list[list[ChartDrop]] = []
    for d in drops:
        if groups and _days(d.start, groups[-1][0].start) <= near:
            groups[-1].append(d)
        else:
            groups.append([d])
    return groups


def _partial(
    d: ChartDrop, attached: list[ChartDrop], series: dict[str, Series], min_dimensions, max_ramp, ramp_penalty
):
    """A composite drop dated again when only some items fell: by the contrast of the items that fell
    with those that did not, which cancels the wobble the whole team shares (its climate), so it
    dates the change far more sharply than the composite, where the fall is diluted. Used only when
    the contrast's fall is at least the composite's and its credible run of starts is narrower."""
    dims = sorted({a.dimension for a in attached})
    others = sorted(k for k in series if k != "score" and k not in dims)
    if len(dims) < min_dimensions or not others:
        return d
    joint = _joint([d, *attached], dims, series, max_ramp, ramp_penalty, contrast=others)
    if joint is None or joint.before - joint.after < d.before - d.after:
        return d
    if _days(joint.latest, joint.earliest) >= _days(d.latest, d.earliest):
        return d
    score = series["score"]
    inside = [i for i, p in enumerate(score.periods) if d.window[0] <= p <= d.window[1]]
    start = next((i for i, p in enumerate(score.periods[j] for j in inside) if p >= joint.start), 0)
    if not 0 < start < len(inside) - 1:
        return d
    h = ramp_shape(len(inside), start, min(joint.ramp, len(inside) - 1 - start))
    before, fall, se, _ = fit_level_shift(score.x[inside], 1.0 / (d.sigma**2 / score.n[inside]), h)
    if fall <= 0:
        return d
    return replace(
        d, start=joint.start, earliest=joint.earliest, latest=joint.latest, ramp=joint.ramp, before=before,
        after=before - fall, drop_se=max(se, d.drop_se),
    )  # fmt: skip


def _joint(group: list[ChartDrop], dims: list[str], series: dict[str, Series], max_ramp, ramp_penalty, contrast=()):
    """The change point of the mean of the dimensions that fell together, on their common window
    (minus the mean of the ``contrast`` dimensions when given)."""
    first = max(g.window[0] for g in group)
    last = min(g.window[1] for g in group)
    common = sorted(set.intersection(*(set(series[d].periods) for d in [*dims, *contrast])))
    common = [p for p in common if first <= p <= last]
    if len(common) < 4:
        return None
    rows = [{p: i for i, p in enumerate(series[d].periods)} for d in dims]
    x = np.mean([[series[d].x[r[p]] for p in common] for d, r in zip(dims, rows, strict=True)], axis=0)
    if contrast:
        rest = [{p: i for i, p in enumerate(series[d].periods)} for d in contrast]
        x = x - np.mean([[series[d].x[r[p]] for p in common] for d, r in zip(contrast, rest, strict=True)], axis=0)
    n = np.array([series[dims[0]].n[rows[0][p]] for p in common])
    sigma = float(np.mean([g.sigma for g in group]))
    # Items move together, so their mean is about as noisy as one of them: the wider, honest choice.
    tau2 = float(np.var(x[: max(2, len(x) // 3)])) if len(x) > 3 else 0.0
    variances = sigma * sigma / n + max(tau2, (0.15 * sigma) ** 2)
    detected = min(g.detected for g in group)
    latest = max(i for i, p in enumerate(common) if p <= detected)
    cp = drop_change_point(x, variances, latest=latest, max_ramp=max_ramp, ramp_penalty=ramp_penalty)
    if cp is None:
        return None
    return ChartDrop(
        SEVERAL, common[cp.start], common[cp.earliest], common[cp.latest], detected, (first, last), cp.ramp,
        cp.before, cp.after, cp.drop_se, sigma, latest - cp.start + 1,
    )  # fmt: skip


def _falls(series: dict[str, Series], d: ChartDrop, skip: str) -> list[tuple[str, float]]:
    """Each item's fall across the episode's change (same start and ramp, on the same window)."""
    falls = []
    for dim, s in series.items():
        if dim == skip:
            continue
        inside = [i for i, p in enumerate(s.periods) if d.window[0] <= p <= d.window[1]]
        if len(inside) < 3:
            continue
        periods = [s.periods[i] for i in inside]
        start = next((i for i, p in enumerate(periods) if p >= d.start), None)
        if not start:  # None, or the change at the window's first figure: nothing before it
            continue
        h = ramp_shape(len(inside), start, min(d.ramp, len(inside) - 1 - start))
        _, fall, _, _ = fit_level_shift(s.x[inside], s.n[inside].astype(float), h)
        falls.append((dim, round(float(fall), 3)))
    return sorted(falls, key=lambda f: -f[1])


def most_moved(falls: list[tuple[str, float]], most: int = 3, share: float = 0.6) -> list[str]:
    """The largest fall, and the next ones while they are at least ``share`` of it (up to ``most``)."""
    if not falls or falls[0][1] <= 0:
        return []
    top = falls[0][1]
    return [d for d, f in falls[:most] if f >= share * top]


def _alert(team, instrument, key, dimension, d: ChartDrop, falls, moved, period_days) -> Alert:
    size = d.before - d.after
    confidence = float(norm.cdf(size / d.drop_se)) if d.drop_se > 0 else 1.0
    uncertainty = round(max(_days(d.start, d.earliest), _days(d.latest, d.start)) / period_days)
    alert = dict(
        team=team, instrument=key, dimension=dimension, date=d.start, earliest=d.earliest, latest=d.latest,
        uncertainty=int(uncertainty), detected=d.detected, size=round(size, 3), size_sd=round(size / d.sigma, 2),
        confidence=round(confidence, 3), baseline=round(d.before, 3), level=round(d.after, 3), periods=d.periods,
        moved=", ".join(moved), drops=tuple(falls),
    )  # fmt: skip
    return Alert(**alert, explanation=explain(alert, instrument, period_days))


# --- wording ------------------------------------------------------------------------------------


def day(period: str) -> str:
    """'2025-12-29' as '29 December 2025'."""
    d = date.fromisoformat(period)
    return f"{d.day} {d:%B %Y}"


def give_or_take(periods: int, period_days: float) -> str:
    if periods <= 0:
        return ""
    days = periods * period_days
    if days % 7 == 0:
        weeks = int(days // 7)
        return f" (give or take {weeks} week{'s' if weeks > 1 else ''})"
    return f" (give or take {periods} period{'s' if periods > 1 else ''})"


def points(value: float, key: str) -> str:
    return f"{value:.0f} points" if key == "enps" or abs(value) >= 10 else f"{value:.1f} points"


def listing(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def confidence_words(p: float) -> str:
    if p >= 0.99:
        return "Very unlikely to be noise."
    if p >= 0.95:
        return "Unlikely to be noise."
    return "Possibly noise: worth watching."


def explain(alert: dict, instrument: Instrument | None, period_days: float) -> str:
    """The sentence a coach reads out, e.g. "Atlas's psychological safety score fell by about 1.8
    points around 29 December 2025 (give or take 2 weeks), from about 5.6 to 3.8; easy to ask for
    help and safe to take a risk fell most. Very unlikely to be noise." """
    key, team = alert["instrument"], alert["team"]
    when = f"around {day(alert['date'])}{give_or_take(alert['uncertainty'], period_days)}"
    moved = [dimension_label(instrument, d) for d in alert["moved"].split(", ") if d]
    level = f"from about {alert['baseline']:.1f} to {alert['level']:.1f}" if key != "enps" else (
        f"from about {alert['baseline']:.0f} to {alert['level']:.0f}"
    )  # fmt: skip
    if alert["dimension"] == SEVERAL:
        name = dimension_label(instrument, "score").removesuffix(" score")
        return (
            f"Several of {team}'s {name} dimensions fell together {when}: {listing(moved) if moved else 'several'},"
            f" by about {points(alert['size'], key)} on average. {confidence_words(alert['confidence'])}"
        )
    sentence = (
        f"{team}'s {dimension_label(instrument, 'score')} fell by about {points(alert['size'], key)} {when}, {level}"
    )
    if moved:
        sentence += f"; {listing(moved)} fell most" if len(moved) > 1 else f"; {moved[0]} fell most"
    return f"{sentence}. {confidence_words(alert['confidence'])}"
