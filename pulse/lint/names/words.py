"""Words as names: chat nicks, words written in lower case, the dictionary, and how a name is spelt."""

import functools
import gzip
import re
from importlib.resources import files

from pulse.lint.segments import WORD
from pulse.lint.training import WORD_ROUNDS, training_sentences
from pulse.lint.vocabulary import (
    NOT_NAMES,
    ORGANISATION_SUFFIXES,
    ROLE_NOUNS,
    word_set,
)
from pulse.scrub import EMAIL, HANDLE

_SUFFIXES = "|".join(sorted(ORGANISATION_SUFFIXES))


# A chat nick as logs write it ("<+paladox>", "<MacFan4000>") or a wiki user page ("User:NotAracham").
# Only where a chat log writes a speaker: opening a line, after a timestamp at most; "kubectl delete pod
# <pod-name>" is a placeholder.
_NICK = re.compile(
    r"(?m)(?:^[ \t>*|-]*(?:(?:\[(?![ xX]\])[^\]\n]{1,25}\]|\(?\d[\d:.T/-]*\)?(?:[ \t]+[A-Z]{2,4}\b)?|\||#[\w-]+)"
    r"[ \t]*){0,3})"
    r"<[+@%~&]?([A-Za-z][\w\-^`|]{1,30})>(?=[ \t:])"
    r"|\bUser:([A-Za-z][\w\-]{1,30})"
)


def nick_names(text: str) -> frozenset[str]:
    """Chat nicks and wiki user names written in ``text`` (code and logs included), case-folded."""
    return frozenset((m.group(1) or m.group(2)).casefold() for m in _NICK.finditer(text))


def nick_spans(text: str, nicks: frozenset[str]) -> list[tuple[int, int]]:
    """Every place a nick of ``nicks`` is written, in any case: "<+paladox>" makes "Paladox" a name."""
    if not nicks:
        return []
    alternation = "|".join(re.escape(n) for n in sorted(nicks, key=len, reverse=True))
    return [m.span() for m in re.finditer(rf"(?<![\w@.])(?:{alternation})(?![\w@])", text, re.IGNORECASE)]


def lowercase_words(text: str, nicks: frozenset[str] = frozenset()) -> set[str]:
    """Words written in lower case in the prose of ``text`` (``text`` is masked: code and quoted logs are
    blank) or in the labelled sentences: common words, not names. A nick is never a common word. So are
    organisations' names the text writes with their suffix ("Chia Network", "Acme Inc"): the company's own
    name is no person where it stands alone."""
    return (lowercase_in(text) | common_words() | organisations_in(text)) - nicks


_ORGANISATION = re.compile(rf"\b([A-Z][\w-]+)\s+(?:{_SUFFIXES})\b")
# "Homebrew/brew" and "Homebrew/core": the owner of two repositories is an organisation or a project.
_REPOSITORY_OWNER = re.compile(r"(?<![\w/])([A-Z][\w-]+)/([a-z][\w.-]*)")


def organisations_in(text: str) -> set[str]:
    """Case-folded names written before an organisation's suffix or as a repository's owner in ``text``."""
    owners: dict[str, set[str]] = {}
    for m in _REPOSITORY_OWNER.finditer(text):  # two repositories: a person's fork is usually one
        owners.setdefault(m.group(1).casefold(), set()).add(m.group(2))
    return {m.group(1).casefold() for m in _ORGANISATION.finditer(text)} | {o for o, r in owners.items() if len(r) > 1}


def lowercase_in(text: str) -> set[str]:
    """Words written in lower case in ``text``."""
    # Not in contact details: "@dana.k" does not make "Dana" a common word.
    text = HANDLE.sub(" ", EMAIL.sub(" ", text))
    return {m.group() for m in WORD.finditer(text) if m.group().islower()}


def name_like(word: str, lowercase: set[str]) -> bool:
    """Whether ``word`` may be a name: capitalised, not a known word, never written in lower case."""
    return is_candidate(word) and word.casefold() not in lowercase


@functools.cache
def dictionary_words() -> frozenset[str]:
    """English words written only in lower case (SCOWL via Debian's wamerican; scripts/common_words.py):
    for the heuristics, a capitalised one is a sentence's or a heading's word, not a name."""
    data = files("pulse.lint").joinpath("data", "common-words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


_TITLE_RUN = re.compile(r"(?<![\w.])[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")


def title_case_terms(text: str) -> list[tuple[int, int]]:
    """Spans of Title Case terms: two capitalised words or more, two of them English words that are never
    names ("Message Editing", "Developer Story", "Narora Atomic Power Station", "Special Kudos"). The
    dictionary leaves out words that are also names ("Grace", "Rose", "Hunter"), so "Grace Park" is no term."""
    common = dictionary_words() | ROLE_NOUNS
    spans = []
    for m in _TITLE_RUN.finditer(text):
        words = re.split(r"[ -]", m.group())
        known = [w.casefold() in common or _ADJECTIVE.search(w) is not None for w in words]
        # A title before a name ("Incident Commander Dana Kim", "Senior Engineer Priya Shah": a surname may be a
        # word) ends in the name: a term ends in two known words.
        if len(known) - sum(known) <= 1 and known[-1] and known[-2]:
            spans.append(m.span())
    return spans


# "Cryptographic Algorithm"; not a surname ("Petrovic")
_ADJECTIVE = re.compile(r"^[A-Z][a-z]{3,}(?:graphic|tronic|matic|etic|istic|ical|ive|ous|ary|able|ible)$")


@functools.cache
def common_words() -> frozenset[str]:
    """Words written in lower case in the labelled sentences written here (not the real ones: see WORD_ROUNDS)."""
    return frozenset(w for text, _ in training_sentences(WORD_ROUNDS) for w in lowercase_in(text))


_CAMEL_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "O'")


