"""`teampulse instrument ...`: the built-in instruments and custom ones from TOML files."""

from __future__ import annotations

import click

from teampulse.cli.options import FORMATS, db_option, emit, open_db


@click.group()
def instrument() -> None:
    """Add and list instruments."""


@instrument.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
def instrument_add(file: str, db_path: str | None) -> None:
    """Add a custom instrument from a TOML file (see pulse/instruments/example.toml)."""
    from pulse import instruments

    inst = instruments.load_toml(file)
    instruments.add_instrument(open_db(db_path), inst)
    click.echo(f"added instrument {inst.key} with {len(inst.questions)} questions")


@instrument.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def instrument_list(fmt: str, db_path: str | None) -> None:
    """Instruments with their number of questions, built-in or custom."""
    from pulse import instruments

    rows = [
        {"key": i.key, "name": i.name, "questions": len(i.questions), "builtin": i.builtin}
        for i in instruments.list_instruments(open_db(db_path).cursor())
    ]
    emit(rows, fmt, ["key", "name", "questions", "builtin"])
