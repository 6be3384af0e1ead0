"""Shared parts of the review pages: picking the review (kept in the address) and its header."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard.queries import reviews as review_queries
from dashboard.widgets import plain
from pulse import reviews

STATUS_LABELS = {"draft": "Draft", "in-review": "In review", "published": "Published"}
PAGES = {
    "app_pages/review_edit.py": ("Edit", ":material/edit:"),
    "app_pages/review_check.py": ("Blame check and publish", ":material/fact_check:"),
    "app_pages/review_perspectives.py": ("Perspectives", ":material/forum:"),
}


def pick_review(db, key: str) -> reviews.Review:
    """The review named by ``?review=`` or chosen here; stops with a hint when there is none."""
    summaries = review_queries.summaries(db.path)
    if not summaries:
        st.info("No review yet: start one on the Reviews page.")
        st.page_link("app_pages/reviews.py", label="Reviews", icon=":material/list:")
        st.stop()
    labels = {s.id: f"{s.title} ({s.team}, {s.event_date:%d %b %Y}, {STATUS_LABELS[s.status]})" for s in summaries}
    wanted = st.query_params.get("review")
    ids = list(labels)
    index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in labels else 0
    chosen = st.selectbox("Review", ids, index=index, format_func=labels.get, key=key)
    st.query_params["review"] = str(chosen)
    return reviews.get_review(db, chosen)


def header(review: reviews.Review, here: str) -> None:
    st.caption(
        f"{review.kind_label} in team {plain.md(review.team)} on {review.event_date:%d %b %Y} ·"
        f" {STATUS_LABELS[review.status]} · version {review.version}"
    )
    columns = st.columns(len(PAGES))
    for column, (page, (label, icon)) in zip(columns, PAGES.items(), strict=True):
        if page != here:
            column.page_link(page, label=label, icon=icon, query_params={"review": str(review.id)})


def rows(items, columns: list[str]) -> pd.DataFrame:
    """Dataclass items as an editable table (empty tables keep their columns)."""
    return pd.DataFrame([{c: getattr(item, c) for c in columns} for item in items], columns=columns)


def records(frame: pd.DataFrame) -> list[dict]:
    """Edited rows back as dicts: blank rows dropped, missing values None, ids whole numbers, dates dates."""
    frame = frame.astype(object).where(frame.notna(), None)
    out = []
    for row in frame.to_dict("records"):
        if not any(v not in (None, "") for k, v in row.items() if k != "id"):
            continue
        if row.get("id") is not None:
            row["id"] = int(row["id"])
        if isinstance(row.get("due"), pd.Timestamp | datetime):
            row["due"] = row["due"].date()
        out.append(row)
    return out


# The blame check's document view -------------------------------------------------------------------

SEVERITY_COLOURS = {"high": "red", "medium": "orange", "low": "gray"}


def highlighted(text: str, findings: list) -> str:
    """``text`` as Markdown with every finding marked in place (background by severity, a number after it);
    everything the writer wrote is escaped, so it shows character for character. ``findings``: (number,
    lint finding) pairs."""
    order = {s: i for i, s in enumerate(("high", "medium", "low"))}
    marks: list[list] = []  # start, end, severity, numbers (overlapping findings merged)
    for number, f in sorted(findings, key=lambda p: p[1].start):
        if marks and f.start < marks[-1][1]:
            last = marks[-1]
            last[1] = max(last[1], f.end)
            last[2] = min(last[2], f.severity, key=order.get)
            last[3].append(number)
        else:
            marks.append([f.start, f.end, f.severity, [number]])
    out, at = [], 0
    for start, end, severity, numbers in marks:
        out.append(_escaped(text[at:start]))
        label = ",".join(str(n) for n in numbers)
        out.append(f":{SEVERITY_COLOURS[severity]}-background[{_escaped(text[start:end])}]:small[**\\[{label}\\]**]")
        at = end
    out.append(_escaped(text[at:]))
    return "".join(out)


def _escaped(text: str) -> str:
    # Lines kept (a Markdown hard break), each escaped on its own.
    return "  \n".join(plain.md(line) for line in text.split("\n"))
