"""Names without a roster: which capitalised words behave like a person's name, and whether a person
(pronoun, role or name) is the subject just before a phrase."""

import functools
import gzip
import re
from importlib.resources import files

from pulse.lint.rule import ROLE
from pulse.lint.segments import WORD, sentence_start
from pulse.lint.training import training_sentences
from pulse.lint.vocabulary import (
    AMBIGUOUS_ROLES,
    EXPOSURE,
    HOLDINGS,
    HUMAN_ACTIONS,
    IRREGULAR_PAST,
    MIND_VERBS,
    NOT_NAMES,
    NOUN_ENDINGS,
    ORGANISATION_SUFFIXES,
    PEOPLE_AFTER,
    PERSON_PRECEDERS,
    PERSON_VERBS,
    PRONOUN_SUBJECTS,
    QUANTIFIERS,
    ROLE_NOUNS,
    SOCIAL_PREPOSITIONS,
    SOCIAL_WORDS,
    SUBORDINATORS,
    THING_NOUNS,
    WEAK_VERBS,
    word_set,
)
from pulse.scrub import EMAIL, HANDLE

# A past tense right after the word, perhaps after an adverb: "Marcus blew", "Kofi really screwed".
_ACTS = re.compile(rf"(?:[a-z]+ly\s+)?(?:[a-z]{{2,}}ed|{IRREGULAR_PAST})\b")
_STRONG_NEXT = re.compile(rf"(?:{PERSON_VERBS})\b", re.IGNORECASE)
_MIND_NEXT = re.compile(rf"(?:{MIND_VERBS})\b", re.IGNORECASE)
_WEAK_NEXT = re.compile(rf"(?:{PERSON_VERBS}|{WEAK_VERBS})\b", re.IGNORECASE)
# "Logistics x-route team", "Cloud Engineering", "Chia Network": a group's or an organisation's name.
_SUFFIXES = "|".join(sorted(ORGANISATION_SUFFIXES))
_GROUP_AFTER = re.compile(
    r"(?:[\w-]+\s+)?(?:team|teams|department|squad|group|unit|division|org)\b"
    rf"|(?-i:(?:Engineering|Operations|Infrastructure|Platform|{_SUFFIXES})\b)"
)
_HOLDS = re.compile(HOLDINGS, re.IGNORECASE)
_HUMAN_NEGATION = re.compile(rf"(?:didn't|did\s+not|never|failed\s+to)\s+(?:{HUMAN_ACTIONS})\b", re.IGNORECASE)


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
    """Words written in lower case in the labelled sentences."""
    return frozenset(w for text, _ in training_sentences() for w in lowercase_in(text))


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


