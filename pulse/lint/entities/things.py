"""What shows a "person" the model found to be a tool, a product, an organisation or code: the words around
it, its spelling, and what the rest of the document calls it."""

from __future__ import annotations

import itertools
import re

from pulse.lint.entities.lines import _entities
from pulse.lint.vocabulary import (
    HOLDINGS,
    NOT_NAMES,
    NOUN_ENDINGS,
    ORGANISATION_SUFFIXES,
    ROLE_NOUNS,
    TECH_NOUNS,
    word_set,
)

_NOT_PEOPLE = {"ORG", "PRODUCT", "FAC", "LAW", "LANGUAGE", "EVENT", "WORK_OF_ART", "NORP", "MONEY", "QUANTITY"}


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
    # Not after a given name, a capitalised word no dictionary holds ("Tim Starling").
    from pulse.lint.names import dictionary_words

    given = first.text.istitle() and first.text.casefold() not in dictionary_words()
    return len(ent) > 1 and not given and any(len(t) >= 8 and t.text.endswith(_LONG_NOUN_ENDINGS) for t in ent[1:])


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


def _listed_with_things(doc) -> set[tuple[int, int]]:
    """Capitalised words listed with what the model calls an organisation or product ("Lodestar and Lighthouse
    announce fixes"): a list of clients or companies, every item a thing. Not a place: the model calls a person
    one ("Terence and Preston restarted it"). Only bare items count: in "Nishant and Google engineers" the item
    is the engineers."""
    spans: set[tuple[int, int]] = set()
    for token in doc:
        if token.dep_ == "conj" or not any(c.dep_ == "conj" for c in token.children):
            continue
        items = _list_items(token)
        # The anchor is a one-word name ("Lighthouse"), not an acronym: "Priya and AWS restored access" lists a
        # person with a vendor; "Coop, Mike and myself" lists people.
        if not any(i.pos_ == "PRON" for i in items) and any(
            i.ent_type_ in ("ORG", "PRODUCT")
            and i.ent_iob_ == "B"
            and i.dep_ != "compound"
            and i.text.istitle()
            and (i.i + 1 >= len(doc) or doc[i.i + 1].ent_iob_ != "I")
            for i in items
        ):
            spans |= {(i.idx, i.idx + len(i.text)) for i in items if i.text[:1].isupper() and i.pos_ == "PROPN"}
    return spans


def _list_items(head) -> list:
    """The items of the list ``head`` opens ("Geth, Nethermind and Besu"): itself and its chain of conjuncts."""
    items, stack = [head], [head]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "conj":
                items.append(c)
                stack.append(c)
    return items
