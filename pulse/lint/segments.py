"""Where words, segments and checked text are in a document.

The check follows the document's own structure: Markdown headings, list items, table cells and timeline
rows are segments of their own, and so is any line without final punctuation (unless the next line goes on
in lower case, as a wrapped sentence does). Code (fenced, indented or inline), link targets, URLs and quoted
logs (chat lines such as ``[22:28] <+nick> ...``) are blanked for the phrasing rules and the tone classifier,
but still scanned for names and contact details (``code_spans``). Headings give every offset a section.
"""

import bisect
import re

# Headings and bold lead-ins: Title Case, so a capital there is no evidence of a name.
TITLE_LINE = re.compile(r"(?m)^[ \t]*#{1,6}[ \t][^\n]*$|\*\*[^*\n]+\*\*")

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n]")
# A chat or log line: an optional time stamp, then "<nick>" or "nick:" as IRC and chat logs write it.
LOG_LINE = re.compile(
    r"(?m)^[ \t]*(?:[-*+][ \t]+)?(?:>[ \t]*)?\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*<[^<>\n]{1,40}>[^\n]*$"
)
_CODE = re.compile(
    r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)|(?m:^(?: {4}|\t)[^\n]*$)|`[^`\n]*`", re.DOTALL
)  # fenced, indented and inline code
_LINKS = re.compile(r"\]\([^)\s]*\)|\bhttps?://\S+|\bwww\.\S+|</?[a-z][a-z0-9]*\s*/?>")  # and HTML tags ("<br>")
_HEADING = re.compile(r"(?m)^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$|^[ \t]*\*\*([^*\n]{3,80})\*\*[ \t]*:?[ \t]*$")


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


# A page's metadata block (Hugo's TOML "+++", Jekyll's YAML "---") is data, not prose.
_FRONT_MATTER = re.compile(r"\A[ \t]*(\+\+\+|---)[ \t]*\n.*?\n[ \t]*\1[ \t]*(?:\n|\Z)", re.DOTALL)


def code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of code and quoted log lines: left out of the phrasing rules and the tone, not of names."""
    front = _FRONT_MATTER.match(text)
    spans = [front.span()] if front else []
    spans += [m.span() for m in _CODE.finditer(text) if not (front and m.start() < front.end())]
    spans += [m.span() for m in LOG_LINE.finditer(text) if not any(s <= m.start() < e for s, e in spans)]
    return sorted(spans)


def mask(text: str) -> str:
    """``text`` with code, quoted logs, link targets and URLs blanked and one kind of apostrophe: the same
    length as ``text``, so that spans found in it stay valid in the original."""
    spans = code_spans(text) + [m.span() for m in _LINKS.finditer(text)]
    return blank(text, spans).replace("’", "'")


def mask_links(text: str) -> str:
    """``text`` with only link targets and URLs blanked (for names, which are looked for in code too)."""
    return blank(text, [m.span() for m in _LINKS.finditer(text)]).replace("’", "'")


def sentence_start(text: str, start: int) -> bool:
    """True when only digits, punctuation and markup stand between a sentence break and ``start``."""
    i = start - 1
    while i >= 0 and not _SENTENCE_BREAK.match(text[i]):
        if text[i].isalpha():
            return False
        i -= 1
    return True


# Sentence ends; blank lines; a line break unless the next line goes on in lower case; table cells.
_SEGMENT_BREAK = re.compile(r"(?<=[.!?])[\"')\]’”]*[ \t]+|(?<=[.!?])[\"')\]’”]*(?=\n)|\n(?![ \t]*[a-z])|\|")
_SEGMENT_LEAD = re.compile(r"[\s\"'“‘(\[]*(?:(?:[-*+>#]+|\d+[.)])\s+)?[\s\"'“‘(\[]*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Segments (sentences, list items, headings, table cells, lines) as spans, without leading markup."""
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


def segment_of(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The segment of ``spans`` (from ``sentence_spans``) that holds ``offset``."""
    i = bisect.bisect_right([s for s, _ in spans], offset) - 1
    if i >= 0 and spans[i][0] <= offset <= spans[i][1]:
        return spans[i]
    return None


def headings(text: str) -> list[tuple[int, str]]:
    """(offset, title) of every Markdown heading (``# ...``, or a line that is wholly bold)."""
    return [(m.start(), (m.group(2) or m.group(3)).strip()) for m in _HEADING.finditer(text)]


def section_at(heads: list[tuple[int, str]], offset: int) -> str:
    """The title of the heading above ``offset``, or "" before the first heading."""
    i = bisect.bisect_right([s for s, _ in heads], offset) - 1
    return heads[i][1] if i >= 0 else ""