def possible_names(text: str, lowercase: set[str], dictionary: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans of capitalised words acting like names. ``lowercase``: words also written in lower case (in
    this text, or in the labelled sentences) are common words ("Code copied ...", "Security rotated ..."):
    alone, a verb after one is no evidence of a person. ``dictionary``: words common only where a capital
    says nothing, opening a sentence or a line ("Museum reopened"); mid-sentence "Amir" or "Kiss" is a name."""
    words = list(WORD.finditer(text))
    flagged: set[int] = set()
    organisations = organisations_in(text)  # "Acme's build server" where the text writes "Acme Inc" or "Acme/api"
    for i, m in enumerate(words):
        word = m.group()
        if not is_candidate(word) or re.sub(r"['’]s$", "", word).casefold() in organisations:
            continue
        after = text[m.end() : m.end() + 40].lstrip(" ,")
        at_start = sentence_start(text, m.start())
        prev = words[i - 1].group().casefold() if i > 0 and not at_start else ""
        possessive = word.endswith(("'s", "’s"))
        holds = possessive and bool(_HOLDS.match(after))  # "Square's serving infrastructure": a company
        base = word[:-2] if possessive else word
        common = base.casefold() in lowercase or (at_start and base.casefold() in dictionary)
        noun_like = base.casefold().endswith(NOUN_ENDINGS)
        plural_like = base.endswith("s") and not base.endswith(("ss", "us", "is", "os", "as"))
        acts = bool(_ACTS.match(after)) and not noun_like and not plural_like and not common
        if at_start:
            # "Packages should not ...": a plural noun ("James", "Ines" and "Charles" end otherwise).
            # "Validators noticed ...": the plural of a word the text writes in lower case.
            folded = base.casefold()
            plural_noun = bool(re.search(r"(?:ges|xes|ches|shes|ures)$", folded)) or (
                folded.endswith("s") and len(folded) > 5 and {folded, folded[:-1], folded[:-2]} & lowercase
            )
            # A dictionary word (never a name) opening a line: only what only people do makes it one.
            strong = _MIND_NEXT if base.casefold() in dictionary else _STRONG_NEXT
            evidence = (bool(strong.match(after)) and not plural_noun) or bool(_HUMAN_NEGATION.match(after))
            evidence = evidence or acts or (possessive and not noun_like and not common and not holds)
        else:
            before_prev = words[i - 2].group().casefold() if i > 1 else ""
            social = prev in SOCIAL_PREPOSITIONS and before_prev in SOCIAL_WORDS
            weak = bool(_WEAK_NEXT.match(after)) and not common
            original = words[i - 1].group()
            # "MS Migration", "AWS Glue": a capital after an abbreviation names a product; "Ms Ng" is a title.
            after_acronym = original.isupper() and len(original) >= 2 and prev not in ROLE_NOUNS
            preceder = prev in PERSON_PRECEDERS and not after_acronym
            # "Trusted Publishers also provides": a participle and a capital are a Title Case term.
            titled = original[:1].isupper() and original.endswith("ed") and verb_form(original)
            owner = possessive and not holds
            evidence = not after_acronym and not titled and (owner or social or preceder or weak or acts)
        # "Logistics x-route team": a group's name; "was Instapaper's MySQL database": an organisation's.
        if evidence and not holds and not (not possessive and _GROUP_AFTER.match(after)):
            flagged.add(i)
    # "Alice and Bob argued", "Soren, Lloyd and Peter": a name joined to a flagged one is a name too.
    for i in sorted(flagged):
        for j in (i - 2, i + 2, i - 1, i + 1):
            if not 0 <= j < len(words):
                continue
            if abs(i - j) == 2:
                joined = words[(i + j) // 2].group().casefold() in ("and", "or")
            else:  # a list ("Soren, Lloyd"), not an opening word ("Honestly, Kevin")
                lo, hi = sorted((i, j))
                joined = text[words[lo].end() : words[hi].start()] == ", " and not sentence_start(
                    text, words[lo].start()
                )
            if joined and is_candidate(words[j].group()) and words[j].group().casefold() not in lowercase:
                flagged.add(j)
    spans = []
    for i in sorted(flagged):
        m = words[i]
        end = m.end() - (2 if m.group().endswith(("'s", "’s")) else 0)
        spans.append((m.start(), end))
    return spans


_NOT_GERUNDS = word_set(
    "during following according regarding including concerning considering pending excluding notwithstanding"
    " morning evening nothing something anything everything"
)
_AFTER_A_SUBJECT = word_set(
    "did didn't does doesn't was wasn't were weren't is isn't had hadn't has have should could would will won't"
    " never also just then"
)


def _gerund_subject(tokens: list[str]) -> bool:
    """Whether the clause opens with a gerund phrase as its subject ("Appointing an incident manager ...",
    "Having a runbook ..."); not a preposition ("During the rollout the engineer ...") or a name ("Irving
    did not ...")."""
    if len(tokens) < 2 or len(tokens[0]) <= 4 or not tokens[0].casefold().endswith("ing"):
        return False
    return tokens[0].casefold() not in _NOT_GERUNDS and tokens[1].casefold() not in _AFTER_A_SUBJECT


def _ambiguous_role(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` is a role word here used as something else ("multi-region support", "the dev
    container")."""
    if i + 1 < len(tokens) and re.match(rf"(?:{THING_NOUNS})\b", " ".join(tokens[i + 1 :]).casefold()):
        return True
    if tokens[i].casefold() not in AMBIGUOUS_ROLES or tokens[i][:1].isupper():
        return False
    return i + 1 >= len(tokens) or not re.match(PEOPLE_AFTER, tokens[i + 1].casefold())


def _clause_start(text: str, start: int, breaks: str = ".!?;:,|\n") -> int:
    """Where the clause holding ``start`` begins: just after the nearest break before it."""
    i = start
    # A dot inside a word ("flutter.dev", "v1.2") ends nothing.
    while i > 0 and (text[i - 1] not in breaks or (text[i - 1] == "." and text[i : i + 1].isalnum())):
        i -= 1
    return i


_ADVERBS = word_set("still just also then again simply completely")


def person_subject(
    text: str, start: int, names: list[tuple[int, int]], lowercase: set[str], writers: bool = False
) -> bool:
    """Whether the words just before ``start`` (in the same clause) name a person."""
    clause_start = _clause_start(text, start)
    before = text[clause_start:start]
    # A word inside a domain or a file name is none of the clause's words ("flutter.dev fail to serve").
    tokens = [w.group() for w in WORD.finditer(before) if before[w.start() - 1 : w.start()] != "."]
    # Only the innermost clause: in "the engineer noticed that messages disappeared" the subject of
    # "disappeared" is "messages"; "someone who ..." is a person.
    cuts = [i for i, t in enumerate(tokens) if t.casefold() in SUBORDINATORS]
    if cuts:
        if tokens[cuts[-1]].casefold() in ("who", "whoever") and len(tokens) - cuts[-1] <= 3:
            return True
        tokens = tokens[cuts[-1] + 1 :]
    if _gerund_subject(tokens):
        return False  # "Appointing an incident manager could have helped"
    tokens = tokens[-6:]
    if not tokens:
        return False
    lowered = [t.casefold() for t in tokens]
    if lowered[-1] in ("it", "this", "that", "which", "there"):
        return False  # "people told us it wasn't working": the subject is a thing
    if writers and (
        lowered[-1] in ("we", "i") or (len(lowered) > 1 and lowered[-1] in _ADVERBS and lowered[-2] in ("we", "i"))
    ):
        return True  # "we failed to verify", "we also forgot"
    if lowered[-1] in PRONOUN_SUBJECTS or (
        len(lowered) > 1 and lowered[-1] in ("still", "just", "also", "then") and lowered[-2] in PRONOUN_SUBJECTS
    ):
        return True
    if _object_clause_subject(lowered):
        return False  # "The Operations Manager detected the EC2 instance had disappeared": the instance did
    # A role is the subject unless it is a possessive ("the vendor's documentation") or a group ("most
    # developers").
    if any(
        t in ROLE_NOUNS and (i == 0 or lowered[i - 1] not in QUANTIFIERS) and not _ambiguous_role(tokens, i)
        for i, t in enumerate(lowered)
    ):
        return True
    # A name (roster or heuristic) among the last words, or a capitalised non-word at the clause start.
    window_start = clause_start + before.rfind(tokens[0])
    if any(window_start <= s < start for s, _ in names):
        return True
    last = tokens[-1]
    plural_or_noun = (
        last.endswith("s") and not last.endswith(("ss", "us", "is", "os", "as"))
    ) or last.casefold().endswith(NOUN_ENDINGS)
    return len(tokens) <= 2 and name_like(last, lowercase) and not plural_or_noun


_IRREGULAR = frozenset(IRREGULAR_PAST.split("|"))


def _object_clause_subject(lowered: list[str]) -> bool:
    """Whether the words before a match end in a clause reported by a verb, with a thing as its subject
    ("... detected the EC2 instance had"): whoever detected it is not who did what follows."""
    # The match must be the reported clause's own verb, after its auxiliary ("the instance had disappeared");
    # "Tom merged the PR without asking" is Tom's.
    if len(lowered) < 4 or lowered[-1] not in ("had", "has", "have", "was", "were", "is", "are"):
        return False
    dets = [i for i, t in enumerate(lowered[:-1]) if t in ("the", "a", "an", "its")]
    if not dets or dets[-1] == 0 or len(lowered) - 1 - dets[-1] > 4:
        return False
    j = dets[-1]
    verb = lowered[j - 1]
    if not (verb.endswith("ed") or verb in _IRREGULAR):
        return False
    rest = lowered[j + 1 : -1]
    people = ROLE_NOUNS | PRONOUN_SUBJECTS | {"and", "or", "but", "yet", "then", "we", "who"}
    return bool(rest) and not any(t in people or t.rstrip("s") in ROLE_NOUNS for t in rest)


# Words between a clause's start and "be careful" that leave it an imperative or a demand.
_DEMAND_WORDS = word_set(
    "will ll should must can could would need needs to have has always please also just really all simply so"
    " then now next time going forward again from on"
)


def demanded(text: str, start: int, names: list[tuple[int, int]], lowercase: set[str]) -> bool:
    """Whether the words before ``start`` make "be careful" an imperative ("Next time, be more careful") or
    a demand on people ("engineers must be more vigilant", "we should be more careful"); not a choice
    described ("we decided to be careful") or a thing ("the audit will be thorough")."""
    tokens = list(WORD.finditer(text, _clause_start(text, start, breaks=".!?;:,|\n()"), start))
    while tokens and tokens[-1].group().casefold().strip("'’") in _DEMAND_WORDS:
        tokens.pop()
    if not tokens or tokens[-1].group().casefold() in ("we", "i", "you"):
        return True  # asked of ourselves too: being careful is still no mechanism
    return person_subject(text, tokens[-1].end(), names, lowercase)


_EXPOSED = re.compile(rf"\s+(?:\w+ly\s+)?(?:{EXPOSURE})\b", re.IGNORECASE)
_ROLE_WORD = re.compile(rf"\b(?:{ROLE})(?:'s|s)?\b", re.IGNORECASE)
_PEOPLE_PRONOUNS = word_set("he she i you we they someone somebody anyone anybody everyone nobody")
_STAND_INS = word_set("they someone somebody anyone anybody")  # for the responders, or for an attacker
_ADVERSARY = re.compile(r"\b(?:attackers?|hackers?|adversar(?:y|ies)|intruders?|malicious|threat\s+actors?)\b", re.I)


def risk_weighed(text: str, match: re.Match, names: list[tuple[int, int]], lowercase: set[str]) -> bool:
    """Whether "could have <verb>" weighs a harm ("they could have captured the code", "it could have
    affected more users") rather than judging a named person or role ("Priya could have obtained sign-off",
    "she could have intercepted it", "the engineer could have affected fewer customers by waiting")."""
    if not _EXPOSED.match(text, match.end()):
        return False
    start = _clause_start(text, match.start())
    if any(start <= s < match.start() for s, _ in names) or _ROLE_WORD.search(text, start, match.start()):
        return False
    words = [w.group() for w in WORD.finditer(text, start, match.start())]
    people = {w.casefold() for w in words} & _PEOPLE_PRONOUNS
    if people - _STAND_INS:
        return False
    # "they" or "someone" weighs a harm only in a paragraph about an attacker ("since the attacker was in
    # between, they could have captured the code"); otherwise it is hindsight about the responders.
    paragraph = max(text.rfind("\n\n", 0, match.start()) + 2, match.start() - 300, 0)
    if people and not _ADVERSARY.search(text, paragraph, match.start()):
        return False
    return not (words and name_like(words[0], lowercase))
