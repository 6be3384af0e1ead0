"""Emerging themes: the comments no curated topic claims, grouped by meaning and named by their words.

HDBSCAN on unit vectors (Euclidean distance between unit vectors orders pairs as cosine distance
does) finds dense groups of any number and shape, and picks the clusters that persist longest as the
density threshold moves: the number of themes is chosen by stability, not by a silhouette cut-off,
which short real comments never pass. Points HDBSCAN leaves as noise join the nearest theme when they
are close enough to its centre; only the rest stay "other". A theme is named by its distinctive
words (class-based TF-IDF: frequent in the theme, rare in the others) and shows its most central
comments first.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from sklearn.cluster import HDBSCAN

from analysis.taxonomy import NEGATIVE_WORDS, NEGATORS, POSITIVE_WORDS
from analysis.themes.words import _STOP

_MAX_CLUSTER = 2000  # comments the clustering is fitted on; the rest join the nearest theme
JOIN_SIMILARITY = 0.2  # cosine to a theme's centre that a noise point needs to join it (tuned in-house)


def cluster(points: np.ndarray, min_size: int, max_themes: int, rng: np.random.Generator) -> np.ndarray:
    """Cluster id per row of ``points`` (unit vectors), or -1 for a true outlier."""
    n = len(points)
    labels = np.full(n, -1)
    if n < 2 * min_size:
        return labels
    sample = np.sort(rng.choice(n, _MAX_CLUSTER, replace=False)) if n > _MAX_CLUSTER else np.arange(n)
    size = max(min_size, len(sample) // 60)
    found = HDBSCAN(min_cluster_size=size, min_samples=min_size, copy=True).fit(points[sample]).labels_
    counts = Counter(c for c in found if c >= 0)
    kept = [c for c, _ in counts.most_common(max_themes)]
    if not kept:
        return labels
    centres = np.array([points[sample][found == c].mean(axis=0) for c in kept])
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    similarity = points @ centres.T
    nearest = similarity.argmax(axis=1)
    close = similarity[np.arange(n), nearest] >= JOIN_SIMILARITY
    labels[close] = nearest[close]
    # Members HDBSCAN placed itself stay where it put them.
    for new, old in enumerate(kept):
        labels[sample[found == old]] = new
    return labels


def centres_of(points: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit centre per cluster id 0..max(labels)."""
    out = np.array([points[labels == c].mean(axis=0) for c in range(labels.max() + 1)])
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


_PLAIN = _STOP | POSITIVE_WORDS | NEGATIVE_WORDS | NEGATORS | {"email", "handle", "phone", "name"}


def _terms(words: list[str]) -> set[str]:
    kept = [w for w in words if w not in _PLAIN and len(w) > 2 and "'" not in w and not w.isdigit()]
    return set(kept) | {f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False)}


def class_tfidf_labels(
    words: list[list[str]], labels: np.ndarray, count: int = 3, exclude=frozenset()
) -> list[list[str]]:
    """Distinctive words and word pairs per cluster: class-based TF-IDF (BERTopic's c-TF-IDF).

    A term's weight in a cluster is its frequency there times log(1 + mean cluster size / its
    frequency over all clusters), so words every theme shares score low.
    """
    ids = sorted(c for c in set(labels.tolist()) if c >= 0)
    per_class = {c: Counter() for c in ids}
    for ws, c in zip(words, labels, strict=True):
        if c >= 0:
            per_class[c].update(t for t in _terms(ws) if not (set(t.split()) & exclude))
    total = Counter()
    for counts in per_class.values():
        total.update(counts)
    average = sum(sum(c.values()) for c in per_class.values()) / max(len(ids), 1)
    out = []
    for c in ids:
        size = max(sum(per_class[c].values()), 1)
        scores = {
            t: (n / size) * math.log(1 + average / total[t]) for t, n in per_class[c].items() if n >= 2 or " " not in t
        }
        ranked = [t for t, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]
        chosen: list[str] = []
        for term in ranked:
            # A pair replaces the single words it holds; a word already inside a chosen pair is skipped.
            if any(term in other.split() for other in chosen):
                continue
            chosen = [o for o in chosen if o not in term.split()] + [term]
            if len(chosen) == count:
                break
        out.append(chosen)
    return out
