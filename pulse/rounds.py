"""Rounds: one team answering one instrument for one fixed period.

Periods are fixed, non-overlapping blocks of ``period_days`` (default 14) counted from an anchor
Monday, so a date always maps to the same period and no two windows overlap (DESIGN.md rule 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pulse import settings
from pulse.errors import RoundClosed, UnknownRound
from pulse.instruments import get_instrument
from pulse.teams import get_team


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
    """The round for the period holding ``day``, created if needed: closed when its period is past."""
    start, end = period_of(cur, day)
    existing = find_round(cur, team_id, instrument_key, start)
    if existing:
        return existing
    status = "closed" if end < (today or date.today()) else "open"
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
