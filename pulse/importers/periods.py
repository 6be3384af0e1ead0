"""The rounds an import writes to, and why a period may refuse imported rows.

Only periods that are over take imported rows, and only when they have no round yet: a round that is
open still takes answers from people, and rows an admin adds there would count towards k as people
(one real answer beside four known ones is that person's answer, issue 11); a closed round's figures
may have been shown. Checked when an import is planned and again inside the write's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pulse.importers.read import Record, failed
from pulse.importers.rows import ParsedRow
from pulse.instruments import Instrument
from pulse.rounds import period_calendar
from pulse.teams import find_team


@dataclass(frozen=True)
class RoundPlan:
    """A round the import creates (closed, for a period that is over) and how many responses it takes."""

    team: str
    period_start: date
    period_end: date
    responses: int
    new_team: bool


def plan_rounds(
    cur,
    instrument: Instrument,
    body: list[Record],
    parsed: list[ParsedRow],
    date_label: str,
    fixed_team: str | None,
    create_teams: bool,
    today: date,
) -> list[RoundPlan]:
    """The rounds the rows fall in, in file order. Raises ImportFailed at the first row that may not go in."""
    period_of = period_calendar(cur)
    periods: dict[tuple[str, date], list] = {}  # (team, start) -> [end, first record, first day, count]
    first_record: dict[str, Record] = {}
    for record, row in zip(body, parsed, strict=True):
        first_record.setdefault(row.team, record)
        start, end = period_of(row.day)
        entry = periods.setdefault((row.team, start), [end, record, row.day, 0])
        entry[3] += 1
    teams = {name: find_team(cur, name) for name in first_record}
    if not create_teams:
        for name, record in first_record.items():
            if teams[name] is None:
                column = "team" if fixed_team is None else "team (from --team)"
                raise failed(record, column, f"unknown team {name!r} (and --no-create-teams is set)", "team")
    existing = {
        (team_id, start): status
        for team_id, start, status in cur.execute(
            "SELECT team_id, period_start, status FROM rounds WHERE instrument_key = ?", [instrument.key]
        ).fetchall()
    }
    latest_closed: dict[int, date] = {}
    for (team_id, start), status in existing.items():
        if status == "closed" and start > latest_closed.get(team_id, date.min):
            latest_closed[team_id] = start
    plans = []
    for (name, start), (end, record, day, count) in periods.items():
        team = teams[name]
        status = existing.get((team.id, start)) if team else None
        problem = _refusal(instrument, name, start, end, day, status, today, team and latest_closed.get(team.id))
        if problem:
            raise failed(record, date_label, problem, "date")
        plans.append(RoundPlan(name, start, end, count, team is None))
    return plans


def _refusal(
    inst: Instrument,
    team: str,
    start: date,
    end: date,
    day: date,
    status: str | None,
    today: date,
    latest_closed: date | None,
) -> str | None:
    """Why the period of ``day`` cannot take imported rows, or None when it can."""
    if status == "closed":
        return (
            f"the {inst.key} round of {team} for {start} is already closed; its figures may have"
            " been shown, so it takes no more answers"
        )
    if status == "open" or end >= today:
        state = "is open" if status == "open" else f"is not over until {end}"
        return (
            f"{day} falls in the {inst.key} round of {team} for {start}, which {state}; imported rows"
            " would count as people beside the real answers, so only periods that are over can be imported"
        )
    # Small teams are shown in pooled blocks of consecutive closed rounds (DESIGN.md rule 7): a
    # closed round slipped in before shown ones would regroup them into overlapping blocks.
    if latest_closed is not None and start < latest_closed:
        return (
            f"{team} already has a closed {inst.key} round for a later period ({latest_closed}); a round"
            f" for {start} added now would change pooled figures that may have been shown"
        )
    return None
