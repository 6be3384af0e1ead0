"""The phrasing rules: regular expressions for blame, counterfactuals and judgements, each with the
reframing question its finding asks. Some apply only when a person is the subject of the phrase."""

from pulse.lint.culprits import CULPRITS
from pulse.lint.idioms import IDIOMS
from pulse.lint.judgements import JUDGEMENTS
from pulse.lint.mentions import disavowed, mentioned, reasoned
from pulse.lint.names import demanded, name_like, person_subject, risk_weighed
from pulse.lint.people import mentions_others, mentions_people
from pulse.lint.rule import (
    BAD_PASSIVES,
    NAME,
    NOT_ASKED,
    ROLE,
    ROLE_PHRASE,
    SARCASM_QUESTION,
    agent_span,
    rule,
    said_of_a_thing,
)
from pulse.lint.vocabulary import ADVICE, BAD_OUTCOMES, EXPOSURE, HUMAN_ACTIONS, PARTICIPLES

MEMORY_QUESTION = "What in the process relied on memory alone, and how could the system remind?"

RULES = (
    # blame
    rule(
        "blame",
        # Not a safeguard against it ("mechanisms to prevent human error", "less room for human error").
        r"(?<!prevent\s)(?<!avoid\s)(?<!reduce\s)(?<!minimise\s)(?<!minimize\s)(?<!mitigate\s)(?<!eliminate\s)"
        r"(?<!against\s)(?<!risk\sof\s)(?<!room\sfor\s)(?<!chance\sof\s)(?<!likelihood\sof\s)"
        r"(?<!potential\sfor\s)(?<!possibility\sof\s)"
        r"\b(?:human|operator|user|pilot|people|individual|personal|employee|staff|crew|clerical)\s+"
        r"(?:process\s+|operational\s+|procedural\s+)?errors?\b",
        "What about the system made this error likely, and what would make it hard to repeat?",
    ),
    rule(
        "blame",
        r"\bwho(?:ever)?\s+(?:caused|broke|is\s+responsible|was\s+responsible|messed\s+up)\b",
        "What conditions allowed this to happen?",
    ),
    rule(
        "blame",
        r"(?<!\bask\s)\bwhose\s+fault\b|\b(?:'s|’s|his|her|their|your|my)\s+fault\b|\bthe\s+fault\s+of\b"
        r"|\bat\s+fault\b|\b(?:be|been|get|got|being)\s+blamed\b"
        # Blame of someone, not of a thing ("the union blamed BA's outsourcing", "BA blames a power outage").
        r"|\bblam(?:e|ed|es|ing)\s+(?:(?:\w+\s+){1,4}?on\s+)?(?:him|her|them|me|us|you|someone|somebody|others"
        r"|(?-i:QA|IT|SRE|SREs|DevOps|Ops)\b|ops\b|engineering\b|management\b"
        rf"|(?:the|a|an|our|their|his|her|that|this)\s+(?:(?!(?:for|on|of|in|at|to)\b)[\w-]+\s+){{0,2}}?(?:{ROLE})s?\b"
        rf"|{NAME}\b)",
        "What conditions allowed this to happen?",
    ),
    # "The culprit PR", "the cache was to blame": a thing is a cause, not a judgement about people.
    rule(
        "blame",
        r"\bculprits?\b|\bto\s+blame\b",
        "What conditions allowed this to happen?",
        agent="clause",  # "the culprit was identified and terminated, and the team notified": a process
    ),
    rule(
        "blame",
        rf"\b(?:was|were|is|are)\s+responsible\s+for\s+(?:the|this|that|our|a|an)?\s*(?:\w+\s+)?"
        rf"(?:{BAD_OUTCOMES})s?\b",
        "What conditions allowed this to happen?",
    ),
    rule(
        "blame",
        # not "restart the node so that it forgets the bad response"
        r"(?<!\bit\s)\b(?:forgot|forgets)\b",
        "What in the process relied on memory alone, and how could the system remind?",
    ),
    # "the team neglected the backups"; not "optimizing neglected queries".
    rule("blame", r"\b(?:neglected|neglects)\b", person_subject=True, writers=True),
    rule(
        "blame",
        # "Priya had forgotten", "He's forgotten", "The intern had, once again, forgotten"; not "forgotten funds".
        r"\b(?:had|has|have)\b(?:[\s,]+\w+){0,3}?[\s,]+forgotten\b|['’](?:s|ve|d)\s+(?:\w+ly\s+)?forgotten\b"
        r"|\bforgotten\b",
        MEMORY_QUESTION,
        person_subject=True,
    ),
    # "we failed to verify", "Dana failed to check"; not "the code that creates outputs failed to check".
    rule("blame", rf"\bfail(?:ed|s)?\s+to\s+(?:{HUMAN_ACTIONS})\b", person_subject=True, writers=True),
    rule(
        "blame",
        # "didn't think about the rollback"; not a belief ("we didn't think the issue came from the cache").
        # Nor a guess at what people would do ("mod devs would likely never think to check").
        r"(?<!would\s)(?<!\blikely\s)\b(?:didn't|did\s+not|didnt|never)\s+(?:follow|bother|read|think(?=\s+(?:about|to"
        r"|of|through|twice|ahead"
        r"|before)\b))\b",
        "What made the procedure hard to follow, or seem not to apply?",
    ),
    rule(
        "blame",
        # Not what the writers believe now ("I don't think it is stateful", "we don't know yet").
        rf"(?<!would\s)(?<!\blikely\s)\b(?:didn't|did\s+not|didnt|doesn't|does\s+not|(?<!\bI\s)(?<!\bwe\s)(?<!\bWe\s)"
        rf"(?:don't|do\s+not)|never|failed\s+to"
        rf"|won't)"
        rf"\s+(?:even\s+|really\s+|bothering\s+to\s+|\w+ly\s+)?"
        rf"(?:(?:{HUMAN_ACTIONS}|open|run)(?:e?d|s)?|\w+ing)\b"
        # "was not paying attention"; not the passive "they were not checked", which is done to the subject
        rf"|\b(?:wasn't|was\s+not|weren't|were\s+not)\s+(?:even\s+|really\s+|\w+ly\s+)?\w+ing\b",
        person_subject=True,
    ),
    rule("blame", r"\bfail(?:ed|s)?\s+to\s+\w+", person_subject=True),
    rule(
        "blame",
        r"\bwhoever\s+(?:\w+ed|wrote|did|made|broke|set|put|built|ran|took|left)\b"
        r"|\b(?:is|was|falls?|fell)\s+(?:squarely\s+|entirely\s+|all\s+)?on\s+(?:him|her|them|the\s+"
        r"(?:[\w-]+\s+)?(?:engineer|developer|manager|operator|lead|owner|team|reviewer|tester|intern))\b",
        "What conditions allowed this to happen?",
    ),
    rule(
        "blame",
        r"\b(?:is|was|are|were)\s+(?:the\s+)?(?:main\s+|only\s+|real\s+|whole\s+)?reason\s+"
        r"(?:we|for|that|why)\b|\b(?:was|were|is|are)\s+too\s+(?:slow|late|lazy|careless|hasty|timid"
        r"|passive|distracted|tired)\b|\b(?:fell|was|were)\s+asleep\b",
        "What about staffing, signals or timing made this hard at that moment?",
        person_subject=True,
    ),
    rule(
        "blame",
        r"\bshould\s+(?:know|understand|reali[sz]e|be\s+aware)\b",
        "What did people know at that moment, and how would they have learned more?",
        person_subject=True,
    ),
    rule(
        "blame",
        rf"\bignor(?:ed|ing|es)\s+(?:the|a|an|his|her|their|our|all|every|my|your)?\s*"
        rf"(?:[\w-]+\s+){{0,3}}?(?:{ADVICE})\b",
        "What made this signal easy to miss or to discount at the time?",
        agent=True,
    ),
    rule(
        "blame",
        # Judgements of how someone acted; plain verbs of the work ("deleted", "wiped", "truncated") are
        # what a neutral account says too, so the person alone is the finding there (a name, a role).
        # "engineers broke the dependency between the queue and ...": a mitigation, not a slip; "broke the work into
        # three PRs", "broke the problem down": a split.
        r"\b(?:ignored|skipped|missed|broke(?!\s+(?:the\s+|a\s+|this\s+|that\s+)?(?:deadlock|loop|cycle|tie\b"
        r"|(?:dependency|dependencies|link|links)\s+between)|[^.,;!?\n]{0,40}\b(?:down|into|apart)\b)|rushed|overlooked"
        r"|misread|misunderstood"
        r"|misjudged|mistyped|(?<!uncovered\s)(?<!found\s)(?<!discovered\s)(?<!identified\s)(?<!noticed\s)(?<!had\s)"
        r"(?<!has\s)(?<!have\s)(?<!with\s)(?<!some\s)(?<!any\s)(?<!of\s)misconfigured|underestimated|overestimated"
        r"|panicked|refused|wasted)\b",
        person_subject=True,
    ),
    rule(
        "blame",
        # Not a slip ruled out ("while not accidentally creating a situation ...").
        r"(?<!\bnot\s)\b(?:accidentally|inadvertently|mistakenly|by\s+accident|by\s+mistake)\b",
        "What made this slip easy to make and hard to notice?",
        agent=True,
        of_things=False,  # "nobody was paged ..., but in this case the job was mistakenly marked as correct"
    ),
    rule(
        "blame",
        r"\blet\s+(?:\w+\s+){1,4}?(?:slip|through|go\s+unnoticed|expire|lapse|fail|break|rot"
        r"|run\s+out)\b|\blet\s+(?:this|that|it)\s+happen\b",
        "What made this easy to miss at the time?",
        agent=True,
    ),
    rule(
        "blame",
        r"(?<!\bask\s)\bwhose\s+(?:idea|fault|decision|call|mistake|change|responsibility)\b"
        r"|\bheld\s+(?:\w+\s+)?accountable\b"
        r"|\b(?:needs?|has|have|had|must|should|ought)\s+to\s+explain\s+(?:why|themselves|himself|herself)\b",
        "What conditions allowed this to happen?",
    ),
    rule(
        "blame",
        r"\bwent\s+ahead\s+(?:anyway|regardless)\b|\bwithout\s+(?:telling|asking|checking|testing"
        r"|reading|thinking|permission|informing|consulting|understanding|handing|a\s+word)\b",
        "What made going ahead look reasonable at the time?",
        person_subject=True,
    ),
    rule(
        "blame",
        r"\b(?:chose|picked|typed|ran|restarted|deployed|used|edited|deleted|pushed|merged|gave|did"
        r"|sent|clicked|selected|checked|ticked|pressed|hit|entered|opened|rebooted)\s+(?:\w+\s+)?the\s+wrong\b",
        "What made the wrong option look like the right one at the time?",
        person_subject=True,
    ),
    rule(
        "blame",
        r"\bdropped\s+the\s+ball\b|\b(?:screwed|messed)\s+(?:it\s+|this\s+|that\s+|things\s+)?up\b"
        r"|\bmade\s+(?:a|an|the)\s+(?:\w+\s+)?(?:mistake|error|blunder)\b"
        r"|\b(?:his|her|their|your)\s+(?:\w+\s+)?(?:mistake|blunder|error(?!\s+(?:reporting|rates?|logs|budgets?"
        r"|codes?|tracking|spikes?)\b))\b"
        r"|\b(?:mistake|error|blunder)\s+(?:by|of)\s+(?:the|a|an|our)\b|\bblunder\b",
        "What made this look like the right action at the time?",
    ),
    rule(
        "blame",
        r"\b(?:was|were)\s+supposed\s+to\b",
        "What made the expected step hard to do, or unclear, at the time?",
        person_subject=True,
    ),
    rule(
        "blame",
        r"\b(?:not\s+)?pa(?:y|id|ying)\s+(?:enough\s+|proper\s+|any\s+)?attention\b"
        r"|\black\s+of\s+(?:attention|care|focus|diligence|ownership)\b|\bcommon\s+sense\b",
        "What competed for attention at that moment?",
    ),
    rule(
        "blame",
        r"\broot\s+cause\s+(?:was|is)\s+(?:that\s+)?(?:he|she|they|someone|somebody|the\s+"
        r"(?:engineer|developer|operator|intern|reviewer|manager))\b",
        "Which conditions, together, made this outcome possible?",
    ),
    IDIOMS,  # pulse/lint/idioms.py
    rule(
        "judgement",
        r"\bout\s+of\s+(?:his|her|their|my|your)\s+depth\b|\b(?:not|isn't|wasn't|aren't|weren't)\s+fit\s+"
        r"(?:for|to)\b|\bunfit\s+(?:for|to)\b|\bno\s+clue\b|\b(?:why|what|how|who)\s+on\s+earth\b"
        r"|\b(?:couldn't|could\s+not|can't|cannot|never)\s+make\s+up\s+(?:his|her|their|your|my)\s+mind\b"
        r"|\bfudg(?:e|ed|es|ing)\b|\bghost(?:ed|ing)\b|\bbother(?:ed|s)?\s+to\b"
        r"|\bto\s+make\s+(?:[\w'-]+\s+){1,3}?look\s+(?:good|better|fine|green)\b"
        r"|(?:'s|\bhis|\bher|\btheir|\byour)\s+(?:attitude|ego)\b",
    ),
    rule(
        "judgement",
        r"\bwhat\s+could\s+(?:possibly\s+)?go\s+wrong\b|\bbrilliant\s+move\b|\bway\s+to\s+go\b"
        r"|\bmasterpiece\b|\blovely\s+of\b",
        SARCASM_QUESTION,
    ),
    rule(
        "blame",
        rf"\bwith\s+(?:him|her|them|{NAME})\s+in\s+charge\b"
        rf"|\b(?:pushed|forced|pressured|made)\s+(?:[\w'-]+\s+){{1,3}}?to\s+(?:skip|cut|rush|bypass|ignore)\b",
        "What pressures and information shaped the decisions at the time?",
    ),
    # passive blame and causes that are people: "was dropped by the new contractor", "because of Leila"
    rule(
        "blame",
        rf"\b(?:was|were|been|being|got|is|are)\s+(?:\w+ly\s+)?(?:{BAD_PASSIVES})\s+(?:[\w'-]+\s+){{0,2}}?"
        rf"(?:by|thanks\s+to|due\s+to|because\s+of)\s+(?:{ROLE_PHRASE}|{NAME}|someone|somebody|him|her|them)",
        "What conditions allowed this to happen?",
    ),
    rule(
        "blame",
        # "because of Leila", "due to Leila's change"; not a tool qualifying a noun ("due to Riak write timeouts").
        rf"\b(?:because\s+of|due\s+to|caused\s+by)\s+(?:{ROLE_PHRASE}|{NAME}(?:'s\b|\b(?!\s+[a-z]+(?<!ing)(?<!ed)\b)))",
        "What conditions allowed this to happen?",
    ),
    rule(
        "blame",
        rf"\b(?:is|was|are|were|falls?|fell)\s+(?:all\s+|entirely\s+|squarely\s+)?(?:down\s+to|on)\s+{NAME}\b(?!')",
        "What conditions allowed this to happen?",
    ),
    rule(
        "blame",
        rf"\b(?:is|was|are|were)\s+(?:all\s+|entirely\s+)?down\s+to\s+{ROLE_PHRASE}",
        "What conditions allowed this to happen?",
    ),
    # things a person did, as the subject
    rule(
        "blame",
        r"\b(?:sat|sits|sitting)\s+on\s+(?:it|(?:the|an?|this|that)\s+(?:[\w-]+\s+)?(?:alert|ticket|page|request"
        r"|pull\s+request|fix|review|report|issue|warning|email|message|change|bug|problem)s?)\b|\b(?:simply|just)\s+gave\s+up\b"
        r"|\bgave\s+up\s+(?:halfway|early|on\s+(?:us|the\s+team))\b"
        r"|\bdropped\s+(?:a|an|the)\s+(?:\w+\s+)?(?:ticket|page|alert|request|call|handover|escalation)s?\b"
        # "regarding leaked credentials", "the leaked key": an adjective, not what someone did.
        r"|\b(?:was|were|got)\s+distracted\b|\b(?<!regarding\s)(?<!about\s)(?<!the\s)(?<!of\s)(?<!any\s)(?<!for\s)"
        r"(?:hid|disappeared|vanished|sabotaged|trashed|derailed|leaked"
        r"|overcommit(?:ted|s)?)\b|\btoo\s+busy\s+(?!with|handling|working|fixing|dealing|responding)\w+ing\b"
        r"|\b(?:can't|cannot|couldn't|could\s+not)\s+(?:even\s+)?\w+\s+(?:simple|basic|the\s+simplest|obvious)\b"
        r"|\b(?:deliberately|intentionally|knowingly|wil?fully)\s+(?:bypassed|ignored|skipped|disabled|hid|withheld"
        r"|circumvented|overrode|broke)\b",
        "What made this look like the right action at the time?",
        person_subject=True,
    ),
    # counterfactual
    # Hindsight about people: "X should have", "we should have"; "could/would/might have" only with a person
    # other than "we" ("Mike could have asked"; not "we could have restored", "the wiki could have had").
    rule(
        "counterfactual",
        # A past participle after it: "we should have a staging Prow" is a wish, not hindsight.
        r"\b(?:should|ought\s+to)(?:\s+not|n't)?\s+(?:\w+ly\s+|never\s+|just\s+|also\s+|still\s+|at\s+least\s+)?"
        rf"(?:have|'ve)(?=\s+(?:\w+ly\s+)?(?:been|{PARTICIPLES})\b)|\bshould've\b(?!\s+(?:a|an|the|our|some)\b)",
        person_subject=True,
        writers=True,
    ),
    rule(
        "counterfactual",
        r"(?<!\bwe\s)(?<!\bWe\s)\b(?:could|would|might)(?:\s+not|n't)?\s+(?:\w+ly\s+|never\s+|just\s+|also\s+|still\s+"
        r"|at\s+least\s+)?have\b(?!\s+(?:been|had)\b)|\b(?:could|would|might)'ve\b",
        person_subject=True,
        risk=True,
    ),
    rule(
        "counterfactual",
        rf"\bwhy\s+(?:did|would|was|were)\s+(?:he|she|they|you|someone|somebody|{ROLE_PHRASE}|{NAME})\s+(?!not\b)\w+",
        "What made this look like the right action at the time?",
    ),
    # Calls for punishment (culprits.py), then imperatives aimed at people: judgements whatever the subject.
    rule(
        "blame",
        # An imperative or a demand on people ("Be more careful", "engineers will be more vigilant"); not a
        # description ("being extra cautious", "we decided to be careful") or a thing ("the audit will be thorough").
        r"\b(?:be|stay)\s+(?:[*_]*(?:more|extra|much\s+more|very|really|super)[*_]*\s+)?(?:careful|vigilant|attentive"
        r"|diligent|thorough"
        r"|cautious)\b",
        "Being careful is not a mechanism: what would make the safe action the easy one?",
        sure=True,
        demand=True,
    ),
    rule(
        "blame",
        r"\bpay\s+(?:more|closer|better)\s+attention\b|\btake\s+more\s+care\b"
        r"|\bexercise\s+(?:more|greater|extra)\s+(?:caution|care)\b"
        r"|\b(?:nobody|no\s+one|no-one)\s+(?:was|were)\s+(?:watching|paying\s+attention|looking|minding|bothered)\b",
        "Being careful is not a mechanism: what would make the safe action the easy one?",
        sure=True,
    ),
    rule(
        "blame",
        r"\b(?:wrote|writes|writing|introduced|shipped|checked\s+in|pushed|merged|deployed)\s+(?:a\s+|the\s+|some\s+)?"
        r"(?:bug|bad\s+code|faulty\s+code|broken\s+code|buggy\s+code)\b|\bmade\s+a\s+typo\b"
        r"|\bfat-finger(?:ed|s)?\b(?!\s+(?:mistakes?|errors?|protection|prevention|safeguards?|checks?)\b)"
        r"|\b(?:overreacted|overruled)\b"
        r"|\b(?:ran|run|executed|issued|typed)\s+(?:a\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:drop|delete|rm|truncate|wipe)"
        r"\b(?:\s+\w+){0,4}?\s+(?:in|on|against)\s+(?:the\s+)?(?:prod|production|primary|live)\b"
        # Not verbs that state a fact rather than an omission ("he did not access the account", "they did not
        # get added", "she does not remember sending it"), nor reassurance ("you didn't do anything wrong").
        # Nor what people lacked ("the engineer did not have the context"): a condition, not an omission.
        r"|(?<!would\s)(?<!\blikely\s)\b(?:didn't|did\s+not|never)\s+(?:even\s+|properly\s+)?(?!(?:a|an|the|been?"
        r"|get\s+\w+ed|access|accessed"
        r"|have\s+to\b"
        r"|have\s+(?:(?:any|enough|the|a|an|much|right|necessary|required|sufficient|proper|level|of|contextual)\s+){0,5}"
        r"(?:time|context|clues?|information"
        r"|visibility|permissions?|knowledge|means?|way|chance|bandwidth|training|access|capacity|budget|tools?"
        r"|resources?)\b"
        r"(?!\s+(?:\w+\s+)?(?:\w+ed|set\s+up|in\s+place|open|ready|on)\b)"
        r"|suspend|seem|appear|happen|occur|exist|affect|match|contain|recall|remember|feel|felt|encounter|experience"
        r"|receive|need|expect|believe|think(?!\s+(?:about|to|of|through|twice|ahead|before)\b)"
        r"|do\s+(?:anything|something)\s+wrong)\b)\w+\b"
        r"|\b(?:took|used|ran|merged|deployed|pushed|approved|shipped)\s+(?:[\w'-]+\s+){0,4}?without\s+"
        r"(?:proper\s+|any\s+|a\s+)?(?:review|validating|verifying|checking|testing|approval|reading)\b",
        "What made this look like the right action at the time?",
        person_subject=True,
    ),
    rule("counterfactual", r"\bif\s+only\b"),
    rule(  # not a question to answer ("determine if any packages had been tampered with")
        "counterfactual",
        # nor a harm weighed ("we would not have detected this bug if it had been exploited")
        rf"{NOT_ASKED}\bif\s+(?!(?:it|this|that|these|those|any\s+[\w-]+|the\s+[\w-]+)\s+had\s+been\s+(?:\w+ly\s+)?"
        rf"(?:{EXPOSURE})\b)(?:[\w'-]+\s+){{1,4}}?had(?:n't|\s+not)?\s+(?:been\s+|just\s+|only\s+)?(?:{PARTICIPLES})\b",
    ),
    rule(
        "counterfactual",
        # about people, not events or things ("Had this event continued beyond 100 epochs ...")
        rf"(?:^|(?<=[.!?:;]\s)|(?<=\n))\s*had\s+(?!(?:it|there)\b|(?:this|that|these|those|the)\s+"
        rf"(?!(?:[\w-]+\s+)?(?:{ROLE})s?\b)[\w-]+\b|(?!(?:{ROLE})s?\b)[a-z]+s\s+been\b)"
        rf"(?:[\w'-]+\s+){{1,3}}?(?:been\s+)?(?:{PARTICIPLES}|\w+ing)\b",
    ),
    # Not an investigation to do ("check why the alert did not fire").
    rule(
        "counterfactual",
        rf"{NOT_ASKED}\bwhy\s+(?:didn't|did\s+not|wasn't|weren't|hadn't)\b",
    ),
    *JUDGEMENTS,
    *CULPRITS,  # pulse/lint/culprits.py
)


