"""What each built-in question measures, in several wordings, so a form's own wording can be matched.

These are short descriptions of each item's construct in our words and in the words commonly used
for it (the keywords of Edmondson's 1999 team psychological safety items, the Squad Health Check's
card titles, the usual eNPS question). Every phrase keeps the direction of its item: a phrase for a
reverse-worded item is worded negatively too, so similarity never pairs opposite statements.
"""

from __future__ import annotations

CONSTRUCTS: dict[str, dict[str, tuple[str, ...]]] = {
    "psych-safety": {
        "ps1": ("mistakes are held against you in this team", "if you make a mistake it is held against you",
                "mistakes counted against me", "blamed for mistakes"),
        "ps2": ("members are able to bring up problems and tough issues", "raise problems and tough issues",
                "speak up about problems and difficult issues", "bring up difficult topics"),
        "ps3": ("people sometimes reject others for being different", "colleagues rejected for being different",
                "people who are different are excluded", "shut out others who are different"),
        "ps4": ("it is safe to take a risk on this team", "safe to take risks", "take risks without fear",
                "try something risky without being punished"),
        "ps5": ("it is difficult to ask other members for help", "hard to ask for help",
                "asking teammates for help is difficult", "difficult to ask for help"),
        "ps6": ("no one would deliberately act to undermine my efforts", "nobody undermines my efforts",
                "no one would work against my efforts on purpose", "no one deliberately undermines my work"),
        "ps7": ("my unique skills and talents are valued and utilized", "skills and talents valued and used",
                "my abilities are appreciated and put to use", "unique skills valued"),
    },
    "enps": {
        "enps": ("how likely are you to recommend this team as a place to work",
                 "recommend your workplace to a friend", "would you recommend working here",
                 "recommend this company as a place to work", "employee net promoter score", "enps"),
    },
}  # fmt: skip


def phrases(instrument_key: str, question_key: str) -> tuple[str, ...]:
    """The construct phrases of a built-in question, or none for a custom one."""
    return CONSTRUCTS.get(instrument_key, {}).get(question_key, ())
