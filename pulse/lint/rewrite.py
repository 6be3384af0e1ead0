"""Rewriting a text for a blameless review: every roster name becomes that person's role."""

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


def _role_phrase(role: str | None) -> str:
    if not role:
        return "a team member"
    first = role.split()[0].casefold()
    if first in ("a", "an", "the", "our", "their") or role[0].isupper():
        return role
    return f"the {role}"
