"""Answer labels that form tools write out ("Strongly agree", "Green", "Getting better") as numbers."""

from __future__ import annotations

import functools

from pulse.importers.mapping import normal
from pulse.instruments import Question

LABEL_WORDS = {
    (1, 3): {"red": 1, "amber": 2, "yellow": 2, "green": 3},
    (-1, 1): {"worse": -1, "getting worse": -1, "same": 0, "stable": 0, "no change": 0,
              "better": 1, "getting better": 1},
}  # fmt: skip
# Likert wording that form tools write out for an agreement scale, by number of points.
AGREEMENT_WORDS = {
    5: {"strongly disagree": 1, "disagree": 2, "neither agree nor disagree": 3, "neither agree or disagree": 3,
        "neutral": 3, "agree": 4, "strongly agree": 5},
    7: {"strongly disagree": 1, "disagree": 2, "somewhat disagree": 3, "slightly disagree": 3,
        "neither agree nor disagree": 4, "neither agree or disagree": 4, "neutral": 4,
        "somewhat agree": 5, "slightly agree": 5, "agree": 6, "strongly agree": 7},
}  # fmt: skip


@functools.cache
def label_words(question: Question) -> dict[str, int]:
    """Every label a form may write for this question's scale, normalised, with its number."""
    words = dict(LABEL_WORDS.get((question.scale_min, question.scale_max), {}))
    points = question.scale_max - question.scale_min + 1
    if (normal(question.low_label), normal(question.high_label)) == ("strongly disagree", "strongly agree"):
        words.update({w: v - 1 + question.scale_min for w, v in AGREEMENT_WORDS.get(points, {}).items()})
    if question.low_label:
        words[normal(question.low_label)] = question.scale_min
    if question.high_label:
        words[normal(question.high_label)] = question.scale_max
    return words


def label_value(cell: str, question: Question) -> int | None:
    """A scale label written out by a form tool ("Strongly agree", "Green") as its number, else None."""
    text = cell.strip()
    if text[:1].isdigit() or text[:1] == "-":
        return None
    return label_words(question).get(normal(text))
