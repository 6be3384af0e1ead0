"""The tone of comments: a sentiment lexicon that reads negation, joined with a classifier.

The lexicon alone misreads plain statements ("willing to help other teammates when there are issues"
has "issues" in it); the classifier learns tone from the topics' positive and negative example
comments plus the comments the lexicon reads clearly (two or more hits one way), in the same
representation as the themes, and settles the comments the lexicon cannot read. Tone is reported per
theme as shares of its comments, never per person.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from analysis.taxonomy import Topic
from analysis.themes.words import _lean_word

_MAX_TRAIN = 4000
CLASSIFIER_WEIGHT = 1.5  # how far the classifier moves the lexicon score (tuned in-house)


def lean_model(topics: Sequence[Topic], seed_features, features, lexicon: np.ndarray, rng: np.random.Generator):
    """A logistic regression from tone-labelled example comments and clearly-leaning input comments.

    ``seed_features`` holds each topic's description then examples, in :class:`Topic` order;
    ``lexicon`` the word-list score of each comment (:func:`analysis.themes.words.lean_score`).
    """
    rows, leans = [], []
    at = 0
    for topic in topics:
        at += 1 if topic.description else 0
        for offset, lean in enumerate([-1] * len(topic.negative) + [1] * len(topic.positive)):
            rows.append(at + offset)
            leans.append(lean)
        at += len(topic.examples)
    clear = np.flatnonzero(np.abs(lexicon) >= 2)
    if len(clear) > _MAX_TRAIN:
        clear = np.sort(rng.choice(clear, _MAX_TRAIN, replace=False))
    stack = sparse.vstack if sparse.issparse(features) else np.vstack
    train = stack([seed_features[rows], features[clear]])
    target = np.concatenate([leans, np.sign(lexicon[clear])])
    if len(set(target.tolist())) < 2:
        return None
    return LogisticRegression(C=2.0, max_iter=2000).fit(train, target)


def lean_scores(classifier, features, lexicon: np.ndarray) -> np.ndarray:
    """Positive above zero: the lexicon score moved by the classifier's probability of positive."""
    if classifier is None or not features.shape[0]:
        return lexicon
    positive = classifier.predict_proba(features)[:, list(classifier.classes_).index(1)]
    return lexicon + CLASSIFIER_WEIGHT * (2 * positive - 1)


def lean_words(classifier, features, words: list[list[str]]) -> np.ndarray:
    """ "positive", "negative" or "mixed" per comment."""
    return np.array([_lean_word(s) for s in lean_scores(classifier, features, words)], dtype=object)
