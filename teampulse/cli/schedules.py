"""`teampulse schedule`, `roster`, `tick`, `invite` and `remind`: rounds that run themselves and the
messages that reach people. Sender settings come from the environment (docs/integrations.md)."""

from __future__ import annotations

import os
from datetime import date, timedelta

import click

from teampulse.cli.options import FORMATS, db_option, emit, open_db

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.group("schedule")
def schedule() -> None:
    """Cadences per team group and instrument; pauses and holiday weeks; the calendar."""


@schedule.command("add")
@click.argument("instrument_key")
@click.argument("cadence")
@click.option("--tribe", default=None, help="Every team of this tribe, now and later.")
@click.option("--team", "teams", multiple=True, help="A team (repeat for several).")
@click.option("--anchor", type=ISO_DATE, default=None, help="First day of the first period (a Monday, or a 1st).")
@click.option("--remind-after", default=None, help="Days after a period starts for reminders, e.g. 4,9.")
@db_option
def schedule_add(
    instrument_key: str,
    cadence: str,
    tribe: str | None,
    teams: tuple[str, ...],
    anchor,
    remind_after: str | None,
    db_path: str | None,
) -> None:
    """Add a cadence (weekly, fortnightly, monthly, quarterly, '3 weeks') for a tribe or teams."""
    from pulse import schedules
    from pulse.errors import PulseError

    reminders = None
    if remind_after is not None:
        try:
            reminders = [int(d) for d in remind_after.split(",") if d.strip()]
        except ValueError:
            raise PulseError(f"--remind-after: {remind_after[:30]!r} is not a list of days such as 4,9") from None
    added = schedules.add_schedule(
        open_db(db_path),
        instrument_key,
        cadence,
        tribe=tribe,
        teams=list(teams),
        anchor=anchor.date() if anchor else None,
        reminders=reminders,
    )
    click.echo(
        f"schedule #{added.id}: {added.instrument} {added.every} for {added.group}, from {added.cadence.anchor};"
        f" reminders on days {', '.join(str(d) for d in added.reminders)}"
    )


@schedule.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def schedule_list(fmt: str, db_path: str | None) -> None:
    """Every schedule, its group and whether it is paused."""
    from pulse import schedules

    rows = [
        {
            "id": s.id,
            "instrument": s.instrument,
            "cadence": s.every,
            "group": s.group,
            "anchor": s.cadence.anchor,
            "reminders": ",".join(str(d) for d in s.reminders),
            "paused": s.paused,
        }
        for s in schedules.list_schedules(open_db(db_path).cursor())
    ]
    emit(rows, fmt, ["id", "instrument", "cadence", "group", "anchor", "reminders", "paused"])


@schedule.command("pause")
@click.argument("schedule_id", type=int)
@click.option("--resume", is_flag=True, help="Lift the pause.")
@db_option
def schedule_pause(schedule_id: int, resume: bool, db_path: str | None) -> None:
    """Pause a schedule (no new rounds) or, with --resume, lift the pause."""
    from pulse import schedules

    s = schedules.pause_schedule(open_db(db_path), schedule_id, paused=not resume)
    click.echo(f"schedule #{s.id} {'paused' if s.paused else 'running'}")


@schedule.command("pause-team")
@click.argument("team_name")
@click.option("--resume", is_flag=True, help="Lift the pause.")
@db_option
def schedule_pause_team(team_name: str, resume: bool, db_path: str | None) -> None:
    """Pause a team on every schedule until resumed."""
    from pulse import schedules

    schedules.pause_team(open_db(db_path), team_name, paused=not resume)
    click.echo(f"{team_name} {'runs again' if resume else 'paused'}")


@schedule.command("holiday")
@click.argument("day", type=ISO_DATE)
@click.option("--team", default=None, help="Only this team (default: everyone).")
@click.option("--remove", is_flag=True, help="Remove the holiday week.")
@db_option
def schedule_holiday(day, team: str | None, remove: bool, db_path: str | None) -> None:
    """A holiday week: nothing opens or is sent in the week holding DAY (everyone, or one team)."""
    from pulse import schedules

    monday = schedules.pause_week(open_db(db_path), day.date(), team, paused=not remove)
    who = team or "every team"
    click.echo(f"week of {monday}: {'runs again' if remove else 'holiday'} for {who}")


@schedule.command("remove")
@click.argument("schedule_id", type=int)
@db_option
def schedule_remove(schedule_id: int, db_path: str | None) -> None:
    """Remove a schedule; its rounds stay, and an open one closes at its period's end."""
    from pulse import schedules

    schedules.remove_schedule(open_db(db_path), schedule_id)
    click.echo(f"schedule #{schedule_id} removed")


