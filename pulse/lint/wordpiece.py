"""BERT's uncased WordPiece tokenizer in plain Python, for the blaming-tone encoder (``encoder.py``).

The same steps as the Hugging Face tokenizer the encoder was trained with (BertNormalizer with lower case and
accents stripped, BertPreTokenizer, WordPiece with ``##`` continuations), so that the package needs no
tokenizer library. The vocabulary ships beside the weights (``data/wordpiece-vocab.txt``)."""

import functools
import unicodedata
from importlib.resources import files

VOCAB = files(__package__).joinpath("data", "wordpiece-vocab.txt")
_MAX_WORD_CHARS = 100


@functools.cache
def vocabulary() -> dict[str, int]:
    """Token -> id, in the order of the vocabulary file."""
    words = VOCAB.read_text(encoding="utf-8").split("\n")
    return {w: i for i, w in enumerate(words) if w}


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    # ASCII symbols count as punctuation for BERT ("$", "^", "`"), as do Unicode's P* categories.
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _normalise(text: str) -> str:
    """Drop control characters, make every space a space, put spaces around CJK characters, lower-case and
    strip accents."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        category = unicodedata.category(ch)
        if ch in "\t\n\r" or category == "Zs":
            out.append(" ")
        elif category.startswith("C"):
            continue
        elif _is_chinese(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    lowered = unicodedata.normalize("NFD", "".join(out).lower())
    return "".join(ch for ch in lowered if unicodedata.category(ch) != "Mn")


def _words(text: str) -> list[str]:
    """Split on spaces, then every punctuation character is a word of its own."""
    words = []
    for chunk in text.split():
        current = ""
        for ch in chunk:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                    current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


def _pieces(word: str, vocab: dict[str, int]) -> list[int]:
    """Greedy longest match from the left; a word with no match anywhere is one [UNK]."""
    if len(word) > _MAX_WORD_CHARS:
        return [vocab["[UNK]"]]
    ids, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                ids.append(vocab[piece])
                break
            end -= 1
        else:
            return [vocab["[UNK]"]]
        start = end
    return ids


def encode(text: str, max_tokens: int = 128) -> list[int]:
    """Token ids of ``text`` with [CLS] and [SEP], cut to ``max_tokens`` in all."""
    vocab = vocabulary()
    ids = [i for word in _words(_normalise(text)) for i in _pieces(word, vocab)]
    return [vocab["[CLS]"], *ids[: max_tokens - 2], vocab["[SEP]"]]
