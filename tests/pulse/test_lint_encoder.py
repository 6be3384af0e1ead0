"""The blaming-tone encoder: its tokenizer, the packaged weights, and what it reads as blame."""

from pathlib import Path

import numpy
import pytest

from pulse import lint
from pulse.errors import TrainingDataMissing
from pulse.lint import encoder, wordpiece


def tokens(text: str) -> list[str]:
    words = {i: w for w, i in wordpiece.vocabulary().items()}
    return [words[i] for i in wordpiece.encode(text)]


def test_wordpiece_lowers_strips_accents_and_splits_punctuation_as_bert_does():
    assert tokens("Hello, World!") == ["[CLS]", "hello", ",", "world", "!", "[SEP]"]
    assert tokens("Café naïve") == ["[CLS]", "cafe", "naive", "[SEP]"]
    assert tokens("unaffable") == ["[CLS]", "una", "##ffa", "##ble", "[SEP]"]


def test_wordpiece_keeps_within_the_model_length_and_marks_what_it_cannot_read():
    assert len(wordpiece.encode("word " * 500)) == 128
    assert tokens("x" * 150) == ["[CLS]", "[UNK]", "[SEP]"]
    assert tokens("") == ["[CLS]", "[SEP]"]


def test_the_encoder_ships_inside_the_package_and_gives_one_probability_per_text():
    assert Path(str(encoder.WEIGHTS)).is_relative_to(Path(lint.__file__).parent)
    texts = ["The reviewer rubber-stamped it.", "Ravi restarted the consumer.", "ok"]
    first = encoder.tone_encoder().predict_proba(texts)
    assert first.shape == (3, 2)
    # Padding in a batch changes nothing: each text is read alone.
    alone = encoder.tone_encoder().predict_proba(texts[1:2])
    assert numpy.allclose(alone[0], first[1], atol=1e-5)


# Probabilities PyTorch and Hugging Face's tokenizer give with the same weights (the shipped int8 weights
# dequantised into the PyTorch model of scripts/train_tone_encoder.py): the numpy transformer and the
# tokenizer must agree with them.
REFERENCE = [
    ("The reviewer rubber-stamped it without reading a line.", 0.999547),
    ("Ravi restarted the consumer and the queue drained.", 0.237238),
    ("Naïve café staff — “quotes” and 日本 characters — deleted the prod table by mistake at 02:14!", 0.931389),
    ("We rolled back at 14:10, and " + "the error rate fell again " * 25 + "by 14:30.", 0.218970),
]


def test_the_numpy_encoder_agrees_with_pytorch_on_the_same_weights():
    texts = [t for t, _ in REFERENCE]
    got = encoder.tone_encoder().predict_proba(texts)[:, 1]
    assert numpy.allclose(got, [p for _, p in REFERENCE], atol=1e-4)


@pytest.mark.parametrize(
    "text",
    [
        "Alice deployed a broken config on Friday and took the checkout page down for an hour.",
        "Honestly the on-call guy just ignored the pager because he couldn't be bothered.",
        "I messed up the migration and wiped the staging data, entirely my fault.",
        "Whoever approved this change clearly did not read it before merging.",
    ],
)
def test_the_encoder_reads_blame_of_people(text):
    assert encoder.tone_encoder().predict_proba([text])[0, 1] >= lint.TONE_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "Alice restarted the consumer at 14:05 and the queue drained within ten minutes.",
        "The cache expired during the deploy, so every request went to the primary database.",
        "We added an alert on replication lag and a runbook step for failing over.",
        "Thanks to Priya for joining the call late at night and walking us through the logs.",
    ],
)
def test_the_encoder_leaves_plain_accounts_of_work(text):
    assert encoder.tone_encoder().predict_proba([text])[0, 1] < lint.TONE_THRESHOLD


def test_missing_encoder_weights_are_an_error_not_a_quietly_weaker_check(weights_gone):
    with pytest.raises(TrainingDataMissing, match="tone-encoder.npz"):
        lint.lint_text("The on-call engineer took two hours to respond to a critical page.")


def test_a_missing_vocabulary_or_weights_that_do_not_match_it_are_errors(monkeypatch, tmp_path):
    monkeypatch.setattr(encoder, "_encoder", None)
    monkeypatch.setattr(wordpiece, "VOCAB", tmp_path / "absent.txt")
    wordpiece.vocabulary.cache_clear()
    try:
        with pytest.raises(TrainingDataMissing, match="absent.txt"):
            encoder.tone_encoder()
        short = tmp_path / "vocab.txt"
        short.write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n", encoding="utf-8")
        monkeypatch.setattr(wordpiece, "VOCAB", short)
        wordpiece.vocabulary.cache_clear()
        with pytest.raises(TrainingDataMissing, match="does not match its vocabulary"):
            encoder.tone_encoder()
        broken = tmp_path / "weights.npz"
        numpy.savez(broken, **{"head.weight": numpy.zeros((1, 384), dtype=numpy.float32)})
        monkeypatch.setattr(encoder, "WEIGHTS", broken)
        with pytest.raises(TrainingDataMissing, match="incomplete: enc.embeddings.word_embeddings"):
            encoder.tone_encoder()
    finally:
        wordpiece.vocabulary.cache_clear()


def test_names_alone_leave_the_encoder_out(monkeypatch):
    class Everything:  # reads every sentence as blame
        def predict_proba(self, texts):
            return numpy.array([[0.0, 1.0] for _ in texts])

    monkeypatch.setattr(lint, "tone_model", lambda: Everything())
    text = "Priya said she restarted the consumer and the queue drained."
    assert "blaming-tone" in {f.kind for f in lint.lint_text(text)}
    # Scrubbing names from perspectives (pulse/reviews/perspectives.py) wants names only.
    assert {f.kind for f in lint.lint_text(text, tone=False)} == {"possible-name"}