@schedule.command("calendar")
@click.option("--start", type=ISO_DATE, default=None, help="First day (default: today).")
@click.option("--weeks", type=click.IntRange(1, 104), default=8, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def schedule_calendar(start, weeks: int, fmt: str, db_path: str | None) -> None:
    """What runs when: every scheduled team's periods, reminders and pauses."""
    from pulse import schedules

    first = start.date() if start else date.today()
    rows = [
        {
            "period_start": p.period_start,
            "period_end": p.period_end,
            "opens": p.opens_on if p.state == "runs" else "",
            "team": p.team,
            "instrument": p.instrument,
            "state": p.state,
            "reminders": ", ".join(str(d) for d in p.reminders),
        }
        for p in schedules.plan(open_db(db_path).cursor(), first, first + timedelta(weeks=weeks) - timedelta(days=1))
    ]
    emit(rows, fmt, ["period_start", "period_end", "opens", "team", "instrument", "state", "reminders"])


@schedule.command("log")
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def schedule_log(fmt: str, db_path: str | None) -> None:
    """The send log: how many invitations and reminders went out per round (counts only)."""
    from pulse import invitations, rounds

    db = open_db(db_path)
    cur = db.cursor()
    rows = []
    for round_id, kind, number, sent_on, sent, failed in invitations.send_log(cur):
        rnd = rounds.get_round(cur, round_id)
        rows.append(
            {
                "sent_on": sent_on,
                "team": rnd.team,
                "instrument": rnd.instrument,
                "period": rnd.period,
                "kind": kind if kind == "invitation" else f"reminder {number}",
                "sent": sent,
                "failed": failed,
            }
        )
    emit(rows, fmt, ["sent_on", "team", "instrument", "period", "kind", "sent", "failed"])


@click.group("roster")
def roster() -> None:
    """Who receives invitations, per team: used only to send, never joined to a code or an answer."""


@roster.command("set")
@click.argument("team_name")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@db_option
def roster_set(team_name: str, file, db_path: str | None) -> None:
    """Replace a team's roster from FILE ('-' for stdin): one address a line, or CSV with an email column."""
    from pulse import invitations

    members = invitations.parse_roster(file.read())
    kept = invitations.set_roster(open_db(db_path), team_name, members)
    click.echo(f"{team_name}: {kept} member(s) on the roster")


@roster.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table")
@db_option
def roster_list(fmt: str, db_path: str | None) -> None:
    """How many members each team's roster reaches, per channel."""
    from pulse import invitations

    sizes = invitations.roster_sizes(open_db(db_path).cursor())
    rows = [{"team": team, **counts} for team, counts in sizes.items()]
    emit(rows, fmt, ["team", "email", "slack", "teams"])


@click.command("tick")
@click.option("--today", type=ISO_DATE, default=None, help="Act as on this day (default: today).")
@db_option
def tick(today, db_path: str | None) -> None:
    """Close due rounds, open scheduled ones and send due invitations and reminders (for cron)."""
    from pulse import invitations, schedules

    outbox = invitations.outbox_from_env(os.environ)
    base_url = os.environ.get("TEAMPULSE_BASE_URL")
    report = schedules.tick(open_db(db_path), today.date() if today else None, outbox or None, base_url)
    click.echo(f"closed {len(report.closed)} round(s), opened {len(report.opened)} round(s)")
    for sent in report.sent:
        _print_report(sent)
    if not (outbox and base_url):
        click.echo("no messages sent: set TEAMPULSE_BASE_URL and a sender (docs/integrations.md)")


def _send(kind: str, team_name: str, instrument_key: str, roster_file, base_url: str | None, db_path: str | None):
    from pulse import invitations, rounds, teams
    from pulse.errors import PulseError, RoundClosed

    base_url = base_url or os.environ.get("TEAMPULSE_BASE_URL")
    if not base_url:
        raise PulseError("--base-url (or TEAMPULSE_BASE_URL): the dashboard's address people open links on")
    outbox = invitations.outbox_from_env(os.environ)
    members = invitations.parse_roster(roster_file.read()) if roster_file else None
    db = open_db(db_path)
    cur = db.cursor()
    team = teams.get_team(cur, team_name)
    rnd = rounds.find_round(cur, team.id, instrument_key, _current_start(cur, team.id, instrument_key))
    if rnd is None or not rnd.accepts_answers():
        raise RoundClosed(f"{team.name} has no open {instrument_key} round for today: open one first")
    number = invitations.next_number(cur, rnd.id, kind) if kind == "reminder" else 1
    _print_report(invitations.send_round(db, rnd, kind, number, outbox, base_url, members=members))


def _current_start(cur, team_id: int, instrument_key: str) -> date:
    from pulse import rounds

    cadence = rounds.series_cadence(cur, team_id, instrument_key)
    return (cadence.period(date.today()) if cadence else rounds.period_of(cur, date.today()))[0]


def _print_report(report) -> None:
    what = "invitation" if report.kind == "invitation" else f"reminder {report.number}"
    click.echo(f"{report.team}, {report.instrument}: {what} sent to {report.sent}, failed for {report.failed}")
    for problem in report.problems:
        click.echo(f"  {problem}", err=True)


_ROSTER = click.option(
    "--roster",
    "roster_file",
    type=click.File("r", encoding="utf-8-sig"),
    default=None,
    help="Send to this roster file once, without storing it (default: the team's stored roster).",
)
_BASE_URL = click.option("--base-url", default=None, help="The dashboard's address (default: $TEAMPULSE_BASE_URL).")


@click.command("invite")
@click.argument("team_name")
@click.argument("instrument_key")
@_ROSTER
@_BASE_URL
@db_option
def invite(team_name: str, instrument_key: str, roster_file, base_url: str | None, db_path: str | None) -> None:
    """Send every roster member a personal single-use link to the open round."""
    _send("invitation", team_name, instrument_key, roster_file, base_url, db_path)


@click.command("remind")
@click.argument("team_name")
@click.argument("instrument_key")
@_ROSTER
@_BASE_URL
@db_option
def remind(team_name: str, instrument_key: str, roster_file, base_url: str | None, db_path: str | None) -> None:
    """Remind every roster member (with their invitation's link; those who answered are thanked)."""
    _send("reminder", team_name, instrument_key, roster_file, base_url, db_path)
