"""The labelled sentences the check learns from, shipped inside the package (``pulse/lint/data``) so that
an installed wheel reads the same file as the checkout.

The file holds every round of labelled sentences; the classifier (``scripts/train_tone_encoder.py``) and
the list of common words use only the rounds the rules were tuned on (``TRAINING_ROUNDS``); the other rounds
are held out for measuring.
"""

import csv
import functools
import io
from importlib.resources import files

from pulse.errors import TrainingDataMissing

TRAINING_DATA = files(__package__).joinpath("data", "lint-labelled.csv")
TRAINING_ROUNDS = tuple(f"round{n}" for n in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))  # round 5 is held out
# Rounds 8 to 15 are real text: rounds 8 and 11 the evaluation sets' sentences after each was measured once
# (heldout to heldout-3, then heldout-4 to heldout-8), rounds 9 and 10 sentences collected for training (session
# 12, sources in data/evaluation/blame/training-round*.csv), round 12 heldout-9 after its measurement and 499
# sentences collected for training in session 14 (training-round12.csv), rounds 13 and 14 heldout-10 and
# heldout-11 after each one's measurement, round 15 508 sentences collected for training in session 15
# (training-round15.csv). They name real people, some in lower case ("paladox"), so the list of common words
# reads only the rounds written here.
WORD_ROUNDS = ("round1", "round2", "round3", "round4", "round6", "round7")


@functools.cache
def training_sentences(rounds: tuple[str, ...] = TRAINING_ROUNDS) -> tuple[tuple[str, bool], ...]:
    """(text, blaming) for the labelled sentences of ``rounds`` (``TRAINING_ROUNDS``: what the classifier reads).

    Raises ``TrainingDataMissing`` when the file is absent, unreadable or holds no sentence of either
    label: without it the classifier would be off and names would be guessed differently, silently."""
    try:
        rows = list(csv.DictReader(io.StringIO(TRAINING_DATA.read_bytes().decode("utf-8"), newline="")))
        sentences = tuple((r["text"], r["label"] == "blaming") for r in rows if r["split"] in rounds)
    except (OSError, UnicodeDecodeError, KeyError, csv.Error) as e:
        raise TrainingDataMissing(f"cannot read the blame check's training sentences ({TRAINING_DATA}): {e}") from e
    if len({blaming for _, blaming in sentences}) < 2:
        raise TrainingDataMissing(f"{TRAINING_DATA} holds no blaming and neutral sentences of {rounds}")
    return sentences
