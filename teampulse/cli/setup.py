"""`teampulse init`, `demo` and `serve`: make a database and start the dashboard on it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from pulse.errors import PulseError
from teampulse.cli.options import database_path, db_option, open_db


@click.command()
@db_option
def init(db_path: str | None) -> None:
    """Create (or migrate) the database."""
    db = open_db(db_path)
    db.connection()
    click.echo(f"database ready: {db.path}")


@click.command()
@db_option
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed: same seed, same data.")
@click.option("--force", is_flag=True, help="Replace an existing database file.")
@click.option(
    "--url", default="http://127.0.0.1:8501", show_default=True, help="The dashboard's address, for the printed links."
)
def demo(db_path: str | None, seed: int, force: bool, url: str) -> None:
    """Fill a new database with a demo organisation (12 teams, a year of rounds).

    Beside the staff accounts it prints a tour: a team's results link, a few one-time codes (and
    personal links) for its open round, and it builds two published reviews and a draft with findings.
    """
    from pulse import demo as demo_module
    from pulse.demo.tour import build_tour, describe_tour
    from pulse.store import Database

    path = Path(open_db(db_path).path)
    if path.exists():
        if not force:
            raise PulseError(f"{path} already exists; pass --force to replace it with the demo")
        path.unlink()
        Path(f"{path}.wal").unlink(missing_ok=True)
    with Database(path) as db:  # closing writes whatever the store still holds in memory
        summary = demo_module.build_demo(db, seed=seed)
        tour = build_tour(db)
    click.echo(
        f"demo database {path}: {summary['tribes']} tribes, {summary['teams']} teams,"
        f" {summary['rounds']} rounds each, {summary['responses']} responses"
    )
    click.echo(demo_module.describe_accounts(summary))
    click.echo(describe_tour(tour, url))


@click.command()
@db_option
@click.option("--demo", "with_demo", is_flag=True, help="Build the demo organisation first if the file is missing.")
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def serve(db_path: str | None, with_demo: bool, port: int, host: str) -> None:
    """Start the dashboard."""
    from pulse.store import Database
    from teampulse.client import server_for

    path = Path(database_path(db_path)).resolve()
    running = server_for(path)
    if running is not None:
        raise PulseError(
            f"{running.describe()} is already running on {path} (http://{running.server.host}:{running.server.port});"
            " stop it first or use that one"
        )
    if with_demo and not path.exists():
        from pulse import demo as demo_module

        with Database(path) as db:
            summary = demo_module.build_demo(db)
        click.echo(f"built demo database {path} ({summary['responses']} responses)")
        click.echo(demo_module.describe_accounts(summary))
    with Database(path) as db:  # migrate now, so errors show here and not in the browser
        db.connection()
    # Closed before exec: exec skips atexit, and the server needs the file's lock.
    command = [sys.executable, "-m", "dashboard.server", "--db", str(path), "--port", str(port), "--host", host]
    click.echo(f"TeamPulse on http://{host}:{port}  (database {path}; Ctrl+C to stop)", err=True)
    sys.stdout.flush()
    # Replace this process with the server (same pid), so stopping `teampulse serve` (Ctrl+C, a signal
    # from a test or a service manager) stops the server itself rather than leaving it orphaned.
    # The server (dashboard/server) writes <database>.server.json for other commands to find it.
    os.execve(sys.executable, command, {**os.environ, "TEAMPULSE_DB": str(path)})
