"""One phrasing rule (a pattern, its kind, the question its finding asks, when it applies) and the pattern
fragments the rules share: a role phrase, a capitalised name, the verbs of passive blame."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from pulse.lint.findings import QUESTIONS
from pulse.lint.vocabulary import ROLE_NOUNS, THING_NOUNS, word_set


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern
    question: str = ""
    person_subject: bool = False  # only when a person (pronoun, role, capitalised name) is the subject
    name_group: bool = False  # a group "name", when it matched, must look like a person's name
    agent: bool | str = False  # only with a person (name, role or pronoun) in the segment; "clause": in the clause,
    # "others": someone other than the writers ("we", "I") in the segment
    sure: bool = False  # a judgement about people whatever the subject (punishment, "be more careful")
    demand: bool = False  # only as an imperative or asked of people ("Be careful", "engineers must be careful")
    writers: bool = False  # with person_subject: "we" and "I" count as people too ("we failed to verify")
    risk: bool = False  # not a harm weighed without a named person or role ("they could have captured the code")
    of_things: bool = True  # also when a thing is the passive subject right before ("the job was mistakenly marked")


def rule(
    kind: str,
    pattern: str,
    question: str = "",
    person_subject: bool = False,
    agent: bool | str = False,
    sure: bool = False,
    demand: bool = False,
    writers: bool = False,
    risk: bool = False,
    of_things: bool = True,
) -> Rule:
    return Rule(
        kind,
        re.compile(pattern, re.IGNORECASE),
        question or QUESTIONS[kind],
        person_subject,
        "(?P<name>" in pattern,
        agent,
        sure,
        demand,
        writers,
        risk,
        of_things,
    )


# "the on-call engineer", "an admin", "our PM", "the support team's": a role rather than a thing.
ROLE = "|".join(sorted((re.escape(r) for r in ROLE_NOUNS), key=len, reverse=True))
# A role as the modifier of a thing ("a marketing campaign", "the admin console") is no person.
ROLE_PHRASE = (
    rf"(?:the|a|an|our|their|one|some|that|this|his|her|my|your)\s+(?:[\w-]+\s+){{0,3}}?(?:{ROLE})(?:'s|s)?\b"
    # Nor one joined to a noun ("the pilot-alerting system").
    rf"(?!\s+(?:{THING_NOUNS})\b)(?!-(?!error|mistake)\w)"
)
# A capitalised word (checked afterwards with the name heuristics' word lists).
NAME = r"(?P<name>(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?))"
# A title before a surname ("Captain Smith", "Dr. Patel").
TITLED = r"(?-i:(?:Captain|Capt\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Sir|Professor|Prof\.|Judge|Officer)\s+[A-Z][a-z]+)"
# Teams and departments: a group's failure is the organisation's ("the team's inability to reproduce it").
GROUPS = r"team|teams|squad|squads|department|departments|vendor|vendors|marketing|finance|legal|support|sales"
BAD_PASSIVES = (
    r"dropped|deleted|missed|lost|triggered|caused|muted|silenced|taken\s+down|brought\s+down|broken|blown"
    r"|wiped|corrupted|crashed|ruined|botched|ignored|skipped|overlooked|introduced|disabled|leaked|exposed"
    r"|derailed|delayed|stalled|sabotaged|mishandled|overwritten|made"
)
# Not after a verb that opens a question to answer: "determine if any packages had been tampered with",
# "check why the alert did not fire".
NOT_ASKED = "".join(
    rf"(?<!{verb}\s)"
    for verb in sorted(
        word_set("determine check checked see verify confirm establish assess investigate understand out into")
    )
)
# "the job was", "all of the namespaces were": a thing as the passive subject just before a match.
_THING_PASSIVE = re.compile(
    r"\b(?:the|a|an|this|that|its|our|these|those)\s+(?:[\w'’-]+\s+){0,2}?(?P<noun>[\w-]+)\s+(?:was|were|is|are|got"
    r"|had\s+been|has\s+been|have\s+been)\s+$",
    re.IGNORECASE,
)


def said_of_a_thing(checked: str, start: int, end: int) -> bool:
    """Whether a thing is the passive subject right before ``start`` ("the job was mistakenly marked as correct",
    "the on-call engineer's session was terminated"; not "the intern was ...", nor with an agent after: "the flag
    was mistakenly flipped by Marco")."""
    m = _THING_PASSIVE.search(checked, max(start - 80, 0), start)
    if not m or re.search(r"\bby\b", re.split(r"[.!?;\n]", checked[end : end + 120])[0]):
        return False
    # A role's possessive is no subject: "the on-call engineer's session was terminated" is about the session.
    owned = re.split(r"['’]s\b", m.group())[-1]
    words = {w.casefold().rstrip("s") for w in re.findall(r"[\w-]+", owned)}
    return not words & {r.rstrip("s") for r in ROLE_NOUNS}


IDIOM_QUESTION = "What made this look like the right action at the time?"
SARCASM_QUESTION = "Said plainly and without irony: which conditions shaped what happened?"


# Coordinated clauses: "The primary culprit was identified and terminated, and the team was told."
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|so|while)\s+|;\s*")


def agent_span(
    checked: str, m: re.Match, agent: bool | str, segment_of: Callable[[int], tuple[int, int] | None]
) -> tuple[int, int]:
    """Where a rule's person must be: the segment, or for ``agent="clause"`` the coordinated clause of the
    match (commas and colons inside a clause stay: "The culprit, as usual, was the intern")."""
    seg = segment_of(m.start()) or m.span()
    if agent != "clause":
        return seg
    starts = [b.end() for b in _CLAUSE_BREAK.finditer(checked, seg[0], m.start())]
    ends = [b.start() for b in _CLAUSE_BREAK.finditer(checked, m.end(), seg[1])]
    start = starts[-1] if starts else seg[0]
    if not checked[start : m.start()].strip():
        start = seg[0]  # "Tom was rushed, and accidentally deleted it": the clause shares its subject
    return (start, ends[0] if ends else seg[1])
