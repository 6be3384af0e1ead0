"""The one vocabulary of dimension labels (analysis.labels): every built-in dimension has a short,
distinct label, the same words on a chart and in a sentence."""

from __future__ import annotations

import pytest

import analysis
from analysis.labels import dimension_label, dimension_title
from pulse.instruments import ENPS, HEALTH_CHECK, PSYCH_SAFETY, Instrument, Question

BUILTIN = [PSYCH_SAFETY, HEALTH_CHECK, ENPS]


@pytest.mark.parametrize("inst", BUILTIN, ids=lambda i: i.key)
def test_every_builtin_dimension_has_a_short_distinct_label(inst):
    titles = [dimension_title(inst, d) for d in inst.dimensions()]
    assert len(set(titles)) == len(titles), titles
    assert all(0 < len(t) <= 44 for t in titles), titles
    assert all(t != d for t, d in zip(titles, inst.dimensions(), strict=True)), "a key shown as its label"


@pytest.mark.parametrize("inst", BUILTIN, ids=lambda i: i.key)
def test_a_sentence_uses_the_same_words(inst):
    for d in inst.dimensions():
        assert dimension_label(inst, d).casefold() == dimension_title(inst, d).casefold()


def test_reverse_items_say_what_a_high_value_means():
    assert dimension_title(PSYCH_SAFETY, "ps1") == "Mistakes not held against you"
    assert dimension_label(PSYCH_SAFETY, "ps5") == "easy to ask for help"
    assert dimension_label(PSYCH_SAFETY, "score") == "psychological safety score"


def test_enps_keeps_its_capitals():
    assert dimension_title(ENPS, "score") == dimension_label(ENPS, "score") == "eNPS"


def test_custom_wording_is_kept_as_written_and_shortened():
    custom = Instrument(
        "retro",
        "Retro check",
        "mean",
        (
            Question("trust", "I trust my manager: most days", 1, 5),
            Question("long", "Our planning meetings leave enough room for questions from everyone present", 1, 5),
        ),
    )
    assert dimension_label(custom, "trust") == "I trust my manager"
    assert dimension_title(custom, "long").endswith("...") and len(dimension_title(custom, "long")) <= 44
    assert dimension_title(custom, "score") == "Retro check score"
    assert dimension_title(custom, "nope") == "nope" and dimension_title(None, "ps1") == "ps1"


def test_the_package_still_exports_dimension_label():
    assert analysis.dimension_label is dimension_label
