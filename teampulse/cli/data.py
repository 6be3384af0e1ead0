"""`teampulse import`, `export`, `purge` and `close-due`: answers in, results out, old rows gone."""

from __future__ import annotations

import sys

import click

from teampulse.cli.options import db_option, open_db

EXPORT_FORMATS = ("csv", "parquet")  # pulse.ops.exports.FORMATS; spelled here so --help loads no pandas


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--instrument", required=True, help="Instrument key, e.g. psych-safety.")
@click.option("--team", default=None, help="Put every row in this team (no team column needed).")
@click.option("--no-create-teams", is_flag=True, help="Refuse rows whose team does not exist yet.")
@click.option("--date-order", type=click.Choice(["mdy", "dmy"]), default=None, help="How to read 3/4/2026.")
@db_option
def import_command(
    file: str, instrument: str, team: str | None, no_create_teams: bool, date_order: str | None, db_path: str | None
) -> None:
    """Import responses from a CSV file (TeamPulse, Google Forms or Microsoft Forms layout)."""
    from pulse import importers

    db = open_db(db_path)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if total < 20_000:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="checking rows", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        report = importers.import_responses(
            db, file, instrument, team=team, create_teams=not no_create_teams, date_order=date_order, progress=progress
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(f"imported {report.rows} responses into {report.rounds_created} new round(s)")
    if report.teams_created:
        click.echo(f"created teams: {', '.join(report.teams_created)}")
    if report.dropped_columns:
        click.echo(f"dropped columns (never stored): {', '.join(report.dropped_columns)}")
    for note in report.notes:
        click.echo(note)


@click.command()
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True)
@click.option("--raw", is_flag=True, help="Also write the anonymous answer rows and comments (admin).")
@db_option
def export(out: str, fmt: str, raw: bool, db_path: str | None) -> None:
    """Export results (suppressed as everywhere else) and, with --raw, the anonymous rows."""
    from pulse.ops import exports

    for path in exports.export(open_db(db_path), out, fmt, raw):
        click.echo(f"wrote {path}")


@click.command()
@click.option("--older-than", "days", type=int, required=True, help="Age in days of the rounds to purge.")
@db_option
def purge(days: int, db_path: str | None) -> None:
    """Delete raw answers and comments of rounds that ended more than DAYS ago; keep their results."""
    from pulse.ops import retention

    report = retention.purge(open_db(db_path), days)
    click.echo(
        f"purged {report.rounds} round(s) that ended before {report.cutoff}: {report.responses} responses,"
        f" {report.answers} answers, {report.comments} comments"
        + (
            f"; dropped the statistics of {report.stats_dropped} round(s) that never reached k"
            if report.stats_dropped
            else ""
        )
    )


@click.command("close-due")
@db_option
def close_due(db_path: str | None) -> None:
    """Close every round whose period has ended (the server does this itself; for cron)."""
    from pulse import closing

    closed = closing.close_due_rounds(open_db(db_path))
    click.echo(f"closed {len(closed)} round(s)")
