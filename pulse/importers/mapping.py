"""Headers to questions: by key, by our wording, by a question's short name, and by meaning.

Each match carries a confidence. Exact keys and our own wording are certain. A short name (the
health check's "Fun", "Easy to release") is nearly so. Meaning is the TF-IDF similarity of the
header, or of its grid row (``Title [Row]``, Microsoft's ``Title.Statement``), to the question's text
and its construct phrases (:mod:`.constructs`); it is accepted only when it is high, clearly ahead
of the next question, and the header states the question the same way round. A header that says
the opposite ("It is easy to ask for help" against "It is hard to ask for help") is never matched
by itself: its values would need turning (``-ps5``), which only the user may decide.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pulse.importers.columns import normal
from pulse.importers.constructs import phrases
from pulse.instruments import Instrument, Question

ACCEPT = 0.5  # similarity at which a meaning match is taken without asking
MARGIN = 0.1  # ... when the next question is at least this far behind
SUGGEST = 0.2  # below this, no question is suggested at all

_NEGATOR = re.compile(r"\b(?:no one|no-one|nobody|none|not|no|never|without|hardly|rarely|seldom)\b|n't\b")
_NEGATIVE = re.compile(
    r"\b(?:held against|holds? against|counted against|counts? against|blam\w*|punish\w*|reject\w*|exclud\w*"
    r"|shut\w* out|left out|(?:hard|difficult|tough|awkward|scary|risky|uncomfortable) to|undermin\w*"
    r"|work\w* against|act\w* against|fear\w*|afraid|worr\w*|penali[sz]\w*|ridicul\w*|humiliat\w*)\b"
)
_TREND = re.compile(
    r"\b(?:trend|direction|heading|better or worse|improving|declining|getting better|getting worse|moving|arrow)\b"
)
HEALTH_NAMES = {
    "value": ("delivering value", "value"),
    "release": ("easy to release", "release", "releasing", "deployment"),
    "fun": ("fun",),
    "codebase": ("health of codebase", "codebase health", "codebase", "tech quality", "code quality"),
    "learning": ("learning",),
    "mission": ("mission",),
    "pawns": ("pawns or players", "pawns", "players"),
    "speed": ("speed",),
    "process": ("suitable process", "process"),
    "support": ("support",),
    "teamwork": ("teamwork", "team work"),
}


@dataclass(frozen=True)
class Match:
    """The question a header was matched to, how, and how sure."""

    key: str
    confidence: float
    how: str  # "key", "our wording", "short name", "meaning"
    flip: bool = False  # the header states the question the other way round (suggestions only)
    sure: bool = True
    why: str = ""
    runner_up: str | None = None  # the next most similar question, for when the best is taken


def positive(text: str) -> bool:
    """Whether a statement is worded positively: negations and negative phrases cancel in pairs."""
    name = normal(text)
    return (len(_NEGATOR.findall(name)) + len(_NEGATIVE.findall(name))) % 2 == 0


def header_parts(header: str) -> list[str]:
    """The texts of a header worth matching: the whole, a grid's row, a Likert's statement."""
    name = normal(header)
    parts = [name]
    grid = re.fullmatch(r"(.*?)\s*\[(.+)\]", name)
    if grid:
        parts.append(normal(grid.group(2)))
    likert = re.fullmatch(r"([^.]{2,}?)\.(\S.*)", name)  # Microsoft Forms: "Title.Statement"
    if likert and not grid:
        parts.append(normal(likert.group(2)))
    return parts


def exact_match(header: str, instrument: Instrument) -> Match | None:
    """A header that is a question's key or our exact wording (also as a grid row or a statement)."""
    by_key, by_text = _lookups(instrument)
    parts = header_parts(header)
    for part in parts:
        question = by_key.get(part) or by_text.get(part)
        if question is None:
            continue
        key = question.key
        # "Which way is it heading? [Fun]": a grid row naming a dimension under a trend title.
        if part != parts[0] and _TREND.search(parts[0]) and instrument.question(f"{key}_trend"):
            key = f"{key}_trend"
        return Match(key, 1.0, "key" if part in by_key else "our wording")
    return None


def short_name_match(header: str, instrument: Instrument) -> Match | None:
    """A health-check style header naming one dimension ("Fun", "Squad health [Easy to release]")."""
    names = _short_names(instrument)
    if not names:
        return None
    name = normal(header)
    row = header_parts(header)[-1]
    found = {base for base, variants in names.items() for v in variants if re.search(rf"\b{re.escape(v)}\b", row)}
    if len(found) != 1:
        return None
    base = found.pop()
    trend = bool(_TREND.search(name)) or "trend" in name
    key = f"{base}_trend" if trend and instrument.question(f"{base}_trend") else base
    if instrument.question(key) is None:
        return None
    return Match(key, 0.95, "short name")


def meaning_matches(headers: list[str], instrument: Instrument) -> list[Match | None]:
    """Each header's most similar question by meaning, sure or not; None when nothing is close."""
    if not headers:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    docs, owners = _documents(instrument)
    parts = [header_parts(h) for h in headers]
    flat = [p for ps in parts for p in ps]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    vectorizer.fit(docs + flat)
    sims = cosine_similarity(vectorizer.transform(flat), vectorizer.transform(docs))
    out: list[Match | None] = []
    at = 0
    for header, ps in zip(headers, parts, strict=True):
        best: dict[str, float] = {}
        for row in sims[at : at + len(ps)]:
            for score, owner in zip(row, owners, strict=True):
                best[owner] = max(best.get(owner, 0.0), float(score))
        at += len(ps)
        out.append(_decide(header, best, instrument))
    return out


def _decide(header: str, best: dict[str, float], instrument: Instrument) -> Match | None:
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    key, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < SUGGEST:
        return None
    question = instrument.question(key)
    same_way = positive(header_parts(header)[-1]) == positive(question.text)
    confidence = round(score, 2)
    second = ranked[1][0] if len(ranked) > 1 and runner >= SUGGEST else None
    if not same_way:
        return Match(key, confidence, "meaning", True, False, "worded the other way round", second)
    if score < ACCEPT:
        return Match(key, confidence, "meaning", False, False, "not similar enough", second)
    if score - runner < MARGIN:
        return Match(key, confidence, "meaning", False, False, f"close to {ranked[1][0]} too", second)
    return Match(key, confidence, "meaning", runner_up=second)


def _documents(instrument: Instrument) -> tuple[list[str], list[str]]:
    docs, owners = [], []
    for q in instrument.questions:
        for text in (q.text, *phrases(instrument.key, q.key)):
            docs.append(normal(text))
            owners.append(q.key)
    return docs, owners


@functools.cache
def _lookups(instrument: Instrument) -> tuple[dict[str, Question], dict[str, Question]]:
    return ({q.key.casefold(): q for q in instrument.questions}, {normal(q.text): q for q in instrument.questions})


@functools.cache
def _short_names(instrument: Instrument) -> dict[str, tuple[str, ...]]:
    """Dimension names of questions written "Name: statement" (the health check), with known aliases."""
    names: dict[str, tuple[str, ...]] = {}
    for q in instrument.questions:
        if q.key.endswith("_trend") or ":" not in q.text:
            continue
        label = normal(q.text.split(":", 1)[0])
        extra = HEALTH_NAMES.get(q.key, ()) if instrument.key == "health-check" else ()
        names[q.key] = tuple(dict.fromkeys((label, *extra)))
    return names
