"""A review as a document: one form per section, lists of rows with Add and Remove, human labels.

Lists (timeline, factors, actions) are edited as rows of ordinary inputs inside one form. Add and
Remove are submit buttons of that form, so what was typed in the other rows is kept; a row is only
ever added by pressing Add. Each row has a stable id, so removing a row never shifts another row's
text into its place. The draft lives in session state under the review's version: once saved, the
next version starts from what was stored.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from dashboard.widgets import figures, plain
from pulse import reviews
from pulse.errors import InvalidReview, PulseError

ACTION_STATUS_LABELS = {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}
FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "went_well": "What went well",
    "was_hard": "What was hard or surprising",
}
LIST_LABELS = {
    "timeline": ("Timeline, moment", {"at": "when", "what": "what happened"}),
    "factors": ("Contributing factor", {"detail": "detail"}),
    "actions": ("Action", {"what": "what", "owner": "owner"}),
}
_ITEM = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")
_row_ids = itertools.count(1)


def field_label(name: str) -> str:
    """A review field as a reader names it: ``timeline[2].what`` is "Timeline, moment 2: what happened"."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    found = _ITEM.match(name)
    if found and found.group(1) in LIST_LABELS:
        prefix, parts = LIST_LABELS[found.group(1)]
        return f"{prefix} {found.group(2)}: {parts.get(found.group(3), found.group(3).replace('_', ' '))}"
    return name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Column:
    """One input of a row: ``kind`` is text, area, choice or date; ``options`` maps stored keys to labels."""

    name: str
    label: str
    kind: str = "text"
    options: dict[str, str] = field(default_factory=dict)
    width: float = 1.0
    placeholder: str | None = None


TIMELINE = (
    Column("at", "When", width=0.8, placeholder="10:42, 2026-06-01 10:42 or T+15m"),
    Column("what", "What happened (roles, never names)", "area", width=3.2),
)
FACTORS = (
    Column("category", "Factor", "choice", reviews.FACTORS, width=1.4),
    Column("detail", "How it contributed", "area", width=2.6),
)
ACTIONS = (
    Column("what", "What changes", "area", width=2.2),
    Column("owner", "Owner (a role or a team)", width=1.2),
    Column("due", "Due", "date", width=0.9),
    Column("status", "Status", "choice", ACTION_STATUS_LABELS, width=0.9),
    Column("link", "Ticket or link", width=1.0, placeholder="OPS-123"),
)


def _value(column: Column, value, key: str, disabled: bool):
    if column.kind == "area":
        return st.text_area(column.label, value or "", key=key, disabled=disabled, height=68,
                            placeholder=column.placeholder)  # fmt: skip
    if column.kind == "choice":
        options = list(column.options)
        index = options.index(value) if value in options else None
        return st.selectbox(column.label, options, index=index, format_func=column.options.get, key=key,
                            disabled=disabled, placeholder="Choose one")  # fmt: skip
    if column.kind == "date":
        return st.date_input(column.label, value if isinstance(value, date) else None, key=key, disabled=disabled,
                             format="YYYY-MM-DD")  # fmt: skip
    return st.text_input(column.label, value or "", key=key, disabled=disabled, placeholder=column.placeholder)


def _blank(row: dict, columns: tuple[Column, ...]) -> bool:
    return all(row.get(c.name) in (None, "") for c in columns if c.kind != "choice" or c.name == "category")


