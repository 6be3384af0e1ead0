"""What people wrote is shown as plain text, never as Markdown or HTML (issue 11, item 8).

Question texts and labels, team, tribe, instrument and account names, comments, perspectives and
review text are written by team members, coaches and admins. Streamlit reads Markdown in titles,
captions, alerts, expander and widget labels and radio options, and a Markdown image there makes
every reader's browser fetch the writer's address. So such text goes through ``md`` wherever it
sits inside Markdown, and through ``text`` when it stands alone.
"""

from __future__ import annotations

import re

import streamlit as st

# Every ASCII punctuation character may be escaped in CommonMark, and an escaped one is always
# literal. Besides Markdown's own, Streamlit reads ``$`` (maths), ``:`` (emoji, icons and colours)
# and ``~`` (strikethrough); ``&`` and ``<`` start entities and HTML.
_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&\"'=^%])")
_BREAKS = re.compile(r"[\r\n]+")


def md(value: object) -> str:
    """``value`` as text that any Markdown-reading element shows literally, character for character."""
    text = "" if value is None else str(value)
    # A line break inside a label or caption would start a new block (a heading, a list, a quote).
    return _ACTIVE.sub(r"\\\1", _BREAKS.sub(" ", text))


def text(value: object) -> None:
    """Show ``value`` on its own as plain text, line breaks kept (``st.text`` reads no Markdown)."""
    st.text("" if value is None else str(value))


def quote(value: object) -> None:
    """A comment or perspective: plain text in a bordered box, as a quotation reads."""
    with st.container(border=True):
        text(value)
