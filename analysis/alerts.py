"""Drop alerts: one alert per team episode, dated by a change-point estimate, in a coach's words.

Method (see docs/analysis.md for the plain-words version), on the shown figures of the query layer:

1. **Detect** with a one-sided CUSUM chart per team, instrument and dimension (the composite score
   and each scored item). The first ``baseline_periods`` shown figures give the usual level ``mu0``,
   the spread between people ``sigma`` and the period-to-period wobble ``tau``; each later figure of
   ``n`` responses has variance ``v = sigma^2 / n + tau^2`` and adds the log-likelihood ratio of "the
   level fell by ``shift`` sigma": ``S = max(0, S + (delta / v) * (mu0 - x - delta / 2))``. The chart
   alarms when ``S`` passes ``threshold`` (item charts: ``threshold + ln m + item_margin``) and the
   fall has been seen in ``min_periods`` figures. A mirror chart watches for rises; after an alarm
   either way the baseline restarts where the change began.
2. **Date** each drop by the single change point of its chart (:mod:`analysis.changepoint`: weighted
   least squares over every start and a short ramp, on the figures from the baseline up to the next
   change), with the credible run of starts as its uncertainty. The size is the fitted fall.
3. **Group** drops into episodes (:mod:`analysis.episodes`): one alert per composite drop, items as
   its detail; items falling together without the composite make one alert too.

Suppressed periods are simply absent (the chart waits), pooled blocks count with their pooled n.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from analysis import Progress, report
from analysis.changepoint import drop_change_point
from analysis.episodes import ALERT_COLUMNS, SEVERAL, Alert, ChartDrop, Series, episodes
from pulse import results
from pulse.instruments import BUILTIN, Instrument, list_instruments
from pulse.results import Scope

__all__ = ["ALERT_COLUMNS", "CHART_COLUMNS", "SEVERAL", "Alert", "DropDetector", "team_alerts"]

CHART_COLUMNS = ["team", "instrument", "dimension", "period", "n", "mean", "baseline", "cusum", "limit", "alarm"]
_FRAME_COLUMNS = ["team", "instrument", "dimension", "period", "n", "mean", "sd"]


def _frame(figures) -> pd.DataFrame:
    if isinstance(figures, pd.DataFrame):
        frame = figures[figures["level"] == "team"] if "level" in figures else figures
    else:
        frame = pd.DataFrame(
            [
                (f.team, f.instrument, f.dimension, f.period, f.n, f.mean, f.sd, f.period_end, f.rounds)
                for f in figures
                if f.mean is not None and f.level == "team"
            ],
            columns=[*_FRAME_COLUMNS, "period_end", "rounds"],
        )
    frame = frame[frame["mean"].notna()]
    frame = frame.astype({"team": str, "instrument": str, "dimension": str, "period": str})
    return frame.sort_values(["team", "instrument", "dimension", "period"], kind="stable").reset_index(drop=True)


def period_days(frame: pd.DataFrame) -> float:
    """Length of one period in days, read from the figures (a single round spans one period)."""
    if frame.empty:
        return 14.0
    starts = pd.to_datetime(frame["period"])
    if "period_end" in frame and "rounds" in frame:
        lengths = ((pd.to_datetime(frame["period_end"].astype(str)) - starts).dt.days + 1) / frame["rounds"].clip(
            lower=1
        )
        return float(lengths.median())
    gaps = np.diff(np.sort(starts.unique()).astype("datetime64[D]").astype(np.int64))
    return float(gaps[gaps > 0].min()) if (gaps > 0).any() else 14.0


def _watched(instrument: Instrument | None, dimensions: str) -> tuple[set[str] | None, tuple[float, float] | None]:
    """Dimensions to chart (None: all) and the score range, from the instrument when known."""
    if instrument is None:
        return ({"score"} if dimensions == "score" else None), None
    if dimensions == "score" or instrument.scoring == "nps":
        return {"score"}, instrument.score_range
    scored = [q.key for q in instrument.questions if q.in_score]
    return {"score", *scored} if len(scored) > 1 else {"score"}, instrument.score_range


class DropDetector(BaseEstimator):
    """Drop episodes over figures of :func:`pulse.results.team_results`.

    Parameters
    ----------
    shift : float, default=0.75
        The drop the chart is tuned to find quickly, in standard deviations between people
        (0.75 sd is about one point on the 1-7 scale). Drops under half of it are ignored.
    threshold : float, default=5.0
        Log-likelihood ratio the chart must pass to alarm; higher means fewer false alarms and a
        later alarm.
    baseline_periods : int, default=6
        Shown periods (or pooled blocks) that set the usual level before the chart starts.
    max_baseline_periods : int, default=13
        The baseline keeps absorbing quiet periods (where nothing builds up) until it holds this
        many, then stays fixed, so a slow slide is measured against where the team used to be.
    min_shift : float, default=0.16
        The smallest drop worth tuning for, as a share of the scale's range (about one point on 1-7,
        0.3 on the 1-3 health check, 32 eNPS points): the indifference zone is at least half of
        this, in plain points. Calibrated on simulated teams with turnover (0.1 let a team's slow
        wander alarm: precision 0.82 against 0.94, recall 0.94 against 0.91).
    min_tau : float, default=0.15
        Floor of the period-to-period wobble, in standard deviations.
    item_margin : float, default=2.0
        Item charts need ``threshold + ln(m) + item_margin`` (m items).
    item_shift : float, default=1.25
        The ``shift`` of item charts, in the item's own standard deviations.
    min_periods : int, default=2
        A drop must be seen in at least this many shown periods: one bad round is not an alert.
    max_ramp : int, default=3
        Longest fall (in periods) the change point models as a ramp rather than a step (2 scores
        the same on the calibration set but dates a four-round fall, the demo's reorganisation,
        two rounds late).
    ramp_penalty : float, default=0.4
        Log-prior cost per period of ramp: without it a team's wander before a step reads as a ramp
        and dates the drop early (calibration seeds 101-105: 0.89/0.91 with 0, 0.92/0.92 with 0.4).
    horizon : int, default=3
        Figures after the alarm that the change point and the size are fitted on (fewer when the
        next change comes first): enough to see the new level, not so many that a recovery
        (a dip of a few rounds) blurs the date.
    lookback : int or None, default=6
        Figures before the chart's evidence began that the change point is fitted on (None: from
        the baseline's start). A team's level wanders, so a far-back baseline pulls the date early
        (calibration set with a wandering climate: precision 0.81 and recall 0.87 without it, 0.86
        and 0.92 with it).
    max_delay : int or None, default=5
        A fall must alarm within this many shown periods of its dated start; a slower one is a slide
        or wander, told by the headline, not a drop (calibration seeds 101-105 and 106-110: precision
        0.91 and 0.87 without it, 0.92 and 0.92 with it, recall unchanged; None: no limit).
    attach : int, default=2
        Item drops within this many periods of a composite drop are its detail; item drops this
        close to each other are one episode.
    min_dimensions : int, default=2
        Dimensions that must fall together for an episode without a composite drop.
    dimensions : {"all", "score"}, default="all"
        Chart each scored item as well as the composite score, or the composite only.

    Attributes
    ----------
    alerts_ : list of Alert
        One per episode, by team: composite episodes first, then by date and instrument.
    chart_ : DataFrame
        One row per charted figure: the baseline, the CUSUM value, its limit and alarms.
    drops_ : list of (team, instrument, ChartDrop)
        Every chart's drop with its own change point: the detail behind the episodes.
    n_series_ : int
        Number of charts run.
    """

    def __init__(
        self,
        shift: float = 0.75,
        threshold: float = 5.0,
        baseline_periods: int = 6,
        max_baseline_periods: int = 13,
        min_shift: float = 0.16,
        min_tau: float = 0.15,
        item_margin: float = 2.0,
        item_shift: float = 1.25,
        min_periods: int = 2,
        max_ramp: int = 3,
        ramp_penalty: float = 0.4,
        horizon: int = 3,
        attach: int = 2,
        min_dimensions: int = 2,
        dimensions: str = "all",
        lookback: int | None = 6,
        max_delay: int | None = 5,
    ):
        self.shift = shift
        self.threshold = threshold
        self.baseline_periods = baseline_periods
        self.max_baseline_periods = max_baseline_periods
        self.min_shift = min_shift
        self.min_tau = min_tau
        self.item_margin = item_margin
        self.item_shift = item_shift
        self.min_periods = min_periods
        self.max_ramp = max_ramp
        self.ramp_penalty = ramp_penalty
        self.horizon = horizon
        self.attach = attach
        self.min_dimensions = min_dimensions
        self.dimensions = dimensions
        self.lookback = lookback
        self.max_delay = max_delay

    def fit(self, figures, instruments: Iterable[Instrument] | None = None, progress: Progress | None = None):
        """Run the charts, date each drop and group the drops into episodes.

        Parameters
        ----------
        figures : iterable of Figure or DataFrame
            Team figures; a DataFrame needs columns team, instrument, dimension, period, n, mean, sd
            (period_end and rounds, when present, give the period length).
        instruments : iterable of Instrument, optional
            Definitions (scored items, scale); the built-in ones are used when omitted. For an
            unknown instrument every dimension is charted.
        progress : callable, optional
            ``progress(done, total)`` over charts.
        """
        if self.dimensions not in ("all", "score"):
            raise ValueError("dimensions must be 'all' or 'score'")
        if self.baseline_periods < 2:
            raise ValueError("baseline_periods must be at least 2")
        known = {i.key: i for i in (instruments if instruments is not None else BUILTIN)}
        frame = _frame(figures)
        days = period_days(frame)
        group = frame.groupby(["team", "instrument", "dimension"], sort=False).ngroup().to_numpy()
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.array([], dtype=int)
        bounds = list(zip(starts.tolist(), [*starts[1:].tolist(), len(group)][: len(starts)], strict=True))
        heads = frame.iloc[starts]
        keys = list(zip(heads["team"].tolist(), heads["instrument"].tolist(), heads["dimension"].tolist(), strict=True))
        period = frame["period"].tolist()
        means = frame["mean"].to_numpy(float)
        ns = frame["n"].to_numpy(float)
        sds = frame["sd"].to_numpy(float)
        plans = {}
        for key in {k[1] for k in keys}:
            watched, scale = _watched(known.get(key), self.dimensions)
            items = len(watched) - 1 if watched is not None else 1
            plans[key] = (watched, scale, math.log(items) + self.item_margin if items > 1 else 0.0)
        chart = {c: [] for c in ("row", "baseline", "cusum", "limit", "alarm")}
        found: dict[tuple[str, str], tuple[list, dict]] = {}
        n_series = 0
        step = max(1, len(bounds) // 100)
        for done, ((a, b), (team, key, dim)) in enumerate(zip(bounds, keys, strict=True), start=1):
            watched, scale, extra = plans[key]
            if watched is None or dim in watched:
                n_series += 1
                item = dim != "score" and extra > 0
                limit = self.threshold + (extra if item else 0.0)
                shift = self.item_shift if item else self.shift
                span = (scale[1] - scale[0]) if scale else 0.0
                x, n = means[a:b], ns[a:b]
                events = self._scan(x.tolist(), n.tolist(), sds[a:b].tolist(), limit, shift, span, chart, a)
                drops, series = found.setdefault((team, key), ([], {}))
                series[dim] = Series(period[a:b], x, n)
                drops += self._date(dim, period[a:b], x, n, events)
            if done % step == 0 or done == len(bounds):
                report(progress, done, len(bounds))
        alerts, detail = [], []
        for (team, key), (drops, series) in found.items():
            detail += [(team, key, d) for d in drops]
            if drops:
                alerts += episodes(
                    team, known.get(key), key, drops, series, period_days=days, attach=self.attach,
                    min_dimensions=self.min_dimensions, max_ramp=self.max_ramp, ramp_penalty=self.ramp_penalty,
                )  # fmt: skip
        rank = {inst.key: i for i, inst in enumerate(BUILTIN)}  # the built-ins' own order: psych-safety first
        order = lambda x: (x.team, x.dimension != "score", x.date, rank.get(x.instrument, len(rank)), x.instrument)  # noqa: E731
        self.alerts_ = sorted(alerts, key=order)
        self.drops_ = detail
        self.chart_ = self._chart_frame(frame, chart)
        self.n_series_ = n_series
        return self

    def _date(self, dim: str, periods: list[str], x: np.ndarray, n: np.ndarray, events: list[dict]) -> list[ChartDrop]:
        """The change point of each drop, fitted from its baseline up to the next change."""
        out = []
        for i, e in enumerate(events):
            if e["kind"] != "drop":
                continue
            stop = max(events[i + 1]["start"], e["at"] + 1) if i + 1 < len(events) else len(x)
            stop = min(stop, e["at"] + 1 + self.horizon)
            base = e["base"] if self.lookback is None else max(e["base"], e["start"] - self.lookback)
            variances = e["sigma"] ** 2 / n[base:stop] + e["tau2"]
            cp = drop_change_point(
                x[base:stop], variances, latest=e["at"] - base, max_ramp=self.max_ramp, ramp_penalty=self.ramp_penalty
            )
            if cp is None or cp.drop < e["delta"] / 2:
                continue  # the fitted fall is inside the indifference zone: trivial, not an alert
            if self.max_delay is not None and e["at"] - base - cp.start + 1 > self.max_delay:
                continue  # so slow to become clear that it is a slide or a wander, not a drop
            out.append(
                ChartDrop(
                    dim,
                    periods[base + cp.start],
                    periods[base + cp.earliest],
                    periods[base + cp.latest],
                    periods[e["at"]],
                    (periods[base], periods[stop - 1]),
                    cp.ramp,
                    cp.before,
                    cp.after,
                    cp.drop_se,
                    e["sigma"],
                    e["at"] - base - cp.start + 1,
                )  # fmt: skip
            )
        return out

    def _scan(self, x, n, sd, limit, shift, span, chart, offset) -> list[dict]:
        """Every alarm of one series, drops and rises, with the baseline it was measured against."""
        size = len(x)
        sd_floor = max(0.05 * span, 1e-6)
        base = 0
        events = []
        while base + self.baseline_periods < size:
            sums = [0.0] * 8
            for i in range(base, base + self.baseline_periods):
                self._add(sums, x[i], n[i], sd[i])
            mu0, sigma, tau2, _ = self._baseline(sums, sd_floor)
            low = high = 0.0
            low_start = high_start = None
            pending: list[int] = []
            restart = None
            for j in range(base + self.baseline_periods, size):
                delta = max(shift * sigma, self.min_shift * span)
                v = sigma * sigma / n[j] + tau2
                gap = mu0 - x[j]
                low = max(0.0, low + delta / v * (gap - delta / 2))
                high = max(0.0, high + delta / v * (-gap - delta / 2))
                low_start = (low_start if low_start is not None else j) if low > 0 else None
                high_start = (high_start if high_start is not None else j) if high > 0 else None
                alarm = low > limit and j - low_start + 1 >= self.min_periods
                chart["row"].append(offset + j)
                chart["baseline"].append(mu0)
                chart["cusum"].append(low)
                chart["limit"].append(limit)
                chart["alarm"].append(alarm)
                if alarm or high > limit:
                    kind, start = ("drop", low_start) if alarm else ("rise", high_start)
                    events.append(dict(kind=kind, base=base, at=j, start=start, sigma=sigma, tau2=tau2, delta=delta))
                    # The next baseline starts once a fall (or climb) of up to max_ramp periods is over,
                    # so the rest of one ramp is not measured as a second drop.
                    restart = start + self.max_ramp
                    break
                pending.append(j)
                if low == 0.0 and high == 0.0:
                    # Nothing is building up: these periods are the usual level too, and a longer
                    # baseline is a steadier one (estimation error is the main source of false alarms).
                    room = self.max_baseline_periods - int(sums[7])
                    if room > 0:
                        for i in pending[:room]:
                            self._add(sums, x[i], n[i], sd[i])
                        mu0, sigma, tau2, _ = self._baseline(sums, sd_floor)
                    pending = []
            if restart is None:
                return events
            base = restart
        return events

    @staticmethod
    def _add(sums: list, x: float, n: float, sd: float) -> None:
        """Running sums of a baseline: n, n*x, dof, pooled squares, 1/n, x, x^2, periods."""
        sums[0] += n
        sums[1] += n * x
        if n > 1 and not math.isnan(sd):
            sums[2] += n - 1
            sums[3] += (n - 1) * sd * sd
        sums[4] += 1.0 / n
        sums[5] += x
        sums[6] += x * x
        sums[7] += 1

    def _baseline(self, sums: list, sd_floor: float):
        total, weighted, dof, pooled, inverse, plain, squares, count = sums
        mu0 = weighted / total
        sigma = max(math.sqrt(pooled / dof) if dof > 0 else sd_floor, sd_floor)
        sampling = sigma * sigma * inverse / count
        spread = max(squares - 2 * mu0 * plain + count * mu0 * mu0, 0.0) / (count - 1)
        tau2 = max(spread - sampling, (self.min_tau * sigma) ** 2)
        return mu0, sigma, tau2, sigma * sigma / total + tau2 / count

    @staticmethod
    def _chart_frame(frame: pd.DataFrame, chart: dict) -> pd.DataFrame:
        rows = chart.pop("row")
        out = frame.loc[rows, ["team", "instrument", "dimension", "period", "n", "mean"]].reset_index(drop=True)
        for column, values in chart.items():
            out[column] = values
        return out[CHART_COLUMNS]

    def to_frame(self) -> pd.DataFrame:
        """The alerts as a DataFrame, every field of :class:`Alert` a column."""
        check_is_fitted(self, "alerts_")
        return pd.DataFrame([a.as_dict() for a in self.alerts_], columns=list(Alert.__dataclass_fields__))


def team_alerts(
    db,
    team: str | None = None,
    instrument: str | None = None,
    *,
    scope: Scope,
    detector: DropDetector | None = None,
    progress: Progress | None = None,
) -> list[Alert]:
    """Drops found in the shown figures of the query layer (the teams of ``scope``: names, or ``results.ALL_TEAMS``)."""
    detector = detector if detector is not None else DropDetector()
    # The query layer's frame form: the same shown figures, without building an object per row.
    frame = results.team_frame(db, team, instrument, scope=scope)
    instruments = list_instruments(db.cursor())
    return detector.fit(frame, instruments, progress=progress).alerts_
