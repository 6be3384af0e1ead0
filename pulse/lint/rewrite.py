"""Rewriting a text for a blameless review: every roster name (or every place one person is named) becomes
that person's role."""

from pulse.lint.roster import RosterLike, as_roster, roster_patterns
from pulse.lint.segments import sentence_start


def replace_names(text: str, roster: RosterLike) -> str:
    """Replace every roster name in ``text`` with that person's role (or "a team member")."""
    roster = as_roster(roster)
    if not roster or not text:
        return text
    spans = []
    for pattern in roster_patterns(roster):
        for m in pattern.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                spans.append((m.start(), m.end(), m.group()))
    out = text
    for start, end, matched in sorted(spans, reverse=True):
        possessive = matched.endswith(("'s", "’s"))
        bare = matched[:-2] if possessive else matched
        replacement = _role_phrase(roster.role_of(" ".join(bare.split())))
        if possessive:
            replacement += "'s"
        if sentence_start(out, start):
            replacement = replacement[0].upper() + replacement[1:]
        out = out[:start] + replacement + out[end:]
    return out


def replace_spans(
    text: str, spans: list[tuple[int, int]] | list[tuple[int, int, str, str]], role: str | None = None
) -> str:
    """Put ``role`` (or "a team member") in place of each ``start, end`` span of ``text``: the places one person
    is named. For several people at once a span is ``start, end, role, person``. A possessive stays
    ("Katharine's" -> "the on-call engineer's"); one person's spans with only spaces between them are one place
    ("@Katharine Berry"), two people's stay two ("@kberry @pshah" -> "a team member a team member")."""
    merged: list[list] = []
    for start, end, *own in sorted(spans, key=lambda span: span[:2]):
        wanted, who = (own[0], own[1]) if own else (role, None)
        # Overlapping places take the first role; one person's places with only spaces between are one.
        joined = merged and merged[-1][3] == who and not text[merged[-1][1] : start].strip(" \t")
        if merged and (start < merged[-1][1] or joined):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, wanted, who])
    out = text
    for start, end, wanted, _ in reversed(merged):
        replacement = _role_phrase(wanted)
        if out[start:end].endswith(("'s", "’s")):
            replacement += "'s"
        if sentence_start(out, start):
            replacement = replacement[0].upper() + replacement[1:]
        out = out[:start] + replacement + out[end:]
    return out


# Words that open a role phrase ("the on-call engineer", "our SRE"): a role of these alone names no role.
ROLE_ARTICLES = frozenset({"a", "an", "the", "our", "their", "my", "his", "her"})


def _role_phrase(role: str | None) -> str:
    if not role:
        return "a team member"
    first = role.split()[0].casefold()
    if first in ROLE_ARTICLES or role[0].isupper():
        return role
    return f"the {role}"


# Loaded words a neutral account does without, and blame verbs said plainly.
_PLAIN = (
    (
        r"\s*\b(?:accidentally|inadvertently|mistakenly|carelessly|recklessly|lazily|obviously|clearly|simply|just)\b",
        "",
    ),
    (r"\s+by\s+(?:accident|mistake)\b", ""),
    # An omission said as a condition of the work: what would have prompted the step.
    (r"\b(?:forgot|neglected)\s+to\b", "had no reminder to"),
    (r"\bfailed\s+to\b", "was not able to"),
    (r"\b(?:human|operator|user|personal)\s+error\b", "an action the system allowed"),
    (r"\bshould\s+(?:not\s+)?have\b|\bshould've\b", "could have been helped to have"),
    (r"\b(?:careless|negligent|lazy|sloppy|incompetent|stupid|irresponsible)\s+", ""),
    (
        r"\b(?:be|being|stay)\s+more\s+(?:careful|vigilant|attentive|diligent|thorough|cautious)\b",
        "have a check that makes the safe action the easy one",
    ),
    (r"\bthe\s+wrong\b", "another"),
)
_REASON = " (at the time, this made sense because …)"


def neutral_rewrite(sentence: str, roster: RosterLike = None, names: list[str] | tuple[str, ...] = ()) -> str:
    """A suggested neutral rewrite of ``sentence``: roster names become roles, other ``names`` (words the
    check took for names) "a team member", loaded words go, and a prompt asks what made the action
    reasonable then. A suggestion for the facilitator to accept or edit, not a verdict."""
    import re

    out = replace_names(sentence, roster)
    for name in sorted(set(names), key=len, reverse=True):
        pattern = rf"(?<![\w@]){re.escape(name)}(?:['’]s)?(?![\w@])"
        out = re.sub(pattern, lambda m: "A team member" if sentence_start(m.string, m.start()) else "a team member",
                     out)  # fmt: skip
    for pattern, plain in _PLAIN:
        out = re.sub(pattern, plain, out, flags=re.IGNORECASE)
    out = re.sub(r"\s{2,}", " ", out).strip()
    if out[:1].islower():
        out = out[0].upper() + out[1:]
    if _REASON.strip(" ()") not in out:
        end = len(out.rstrip(".!?"))
        out = out[:end] + _REASON + out[end:]
    return out
