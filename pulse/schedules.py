"""Schedules: rounds that open and close on their own, for a group of teams and one instrument.

A schedule says "psych-safety every 2 weeks for the Payments tribe" or "eNPS every 3 months for
Atlas and Comet". Its cadence fixes the periods (:class:`pulse.rounds.Cadence`), so the period
length is the schedule's, not one global setting. :func:`tick` (the server's scheduler thread, or
``teampulse tick`` from cron) closes every due round and opens every due one, each in one
transaction, then sends the invitations and reminders that are due (:mod:`pulse.invitations`).

Pauses: a team paused for good gets no new rounds. A holiday week (for one team or for everyone)
opens nothing and sends nothing: a period that starts in it opens on the first day after the
holiday, and one that lies wholly in holidays is skipped.

Who changes what: an admin everything (``scope=None``). A coach passes their teams as ``scope`` and
then adds, pauses and removes only schedules of listed teams that are all theirs, and pauses only
their own teams; a tribe's schedule (it covers teams added to the tribe later) and a holiday week
for everyone are an admin's.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from pulse.closing import close_due_rounds
from pulse.errors import PulseError, ScheduleConflict, UnknownSchedule
from pulse.instruments import get_instrument
from pulse.rounds import Cadence, Round, open_period
from pulse.teams import ensure_tribe, get_team

# Words a coach types for a cadence, and what they mean.
_NAMED = {
    "weekly": ("week", 1),
    "fortnightly": ("week", 2),
    "biweekly": ("week", 2),
    "monthly": ("month", 1),
    "quarterly": ("month", 3),
}
_COUNTED = re.compile(r"^(?:every\s+)?(\d+)\s*(w|weeks?|m|months?)$")


@dataclass(frozen=True)
class Schedule:
    id: int
    instrument: str
    cadence: Cadence
    tribe: str | None
    teams: tuple[str, ...]
    reminders: tuple[int, ...]  # days after a period starts
    paused: bool

    @property
    def group(self) -> str:
        return f"tribe {self.tribe}" if self.tribe else ", ".join(self.teams)

    @property
    def every(self) -> str:
        unit = self.cadence.unit + ("s" if self.cadence.every > 1 else "")
        return f"every {self.cadence.every} {unit}" if self.cadence.every > 1 else f"every {unit}"


@dataclass(frozen=True)
class PlannedRound:
    """One period of one team on a schedule, as the calendar shows it."""

    schedule_id: int
    team: str
    instrument: str
    period_start: date
    period_end: date
    state: str  # "runs", "team paused", "holiday" (wholly in holidays) or "schedule paused"
    reminders: tuple[date, ...]
    opens_on: date  # the period's first day outside a holiday week
    holidays: tuple[date, ...] = ()  # Mondays of holiday weeks inside the period


@dataclass
class TickReport:
    closed: list[int] = field(default_factory=list)
    opened: list[Round] = field(default_factory=list)
    sent: list = field(default_factory=list)  # pulse.invitations.SendReport


def parse_cadence(text: str) -> tuple[str, int]:
    """``(unit, every)`` from "2w", "every 2 weeks", "monthly", "quarterly", "3 months" ..."""
    cleaned = " ".join(str(text).lower().split())
    if cleaned in _NAMED:
        return _NAMED[cleaned]
    match = _COUNTED.match(cleaned)
    if not match or not 1 <= int(match.group(1)) <= 52:
        raise PulseError(
            f"cadence {str(text)[:30]!r}: use weekly, fortnightly, monthly, quarterly, or e.g. '2 weeks', '3 months'"
        )
    return ("week" if match.group(2).startswith("w") else "month"), int(match.group(1))


def default_anchor(unit: str, today: date) -> date:
    """The Monday of this week, or the first of January (so quarters are calendar quarters)."""
    return today - timedelta(days=today.weekday()) if unit == "week" else date(today.year, 1, 1)


def default_reminders(cadence: Cadence) -> tuple[int, ...]:
    """Two reminders, a third and two thirds into the period."""
    start, end = cadence.period(cadence.anchor)
    length = (end - start).days + 1
    return (max(1, length // 3), max(2, 2 * length // 3))


def add_schedule(
    db,
    instrument: str,
    cadence: str,
    *,
    tribe: str | None = None,
    teams: list[str] | tuple[str, ...] = (),
    anchor: date | None = None,
    reminders: list[int] | tuple[int, ...] | None = None,
    today: date | None = None,
    scope: Collection[str] | None = None,
) -> Schedule:
    """Add a schedule for a tribe or for listed teams; a team gets one schedule per instrument."""
    if bool(tribe) == bool(teams):
        raise PulseError("a schedule is for a tribe or for a list of teams: give exactly one of them")
    if tribe and scope is not None:
        raise PulseError("a tribe's schedule is an admin's (it covers every team of the tribe): choose your teams")
    unit, every = parse_cadence(cadence)
    anchor = anchor or default_anchor(unit, today or date.today())
    if unit == "week" and anchor.weekday() != 0:
        raise PulseError(f"a weekly cadence starts on a Monday; {anchor} is a {anchor:%A}")
    if unit == "month" and anchor.day != 1:
        raise PulseError(f"a monthly cadence starts on the first of a month, not {anchor}")
    with db.transaction() as cur:
        get_instrument(cur, instrument)
        tribe_id = ensure_tribe(cur, tribe) if tribe else None
        found = [get_team(cur, name) for name in teams]
        _check_teams(scope, [t.name for t in found])
        team_ids = [t.id for t in found]
        days = tuple(reminders) if reminders is not None else default_reminders(Cadence(unit, every, anchor))
        length = (Cadence(unit, every, anchor).period(anchor)[1] - anchor).days + 1
        if any(not isinstance(d, int) or not 0 < d < length for d in days):
            raise PulseError(f"reminders are days after a period starts, between 1 and {length - 1}: got {days}")
        _refuse_second_calendar(cur, instrument, tribe_id, team_ids)
        schedule_id = cur.execute(
            "INSERT INTO schedules (instrument_key, unit, every, anchor, tribe_id, reminders)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [instrument, unit, every, anchor, tribe_id, sorted(set(days))],
        ).fetchone()[0]
        if team_ids:
            cur.executemany(
                "INSERT INTO schedule_teams (schedule_id, team_id) VALUES (?, ?)", [[schedule_id, t] for t in team_ids]
            )
        return _read(cur, schedule_id)


def _refuse_second_calendar(cur, instrument: str, tribe_id: int | None, team_ids: list[int]) -> None:
    covered = {team_id: sid for sid, team_id in _covered(cur, instrument)}
    wanted = (
        [r[0] for r in cur.execute("SELECT id FROM teams WHERE tribe_id = ?", [tribe_id]).fetchall()]
        if tribe_id is not None
        else team_ids
    )
    taken = [t for t in wanted if t in covered]
    same_tribe = (
        tribe_id is not None
        and cur.execute(
            "SELECT 1 FROM schedules WHERE instrument_key = ? AND tribe_id = ?", [instrument, tribe_id]
        ).fetchone()
    )
    if taken or same_tribe:
        sql = "SELECT name FROM teams WHERE id IN (SELECT unnest(?::INTEGER[]))"
        names = [r[0] for r in cur.execute(sql, [taken]).fetchall()]
        raise ScheduleConflict(
            f"{', '.join(sorted(names)) or 'this tribe'} already has a {instrument} schedule"
            f" (#{covered.get(taken[0]) if taken else '?'}): a team keeps one calendar per instrument"
        )


def _covered(cur, instrument: str) -> list[tuple[int, int]]:
    """(schedule id, team id) for every team a schedule of ``instrument`` covers today."""
    return cur.execute(
        "SELECT s.id, st.team_id FROM schedules s JOIN schedule_teams st ON st.schedule_id = s.id"
        " WHERE s.instrument_key = ?"
        " UNION SELECT s.id, t.id FROM schedules s JOIN teams t ON t.tribe_id = s.tribe_id WHERE s.instrument_key = ?",
        [instrument, instrument],
    ).fetchall()


_SCHEDULE_SQL = (
    "SELECT s.id, s.instrument_key, s.unit, s.every, s.anchor, g.name, s.reminders, s.paused,"
    " coalesce((SELECT list(t.name ORDER BY t.name) FROM schedule_teams st JOIN teams t ON t.id = st.team_id"
    " WHERE st.schedule_id = s.id), []) FROM schedules s LEFT JOIN tribes g ON g.id = s.tribe_id"
)


def _schedule(row) -> Schedule:
    sid, key, unit, every, anchor, tribe, reminders, paused, teams = row
    return Schedule(sid, key, Cadence(unit, every, anchor), tribe, tuple(teams), tuple(reminders), paused)


def _read(cur, schedule_id: int) -> Schedule:
    row = cur.execute(_SCHEDULE_SQL + " WHERE s.id = ?", [schedule_id]).fetchone()
    if row is None:
        raise UnknownSchedule(f"unknown schedule #{schedule_id}")
    return _schedule(row)


def list_schedules(cur, scope: Collection[str] | None = None) -> list[Schedule]:
    """Every schedule, or those that cover a team in ``scope``."""
    found = [_schedule(r) for r in cur.execute(_SCHEDULE_SQL + " ORDER BY s.id").fetchall()]
    if scope is None:
        return found
    names = dict(cur.execute("SELECT id, name FROM teams").fetchall())
    return [s for s in found if any(names[t] in scope for t in _team_ids(cur, s))]


def may_change(schedule: Schedule, scope: Collection[str] | None) -> bool:
    """Whether a caller reading ``scope`` may pause or remove ``schedule``: listed teams, all theirs."""
    return scope is None or (not schedule.tribe and set(schedule.teams) <= set(scope))


def _check_teams(scope: Collection[str] | None, names: list[str]) -> None:
    if outside := [n for n in names if scope is not None and n not in scope]:
        raise PulseError(f"{outside[0]} is not one of your teams: ask an admin to change its schedule")


def _changeable(cur, schedule_id: int, scope: Collection[str] | None) -> Schedule:
    schedule = _read(cur, schedule_id)
    if not may_change(schedule, scope):
        raise UnknownSchedule(f"schedule #{schedule_id} is not one of your teams' schedules: an admin changes it")
    return schedule


def remove_schedule(db, schedule_id: int, *, scope: Collection[str] | None = None) -> None:
    """Stop a schedule for good; its rounds stay (an open one closes at its period's end)."""
    with db.transaction() as cur:
        _changeable(cur, schedule_id, scope)
        cur.execute("DELETE FROM schedule_teams WHERE schedule_id = ?", [schedule_id])
        cur.execute("DELETE FROM schedules WHERE id = ?", [schedule_id])


def pause_schedule(db, schedule_id: int, paused: bool = True, *, scope: Collection[str] | None = None) -> Schedule:
    with db.transaction() as cur:
        _changeable(cur, schedule_id, scope)
        cur.execute("UPDATE schedules SET paused = ? WHERE id = ?", [paused, schedule_id])
        return _read(cur, schedule_id)


def pause_team(db, team: str, paused: bool = True, *, scope: Collection[str] | None = None) -> None:
    """Pause a team on every schedule until lifted (``paused=False``)."""
    _set_pause(db, team, None, paused, scope)


def pause_week(
    db, day: date, team: str | None = None, paused: bool = True, *, scope: Collection[str] | None = None
) -> date:
    """Skip the periods that start in the week holding ``day`` (for one team, or everyone); its Monday."""
    if team is None and scope is not None:
        raise PulseError("a holiday week for everyone is an admin's: choose one of your teams")
    monday = day - timedelta(days=day.weekday())
    _set_pause(db, team, monday, paused, scope)
    return monday


def _set_pause(db, team: str | None, week: date | None, paused: bool, scope: Collection[str] | None) -> None:
    with db.transaction() as cur:
        found = get_team(cur, team) if team else None
        _check_teams(scope, [found.name] if found else [])
        team_id = found.id if found else None
        cur.execute(
            "DELETE FROM schedule_pauses WHERE team_id IS NOT DISTINCT FROM ? AND week IS NOT DISTINCT FROM ?",
            [team_id, week],
        )
        if paused:
            cur.execute("INSERT INTO schedule_pauses (team_id, week) VALUES (?, ?)", [team_id, week])


def pauses(cur) -> list[tuple[str | None, date | None]]:
    """(team or None for everyone, week Monday or None for until lifted), every pause in force."""
    return cur.execute(
        "SELECT t.name, p.week FROM schedule_pauses p LEFT JOIN teams t ON t.id = p.team_id"
        " ORDER BY p.week NULLS FIRST, t.name NULLS FIRST"
    ).fetchall()


def plan(cur, first: date, last: date) -> list[PlannedRound]:
    """What runs when between ``first`` and ``last``: every scheduled team's periods and their state (retired
    teams have none)."""
    teams = dict(cur.execute("SELECT id, name FROM teams WHERE NOT coalesce(retired, false)").fetchall())
    paused_teams, paused_weeks = _pause_sets(cur)
    out = []
    for schedule in list_schedules(cur):
        for team_id in _team_ids(cur, schedule):
            if team_id not in teams:  # retired: it takes no new rounds, and the calendar plans none
                continue
            for start, end in schedule.cadence.periods(first, last):
                holidays = _holidays(start, end, team_id, paused_weeks)
                opens_on = _first_working_day(start, end, holidays)
                if schedule.paused:
                    state = "schedule paused"
                elif team_id in paused_teams:
                    state = "team paused"
                elif opens_on is None:
                    state = "holiday"
                else:
                    state = "runs"
                reminders = tuple(start + timedelta(days=d) for d in schedule.reminders)
                out.append(
                    PlannedRound(
                        schedule.id, teams[team_id], schedule.instrument, start, end, state, reminders,
                        opens_on or start, holidays,
                    )
                )  # fmt: skip
    return sorted(out, key=lambda p: (p.period_start, p.team, p.instrument))


def _holidays(start: date, end: date, team_id: int, paused_weeks: set) -> tuple[date, ...]:
    first = start - timedelta(days=start.weekday())
    mondays = [first + timedelta(weeks=w) for w in range((end - first).days // 7 + 1)]
    return tuple(m for m in mondays if (None, m) in paused_weeks or (team_id, m) in paused_weeks)


def _first_working_day(start: date, end: date, holidays: tuple[date, ...]) -> date | None:
    day = start
    while day <= end:
        if day - timedelta(days=day.weekday()) not in holidays:
            return day
        day += timedelta(days=7 - day.weekday())  # the next Monday
    return None


def on_holiday(cur, team_id: int, day: date) -> bool:
    """Whether ``day`` lies in a holiday week of this team or of everyone (nothing is sent then)."""
    monday = day - timedelta(days=day.weekday())
    row = cur.execute(
        "SELECT 1 FROM schedule_pauses WHERE week = ? AND (team_id IS NULL OR team_id = ?)", [monday, team_id]
    ).fetchone()
    return row is not None


def _pause_sets(cur) -> tuple[set[int], set[tuple[int | None, date]]]:
    rows = cur.execute("SELECT team_id, week FROM schedule_pauses").fetchall()
    return {t for t, w in rows if w is None and t is not None}, {(t, w) for t, w in rows if w is not None}


def _team_ids(cur, schedule: Schedule) -> list[int]:
    if schedule.tribe:
        sql = "SELECT t.id FROM teams t JOIN tribes g ON g.id = t.tribe_id WHERE g.name = ? ORDER BY t.name"
        return [r[0] for r in cur.execute(sql, [schedule.tribe]).fetchall()]
    sql = "SELECT team_id FROM schedule_teams WHERE schedule_id = ?"
    return [r[0] for r in cur.execute(sql, [schedule.id]).fetchall()]


def open_due_rounds(db, today: date | None = None) -> list[Round]:
    """Open the current period's round of every scheduled team that runs today, in one transaction."""
    today = today or date.today()

    def work(cur):
        team_ids = {name: tid for tid, name in cur.execute("SELECT id, name FROM teams").fetchall()}
        opened = []
        for planned in plan(cur, today, today):
            if planned.state != "runs" or today < planned.opens_on:
                continue
            rnd = open_period(cur, team_ids[planned.team], planned.instrument, planned.period_start, planned.period_end)
            if rnd is not None:
                opened.append(rnd)
        return opened

    return db.run_in_transaction(work)


def tick(db, today: date | None = None, outbox=None, base_url: str | None = None) -> TickReport:
    """One scheduler step: close what is due, open what is due, send what is due.

    Closing and opening each run in one transaction for every team. Messages go out only with an
    ``outbox`` (:func:`pulse.invitations.outbox_from_env`) and the dashboard's ``base_url``.
    """
    today = today or date.today()
    report = TickReport(closed=close_due_rounds(db, today), opened=open_due_rounds(db, today))
    if outbox is not None and base_url:
        from pulse.invitations import send_due

        report.sent = send_due(db, outbox, base_url, today)
    return report
