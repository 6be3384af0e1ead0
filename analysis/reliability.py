"""Scale reliability: Cronbach's alpha (with Feldt's interval) and McDonald's omega.

Both answer "do the items of this instrument measure one thing consistently enough that their mean
is worth reading?". They are computed from the pooled item covariance matrix that
:func:`pulse.results.item_moments` returns (closed rounds in blocks reaching k, complete responses,
reverse-worded items already flipped), never from individual answers.

- alpha = m / (m - 1) * (1 - sum of item variances / variance of the sum). It assumes every item
  measures the construct equally well (tau-equivalence); when they do not, it underestimates.
- omega = (sum of loadings)^2 / ((sum of loadings)^2 + sum of unique variances), from a one-factor
  model fitted by minimum residuals (iterated principal axes). It allows unequal loadings, but
  assumes one factor: when the residual correlations left by that factor are large, omega is
  flagged as unreliable itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from analysis import Progress, report
from pulse import results
from pulse.instruments import list_instruments
from pulse.results import Scope

CONFIDENCE = 0.90
ACCEPTABLE = 0.7
# Root mean square of the residual correlations above which one factor does not describe the items.
MAX_RESIDUAL = 0.08


@dataclass(frozen=True)
class Reliability:
    instrument: str
    items: int
    n: int
    alpha: float
    alpha_low: float
    alpha_high: float
    alpha_within: float  # from the within-round covariance: consistency among teammates in a round
    omega: float | None
    one_factor_residual: float | None
    weakest_item: str | None  # the item whose removal would raise alpha most, if any would
    warning: str

    def as_dict(self) -> dict:
        return asdict(self)


def cronbach_alpha(cov) -> float:
    """Cronbach's alpha from an item covariance matrix."""
    cov = np.asarray(cov, dtype=float)
    m = cov.shape[0]
    if m < 2:
        raise ValueError("alpha needs at least two items")
    total = cov.sum()
    if total <= 0:
        return float("nan")
    return float(m / (m - 1) * (1 - np.trace(cov) / total))


def alpha_interval(alpha: float, n: int, items: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Feldt's (1965) interval for alpha: (1 - alpha) follows a scaled F(n - 1, (n - 1)(items - 1))."""
    if n < 3 or math.isnan(alpha):
        return (float("nan"), float("nan"))
    df1, df2 = n - 1, (n - 1) * (items - 1)
    tail = (1 - confidence) / 2
    low = 1 - (1 - alpha) * stats.f.ppf(1 - tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)
    return (float(low), float(high))


def one_factor(cov, max_iter: int = 500, tol: float = 1e-8) -> tuple[np.ndarray, np.ndarray, float]:
    """Loadings, unique variances and the residual RMS correlation of a one-factor model.

    Minimum residuals by iterated principal axes on the covariance matrix, starting from squared
    multiple correlations; unique variances are kept at least 0.5% of each item's variance so a
    Heywood case cannot produce a loading above the item's own spread.
    """
    cov = np.asarray(cov, dtype=float)
    var = np.diag(cov).copy()
    try:
        smc = 1 - 1 / np.diag(np.linalg.inv(cov / np.sqrt(np.outer(var, var))))
    except np.linalg.LinAlgError:
        smc = np.full(len(var), 0.5)
    unique = var * (1 - np.clip(smc, 0.05, 0.995))
    loadings = np.zeros(len(var))
    for _ in range(max_iter):
        reduced = cov - np.diag(unique)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * math.sqrt(max(values[-1], 0.0))
        new_unique = np.clip(var - loadings**2, 0.005 * var, var)
        if np.max(np.abs(new_unique - unique)) < tol:
            unique = new_unique
            break
        unique = new_unique
    if loadings.sum() < 0:
        loadings = -loadings
    implied = np.outer(loadings, loadings) + np.diag(unique)
    scale = np.sqrt(np.outer(var, var))
    off = ~np.eye(len(var), dtype=bool)
    residual = float(np.sqrt(np.mean(((cov - implied) / scale)[off] ** 2))) if len(var) > 1 else 0.0
    return loadings, unique, residual


def mcdonald_omega(cov) -> tuple[float, float]:
    """McDonald's omega (total, one factor) and the residual RMS correlation of that factor."""
    loadings, unique, residual = one_factor(cov)
    common = loadings.sum() ** 2
    return float(common / (common + unique.sum())), residual


def _alpha_if_deleted(cov: np.ndarray) -> np.ndarray:
    keep = np.ones(cov.shape[0], dtype=bool)
    out = []
    for i in range(cov.shape[0]):
        keep[i] = False
        out.append(cronbach_alpha(cov[np.ix_(keep, keep)]) if keep.sum() >= 2 else np.nan)
        keep[i] = True
    return np.array(out)


def assess(moments: results.ItemMoments) -> Reliability:
    """Reliability figures and a plain warning from pooled item moments."""
    cov = np.array(moments.cov)
    m = len(moments.items)
    alpha = cronbach_alpha(cov)
    low, high = alpha_interval(alpha, moments.n, m)
    within = cronbach_alpha(np.array(moments.within_cov))
    omega, residual = mcdonald_omega(cov) if m >= 3 else (None, None)
    deleted = _alpha_if_deleted(cov) if m >= 3 else np.array([])
    weakest = None
    if len(deleted) and np.nanmax(deleted) > alpha + 0.01:
        weakest = moments.items[int(np.nanargmax(deleted))]
    warnings = []
    if math.isnan(alpha) or alpha < ACCEPTABLE:
        warnings.append(
            f"alpha {alpha:.2f} is below {ACCEPTABLE}: the items do not hang together well enough for their"
            " mean to be read as one score; read the items one by one"
        )
    if residual is not None and residual > MAX_RESIDUAL:
        warnings.append("the items do not fit a single factor, so omega may mislead")
    if weakest is not None:
        warnings.append(f"dropping {weakest} would raise alpha to {np.nanmax(deleted):.2f}")
    if moments.n < 100:
        warnings.append(f"only {moments.n} complete responses so far: the interval is wide")
    return Reliability(
        instrument=moments.instrument,
        items=m,
        n=moments.n,
        alpha=round(alpha, 4),
        alpha_low=round(low, 4),
        alpha_high=round(high, 4),
        alpha_within=round(within, 4),
        omega=None if omega is None else round(omega, 4),
        one_factor_residual=None if residual is None else round(residual, 4),
        weakest_item=weakest,
        warning="; ".join(warnings),
    )


def scale_reliability(
    db,
    instruments: Iterable[str] | None = None,
    *,
    scope: Scope,
    progress: Progress | None = None,
) -> list[Reliability]:
    """Reliability of each multi-item instrument, pooled across teams and rounds.

    Instruments with fewer than two scored items, or without k complete responses in showable
    rounds, are left out.
    """
    keys = list(instruments) if instruments is not None else [i.key for i in list_instruments(db.cursor())]
    out = []
    for done, key in enumerate(keys, start=1):
        moments = results.item_moments(db, key, scope=scope)
        if moments is not None:
            out.append(assess(moments))
        report(progress, done, len(keys))
    return out
