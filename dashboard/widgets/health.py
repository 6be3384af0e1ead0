"""The squad health check in its own colours: red, amber and green, always with the letter and the word.

Cards on Team trends (one per dimension: the latest colour beside the team's own view of the trend),
and the coloured teams-by-dimension table on the Organisation page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.widgets import plain

# Where a 1-3 mean turns amber and green: the same cut points as the Team trends grid (thirds of the scale).
CUTS = (1 + 2 / 3, 2 + 1 / 3)
BADGE = {"Red": "red", "Amber": "orange", "Green": "green"}
# Light tints of the instrument's colours, dark text on each (contrast above 7:1); the letter says it too.
TINT = {"R": "#f6c3b5", "A": "#fbe7a1", "G": "#b9e4cf"}
TREND_WORDS = {"↑": "getting better", "↓": "getting worse", "→": "about the same"}
CARDS_PER_ROW = 3


def status(mean: float) -> str:
    """Red, Amber or Green for a mean on the 1-3 scale."""
    return "Red" if mean < CUTS[0] else "Amber" if mean < CUTS[1] else "Green"


def cell(mean: float) -> str:
    """A table cell: the letter and the rounded mean ("G 2.6"); empty when nothing is shown."""
    return "" if pd.isna(mean) else f"{status(mean)[0]} {mean:.1f}"


def health_cards(grid: pd.DataFrame) -> None:
    """One card per dimension: its latest colour (badge with the word), mean, the team's trend, and
    the colours of the periods before it as letters, oldest first.

    ``grid`` is ``TrendsPage.health`` (label, period, status, mean, arrow, n, order).
    """
    dims = grid.sort_values(["order", "period"]).groupby("label", sort=False)
    cards = list(dims)
    for start in range(0, len(cards), CARDS_PER_ROW):
        for column, (label, rows) in zip(st.columns(CARDS_PER_ROW), cards[start : start + CARDS_PER_ROW], strict=False):
            last = rows.iloc[-1]
            box = column.container(border=True)
            box.markdown(f"**{plain.md(label)}**")
            trend = TREND_WORDS.get(last["arrow"], "no trend given")
            box.markdown(
                f":{BADGE[last['status']]}-background[{last['status'][0]} · {last['status']}]"
                f" {last['mean']:.1f} of 3  \n{last['arrow']} {trend}".rstrip()
            )
            history = " ".join(s[0] for s in rows["status"])
            box.caption(f"{pd.Timestamp(last['period']):%d %b %Y}; last {len(rows)} periods: {history}")


def styled(table: pd.DataFrame, columns: list[str]):
    """``table`` with each health-check cell in ``columns`` tinted by its letter."""

    def tint(value) -> str:
        letter = str(value)[:1]
        return f"background-color: {TINT[letter]}; color: #1a1a1a" if letter in TINT else ""

    return table.style.map(tint, subset=columns)
