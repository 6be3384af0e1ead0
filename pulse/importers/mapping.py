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
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from pulse.importers.columns import normal
from pulse.importers.constructs import ideas, phrases
from pulse.instruments import Instrument, Question

ACCEPT = 0.5  # similarity at which a meaning match is taken without asking
MARGIN = 0.1  # ... when the next question is at least this far behind
SUGGEST = 0.2  # below this, no question is suggested at all

# A statement whose direction cannot be read from its words ("raised early rather than hidden",
# "not just leaders", "even when I disagree"): never taken by itself, whatever its similarity.
_CONTRAST = re.compile(r"\b(?:rather than|instead of|not just|not only|even (?:when|if)|whether)\b")
_NEGATOR = re.compile(r"\b(?:no one|no-one|nobody|none|not|no|never|without|hardly|rarely|seldom|disagree)\b|n't\b")
_NEGATIVE = re.compile(
    r"\b(?:held against|holds? against|counted against|counts? against|blam\w*|punish\w*|reject\w*|exclud\w*"
    r"|shut\w* out|left out|(?:hard|difficult|tough|awkward|scary|risky|uncomfortable) to|undermin\w*"
    r"|work\w* against|act\w* against|fear\w*|afraid|worr\w*|penali[sz]\w*|ridicul\w*|humiliat\w*"
    r"|pinned on|used against|scared|nervous|hesitant|hesitat\w*|reluctant|judg\w*|embarrass\w*|mock\w*)\b"
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
    """Whether a statement is worded positively: negations and negative phrases cancel in pairs.

    Negative words within three words of each other are one phrase ("fear of judgement")."""
    name = normal(text)
    spans = [m.span() for m in _NEGATIVE.finditer(name)]
    phrases_ = sum(1 for i, (a, _) in enumerate(spans) if i == 0 or len(name[spans[i - 1][1] : a].split()) > 3)
    return (len(_NEGATOR.findall(name)) + phrases_) % 2 == 0


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


def meaning_matches(headers: list[str], instrument: Instrument, taken: Iterable[str] = ()) -> list[Match | None]:
    """Each header's question by meaning, sure or not; None when nothing is close.

    Questions are assigned one to one across the headers (and never one in ``taken``, already matched
    by key or wording), so two columns are never offered the same key. A match is sure only when it is
    similar enough, clearly ahead of the header's next most similar question, and states the question
    the same way round with a direction that is clear.
    """
    if not headers:
        return []
    from scipy.optimize import linear_sum_assignment

    keys = [q.key for q in instrument.questions if q.key not in set(taken)]
    if not keys:
        return [None] * len(headers)
    scores = similarity(headers, instrument, keys)
    # Each header may also stay unmatched, worth SUGGEST: a weaker question is never forced on it.
    cost = np.hstack([-scores, np.full((len(headers), len(headers)), -SUGGEST)])
    rows, cols = linear_sum_assignment(cost)
    chosen = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    assigned = {chosen[i] for i in chosen if chosen[i] < len(keys)}
    out: list[Match | None] = []
    for i, header in enumerate(headers):
        j = chosen.get(i, len(keys))
        if j >= len(keys):
            out.append(None)
            continue
        others = np.delete(scores[i], j)
        runner = float(others.max()) if others.size else 0.0
        free = [k for k in np.argsort(-scores[i]) if k != j and k not in assigned and scores[i][k] >= SUGGEST]
        second = keys[free[0]] if free else None
        out.append(_decide(header, keys[j], float(scores[i][j]), runner, instrument, second))
    return out


def similarity(headers: list[str], instrument: Instrument, keys: list[str]) -> np.ndarray:
    """How close each header is to each question (rows: headers, columns: ``keys``), from 0 to 1.

    The larger of the text similarity (word and character n-gram TF-IDF against the question's text
    and its construct phrases) and a blend weighted towards the paraphrase lexicon (the share of the
    header's ideas that are the question's, :data:`.constructs.IDEAS`). A header with a trend cue
    ("[Trend]", "improving") is only close to trend questions, and one without only to the others.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    docs, owners = _documents(instrument)
    parts = [header_parts(h) for h in headers]
    flat = [p for ps in parts for p in ps]
    text = np.zeros((len(flat), len(docs)))
    for analyzer, ngrams in (("word", (1, 2)), ("char_wb", (3, 5))):
        vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True)
        vectorizer.fit(docs + flat)
        text += 0.5 * cosine_similarity(vectorizer.transform(flat), vectorizer.transform(docs))
    patterns = ideas(instrument.key)
    out = np.zeros((len(headers), len(keys)))
    at = 0
    for i, (header, ps) in enumerate(zip(headers, parts, strict=True)):
        block = text[at : at + len(ps)]
        at += len(ps)
        trend = bool(_TREND.search(normal(header)))
        # How much of each item's ideas the header names, and that item's share of all it names.
        named = {base: _hits(ps, found) / len(found) for base, found in patterns.items()}
        total = sum(named.values())
        for j, key in enumerate(keys):
            if key.endswith("_trend") != trend and instrument.key == "health-check":
                continue
            base = key.removesuffix("_trend")
            own = [d for d, owner in enumerate(owners) if owner == key]
            s_text = float(block[:, own].max()) if own else 0.0
            own_ideas = named.get(base, 0.0)
            s_idea = own_ideas * own_ideas / total if total else 0.0
            out[i, j] = max(s_text, 0.35 * s_text + 0.65 * s_idea)
    return out


def _hits(parts: list[str], found: tuple[str, ...]) -> int:
    """How many of an item's ideas a header names (in its whole text or its row)."""
    return sum(any(re.search(rf"(?:^|\b)(?:{p})(?:\b|$)", part) for part in parts) for p in found)


def _decide(
    header: str, key: str, score: float, runner: float, instrument: Instrument, second: str | None
) -> Match | None:
    if score < SUGGEST:
        return None
    question = instrument.question(key)
    row = header_parts(header)[-1]
    same_way = positive(row) == positive(question.text)
    confidence = round(score, 2)
    if not same_way:
        return Match(key, confidence, "meaning", True, False, "worded the other way round", second)
    if _CONTRAST.search(row) and question.scale_min != -1:
        return Match(key, confidence, "meaning", False, False, "direction unclear", second)
    if score < ACCEPT:
        return Match(key, confidence, "meaning", False, False, "not similar enough", second)
    if score - runner < MARGIN:
        return Match(key, confidence, "meaning", False, False, "another question is as close", second)
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
