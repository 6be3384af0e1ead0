"""The ``teampulse`` command. A thin layer: it parses arguments, calls the domain and turns
``pulse.errors`` into one-line messages on stderr with exit status 1.

Each command group lives in its own module; the registry below names the module and the short
help of every command, so ``teampulse --help`` imports none of them (nor scikit-learn or DuckDB).
"""

from __future__ import annotations

import click

from teampulse.cli.options import PulseGroup, db_option

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("teampulse.cli.setup:init", "Create (or migrate) the database."),
    "demo": ("teampulse.cli.setup:demo", "Fill a new database with a demo organisation (12 teams, a year of rounds)."),
    "serve": ("teampulse.cli.setup:serve", "Start the dashboard."),
    "import": (
        "teampulse.cli.data:import_command",
        "Import responses from a CSV file (TeamPulse, Google Forms or Microsoft Forms layout).",
    ),
    "export": (
        "teampulse.cli.data:export",
        "Export results (suppressed as everywhere else) and, with --raw, the anonymous rows.",
    ),
    "purge": (
        "teampulse.cli.data:purge",
        "Delete raw answers and comments of rounds that ended more than DAYS ago; keep their results.",
    ),
    "close-due": (
        "teampulse.cli.data:close_due",
        "Close every round whose period has ended (the server does this itself; for cron).",
    ),
    "schedule": (
        "teampulse.cli.schedules:schedule",
        "Cadences per team group and instrument; pauses and holiday weeks; the calendar.",
    ),
    "roster": (
        "teampulse.cli.schedules:roster",
        "Who receives invitations, per team: used only to send, never joined to a code or an answer.",
    ),
    "tick": (
        "teampulse.cli.schedules:tick",
        "Close due rounds, open scheduled ones and send due invitations and reminders (for cron).",
    ),
    "invite": (
        "teampulse.cli.schedules:invite",
        "Send every roster member a personal single-use link to the open round.",
    ),
    "remind": (
        "teampulse.cli.schedules:remind",
        "Remind every roster member (with their invitation's link; those who answered are thanked).",
    ),
    "trends": (
        "teampulse.cli.results:trends",
        "Means with 90% intervals per team (or tribe), instrument, dimension and period.",
    ),
    "alerts": (
        "teampulse.cli.analysis:alerts_command",
        "One alert per drop episode of a team: when it began (give or take), how far, which dimensions fell most.",
    ),
    "themes": (
        "teampulse.cli.analysis:themes_command",
        "Group the comments of any CSV file into themes (a curated taxonomy plus emerging themes).",
    ),
    "team": ("teampulse.cli.teams:team", "Add, list, rename and retire teams."),
    "instrument": ("teampulse.cli.instruments:instrument", "Add and list instruments."),
    "round": ("teampulse.cli.rounds:round_group", "Open and close rounds, and issue single-use codes."),
    "threshold": (
        "teampulse.cli.rounds:threshold",
        "Show or set k, the smallest group any figure is shown for (default 5, never below 3).",
    ),
    "backup": (
        "teampulse.cli.backup:backup",
        "Copy the whole database to a new file and verify the copy (row counts and a results checksum).",
    ),
    "restore": ("teampulse.cli.backup:restore", "Restore a backup into a new database file and verify it."),
    "user": (
        "teampulse.cli.accounts:user",
        "Staff accounts: coaches, facilitators and admins (team members never have one).",
    ),
    "lint": (
        "teampulse.cli.reviews:lint_command",
        "Check a Markdown or text file for names and blaming language; exit status 1 when anything is found.",
    ),
    "review": (
        "teampulse.cli.reviews:review",
        "Blameless reviews: timeline, factors, actions, anonymous perspectives, publishing.",
    ),
}


@click.group(cls=PulseGroup, lazy_commands=COMMANDS)
@click.version_option(package_name="teampulse")
@db_option
@click.pass_context
def main(ctx: click.Context, db_path: str | None) -> None:
    """TeamPulse: anonymous team-health pulses, trends and blameless reviews.

    The data must never be used to assess individuals: the smallest unit of any result is a group.
    """
    ctx.obj = db_path
