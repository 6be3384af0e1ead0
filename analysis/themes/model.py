"""ThemeModel: the estimator that finds themes (curated topics first, emerging clusters for the rest)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.decomposition import TruncatedSVD
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from analysis import Progress, report
from analysis.taxonomy import TOPICS, Topic
from analysis.themes import emerging
from analysis.themes.tone import lean_model, lean_words
from analysis.themes.vectors import EMBEDDERS, _LexicalVectorizer
from analysis.themes.words import _Lexicon, _proper_nouns, lean_score, tokens
from pulse.scrub import scrub_identifiers

OTHER = "other"
_MAX_TRAIN = 4000  # comments a classifier learns from
BACKENDS = ("auto", "lexical", "embedding")


@dataclass(frozen=True)
class Theme:
    """One theme: ``snippets`` is empty when fewer than k comments hold it (DESIGN.md rule 4).

    ``negative_share`` and ``positive_share`` are the theme's tone: shares of its comments, never a
    person's.
    """

    id: str
    label: str
    size: int
    lean: str  # positive, negative or mixed
    negative_share: float
    kind: str  # taxonomy, emerging or other
    snippets: tuple[str, ...] = field(default=())
    positive_share: float = 0.0

    def as_dict(self) -> dict:
        out = asdict(self)
        out["snippets"] = list(self.snippets)
        return out


class ThemeModel(BaseEstimator):
    """Themes of short comments: curated topics by meaning first, emerging clusters for the rest.

    Parameters
    ----------
    backend : {"auto", "lexical", "embedding"}, default="auto"
        "embedding": sentence embeddings (``embedding_model``). "lexical": TF-IDF of words (pure
        scikit-learn). "auto": embeddings when the ``nlp`` extra is installed, else lexical.
    topics : sequence of Topic, optional
        The curated topics; :data:`analysis.taxonomy.TOPICS` by default (see ``taxonomy.topics_with``
        for an organisation's own).
    min_confidence : float, default=0.2
        Probability a comment needs to join a topic without a topic word (calibrated on the in-house
        set's dev half, docs/analysis.md).
    min_similarity : float, default=0.18
        With embeddings, how close (cosine, mean of the two nearest) a comment without a topic word
        must also be to the topic's description and examples: the zero-shot gate that keeps comments
        about something else (hiring, the office) out of the topics (calibrated in-house).
    max_emerging : int, default=8
        Most emerging themes kept among comments that fit no topic.
    min_theme_size : int, default=3
        Smallest emerging theme.
    embedding_model : {"static", "minilm"}, default="static"
        "static": the packaged static embeddings (``nlp`` extra, needs ``tokenizers``). "minilm": the
        full transformer (``nlp-transformer`` extra, torch).
    embedding_limit : int, default=5000
        With "auto" and "minilm", more distinct texts than this use the lexical backend (the
        transformer reads about 50 comments a second on a CPU). The static model has no limit.
    random_state : int, default=0
        Seed of the sampling behind the classifiers and the clustering.

    Attributes
    ----------
    labels_ : ndarray of str
        Theme id per text (a topic key, ``emerging-N`` or ``other``), in input order.
    leans_ : ndarray of str
        "positive", "negative" or "mixed" per text.
    themes_ : list of Theme
        Every theme found, without snippets (see :meth:`summary`).
    theme_labels_ : dict
        Readable label per theme id.
    backend_ : str
        The backend actually used ("lexical", "static" or "minilm").
    """

    def __init__(
        self,
        backend: str = "auto",
        topics: Sequence[Topic] | None = None,
        min_confidence: float = 0.2,
        min_similarity: float = 0.18,
        max_emerging: int = 8,
        min_theme_size: int = 3,
        embedding_model: str = "static",
        embedding_limit: int = 5000,
        random_state: int = 0,
    ):
        self.backend = backend
        self.topics = topics
        self.min_confidence = min_confidence
        self.min_similarity = min_similarity
        self.max_emerging = max_emerging
        self.min_theme_size = min_theme_size
        self.embedding_model = embedding_model
        self.embedding_limit = embedding_limit
        self.random_state = random_state

    # --- fitting -----------------------------------------------------------------------------

    def fit(self, texts: Iterable[str], y=None, progress: Progress | None = None):
        """Find the themes of ``texts`` (any iterable of strings; None counts as empty)."""
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}")
        if self.embedding_model not in EMBEDDERS:
            raise ValueError(f"embedding_model must be one of {', '.join(EMBEDDERS)}")
        texts = ["" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t) for t in texts]
        self.backend_ = self._resolve_backend(len(set(texts)))
        self._topics = tuple(self.topics if self.topics is not None else TOPICS)
        keys = [t.key for t in self._topics]
        steps = 5
        report(progress, 0, steps)
        # Emails, @handles and phone numbers never reach the model (nor, so, an emerging theme's label).
        # Identical comments are read once: a pasted answer repeated a thousand times costs one.
        clean_rows = [scrub_identifiers(t) for t in texts]
        where: dict[str, int] = {}
        self._unique_of = np.array([where.setdefault(c, len(where)) for c in clean_rows], dtype=np.int64)
        clean = list(where)
        words = [tokens(t) for t in clean]
        self._lexicon = _Lexicon((term, i) for i, topic in enumerate(self._topics) for term in topic.terms)
        evidence = self._evidence(words)
        lexicon_lean = np.array([lean_score(w) for w in words], dtype=float)
        report(progress, 1, steps)
        features, seed_features = self._represent(clean)
        report(progress, 2, steps)
        probs = self._self_train(features, seed_features, evidence)
        self._seed_features = seed_features
        self._lean_classifier = lean_model(self._topics, seed_features, features, lexicon_lean, self._rng())
        report(progress, 3, steps)
        assigned = self._assign(evidence, probs, words, self._closeness(features))
        labels = np.array([keys[a] if a >= 0 else OTHER for a in assigned], dtype=object)
        self._points = self._dense(features, fit=True)
        self._find_emerging(words, clean, labels)
        report(progress, 4, steps)
        self.labels_ = labels[self._unique_of]
        self.leans_ = lean_words(self._lean_classifier, features, lexicon_lean)[self._unique_of]
        self._texts = texts
        self.theme_labels_ = {t.key: t.label for t in self._topics} | self._emerging_names | {OTHER: "Other"}
        self.themes_ = self._themes(k=None, names=())
        report(progress, 5, steps)
        return self

    def fit_predict(self, texts: Iterable[str], y=None, progress: Progress | None = None) -> np.ndarray:
        return self.fit(texts, progress=progress).labels_

    def _rng(self) -> np.random.Generator:
        return np.random.default_rng(self.random_state)

    def _resolve_backend(self, distinct: int) -> str:
        embedder = EMBEDDERS[self.embedding_model]
        if self.backend == "lexical":
            return "lexical"
        if self.backend == "auto":
            small = self.embedding_model == "static" or distinct <= self.embedding_limit
            return embedder.name if small and embedder.available() else "lexical"
        if not embedder.available():
            extra = "nlp (tokenizers)" if self.embedding_model == "static" else "nlp-transformer (torch)"
            raise ImportError(
                f"the embedding backend needs the {extra} extra: pip install 'teampulse[{extra.split()[0]}]'"
            )
        return embedder.name

    def _evidence(self, words: list[list[str]]) -> np.ndarray:
        """Topic words per text and topic; a word counts once per topic."""
        out = np.zeros((len(words), len(self._topics)))
        for row, ws in enumerate(words):
            hits: dict[int, set] = {}
            for topic, start, length in self._lexicon.matches(ws):
                hits.setdefault(topic, set()).update(range(start, start + length))
            for topic, positions in hits.items():
                out[row, topic] = len(positions)
        return out

    def _seeds(self) -> list[str]:
        return [s for topic in self._topics for s in (topic.description, *topic.examples) if s]

    def _represent(self, texts: list[str]):
        seeds = self._seeds()
        if self.backend_ == "lexical":
            self._vectorizer = _LexicalVectorizer().fit(texts + seeds)
            return self._vectorizer.transform(texts), self._vectorizer.transform(seeds)
        self._vectorizer = None
        seed_vectors = EMBEDDERS[self.embedding_model].encode(seeds)
        # Static embeddings share a common direction that makes every pair look alike; removing the
        # mean of the topic sentences (fixed, so predict sees the same space) spreads them out.
        self._centre = seed_vectors.mean(axis=0)
        return self._embed(texts), normalize(seed_vectors - self._centre)

    def _embed(self, texts: list[str]) -> np.ndarray:
        vectors = EMBEDDERS[self.embedding_model].encode(texts)
        empty = ~vectors.any(axis=1)
        out = normalize(vectors - self._centre)
        out[empty] = 0.0
        return out

    def _features(self, texts: list[str]):
        return self._vectorizer.transform(texts) if self._vectorizer is not None else self._embed(texts)

    def _self_train(self, features, seed_features, evidence: np.ndarray) -> np.ndarray:
        """A classifier learns each topic from its description and examples, plus the comments that
        name exactly one topic's words (self-training: it adapts to how this team writes)."""
        seed_labels = [i for i, topic in enumerate(self._topics) for s in (topic.description, *topic.examples) if s]
        ordered = np.sort(evidence, axis=1)
        second = ordered[:, -2] if evidence.shape[1] > 1 else 0
        confident = np.flatnonzero((ordered[:, -1] >= 1) & (ordered[:, -1] > second))
        confident = self._cap(confident, _MAX_TRAIN)
        train_labels = np.concatenate([seed_labels, evidence[confident].argmax(axis=1)]).astype(int)
        stack = sparse.vstack if sparse.issparse(features) else np.vstack
        train = stack([seed_features, features[confident]])
        self._classifier = LogisticRegression(C=4.0, max_iter=2000).fit(train, train_labels)
        return self._topic_probs(features)

    def _cap(self, rows: np.ndarray, limit: int) -> np.ndarray:
        if len(rows) <= limit:
            return rows
        return np.sort(self._rng().choice(rows, limit, replace=False))

    def _topic_probs(self, features) -> np.ndarray:
        probs = np.zeros((features.shape[0], len(self._topics)))
        if features.shape[0]:
            probs[:, self._classifier.classes_] = self._classifier.predict_proba(features)
        return probs

    def _closeness(self, features) -> np.ndarray | None:
        """Per text and topic, the mean cosine to the topic's two nearest seed sentences (embeddings only)."""
        if self._vectorizer is not None:
            return None
        owners = np.array([i for i, t in enumerate(self._topics) for s in (t.description, *t.examples) if s])
        similarity = features @ self._seed_features.T
        out = np.zeros((features.shape[0], len(self._topics)))
        for topic in range(len(self._topics)):
            own = np.sort(similarity[:, owners == topic], axis=1)[:, -2:]
            out[:, topic] = own.mean(axis=1) if own.size else 0.0
        return out

    def _assign(self, evidence: np.ndarray, probs: np.ndarray, words: list[list[str]], closeness=None) -> np.ndarray:
        """Topic index per text, or -1: a topic word, or a confident classifier on a close enough comment."""
        combined = probs + 0.5 * np.minimum(evidence, 3)
        best = combined.argmax(axis=1)
        confident = probs.max(axis=1) >= self.min_confidence
        if closeness is not None:
            confident &= closeness[np.arange(len(best)), best] >= self.min_similarity
        strong = (evidence.max(axis=1) >= 1) | confident
        empty = np.array([len(w) == 0 for w in words], dtype=bool)
        return np.where(strong & ~empty, best, -1).astype(int)

    def _dense(self, features, fit: bool = False) -> np.ndarray:
        """Unit vectors for clustering and centrality (the lexical backend's TF-IDF reduced by SVD)."""
        if self._vectorizer is None:
            return features
        if fit:
            dims = min(100, features.shape[1] - 1, features.shape[0] - 1)
            self._svd = TruncatedSVD(dims, random_state=self.random_state).fit(features) if dims >= 2 else None
        if self._svd is None:
            return np.zeros((features.shape[0], 1))
        return normalize(self._svd.transform(features))

    def _find_emerging(self, words, texts: list[str], labels: np.ndarray) -> None:
        self._emerging_names: dict[str, str] = {}
        self._centres = None
        rows = np.flatnonzero((labels == OTHER) & np.array([len(w) > 0 for w in words], dtype=bool))
        found = emerging.cluster(self._points[rows], self.min_theme_size, self.max_emerging, self._rng())
        sizes = Counter(int(c) for c in found if c >= 0)
        kept = [c for c, size in sizes.most_common() if size >= self.min_theme_size]
        if not kept:
            return
        renumber = np.full(max(sizes) + 1, -1)
        renumber[kept] = np.arange(len(kept))
        found = np.where(found >= 0, renumber[np.maximum(found, 0)], -1)
        names = emerging.class_tfidf_labels([words[i] for i in rows], found, exclude=_proper_nouns(texts))
        for number, label_words in enumerate(names, start=1):
            key = f"emerging-{number}"
            self._emerging_names[key] = "Emerging: " + ", ".join(label_words) if label_words else f"Emerging {number}"
            labels[rows[found == number - 1]] = key
        self._centres = emerging.centres_of(self._points[rows][found >= 0], found[found >= 0])

    # --- using the fitted model -----------------------------------------------------------------

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        """Theme id for new texts: a topic, the nearest emerging theme, or "other"."""
        check_is_fitted(self, "labels_")
        texts = [scrub_identifiers("" if t is None else str(t)) for t in texts]
        words = [tokens(t) for t in texts]
        features = self._features(texts)
        assigned = self._assign(self._evidence(words), self._topic_probs(features), words, self._closeness(features))
        keys = [t.key for t in self._topics]
        labels = np.array([keys[a] if a >= 0 else OTHER for a in assigned], dtype=object)
        left = np.flatnonzero(assigned < 0)
        if self._centres is not None and len(left):
            similarity = self._dense(features[left]) @ self._centres.T
            names = list(self._emerging_names)
            for i, row in zip(left, similarity, strict=True):
                if row.max() >= emerging.JOIN_SIMILARITY and words[i]:
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
            negative, positive = leans["negative"] / size, leans["positive"] / size
            lean = "negative" if negative > 0.6 else "positive" if positive > 0.6 else "mixed"
            snippets: tuple[str, ...] = ()
            if k is not None and size >= k:
                snippets = tuple(scrub_identifiers(self._texts[i], list(names)) for i in self._representatives(members))
            kind = "other" if key == OTHER else "emerging" if key.startswith("emerging-") else "taxonomy"
            label = self.theme_labels_.get(key, key)
            out.append(Theme(key, label, int(size), lean, round(negative, 3), kind, snippets, round(positive, 3)))
        order = {"taxonomy": 0, "emerging": 1, "other": 2}
        return sorted(out, key=lambda t: (order[t.kind], -t.size, t.id))

    def _representatives(self, members: np.ndarray, count: int = 3) -> list[int]:
        """Up to ``count`` distinct texts nearest the theme's centre, most central first."""
        first: dict[str, int] = {}
        for i in members:
            first.setdefault(self._texts[i].strip().lower(), int(i))
        candidates = np.array(list(first.values()))
        points = self._points[self._unique_of[candidates]]
        centre = points.mean(axis=0)
        order = np.argsort(-(points @ centre), kind="stable")
        return [int(i) for i in candidates[order[:count]]]


__all__ = ["BACKENDS", "OTHER", "Theme", "ThemeModel", "lean_score"]
