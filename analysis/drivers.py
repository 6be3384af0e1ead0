"""What moves with psychological safety: each health-check dimension's correlation with the
psych-safety score, between teams and within teams over time, with bootstrap intervals.

Read from figures the query layer shows anyway (``pulse.results``); never proof of cause.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import Progress, dimension_label, report
from analysis.archetypes import _INSTRUMENTS, _shown_frame
from pulse import results
from pulse.results import Scope

DRIVER_COLUMNS = [
    "dimension", "label", "between_r", "between_low", "between_high", "within_r", "within_low", "within_high",
    "teams", "periods", "explanation",
]  # fmt: skip


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def drivers_from_figures(
    figures,
    target: tuple[str, str] = ("psych-safety", "score"),
    instrument: str = "health-check",
    *,
    n_boot: int = 2000,
    random_state: int = 0,
    confidence: float = 0.90,
) -> pd.DataFrame:
    """Correlation of each dimension of ``instrument`` with ``target`` between and within teams.

    Periods are matched exactly (same team, same period or pooled block). Intervals: percentile
    bootstrap over teams, so a team with many periods cannot pass for many independent teams.
    """
    frame = _shown_frame(figures)
    key, dim = target
    goal = frame[(frame["instrument"] == key) & (frame["dimension"] == dim)][["team", "period", "period_end", "mean"]]
    inst = _INSTRUMENTS.get(instrument)
    dims = [q.key for q in inst.questions if q.in_score] if inst else sorted(
        frame.loc[frame["instrument"] == instrument, "dimension"].unique()
    )  # fmt: skip
    rng = np.random.default_rng(random_state)
    target_label = dimension_label(_INSTRUMENTS.get(key), dim)
    tail = (1 - confidence) / 2
    rows = []
    for d in dims:
        mine = frame[(frame["instrument"] == instrument) & (frame["dimension"] == d)]
        pairs = goal.merge(mine, on=["team", "period", "period_end"], suffixes=("_y", "_x"))
        teams = sorted(pairs["team"].unique())
        means = pairs.groupby("team")[["mean_x", "mean_y"]].mean()
        centred = pairs[["mean_x", "mean_y"]] - means.loc[pairs["team"]].to_numpy()
        between = _corr(means["mean_x"].to_numpy(), means["mean_y"].to_numpy()) if len(teams) >= 4 else np.nan
        within = _corr(centred["mean_x"].to_numpy(), centred["mean_y"].to_numpy())
        boot_between, boot_within = [], []
        if len(teams) >= 4:
            # Every resample at once: a team drawn c times adds c times its own sums (its centred rows have
            # mean zero, so the stacked sample's correlation is built from these sums alone).
            picks = rng.integers(0, len(teams), (n_boot, len(teams)))
            boot_between = _row_corr(means.to_numpy()[picks])
            cx, cy = centred["mean_x"].to_numpy(), centred["mean_y"].to_numpy()
            per_team = pd.DataFrame({"team": pairs["team"].to_numpy(), "xx": cx * cx, "yy": cy * cy, "xy": cx * cy})
            grouped = per_team.groupby("team")
            sums = grouped[["xx", "yy", "xy"]].sum().loc[teams].to_numpy()
            counts = np.stack([np.bincount(p, minlength=len(teams)) for p in picks])
            rows_n = counts @ grouped.size().loc[teams].to_numpy()
            sxx, syy, sxy = (counts @ sums).T
            with np.errstate(invalid="ignore", divide="ignore"):
                boot_within = np.where((rows_n >= 3) & (sxx > 0) & (syy > 0), sxy / np.sqrt(sxx * syy), np.nan)
        b_low, b_high = _interval(boot_between, tail)
        w_low, w_high = _interval(boot_within, tail)
        label = dimension_label(inst, d) if inst else d
        rows.append(
            {
                "dimension": d,
                "label": label,
                "between_r": between,
                "between_low": b_low,
                "between_high": b_high,
                "within_r": within,
                "within_low": w_low,
                "within_high": w_high,
                "teams": len(teams),
                "periods": len(pairs),
                "explanation": _driver_sentence(label, target_label, between, b_low, b_high, w_low, w_high),
            }
        )
    out = pd.DataFrame(rows, columns=DRIVER_COLUMNS)
    return out.sort_values("between_r", ascending=False, na_position="last").reset_index(drop=True)


def _row_corr(samples: np.ndarray) -> np.ndarray:
    """Pearson's r of each resample's two columns (``samples``: resamples x teams x 2); NaN where one
    column is constant."""
    centred = samples - samples.mean(axis=1, keepdims=True)
    sxx, syy = (centred[:, :, 0] ** 2).sum(axis=1), (centred[:, :, 1] ** 2).sum(axis=1)
    sxy = (centred[:, :, 0] * centred[:, :, 1]).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((sxx > 1e-24) & (syy > 1e-24), sxy / np.sqrt(sxx * syy), np.nan)


def _interval(values, tail: float) -> tuple[float, float]:
    values = np.asarray([v for v in values if not np.isnan(v)])
    if len(values) < 20:
        return (float("nan"), float("nan"))
    return (float(np.quantile(values, tail)), float(np.quantile(values, 1 - tail)))


def _driver_sentence(label, target, between, low, high, w_low, w_high) -> str:
    if np.isnan(between) or np.isnan(low):
        return f"Too few teams to say how {label} relates to {target}."
    numbers = f"(r = {between:.2f}, 90% interval {low:.2f} to {high:.2f})"
    if low > 0:
        text = f"Teams that rate {label} higher tend to report higher {target} {numbers}."
    elif high < 0:
        text = f"Teams that rate {label} higher tend to report lower {target} {numbers}."
    else:
        text = f"No clear link between {label} and {target} across teams {numbers}."
    if not np.isnan(w_low) and w_low > 0:
        text += f" Within a team, periods with better {label} also tend to have better {target}."
    return text + " This is an association, not proof that one causes the other."


def drivers(
    db,
    target: tuple[str, str] = ("psych-safety", "score"),
    instrument: str = "health-check",
    *,
    scope: Scope,
    n_boot: int = 2000,
    random_state: int = 0,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """The driver view through the query layer: one row per dimension of ``instrument``."""
    figures = results.team_results(db, instrument=target[0], scope=scope)
    report(progress, 1, 3)
    figures += results.team_results(db, instrument=instrument, scope=scope)
    report(progress, 2, 3)
    out = drivers_from_figures(figures, target, instrument, n_boot=n_boot, random_state=random_state)
    report(progress, 3, 3)
    return out
