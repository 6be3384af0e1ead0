"""Import of responses from the files form tools write: plan first, then write in one transaction.

The API the command line and the dashboard use::

    plan = plan_import(db, data, "export.csv", "psych-safety", ImportOptions(team="Orion"))
    for line in plan.summary(): ...          # every column's role and confidence, dates, rounds
    if plan.ready:
        report = write_import(db, plan)      # one transaction; nothing is stored before this
    else:
        plan.problems, plan.suggestions      # one-line messages; the options that settle them

:func:`plan_import` reads the whole file (CSV in any common encoding and delimiter, or .xlsx), maps
each column to a question, the comment, the team or the date, or drops it (identity, form metadata),
reads every row and checks every period, and writes nothing. :func:`write_import` checks the periods
again inside its transaction and writes the rows, their rounds (created closed) and, if asked, the
mapping. :func:`import_responses` does both and raises the first problem.

Identity columns (a name, an email, an employee id, however worded) are never read past their header;
timestamps are reduced to their day at once. The seams: :mod:`.read` and :mod:`.workbook` (bytes to
rows), :mod:`.columns` and :mod:`.mapping` (headers), :mod:`.layouts` (the column plan),
:mod:`.dates`, :mod:`.labels`, :mod:`.rows`, :mod:`.periods` and :mod:`.saved`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from pulse.closing import freeze_statistics
from pulse.errors import ImportFailed
from pulse.importers.dates import ORDERS, parse_date
from pulse.importers.layouts import ColumnPlan
from pulse.importers.periods import RoundPlan, plan_rounds
from pulse.importers.plan import ImportOptions, ImportPlan, plan_import
from pulse.importers.read import read_source
from pulse.importers.rows import ParsedRow, Progress
from pulse.importers.saved import save_mapping
from pulse.instruments import get_instrument
from pulse.responses import Submission, write_submissions
from pulse.rounds import period_calendar
from pulse.teams import create_team, find_team

__all__ = [
    "ORDERS",
    "ColumnPlan",
    "ImportOptions",
    "ImportPlan",
    "ImportReport",
    "ParsedRow",
    "Progress",
    "RoundPlan",
    "import_responses",
    "parse_date",
    "plan_import",
    "read_source",
    "write_import",
]


@dataclass
class ImportReport:
    """What a written import stored."""

    rows: int = 0
    teams_created: list[str] = field(default_factory=list)
    rounds_created: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    mapping_saved: int = 0


def write_import(db, plan: ImportPlan) -> ImportReport:
    """Write a ready plan in one transaction: new teams, its rounds (closed), the rows, their statistics.

    The periods are checked again inside the transaction (a round may have opened since the plan).

    Raises
    ------
    ImportFailed
        The plan's first problem, or a period that no longer takes rows; nothing is written.
    """
    if plan.problems:
        raise plan.problems[0]
    if not plan.parsed:
        raise ImportFailed("the plan has no rows to write")
    options = plan.options
    today = options.today or date.today()
    report = ImportReport(dropped_columns=plan.dropped, notes=list(plan.notes))
    with db.transaction() as cur:
        instrument = get_instrument(cur, plan.instrument)
        fixed_team = plan.parsed[0].team if options.team else None
        rounds = plan_rounds(
            cur, instrument, plan.body, plan.parsed, plan.date_label, fixed_team, options.create_teams, today
        )
        # Everything is checked: the writes start here.
        team_ids = {}
        for r in rounds:
            if r.team in team_ids:
                continue
            team = find_team(cur, r.team)
            if team is None:
                team = create_team(cur, r.team)
                report.teams_created.append(r.team)
            team_ids[r.team] = team.id
        new_rounds = pd.DataFrame(
            [(team_ids[r.team], instrument.key, r.period_start, r.period_end, "closed") for r in rounds],
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
        period_of = period_calendar(cur)
        submissions = [
            Submission(round_ids[(team_ids[row.team], period_of(row.day)[0])], row.answers, row.comment)
            for row in plan.parsed
        ]
        report.rows = write_submissions(cur, submissions)
        freeze_statistics(cur, list(round_ids.values()))
        if options.save_mapping:
            report.mapping_saved = save_mapping(cur, instrument.key, plan.columns)
    return report


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
    options: ImportOptions | None = None,
) -> ImportReport:
    """Plan and write a file in one go; raise the plan's first problem as ImportFailed (nothing written)."""
    if options is None:
        options = ImportOptions(team=team, create_teams=create_teams, date_order=date_order, today=today)
    name = "the file" if isinstance(source, bytes) else str(source)
    plan = plan_import(db, read_source(source), name, instrument, options, progress)
    return write_import(db, plan)
