"""Every command of `teampulse`, loaded: for the help and documentation tests."""

from __future__ import annotations

import click

from teampulse.cli import main


def every_command() -> list[tuple[tuple[str, ...], click.Command]]:
    """(path, command) for each command and subcommand, depth first: ("review", "perspectives", "open")."""
    found: list[tuple[tuple[str, ...], click.Command]] = []

    def visit(group: click.Group, path: tuple[str, ...]) -> None:
        ctx = click.Context(group, info_name=path[-1] if path else "teampulse")
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, f"`teampulse {' '.join((*path, name))}` does not load"
            found.append(((*path, name), command))
            if isinstance(command, click.Group):
                visit(command, (*path, name))

    visit(main, ())
    return found
