"""Who a segment mentions: people, roles and groups, for rules that judge only what people did and for
the tone classifier, which reads only segments that speak of someone (the writer and the team included)."""

import re

from pulse.lint.vocabulary import AMBIGUOUS_ROLES, PEOPLE_AFTER, ROLE_NOUNS, THING_NOUNS

_CLEAR = "|".join(sorted((re.escape(r) for r in ROLE_NOUNS - AMBIGUOUS_ROLES), key=len, reverse=True))
_AMBIGUOUS = "|".join(sorted(AMBIGUOUS_ROLES, key=len, reverse=True))
# A role: a clear role word, or an ambiguous one capitalised or before a word for people.
_CAPITALISED = "|".join(w.capitalize() for w in sorted(AMBIGUOUS_ROLES))
_ROLE = rf"(?:{_CLEAR})|(?-i:{_CAPITALISED})|(?:{_AMBIGUOUS})(?=\s+{PEOPLE_AFTER})"
# A role word as a modifier of a thing ("developer machines", "admin rights", "support tickets") is no person.
_ROLE_AS_MODIFIER = rf"(?!\s+(?:{THING_NOUNS})\b)(?!-(?!error|mistake)\w)"
# "You" and "they" are left out: in a real postmortem they are mostly the reader being advised ("you should
# cancel the offer") or an organisation ("they informed us"), and the classifier read both as blame.
_OTHERS = re.compile(
    # A mailbox is no one to read a tone into ("Ask marketing@example.com about it").
    rf"\b(?:he|she|him|her|his|someone|somebody|whoever)\b|\b(?:{_ROLE})(?:'s|s)?\b" + _ROLE_AS_MODIFIER + "(?!@)",
    re.IGNORECASE,
)


def mentions_others(text: str, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """Whether the span names a person or a role other than the writers ("we", "I"): what the tone reads."""
    return bool(_OTHERS.search(text, start, end)) or any(start <= s < end for s, _ in names)


_PEOPLE_WORDS = re.compile(
    # "I" as the writer, not "Disk I/O", "i.e.", "Type I errors" or "Phase I".
    r"(?<!Type\s)(?<!Phase\s)(?<!Part\s)(?<!Tier\s)(?-i:\bI\b)(?![/.-])"
    rf"|\b(?:he|she|they|them|him|her|his|their|you|your|me|my|we|someone|somebody|anyone|anybody|everyone"
    rf"|nobody|whoever)\b|\b(?:{_ROLE})(?:'s|s)?\b" + _ROLE_AS_MODIFIER,
    re.IGNORECASE,
)


def mentions_people(text: str, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """Whether the span ``start:end`` of ``text`` names a person, a role or a group of people."""
    return bool(_PEOPLE_WORDS.search(text, start, end)) or any(start <= s < end for s, _ in names)