def list_section(
    key: str,
    columns: tuple[Column, ...],
    saved: list[dict],
    *,
    item: str,
    section: str,
    check: Callable[[dict], object],
    locked: bool = False,
    empty: str = "Nothing here yet.",
) -> list[dict] | None:
    """Rows of inputs with Add and Remove in one form; the rows to store when Save is pressed, else None.

    ``check`` is the domain's validator for one row: a row it refuses stops the save with one line
    naming the row ("Moment 2: ...") and keeps what was typed.
    """
    draft_key = f"{key}_draft"
    if draft_key not in st.session_state:
        st.session_state[draft_key] = [{**row, "_row": next(_row_ids)} for row in saved]
    rows = st.session_state[draft_key]
    with st.form(f"{key}_form"):
        if not rows:
            st.caption(empty)
        edited, removed = [], None
        for number, row in enumerate(rows, 1):
            widths = [c.width for c in columns] + [0.5]
            cells = st.columns(widths, vertical_alignment="bottom")
            values = {}
            for cell, column in zip(cells, columns, strict=False):
                with cell:
                    values[column.name] = _value(column, row.get(column.name), f"{key}_{row['_row']}_{column.name}",
                                                 locked)  # fmt: skip
            edited.append({**row, **values})
            label = f"Remove {item.lower()} {number}"
            if cells[-1].form_submit_button("Remove", key=f"{key}_{row['_row']}_remove", icon=":material/delete:",
                                            disabled=locked, help=label):  # fmt: skip
                removed = row["_row"]
        add_col, save_col = st.columns([1, 1])
        add = add_col.form_submit_button(f"Add {item.lower()}", key=f"{key}_add", icon=":material/add:",
                                         disabled=locked)  # fmt: skip
        save = save_col.form_submit_button(f"Save {section}", key=f"{key}_save", type="primary",
                                           disabled=locked)  # fmt: skip
    if removed is not None or add:
        kept = [r for r in edited if r["_row"] != removed]
        if add:
            kept.append({"_row": next(_row_ids)})
        st.session_state[draft_key] = kept
        st.rerun()
    if not save:
        return None
    st.session_state[draft_key] = edited
    out = []
    for number, row in enumerate(edited, 1):
        values = {k: v for k, v in row.items() if k != "_row"}
        if _blank(values, columns):
            continue  # an empty row is left out, not refused
        try:
            check(values)
        except PulseError as e:
            st.error(f"{item} {number}: {e}. Nothing in this section was saved.")
            return None
        out.append(values)
    return out


def check_factor(row: dict) -> reviews.Factor:
    """A factor row as the domain reads it; a row without a chosen factor is named plainly."""
    if not row.get("category"):
        raise InvalidReview("choose which factor it was")
    return reviews.factor(row)


def as_rows(items, columns: tuple[Column, ...], extra: tuple[str, ...] = ()) -> list[dict]:
    """Stored items (timeline entries, factors, actions) as row dicts for ``list_section``."""
    names = [c.name for c in columns] + list(extra)
    return [{name: getattr(entry, name) for name in names} for entry in items]


def section_key(review: reviews.Review, section: str, stored) -> str:
    """Widget keys for one section: they change when that section's stored content changes (a save, or
    another tab's edit), so its inputs start from what is stored, while other sections keep what was typed."""
    digest = hashlib.sha256(repr(stored).encode()).hexdigest()[:10]
    return f"review{review.id}_{section}_{digest}"


MOVES = {"in-review": "Send for review", "draft": "Back to draft", "published": "Publish"}


def publish_blockers(review: reviews.Review, findings: list[reviews.ReviewFinding]) -> list[str]:
    """Why Publish is not offered yet, one plain line each (empty when it may publish)."""
    if review.status != "in-review":
        return ["Send the review for review first: only a review in review can be published."]
    return [
        f"{field_label(f.field)}: “{f.text}” ({f.kind.replace('-', ' ')}). Fix the text or waive it with a reason."
        for f in findings
        if f.open
    ]


def status_controls(review: reviews.Review, findings: list[reviews.ReviewFinding], move: Callable[[str], None]) -> None:
    """The lifecycle buttons; Publish stays disabled, with the reasons listed, until every finding is settled."""
    blockers = publish_blockers(review, findings)
    targets = reviews.TRANSITIONS[review.status]
    for column, target in zip(st.columns(max(len(targets), 2)), targets, strict=False):
        blocked = target == "published" and bool(blockers)
        clicked = column.button(
            MOVES[target], key=f"move_{target}", disabled=blocked,
            type="primary" if target == "published" else "secondary",
            help="Every blame-check finding must be fixed or waived first." if blocked else None,
        )  # fmt: skip
        if clicked:
            move(target)
    if "published" in targets and blockers:
        st.markdown(f"**Publish is not available yet: {figures.plural(len(blockers), 'finding')} to fix or waive.**")
        for line in blockers:
            st.markdown(f"- {plain.md(line)}")
    waived = [f for f in findings if not f.open]
    if waived:
        st.markdown("**Kept on purpose** (waived, with the reason):")
        for f in waived:
            st.markdown(f"- {plain.md(field_label(f.field))}: “{plain.md(f.text)}”, because {plain.md(f.waived)}")
