"""Tribe and organisation figures per period, built only from team figures already shown.

A parent is the pooled sum of the team figures shown on their own for that period (a single-round
block that passed every rule of :mod:`pulse.results.team`), so parent minus shown children is always
exactly nothing. Pooling suppressed teams in would look harmless, but a small team's round that sits
in a pooled block could then be recovered: with team B's block (r1 + r2) shown and r2 counted in the
tribe, the block minus the tribe's residual gives r1 alone.
"""

from __future__ import annotations

import numpy as np

from pulse import settings
from pulse.instruments import instruments_of
from pulse.results import source
from pulse.results.frame import Figure
from pulse.results.stats import intervals
from pulse.results.team import team_frame


def group_results(db, level: str = "tribe", instrument: str | None = None) -> list[Figure]:
    """Tribe or organisation figures per single period, safe against subtraction."""
    if level not in ("tribe", "organisation"):
        raise ValueError("level must be 'tribe' or 'organisation'")
    cur = db.cursor()
    k = settings.min_group_size(cur)
    instruments = instruments_of(db)
    rounds = source.round_frame(cur, source.ALL_TEAMS, None, instrument)
    rounds = rounds[rounds["closed"]]
    if rounds.empty:
        return []
    frame = team_frame(db, instrument=instrument, scope=source.ALL_TEAMS)
    alone = frame[(frame["rounds"] == 1) & frame["mean"].notna()].copy()
    # Sums back from the shown figures: the parent can hold nothing its children do not show.
    alone["total"] = alone["mean"] * alone["n"]
    alone["total_sq"] = alone["sd"] ** 2 * (alone["n"] - 1) + alone["n"] * alone["mean"] ** 2
    tribes = rounds.drop_duplicates("team").set_index("team")["tribe"]
    alone["group"] = alone["team"].map(tribes) if level == "tribe" else "organisation"
    alone = alone[alone["group"].notna()]
    # Teams that answered in a period but are not shown alone: counted in the note, never in the figure.
    rounds = rounds.assign(period=source.iso_dates(rounds["period_start"]), end=source.iso_dates(rounds["period_end"]))
    rounds["group"] = rounds["tribe"] if level == "tribe" else "organisation"
    rounds = rounds[rounds["group"].notna()]
    shown_rounds = set(zip(alone["team"], alone["instrument"], alone["period"], strict=True))
    answered = rounds["responses"].to_numpy() > 0
    keys = zip(rounds["team"], rounds["instrument"], rounds["period"], strict=True)
    rounds["left_out"] = answered & np.array([key not in shown_rounds for key in keys], dtype=bool)
    periods = rounds.groupby(["group", "instrument", "period"], sort=True).agg(
        end=("end", "max"), left_out=("left_out", "sum")
    )
    dims = source.dimension_table(instruments)
    cells = periods.reset_index().merge(dims[["instrument", "dimension", "position", "low", "high"]], on="instrument")
    sums = alone.groupby(["group", "instrument", "period", "dimension"], sort=False)[["n", "total", "total_sq"]].sum()
    cells = cells.merge(sums.reset_index(), on=["group", "instrument", "period", "dimension"], how="left")
    cells = cells[cells["n"].notna() | (cells["left_out"] > 0)].fillna({"n": 0, "total": 0.0, "total_sq": 0.0})
    n = cells["n"].to_numpy(dtype=float)
    values = intervals(
        n, cells["total"], cells["total_sq"], cells["low"].to_numpy(float), cells["high"].to_numpy(float)
    )
    out = []
    for row, mean, sd, low, high in zip(
        cells.itertuples(index=False), values["mean"], values["sd"], values["ci_low"], values["ci_high"], strict=True
    ):
        left = f"{int(row.left_out)} team(s) below the threshold" if row.left_out else ""
        head = (row.group, row.instrument, row.dimension, row.period, int(row.n))
        if row.n < k:
            note = f"suppressed: fewer than {k} responses (n={int(row.n)})" + (f"; {left}" if left else "")
            out.append(Figure(*head, None, None, None, note, row.end, 1, level))
        else:
            note = f"leaves out {left}" if left else ""
            out.append(Figure(*head, float(mean), float(low), float(high), note, row.end, 1, level, float(sd)))
    order = dims.set_index(["instrument", "dimension"])["position"].to_dict()
    out.sort(key=lambda f: (f.team, f.instrument, f.period, order.get((f.instrument, f.dimension), 99)))
    return out
