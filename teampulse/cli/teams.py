"""`teampulse team ...`: add, list, rename and retire teams."""

from __future__ import annotations

import click

from teampulse.cli.options import FORMATS, db_option, emit, open_db, remote


@click.group()
def team() -> None:
    """Add, list, rename and retire teams."""


@team.command("add")
@click.argument("name")
@click.option("--tribe", default=None, help="Parent group for roll-ups.")
@click.option("--size", type=int, default=None, help="Known number of members, for participation rates.")
@db_option
def team_add(name: str, tribe: str | None, size: int | None, db_path: str | None) -> None:
    """Add a team, optionally in a tribe and with its size."""
    server = remote(db_path)
    if server is not None:
        created = server.post("/teams", {"name": name, "tribe": tribe, "size": size})["team"]
        click.echo(f"added team {created['name']}" + (f" to {created['tribe']}" if created["tribe"] else ""))
        return
    from pulse import teams

    team = teams.add_team(open_db(db_path), name, tribe, size)
    click.echo(f"added team {team.name}" + (f" to {team.tribe}" if team.tribe else ""))


@team.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def team_list(fmt: str, db_path: str | None) -> None:
    """Teams with their tribe and size."""
    server = remote(db_path)
    if server is not None:
        emit(server.get("/teams")["teams"], fmt, ["name", "tribe", "size"])
        return
    from pulse import teams

    rows = [t.__dict__ for t in teams.list_teams(open_db(db_path).cursor())]
    emit(rows, fmt, ["name", "tribe", "size"])


@team.command("rename")
@click.argument("name")
@click.argument("new_name")
@db_option
def team_rename(name: str, new_name: str, db_path: str | None) -> None:
    """Rename a team; its results, rounds, codes and links carry over."""
    from pulse import teams

    renamed = teams.rename_team(open_db(db_path), name, new_name)
    click.echo(f"renamed team {name} to {renamed.name}")


@team.command("retire")
@click.argument("name")
@click.option("--undo", is_flag=True, help="Bring a retired team back.")
@db_option
def team_retire(name: str, undo: bool, db_path: str | None) -> None:
    """Retire a team: it keeps its history and takes no new rounds (--undo brings it back)."""
    from pulse import teams

    changed = teams.retire_team(open_db(db_path), name, retired=not undo)
    click.echo(f"team {changed.name} {'is retired' if changed.retired else 'takes new rounds again'}")
