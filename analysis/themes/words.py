"""Words of comments: tokens, stop words, a lexicon of stems and phrases, the lean of a text, and
the distinctive words that name an emerging theme."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

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
    """Stems and phrases to weights, looked up by every prefix of a word (fast on 50,000 texts)."""

    def __init__(self, entries: Iterable[tuple[str, int]]):
        self.index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.longest = 0
        for term, target in entries:
            # A trailing "$" asks for the whole word: "honest$" must not match "honestly".
            parts = tuple(tokens(term))
            if term.endswith("$") and parts:
                parts = (*parts[:-1], parts[-1] + "$")
            if parts:
                self.index.setdefault(parts[0].rstrip("$"), []).append((parts, target))
                self.longest = max(self.longest, len(parts[0]))

    @staticmethod
    def _word_matches(word: str, stem: str) -> bool:
        if stem.endswith("$"):
            return word == stem[:-1]
        return word == stem or (len(stem) >= 4 and word.startswith(stem))

    def matches(self, words: Sequence[str]) -> Iterable[tuple[int, int, int]]:
        """Yield (target, start, length) for every stem or phrase found in ``words``."""
        for i, word in enumerate(words):
            seen = set()
            for cut in range(min(len(word), self.longest), 0, -1):
                prefix = word[:cut]
                if prefix in seen or prefix not in self.index:
                    continue
                seen.add(prefix)
                if cut < len(word) and cut < 4:
                    continue
                for parts, target in self.index[prefix]:
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


def _distinctive(words, members: np.ndarray, pool: np.ndarray, count: int = 3, exclude=frozenset()) -> list[str]:
    """Words frequent in the cluster and rare among the other unclaimed comments (class TF-IDF)."""
    # Words that say how rather than what about, scrubbing placeholders, and likely names.
    plain = _STOP | POSITIVE_WORDS | NEGATIVE_WORDS | NEGATORS | {"email", "handle", "phone", "name"} | set(exclude)
    inside = Counter(w for i in members for w in set(words[i]) if w not in plain and len(w) > 2)
    outside = Counter(w for i in np.flatnonzero(pool) for w in set(words[i]) if w not in plain and len(w) > 2)
    scores = {w: (c / len(members)) * math.log(1 + pool.sum() / (1 + outside[w])) for w, c in inside.items() if c >= 2}
    return [w for w, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]
