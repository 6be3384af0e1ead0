"""Invitations and reminders: a personal single-use link per roster member, by email, Slack or Teams.

The roster (:mod:`.roster`) is used only to send; which code went to whom is never stored, and the
send log holds counts only (:mod:`.sending`). The words are in :mod:`.message`, the channels in
:mod:`.senders`.
"""

from pulse.invitations.message import Message
from pulse.invitations.roster import Member, parse_roster, roster_of, roster_sizes, set_roster
from pulse.invitations.senders import SendFailed, SlackSender, SmtpSender, TeamsSender, outbox_from_env
from pulse.invitations.sending import SendReport, due_messages, next_number, send_due, send_log, send_round

__all__ = [
    "Member",
    "Message",
    "SendFailed",
    "SendReport",
    "SlackSender",
    "SmtpSender",
    "TeamsSender",
    "due_messages",
    "next_number",
    "outbox_from_env",
    "parse_roster",
    "roster_of",
    "roster_sizes",
    "send_due",
    "send_log",
    "send_round",
    "set_roster",
]
