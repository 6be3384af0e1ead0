"""`teampulse backup` and `restore`: a verified copy of the whole database, and back."""

from __future__ import annotations

import click

from teampulse.cli.options import db_option, open_db


@click.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="New file for the copy.")
@db_option
def backup(out: str, db_path: str | None) -> None:
    """Copy the whole database to a new file and verify the copy (row counts and a results checksum)."""
    from pulse.ops import backup as backups

    db = open_db(db_path)
    target = backups.backup_file(db, out)
    check = backups.verify_backup(db, target)
    click.echo(f"backup {target}: {sum(check['tables'].values())} rows in {len(check['tables'])} tables, verified")


@click.command()
@click.argument("backup_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="New database file to create.")
def restore(backup_path: str, db_path: str) -> None:
    """Restore a backup into a new database file and verify it."""
    from pulse.ops import backup as backups

    target = backups.restore_backup(backup_path, db_path)
    click.echo(f"restored {backup_path} to {target}, verified")
