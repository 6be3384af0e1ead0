"""The blaming-tone encoder: a small transformer (all-MiniLM-L6-v2, fine-tuned on the labelled sentences by
``scripts/train_tone_encoder.py``) run in numpy, so the check needs neither PyTorch nor a download.

It reads a whole sentence, so it can tell who is judged ("Alice deployed a broken config", "we broke the
production UI") where word features cannot. Weights ship in the package (``data/tone-encoder.npz``, int8 with a
scale per row)."""

import math
import threading
import zipfile
from importlib.resources import files

import numpy as np

from pulse.errors import TrainingDataMissing
from pulse.lint import wordpiece

WEIGHTS = files(__package__).joinpath("data", "tone-encoder.npz")
_HEADS, _LAYERS, _EPS = 12, 6, 1e-12
_BATCH = 32


_NEEDED = (
    "enc.embeddings.word_embeddings.weight",
    "head.weight",
    f"enc.encoder.layer.{_LAYERS - 1}.output.dense.weight",
)
_lock = threading.Lock()


def _load() -> dict[str, np.ndarray]:
    """The weights as float32, checked against the vocabulary: a broken install is an error, never a traceback
    or a quietly wrong model."""
    try:
        with WEIGHTS.open("rb") as f, np.load(f) as npz:
            raw = {name: npz[name] for name in npz.files}
        words = len(wordpiece.vocabulary())
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
        raise TrainingDataMissing(f"cannot read the blame check's encoder ({WEIGHTS}): {e}") from e
    weights = {}
    for name, value in raw.items():
        if name.endswith(".q"):
            base = name[:-2]
            weights[base] = value.astype(np.float32) * raw.get(base + ".scale", np.float32(np.nan))
        elif not name.endswith(".scale"):
            weights[name] = value.astype(np.float32)
    missing = [n for n in _NEEDED if n not in weights]
    if missing or not all(np.isfinite(v).all() for v in weights.values()):
        raise TrainingDataMissing(f"the blame check's encoder ({WEIGHTS}) is incomplete: {', '.join(missing) or 'NaN'}")
    if weights[_NEEDED[0]].shape[0] != words:
        raise TrainingDataMissing(
            f"the blame check's encoder ({WEIGHTS}) does not match its vocabulary ({wordpiece.VOCAB}): "
            f"{words} words for {weights[_NEEDED[0]].shape[0]} embeddings"
        )
    return weights


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * gamma + beta


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # scikit-learn's dependency; imported only when the encoder runs

    return 0.5 * x * (1.0 + erf(x / np.float32(math.sqrt(2.0))))


class ToneEncoder:
    """Probability that a sentence blames someone; ``predict_proba`` as a scikit-learn classifier has it."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.w = weights

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def _encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, n = self.w, ids.shape[1]
        x = (
            w["enc.embeddings.word_embeddings.weight"][ids]
            + w["enc.embeddings.position_embeddings.weight"][:n]
            + w["enc.embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "enc.embeddings.LayerNorm")
        blocked = (1.0 - mask[:, None, None, :]) * np.float32(-1e9)  # padding takes no attention
        batch, width = ids.shape[0], x.shape[-1]
        size = width // _HEADS
        for i in range(_LAYERS):
            p = f"enc.encoder.layer.{i}."

            def heads(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, n, _HEADS, size).transpose(0, 2, 1, 3)

            q = heads(self._dense(x, p + "attention.self.query"))
            k = heads(self._dense(x, p + "attention.self.key"))
            v = heads(self._dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(size)) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = (scores / scores.sum(-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(batch, n, width)
            attended = self._dense(context, p + "attention.output.dense")
            x = self._norm(x + attended, p + "attention.output.LayerNorm")
            inner = _gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(x + self._dense(inner, p + "output.dense"), p + "output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """(n, 2): probability of neutral and of blaming for each text."""
        from scipy.special import expit

        encoded = [wordpiece.encode(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))  # similar lengths share a batch
        blaming = np.zeros(len(texts), dtype=np.float32)
        for start in range(0, len(order), _BATCH):
            rows = order[start : start + _BATCH]
            width = max(len(encoded[i]) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for row, i in enumerate(rows):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1.0
            blaming[rows] = expit(self._dense(self._encode(ids, mask), "head")[:, 0])
        return np.stack([1.0 - blaming, blaming], axis=1)


_encoder: "ToneEncoder | None" = None


def tone_encoder() -> ToneEncoder:
    """The packaged encoder, loaded once even when several sessions ask at the same time (about 90 MB as
    float32). Raises ``TrainingDataMissing`` when its weights or vocabulary cannot be read."""
    global _encoder
    with _lock:
        if _encoder is None:
            _encoder = ToneEncoder(_load())
        return _encoder
