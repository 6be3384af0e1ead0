"""Rounds: one team answering one instrument for one fixed period.

Periods are fixed, non-overlapping blocks of ``period_days`` (default 14) counted from an anchor
Monday, so a date always maps to the same period and no two windows overlap (DESIGN.md rule 5).
A team and instrument on a schedule (:mod:`pulse.schedules`) use the schedule's cadence instead:
every N weeks from its anchor Monday, or every N calendar months from its anchor month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pulse import settings
from pulse.errors import RoundClosed, UnknownRound
from pulse.instruments import get_instrument
from pulse.teams import get_team, refuse_if_retired


@dataclass(frozen=True)
class Round:
    id: int
    team: str
    instrument: str
    period_start: date
    period_end: date  # last day of the period, inclusive
    status: str

    @property
    def period(self) -> str:
        return self.period_start.isoformat()

    def accepts_answers(self, today: date | None = None) -> bool:
        return self.status == "open" and (today or date.today()) <= self.period_end


@dataclass(frozen=True)
class Cadence:
    """Every ``every`` weeks or months from ``anchor``: fixed periods that never overlap."""

    unit: str  # "week" or "month"
    every: int
    anchor: date  # a Monday for weeks, the first of a month for months

    def period(self, day: date) -> tuple[date, date]:
        """The (first, last) day of the period holding ``day``."""
        if self.unit == "week":
            length = 7 * self.every
            start = self.anchor + timedelta(days=((day - self.anchor).days // length) * length)
            return start, start + timedelta(days=length - 1)
        months = (day.year - self.anchor.year) * 12 + day.month - self.anchor.month
        start = _add_months(self.anchor, (months // self.every) * self.every)
        return start, _add_months(start, self.every) - timedelta(days=1)

    def periods(self, first: date, last: date) -> list[tuple[date, date]]:
        """Every period that overlaps ``first``..``last``, in order."""
        out, day = [], first
        while day <= last:
            out.append(self.period(day))
            day = out[-1][1] + timedelta(days=1)
        return out


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def series_cadence(cur, team_id: int, instrument_key: str) -> Cadence | None:
    """The cadence of the schedule covering this team and instrument (listed or by tribe), if any."""
    row = cur.execute(
        "SELECT s.unit, s.every, s.anchor FROM schedules s WHERE s.instrument_key = ?"
        " AND (s.id IN (SELECT schedule_id FROM schedule_teams WHERE team_id = ?)"
        " OR s.tribe_id = (SELECT tribe_id FROM teams WHERE id = ?)) ORDER BY s.id LIMIT 1",
        [instrument_key, team_id, team_id],
    ).fetchone()
    return Cadence(*row) if row else None


def period_of(cur, day: date) -> tuple[date, date]:
    """The (first, last) day of the period holding ``day``."""
    return period_calendar(cur)(day)


def period_calendar(cur):
    """A function mapping a date to its period, reading the settings once (for bulk work)."""
    length = settings.period_days(cur)
    anchor = settings.period_anchor(cur)

    def period(day: date) -> tuple[date, date]:
        start = anchor + timedelta(days=((day - anchor).days // length) * length)
        return start, start + timedelta(days=length - 1)

    return period


_SELECT = (
    "SELECT r.id, t.name, r.instrument_key, r.period_start, r.period_end, r.status"
    " FROM rounds r JOIN teams t ON t.id = r.team_id"
)


def get_round(cur, round_id: int) -> Round:
    row = cur.execute(_SELECT + " WHERE r.id = ?", [round_id]).fetchone()
    if row is None:
        raise UnknownRound(f"unknown round {round_id}")
    return Round(*row)


def find_round(cur, team_id: int, instrument_key: str, period_start: date) -> Round | None:
    row = cur.execute(
        _SELECT + " WHERE r.team_id = ? AND r.instrument_key = ? AND r.period_start = ?",
        [team_id, instrument_key, period_start],
    ).fetchone()
    return Round(*row) if row else None


def ensure_round(cur, team_id: int, instrument_key: str, day: date, today: date | None = None) -> Round:
    """The round for the period holding ``day``, created if needed: closed when its period is past.

    The period is the series' schedule's when it has one, else the organisation's fortnight.
    """
    cadence = series_cadence(cur, team_id, instrument_key)
    start, end = cadence.period(day) if cadence else period_of(cur, day)
    existing = find_round(cur, team_id, instrument_key, start)
    if existing:
        return existing
    status = "closed" if end < (today or date.today()) else "open"
    if status == "open":  # a retired team's history may still be imported into past periods
        refuse_if_retired(cur, team_id)
    round_id = cur.execute(
        "INSERT INTO rounds (team_id, instrument_key, period_start, period_end, status)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        [team_id, instrument_key, start, end, status],
    ).fetchone()[0]
    return get_round(cur, round_id)


def open_round(db, team: str, instrument: str, on: date | None = None) -> Round:
    """Open (or return) the round of ``team`` and ``instrument`` for the period holding ``on``."""
    with db.transaction() as cur:
        team_row = get_team(cur, team)
        get_instrument(cur, instrument)
        rnd = ensure_round(cur, team_row.id, instrument, on or date.today())
        if rnd.status != "open" or not rnd.accepts_answers():
            raise RoundClosed(f"the {instrument} round of {team} for {rnd.period} is closed")
        return rnd


def list_rounds(cur, team: str | None = None, instrument: str | None = None) -> list[Round]:
    sql, params = _SELECT + " WHERE true", []
    if team:
        sql += " AND t.name = ?"
        params.append(team)
    if instrument:
        sql += " AND r.instrument_key = ?"
        params.append(instrument)
    return [
        Round(*r) for r in cur.execute(sql + " ORDER BY t.name, r.instrument_key, r.period_start", params).fetchall()
    ]


def overlapping_round(cur, team_id: int, instrument_key: str, start: date, end: date) -> Round | None:
    """A round of the same team and instrument whose period overlaps ``start``..``end``, if any."""
    row = cur.execute(
        _SELECT + " WHERE r.team_id = ? AND r.instrument_key = ? AND r.period_start <= ? AND r.period_end >= ?",
        [team_id, instrument_key, end, start],
    ).fetchone()
    return Round(*row) if row else None


def open_period(cur, team_id: int, instrument_key: str, start: date, end: date) -> Round | None:
    """Open a round for exactly ``start``..``end`` inside the caller's transaction.

    ``None`` when the series already has a round overlapping it: windows never overlap (DESIGN.md
    rule 5), so a period a manual round already covers is not opened twice.
    """
    if overlapping_round(cur, team_id, instrument_key, start, end):
        return None
    round_id = cur.execute(
        "INSERT INTO rounds (team_id, instrument_key, period_start, period_end, status)"
        " VALUES (?, ?, ?, ?, 'open') RETURNING id",
        [team_id, instrument_key, start, end],
    ).fetchone()[0]
    return get_round(cur, round_id)
