"""`teampulse import`, `export`, `purge` and `close-due`: answers in, results out, old rows gone."""

from __future__ import annotations

import sys

import click

from teampulse.cli.options import db_option, open_db, remote

EXPORT_FORMATS = ("csv", "parquet")  # pulse.ops.exports.FORMATS; spelled here so --help loads no pandas


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--instrument", required=True, help="Instrument key, e.g. psych-safety.")
@click.option("--team", default=None, help="Put every row in this team (no team column needed).")
@click.option("--no-create-teams", is_flag=True, help="Refuse rows whose team does not exist yet.")
@click.option("--date-order", type=click.Choice(["mdy", "dmy"]), default=None, help="How to read 3/4/2026.")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar='"HEADER=KEY"',
    help="Map a column to a question key (-KEY: worded the other way round), comment, team, date or ignore.",
)
@click.option("--comment-column", default=None, metavar="HEADER", help="The column holding the comment.")
@click.option("--team-column", default=None, metavar="HEADER", help="The column holding the team.")
@click.option("--ignore-column", "ignored", multiple=True, metavar="HEADER", help="Leave this column out.")
@click.option("--save-mapping", is_flag=True, help="Save the mapping with the instrument for the next import.")
@click.option("--dry-run", is_flag=True, help="Print what would be imported and write nothing.")
@db_option
def import_command(
    file: str,
    instrument: str,
    team: str | None,
    no_create_teams: bool,
    date_order: str | None,
    maps: tuple[str, ...],
    comment_column: str | None,
    team_column: str | None,
    ignored: tuple[str, ...],
    save_mapping: bool,
    dry_run: bool,
    db_path: str | None,
) -> None:  # fmt: skip
    """Import responses from a CSV file (TeamPulse, Google Forms or Microsoft Forms layout).

    Also Google Sheets downloads and Microsoft Forms' .xlsx workbooks. Prints how each column is read
    (question, comment, team, date, dropped as identity, ignored as form metadata) with its confidence,
    the dates and the rounds; an unsure column stops the import with the --map option that settles it.
    """
    from pathlib import Path

    from pulse import importers
    from pulse.errors import ImportFailed

    mapping = {}
    for item in maps:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise ImportFailed(f'--map {item!r} must be "HEADER=KEY"')
        mapping[header] = target
    options = importers.ImportOptions(
        team=team, create_teams=not no_create_teams, date_order=date_order, mapping=mapping,
        comment_column=comment_column, team_column=team_column, ignore_columns=ignored, save_mapping=save_mapping,
    )  # fmt: skip
    server = remote(db_path)
    if server is not None:  # `teampulse serve` holds the file: it plans the import and writes it (docs/api.md)
        plan = server.plan_import(importers.read_source(file), Path(file).name, instrument, options, dry_run)
    else:
        db = open_db(db_path)
        with _progress_bar() as progress:
            data = importers.read_source(file)
            plan = importers.plan_import(db, data, Path(file).name, instrument, options, progress)
    for line in plan.summary():
        click.echo(line)
    if not plan.ready:
        raise plan.problems[0] if plan.problems else ImportFailed("the file has no responses")
    if dry_run:
        click.echo(f"dry run: {plan.rows} responses would be imported into {len(plan.rounds)} new round(s)")
        return
    report = plan.report() if server is not None else importers.write_import(db, plan)
    click.echo(f"imported {report.rows} responses into {report.rounds_created} new round(s)")
    if report.teams_created:
        click.echo(f"created teams: {', '.join(report.teams_created)}")
    if report.dropped_columns:
        click.echo(f"dropped columns (never stored): {', '.join(report.dropped_columns)}")
    for note in report.notes:
        click.echo(note)
    if report.mapping_saved:
        click.echo(f"saved the mapping of {report.mapping_saved} column(s) with {instrument}")


class _progress_bar:
    """A progress bar on stderr for files of 20,000 rows or more; quiet for smaller ones."""

    def __enter__(self):
        self.bar = None
        return self.update

    def update(self, done: int, total: int) -> None:
        if total < 20_000:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="checking rows", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


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
