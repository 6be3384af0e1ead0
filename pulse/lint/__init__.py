"""The blame-language check: find what points at a person instead of at the system.

A blameless review describes roles, conditions and decisions, never culprits. ``lint_text`` flags:

- ``name``: a name from the roster the facilitator pasted (full name, or a capitalised part of it);
- ``possible-name``: a capitalised word that behaves like a person's name (a heuristic: it is
  followed by something people do, preceded by something done to people, or possessive);
- ``email`` and ``handle``: contact details, with the expressions ``pulse.scrub`` scrubs;
- ``blame``: phrasing that assigns fault (human error, failed to, forgot to, didn't follow, who caused,
  idioms such as "threw ... under the bus", passive blame, "because of <person>");
- ``counterfactual``: hindsight (should / could / would have, if only, if X had, had X done);
- ``judgement``: words that judge a person (careless, negligent, lazy, obviously);
- ``blaming-tone``: a whole sentence that a small classifier (TF-IDF and logistic regression, trained at
  first use on the tuning rounds of ``data/lint-labelled.csv``) reads as blaming, when no rule above
  flagged its phrasing: idioms, sarcasm and framings the rules do not know.

Each finding carries its span in the text, its kind and a reframing question: the point is to ask a
better question, not to forbid words, so a facilitator may waive a finding with a reason.
Markdown code, links and URLs are not checked.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pulse.errors import PulseError
from pulse.scrub import EMAIL, HANDLE

KINDS = ("name", "possible-name", "email", "handle", "blame", "counterfactual", "judgement", "blaming-tone")

QUESTIONS = {
    "name": "Which role was involved? Describe the role (e.g. 'the on-call engineer'), not the person.",
    "possible-name": "Is this a person? If so, name the role instead; if it is a system or product, waive it.",
    "email": "Contact details identify a person: which role or team is meant?",
    "handle": "A handle identifies a person: which role or team is meant?",
    "blame": "What made this look like the right action at the time?",
    "counterfactual": "What did people know at that moment, and what made the other path hard to see?",
    "judgement": "Which conditions (time pressure, tooling, information, workload) shaped what happened?",
    "blaming-tone": "This sentence reads as pointing at someone: what about the situation (information, time,"
    " tools, pressure) made their actions make sense then?",
}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- word lists --------------------------------------------------------------------------------

# Capitalised words that are not people: sentence words, calendar, places of work, common tools.
_NOT_NAMES = _word_set(
    """
    a an the this that these those it its we us our ours they them their he him his she her hers i me my
    you your yours there here then when while after before during since until if but and or nor so
    because as at on in of for by to with from into onto over under about also however meanwhile later
    nobody everyone everybody someone somebody anyone anybody nothing something everything none who what
    why how which where whom whose whoever yes no not all some each every both either neither one two three
    four five six seven eight nine ten first second third next last once today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    christmas easter q1 q2 q3 q4 am pm utc gmt cet est pst
    action actions note notes summary timeline impact team teams review retro sprint standup
    incident outage customer customers production prod staging canary release deploy deployment
    red amber green blue yellow orange
    kubernetes docker jenkins github gitlab bitbucket jira confluence slack zoom pagerduty opsgenie grafana
    prometheus datadog splunk kibana elasticsearch elastic kafka redis postgres postgresql mysql mongo
    mongodb terraform ansible helm vault consul nginx apache linux windows mac macos android ios chrome
    firefox safari python java javascript typescript rust ruby rails django node react angular vue
    aws azure gcp google amazon microsoft apple excel outlook gmail sentry airflow spark snowflake
    bigquery tableau looker salesforce zendesk stripe figma notion trello asana cloudflare akamai okta
    heroku vercel netlify argo argocd istio envoy lambda dynamodb cloudwatch cloudfront fastly twilio
    sendgrid scrum kanban agile safe okr okrs sre devops api sdk cli ci cd
    english french german spanish dutch europe america asia africa australia london berlin paris
    streamlit duckdb pandas pyarrow numpy scipy scikit-learn sklearn altair click argon2 pytest hypothesis
    ruff playwright torch teampulse rundeck
    """
)

_PRONOUN_SUBJECTS = _word_set("he she they you i someone somebody whoever anyone anybody")
_ROLE_NOUNS = _word_set(
    """
    engineer engineers developer developers dev devs operator operators admin administrator on-call oncall
    sre reviewer reviewers tester testers qa manager managers lead leads intern interns hire contractor
    contractors person people author approver analyst designer owner architect consultant commander
    coordinator support sales ops colleague colleagues guy guys master agent pm po boss junior senior newbie
    rep team squad department marketing finance legal trainee apprentice student newcomer member dba
    scientist crew staff vendor consultants director executive cto ceo vp supervisor programmer coder
    analysts designers architects admins managers dbas pms sres testers owners
    """
)

# Something people do: after a capitalised word it suggests a name.
_PERSON_VERBS = (
    r"said|says|told|tells|asked|asks|forgot|forgets|decided|decides|thought|knew|assumed|ignored|ignores"
    r"|missed|skipped|rushed|approved|merged|pushed|deleted|broke|breaks|messed|screwed|dropped|neglected"
    r"|refused|promised|agreed|insisted|complained|admitted|apologi[sz]ed|yelled|shouted|argued|interrupted"
    r"|wanted|noticed|reali[sz]ed|overlooked|misread|misunderstood|panicked|blamed|wrote|should|shouldn't"
    r"|should've|could've|would've|must|lied|mishandled|misjudged|botched|bungled|fumbled|underestimated"
    r"|overestimated|keeps|kept|went\s+ahead|chose|picked|typed|edited|wiped|refused"
    r"|(?:was|were)\s+(?:told|asked|warned|reminded|supposed|meant|expected|assigned|rude|late|careless|lazy)"
)
# Weaker evidence, used only mid-sentence where a capital already marks a proper noun.
_WEAK_VERBS = (
    r"was|wasn't|is|isn't|had|hadn't|has|did|didn't|does|doesn't|could|would|will|won't|can|can't|still"
    r"|also|just|then|again|got|made|took|gave|sent|went|came|left|ran|tried|kept|started|stopped|changed"
    r"|reviewed|replied|answered|called|paged|joined|thinks|knows|never|always"
    r"|couldn't|wouldn't|shouldn't|can't|won't|isn't|really|simply|clearly"
)
# Irregular past tenses: after a capitalised subject at a sentence start they suggest a person (the
# regular ones end in -ed and are matched as such).
_IRREGULAR_PAST = (
    r"blew|drove|held|sank|took|lost|spent|made|hid|left|gave|went|broke|ran|wrote|threw|shot|sold|bought"
    r"|brought|caught|fought|built|sent|kept|slept|swept|dug|stuck|struck|stole|tore|froze|chose|rode|fell"
    r"|forgot|got|hit|let|put|quit|shut|split|bit|led|fled|sat|said|told|knew|drew|saw|came|began|won|meant"
    r"|felt|dealt|heard|found|paid|laid|understood|stood|undid|overrode|oversaw|mistook|misled"
)
_PERSON_PRECEDERS = _word_set(
    """
    asked ask told tell thanked thank blamed blame pinged ping paged page called call cc contact contacted
    emailed messaged by did does didn't doesn't was wasn't is isn't had hadn't has should could would why
    whom mr mrs ms dr prof let
    """
)
# "talked to Bob", "paired with Bob", "a message from Bob"; not "migrated to Vault" or "integrated with Stripe".
_SOCIAL_PREPOSITIONS = _word_set("to with from")
_SOCIAL_WORDS = _word_set(
    """
    talked spoke speak speaking sent send reported report handed hand explained explain wrote write
    escalated escalate passed assigned gave give mentioned said replied reply message messages email emails
    note feedback request requests help approval question questions complaint paired pair met meet worked
    work argued argue checked check discussed discuss agreed disagreed call chat conversation apology
    listened listen asked reached deferred pinged thanks
    """
)
_TITLES = _word_set("mr mrs ms dr prof")
# "most developers don't ...": a statement about a group, not about someone.
_QUANTIFIERS = _word_set("most many some few several")
_SUBORDINATORS = _word_set(
    "that which who whom whoever when whenever while because as after before if since until unless where so"
    " though although whereas once"
)

# Things only people do (or fail to do): "failed to check", "didn't escalate".
_HUMAN_ACTIONS = (
    r"follow|check|test|notice|read|ask|tell|inform|warn|review|verify|respond|reply|bother|think|listen"
    r"|communicate|document|update|report|mention|escalate|acknowledge|consider|double-check|look|pay|plan"
    r"|prepare|anticipate|understand|reali[sz]e|raise|flag|coordinate|consult|wait|heed|learn|catch|spot"
    r"|remember|prioriti[sz]e|delegate|care|know|understand|listen|try|bother|help"
)
_BAD_OUTCOMES = (
    r"outage|incident|failure|breach|leak|bug|mistake|problem|issue|delay|mess|error|crash|downtime|loss"
    r"|damage|disaster|fiasco|slip"
)
# Past participles after "had" in a counterfactual ("if X had done ..."): regular ones end in -ed.
_PARTICIPLES = (
    r"[a-z]+ed|done|known|seen|told|taken|given|gone|made|run|written|read|caught|kept|left|sent|thought"
    r"|spoken|found|put|set|let|got|gotten|paid|heard|understood|chosen|begun|shown|spent|built|brought"
)
_ADVICE = (
    r"warnings?|alerts?|advice|instructions?|process|runbook|checklist|review|feedback|guidelines?|procedures?"
    r"|policy|polic(?:y|ies)|rules?|recommendations?|errors?|signs?|messages?|pages?|requests?"
)


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern
    question: str = ""
    person_subject: bool = False  # only when a person (pronoun, role, capitalised name) is the subject
    name_group: bool = False  # a group "name", when it matched, must look like a person's name


def _rule(kind: str, pattern: str, question: str = "", person_subject: bool = False) -> _Rule:
    return _Rule(
        kind, re.compile(pattern, re.IGNORECASE), question or QUESTIONS[kind], person_subject, "(?P<name>" in pattern
    )


# "the on-call engineer", "an admin", "our PM", "the support team's": a role rather than a thing.
_ROLE = "|".join(sorted((re.escape(r) for r in _ROLE_NOUNS), key=len, reverse=True))
_ROLE_PHRASE = (
    rf"(?:the|a|an|our|their|one|some|that|this|his|her|my|your)\s+(?:[\w-]+\s+){{0,3}}?(?:{_ROLE})(?:'s|s)?\b"
)
# A capitalised word (checked afterwards with the name heuristics' word lists).
_NAME = r"(?P<name>(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?))"
_BAD_PASSIVES = (
    r"dropped|deleted|missed|lost|triggered|caused|muted|silenced|taken\s+down|brought\s+down|broken|blown"
    r"|wiped|corrupted|crashed|ruined|botched|ignored|skipped|overlooked|introduced|disabled|leaked|exposed"
    r"|derailed|delayed|stalled|sabotaged|mishandled|overwritten|made"
)
_IDIOM_QUESTION = "What made this look like the right action at the time?"
_SARCASM_QUESTION = "Said plainly and without irony: which conditions shaped what happened?"


_RULES = (
    # blame
    _rule(
        "blame",
        r"\b(?:human|operator|user|pilot|people|individual|personal)\s+errors?\b",
        "What about the system made this error likely, and what would make it hard to repeat?",
    ),
    _rule(
        "blame",
        r"\bwho(?:ever)?\s+(?:caused|broke|is\s+responsible|was\s+responsible|messed\s+up)\b",
        "What conditions allowed this to happen?",
    ),
    _rule(
        "blame",
        r"\bwhose\s+fault\b|\b(?:'s|’s|his|her|their|your|my)\s+fault\b|\bthe\s+fault\s+of\b"
        r"|\bat\s+fault\b|\bculprits?\b|\bblam(?:e|ed|es|ing)\b",
        "What conditions allowed this to happen?",
    ),
    _rule(
        "blame",
        rf"\b(?:was|were|is|are)\s+responsible\s+for\s+(?:the|this|that|our|a|an)?\s*(?:\w+\s+)?"
        rf"(?:{_BAD_OUTCOMES})s?\b",
        "What conditions allowed this to happen?",
    ),
    _rule(
        "blame",
        r"\b(?:forgot|forgets|forgotten|neglected|neglects)\b",
        "What in the process relied on memory alone, and how could the system remind?",
    ),
    _rule("blame", rf"\bfail(?:ed|s)?\s+to\s+(?:{_HUMAN_ACTIONS})\b"),
    _rule(
        "blame",
        r"\b(?:didn't|did\s+not|didnt|never)\s+(?:follow|bother|think|read)\b",
        "What made the procedure hard to follow, or seem not to apply?",
    ),
    _rule(
        "blame",
        rf"\b(?:didn't|did\s+not|didnt|doesn't|does\s+not|don't|do\s+not|never|failed\s+to"
        rf"|wasn't|was\s+not|weren't|were\s+not|won't)"
        rf"\s+(?:even\s+|really\s+|bothering\s+to\s+|\w+ly\s+)?"
        rf"(?:(?:{_HUMAN_ACTIONS}|open|run)(?:e?d|s)?|\w+ing)\b",
        person_subject=True,
    ),
    _rule("blame", r"\bfail(?:ed|s)?\s+to\s+\w+", person_subject=True),
    _rule(
        "blame",
        r"\bwhoever\s+(?:\w+ed|wrote|did|made|broke|set|put|built|ran|took|left)\b"
        r"|\b(?:is|was|falls?|fell)\s+(?:squarely\s+|entirely\s+|all\s+)?on\s+(?:him|her|them|the\s+"
        r"(?:[\w-]+\s+)?(?:engineer|developer|manager|operator|lead|owner|team|reviewer|tester|intern))\b",
        "What conditions allowed this to happen?",
    ),
    _rule(
        "blame",
        r"\b(?:is|was|are|were)\s+(?:the\s+)?(?:main\s+|only\s+|real\s+|whole\s+)?reason\s+"
        r"(?:we|for|that|why)\b|\b(?:was|were|is|are)\s+too\s+(?:slow|late|lazy|careless|hasty|timid"
        r"|passive|distracted|tired)\b|\b(?:fell|was|were)\s+asleep\b",
        "What about staffing, signals or timing made this hard at that moment?",
        person_subject=True,
    ),
    _rule(
        "blame",
        r"\bshould\s+(?:know|understand|reali[sz]e|be\s+aware)\b",
        "What did people know at that moment, and how would they have learned more?",
        person_subject=True,
    ),
    _rule(
        "blame",
        rf"\bignor(?:ed|ing|es)\s+(?:the|a|an|his|her|their|our|all|every|my|your)?\s*"
        rf"(?:[\w-]+\s+){{0,3}}?(?:{_ADVICE})\b",
        "What made this signal easy to miss or to discount at the time?",
    ),
    _rule(
        "blame",
        r"\b(?:ignored|skipped|missed|broke|deleted|wiped|rushed|overlooked|misread|misunderstood"
        r"|misjudged|misconfigured|underestimated|overestimated|panicked|refused|overwrote|overwritten"
        r"|destroyed|corrupted|truncated|wasted)\b",
        person_subject=True,
    ),
    _rule(
        "blame",
        r"\b(?:accidentally|inadvertently|mistakenly|by\s+accident|by\s+mistake)\b",
        "What made this slip easy to make and hard to notice?",
    ),
    _rule(
        "blame",
        r"\blet\s+(?:\w+\s+){1,4}?(?:slip|through|go\s+unnoticed|expire|lapse|fail|break|rot"
        r"|run\s+out)\b|\blet\s+(?:this|that|it)\s+happen\b",
        "What made this easy to miss at the time?",
    ),
    _rule(
        "blame",
        r"\bwhose\s+(?:idea|fault|decision|call|mistake|change|responsibility)\b"
        r"|\bheld\s+(?:\w+\s+)?accountable\b"
        r"|\b(?:needs?|has|have|had|must|should|ought)\s+to\s+explain\s+(?:why|themselves|himself|herself)\b",
        "What conditions allowed this to happen?",
    ),
    _rule(
        "blame",
        r"\bwent\s+ahead\s+(?:anyway|regardless)\b|\bwithout\s+(?:telling|asking|checking|testing"
        r"|reading|thinking|permission|informing|consulting|understanding|handing|a\s+word)\b",
        "What made going ahead look reasonable at the time?",
        person_subject=True,
    ),
    _rule(
        "blame",
        r"\b(?:chose|picked|typed|ran|restarted|deployed|used|edited|deleted|pushed|merged|gave|did"
        r"|sent|clicked|selected)\s+(?:\w+\s+)?the\s+wrong\b",
        "What made the wrong option look like the right one at the time?",
        person_subject=True,
    ),
    _rule(
        "blame",
        r"\bdropped\s+the\s+ball\b|\b(?:screwed|messed)\s+(?:it\s+|this\s+|that\s+|things\s+)?up\b"
        r"|\bmade\s+(?:a|an|the)\s+(?:\w+\s+)?(?:mistake|error|blunder)\b"
        r"|\b(?:his|her|their|your)\s+(?:\w+\s+)?(?:mistake|error|blunder)\b"
        r"|\b(?:mistake|error|blunder)\s+(?:by|of)\s+(?:the|a|an|our)\b|\bblunder\b",
        "What made this look like the right action at the time?",
    ),
    _rule(
        "blame", r"\b(?:was|were)\s+supposed\s+to\b", "What made the expected step hard to do, or unclear, at the time?"
    ),
    _rule(
        "blame",
        r"\b(?:not\s+)?pa(?:y|id|ying)\s+(?:enough\s+|proper\s+|any\s+)?attention\b"
        r"|\black\s+of\s+(?:attention|care|focus|diligence|ownership)\b|\bcommon\s+sense\b",
        "What competed for attention at that moment?",
    ),
    _rule(
        "blame",
        r"\broot\s+cause\s+(?:was|is)\s+(?:that\s+)?(?:he|she|they|someone|somebody|the\s+"
        r"(?:engineer|developer|operator|intern|reviewer|manager))\b",
        "Which conditions, together, made this outcome possible?",
    ),
    # idioms that pin something on a person (each one came from a sentence of a tuning round)
    _rule(
        "blame",
        r"\bthr(?:ew|ow|own|owing|ows)\s+(?:[\w'-]+\s+){1,4}?under\s+the\s+bus\b|\brubber[- ]?stamp(?:ed|ing|s)?\b"
        r"|\bcut(?:s|ting)?\s+corners\b|\basleep\s+at\s+the\s+wheel\b|\bpass(?:ed|es|ing)?\s+the\s+buck\b"
        r"|\bthe\s+buck\s+stops\s+with\b|\bjump(?:ed|s|ing)?\s+the\s+gun\b|\bkick(?:ed|s|ing)?\s+the\s+can\b"
        r"|\bscrew(?:ed|s|ing)?\s+the\s+pooch\b|\bmissing\s+in\s+action\b"
        r"|\bbur(?:y|ied|ies|ying)\s+(?:his|her|their|its|our|your|my)\s+heads?\s+in\s+the\s+sand\b"
        r"|\bpull(?:ed|s|ing)?\s+the\s+rug\b|\bpig's\s+ear\b|\bmade\s+(?:a|an)\s+(?:\w+\s+)?mess\s+of\b"
        r"|\bfast\s+and\s+loose\b|\bsho(?:t|ot|ots|oting)\s+(?:himself|herself|themselves|ourselves|yourself"
        r"|myself|us|me|him|her|them)\s+in\s+the\s+foot\b|\bsee\s+the\s+(?:forest|wood)\s+for\s+the\s+trees\b"
        r"|\bchecked\s+out\s+mentally\b|\bmentally\s+checked\s+out\b"
        r"|\bbail(?:ed|s|ing)?\s+on\s+(?:us|them|me|him|her|the\s+team|everyone|everybody)\b"
        r"|\b(?:hung|hang|hangs|hanging)\s+(?:[\w'-]+\s+){1,3}?out\s+to\s+dry\b|\bweak\s+link\b"
        r"|\b(?:didn't|did\s+not|never|won't|wouldn't|not)\s+lift\s+a\s+finger\b"
        r"|\b(?:play(?:ed|s|ing)?\s+favou?rites|favou?ritism)\b|\bmess(?:ed|ing)?\s+(?:around|about)\b"
        r"|\b(?:approved|reviewed|merged|signed\s+off)\s+(?:on\s+)?(?:his|her|their)\s+own\b",
        _IDIOM_QUESTION,
    ),
    _rule(
        "judgement",
        r"\bout\s+of\s+(?:his|her|their|my|your)\s+depth\b|\b(?:not|isn't|wasn't|aren't|weren't)\s+fit\s+"
        r"(?:for|to)\b|\bunfit\s+(?:for|to)\b|\bno\s+clue\b|\b(?:why|what|how|who)\s+on\s+earth\b"
        r"|\b(?:couldn't|could\s+not|can't|cannot|never)\s+make\s+up\s+(?:his|her|their|your|my)\s+mind\b"
        r"|\bfudg(?:e|ed|es|ing)\b|\bghost(?:ed|ing)\b|\bbother(?:ed|s)?\s+to\b"
        r"|\bto\s+make\s+(?:[\w'-]+\s+){1,3}?look\s+(?:good|better|fine|green)\b"
        r"|(?:'s|\bhis|\bher|\btheir|\byour)\s+(?:attitude|ego)\b",
    ),
    _rule(
        "judgement",
        r"\bwhat\s+could\s+(?:possibly\s+)?go\s+wrong\b|\bbrilliant\s+move\b|\bway\s+to\s+go\b"
        r"|\bmasterpiece\b|\blovely\s+of\b",
        _SARCASM_QUESTION,
    ),
    _rule(
        "blame",
        rf"\bwith\s+(?:him|her|them|{_NAME})\s+in\s+charge\b"
        rf"|\b(?:pushed|forced|pressured|made)\s+(?:[\w'-]+\s+){{1,3}}?to\s+(?:skip|cut|rush|bypass|ignore)\b",
        "What pressures and information shaped the decisions at the time?",
    ),
    # passive blame and causes that are people: "was dropped by the new contractor", "because of Leila"
    _rule(
        "blame",
        rf"\b(?:was|were|been|being|got|is|are)\s+(?:\w+ly\s+)?(?:{_BAD_PASSIVES})\s+(?:[\w'-]+\s+){{0,2}}?"
        rf"(?:by|thanks\s+to|due\s+to|because\s+of)\s+(?:{_ROLE_PHRASE}|{_NAME}|someone|somebody|him|her|them)",
        "What conditions allowed this to happen?",
    ),
    _rule(
        "blame",
        rf"\b(?:because\s+of|due\s+to|caused\s+by)\s+(?:{_ROLE_PHRASE}|{_NAME}(?:'s)?\b)",
        "What conditions allowed this to happen?",
    ),
    _rule(
        "blame",
        rf"\b(?:is|was|are|were|falls?|fell)\s+(?:all\s+|entirely\s+|squarely\s+)?(?:down\s+to|on)\s+{_NAME}\b(?!')",
        "What conditions allowed this to happen?",
    ),
    _rule(
        "blame",
        rf"\b(?:is|was|are|were)\s+(?:all\s+|entirely\s+)?down\s+to\s+{_ROLE_PHRASE}",
        "What conditions allowed this to happen?",
    ),
    # things a person did, as the subject
    _rule(
        "blame",
        r"\b(?:sat|sits|sitting)\s+on\s+(?:it|(?:the|an?|this|that)\s+(?:[\w-]+\s+)?(?:alert|ticket|page|request"
        r"|pull\s+request|fix|review|report|issue|warning|email|message|change|bug|problem)s?)\b|\b(?:simply|just)\s+gave\s+up\b"
        r"|\bgave\s+up\s+(?:halfway|early|on\s+(?:us|the\s+team))\b"
        r"|\bdropped\s+(?:a|an|the)\s+(?:\w+\s+)?(?:ticket|page|alert|request|call|handover|escalation)s?\b"
        r"|\b(?:was|were|got)\s+distracted\b|\b(?:hid|disappeared|vanished|sabotaged|trashed|derailed|leaked"
        r"|overcommit(?:ted|s)?)\b|\btoo\s+busy\s+(?!with|handling|working|fixing|dealing|responding)\w+ing\b"
        r"|\b(?:can't|cannot|couldn't|could\s+not)\s+(?:even\s+)?\w+\s+(?:simple|basic|the\s+simplest|obvious)\b"
        r"|\b(?:deliberately|intentionally|knowingly|wil?fully)\s+(?:bypassed|ignored|skipped|disabled|hid|withheld"
        r"|circumvented|overrode|broke)\b",
        "What made this look like the right action at the time?",
        person_subject=True,
    ),
    # counterfactual
    _rule(
        "counterfactual",
        r"\b(?:should|could|would|must|might|ought\s+to)(?:\s+not|n't)?\s+"
        r"(?:\w+ly\s+|never\s+|just\s+|also\s+|still\s+|at\s+least\s+)?have\b"
        r"|\b(?:should|could|would|must|might)'ve\b",
    ),
    _rule("counterfactual", r"\bif\s+only\b"),
    _rule(
        "counterfactual",
        rf"\bif\s+(?:[\w'-]+\s+){{1,4}}?had(?:n't|\s+not)?\s+(?:been\s+|just\s+|only\s+)?"
        rf"(?:{_PARTICIPLES})\b",
    ),
    _rule(
        "counterfactual",
        rf"(?:^|(?<=[.!?:;]\s)|(?<=\n))\s*had\s+(?:[\w'-]+\s+){{1,3}}?(?:been\s+)?"
        rf"(?:{_PARTICIPLES}|\w+ing)\b",
    ),
    _rule("counterfactual", r"\bwhy\s+(?:didn't|did\s+not|wasn't|weren't|hadn't)\b"),
    # judgement
    _rule(
        "judgement",
        r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|lazy|lazily|laziness|sloppy|sloppi(?:ly|ness)"
        r"|incompeten(?:t|ce|tly)|reckless(?:ly|ness)?|stupid(?:ity|ly)?|dumb|idiot(?:ic|s)?|moron(?:ic|s)?"
        r"|irresponsib(?:le|ly|ility)|inexcusable|unprofessional(?:ly)?|rude(?:ly|ness)?|foolish(?:ly|ness)?"
        r"|clueless|useless|hopeless|pathetic|disgraceful|shameful|obvious(?:ly)?|blatant(?:ly)?|thoughtless(?:ly)?"
        r"|inattentive|lax|rookie|amateur(?:ish|s)?|cowboys?|unacceptable|boneheaded|half-hearted(?:ly)?"
        r"|arrogan(?:t|ce|tly)|stubborn(?:ness|ly)?|cursory|genius"
        r"|in\s+hindsight|botched|bungled|fumbled|mishandl(?:ed|ing)|lied|lying|dishonest(?:y|ly)?|rogue"
        r"|ignoran(?:t|ce)|hopeless|half-assed|lame|embarrassing|disgrace|unbelievable)\b"
        r"|\bcan(?:'t|not|\s+not)\s+believe\b|\bno\s+idea\s+what\s+(?:they|he|she|you|I)\b"
        r"|\b(?:couldn't|could\s+not|can't|cannot|wasn't|weren't)\s+be\s+bothered\b"
        r"|\bhow\s+could\s+(?:he|she|they|you|anyone|someone)\b",
    ),
    _rule(
        "judgement",
        r"\b(?:poor|bad|terrible|awful|lousy|shoddy|sloppy|careless)\s+(?:planning|judge?ment"
        r"|decisions?|decision-making|call|work|attitude|performance|communication|leadership"
        r"|choices?|job|effort|workmanship)\b|\bshould\s+know\s+better\b|\bno\s+excuse\b"
        r"|\b(?:doing|do|does|did)(?:n't|\s+not)?\s+(?:his|her|their|your|my)\s+job\b"
        r"|\black\s+of\s+(?:experience|skills?|competence|knowledge|discipline|professionalism"
        r"|effort|judge?ment|responsibility|accountability|commitment)\b",
    ),
    _rule(
        "judgement",
        r"\b(?:keeps|kept|keep)\s+(?:on\s+)?\w+ing\b",
        "What pattern in the work, rather than in the person, makes this recur?",
        person_subject=True,
    ),
    _rule(
        "judgement",
        r"\b(?:always|never)\s+\w+s\b",
        "What pattern in the work, rather than in the person, makes this recur?",
        person_subject=True,
    ),
)

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Endings of common nouns ("Pressure", "Testing", "Ownership") rather than of given names.
_NOUN_ENDINGS = (
    "ing",
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ance",
    "ence",
    "ure",
    "age",
    "ism",
    "ogy",
    "ics",
    "ship",
    "hood",
    "dom",
    "ery",
    "ory",
    "ers",
    "ors",
    "ists",
    "ies",
    "als",
    "ents",
    "ants",
)
# A past tense right after the word, perhaps after an adverb: "Marcus blew", "Kofi really screwed".
_ACTS = re.compile(rf"(?:[a-z]+ly\s+)?(?:[a-z]{{2,}}ed|{_IRREGULAR_PAST})\b")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n]")
# Markdown code (fenced and inline), link targets and bare URLs are masked before checking.
_MASKED = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`|\]\([^)\s]*\)|\bhttps?://\S+|\bwww\.\S+", re.DOTALL)
_STRONG_NEXT = re.compile(rf"(?:{_PERSON_VERBS})\b", re.IGNORECASE)
_WEAK_NEXT = re.compile(rf"(?:{_PERSON_VERBS}|{_WEAK_VERBS})\b", re.IGNORECASE)
_HUMAN_NEGATION = re.compile(rf"(?:didn't|did\s+not|never|failed\s+to)\s+(?:{_HUMAN_ACTIONS})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One thing to fix or waive: where it is (``start``/``end`` in the text; 1-based ``line`` and
    ``column``), what it is (``kind``, one of ``KINDS``), the words, and a question to reframe them."""

    start: int
    end: int
    kind: str
    text: str
    question: str
    line: int = 1
    column: int = 1

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Roster:
    """Names of the people involved, each with an optional role used to replace it.

    Parsed from pasted text, one person a line: ``Alice Smith``, ``Alice Smith, on-call engineer``
    (a tab, ``;``, ``:`` or `` - `` also separate the role). Lines starting with ``#`` are ignored.
    """

    entries: tuple[tuple[str, str | None], ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.entries)

    @property
    def names(self) -> list[str]:
        """Full names, then their capitalised parts (at least two letters), without duplicates."""
        out: list[str] = []
        for name, _ in self.entries:
            out.append(name)
        for name, _ in self.entries:
            out.extend(_name_parts(name))
        return list(dict.fromkeys(out))

    def role_of(self, name: str) -> str | None:
        folded = name.casefold()
        for full, role in self.entries:
            if full.casefold() == folded or folded in (p.casefold() for p in _name_parts(full)):
                return role
        return None


