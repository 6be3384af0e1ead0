"""Sending invitations and reminders: one personal code per member and round; counts logged.

Each member's code is derived from the round's invite key and their address
(:mod:`.invite_keys`), so the invitation and every reminder carry the same single-use link: one
person, one answer per round (DESIGN.md rule 4). Before each message the codes of the members
are registered if absent (keyed hashes only, in a random order, :func:`pulse.tokens.codes.register`),
so a member added to the roster later gets a working link in the next reminder; the pairing of an
address and a code lives only in this function's memory while it runs. The roster is shuffled with
the system's randomness first, so the order of sending says nothing of the roster's order either.
The send log keeps how many messages went out and how many failed, per round, kind and number:
never an address, a code or a link.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from pulse import settings
from pulse.errors import InviteSecretChanged
from pulse.invitations import invite_keys
from pulse.invitations import message as messages
from pulse.invitations.roster import Member, roster_of
from pulse.invitations.senders import SendFailed
from pulse.rounds import Round, get_round
from pulse.tokens import codes, team_links

KINDS = ("invitation", "reminder")


@dataclass
class SendReport:
    """What one sending did: counts, plus problems to show the admin now (never stored)."""

    round_id: int
    team: str
    instrument: str
    kind: str
    number: int
    sent: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)


def send_round(
    db,
    rnd: Round,
    kind: str,
    number: int,
    outbox: dict,
    base_url: str,
    today: date | None = None,
    members: list[Member] | None = None,
) -> SendReport:
    """Send one invitation or reminder to every member (the team's stored roster by default)."""
    today = today or date.today()
    cur = db.cursor()
    team_id = cur.execute("SELECT team_id FROM rounds WHERE id = ?", [rnd.id]).fetchone()[0]
    members = list(members) if members is not None else roster_of(cur, team_id)
    report = SendReport(rnd.id, rnd.team, rnd.instrument, kind, number)
    if not members:
        return report
    secrets.SystemRandom().shuffle(members)
    name = cur.execute("SELECT name FROM instruments WHERE key = ?", [rnd.instrument]).fetchone()[0]
    k = settings.min_group_size(cur)

    def derive(cur):
        current = get_round(cur, rnd.id)
        if current.status != "open" or current.period_end < today:
            return {}
        key = invite_keys.key_for(cur, rnd.id)
        personal = {m.address: invite_keys.personal_code(key, m.address) for m in members}
        codes.register(cur, codes.PULSE, rnd.id, personal.values())  # only the missing ones are added
        return personal

    try:
        personal = db.run_in_transaction(derive)
    except InviteSecretChanged as e:  # one round refused; the others due today still go out
        report.problems.append(f"the {rnd.instrument} round of {rnd.team}: {e}")
        return report
    if not personal:
        report.problems.append(f"the {rnd.instrument} round of {rnd.team} is closed: nothing sent")
        return report
    # The team's results token rides in every link, so after the close the same message opens the
    # team's page (a token per team, the same for everyone: it ties nothing to a person).
    token = team_links.team_token(db, rnd.team)
    with contextlib.ExitStack() as stack:
        ready = _open_senders(stack, outbox, {m.channel for m in members}, report)
        for member in members:
            link = team_links.member_link(base_url, personal[member.address], token)
            if kind == "invitation":
                text = messages.invitation(rnd.team, name, rnd.period_end, link, k)
            else:
                text = messages.reminder(rnd.team, name, rnd.period_end, link, k, number)
            sender = ready.get(member.channel)
            try:
                if sender is None:
                    raise SendFailed(f"no {member.channel} sender is configured")
                sender.send(member.address, text)
                report.sent += 1
            except SendFailed as e:
                report.failed += 1
                report.problems.append(f"{member.channel} {member.address}: {e}")
    del personal, link, text  # nothing pairs a member and a code past this point
    if report.sent:
        _log(db, report, today)
    return report


def _open_senders(stack: contextlib.ExitStack, outbox: dict, channels: set[str], report: SendReport) -> dict:
    ready = {}
    for channel in sorted(channels):
        if channel not in outbox:
            continue
        try:
            ready[channel] = stack.enter_context(outbox[channel])
        except SendFailed as e:
            report.problems.append(f"{channel}: {e}")
    return ready


def _log(db, report: SendReport, today: date) -> None:
    db.run_in_transaction(
        lambda cur: cur.execute(
            "INSERT INTO send_log (round_id, kind, number, sent_on, sent, failed) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (round_id, kind, number) DO UPDATE SET sent = send_log.sent + excluded.sent,"
            " failed = send_log.failed + excluded.failed, sent_on = excluded.sent_on",
            [report.round_id, report.kind, report.number, today, report.sent, report.failed],
        )
    )


def send_log(cur, round_ids: list[int] | None = None) -> list[tuple]:
    """(round id, kind, number, sent on, sent, failed) rows: the counts, for pages and commands."""
    sql = "SELECT round_id, kind, number, sent_on, sent, failed FROM send_log"
    if round_ids is None:
        return cur.execute(sql + " ORDER BY sent_on, round_id, kind, number").fetchall()
    return cur.execute(
        sql + " WHERE round_id IN (SELECT unnest(?::INTEGER[])) ORDER BY sent_on, round_id, kind, number",
        [[int(r) for r in round_ids]],
    ).fetchall()


def next_number(cur, round_id: int, kind: str) -> int:
    row = cur.execute("SELECT max(number) FROM send_log WHERE round_id = ? AND kind = ?", [round_id, kind]).fetchone()
    return (row[0] or 0) + 1


# Open scheduled rounds whose period holds today, with their schedule's reminder days.
_DUE_SQL = """
SELECT r.id, r.period_start, s.reminders
FROM rounds r JOIN teams t ON t.id = r.team_id
JOIN schedules s ON s.instrument_key = r.instrument_key
 AND (s.id IN (SELECT schedule_id FROM schedule_teams st WHERE st.team_id = r.team_id) OR s.tribe_id = t.tribe_id)
WHERE r.status = 'open' AND r.period_start <= ? AND r.period_end >= ?
 AND r.team_id IN (SELECT team_id FROM roster_members)
 AND NOT EXISTS (SELECT 1 FROM schedule_pauses p WHERE p.week = ? AND (p.team_id IS NULL OR p.team_id = r.team_id))
ORDER BY r.id
"""


def due_messages(cur, today: date) -> list[tuple[int, str, int]]:
    """(round id, kind, number) of every message due today on scheduled rounds, outside holidays.

    The invitation first; then the latest reminder whose day has come, unless it (or a later one)
    went out already or the invitation went out today (a server that was down catches up with one
    message, not three).
    """
    logged: dict[int, dict[tuple[str, int], date]] = {}
    for round_id, kind, number, sent_on, *_ in send_log(cur):
        logged.setdefault(round_id, {})[(kind, number)] = sent_on
    due, seen = [], set()
    monday = today - timedelta(days=today.weekday())  # nothing goes out in a holiday week
    for round_id, start, reminders in cur.execute(_DUE_SQL, [today, today, monday]).fetchall():
        if round_id in seen:  # a team covered twice: the first schedule wins, as for its calendar
            continue
        seen.add(round_id)
        sent = logged.get(round_id, {})
        if ("invitation", 1) not in sent:
            due.append((round_id, "invitation", 1))
            continue
        reached = [n for n, day in enumerate(sorted(reminders), start=1) if start + timedelta(days=day) <= today]
        later_sent = any(kind == "reminder" and number >= max(reached, default=0) for kind, number in sent)
        if reached and not later_sent and sent[("invitation", 1)] < today:
            due.append((round_id, "reminder", max(reached)))
    return due


def send_due(db, outbox: dict, base_url: str, today: date | None = None) -> list[SendReport]:
    """Send every invitation and reminder due today (the scheduler's third step)."""
    today = today or date.today()
    cur = db.cursor()
    return [
        send_round(db, get_round(cur, round_id), kind, number, outbox, base_url, today)
        for round_id, kind, number in due_messages(cur, today)
    ]
