"""`teampulse review perspectives ...`: anonymous perspectives on a review, from the command line."""

from __future__ import annotations

import sys

import click

from pulse.reviews import perspectives
from teampulse.cli.options import db_option, open_db, roster_option


@click.group("perspectives")
def perspectives_group() -> None:
    """Anonymous perspectives: open collection, hand out single-use codes, close, read."""


@perspectives_group.command("open")
@click.argument("review_id", type=int)
@click.option("--codes", "n_codes", type=int, default=None, help="Also issue this many single-use codes.")
@db_option
def perspectives_open(review_id: int, n_codes: int | None, db_path: str | None) -> None:
    """Start collecting; print codes once (hand them out at random)."""
    db = open_db(db_path)
    perspectives.open_collection(db, review_id)
    click.echo(f"collecting perspectives for review {review_id}")
    if n_codes:
        for code in perspectives.issue_codes(db, review_id, n_codes):
            click.echo(code)


@perspectives_group.command("codes")
@click.argument("review_id", type=int)
@click.option("--count", type=int, default=None, help="Default: about 20% more than the team's size.")
@db_option
def perspectives_codes(review_id: int, count: int | None, db_path: str | None) -> None:
    """Issue single-use codes for an open collection; they are shown this once only."""
    db = open_db(db_path)
    for code in perspectives.issue_codes(db, review_id, count or perspectives.suggested_code_count(db, review_id)):
        click.echo(code)


@perspectives_group.command("write")
@click.option("--code", required=True, help="A single-use code (spent by this perspective).")
@db_option
def perspectives_write(code: str, db_path: str | None) -> None:
    """Write a perspective, read from standard input."""
    perspectives.submit_perspective(open_db(db_path), sys.stdin.read(), code=code)
    click.echo("thank you: your perspective is stored without your name")


@perspectives_group.command("close")
@click.argument("review_id", type=int)
@db_option
def perspectives_close(review_id: int, db_path: str | None) -> None:
    """Stop collecting, for good."""
    state = perspectives.close_collection(open_db(db_path), review_id)
    click.echo(f"collection closed with {state.count} perspective(s)")


@perspectives_group.command("show")
@click.argument("review_id", type=int)
@roster_option
@click.option("--themes", is_flag=True, help="Group them into themes.")
@db_option
def perspectives_show(review_id: int, roster_path: str | None, themes: bool, db_path: str | None) -> None:
    """Read the perspectives once collection closed with enough of them (random order, names scrubbed)."""
    from pulse import lint

    db = open_db(db_path)
    roster = lint.read_roster(roster_path) if roster_path else None
    released = perspectives.release(db, review_id, roster)
    if not released.shown:
        click.echo(f"{released.n} perspective(s): {released.note}")
        return
    if themes:
        from analysis.themes import ThemeModel  # the domain never imports analysis: the caller passes it

        groups = perspectives.group_into_themes(db, review_id, model=ThemeModel(), roster=roster)
    else:
        groups = [perspectives.PerspectiveTheme("perspectives", released.texts)]
    for theme in groups:
        click.echo(f"## {theme.label} ({theme.size})")
        for text in theme.texts:
            click.echo("- " + "\n  ".join(text.splitlines()))
        click.echo("")
