"""CSV import of responses: TeamPulse's own format and the exports of Google Forms and Microsoft Forms.

The whole file is parsed and checked before anything is written; the first problem is reported with
its row and column and nothing is stored. A good file is written in one transaction. Identity
columns that form tools add (email, name, username, respondent id) are dropped on reading and never
reach the database; timestamps are reduced to the period of their round.

Only periods that are over take imported rows, and only when they have no round yet: a round that is
open still takes answers from people, and rows an admin adds there would count towards k as people
(one real answer beside four known ones is that person's answer, issue 11); a closed round's figures
may have been shown.

The seams: :mod:`.read` (bytes, encodings, delimiters, rows), :mod:`.layouts` (columns of each
layout), :mod:`.mapping` (headers to question keys), :mod:`.dates` (timestamps and date order) and
:mod:`.labels` (answer labels such as "Strongly agree").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from pulse.closing import freeze_statistics
from pulse.errors import ImportFailed, InvalidAnswer, PulseError
from pulse.importers.dates import EARLIEST, ORDERS, date_order, has_slash_dates, parse_date
from pulse.importers.labels import label_value
from pulse.importers.layouts import Layout, choose_delimiter, read_layout
from pulse.importers.read import MAX_CELL, NOT_TEXT, Record, check_text, decode, failed, read_source, records, short
from pulse.instruments import Instrument, get_instrument
from pulse.responses import Submission, clean_comment, parse_value, write_submissions
from pulse.rounds import period_calendar
from pulse.teams import clean_name, create_team, find_team

__all__ = ["ORDERS", "ImportReport", "Progress", "import_responses", "parse_date"]

Progress = Callable[[int, int], None]
Row = tuple[str, date, dict[str, int], "str | None"]  # team name, day, answers, comment


@dataclass
class ImportReport:
    rows: int = 0
    teams_created: list[str] = field(default_factory=list)
    rounds_created: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_responses(
    db,
    source: str | Path | bytes,
    instrument: str,
    *,
    team: str | None = None,
    create_teams: bool = True,
    date_order: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a whole CSV of responses, then write it in one transaction. Raises ImportFailed."""
    if date_order is not None and date_order not in ORDERS:
        raise ImportFailed(f"date order {date_order!r} must be one of {', '.join(ORDERS)}")
    text = decode(read_source(source))
    today = today or date.today()
    cur = db.cursor()
    try:
        inst = get_instrument(cur, instrument)
    finally:
        cur.close()
    fixed_team = clean_name(team) if team else None
    rows = list(records(text, choose_delimiter(text, inst)))
    if not rows:
        raise ImportFailed("the file is empty")
    header, body = rows[0], rows[1:]
    suspect = bool(NOT_TEXT.search(text))  # a file with no bad bytes need not be searched row by row
    if suspect:
        check_text(header, lambda col: f"column {col + 1}")
    layout = read_layout(header.cells, inst, fixed_team)
    if not body:
        raise ImportFailed("the file has a header but no responses")
    order = date_order or _date_order(body, layout)
    report = ImportReport(dropped_columns=layout.dropped)
    if has_slash_dates(body, layout.date):
        report.notes.append(f"dates read as {'day/month' if order == 'dmy' else 'month/day'}/year")

    parsed: list[Row] = []
    for index, record in enumerate(body, start=1):
        if suspect:
            check_text(record, lambda col: layout.labels.get(col, f"column {col + 1}"))
        parsed.append(_parse_row(record, header.cells, layout, fixed_team, order, today))
        if progress and (index % 5000 == 0 or index == len(body)):
            progress(index, len(body))

    with db.transaction() as wcur:
        _write(wcur, inst, body, parsed, layout, fixed_team, create_teams, today, report)
    return report


def _date_order(body: list[Record], layout: Layout) -> str:
    return date_order(body, layout.date, layout.labels[layout.date])


