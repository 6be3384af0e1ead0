"""`teampulse init`, `demo` and `serve`: make a database and start the dashboard on it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from pulse.errors import PulseError
from teampulse.cli.options import db_option, open_db

DASHBOARD_APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


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
def demo(db_path: str | None, seed: int, force: bool) -> None:
    """Fill a new database with a demo organisation (12 teams, a year of rounds)."""
    from pulse import demo as demo_module
    from pulse.store import Database

    path = Path(open_db(db_path).path)
    if path.exists():
        if not force:
            raise PulseError(f"{path} already exists; pass --force to replace it with the demo")
        path.unlink()
        Path(f"{path}.wal").unlink(missing_ok=True)
    with Database(path) as db:  # closing writes whatever the store still holds in memory
        summary = demo_module.build_demo(db, seed=seed)
    click.echo(
        f"demo database {path}: {summary['tribes']} tribes, {summary['teams']} teams,"
        f" {summary['rounds']} rounds each, {summary['responses']} responses"
    )
    click.echo(demo_module.describe_accounts(summary))


@click.command()
@db_option
@click.option("--demo", "with_demo", is_flag=True, help="Build the demo organisation first if the file is missing.")
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def serve(db_path: str | None, with_demo: bool, port: int, host: str) -> None:
    """Start the dashboard."""
    from pulse.store import Database

    path = Path(open_db(db_path).path).resolve()
    if with_demo and not path.exists():
        from pulse import demo as demo_module

        with Database(path) as db:
            summary = demo_module.build_demo(db)
        click.echo(f"built demo database {path} ({summary['responses']} responses)")
        click.echo(demo_module.describe_accounts(summary))
    with Database(path) as db:  # migrate now, so errors show here and not in the browser
        db.connection()
    # Closed before exec: exec skips atexit, and Streamlit needs the file's lock.
    env = {**os.environ, "TEAMPULSE_DB": str(path)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(DASHBOARD_APP),
        "--server.port", str(port), "--server.address", host, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--logger.level", "warning",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    click.echo(f"TeamPulse on http://{host}:{port}  (database {path}; Ctrl+C to stop)", err=True)
    sys.stdout.flush()
    # Replace this process with Streamlit, so stopping `teampulse serve` (Ctrl+C, a signal from a
    # test or a service manager) stops the server itself rather than leaving it orphaned.
    os.execve(sys.executable, command, env)
