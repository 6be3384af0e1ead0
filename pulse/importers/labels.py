"""Answer labels that form tools write out, read as numbers.

"3 - Somewhat disagree" (a linear scale with labelled points), "Strongly agree" and its common
variants, traffic lights as words or emoji (🟢 🟡 🔴), the Squad Health Check's "Awesome" and
"Crappy", and trend words ("Improving", "Getting worse", arrows). A label that is not known is
refused with its row and column, never guessed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pulse.errors import InvalidAnswer
from pulse.importers.read import short
from pulse.instruments import Question
from pulse.responses import parse_value

TRAFFIC_LIGHT = {
    "red": 1, "crappy": 1, "sucks": 1, "bad": 1, "needs attention": 1, "🔴": 1, "❤": 1, "🟥": 1, "🙁": 1,
    "☹": 1,
    "amber": 2, "yellow": 2, "orange": 2, "some problems": 2, "some concerns": 2, "neutral": 2, "🟡": 2, "🟠": 2,
    "💛": 2, "🟨": 2, "🟧": 2, "😐": 2,
    "green": 3, "awesome": 3, "good": 3, "🟢": 3, "💚": 3, "🟩": 3, "✅": 3, "🙂": 3, "😀": 3,
}  # fmt: skip
TREND = {
    "worse": -1, "getting worse": -1, "worsening": -1, "declining": -1, "deteriorating": -1,
    "going down": -1, "down": -1,
    "⬇": -1, "↓": -1, "📉": -1, "↘": -1,
    "same": 0, "the same": 0, "staying the same": 0, "stable": 0, "no change": 0, "unchanged": 0, "steady": 0,
    "➡": 0, "→": 0, "↔": 0,
    "better": 1, "getting better": 1, "improving": 1, "going up": 1, "up": 1, "⬆": 1, "↑": 1, "📈": 1, "↗": 1,
}  # fmt: skip
# Agreement wording by number of points, with the variants forms offer ("Slightly", "Somewhat").
AGREEMENT_WORDS = {
    5: {"strongly disagree": 1, "disagree strongly": 1, "completely disagree": 1, "totally disagree": 1,
        "disagree": 2, "neither agree nor disagree": 3, "neither agree or disagree": 3,
        "neither disagree nor agree": 3, "neutral": 3, "agree": 4,
        "strongly agree": 5, "agree strongly": 5, "completely agree": 5, "totally agree": 5},
    7: {"strongly disagree": 1, "disagree strongly": 1, "completely disagree": 1, "totally disagree": 1,
        "disagree": 2, "moderately disagree": 2, "somewhat disagree": 3, "slightly disagree": 3,
        "mildly disagree": 3, "neither agree nor disagree": 4, "neither agree or disagree": 4,
        "neither disagree nor agree": 4, "neutral": 4, "somewhat agree": 5, "slightly agree": 5,
        "mildly agree": 5, "agree": 6, "moderately agree": 6,
        "strongly agree": 7, "agree strongly": 7, "completely agree": 7, "totally agree": 7},
}  # fmt: skip
# "3 - Somewhat disagree", "7 = Strongly agree", "10 (Extremely likely)", "2. Disagree": the number leads.
LEADING_NUMBER = re.compile(r"^\s*([+-]?\d+)\s*(?:[-–—=:.)(]\s*|\s+)(?=[^\d\s.,])(.*)$")


def label_key(text: str) -> str:
    """A label as compared: NFKC, emoji variation selectors gone, casefolded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\ufe0f", "").replace("\u2019", "'").casefold()
    return " ".join(text.split()).strip(" .!")


@functools.cache
def label_words(question: Question) -> dict[str, int]:
    """Every label a form may write for this question's scale, as compared, with its number."""
    words: dict[str, int] = {}
    scale = (question.scale_min, question.scale_max)
    if scale == (1, 3):
        words.update(TRAFFIC_LIGHT)
    elif scale == (-1, 1):
        words.update(TREND)
    points = question.scale_max - question.scale_min + 1
    if (label_key(question.low_label), label_key(question.high_label)) == ("strongly disagree", "strongly agree"):
        words.update({w: v - 1 + question.scale_min for w, v in AGREEMENT_WORDS.get(points, {}).items()})
    if question.low_label:
        words[label_key(question.low_label)] = question.scale_min
    if question.high_label:
        words[label_key(question.high_label)] = question.scale_max
    return words


def answer_value(cell: str, question: Question) -> int:
    """The number an answer cell stands for: a number, a leading number ("3 - Somewhat disagree") or a label.

    Raises
    ------
    InvalidAnswer
        When the cell is none of these, or its number is off the question's scale.
    """
    text = cell.strip()
    m = LEADING_NUMBER.match(text)
    if m:
        number = parse_value(m.group(1), question)
        said = label_words(question).get(label_key(m.group(2).strip("()")))
        if said is not None and said != number:
            raise InvalidAnswer(
                f"{short(text)!r}: the number {number} and the label ({said} on this question's scale) disagree;"
                " the form's scale differs from the question's"
            )
        return number
    value = label_value(text, question)
    if value is not None:
        return value
    try:
        return parse_value(text, question)
    except InvalidAnswer as e:
        problem = str(e).removeprefix(f"{question.key}: ")
        if question.high_label and not text[:1].isdigit():
            problem += f" (nor a label of the scale, such as {question.high_label!r})"
        raise InvalidAnswer(problem) from None


# A label's words and its pictures ("Good 🙂", "⬆️ Improving", "🔴 Not good"): read each part on its own.
_SYMBOLS = re.compile(r"[^\w\s'-]+")


def label_value(cell: str, question: Question) -> int | None:
    """A label written out by a form tool ("Strongly agree", "🟢", "Improving") as its number, else None.

    A label with a picture beside its words ("Good 🙂", "⬆️ Improving") is read when the words, the
    picture, or both are known, and never when they disagree."""
    words = label_words(question)
    key = label_key(cell)
    if key in words:
        return words[key]
    said = {words.get(label_key(_SYMBOLS.sub(" ", key))), *(words.get(s) for s in _SYMBOLS.findall(key))} - {None}
    return said.pop() if len(said) == 1 else None
