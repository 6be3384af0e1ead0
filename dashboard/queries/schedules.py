"""What the calendar and invitations pages read: schedules, the calendar grid, pauses, roster sizes
and the send log (counts only). None of it comes from responses, so it is cached briefly."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard.state import open_database
from pulse import invitations, schedules
from pulse.rounds import list_rounds

MARKS = {"runs": "▶ opens", "holiday": "☀ holiday", "team paused": "‖ team paused", "schedule paused": "‖ paused"}


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@st.cache_data(ttl=60, show_spinner=False)
def calendar(path: str, first: date, weeks: int) -> pd.DataFrame:
    """One row per scheduled team and instrument, one column per week: what starts that week, and
    the weeks a reminder goes out."""
    last = first + timedelta(weeks=weeks) - timedelta(days=1)
    columns = [first + timedelta(weeks=w) for w in range(weeks)]
    grid: dict[tuple[str, str], dict[date, str]] = {}
    for planned in schedules.plan(open_database(path).cursor(), first, last):
        row = grid.setdefault((planned.team, planned.instrument), {})
        for week in planned.holidays:
            row[week] = MARKS["holiday"]
        week = monday(planned.opens_on)
        if week in columns and planned.state != "holiday":
            row[week] = MARKS[planned.state]
        if planned.state == "runs":
            for day in planned.reminders:
                if monday(day) in columns and monday(day) not in row:
                    row[monday(day)] = "✉ reminder"
    rows = [
        {"team": team, "instrument": key, **{f"{w:%d %b}": cells.get(w, "") for w in columns}}
        for (team, key), cells in sorted(grid.items())
    ]
    return pd.DataFrame(rows, columns=["team", "instrument", *[f"{w:%d %b}" for w in columns]])


@st.cache_data(ttl=60, show_spinner=False)
def schedule_list(path: str, scope: tuple[str, ...] | None) -> list[schedules.Schedule]:
    """The schedules the calendar lists: every one for an admin (``scope`` None), else those covering a
    team of ``scope`` (which of them the caller may change is ``schedules.may_change``)."""
    return schedules.list_schedules(open_database(path).cursor(), scope)


@st.cache_data(ttl=60, show_spinner=False)
def paused(path: str) -> tuple[set[str], set[date]]:
    """(teams paused until resumed, Mondays of holiday weeks for everyone)."""
    rows = schedules.pauses(open_database(path).cursor())
    return {t for t, w in rows if w is None and t}, {w for t, w in rows if w is not None and t is None}


@st.cache_data(ttl=60, show_spinner=False)
def roster_sizes(path: str) -> pd.DataFrame:
    sizes = invitations.roster_sizes(open_database(path).cursor())
    rows = [
        {"team": team, **{c: counts.get(c, 0) for c in ("email", "slack", "teams")}} for team, counts in sizes.items()
    ]
    return pd.DataFrame(rows, columns=["team", "email", "slack", "teams"])


@st.cache_data(ttl=60, show_spinner=False)
def send_log(path: str) -> pd.DataFrame:
    """The send log with each round's team, instrument and period: counts only."""
    cur = open_database(path).cursor()
    by_id = {r.id: r for r in list_rounds(cur)}
    rows = [
        {
            "sent on": sent_on,
            "team": by_id[round_id].team,
            "instrument": by_id[round_id].instrument,
            "period": by_id[round_id].period,
            "message": kind if kind == "invitation" else f"reminder {number}",
            "sent": sent,
            "failed": failed,
        }
        for round_id, kind, number, sent_on, sent, failed in reversed(invitations.send_log(cur))
        if round_id in by_id
    ]
    return pd.DataFrame(rows, columns=["sent on", "team", "instrument", "period", "message", "sent", "failed"])


def configured_channels() -> dict[str, bool]:
    """Which senders the server's environment configures, and whether links have an address."""
    outbox = invitations.outbox_from_env(os.environ)
    return {
        "email": "email" in outbox,
        "slack": "slack" in outbox,
        "teams": "teams" in outbox,
        "links": bool(os.environ.get("TEAMPULSE_BASE_URL")),
    }
