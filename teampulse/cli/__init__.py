"""The ``teampulse`` command. A thin layer: it parses arguments, calls the domain and turns
``pulse.errors`` into one-line messages on stderr with exit status 1."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
from pathlib import Path

import click

from pulse import closing, importers, instruments, results, rounds, settings, teams
from pulse import demo as demo_module
from pulse.errors import PulseError
from pulse.ops import backup as backup_module
from pulse.ops import exports, retention
from pulse.store import Database, default_path
from pulse.tokens import codes as codes_module

FORMATS = click.Choice(["table", "csv", "json"])


def db_option(func):
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Database file (default: $TEAMPULSE_DB or data/teampulse.duckdb).",
    )(func)


def open_db(db_path: str | None) -> Database:
    """The database named on the command, else on the group (`teampulse --db X cmd`), else the default."""
    ctx = click.get_current_context(silent=True)
    group_path = ctx.find_root().obj if ctx is not None else None
    return Database(db_path or group_path or default_path())


def emit(rows: list[dict], fmt: str, columns: list[str]) -> None:
    """Print rows as an aligned table, CSV (formula-safe) or JSON."""
    if fmt == "json":
        click.echo(json.dumps([{c: _json_value(r.get(c)) for c in columns} for r in rows], indent=2, default=str))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_text(exports.neutralise_formula(r.get(c))) for c in columns])
        click.echo(out.getvalue(), nl=False)
        return
    cells = [[_text(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _json_value(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


class PulseGroup(click.Group):
    """Turns every named domain error into one line on stderr and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PulseError as e:
            click.echo(f"teampulse: error: {e}", err=True)
            ctx.exit(1)


@click.group(cls=PulseGroup)
@click.version_option(package_name="teampulse")
@db_option
@click.pass_context
def main(ctx, db_path) -> None:
    """TeamPulse: anonymous team-health pulses, trends and blameless reviews.

    The data must never be used to assess individuals: the smallest unit of any result is a group.
    """
    ctx.obj = db_path


@main.command()
@db_option
def init(db_path):
    """Create (or migrate) the database."""
    db = open_db(db_path)
    db.connection()
    click.echo(f"database ready: {db.path}")


@main.command()
@db_option
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed: same seed, same data.")
@click.option("--force", is_flag=True, help="Replace an existing database file.")
def demo(db_path, seed, force):
    """Fill a new database with a demo organisation (12 teams, a year of rounds)."""
    path = Path(open_db(db_path).path)
    if path.exists():
        if not force:
            raise PulseError(f"{path} already exists; pass --force to replace it with the demo")
        path.unlink()
        Path(f"{path}.wal").unlink(missing_ok=True)
    summary = demo_module.build_demo(Database(path), seed=seed)
    click.echo(
        f"demo database {path}: {summary['tribes']} tribes, {summary['teams']} teams,"
        f" {summary['rounds']} rounds each, {summary['responses']} responses"
    )
    click.echo(demo_module.describe_accounts(summary))


@main.command()
@db_option
@click.option("--demo", "with_demo", is_flag=True, help="Build the demo organisation first if the file is missing.")
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def serve(db_path, with_demo, port, host):
    """Start the dashboard."""
    path = Path(open_db(db_path).path).resolve()
    if with_demo and not path.exists():
        summary = demo_module.build_demo(Database(path))
        click.echo(f"built demo database {path} ({summary['responses']} responses)")
        click.echo(demo_module.describe_accounts(summary))
    Database(path).connection()  # migrate now, so errors show here and not in the browser
    app = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
    env = {**os.environ, "TEAMPULSE_DB": str(path)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port), "--server.address", host, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--logger.level", "warning",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    click.echo(f"TeamPulse on http://{host}:{port}  (database {path}; Ctrl+C to stop)", err=True)
    sys.stdout.flush()
    # Replace this process with Streamlit, so stopping `teampulse serve` (Ctrl+C, a signal from a
    # test or a service manager) stops the server itself rather than leaving it orphaned.
    os.execve(sys.executable, command, env)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--instrument", required=True, help="Instrument key, e.g. psych-safety.")
@click.option("--team", default=None, help="Put every row in this team (no team column needed).")
@click.option("--no-create-teams", is_flag=True, help="Refuse rows whose team does not exist yet.")
@click.option("--date-order", type=click.Choice(["mdy", "dmy"]), default=None, help="How to read 3/4/2026.")
@db_option
def import_command(file, instrument, team, no_create_teams, date_order, db_path):
    """Import responses from a CSV file (TeamPulse, Google Forms or Microsoft Forms layout)."""
    db = open_db(db_path)
    bar = None

    def progress(done, total):
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


@main.command()
@click.option("--team", default=None)
@click.option("--instrument", default=None)
@click.option("--level", type=click.Choice(["team", "tribe", "organisation"]), default="team", show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def trends(team, instrument, level, fmt, db_path):
    """Means with 90% intervals per team (or tribe), instrument, dimension and period."""
    db = open_db(db_path)
    cur = db.cursor()
    if instrument:
        instruments.get_instrument(cur, instrument)
    if level == "team":
        if team:
            teams.get_team(cur, team)
        figures = results.team_results(db, team=team, instrument=instrument)
    else:
        figures = results.group_results(db, level, instrument=instrument)
        if team:
            figures = [f for f in figures if f.team == team]
    emit([f.as_row() for f in figures], fmt, results.COLUMNS)


@main.command()
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), default="csv", show_default=True)
@click.option("--raw", is_flag=True, help="Also write the anonymous answer rows and comments (admin).")
@db_option
def export(out, fmt, raw, db_path):
    """Export results (suppressed as everywhere else) and, with --raw, the anonymous rows."""
    for path in exports.export(open_db(db_path), out, fmt, raw):
        click.echo(f"wrote {path}")