def _name_parts(name: str) -> list[str]:
    parts = name.split()
    if len(parts) < 2:
        return []
    return [p for p in parts if len(p) >= 2 and p[0].isupper() and not p.isupper()]


_ROSTER_SPLIT = re.compile(r"\t|;|,|:|\s+-\s+|\s+–\s+")


def parse_roster(text: str) -> Roster:
    """A roster from pasted text: one person a line, optionally followed by their role."""
    entries: dict[str, str | None] = {}
    for raw in str(text).splitlines():
        line = EMAIL.sub(" ", re.sub(r"<[^<>]*>", " ", raw)).strip()
        if not line or line.startswith("#"):
            continue
        name, role = _split_roster_line(line)
        if name.casefold() in ("name", "names", "person"):
            continue  # a header row
        if name:
            entries.setdefault(name, role or None)
    return Roster(tuple(entries.items()))


def _split_roster_line(line: str) -> tuple[str, str]:
    pieces = _ROSTER_SPLIT.split(line, maxsplit=1)
    name = " ".join(pieces[0].split())
    role = " ".join(pieces[1].split()) if len(pieces) > 1 else ""
    return name, role


def read_roster(path: str | Path) -> Roster:
    try:
        return parse_roster(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise PulseError(f"cannot read roster {path}: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise PulseError(f"roster {path} is not UTF-8 text") from e


def as_roster(value) -> Roster:
    """Accept a Roster, pasted roster text, a mapping name -> role, or an iterable of names."""
    if value is None:
        return Roster()
    if isinstance(value, Roster):
        return value
    if isinstance(value, str):
        return parse_roster(value)
    if isinstance(value, Mapping):
        return Roster(tuple((" ".join(str(k).split()), v or None) for k, v in value.items() if str(k).strip()))
    if isinstance(value, Iterable):
        return Roster(tuple((" ".join(str(n).split()), None) for n in value if str(n).strip()))
    raise TypeError(f"cannot use {type(value).__name__} as a roster")


# --- checking ------------------------------------------------------------------------------------


def lint_text(text: str, roster=None) -> list[Finding]:
    """Every finding in ``text``, in reading order; an empty list means nothing to reframe."""
    if not text:
        return []
    roster = as_roster(roster)
    # Same length as the text, so spans stay valid: masked markup, and one kind of apostrophe.
    checked = _MASKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text).replace("’", "'")
    found: list[tuple[int, int, str, str]] = []  # start, end, kind, question
    for m in EMAIL.finditer(checked):
        found.append((m.start(), m.end(), "email", QUESTIONS["email"]))
    for m in HANDLE.finditer(checked):
        found.append((m.start(), m.end(), "handle", QUESTIONS["handle"]))
    for start, end in _roster_spans(checked, roster):
        found.append((start, end, "name", QUESTIONS["name"]))
    names = [(s, e) for s, e, k, _ in found if k == "name"]
    lowercase = _lowercase_words(checked)
    for start, end in _possible_names(checked, lowercase):
        found.append((start, end, "possible-name", QUESTIONS["possible-name"]))
    names += [(s, e) for s, e, k, _ in found if k == "possible-name"]
    for rule in _RULES:
        for m in rule.pattern.finditer(checked):
            if rule.person_subject and not _person_subject(checked, m.start(), names, lowercase):
                continue
            if rule.name_group and m.group("name") and not _name_like(m.group("name"), lowercase):
                continue
            found.append((m.start(), m.end(), rule.kind, rule.question))
    for start, end in _blaming_tone(checked, found):
        found.append((start, end, "blaming-tone", QUESTIONS["blaming-tone"]))
    return _finalise(text, found)


def _lowercase_words(text: str) -> set[str]:
    """Words written in lower case here or in the labelled sentences: common words, not names."""
    return _lowercase_in(text) | _common_words()


def _lowercase_in(text: str) -> set[str]:
    # Not in contact details: "@dana.k" does not make "Dana" a common word.
    text = HANDLE.sub(" ", EMAIL.sub(" ", text))
    return {m.group() for m in _WORD.finditer(text) if m.group().islower()}


def _name_like(word: str, lowercase: set[str]) -> bool:
    return _is_candidate(word) and word.casefold() not in lowercase


def _finalise(text: str, found: list[tuple[int, int, str, str]]) -> list[Finding]:
    # Identity findings outrank phrasing; among identities, contact details and roster names outrank
    # the heuristic. A finding inside a stronger one of the same family is dropped.
    rank = {"email": 0, "handle": 1, "name": 2, "possible-name": 3}
    identities = sorted((f for f in found if f[2] in rank), key=lambda f: (rank[f[2]], f[0]))
    kept: list[tuple[int, int, str, str]] = []
    for f in identities:
        if not any(k[0] < f[1] and f[0] < k[1] for k in kept):
            kept.append(f)
    phrasing: list[tuple[int, int, str, str]] = []
    for f in sorted((f for f in found if f[2] not in rank), key=lambda f: (f[0], -(f[1] - f[0]))):
        if not any(p[0] <= f[0] and f[1] <= p[1] for p in phrasing):
            phrasing.append(f)
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out = []
    for start, end, kind, question in sorted(kept + phrasing):
        line = _line_of(line_starts, start)
        out.append(Finding(start, end, kind, text[start:end], question, line + 1, start - line_starts[line] + 1))
    return out


def _line_of(line_starts: list[int], offset: int) -> int:
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _name_pattern(name: str, whole: bool) -> re.Pattern:
    body = r"\s+".join(re.escape(p) for p in name.split())
    flags = re.IGNORECASE if whole else 0
    return re.compile(rf"(?<![\w@.]){body}(?:['’]s)?(?![\w@])", flags)


def _roster_patterns(roster: Roster) -> list[re.Pattern]:
    # A full name matches in any case; a single part only capitalised ("Will", not "will").
    patterns = []
    for name, _ in roster.entries:
        patterns.append(_name_pattern(name, whole=len(name.split()) > 1))
    for part in {p for name, _ in roster.entries for p in _name_parts(name)}:
        patterns.append(_name_pattern(part, whole=False))
    return patterns


def _roster_spans(text: str, roster: Roster) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _roster_patterns(roster):
        for m in pattern.finditer(text):
            if not any(s <= m.start() and m.end() <= e for s, e in spans):
                spans.append((m.start(), m.end()))
    return spans


_CAMEL_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "O'")


