"""Who a segment mentions: people, roles and groups, for rules that judge only what people did and for
the tone classifier, which reads only segments naming someone other than the writers."""

import re

from pulse.lint.vocabulary import ROLE_NOUNS

_ROLE = "|".join(sorted((re.escape(r) for r in ROLE_NOUNS), key=len, reverse=True))
_OTHERS = re.compile(
    rf"\b(?:he|she|they|them|him|her|his|their|you|your|someone|somebody|whoever)\b|\b(?:{_ROLE})(?:'s|s)?\b",
    re.IGNORECASE,
)


def mentions_others(text: str, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """Whether the span names a person or a role other than the writers ("we", "I"): what the tone reads."""
    return bool(_OTHERS.search(text, start, end)) or any(start <= s < end for s, _ in names)


_PEOPLE_WORDS = re.compile(
    rf"\b(?:he|she|they|them|him|her|his|their|you|your|i|we|someone|somebody|anyone|anybody|everyone|nobody"
    rf"|whoever)\b|\b(?:{_ROLE})(?:'s|s)?\b",
    re.IGNORECASE,
)


def mentions_people(text: str, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """Whether the span ``start:end`` of ``text`` names a person, a role or a group of people."""
    return bool(_PEOPLE_WORDS.search(text, start, end)) or any(start <= s < end for s, _ in names)
