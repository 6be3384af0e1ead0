"""Statistics on top of the anonymity query layer: trends, drop alerts, archetypes, comment themes
and scale reliability.

Everything here reads results through :mod:`pulse.results` (never the answer, response or comment
tables) and never imports streamlit. Long computations take a ``progress(done, total)`` callback,
the same shape :func:`pulse.importers.import_responses` uses, so a page can drive ``st.progress`` and
the command line a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


def report(progress: Progress | None, done: int, total: int) -> None:
    """Call ``progress`` if there is one; analysis code never cares whether anyone listens."""
    if progress is not None:
        progress(done, total)


# Short names for the built-in items, worded so that higher is better (reverse items are keyed).
_SHORT = {
    ("psych-safety", "ps1"): "mistakes not held against people",
    ("psych-safety", "ps2"): "raising tough problems",
    ("psych-safety", "ps3"): "accepting people who differ",
    ("psych-safety", "ps4"): "safe to take a risk",
    ("psych-safety", "ps5"): "easy to ask for help",
    ("psych-safety", "ps6"): "nobody undermines your work",
    ("psych-safety", "ps7"): "skills valued and used",
    ("enps", "enps"): "eNPS",
}


def dimension_label(instrument, dimension: str) -> str:
    """A few plain words for a dimension: "score" becomes the instrument's name."""
    if instrument is None:
        return dimension
    if dimension == "score":
        return f"{instrument.name.lower() if instrument.key != 'enps' else 'eNPS'} score"
    if (instrument.key, dimension) in _SHORT:
        return _SHORT[(instrument.key, dimension)]
    question = instrument.question(dimension)
    if question is None:
        return dimension
    text = question.text.split(":")[0].strip().rstrip(".")
    return text if len(text) <= 48 else text[:45].rstrip() + "..."
