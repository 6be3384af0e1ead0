"""The blaming-tone encoder: its tokenizer, the packaged weights, and what it reads as blame."""

from pathlib import Path

import numpy
import pytest
from click.testing import CliRunner

from pulse import lint
from pulse.errors import TrainingDataMissing
from pulse.lint import encoder, wordpiece
from teampulse.cli import main


def tokens(text: str) -> list[str]:
    words = {i: w for w, i in wordpiece.vocabulary().items()}
    return [words[i] for i in wordpiece.encode(text)]


def test_wordpiece_lowers_strips_accents_and_splits_punctuation_as_bert_does():
    assert tokens("Hello, World!") == ["[CLS]", "hello", ",", "world", "!", "[SEP]"]
    assert tokens("Café naïve") == ["[CLS]", "cafe", "naive", "[SEP]"]
    assert tokens("unaffable")[1].startswith("un") and all(t.startswith("##") for t in tokens("unaffable")[2:-1])


def test_wordpiece_keeps_within_the_model_length_and_marks_what_it_cannot_read():
    assert len(wordpiece.encode("word " * 500)) == 128
    assert tokens("x" * 150) == ["[CLS]", "[UNK]", "[SEP]"]
    assert tokens("") == ["[CLS]", "[SEP]"]


def test_the_encoder_ships_inside_the_package_and_gives_one_probability_per_text():
    assert Path(str(encoder.WEIGHTS)).is_relative_to(Path(lint.__file__).parent)
    texts = ["The reviewer rubber-stamped it.", "Ravi restarted the consumer.", "ok"]
    first = encoder.tone_encoder().predict_proba(texts)
    assert first.shape == (3, 2)
    assert numpy.allclose(first.sum(axis=1), 1.0)
    # Padding in a batch changes nothing: each text is read alone.
    alone = encoder.tone_encoder().predict_proba(texts[1:2])
    assert numpy.allclose(alone[0], first[1], atol=1e-5)


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


@pytest.fixture
def weights_gone(monkeypatch, tmp_path):
    """The packaged encoder missing, as in a wheel built without its package data."""
    monkeypatch.setattr(encoder, "WEIGHTS", tmp_path / "absent" / "tone-encoder.npz")
    encoder.tone_encoder.cache_clear()
    yield
    encoder.tone_encoder.cache_clear()


def test_missing_encoder_weights_are_an_error_not_a_quietly_weaker_check(weights_gone):
    with pytest.raises(TrainingDataMissing, match="tone-encoder.npz"):
        lint.lint_text("The on-call engineer took two hours to respond to a critical page.")


def test_the_command_reports_missing_encoder_weights_in_one_line(weights_gone, tmp_path):
    doc = tmp_path / "review.md"
    doc.write_text("The on-call engineer took two hours to respond to a critical page.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(doc)])
    assert result.exit_code != 0
    assert result.stderr.strip().startswith("teampulse: error:") and "encoder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
