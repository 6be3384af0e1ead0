"""Judgements about people: names for a person's character or work ("careless", "incompetent", "poor
judgement"), scorn ("unacceptable", "pathetic"), "rogue" people and "always"/"never" as a pattern in
the person rather than in the work. Some apply only with a person in the segment ("agent"), "obvious(ly)"
only with someone other than the writers."""

from pulse.lint.rule import ROLE, rule
from pulse.lint.vocabulary import THING_NOUNS

JUDGEMENTS = (
    rule(
        "judgement",
        # "lazy-loaded", "lazily evaluated": the technical sense is no judgement.
        r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|(?:lazy|lazily)(?![-\s](?:load|evaluat|init|import|static"
        r"|lookups?\b|(?:db|database)\s+lookups?\b|iterat|resolv|eval|propert|fetch|compil|mount|render))"
        r"|laziness|sloppy|sloppi(?:ly|ness)"
        r"|incompeten(?:t|ce|tly)|reckless(?:ly|ness)?|stupid(?:ity|ly)?|idiot(?:ic|s)?|moron(?:ic|s)?"
        r"|irresponsib(?:le|ly|ility)|inexcusable|unprofessional(?:ly)?|rude(?:ly|ness)?|foolish(?:ly|ness)?"
        r"|clueless|thoughtless(?:ly)?"
        r"|inattentive|(?:lax|dumb)(?!\s+(?:input\s+validation|parsing|pipes?|terminals?)\b)"
        r"|rookie|amateur(?:ish|s)?|cowboys?|boneheaded|half-hearted(?:ly)?"
        r"|arrogan(?:t|ce|tly)|stubborn(?:ness|ly)?|cursory|genius"
        r"|botched|bungled|fumbled|mishandl(?:ed|ing)|dishonest(?:y|ly)?"
        r"|ignoran(?:t|ce)|half-assed|lame|wankers?|numpty|numpties|muppets?|bozos?|dumbass(?:es)?|nitwits?)\b"
        r"|\bcan(?:'t|not|\s+not)\s+believe\b|\bno\s+idea\s+what\s+(?:they|he|she|you|I)\b"
        r"|\b(?:couldn't|could\s+not|can't|cannot|wasn't|weren't)\s+be\s+bothered\b"
        r"|\bhow\s+could\s+(?:he|she|they|you|anyone|someone)\b",
    ),
    rule(
        "judgement",
        # Only about people: not "the underlying system" or "nothing obviously wrong" (what was seen).
        # Nor of what a failure did ("rendering them useless") or of an event ("an embarrassing and tragic mishap").
        r"(?<!anything\s)(?<!nothing\s)(?<!something\s)(?<!rendering\sthem\s)(?<!rendering\sit\s)"
        r"(?<!rendered\sthem\s)(?<!rendered\sit\s)(?<!render\sthem\s)(?<!render\sit\s)(?<!renders\sthem\s)"
        r"(?<!renders\sit\s)"
        r"\b(?:lied|lying|unacceptable|inexcusable|embarrassing|unbelievable|blatant(?:ly)?|useless|hopeless"
        r"|pathetic|disgraceful|shameful|disgrace)\b"
        r"(?!\s+(?:and\s+[\w-]+\s+)?(?:mishap|incident|outage|episode|moment|situation|event|experience|day|week"
        r"|period)s?\b(?!\s+(?:by|caused|from|of)\b))",
        agent=True,
    ),
    # Hindsight's word, said of someone else ("obviously the on-call should have seen it"); not the writers'
    # own plans ("there's obviously a lot we need to do") nor "for obvious reasons".
    rule(
        "judgement",
        r"(?<!anything\s)(?<!nothing\s)(?<!something\s)\b(?:obvious(?!\s+reasons?\b)|obviously)\b",
        agent="others",
    ),
    # "a rogue engineer", "went rogue"; not "the rogue container".
    rule(
        "judgement",
        rf"\bwent\s+rogue\b|\brogue\s+(?:[\w-]+\s+)?(?:{ROLE}|insider)s?\b(?!\s+(?:{THING_NOUNS})\b)",
    ),
    rule(
        "judgement",
        r"\b(?:poor|bad|terrible|awful|lousy|shoddy|sloppy|careless)\s+(?:planning|judge?ment"
        r"|decisions?|decision-making|call|work|attitude|communication|leadership"
        r"|choices?|job|effort|workmanship)\b|\bshould\s+know\s+better\b|\bno\s+excuse\b"
        r"|\black\s+of\s+(?:experience|skills?|competence|knowledge|discipline|professionalism"
        r"|effort|judge?ment|responsibility|accountability|commitment)\b",
    ),
    # Hindsight's phrase and a job not done, about people: not "In hindsight, it is most likely because the pod
    # only requests 100Mi" nor services that "could do their job".
    rule("judgement", r"\bin\s+hindsight\b", agent=True),
    rule(  # "In hindsight, the change should never have been approved"; not "it is most likely because ..."
        "judgement",
        r"\bin\s+hindsight\b(?=[^.!?\n]*\b(?:should|could|would|ought|mistakes?|decisions?|approv\w*|reckless|wrong"
        r"|poor|flawed|obvious(?:ly)?|risky|signs|choices?|missed|clear(?:ly)?|bad|careless)\b)",
    ),
    rule(
        "judgement",
        # The subject stands before the whole verb ("He did not do his job", "You need to do your job").
        r"(?<!\bcould\s)(?<!\bcan\s)(?<!\bwill\s)"
        r"\b(?:(?:did|does|do|was|were|is|are)(?:n't|\s+not)\s+|never\s+|failed\s+to\s+"
        r"|(?:need|needs|have|has|had)\s+to\s+)?(?:doing|do|does|did)(?:n't|\s+not)?\s+(?:his|her|their|your|my)\s+job\b",
        person_subject=True,
    ),
    rule(  # "Mike's poor performance"; not "leading to poor performance" of a system
        "judgement", r"\b(?:poor|bad|terrible|awful|lousy|shoddy|sloppy)\s+performance\b", agent=True
    ),
    rule(
        "judgement",
        # not a plan ("team members will keep testing")
        r"(?<!\bwill\s)(?<!'ll\s)(?<!\bto\s)\b(?:keeps|kept|keep)\s+(?:on\s+)?\w+ing\b",
        "What pattern in the work, rather than in the person, makes this recur?",
        person_subject=True,
    ),
    rule(
        "judgement",
        r"\b(?:always|never)\s+\w+s\b",
        "What pattern in the work, rather than in the person, makes this recur?",
        person_subject=True,
    ),
)