def _write(cur, inst: Instrument, body, parsed, layout, fixed_team, create_teams, today, report) -> None:
    """Create teams and rounds and write every row, inside one transaction; refuse rows whose period
    is not free to take them before anything is written."""
    date_label = layout.labels[layout.date]
    first_record: dict[str, Record] = {}
    for record, row in zip(body, parsed, strict=True):
        first_record.setdefault(row[0], record)
    period_of = period_calendar(cur)
    # The first row of each (team, period), in file order, so a refusal names the file's first bad row.
    periods: dict[tuple[str, date], tuple[date, Record, date]] = {}
    for record, (name, day, _, _) in zip(body, parsed, strict=True):
        start, end = period_of(day)
        periods.setdefault((name, start), (end, record, day))
    existing_teams = {name: find_team(cur, name) for name in first_record}
    if not create_teams:
        for name, record in first_record.items():
            if existing_teams[name] is None:
                column = "team" if fixed_team is None else "team (from --team)"
                raise failed(record, column, f"unknown team {name!r} (and --no-create-teams is set)", "team")
    existing = {
        (team_id, start): (round_id, status)
        for team_id, start, round_id, status in cur.execute(
            "SELECT team_id, period_start, id, status FROM rounds WHERE instrument_key = ?", [inst.key]
        ).fetchall()
    }
    latest_closed: dict[int, date] = {}
    for (team_id, start), (_, status) in existing.items():
        if status == "closed" and start > latest_closed.get(team_id, date.min):
            latest_closed[team_id] = start
    for (name, start), (end, record, day) in periods.items():
        team = existing_teams[name]
        status = existing.get((team.id, start), (None, None))[1] if team else None
        problem = _refusal(inst, name, start, end, day, status, today, team and latest_closed.get(team.id))
        if problem:
            raise failed(record, date_label, problem, "date")

    # Everything is checked: the writes start here.
    team_ids = {}
    for name, team in existing_teams.items():
        if team is None:
            team = create_team(cur, name)
            report.teams_created.append(name)
        team_ids[name] = team.id
    # Every period taking rows is over and has no round yet (else it was refused above): each gets a
    # new round, closed, whose statistics are frozen with the rows.
    new_rounds = pd.DataFrame(
        [(team_ids[name], inst.key, start, end, "closed") for (name, start), (end, _, _) in periods.items()],
        columns=["team_id", "instrument_key", "period_start", "period_end", "status"],
    )
    cur.complete()
    cur.register("new_rounds", new_rounds)
    try:
        created = cur.execute(
            "INSERT INTO rounds (team_id, instrument_key, period_start, period_end, status)"
            " SELECT team_id, instrument_key, period_start, period_end, status FROM new_rounds"
            " RETURNING team_id, period_start, id"
        ).fetchall()
    finally:
        cur.unregister("new_rounds")
    round_ids = {(team_id, start): round_id for team_id, start, round_id in created}
    report.rounds_created = len(created)
    submissions = [
        Submission(round_ids[(team_ids[name], period_of(day)[0])], answers, comment)
        for name, day, answers, comment in parsed
    ]
    report.rows = write_submissions(cur, submissions)
    freeze_statistics(cur, list(round_ids.values()))


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


def _parse_row(record: Record, header: list[str], layout: Layout, fixed_team, order, today) -> Row:
    row = record.cells

    def cell(col: int, column_id: str) -> str:
        value = row[col] if col < len(row) else ""
        if len(value) > MAX_CELL:
            raise failed(record, layout.labels[col], f"cell longer than {MAX_CELL} characters", column_id)
        return value

    if len(row) > len(header):
        raise failed(
            record, str(len(header) + 1), f"{len(row)} cells but the header has {len(header)} columns", "extra cells"
        )
    if fixed_team:
        team_name = fixed_team
    else:
        try:
            team_name = clean_name(cell(layout.team, "team"))
        except ImportFailed:
            raise
        except PulseError as e:
            raise failed(record, layout.labels[layout.team], str(e), "team") from None
    date_label = layout.labels[layout.date]
    raw_date = cell(layout.date, "date")
    try:
        day = parse_date(raw_date, order)
    except ValueError:
        raise failed(record, date_label, f"{short(raw_date)!r} is not a date (use YYYY-MM-DD)", "date") from None
    if day > today:
        raise failed(record, date_label, f"{day} is in the future", "date")
    if day < EARLIEST:
        raise failed(record, date_label, f"{day} is before {EARLIEST.year}: check the date", "date")
    answers: dict[str, int] = {}
    for col, question in layout.questions.items():
        raw = cell(col, question.key)
        if not raw.strip():
            if question.required:
                raise failed(record, layout.labels[col], f"answer to {question.key} is missing", question.key)
            continue
        try:
            label = label_value(raw, question)
            answers[question.key] = label if label is not None else parse_value(raw, question)
        except InvalidAnswer as e:
            problem = str(e).removeprefix(f"{question.key}: ")
            if question.high_label and not raw.strip()[:1].isdigit():
                problem += f" (nor a label of the scale, such as {question.high_label!r})"
            raise failed(record, layout.labels[col], problem, question.key) from None
    comment = None
    if layout.comment is not None:
        try:
            comment = clean_comment(cell(layout.comment, "comment"))
        except InvalidAnswer as e:
            raise failed(record, layout.labels[layout.comment], str(e), "comment") from None
    return team_name, day, answers, comment
