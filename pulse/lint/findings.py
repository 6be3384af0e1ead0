"""What the check reports: the kinds of finding, the reframing question each asks, and the
``Finding`` record with its span, line and column."""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

KINDS = ("name", "possible-name", "email", "handle", "blame", "counterfactual", "judgement", "blaming-tone")
# The kinds about how something is said (the rest are identities: ``IDENTITY_KINDS``).
PHRASING_KINDS = frozenset({"blame", "counterfactual", "judgement", "blaming-tone"})
# How sure the check is that a finding is worth a look, surest first: a facilitator reads "high" first.
SEVERITIES = ("high", "medium", "low")

QUESTIONS = {
    "name": "Which role was involved? Describe the role (e.g. 'the on-call engineer'), not the person.",
    "possible-name": "Is this a person? If so, name the role instead; if it is a system or product, waive it.",
    "email": "Contact details identify a person: which role or team is meant?",
    "handle": "A handle identifies a person: which role or team is meant?",
    "blame": "What made this look like the right action at the time?",
    "counterfactual": "What did people know at that moment, and what made the other path hard to see?",
    "judgement": "Which conditions (time pressure, tooling, information, workload) shaped what happened?",
    "blaming-tone": "This sentence reads as pointing at someone: what about the situation (information, time,"
    " tools, pressure) made their actions make sense then?",
}


@dataclass(frozen=True)
class Finding:
    """One thing to fix or waive: where it is (``start``/``end`` in the text; 1-based ``line`` and
    ``column``), what it is (``kind``, one of ``KINDS``), the words, and a question to reframe them."""

    start: int
    end: int
    kind: str
    text: str
    question: str
    line: int = 1
    column: int = 1
    severity: str = "medium"  # one of SEVERITIES
    section: str = ""  # the Markdown heading above it, if any
    sentence: str = ""  # the segment (sentence, list item, table cell, line) it is in

    def as_dict(self) -> dict:
        """The fields as a plain dict (for JSON and tables)."""
        return asdict(self)


def finalise(text: str, found: list[tuple], context=None) -> list[Finding]:
    """Findings in reading order from (start, end, kind, question[, severity]) tuples, overlaps resolved.
    ``context(start)`` gives (section, sentence) for a finding starting at ``start``."""
    # Identity findings outrank phrasing; among identities, contact details and roster names outrank
    # the heuristic. A finding inside a stronger one of the same family is dropped.
    rank = {"email": 0, "handle": 1, "name": 2, "possible-name": 3}
    identities = sorted((f for f in found if f[2] in rank), key=lambda f: (rank[f[2]], f[0], f[0] - f[1]))
    kept: list[tuple] = []
    for f in identities:
        if not any(k[0] < f[1] and f[0] < k[1] for k in kept):
            kept.append(f)
    kept = _merge_adjacent(text, sorted(kept), rank)
    phrasing: list[tuple] = []
    for f in sorted((f for f in found if f[2] not in rank), key=lambda f: (f[0], -(f[1] - f[0]))):
        if not any(p[0] <= f[0] and f[1] <= p[1] for p in phrasing):
            phrasing.append(f)
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out = []
    for start, end, kind, question, *rest in sorted(kept + phrasing):
        line = _line_of(line_starts, start)
        section, sentence = context(start) if context else ("", "")
        severity = rest[0] if rest else "medium"
        column = start - line_starts[line] + 1
        out.append(Finding(start, end, kind, text[start:end], question, line + 1, column, severity, section, sentence))
    return out


# "Peter Taylor", "Ann Lee <ann@...>", "Mark-Simulacrum", "Sarika de Bruyn", "Ludwig van Beek"
_JOINED = re.compile(r"[ \t]*[<(\[]?[ \t]*|-")
_PARTICLES = re.compile(r"(?:[ \t]+(?:de|van|von|da|di|del|der|den|le|la|du|bin|al)){1,2}[ \t]+")
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _merge_adjacent(text: str, identities: list[tuple], rank: dict[str, int]) -> list[tuple]:
    """One finding per person: "Peter Taylor", "David Ellis <david@example.com>" are one identity, not two
    or three findings to settle. Parts separated by spaces or an opening bracket on one line are merged,
    with the strongest kind and severity of the parts."""
    merged: list[tuple] = []
    for f in identities:
        last = merged[-1] if merged else None
        gap = text[last[1] : f[0]] if last and last[1] <= f[0] else None
        # Name parts join each other and an address written right after them in brackets; nothing joins
        # after an address ("Ann Lee <ann@...> Bob Smith <bob@...>" are two people).
        # A particle joins the parts of one guessed name ("Sarika de Bruyn"); never two roster names.
        particle = gap is not None and bool(_PARTICLES.fullmatch(gap)) and last[2] == f[2] == "possible-name"
        joins = gap is not None and (bool(_JOINED.fullmatch(gap)) or particle) and last[2] not in ("email", "handle")
        if joins and f[2] in ("email", "handle"):
            joins = any(c in "<([" for c in gap)
        if joins:
            kind = min(last[2], f[2], key=rank.__getitem__)
            severity = min(_severity(last), _severity(f), key=_SEVERITY_ORDER.__getitem__)
            opened = any(c in "<([" for c in gap)
            end = f[1] + (1 if opened and text[f[1] : f[1] + 1] in (">", ")", "]") else 0)
            question = f[3] if kind == f[2] else last[3]
            merged[-1] = (last[0], end, kind, question, severity)
        else:
            merged.append(f)
    return merged


def _severity(f: tuple) -> str:
    return f[4] if len(f) > 4 else "medium"


def _line_of(line_starts: list[int], offset: int) -> int:
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def count_by_kind(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each kind, in the order of ``KINDS``, leaving out kinds not found."""
    counts = dict.fromkeys(KINDS, 0)
    for f in findings:
        counts[f.kind] += 1
    return {k: v for k, v in counts.items() if v}
