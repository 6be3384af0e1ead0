"""Whether a person (pronoun, role or name) is the subject just before a phrase, a demand is made of people,
or a harm is weighed rather than hindsight judged."""

import re

from pulse.lint.names.words import name_like
from pulse.lint.rule import ROLE
from pulse.lint.segments import WORD
from pulse.lint.vocabulary import (
    AMBIGUOUS_ROLES,
    EXPOSURE,
    IRREGULAR_PAST,
    NOUN_ENDINGS,
    PEOPLE_AFTER,
    PRONOUN_SUBJECTS,
    QUANTIFIERS,
    ROLE_NOUNS,
    SUBORDINATORS,
    THING_NOUNS,
    word_set,
)

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


_ADVERBS = word_set(
    "still just also then again simply completely probably really definitely certainly clearly obviously"
)


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
    if any(s < start and e > window_start for s, e in names):  # a handle's '@' stands before its word
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