@main.command()
@click.option("--older-than", "days", type=int, required=True, help="Age in days of the rounds to purge.")
@db_option
def purge(days, db_path):
    """Delete raw answers and comments of rounds that ended more than DAYS ago; keep their results."""
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


@main.group()
def team():
    """Add and list teams."""


@team.command("add")
@click.argument("name")
@click.option("--tribe", default=None, help="Parent group for roll-ups.")
@click.option("--size", type=int, default=None, help="Known number of members, for participation rates.")
@db_option
def team_add(name, tribe, size, db_path):
    created = teams.add_team(open_db(db_path), name, tribe, size)
    click.echo(f"added team {created.name}" + (f" to {created.tribe}" if created.tribe else ""))


@team.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def team_list(fmt, db_path):
    rows = [t.__dict__ for t in teams.list_teams(open_db(db_path).cursor())]
    emit(rows, fmt, ["name", "tribe", "size"])


@main.group()
def instrument():
    """Add and list instruments."""


@instrument.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
def instrument_add(file, db_path):
    """Add a custom instrument from a TOML file (see data/custom-instrument.toml)."""
    inst = instruments.load_toml(file)
    instruments.add_instrument(open_db(db_path), inst)
    click.echo(f"added instrument {inst.key} with {len(inst.questions)} questions")


@instrument.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def instrument_list(fmt, db_path):
    rows = [
        {"key": i.key, "name": i.name, "questions": len(i.questions), "builtin": i.builtin}
        for i in instruments.list_instruments(open_db(db_path).cursor())
    ]
    emit(rows, fmt, ["key", "name", "questions", "builtin"])


@main.group("round")
def round_group():
    """Open and close rounds, and issue single-use codes."""


@round_group.command("open")
@click.argument("team_name")
@click.argument("instrument_key")
@click.option("--codes", "n_codes", type=int, default=None, help="Issue this many single-use codes.")
@db_option
def round_open(team_name, instrument_key, n_codes, db_path):
    """Open the current period's round; print codes once (hand them out at random)."""
    db = open_db(db_path)
    rnd = rounds.open_round(db, team_name, instrument_key)
    click.echo(f"round {rnd.id} open: {rnd.team}, {rnd.instrument}, {rnd.period} to {rnd.period_end}")
    if n_codes:
        for code in codes_module.issue_codes(db, rnd.id, n_codes):
            click.echo(code)


@round_group.command("codes")
@click.argument("round_id", type=int)
@click.option("--count", type=int, default=None, help="Default: about 20% more than the team's size.")
@db_option
def round_codes(round_id, count, db_path):
    """Issue single-use codes for an open round. They are shown this once only."""
    db = open_db(db_path)
    cur = db.cursor()
    rnd = rounds.get_round(cur, round_id)
    count = count or codes_module.suggested_count(teams.get_team(cur, rnd.team).size)
    for code in codes_module.issue_codes(db, round_id, count):
        click.echo(code)


@round_group.command("close")
@click.argument("round_id", type=int)
@db_option
def round_close(round_id, db_path):
    rnd = closing.close_round(open_db(db_path), round_id)
    click.echo(f"round {rnd.id} closed ({rnd.team}, {rnd.instrument}, {rnd.period})")


@main.command("close-due")
@db_option
def close_due(db_path):
    """Close every round whose period has ended (the server does this itself; for cron)."""
    closed = closing.close_due_rounds(open_db(db_path))
    click.echo(f"closed {len(closed)} round(s)")


@round_group.command("list")
@click.option("--team", default=None)
@click.option("--instrument", default=None)
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def round_list(team, instrument, fmt, db_path):
    db = open_db(db_path)
    frame = results.participation(db)
    ids = {(r.team, r.instrument, r.period_start): r.id for r in rounds.list_rounds(db.cursor(), team, instrument)}
    rows = []
    for rec in frame.to_dict("records"):
        key = (rec["team"], rec["instrument"], rec["period_start"])
        if key in ids:
            rows.append({**rec, "id": ids[key], "status": "closed" if rec["closed"] else "open"})
    emit(rows, fmt, ["id", "team", "instrument", "period_start", "period_end", "status", "responses", "team_size"])


@main.command()
@click.argument("k", type=int, required=False)
@db_option
def threshold(k, db_path):
    """Show or set k, the smallest group any figure is shown for (default 5, never below 3)."""
    db = open_db(db_path)
    if k is not None:
        settings.set_min_group_size(db, k)
    click.echo(f"k = {settings.min_group_size(db.cursor())}")


@main.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="New file for the copy.")
@db_option
def backup(out, db_path):
    """Copy the whole database to a new file and verify the copy (row counts and a results checksum)."""
    db = open_db(db_path)
    target = backup_module.backup_file(db, out)
    check = backup_module.verify_backup(db, target)
    click.echo(f"backup {target}: {sum(check['tables'].values())} rows in {len(check['tables'])} tables, verified")


@main.command()
@click.argument("backup_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="New database file to create.")
def restore(backup_path, db_path):
    """Restore a backup into a new database file and verify it."""
    target = backup_module.restore_backup(backup_path, db_path)
    click.echo(f"restored {backup_path} to {target}, verified")


from teampulse.cli.accounts import register as register_account_commands  # noqa: E402

register_account_commands(main)

from teampulse.cli.reviews import register as _register_reviews  # noqa: E402

_register_reviews(main)

from teampulse.cli.analysis import register as _register_analysis  # noqa: E402

_register_analysis(main)

if __name__ == "__main__":
    main()
