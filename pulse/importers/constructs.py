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


# The paraphrase lexicon: for each item, the ideas a rewording keeps, as patterns over normalised
# text (see :func:`pulse.importers.columns.normal`). Each pattern is one idea; a header that names
# more of an item's ideas, and fewer of other items', is closer to it. Patterns are direction-free
# ("held against" matches "never held against me"): the direction is checked separately. Built from
# the items' own words, Edmondson's published wording, the health check's card titles, and the
# usual synonyms ("counted against", "stick my neck out", "excluded", "ask others").
IDEAS: dict[str, dict[str, tuple[str, ...]]] = {
    "psych-safety": {
        "ps1": (r"mistakes?|errors?|slip-?ups?|get(?:ting)? (?:it|something) wrong",
                r"held against|holds? (?:it |that )?against|counted against|counts? against|used against|pinned on"
                r"|blam\w*|punish\w*|penali[sz]\w*"),
        "ps2": (r"(?:bring|brings|bringing|raise|raises|raising|voice|voicing|surface|discuss|flag) (?:up )?"
                r"(?:\w+ ){0,2}(?:problems?|issues?|concerns?|topics?)|speak(?:ing)? up",
                r"(?:tough|difficult|hard|sensitive|uncomfortable|awkward) (?:issues|topics|problems|subjects)"),
        "ps3": (r"reject\w*|exclud\w*|shut\w* out|left out|leave \w+ out|ostraci[sz]\w*|push\w* away",
                r"(?:being|are|is|seem) different|differences?|who (?:are|is) not like"),
        "ps4": (r"risks?|risky|risk-taking|neck out|chances?|experiment\w*|try(?:ing)? (?:new|something)",),
        "ps5": (r"ask\w* (?:\w+ ){0,5}(?:for )?help|seek\w* help|help from|ask (?:others|each other|colleagues"
                r"|teammates)|(?:get|getting) help|for help",),
        "ps6": (r"undermin\w*|sabotag\w*|work\w* against|act\w* against|go(?:es)? behind",
                r"deliberately|on purpose|intentionally"),
        "ps7": (r"skills?|talents?|abilit\w*|strengths?|expertise",
                r"valued|utili[sz]\w*|put to (?:good )?use|appreciated|used|make use|recogni[sz]ed"),
    },
    "health-check": {
        "value": (r"deliver\w* (?:\w+ )?value|valuable|value|stakeholders?|great stuff|users? (?:truly )?value",),
        "release": (r"releas\w*|deploy\w*|shipping|ship|go live",),
        "fun": (r"fun|enjoy\w*|love going to work|look forward",),
        "codebase": (r"code ?base|code|repository|tech(?:nical)? (?:quality|debt)|well tested|readable",),
        "learning": (r"learn\w*",),
        "mission": (r"mission|why we are here|why we're here|purpose",),
        "pawns": (r"pawns?|players?|decide what to build|in control|control over|say in|empower\w*|autonom\w*"
                  r"|own (?:our|the) (?:destiny|work)|shape decisions",),
        "speed": (r"speed|quickly|fast|waiting|blocked|delays?|momentum|get (?:stuff|things) done",),
        "process": (r"process|way of working|ways of working|workflow",),
        "support": (r"support\w*",),
        "teamwork": (r"teamwork|team work|collaborat\w*|gelled|one team|work(?:s)? well together|close team"
                     r"|not a collection of individuals",),
    },
    "enps": {
        "enps": (r"recommend\w*|refer (?:a friend|friends|someone)|promoter|\benps\b",
                 r"place to work|work(?:ing)? (?:here|in this team|at this company|for us)"),
    },
}  # fmt: skip


def ideas(instrument_key: str) -> dict[str, tuple[str, ...]]:
    """The paraphrase patterns of a built-in instrument's items, by question key (none for a custom one)."""
    return IDEAS.get(instrument_key, {})
