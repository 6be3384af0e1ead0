"""What every command module shares: the ``--db`` option, output formats, opening the database,
printing rows, and the group that turns named errors into one line on stderr.

The leaf of the command line: it imports click and the standard library only, so that
``teampulse --help`` loads neither the database driver nor pandas.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from pulse.errors import PulseError

if TYPE_CHECKING:
    from pulse.store import Database
    from teampulse.client import AdminClient

FORMATS = click.Choice(["table", "csv", "json"])


def db_option(func: Callable) -> Callable:
    """The ``--db PATH`` option every command takes."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Database file (default: $TEAMPULSE_DB or data/teampulse.duckdb).",
    )(func)


def database_path(db_path: str | None) -> str:
    """The database named on the command, else on the group (`teampulse --db X cmd`), else the default."""
    from pulse.store.db import default_path

    ctx = click.get_current_context(silent=True)
    group_path = ctx.find_root().obj if ctx is not None else None
    return str(db_path or group_path or default_path())


def remote(db_path: str | None) -> AdminClient | None:
    """The admin API of the running `teampulse serve` that holds the database, or None.

    Commands that have a remote path ask this first and send their work to the server; the others
    reach ``open_db``, which says in one line that the server holds the file.
    """
    from teampulse.client import server_for

    return server_for(database_path(db_path))


def open_db(db_path: str | None) -> Database:
    """The database named on the command, else on the group, else the default.

    It is closed when the command ends: an orderly stop writes what the store still holds in memory,
    and the file's lock is released even when the command runs inside a longer process (tests).
    While a server holds the file (its server file names a live process), this refuses in one line
    rather than let DuckDB fail on the lock.
    """
    from pulse.errors import DatabaseBusy
    from pulse.store import Database
    from teampulse.client import server_for

    path = database_path(db_path)
    server = server_for(path)
    if server is not None:
        raise DatabaseBusy(
            f"database {path} is held by {server.describe()}; this command does not run through it:"
            " stop the server first"
        )
    db = Database(path)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(db.close)
    return db


def emit(rows: list[dict], fmt: str, columns: list[str]) -> None:
    """Print rows as an aligned table, CSV (formula-safe) or JSON."""
    if fmt == "json":
        click.echo(json.dumps([{c: _json_value(r.get(c)) for c in columns} for r in rows], indent=2, default=str))
        return
    if fmt == "csv":
        from pulse.ops.exports import neutralise_formula

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_text(neutralise_formula(r.get(c))) for c in columns])
        click.echo(out.getvalue(), nl=False)
        return
    cells = [[_text(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


class LazyGroup(click.Group):
    """A group that imports each command's module only when that command runs (click's documented
    LazyGroup pattern).

    ``lazy_commands`` maps a command name to ``("module:attribute", short help)``; the short help
    is what the group's ``--help`` lists, so listing the commands imports none of them.
    tests/cli/test_docs.py checks each short help against the command's own help text.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            target, _ = self.lazy_commands[cmd_name]
            module_name, attribute = target.split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{target} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                if not self.commands[name].hidden:
                    rows.append((name, self.commands[name].get_short_help_str(formatter.width)))
            else:
                rows.append((name, self.lazy_commands[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class PulseGroup(LazyGroup):
    """The ``teampulse`` group: lazy, and every named error becomes one line on stderr with exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PulseError as e:  # StorageError and WriteConflict from pulse.store included
            click.echo(f"teampulse: error: {e}", err=True)
            ctx.exit(1)


def roster_option(func: Callable) -> Callable:
    """The ``--roster FILE`` option of the blame-language commands."""
    return click.option(
        "--roster",
        "roster_path",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Names of the people involved, one a line, optionally 'Name, role' (never stored).",
    )(func)
