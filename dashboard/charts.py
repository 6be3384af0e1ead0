"""Altair charts. Colour-blind-safe palette (Okabe-Ito)."""

from __future__ import annotations

import altair as alt
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def score_bars(frame: pd.DataFrame, low: float, high: float, title: str) -> alt.LayerChart:
    """Latest score per team as a point with its 90% interval."""
    base = alt.Chart(frame).encode(y=alt.Y("team:N", sort="-x", title=None))
    interval = base.mark_rule(color=OKABE_ITO[4], strokeWidth=3).encode(
        x=alt.X("ci_low:Q", scale=alt.Scale(domain=[low, high]), title=title), x2="ci_high:Q"
    )
    point = base.mark_point(filled=True, size=90, color=OKABE_ITO[0]).encode(
        x="mean:Q",
        tooltip=[
            alt.Tooltip("team:N"),
            alt.Tooltip("mean:Q", format=".2f"),
            alt.Tooltip("ci_low:Q", format=".2f", title="90% low"),
            alt.Tooltip("ci_high:Q", format=".2f", title="90% high"),
            alt.Tooltip("n:Q"),
            alt.Tooltip("period:N"),
        ],
    )
    return (interval + point).properties(height=alt.Step(26))
