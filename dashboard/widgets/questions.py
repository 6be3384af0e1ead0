"""Widgets shared by the public pages: an instrument's questions, and what is stored about a pulse.

Question texts and scale labels are written by admins, so they reach the respondent's screen as plain
text: a Markdown image in a label would make every respondent's browser call its author's server.
"""

from __future__ import annotations

import streamlit as st

from dashboard.widgets import plain
from pulse.instruments import Instrument, Question

HEALTH_LABELS = {1: "Red", 2: "Amber", 3: "Green"}
TREND_LABELS = {-1: "Worse", 0: "Same", 1: "Better"}  # short: three fit on one line of a phone


def what_is_stored(k: int) -> str:
    return f"""
**What is stored.** Your answers, under a random id, with only the team and the two-week period of
this pulse. Your comment, if you write one, is stored apart from your answers, with nothing that
links the two. A code is only marked as used.

**What is not stored.** Your name, email, account, IP address or browser; the time you answered;
which code or link you used.

**When it is written.** So that nothing on disk can tell when you answered, your answers wait in the
server's memory until at least {k} more have arrived, then are written together in a shuffled batch
(the rest when the round closes). If the server crashes before then, answers still waiting are lost
and your code stays used: we would rather lose an answer than record when it arrived.

**Who sees what.** Coaches and admins see averages, ranges and comment themes for groups of at
least {k} responses, and only after the round has closed. Names, emails, @handles and phone numbers
are removed from comments before anyone reads them. Nobody, administrators included, can see one
person's answers. The results must never be used to assess individuals.
"""


def _labels(question: Question) -> dict[int, str]:
    """Option labels: the health check's colours and trends in words; an agreement scale as bare
    numbers, so that seven options fit on one line of a phone (its end labels go in ``_anchors``)."""
    if (question.scale_min, question.scale_max) == (1, 3) and question.low_label == "Red":
        return HEALTH_LABELS
    if (question.scale_min, question.scale_max) == (-1, 1):
        return TREND_LABELS
    return {v: str(v) for v in range(question.scale_min, question.scale_max + 1)}


def _anchors(question: Question) -> str:
    """What the ends of a numbered scale mean, on one short line under it ("1 Strongly disagree · 7 ...")."""
    ends = [(question.scale_min, question.low_label), (question.scale_max, question.high_label)]
    return " · ".join(f"{value} {plain.md(label)}" for value, label in ends if label)


def _layout(inst: Instrument) -> list[tuple[int, Question, Question | None]]:
    """What the form shows, numbered as shown: one item per question, except that a question ``X``
    with a trend question ``X_trend`` (the health check's dimensions) makes one item of the two,
    in the order of ``X``."""
    trends = {q.key: t for q in inst.questions if (t := inst.question(f"{q.key}_trend"))}
    paired = {t.key for t in trends.values()}
    shown = [q for q in inst.questions if q.key not in paired]
    return [(number, q, trends.get(q.key)) for number, q in enumerate(shown, start=1)]


def _radio(question: Question, label: str, key: str) -> int | None:
    labels = _labels(question)
    optional = "" if question.required else " (optional)"
    value = st.radio(
        f"{label}{optional}",
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        horizontal=True,
        key=key,
    )
    if labels[question.scale_min] == str(question.scale_min) and (anchors := _anchors(question)):
        st.caption(anchors)
    return value


def question_widgets(inst: Instrument, key_prefix: str) -> dict[str, int | None]:
    """One horizontal radio group per question, with labelled ends and nothing pre-selected; a
    dimension with a trend is one bordered card holding its name, its colour and its trend."""
    answers: dict[str, int | None] = {}
    for number, question, trend in _layout(inst):
        if trend is None:
            label = f"{number}\\. {plain.md(question.text)}"
            answers[question.key] = _radio(question, label, f"{key_prefix}_{question.key}")
            continue
        name, _, description = question.text.partition(": ")
        with st.container(border=True, key=f"{key_prefix}_card_{question.key}"):
            st.markdown(f"**{number}\\. {plain.md(name)}**" + (f"  \n{plain.md(description)}" if description else ""))
            answers[question.key] = _radio(
                question, f"{plain.md(name)}: how is it now?", f"{key_prefix}_{question.key}"
            )
            answers[trend.key] = _radio(
                trend, f"{plain.md(name)}: getting better or worse?", f"{key_prefix}_{trend.key}"
            )
    return answers


def missing_required(inst: Instrument, answers: dict[str, int | None]) -> list[int]:
    """Numbers, as shown, of questions or cards with a required answer left out (numbers only:
    nothing of the answers is echoed)."""
    return [
        number
        for number, *questions in _layout(inst)
        if any(q is not None and q.required and answers.get(q.key) is None for q in questions)
    ]
