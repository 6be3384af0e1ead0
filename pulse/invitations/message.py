"""The text of invitations and reminders: the same words on every channel.

A reminder goes to everyone on the roster, because the product does not know who has answered;
it says so, and thanks those who have.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PRIVACY = (
    "Your answers are stored without your name, this link or the time you answered, and results are shown"
    " only for groups of at least {k} people, never for one person."
)


@dataclass(frozen=True)
class Message:
    subject: str
    intro: str
    link: str
    outro: str

    @property
    def text(self) -> str:
        """Plain text for email and as the fallback of a chat message."""
        return f"{self.intro}\n\n{self.link}\n\n{self.outro}\n"


def invitation(team: str, instrument: str, closes: date, link: str, k: int) -> Message:
    return Message(
        subject=f"{team}: your {instrument} pulse is open",
        intro=(
            f"Your team {team} is taking its {instrument} pulse. It takes a few minutes and is open until"
            f" {closes:%A %d %B}. This personal link opens the questions and works once:"
        ),
        link=link,
        outro=PRIVACY.format(k=k),
    )


def reminder(team: str, instrument: str, closes: date, link: str, k: int, number: int) -> Message:
    return Message(
        subject=f"Reminder: {team}'s {instrument} pulse is open until {closes:%d %B}",
        intro=(
            "If you have already answered, thank you: there is nothing more to do. This reminder goes to"
            f" everyone in {team}, because TeamPulse does not know who has answered. If you have not,"
            f" your personal link, the same as in the invitation, opens the questions and works once"
            f" (until {closes:%A %d %B}):"
        ),
        link=link,
        outro=PRIVACY.format(k=k),
    )
