"""The one vocabulary of dimension labels: a few plain words for every dimension of every instrument.

Worded once, for charts, tables and sentences alike. Psychological safety items are stored keyed
(reverse-worded ones flipped), so each label says what a high value means.
"""

from __future__ import annotations

from pulse.instruments import Instrument

PSYCH_SAFETY_LABELS = {
    "ps1": "Mistakes not held against you",
    "ps2": "Problems can be raised",
    "ps3": "Difference is not rejected",
    "ps4": "Safe to take a risk",
    "ps5": "Easy to ask for help",
    "ps6": "Nobody undermines your work",
    "ps7": "Skills are valued and used",
}
BUILTIN_LABELS = {
    **{("psych-safety", key): text for key, text in PSYCH_SAFETY_LABELS.items()},
    ("enps", "enps"): "Likelihood to recommend",
}
MAX_LENGTH = 44


def dimension_title(instrument: Instrument | None, dimension: str) -> str:
    """A dimension's label as a chart or table shows it ("Safe to take a risk", "eNPS").

    ``score`` is the instrument's composite: "eNPS" for an NPS instrument, else "<name> score". A
    custom question is named by its text before a colon, shortened.
    """
    if instrument is None:
        return dimension
    if dimension == "score":
        return "eNPS" if instrument.scoring == "nps" else f"{instrument.name} score"
    if (instrument.key, dimension) in BUILTIN_LABELS:
        return BUILTIN_LABELS[(instrument.key, dimension)]
    question = instrument.question(dimension)
    if question is None:
        return dimension
    text = question.text.split(":", 1)[0] if ":" in question.text[:MAX_LENGTH] else question.text
    text = text.strip().rstrip(".")
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 3].rstrip() + "..."


def dimension_label(instrument: Instrument | None, dimension: str) -> str:
    """The same words inside a sentence ("Orion's safe to take a risk fell by ..."): a built-in
    label's first letter lowered, unless it is an abbreviation (eNPS); custom wording kept as written."""
    title = dimension_title(instrument, dimension)
    if instrument is None or not instrument.builtin or title[1:2].isupper():
        return title
    return title[:1].lower() + title[1:]
