"""Figures as the pages draw them: a chart with its table, suppression notes, slopes, alerts, themes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pandas as pd
import streamlit as st

from analysis.labels import dimension_title
from dashboard.widgets import plain
from pulse.instruments import Instrument

SHOWN_ALERTS = 5
TABLE_COLUMNS = {
    "label": "dimension",
    "period": "from",
    "period_end": "to",
    "n": "responses",
    "mean": "mean",
    "ci_low": "90% low",
    "ci_high": "90% high",
    "note": "note",
}
# Raw column names a page's frame may carry, as a reader names them (others lose their underscores).
LABELS = {
    **TABLE_COLUMNS,
    "period_start": "from",
    "start": "from",
    "end": "to",
    "size_sd": "size (standard deviations)",
    "instrument": "survey",
    "category": "factor",
    "relation": "when",
    "after_review": "after the review was published",
    "event_date": "event date",
    "published_on": "published on",
    "actions_open": "open actions",
    "slope_low": "slope, 90% low",
    "slope_high": "slope, 90% high",
    "alpha_low": "alpha, 90% low",
    "alpha_high": "alpha, 90% high",
    "weakest_item": "weakest item",
    "team_size": "team size",
}
DECIMALS = 2
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 question``, ``2 questions``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def human_date(value) -> str:
    """``2026-06-15`` (text, a date or a time stamp) as ``15 Jun 2026``; a missing value as a blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    d = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{d.day} {d:%b %Y}"


def human_dates(text: str) -> str:
    """Every ISO date inside a text written as a reader would: "Score from 15 Jun 2026"."""
    return ISO_DATE.sub(lambda m: human_date(m.group(0)), str(text))


def percent(share) -> str:
    """``0.891`` as ``89%``; a missing share as a blank."""
    return "" if share is None or pd.isna(share) else f"{share:.0%}"


def _dates_in_text(value):
    """A text with a date inside it in human terms; a bare date (a column of dates) is left to sort as one."""
    if isinstance(value, str) and ISO_DATE.search(value) and not ISO_DATE.fullmatch(value):
        return human_dates(value)
    return value


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A frame as a reader sees it: human column names, numbers rounded to two decimals and dates
    without a time; a date inside a text reads "15 Jun 2026" ("pooled over 2 rounds to 28 Jun 2026"). Missing
    values stay missing (a suppressed figure shows no number): draw the result with ``placeholder=""`` so
    they show as blanks, not as "None"."""
    out = table.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.date
        elif pd.api.types.is_float_dtype(values):
            out[column] = values.round(DECIMALS)
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.map(_dates_in_text)
    names: dict = {}
    for c in out.columns:  # two raw names may read alike ("period", "period_start"): the second keeps its own
        label = LABELS.get(c, str(c).replace("_", " "))
        names[c] = label if label not in names.values() else str(c).replace("_", " ")
    return out.rename(columns=names)


def table(frame: pd.DataFrame, key: str | None = None) -> None:
    """A frame as a readable table: human labels, rounded numbers, blanks for missing values."""
    st.dataframe(readable(frame), hide_index=True, key=key, width="stretch", placeholder="")


def chart_with_table(chart, frame: pd.DataFrame, key: str) -> None:
    """Every chart has its table behind it (screen readers, copying, colour-blind readers)."""
    st.altair_chart(chart, width="stretch", key=f"{key}_chart")
    with st.expander("Table", icon=":material/table:"):
        table(frame, f"{key}_table")


def figures_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The figures as a reader sees them: suppressed rows keep their note and show no number."""
    return readable(frame[[c for c in TABLE_COLUMNS if c in frame]])


def suppression_note(frame: pd.DataFrame, k: int) -> None:
    """Say plainly which periods show nothing, and why (they are drawn as grey gaps, never as zeros)."""
    score = frame[frame["dimension"] == "score"]
    suppressed = score[score["state"] == "suppressed"]
    still_open = score[score["state"] == "open"]
    if not suppressed.empty:
        dates = ", ".join(f"{d:%d %b %Y}" for d in suppressed["period"])
        st.warning(
            f"Fewer than {k} responses in {plural(len(suppressed), 'period')} ({dates}): nothing is shown for them."
            " They are drawn as grey gaps, never as zeros. Small teams are pooled over consecutive rounds.",
            icon=":material/visibility_off:",
        )
    if not still_open.empty:
        st.caption(
            f"The current round is open ({int(still_open['n'].iloc[-1])} responses so far): its figures appear when it"
            " closes, so nobody can watch a mean move as colleagues answer."
        )


def slope_sentence(slopes: pd.DataFrame, dimension: str = "score") -> str | None:
    """One plain sentence about the recent direction of a dimension, or None when there is too little."""
    row = slopes[slopes["dimension"] == dimension]
    if row.empty or pd.isna(row["slope"].iloc[0]):
        return None
    r = row.iloc[0]
    return (
        f"Over the last {int(r['points'])} shown periods (since {r['since']}): {r['direction']},"
        f" {r['slope']:+.2f} points per period (90% interval {r['slope_low']:+.2f} to {r['slope_high']:+.2f})."
    )


def alert_table(frame: pd.DataFrame, instruments: Iterable[Instrument]) -> pd.DataFrame:
    """The alerts as a reader names them: the survey's name, the dimension's label, a human date and the
    confidence as a percentage."""
    known = {i.key: i for i in instruments}
    columns = ["team", "instrument", "dimension", "date", "size", "size_sd", "confidence", "explanation"]
    out = frame[[c for c in columns if c in frame]].copy()
    if "dimension" in out:
        out["dimension"] = [
            dimension_title(known.get(key), d) for key, d in zip(frame["instrument"], frame["dimension"], strict=True)
        ]
    if "instrument" in out:
        out["instrument"] = [known[key].name if key in known else key for key in frame["instrument"]]
    if "date" in out:
        out["date"] = out["date"].map(human_date)
    if "confidence" in out:
        out["confidence"] = out["confidence"].map(percent)
    return readable(out)


def alert_list(frame: pd.DataFrame, empty: str, instruments: Iterable[Instrument] = ()) -> None:
    """Alerts as plain sentences, newest first, with their table behind them."""
    if frame.empty:
        st.success(plain.md(empty), icon=":material/check_circle:")  # it names a team
        return
    for sentence in frame["explanation"].head(SHOWN_ALERTS):
        st.warning(plain.md(sentence), icon=":material/trending_down:")  # it names a team
    if len(frame) > SHOWN_ALERTS:
        st.caption(f"{len(frame) - SHOWN_ALERTS} more in the table.")
    with st.expander("Table", icon=":material/table:"):
        st.dataframe(alert_table(frame, instruments), hide_index=True, width="stretch", placeholder="")


def theme_list(frame: pd.DataFrame, k: int) -> None:
    """Comment themes, largest first: label, size and lean, and up to three scrubbed snippets.

    Snippets are what people wrote, and an emerging theme's label is made of their words: both are
    shown as plain text."""
    if frame.empty:
        st.info(f"No comments yet in a period that reached {k} responses.")
        return
    for theme in frame.itertuples(index=False):
        lean = {"negative": ":material/sentiment_dissatisfied:", "positive": ":material/sentiment_satisfied:"}
        title = plain.md(f"{theme.label}: {plural(theme.size, 'comment')}, {theme.lean}")
        with st.expander(title, icon=lean.get(theme.lean)):
            if not len(theme.snippets):
                st.caption(f"Fewer than {k} comments in this theme: no snippets are shown.")
            for snippet in theme.snippets:
                plain.quote(snippet)
