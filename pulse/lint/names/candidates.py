"""Capitalised words that behave like a person's name, without a roster or a model."""

import re

from pulse.lint.names.words import is_candidate, organisations_in, verb_form
from pulse.lint.segments import WORD, sentence_start
from pulse.lint.vocabulary import (
    HOLDINGS,
    HUMAN_ACTIONS,
    IRREGULAR_PAST,
    MIND_VERBS,
    NOUN_ENDINGS,
    ORGANISATION_SUFFIXES,
    PERSON_PRECEDERS,
    PERSON_VERBS,
    ROLE_NOUNS,
    SOCIAL_PREPOSITIONS,
    SOCIAL_WORDS,
    WEAK_VERBS,
)

# A past tense right after the word, perhaps after an adverb: "Marcus blew", "Kofi really screwed".
_ACTS = re.compile(rf"(?:[a-z]+ly\s+)?(?:[a-z]{{2,}}ed|{IRREGULAR_PAST})\b")
_STRONG_NEXT = re.compile(rf"(?:{PERSON_VERBS})\b", re.IGNORECASE)
_MIND_NEXT = re.compile(rf"(?:{MIND_VERBS})\b", re.IGNORECASE)
_WEAK_NEXT = re.compile(rf"(?:{PERSON_VERBS}|{WEAK_VERBS})\b", re.IGNORECASE)
# "Logistics x-route team", "Cloud Engineering", "Chia Network": a group's or an organisation's name.
_GROUP_AFTER = re.compile(
    r"(?:[\w-]+\s+)?(?:team|teams|department|squad|group|unit|division|org)\b"
    rf"|(?-i:(?:Engineering|Operations|Infrastructure|Platform|{'|'.join(sorted(ORGANISATION_SUFFIXES))})\b)"
)
_HOLDS = re.compile(HOLDINGS, re.IGNORECASE)
_HUMAN_NEGATION = re.compile(rf"(?:didn't|did\s+not|never|failed\s+to)\s+(?:{HUMAN_ACTIONS})\b", re.IGNORECASE)


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
