"""Drop alerts: find real, sustained drops in a team's results and stay quiet about noise.

Method (see docs/analysis.md for the plain-words version): a one-sided CUSUM chart per team,
instrument and dimension, on the shown figures of the query layer in period order.

- Baseline: the first ``baseline_periods`` shown figures give the team's usual level ``mu0``, the
  spread between people ``sigma`` (pooled within-period standard deviation) and the extra
  period-to-period wobble ``tau`` that sampling does not explain (method of moments, floored).
- Each later figure with mean ``x`` over ``n`` responses has variance ``v = sigma^2 / n + tau^2``:
  a period (or pooled block) with more responses counts for more, one with few counts for less.
- The chart adds the log-likelihood ratio of "the level fell by ``shift`` sigma" against "no change":
  ``S = max(0, S + (delta / v) * (mu0 - x - delta / 2))``. Falls smaller than half of ``delta`` (the
  indifference zone) pull ``S`` back to zero, so trivial shifts never build up. It alarms when ``S``
  passes ``threshold`` (``threshold + ln m`` for the m item charts of an instrument, so watching
  every item costs about as many false alarms as watching the composite score alone).
- A mirror chart watches for rises; a rise (or an alarm) moves the baseline to the new level, from
  the period the change began, so a team that improved and then fell back is still caught.

Suppressed periods are simply absent (the chart waits), pooled blocks count with their pooled n.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from analysis import Progress, dimension_label, report
from pulse import results
from pulse.instruments import BUILTIN, Instrument, list_instruments
from pulse.results import Scope

ALERT_COLUMNS = ["team", "instrument", "dimension", "date", "size", "confidence", "explanation"]
CHART_COLUMNS = ["team", "instrument", "dimension", "period", "n", "mean", "baseline", "cusum", "limit", "alarm"]
_FRAME_COLUMNS = ["team", "instrument", "dimension", "period", "n", "mean", "sd"]


@dataclass(frozen=True)
class Alert:
    """A sustained drop of one team's dimension, first seen in period ``date``."""

    team: str
    instrument: str
    dimension: str
    date: str  # first period of the drop (where the chart's run began)
    detected: str  # period in which the chart crossed its limit
    size: float  # in points of the dimension's scale, positive for a drop
    size_sd: float  # in standard deviations between people
    confidence: float  # one-sided normal probability that the level really is lower
    baseline: float
    level: float
    periods: int  # shown periods since the drop began, up to detection
    explanation: str

    def as_row(self) -> dict:
        return {c: getattr(self, c) for c in ALERT_COLUMNS}

    def as_dict(self) -> dict:
        return asdict(self)


def _frame(figures) -> pd.DataFrame:
    if isinstance(figures, pd.DataFrame):
        frame = figures[figures["level"] == "team"] if "level" in figures else figures
    else:
        frame = pd.DataFrame(
            [
                (f.team, f.instrument, f.dimension, f.period, f.n, f.mean, f.sd)
                for f in figures
                if f.mean is not None and f.level == "team"
            ],
            columns=_FRAME_COLUMNS,
        )
    frame = frame[frame["mean"].notna()]
    return frame.sort_values(["team", "instrument", "dimension", "period"], kind="stable").reset_index(drop=True)


def _watched(instrument: Instrument | None, dimensions: str) -> tuple[set[str] | None, tuple[float, float] | None]:
    """Dimensions to chart (None: all) and the score range, from the instrument when known."""
    if instrument is None:
        return ({"score"} if dimensions == "score" else None), None
    if dimensions == "score" or instrument.scoring == "nps":
        return {"score"}, instrument.score_range
    scored = [q.key for q in instrument.questions if q.in_score]
    return {"score", *scored} if len(scored) > 1 else {"score"}, instrument.score_range


def _confidence_word(p: float) -> str:
    if p >= 0.99:
        return "very unlikely to be noise"
    if p >= 0.95:
        return "unlikely to be noise"
    return "possibly noise, worth watching"


