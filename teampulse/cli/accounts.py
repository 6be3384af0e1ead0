"""`teampulse user ...`: staff accounts from the command line (team members never have one)."""

from __future__ import annotations

import sys

import click

from pulse import accounts
from teampulse.cli.options import FORMATS, db_option, emit, open_db, remote


def read_password(from_stdin: bool) -> tuple[str, bool]:
    """The password from standard input, else a random one; and whether it was generated."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    return accounts.generate_password(), True


@click.group()
def user() -> None:
    """Staff accounts: coaches, facilitators and admins (team members never have one)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.option("--team", "teams", multiple=True, help="A team this coach reads (repeat for several).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@db_option
def user_add(name: str, role: str, teams: tuple[str, ...], password_stdin: bool, db_path: str | None) -> None:
    """Create an account; without --password-stdin a random password is printed, this once."""
    password, generated = read_password(password_stdin)
    server = remote(db_path)
    if server is not None:  # the password travels to the server once, on the loopback; it never comes back
        added = server.post("/users", {"name": name, "role": role, "password": password, "teams": list(teams)})["user"]
        added_role, added_name, added_teams = added["role"], added["name"], added["teams"]
    else:
        account = accounts.create_account(open_db(db_path), name, role, password, teams)
        added_role, added_name, added_teams = account.role, account.name, account.teams
    where = f" for {', '.join(added_teams)}" if added_teams else ""
    click.echo(f"added {added_role} {added_name}{where}")
    if generated:
        click.echo(f"password: {password}")


@user.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
@db_option
def user_password(name: str, password_stdin: bool, db_path: str | None) -> None:
    """Set a new password (random and printed once, unless read from standard input)."""
    password, generated = read_password(password_stdin)
    accounts.set_password(open_db(db_path), name, password)
    click.echo(f"new password for {name}" + (f": {password}" if generated else " set"))


@user.command("teams")
@click.argument("name")
@click.option("--team", "teams", multiple=True, help="The coach's teams, replacing the current ones.")
@db_option
def user_teams(name: str, teams: tuple[str, ...], db_path: str | None) -> None:
    """Replace the teams a coach reads."""
    account = accounts.set_teams(open_db(db_path), name, teams)
    click.echo(f"{account.name} reads: {', '.join(account.teams) or 'no team'}")


@user.command("remove")
@click.argument("name")
@db_option
def user_remove(name: str, db_path: str | None) -> None:
    """Delete an account (the last admin cannot be removed)."""
    accounts.delete_account(open_db(db_path), name)
    click.echo(f"removed {name}")


@user.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def user_list(fmt: str, db_path: str | None) -> None:
    """Accounts with their role and teams (never their passwords)."""
    server = remote(db_path)
    if server is not None:
        found = [(a["name"], a["role"], a["teams"]) for a in server.get("/users")["users"]]
    else:
        found = [(a.name, a.role, a.teams) for a in accounts.list_accounts(open_db(db_path).cursor())]
    rows = [{"name": name, "role": role, "teams": ", ".join(teams)} for name, role, teams in found]
    emit(rows, fmt, ["name", "role", "teams"])
