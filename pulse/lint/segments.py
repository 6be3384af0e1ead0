"""Where words, sentences and checked text are in a document: the masking of Markdown code and
links, sentence starts, and the segments (sentences, list items, headings, table cells) that the
blaming-tone classifier reads one at a time."""

import re

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n]")
# Markdown code (fenced and inline), link targets and bare URLs are masked before checking.
_MASKED = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`|\]\([^)\s]*\)|\bhttps?://\S+|\bwww\.\S+", re.DOTALL)


def mask(text: str) -> str:
    """``text`` with Markdown code, link targets and URLs blanked and one kind of apostrophe: the same
    length as ``text``, so that spans found in it stay valid in the original."""
    return _MASKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text).replace("’", "'")


def sentence_start(text: str, start: int) -> bool:
    """True when only digits, punctuation and markup stand between a sentence break and ``start``."""
    i = start - 1
    while i >= 0 and not _SENTENCE_BREAK.match(text[i]):
        if text[i].isalpha():
            return False
        i -= 1
    return True


# Sentence ends, blank lines, Markdown list items, headings and table cells.
_SEGMENT_BREAK = re.compile(r"(?<=[.!?])[\"')\]’”]*\s+|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+>#]|\d+[.)])\s)|\|")
_SEGMENT_LEAD = re.compile(r"[\s\"'“‘(\[]*(?:(?:[-*+>#]+|\d+[.)])\s+)?[\s\"'“‘(\[]*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences (and list items, headings, table cells) as spans, without leading markup."""
    spans, start = [], 0
    for m in [*_SEGMENT_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        lead = _SEGMENT_LEAD.match(text, start, end)
        s = lead.end() if lead else start
        e = len(text[:end].rstrip())
        if e > s:
            spans.append((s, e))
        start = m.end() if m else len(text)
    return spans