_TITLES = word_set("dr mr mrs ms mx prof sir dame")  # before a name (PERSON_PRECEDERS), never one alone


def spelt_like_name(word: str) -> bool:
    """``is_candidate`` without its rule against inner capitals: for words a named-entity model vouches
    for ("TheoryOfPractice", "MacFan4000")."""
    base = re.sub(r"['’]s$", "", word)
    return (
        len(base) >= 2
        and not versioned_tool(base)
        and base[0].isupper()
        and not base.isupper()
        and base.casefold() not in NOT_NAMES
        and base.casefold() not in ROLE_NOUNS
        and base.casefold() not in _TITLES
    )


def verb_form(word: str) -> bool:
    """A past participle or adverb at the head of a line ("Improved logging", "Manually marked"), not a
    name ("Alfred", "Mohammed", "Kelly")."""
    w = word.casefold()
    return (
        len(w) >= 7 and w.endswith("ed") and not w.endswith(("fred", "dred", "mmed", "hmed", "ried", "eed"))
    ) or bool(re.search(r"(?:ally|ently|antly|ously|ively|fully|ately|ably|ibly|edly|ingly|essly)$", w))


def versioned_tool(word: str) -> bool:
    """A tool with its version ("Python3.6", "Node18"), or spelt like a product or company ("Keybase",
    "Dependabot", "Zenchainlab", "Shopify"): no name."""
    folded = word.casefold()
    return (
        bool(re.search(r"\d\.\d", word))
        or re.sub(r"[\d.]+$", "", folded) in NOT_NAMES
        or (len(folded) > 5 and folded.endswith(_PRODUCT_ENDINGS))
    )


_PRODUCT_ENDINGS = ("lab", "labs", "soft", "tech", "ware", "hub", "base", "bot", "ops", "ify", "stack", "db", "sql")


def is_candidate(word: str) -> bool:
    """Whether ``word`` is spelt like a given name: capitalised, not a known word, role or product."""
    base = re.sub(r"['’]s$", "", word)
    return (
        len(base) >= 2
        and base[0].isupper()
        and not base.isupper()
        and base.casefold() not in NOT_NAMES
        and base.casefold() not in ROLE_NOUNS
        and base.casefold() not in _TITLES
        and "'" not in base
        and "’" not in base
        and not any(part.casefold() in NOT_NAMES or part[:1].islower() for part in base.split("-")[1:])
        and base.split("-")[0].casefold() not in NOT_NAMES
        and not _camel_case(base)
        and not verb_form(base)
        and not versioned_tool(base)
    )


def _camel_case(word: str) -> bool:
    """Product spellings ("DuckDB", "PagerDuty", "GitHub"); not "McDonald" or "DeShawn"."""
    if not any(ch.isupper() for ch in word[1:]):
        return False
    return not any(word.startswith(p) and word[len(p) : len(p) + 1].isupper() for p in _CAMEL_PREFIXES)


# Nouns that are no verb after a name ("Tom checks", "Tom forks the repo" are people).
_SYSTEM_NOUNS = (
    "mainnet|testnet|testnets|devnet|chain|block|fork|network|networks|upgrade|validators|nodes|node|cluster"
    "|clusters|server|servers|database|team|teams|client|clients|instance|instances"
)
# After an article or a preposition ("the Holesky testnet", "on the Lodestar team", "all Prysm nodes"; not "gave
# Nishant server access"), or before a version ("Erigon v2.61.3", "Geth 1.15.5"; not "Katharine 1.5 hours").
_BEFORE_SYSTEM = re.compile(
    rf"\b(?i:the|a|an|our|their|its|this|that|each|every|all|both|of|on|in|for|from)[ \t]+([A-Z][a-z]+)[ \t]+"
    rf"(?:{_SYSTEM_NOUNS})\b|\b([A-Z][a-z]+)[ \t]+(?:v\d+(?:\.\d+)*|\d+\.\d+\.\d+)\b"
)


def system_names(text: str) -> set[str]:
    """Words that name a system at one mention, so at every mention: right before a network's or system's
    noun or a version ("the Holesky testnet", "the Lodestar team", "Erigon v2.61.3"), or alone in
    code marks ("`Asklepian`"), or written elsewhere in CamelCase ("Curseforge" of "CurseForge"). People are not
    written so. Case folded. ``text`` is the unmasked text."""
    words = set(re.findall(r"\b[A-Z][A-Za-z]{3,}\b", text))
    camel = {w.casefold() for w in words if _camel_case(w)}  # "CurseForge": "Curseforge" is the product too
    return (
        {(m.group(1) or m.group(2)).casefold() for m in _BEFORE_SYSTEM.finditer(text)}
        | {m.group(1).casefold() for m in _CODE_WORD.finditer(text)}
        | {w.casefold() for w in words if w[1:].islower() and w.casefold() in camel}
    )


# A capitalised word alone in code marks (`Asklepian`, `Elan`): a program's name, which people's names are not.
_CODE_WORD = re.compile(r"(?<!`)`([A-Z][a-z]{2,})`(?!`)")
