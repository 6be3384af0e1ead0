"""The blaming-tone classifier: TF-IDF of words and characters and a logistic regression, trained at
first use on the packaged tuning sentences; it reads whole segments that no phrasing rule flagged.
scikit-learn is imported only when the model is first built."""

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pulse.lint.names import is_candidate, lowercase_words
from pulse.lint.segments import WORD, sentence_spans
from pulse.lint.training import training_sentences

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

# Probability of "blaming" above which a sentence with no other phrasing finding gets a blaming-tone one.
TONE_THRESHOLD = 0.87
_MIN_TONE_WORDS = 6  # shorter fragments (table cells, commands) are left to the rules
_PHRASING = ("blame", "counterfactual", "judgement")


def tone_features(text: str) -> str:
    """What the classifier reads: the text without words that may be names (a name is a finding of its
    own; left in, the classifier learns that any name is blaming, as no neutral sentence has one)."""
    lowercase = lowercase_words(text)
    out, last = [], 0
    for m in WORD.finditer(text):
        base = re.sub(r"'s$", "", m.group())
        if is_candidate(base) and base.casefold() not in lowercase:
            out.append(text[last : m.start()])
            last = m.end()
    return " ".join("".join(out).split() + text[last:].split())


def make_tone_model() -> "Pipeline":
    """An unfitted pipeline: TF-IDF of words (1-2) and characters (2-5), then logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    return make_pipeline(features, LogisticRegression(C=30.0, class_weight="balanced", max_iter=2000, random_state=0))


@functools.cache
def tone_model() -> "Pipeline":
    """The classifier fitted on the training rounds (cached). Raises ``TrainingDataMissing`` when the
    packaged sentences cannot be read: a check without its classifier would pass blaming text quietly."""
    rows = training_sentences()
    return make_tone_model().fit([tone_features(t) for t, _ in rows], [int(b) for _, b in rows])


def blaming_tone(
    text: str,
    found: list[tuple],
    model_of: Callable[[], "Pipeline | None"] = tone_model,
    segments: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Segments the classifier reads as blaming, when no rule already flagged their phrasing.
    ``segments``: the ones to read (default: every one); the check passes those that mention a person or a
    role, since blame is a judgement about people. A rule hit in one segment never keeps the others from
    being read. ``model_of`` is called only when some segment needs reading (building the model loads
    scikit-learn); a model of None means the rules alone."""
    candidates = [
        (s, e)
        for s, e in (sentence_spans(text) if segments is None else segments)
        if len(WORD.findall(text[s:e])) >= _MIN_TONE_WORDS
        and not any(f[2] in _PHRASING and f[0] < e and s < f[1] for f in found)
    ]
    model = model_of() if candidates else None
    if model is None:
        return []
    scores = model.predict_proba([tone_features(text[s:e]) for s, e in candidates])[:, 1]
    return [span for span, p in zip(candidates, scores, strict=True) if p >= TONE_THRESHOLD]
