"""A name found once, found again: "Katharine Berry restarted it" makes "asked Katharine" and "Katharine
noticed" in the same review names too, so that one person is settled, and replaced, in every place.

A whole full name is a name wherever it stands. A part of one ("Katharine"), or a single word found as a name,
is a name again only where a person would stand: before a possessive or something people do, after something
done to people, as a chat speaker; never beside another capitalised word ("Ana" of "Ana Lee" in "Ana Novak"),
before a number ("Jan 14"), inside a longer word ("O'Brien", "Katharine.yaml", "#katharine") or in a
dictionary word ("Max connections", "Mark the runbook")."""

import re
from collections.abc import Container, Iterable

from pulse.lint.vocabulary import IRREGULAR_PAST, MIND_VERBS, PERSON_PRECEDERS, PERSON_VERBS, WEAK_VERBS

_WORD = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w'’-])")  # "Katharine", "Jean-Luc"
_BEFORE = r"(?<![\w@.'’#/-])"
_AFTER = r"(?:['’]s)?(?![\w@'’/-]|\.\w)"
# A timeline row's present tense too ("Terence shares a patch", "Potuz provides"): verbs that are no plural noun
# a config word takes ("Max requests", "Max tokens", "Mark flags" stay words).
_PRESENT = (
    r"(?:acknowledg|add|agre|announc|approv|attempt|begin|clarifi|confirm|contact|coordinat|decid|deploy|discover"
    r"|discuss|emphasiz|emphasis|escalat|estimat|explain|find|fix|hand|identifi|investigat|join|loop|merg|not"
    r"|notic|observ|open|pag|ping|propos|provid|push|rais|realiz|realis|reach|recall|recommend|repli|report"
    r"|respond|restart|restor|resum|revert|roll|say|scal|see|shar|start|suggest|tell|think|track|triag|tri|urg"
    r"|verifi|wait|want|warn|watch|writ)(?:es|s)"
)
_VERBS = rf"{PERSON_VERBS}|{MIND_VERBS}|{WEAK_VERBS}|[a-z]{{2,}}ed|{IRREGULAR_PAST}|{_PRESENT}"
_ACTS_NEXT = re.compile(rf"[ \t]+(?:[a-z]+ly[ \t]+)?(?:{_VERBS})\b")
_PRECEDED = re.compile(rf"\b(?:{'|'.join(sorted(PERSON_PRECEDERS | {'with'}))})[ \t]+$", re.IGNORECASE)
_SPEAKER = re.compile(r"(?m)^[ \t>*_-]*(?:\[?[\d:]+\]?[ \t]+)?$")  # a chat line's speaker: "Katharine: ..."
_BESIDE_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")
_BESIDE_BEFORE = re.compile(r"[A-Z][a-z]+[ \t]+$")


def named_again(
    checked: str, names: Iterable[str], skip: Iterable[Container[str]], blocked: list[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Spans in ``checked`` where one of ``names`` (found elsewhere in the text or the review) stands again.
    ``skip``: sets of words that are no name alone (lower-case words, the dictionary); ``blocked``: spans that hold no
    person (headings, Title Case terms, what the model calls an organisation or product)."""
    spans: set[tuple[int, int]] = set()
    for name in sorted({re.sub(r"['’]s$", "", " ".join(n.split())) for n in names}, key=len, reverse=True):
        if " " in name:
            body = r"\s+".join(map(re.escape, name.split()))
            spans |= {m.span() for m in re.finditer(rf"{_BEFORE}{body}{_AFTER}", checked)}
        for word in _WORD.findall(name):
            if any(word.casefold() in words for words in skip):
                continue
            for m in re.finditer(rf"{_BEFORE}{re.escape(word)}{_AFTER}", checked):
                if _a_person_stands(checked, *m.span()):
                    spans.add(m.span())
    kept: set[tuple[int, int]] = set()
    for s, e in sorted(spans, key=lambda g: (g[0], g[0] - g[1])):
        if not any(a < e and s < b for a, b in kept) and not any(a <= s < b for a, b in blocked):
            kept.add((s, e))
    return kept


def _a_person_stands(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    if _BESIDE_AFTER.match(text, end) or _BESIDE_BEFORE.search(before):
        return False
    after = text[end : end + 60]
    if re.match(r"[ \t]*\d", after):
        return False
    speaker = after.startswith(":") and bool(_SPEAKER.search(before))
    possessive = text[start:end].endswith(("'s", "’s"))
    return bool(possessive or _ACTS_NEXT.match(after) or _PRECEDED.search(before) or speaker)
