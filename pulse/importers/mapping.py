"""Headers to question keys: a column named by its key, its question's text, or a form's grid row."""

from __future__ import annotations

import re
import unicodedata

from pulse.instruments import Instrument, Question


def normal(text: str) -> str:
    """A header or label as compared: NFKC, curly apostrophes straightened, casefolded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold()
    return " ".join(text.split()).strip(" .?:!")


QuestionLookups = tuple[dict[str, Question], dict[str, Question]]


def lookups(instrument: Instrument) -> QuestionLookups:
    """The instrument's questions by casefolded key and by normalised text."""
    return (
        {q.key.casefold(): q for q in instrument.questions},
        {normal(q.text): q for q in instrument.questions},
    )


def match_question(name: str, found: QuestionLookups) -> Question | None:
    """The question a normalised header names, if any."""
    by_key, by_text = found
    # Google Forms writes grid questions as "Title [Row]": match on the part in brackets too.
    bracket = re.fullmatch(r".*\[(.+)\]", name)
    return by_key.get(name) or by_text.get(name) or (bracket and by_text.get(normal(bracket.group(1)))) or None
