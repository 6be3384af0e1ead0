"""When did a drop begin? A single change point by weighted least squares, with its uncertainty.

The level of a series is modelled as ``a`` before the change and ``a - b`` after it, with an
optional straight ramp of ``L`` periods in between (a fall spread over a few rounds, as after a
reorganisation). For every start ``s`` and ramp length ``L`` the model is linear in ``a`` and ``b``,
so each candidate is one weighted least-squares fit with the known variance of each figure. With a
flat prior over starts, ``exp(-WSSE / 2)`` is the likelihood of each candidate: its maximum over ``s``
(summed over ramps) is the most likely start, and the shortest run of starts holding ``credibility``
of the total is its uncertainty, in figures (periods or pooled blocks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ChangePoint:
    """A fitted drop: indices are positions in the series the fit was given."""

    start: int  # most likely first figure at the lower (or falling) level
    earliest: int  # the credible run of starts: earliest .. latest
    latest: int
    ramp: int  # periods the fall took before reaching its new level (0: a step)
    before: float  # level before the change (a)
    after: float  # level once the fall is complete (a - b)
    drop_se: float  # standard error of the drop b

    @property
    def drop(self) -> float:
        return self.before - self.after


def ramp_shape(n: int, start: int, ramp: int) -> np.ndarray:
    """0 before ``start``, rising linearly to 1 over ``ramp + 1`` figures, then 1."""
    h = (np.arange(n) - start + 1) / (ramp + 1)
    return np.clip(h, 0.0, 1.0)


def fit_level_shift(x: np.ndarray, w: np.ndarray, h: np.ndarray) -> tuple[float, float, float, float]:
    """Weighted least squares of ``x = a - b h``: (a, b, standard error of b, weighted SSE)."""
    sw, swh, swhh = w.sum(), (w * h).sum(), (w * h * h).sum()
    swx, swhx = (w * x).sum(), (w * h * x).sum()
    det = sw * swhh - swh * swh
    if det <= 1e-12:
        return (float(swx / sw), 0.0, math.inf, math.inf)
    a = (swhh * swx - swh * swhx) / det
    slope = (sw * swhx - swh * swx) / det  # coefficient of h, i.e. -b
    resid = x - a - slope * h
    return (float(a), float(-slope), float(math.sqrt(sw / det)), float((w * resid * resid).sum()))


def drop_change_point(
    x,
    variances,
    *,
    earliest: int = 1,
    latest: int | None = None,
    max_ramp: int = 0,
    ramp_penalty: float = 0.0,
    credibility: float = 0.8,
) -> ChangePoint | None:
    """The most likely start of a fall in ``x`` (one figure per period, variances known).

    Parameters
    ----------
    x, variances : array-like of float
        The shown figures in period order and the variance of each (sampling plus wobble).
    earliest, latest : int
        Range of candidate starts (indices); at least one figure must precede a start.
    max_ramp : int
        Longest ramp tried, in figures; 0 fits steps only.
    ramp_penalty : float
        Log-prior cost of each period of ramp: a step is preferred unless a ramp fits clearly better.
    credibility : float
        Share of the likelihood the reported run of starts holds.

    Returns
    -------
    ChangePoint or None
        None when no candidate fits a fall (every fitted ``b`` is zero or a rise).
    """
    x = np.asarray(x, dtype=float)
    w = 1.0 / np.asarray(variances, dtype=float)
    n = len(x)
    latest = n - 1 if latest is None else min(latest, n - 1)
    earliest = max(earliest, 1)
    fits = []  # (log-likelihood, start, ramp, a, b, se)
    for s in range(earliest, latest + 1):
        for ramp in range(0, max_ramp + 1):
            if s + ramp > n - 1:  # the new level must be reached inside the series
                break
            a, b, se, wsse = fit_level_shift(x, w, ramp_shape(n, s, ramp))
            if b > 0 and math.isfinite(wsse):
                fits.append((-0.5 * wsse - ramp_penalty * ramp, s, ramp, a, b, se))
    if not fits:
        return None
    ll = np.array([f[0] for f in fits])
    weight = np.exp(ll - ll.max())
    starts = np.array([f[1] for f in fits])
    by_start = np.bincount(starts - earliest, weights=weight, minlength=latest - earliest + 1)
    by_start /= by_start.sum()
    mode = int(np.argmax(by_start))
    low, high = _credible_run(by_start, mode, credibility)
    # The size and levels from the best ramp at the most likely start.
    best = max((f for f in fits if f[1] == mode + earliest), key=lambda f: f[0])
    _, s, ramp, a, b, se = best
    return ChangePoint(s, low + earliest, high + earliest, ramp, a, a - b, se)


def _credible_run(p: np.ndarray, mode: int, credibility: float) -> tuple[int, int]:
    """Grow a run around the mode, each step taking the likelier neighbour, until it holds ``credibility``."""
    low = high = mode
    mass = p[mode]
    while mass < credibility - 1e-12 and (low > 0 or high < len(p) - 1):
        left = p[low - 1] if low > 0 else -1.0
        right = p[high + 1] if high < len(p) - 1 else -1.0
        if left >= right:
            low -= 1
            mass += left
        else:
            high += 1
            mass += right
    return low, high