def rule_findings(
    checked: str, names: list, lowercase: set[str], segment_of=lambda offset: None, unsaid: list | None = None
) -> list[tuple]:
    """(start, end, kind, question, sure) for every rule match in the masked text ``checked``; ``names`` are
    the spans of names already found, ``lowercase`` the words known as common words, ``segment_of`` gives the
    segment (start, end) around an offset. ``sure``: a judgement about people whatever its subject."""
    found = []
    for each in RULES:
        for m in each.pattern.finditer(checked):
            if each.person_subject and not person_subject(checked, m.start(), names, lowercase, each.writers):
                continue
            if each.demand and not demanded(checked, m.start(), names, lowercase):
                continue
            if each.name_group and m.group("name") and not name_like(m.group("name"), lowercase):
                continue
            if each.risk and risk_weighed(checked, m, names, lowercase):
                continue
            if not each.of_things and said_of_a_thing(checked, m.start(), m.end()):
                continue
            people = mentions_others if each.agent == "others" else mentions_people  # "others": not the writers
            if each.agent and not people(checked, *agent_span(checked, m, each.agent, segment_of), names):
                continue
            seg = segment_of(m.start())
            if mentioned(checked, m.start(), m.end()) or disavowed(checked, m, seg) or reasoned(checked, m, seg):
                if unsaid is not None:
                    unsaid.append(m.span())
                continue
            found.append((m.start(), m.end(), each.kind, each.question, each.sure))
    return found