def _is_candidate(word: str) -> bool:
    base = re.sub(r"['’]s$", "", word)
    return (
        len(base) >= 2
        and base[0].isupper()
        and not base.isupper()
        and base.casefold() not in _NOT_NAMES
        and base.casefold() not in _ROLE_NOUNS
        and "'" not in base
        and "’" not in base
        and not any(part.casefold() in _NOT_NAMES for part in base.split("-"))
        and not _camel_case(base)
    )


def _camel_case(word: str) -> bool:
    """Product spellings ("DuckDB", "PagerDuty", "GitHub"); not "McDonald" or "DeShawn"."""
    if not any(ch.isupper() for ch in word[1:]):
        return False
    return not any(word.startswith(p) and word[len(p) : len(p) + 1].isupper() for p in _CAMEL_PREFIXES)


def _sentence_start(text: str, start: int) -> bool:
    """True when only digits, punctuation and markup stand between a sentence break and ``start``."""
    i = start - 1
    while i >= 0 and not _SENTENCE_BREAK.match(text[i]):
        if text[i].isalpha():
            return False
        i -= 1
    return True


def _possible_names(text: str, lowercase: set[str]) -> list[tuple[int, int]]:
    """Spans of capitalised words acting like names. ``lowercase``: words also written in lower case (in
    this text, or in the labelled sentences) are common words ("Code copied ...", "Security rotated ..."):
    alone, a verb after one is no evidence of a person."""
    words = list(_WORD.finditer(text))
    flagged: set[int] = set()
    for i, m in enumerate(words):
        word = m.group()
        if not _is_candidate(word):
            continue
        after = text[m.end() : m.end() + 40].lstrip(" ,")
        at_start = _sentence_start(text, m.start())
        prev = words[i - 1].group().casefold() if i > 0 and not at_start else ""
        possessive = word.endswith(("'s", "’s"))
        base = word[:-2] if possessive else word
        common = base.casefold() in lowercase
        noun_like = base.casefold().endswith(_NOUN_ENDINGS)
        plural_like = base.endswith("s") and not base.endswith(("ss", "us", "is", "os", "as"))
        acts = bool(_ACTS.match(after)) and not noun_like and not plural_like and not common
        if at_start:
            evidence = bool(_STRONG_NEXT.match(after)) or bool(_HUMAN_NEGATION.match(after))
            evidence = evidence or acts or (possessive and not noun_like and not common)
        else:
            before_prev = words[i - 2].group().casefold() if i > 1 else ""
            social = prev in _SOCIAL_PREPOSITIONS and before_prev in _SOCIAL_WORDS
            weak = bool(_WEAK_NEXT.match(after)) and not common
            evidence = possessive or social or prev in _PERSON_PRECEDERS or weak or acts
        if evidence:
            flagged.add(i)
    # "Alice and Bob argued": a name joined to a flagged one by "and"/"or" is a name too.
    for i in sorted(flagged):
        for j in (i - 2, i + 2):
            joined = 0 <= j < len(words) and words[(i + j) // 2].group().casefold() in ("and", "or")
            if joined and _is_candidate(words[j].group()):
                flagged.add(j)
    spans = []
    for i in sorted(flagged):
        m = words[i]
        end = m.end() - (2 if m.group().endswith(("'s", "’s")) else 0)
        spans.append((m.start(), end))
    return spans


def _person_subject(text: str, start: int, names: list[tuple[int, int]], lowercase: set[str]) -> bool:
    """Whether the words just before ``start`` (in the same clause) name a person."""
    clause_start = start
    while clause_start > 0 and text[clause_start - 1] not in ".!?;:,|\n":
        clause_start -= 1
    before = text[clause_start:start]
    tokens = [w.group() for w in _WORD.finditer(before)]
    # Only the innermost clause: in "the engineer noticed that messages disappeared" the subject of
    # "disappeared" is "messages"; "someone who ..." is a person.
    cuts = [i for i, t in enumerate(tokens) if t.casefold() in _SUBORDINATORS]
    if cuts:
        if tokens[cuts[-1]].casefold() in ("who", "whoever") and len(tokens) - cuts[-1] <= 3:
            return True
        tokens = tokens[cuts[-1] + 1 :]
    tokens = tokens[-6:]
    if not tokens:
        return False
    lowered = [t.casefold() for t in tokens]
    if lowered[-1] in _PRONOUN_SUBJECTS or (
        len(lowered) > 1 and lowered[-1] in ("still", "just", "also", "then") and lowered[-2] in _PRONOUN_SUBJECTS
    ):
        return True
    # A role is the subject unless it is a possessive ("the vendor's documentation") or a group ("most
    # developers").
    if any(t in _ROLE_NOUNS and (i == 0 or lowered[i - 1] not in _QUANTIFIERS) for i, t in enumerate(lowered)):
        return True
    # A name (roster or heuristic) among the last words, or a capitalised non-word at the clause start.
    window_start = clause_start + before.rfind(tokens[0])
    if any(window_start <= s < start for s, _ in names):
        return True
    last = tokens[-1]
    plural_or_noun = (
        last.endswith("s") and not last.endswith(("ss", "us", "is", "os", "as"))
    ) or last.casefold().endswith(_NOUN_ENDINGS)
    return len(tokens) <= 2 and _name_like(last, lowercase) and not plural_or_noun


# --- the blaming-tone classifier --------------------------------------------------------------------

# The labelled sentences: the classifier is trained on the rounds the rules were tuned on, at first use.
TRAINING_DATA = Path(__file__).resolve().parents[2] / "data" / "lint-labelled.csv"
TRAINING_ROUNDS = ("round1", "round2", "round3", "round4", "round6")
# Probability of "blaming" above which a sentence with no other phrasing finding gets a blaming-tone one.
TONE_THRESHOLD = 0.84
_MIN_TONE_WORDS = 6  # shorter fragments (table cells, commands) are left to the rules
# Sentence ends, blank lines, Markdown list items, headings and table cells.
_SEGMENT_BREAK = re.compile(r"(?<=[.!?])[\"')\]’”]*\s+|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+>#]|\d+[.)])\s)|\|")
_SEGMENT_LEAD = re.compile(r"[\s\"'“‘(\[]*(?:(?:[-*+>#]+|\d+[.)])\s+)?[\s\"'“‘(\[]*")
_PHRASING = ("blame", "counterfactual", "judgement")


@functools.cache
def training_sentences() -> tuple[tuple[str, bool], ...]:
    """(text, blaming) for the labelled sentences of ``TRAINING_ROUNDS``; empty when the file is absent."""
    try:
        with TRAINING_DATA.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        return tuple((r["text"], r["label"] == "blaming") for r in rows if r["split"] in TRAINING_ROUNDS)
    except (OSError, UnicodeDecodeError, KeyError, csv.Error):
        return ()


@functools.cache
def _common_words() -> frozenset[str]:
    return frozenset(w for text, _ in training_sentences() for w in _lowercase_in(text))


def tone_features(text: str) -> str:
    """What the classifier reads: the text without words that may be names (a name is a finding of its
    own; left in, the classifier learns that any name is blaming, as no neutral sentence has one)."""
    lowercase = _lowercase_words(text)
    out, last = [], 0
    for m in _WORD.finditer(text):
        base = re.sub(r"'s$", "", m.group())
        if _is_candidate(base) and base.casefold() not in lowercase:
            out.append(text[last : m.start()])
            last = m.end()
    return " ".join("".join(out).split() + text[last:].split())


def make_tone_model():
    """An unfitted pipeline: TF-IDF of words (1-2) and characters (2-5), then logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    return make_pipeline(features, LogisticRegression(C=30.0, class_weight="balanced", max_iter=2000, random_state=0))


@functools.cache
def tone_model():
    """The classifier fitted on the training rounds (cached), or None without labelled data."""
    rows = training_sentences()
    if len({blaming for _, blaming in rows}) < 2:
        return None
    return make_tone_model().fit([tone_features(t) for t, _ in rows], [int(b) for _, b in rows])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences (and list items, headings, table cells) as spans, without leading markup."""
    spans, start = [], 0
    for m in [*_SEGMENT_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        lead = _SEGMENT_LEAD.match(text, start, end)
        s = lead.end() if lead else start
        e = len(text[:end].rstrip())
        if e > s:
            spans.append((s, e))
        start = m.end() if m else len(text)
    return spans


def _blaming_tone(text: str, found: list[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """Sentences the classifier reads as blaming, when no rule already flagged their phrasing."""
    candidates = [
        (s, e)
        for s, e in sentence_spans(text)
        if len(_WORD.findall(text[s:e])) >= _MIN_TONE_WORDS
        and not any(k in _PHRASING and fs < e and s < fe for fs, fe, k, _ in found)
    ]
    model = tone_model() if candidates else None
    if model is None:
        return []
    scores = model.predict_proba([tone_features(text[s:e]) for s, e in candidates])[:, 1]
    return [span for span, p in zip(candidates, scores, strict=True) if p >= TONE_THRESHOLD]


# --- rewriting -----------------------------------------------------------------------------------


def replace_names(text: str, roster) -> str:
    """Replace every roster name in ``text`` with that person's role (or "a team member")."""
    roster = as_roster(roster)
    if not roster or not text:
        return text
    spans = []
    for pattern in _roster_patterns(roster):
        for m in pattern.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                spans.append((m.start(), m.end(), m.group()))
    out = text
    for start, end, matched in sorted(spans, reverse=True):
        possessive = matched.endswith(("'s", "’s"))
        bare = matched[:-2] if possessive else matched
        replacement = _role_phrase(roster.role_of(" ".join(bare.split())))
        if possessive:
            replacement += "'s"
        if _sentence_start(out, start):
            replacement = replacement[0].upper() + replacement[1:]
        out = out[:start] + replacement + out[end:]
    return out


def _role_phrase(role: str | None) -> str:
    if not role:
        return "a team member"
    first = role.split()[0].casefold()
    if first in ("a", "an", "the", "our", "their") or role[0].isupper():
        return role
    return f"the {role}"


def count_by_kind(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for f in findings:
        counts[f.kind] += 1
    return {k: v for k, v in counts.items() if v}
