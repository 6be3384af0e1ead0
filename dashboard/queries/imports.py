"""What the Import page reads and writes: the plan of an uploaded file (nothing stored) and its write.

A thin layer over :mod:`pulse.importers`, so that the page and ``teampulse import`` run the same checks
and say the same one-line messages. Plans are never cached in ``st.cache_data``: that cache is shared
by every session, and a plan holds the rows of one admin's file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard import queries
from dashboard.state import open_database
from pulse import importers
from pulse.errors import ImportFailed
from pulse.importers.columns import DATE, IDENTITY
from pulse.importers.dates import ORDER_NAMES, decide_order
from pulse.instruments import Instrument
from pulse.scrub import scrub_identifiers

FILE_TEAM = None  # the team picker's "the file's team column"
SETTLE = ("comment", "team", "date", "ignore")  # what a column may be besides a question


@dataclass(frozen=True)
class Choice:
    """What the admin picked on the page; the same settings as the options of ``teampulse import``."""

    instrument: str
    team: str | None = FILE_TEAM
    create_teams: bool = True
    date_order: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    save_mapping: bool = False

    def options(self) -> importers.ImportOptions:
        return importers.ImportOptions(
            team=self.team, create_teams=self.create_teams, date_order=self.date_order,
            mapping=dict(self.mapping), save_mapping=self.save_mapping,
        )  # fmt: skip


def plan(path: str, data: bytes, filename: str, choice: Choice) -> importers.ImportPlan:
    """Read the whole file and plan its import; writes nothing. Raises ImportFailed for an unreadable file."""
    return importers.plan_import(open_database(path), data, filename, choice.instrument, choice.options())


def write(path: str, plan: importers.ImportPlan) -> list[str]:
    """Write a ready plan in one transaction; the lines ``teampulse import`` prints after writing."""
    report = importers.write_import(open_database(path), plan)
    queries.after_write()
    lines = [f"imported {report.rows} responses into {report.rounds_created} new round(s)"]
    if report.teams_created:
        lines.append(f"created teams: {', '.join(report.teams_created)}")
    if report.dropped_columns:
        lines.append(f"dropped columns (never stored): {', '.join(report.dropped_columns)}")
    lines.extend(report.notes)
    if report.mapping_saved:
        lines.append(f"saved the mapping of {report.mapping_saved} column(s) with {plan.instrument}")
    return lines


def targets(instrument: Instrument) -> dict[str, str]:
    """What a column's select offers, as ``--map`` writes it, with a label: each question (and the same
    question worded the other way round), the comment, the team, the date, or ignore."""
    found = {}
    for q in instrument.questions:
        found[q.key] = f"{q.key}: {q.text}"
    for q in instrument.questions:
        found[f"-{q.key}"] = f"{q.key}, worded the other way round (values reversed): {q.text}"
    found.update({"comment": "the comment", "team": "the team", "date": "the date", "ignore": "ignore this column"})
    return found


def is_identity(col: importers.ColumnPlan) -> bool:
    """Identity columns are dropped whatever anyone maps them to: their select is shown disabled."""
    return col.role == IDENTITY


def chosen_target(col: importers.ColumnPlan) -> str | None:
    """The target a column's select shows: what the plan took it as, or nothing while it is unsure."""
    return col.target if col.sure and not is_identity(col) else None


def column_rows(plan: importers.ImportPlan) -> list[dict]:
    """One row per column: its header and what it is taken as, with the confidence. Never a value."""
    return [
        {
            "column": col.index + 1,
            "header": " ".join(col.header.split()) or f"column {col.index + 1}",
            "taken as": _taken_as(col),
            "how": col.how,
            "confidence": round(col.confidence, 2),
            "sure": col.sure,
            "stored": col.stored,
        }
        for col in plan.columns
    ]


def _taken_as(col: importers.ColumnPlan) -> str:
    what = col.describe().split(" [", 1)[0]
    return what if col.sure else f"unsure: perhaps {what}"


def preview_frame(plan: importers.ImportPlan) -> pd.DataFrame:
    """The first rows as they would be stored: team, day and answers. No identity and no time of day
    exist in a parsed row; the comments are shown apart (:func:`preview_comments`), as they are stored."""
    return pd.DataFrame([{"team": r.team, "day": r.day, **r.answers} for r in plan.preview])


def preview_comments(plan: importers.ImportPlan) -> list[str]:
    """The comments of the preview rows, scrubbed as every page shows comments, sorted (not in row order)."""
    return sorted(scrub_identifiers(r.comment) for r in plan.preview if r.comment)


def round_rows(plan: importers.ImportPlan) -> list[dict]:
    """The rounds the import would create, all closed."""
    return [
        {"team": r.team + (" (new team)" if r.new_team else ""), "from": r.period_start, "to": r.period_end,
         "responses": r.responses}
        for r in plan.rounds
    ]  # fmt: skip


def date_order_is_asked(plan: importers.ImportPlan) -> bool:
    """Whether the day/month order is a question the admin must answer: the file's dates could be read
    either way and none of them decides it. Asked again by the importer's own rule, never guessed."""
    if plan.date_order is not None and plan.date_order.how == "given":
        return True
    date_col = next((col.index for col in plan.columns if col.role == DATE), None)
    if date_col is None or not plan.body:
        return False
    try:
        decide_order(plan.body, date_col, "date", None)
    except ImportFailed:
        try:
            decide_order(plan.body, date_col, "date", "dmy")
        except ImportFailed:
            return False  # mixed orders: a problem no choice settles
        return True
    return False


def date_lines(plan: importers.ImportPlan) -> list[str]:
    """The date range and how day/month were read, as the CLI prints them."""
    if not plan.first_day:
        return []
    line = f"dates from {plan.first_day} to {plan.last_day}"
    if plan.date_order and plan.date_order.how != "not needed":
        line += f"; day/month read as {ORDER_NAMES[plan.date_order.order]} ({plan.date_order.how})"
    return [line]
