"""`teampulse trends`: the figures behind the dashboard's trend charts, as text."""

from __future__ import annotations

import click

from pulse.results import ALL_TEAMS
from teampulse.cli.options import FORMATS, db_option, emit, open_db, remote


@click.command()
@click.option("--team", default=None)
@click.option("--instrument", default=None)
@click.option("--level", type=click.Choice(["team", "tribe", "organisation"]), default="team", show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def trends(team: str | None, instrument: str | None, level: str, fmt: str, db_path: str | None) -> None:
    """Means with 90% intervals per team (or tribe), instrument, dimension and period."""
    server = remote(db_path)
    if server is not None:
        answer = server.get("/trends", team=team, instrument=instrument, level=level)
        emit(answer["figures"], fmt, answer["columns"])
        return
    from pulse import instruments, results, teams

    db = open_db(db_path)
    cur = db.cursor()
    if instrument:
        instruments.get_instrument(cur, instrument)
    if level == "team":
        if team:
            teams.get_team(cur, team)
        figures = results.team_results(db, team=team, instrument=instrument, scope=ALL_TEAMS)
    else:
        figures = results.group_results(db, level, instrument=instrument)
        if team:
            figures = [f for f in figures if f.team == team]
    emit([f.as_row() for f in figures], fmt, results.COLUMNS)
