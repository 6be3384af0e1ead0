"""Words of comments: tokens, stop words, a lexicon of words, phrases and marked stems, the lean of a text, and
the distinctive words that name an emerging theme."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from analysis.taxonomy import NEGATIVE_WORDS, NEGATORS, POSITIVE_WORDS

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
_STOP = frozenset(
    re.findall(
        r"\S+",
        "a an and are as at be been but by can could do does for from get got had has have i i'm in into is it"
        " it's its just me more most my of on or our so that the their them then there they this to too up us"
        " was we we're were what when which who will with would you your all any very much now again still"
        " every some one two three than because about after before over only also",
    )
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


class _Lexicon:
    """Words and phrases to weights: whole words only, except a term ending in ``*`` (a stem), which
    matches any word starting with it. Looked up by the word's prefixes (fast on 50,000 texts)."""

    def __init__(self, entries: Iterable[tuple[str, int]]):
        self.index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.longest = 0
        for term, target in entries:
            parts = tuple(tokens(term))
            if term.endswith("*") and parts:
                parts = (*parts[:-1], parts[-1] + "*")
            if parts:
                self.index.setdefault(parts[0].rstrip("*"), []).append((parts, target))
                self.longest = max(self.longest, len(parts[0]))

    @staticmethod
    def _word_matches(word: str, term: str) -> bool:
        if term.endswith("*"):
            return word.startswith(term[:-1])
        return word == term

    def matches(self, words: Sequence[str]) -> Iterable[tuple[int, int, int]]:
        """Yield (target, start, length) for every word or phrase found in ``words``."""
        for i, word in enumerate(words):
            for cut in range(min(len(word), self.longest), 0, -1):
                for parts, target in self.index.get(word[:cut], ()):
                    if not self._word_matches(word, parts[0]):
                        continue
                    if len(parts) == 1 or all(
                        i + j < len(words) and self._word_matches(words[i + j], parts[j]) for j in range(1, len(parts))
                    ):
                        yield target, i, len(parts)


def _is_negator(word: str) -> bool:
    return word in NEGATORS or word.endswith("n't")


_SENTIMENT = _Lexicon([(w, 1) for w in POSITIVE_WORDS] + [(w, -1) for w in NEGATIVE_WORDS])


def lean_score(words: Sequence[str]) -> float:
    """Positive above zero, negative below: lexicon hits, flipped after a negator within 4 words."""
    score = 0.0
    used_negators = set()
    for polarity, start, _ in _SENTIMENT.matches(words):
        negators = [j for j in range(max(0, start - 4), start) if _is_negator(words[j])]
        if negators:
            used_negators.update(negators)
            polarity = -polarity
        score += polarity
    lonely = sum(1 for j, w in enumerate(words) if _is_negator(w) and j not in used_negators)
    return score - 0.5 * lonely


def _lean_word(score: float) -> str:
    return "positive" if score > 0.25 else "negative" if score < -0.25 else "mixed"


def _proper_nouns(texts: list[str]) -> set[str]:
    """Words written with a capital inside a sentence: likely names, never used in a theme's label."""
    found = set()
    for text in texts:
        for sentence in re.split(r"[.!?]\s+", text):
            for word in re.findall(r"[A-Za-z][\w'-]*", sentence)[1:]:
                if word[0].isupper() and word.lower() != "i":
                    found.add(word.lower())
    return found
