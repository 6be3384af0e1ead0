"""The one interval: mean, sample sd and a t-based 90% interval clipped to the scale.

Honest at small n (a t quantile, not a normal one). Vectorised, because an organisation's results
are millions of rows; the scalar form is the same code on arrays of one.
"""

from __future__ import annotations

import numpy as np
from scipy import stats as scipy_stats

CONFIDENCE = 0.90


def intervals(n, total, total_sq, low, high) -> dict[str, np.ndarray]:
    """Mean, sd, ci_low and ci_high for arrays of sufficient statistics (n, sum, sum of squares)."""
    n = np.asarray(n, dtype=float)
    safe_n = np.where(n > 0, n, 1.0)
    mean = np.asarray(total, dtype=float) / safe_n
    variance = np.clip(np.asarray(total_sq, dtype=float) - n * mean * mean, 0, None) / np.where(n > 1, n - 1, 1.0)
    sd = np.sqrt(variance)
    # The t quantile once per distinct degrees of freedom: there are few, and rows are millions.
    freedom, at = np.unique(np.where(n > 1, n - 1, 1.0), return_inverse=True)
    quantile = scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, freedom)[at.reshape(-1)].reshape(n.shape)
    half = np.where(n > 1, quantile * sd / np.sqrt(safe_n), np.inf)
    return {
        "mean": mean,
        "sd": sd,
        "ci_low": np.maximum(low, mean - half),
        "ci_high": np.minimum(high, mean + half),
    }


def interval(n: int, total: float, total_sq: float, low: float, high: float) -> tuple[float, float, float, float]:
    """(mean, sd, ci_low, ci_high) of one group."""
    one = intervals([n], [total], [total_sq], low, high)
    return float(one["mean"][0]), float(one["sd"][0]), float(one["ci_low"][0]), float(one["ci_high"][0])