class DropDetector(BaseEstimator):
    """CUSUM drop detection over figures of :func:`pulse.results.team_results`.

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
    min_shift : float, default=0.1
        The smallest drop worth tuning for, as a share of the scale's range (0.6 points on 1-7, 20
        eNPS points): in a team whose members agree closely ``shift`` sigma can be tiny, and the
        indifference zone must still be at least half of this, in plain points.
    min_tau : float, default=0.15
        Floor of the period-to-period wobble, in standard deviations: a baseline that happened to
        be calm must not make the chart jumpy.
    item_margin : float, default=2.0
        Item charts need ``threshold + ln(m) + item_margin`` (m items): single items are noisier
        and there are many of them, so each must be stricter for the team as a whole to stay quiet.
    item_shift : float, default=1.25
        The ``shift`` of item charts, in the item's own standard deviations.
    min_periods : int, default=2
        A drop must be seen in at least this many shown periods: one bad round is not an alert.
    dimensions : {"all", "score"}, default="all"
        Chart each scored item as well as the composite score, or the composite only.

    Attributes
    ----------
    alerts_ : list of Alert
        Drops found, ordered by team, instrument and date.
    chart_ : DataFrame
        One row per charted figure: the baseline, the CUSUM value, its limit and alarms.
    n_series_ : int
        Number of charts run.
    """

    def __init__(
        self,
        shift: float = 0.75,
        threshold: float = 5.0,
        baseline_periods: int = 6,
        max_baseline_periods: int = 13,
        min_shift: float = 0.1,
        min_tau: float = 0.15,
        item_margin: float = 2.0,
        item_shift: float = 1.25,
        min_periods: int = 2,
        dimensions: str = "all",
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
        self.dimensions = dimensions

    def fit(self, figures, instruments: Iterable[Instrument] | None = None, progress: Progress | None = None):
        """Run the charts.

        Parameters
        ----------
        figures : iterable of Figure or DataFrame
            Team figures; a DataFrame needs columns team, instrument, dimension, period, n, mean, sd.
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
        group = frame.groupby(["team", "instrument", "dimension"], sort=False).ngroup().to_numpy()
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.array([], dtype=int)
        # One (start, end) per chart; no charts at all when no figure is shown yet.
        bounds = list(zip(starts.tolist(), [*starts[1:].tolist(), len(group)][: len(starts)], strict=True))
        heads = frame.iloc[starts]
        keys = dict(
            zip(
                starts.tolist(),
                zip(heads["team"].tolist(), heads["instrument"].tolist(), heads["dimension"].tolist(), strict=True),
                strict=True,
            )
        )
        period = frame["period"].astype(str).tolist()
        means = frame["mean"].to_numpy(float).tolist()
        ns = frame["n"].to_numpy(float).tolist()
        sds = frame["sd"].to_numpy(float).tolist()
        plans = {}
        for key in {k[1] for k in keys.values()}:
            watched, scale = _watched(known.get(key), self.dimensions)
            items = len(watched) - 1 if watched is not None else 1
            plans[key] = (watched, scale, math.log(items) + self.item_margin if items > 1 else 0.0)
        alerts, chart = [], {c: [] for c in ("row", "baseline", "cusum", "limit", "alarm")}
        n_series = 0
        step = max(1, len(bounds) // 100)
        for done, (a, b) in enumerate(bounds, start=1):
            team, key, dim = keys[a]
            watched, scale, extra = plans[key]
            if watched is None or dim in watched:
                n_series += 1
                item = dim != "score" and extra > 0
                limit = self.threshold + (extra if item else 0.0)
                shift = self.item_shift if item else self.shift
                span = (scale[1] - scale[0]) if scale else 0.0
                for at, run_start, stats in self._scan(means[a:b], ns[a:b], sds[a:b], limit, shift, span, chart, a):
                    alerts.append(self._alert(team, key, known.get(key), dim, period, a, at, run_start, stats))
            if done % step == 0 or done == len(bounds):
                report(progress, done, len(bounds))
        self.alerts_ = sorted(alerts, key=lambda x: (x.team, x.instrument, x.date, x.dimension))
        self.chart_ = self._chart_frame(frame, chart)
        self.n_series_ = n_series
        return self

    def _scan(self, x, n, sd, limit, shift, span, chart, offset):
        """Yield (alarm index, run start, stats) for each drop in one series."""
        size = len(x)
        sd_floor = max(0.05 * span, 1e-6)
        base = 0
        while base + self.baseline_periods < size:
            sums = [0.0] * 8
            for i in range(base, base + self.baseline_periods):
                self._add(sums, x[i], n[i], sd[i])
            mu0, sigma, tau2, base_var = self._baseline(sums, sd_floor)
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
                if alarm:
                    run = range(low_start, j + 1)
                    weights = [1.0 / (sigma * sigma / n[i] + tau2) for i in run]
                    level = sum(w * x[i] for w, i in zip(weights, run, strict=True)) / sum(weights)
                    drop = mu0 - level
                    if drop >= delta / 2:
                        z = drop / math.sqrt(1.0 / sum(weights) + base_var)
                        yield j, low_start, (mu0, level, drop, sigma, float(norm.cdf(z)))
                    restart = low_start
                    break
                if high > limit:
                    restart = high_start
                    break
                pending.append(j)
                if low == 0.0 and high == 0.0:
                    # Nothing is building up: these periods are the usual level too, and a longer
                    # baseline is a steadier one (estimation error is the main source of false alarms).
                    room = self.max_baseline_periods - int(sums[7])
                    if room > 0:
                        for i in pending[:room]:
                            self._add(sums, x[i], n[i], sd[i])
                        mu0, sigma, tau2, base_var = self._baseline(sums, sd_floor)
                    pending = []
            if restart is None:
                return
            base = restart

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

    def _alert(self, team, key, instrument, dim, period, offset, at, run_start, stats) -> Alert:
        mu0, level, drop, sigma, confidence = stats
        label = dimension_label(instrument, dim)
        periods = at - run_start + 1
        explanation = (
            f"{team}'s {label} fell by about {_points(drop, key)} ({drop / sigma:.1f} sd) from around"
            f" {period[offset + run_start]}, lasting {periods} period{'s' if periods > 1 else ''} so far;"
            f" {_confidence_word(confidence)}."
        )
        return Alert(
            team=team,
            instrument=key,
            dimension=dim,
            date=period[offset + run_start],
            detected=period[offset + at],
            size=round(drop, 3),
            size_sd=round(drop / sigma, 2),
            confidence=round(confidence, 3),
            baseline=round(mu0, 3),
            level=round(level, 3),
            periods=periods,
            explanation=explanation,
        )

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


def _points(drop: float, key: str) -> str:
    return f"{drop:.0f} points" if key == "enps" or abs(drop) >= 10 else f"{drop:.1f} points"


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
