"""Lines in the parse: entities cut at line breaks, and the heads of list items, table cells and timeline rows
(notes, whose first word is seldom their doer)."""

from __future__ import annotations

import re


def _entities(doc) -> list:
    """The model's entities, each cut at line breaks: a name does not run from one list item or table row
    into the next ("config\n  - Scale" is no full name)."""
    from spacy.tokens import Span

    out = []
    for ent in doc.ents:
        parts, run = [], []
        for t in ent:
            if run and ("\n" in t.text or "\n" in doc[t.i - 1].whitespace_):
                parts += _words_span(Span, doc, run, ent.label_)
                run = []
            run.append(t)
        parts += _words_span(Span, doc, run, ent.label_)
        out += parts if len(parts) > 1 else [ent]  # a trailing line break alone changes nothing
    return out


def _words_span(span_type, doc, run: list, label: str) -> list:
    """``run`` without the punctuation and spaces at its edges, as an entity (or nothing)."""
    while run and (run[0].is_punct or run[0].is_space):
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].is_space):
        run = run[:-1]
    return [span_type(doc, run[0].i, run[-1].i + 1, label=label)] if run else []


def _opens_line(token) -> bool:
    """Whether only numbers, times and punctuation stand before ``token`` in its sentence ("- Migrate ...",
    "15:35 - Plan ...")."""
    for t in reversed(token.doc[token.sent.start : token.i]):
        if "\n" in t.text or "\n" in t.whitespace_:
            return True  # a new line: a list item or a timeline row
        # "| 18:53 | Post on Slack ...": the model tags a table's bars as nouns or adverbs.
        if t.pos_ not in ("PUNCT", "NUM", "SYM", "X", "SPACE") and not _NOT_A_WORD.fullmatch(t.text):
            return False
    return True


def _heads_item(token) -> bool:
    """Whether ``token`` opens a list item, a table cell or a timeline row: a bullet, bar, number or time
    before it on its line, and nothing else ("- Investigate and fix ..."; not a paragraph's first word)."""
    if not _opens_line(token):
        return False
    for t in reversed(token.doc[: token.i]):
        if "\n" in t.whitespace_ or "\n" in t.text:
            return False  # only the line break: a paragraph's first word
        if t.text.strip():
            return True
    return False


_NOT_A_WORD = re.compile(r"[\W\d_]+")


def _before_preposition(token) -> bool:
    """Whether a preposition follows ``token`` ("Post on Slack from a customer"): a note's head noun."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    # "- Priya with help from Tom rolled back ...": the subject of what follows is no note's head.
    return (
        following is not None
        and following.pos_ == "ADP"
        and following.text.casefold() != "of"
        and token.dep_ != "nsubj"
    )
