"""Words talked about rather than said: a phrase in quotation marks, blame said to be absent, and an
omission given with the reason it was the better choice. The rules skip such matches, and the tone
classifier does not read them."""

import re

_QUOTE_OPEN, _QUOTE_CLOSE = "\"'“‘", "\"'”’"
_ABOUT_BLAME = re.compile(r"blam|fault|errors?\b|culprit|punish|disciplin|responsible|careless|caused", re.IGNORECASE)
_DISAVOWAL = re.compile(
    r"\b(?:not|never|no|rarely|seldom|rather\s+than|instead\s+of|without|avoid\w*|against|isn't|aren't|don't|doesn't"
    r"|nor|costs?(?:\s+to)?|fear\s+of|cannot\s+have|can't\s+have|worry\s+(?:too\s+much\s+)?about|"
    r"(?:was|is|were|are)\s+(?:never|rarely|not))\s+"
    r"(?:(?:a|an|the|about|for|to|any|process|one|on|into|individual|personal|human|single|specific|pinning"
    r"|assigning|placing|laying|person|anyone|anybody|someone|somebody|caused|by|anything|it|think|believe|it's"
    r"|that's)\s+){0,4}"
    # "not the person's fault" (the match starts at "'s"): the one whose fault is ruled out.
    r"[\w-]*$",
    re.IGNORECASE,
)


def mentioned(text: str, start: int, end: int) -> bool:
    """A phrase in quotation marks ("“operator error” is never a root cause") is talked about, not said."""
    if start == 0 or text[start - 1] not in _QUOTE_OPEN:
        return False
    if text[end : end + 1] in _QUOTE_CLOSE:
        return True
    # A phrase quoted with its comma ("tell an engineer to “be more careful,” you have not changed the system");
    # a whole sentence quoted ("“Somebody must be responsible.”") is said, not mentioned.
    return bool(re.match(r"[,;:][\"'”’]", text[end : end + 2])) or (
        text[start : start + 1].islower() and bool(re.match(r"[.!?][\"'”’]", text[end : end + 2]))
    )


# The urge to blame described ("It is human nature to look for an individual to pin the blame on", "how easy it
# is to blame the lawyers", "people feel pressure to find out who caused it"): a guide's point, not blame.
_URGE = re.compile(
    r"\b(?:easy|tempting|natural|instinct|instinctive|urge|temptation|nature|pressure|tendency|inclined|reflex)\b"
    # Not what the urge lets one see ("It was easy to see that Dave caused the outage": that is said).
    r"[^.?!\n]{0,60}?\bto\s+(?!(?:see|tell|spot|notice|understand|say|conclude|guess|prove)\b)(?:[\w'-]+\s+){0,6}$",
    re.IGNORECASE,
)


# Blaming as the subject of a clause ("because blaming someone for a slip wastes time"): blame talked about.
_GERUND_SUBJECT = re.compile(r"(?:^|[,:;(]|\b(?:because|since|as|that|while|and|but))\s*$", re.IGNORECASE)


def disavowed(text: str, m: re.Match, segment: tuple[int, int] | None) -> bool:
    """Blame said to be absent ("not a process for assigning blame", "rather than blaming anyone", "I don't think
    it's your fault"), described as an urge ("it is tempting to blame the operator") or talked about as the subject
    of a clause ("blaming someone for a slip wastes time") is the blameless principle itself, not blame."""
    if not _ABOUT_BLAME.search(m.group()):
        return False
    lead = text[(segment[0] if segment else max(0, m.start() - 60)) : m.start()]
    if m.group().casefold().startswith("blaming") and _GERUND_SUBJECT.search(lead):
        return True
    # "how easy it is to blame": the match may begin with the "to" the urge is followed by.
    urge_lead = lead + "to " if re.match(r"to\s", m.group(), re.IGNORECASE) else lead
    return bool(_DISAVOWAL.search(lead) or _URGE.search(urge_lead))


# "Did not follow the rollback plan, as it would have caused worse issues": a decision given with its reason.
_REASON = re.compile(r"\b(?:as|because|since)\s+(?:it|this|that|doing\s+so|following\s+it)\s+would\b", re.IGNORECASE)


def reasoned(checked: str, m: re.Match, segment: tuple[int, int] | None) -> bool:
    """Whether an omission ("did not follow ...") is given with the reason it was the better choice."""
    if not re.match(r"(?:didn't|did\s+not|didnt|never)\b", m.group(), re.IGNORECASE):
        return False
    return bool(_REASON.search(checked, m.end(), segment[1] if segment else len(checked)))
