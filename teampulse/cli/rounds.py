"""`teampulse round ...` and `teampulse threshold`: rounds, their single-use codes, and k."""

from __future__ import annotations

import click

from pulse.results import ALL_TEAMS
from teampulse.cli.options import FORMATS, db_option, emit, open_db, remote

ROUND_COLUMNS = ["id", "team", "instrument", "period_start", "period_end", "status", "responses", "team_size"]


@click.group("round")
def round_group() -> None:
    """Open and close rounds, and issue single-use codes."""


@round_group.command("open")
@click.argument("team_name")
@click.argument("instrument_key")
@click.option("--codes", "n_codes", type=int, default=None, help="Issue this many single-use codes.")
@db_option
def round_open(team_name: str, instrument_key: str, n_codes: int | None, db_path: str | None) -> None:
    """Open the current period's round; print codes once (hand them out at random)."""
    from pulse import rounds
    from pulse.tokens import codes

    db = open_db(db_path)
    rnd = rounds.open_round(db, team_name, instrument_key)
    click.echo(f"round {rnd.id} open: {rnd.team}, {rnd.instrument}, {rnd.period} to {rnd.period_end}")
    if n_codes:
        for code in codes.issue_codes(db, rnd.id, n_codes):
            click.echo(code)


@round_group.command("codes")
@click.argument("round_id", type=int)
@click.option("--count", type=int, default=None, help="Default: about 20% more than the team's size.")
@db_option
def round_codes(round_id: int, count: int | None, db_path: str | None) -> None:
    """Issue single-use codes for an open round. They are shown this once only."""
    from pulse import rounds, teams
    from pulse.tokens import codes

    db = open_db(db_path)
    cur = db.cursor()
    rnd = rounds.get_round(cur, round_id)
    count = count or codes.suggested_count(teams.get_team(cur, rnd.team).size)
    for code in codes.issue_codes(db, round_id, count):
        click.echo(code)


@round_group.command("close")
@click.argument("round_id", type=int)
@db_option
def round_close(round_id: int, db_path: str | None) -> None:
    """Close a round now: its statistics are frozen and its answers shuffled."""
    from pulse import closing

    rnd = closing.close_round(open_db(db_path), round_id)
    click.echo(f"round {rnd.id} closed ({rnd.team}, {rnd.instrument}, {rnd.period})")


@round_group.command("list")
@click.option("--team", default=None)
@click.option("--instrument", default=None)
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def round_list(team: str | None, instrument: str | None, fmt: str, db_path: str | None) -> None:
    """Rounds with their status and number of responses."""
    server = remote(db_path)
    if server is not None:
        emit(server.get("/rounds", team=team, instrument=instrument)["rounds"], fmt, ROUND_COLUMNS)
        return
    from pulse import results, rounds

    db = open_db(db_path)
    frame = results.participation(db, scope=ALL_TEAMS)
    ids = {(r.team, r.instrument, r.period_start): r.id for r in rounds.list_rounds(db.cursor(), team, instrument)}
    rows = []
    for rec in frame.to_dict("records"):
        key = (rec["team"], rec["instrument"], rec["period_start"])
        if key in ids:
            rows.append({**rec, "id": ids[key], "status": "closed" if rec["closed"] else "open"})
    emit(rows, fmt, ROUND_COLUMNS)


@click.command()
@click.argument("k", type=int, required=False)
@db_option
def threshold(k: int | None, db_path: str | None) -> None:
    """Show or set k, the smallest group any figure is shown for (default 5, never below 3)."""
    server = remote(db_path)
    if server is not None and k is None:
        click.echo(f"k = {server.get('/threshold')['k']}")
        return
    from pulse import settings

    db = open_db(db_path)
    if k is not None:
        settings.set_min_group_size(db, k)
    click.echo(f"k = {settings.min_group_size(db.cursor())}")
