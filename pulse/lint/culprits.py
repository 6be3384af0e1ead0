"""Looking for a culprit and owning the blame: calls for punishment, a demand that someone answer for it
("Somebody must be responsible", "Who approved this migration?"), a warning ("Don't let it happen again"),
action taken against a person, the blame pinned on someone or on "the human element", a decision called wrong
("decided erroneously", "in an uncontrolled fashion") and self-blame ("my bad", "mea culpa"). Besides the
punishment rule (from rules.py), the shapes were read in the sentences of heldout-2 and heldout-3 after each
was measured once (session 11), so those sets are tuning material from then on."""

from pulse.lint.rule import GROUPS, NAME, ROLE, ROLE_PHRASE, TITLED, rule
from pulse.lint.vocabulary import BAD_OUTCOMES

CULPRIT_QUESTION = "What conditions allowed this to happen, whoever was at the keyboard?"
OWNED_QUESTION = "Said without fault: what made this step easy to get wrong, for anyone?"

# "I'm (mainly) responsible for", "I was to blame for"; not "I'm not responsible for".
_I_OWN = r"(?-i:\b[Ii])(?:'m|\s+am|\s+was)\s+(?:(?!not\b|never\b)\w+\s+)?(?:responsible|to\s+blame|at\s+fault)\s+for\s+"

CULPRITS = (
    # Calls for punishment.
    rule(
        "blame",
        rf"(?<!plans\sto\s)(?<!going\sto\s)(?<!won't\s)\bfir(?:e|ed|ing)\s+(?:him|her|them|{ROLE_PHRASE}|{NAME}\b)"
        r"|(?<!nobody\s)(?<!no\sone\s)(?<!never\s)\b(?:be|been|get|got|getting|being)\s+"
        r"(?:fired|sacked|disciplined|punished|reprimanded|demoted|let\s+go)\b|\bdisciplinary\s+(?:action|measures?)\b"
        r"|\bpunish(?:ed|es)?\s+(?:him|her|them|the\s+\w+)\b|\bstill\s+employed\b|\b(?:lose|lost|loses)\s+(?:his|her|their|your)\s+jobs?\b"
        # Not a thing held to account ("We hold the system accountable; we do not blame the person").
        r"|\b(?:held|hold|holding)\s+(?!(?:the\s+|our\s+)?(?:system|systems|process|processes|organi[sz]ation|company"
        r"|tooling|code)\b)(?:\w+\s+){0,2}?(?:responsible|accountable)\b|\bpay\s+for\s+(?:this|that|it)\b"
        r"|\b(?:allocat|assign|apportion|attribut)\w*\s+(?:the\s+)?(?:fault|blame)\b"
        r"|\b(?:fault|blame)\s+(?:can|could|should|must|will)\s+be\s+(?:\w+\s+)?(?:allocated|assigned|apportioned)\b"
        r"|\bbrunt\s+of\s+the\s+(?:blame|responsibility)\b"
        # "fired two workers", "sacked two top IT managers", "forced to resign", "called for the resignation of".
        # Not a process or an alert ("terminated 3 worker nodes", "fired two alerts to the on-call engineer").
        r"|\b(?:fired|sacked|dismissed|laid\s+off)\s+(?:at\s+least\s+)?(?:two|three|four|five|several|some|\d+)\s+"
        rf"(?:(?!(?:to|for|at|in|on|of)\b)[\w-]+\s+){{0,2}}?(?:{ROLE}|workers|employees|people)\b"
        # "forced to resign"; not "asked to step down the alert level".
        r"|\b(?:forced|pressured|asked|told)\s+to\s+(?:resign|step\s+down)\b(?!\s+(?:the|a|an|its|their)\b)"
        r"|\bcall(?:s|ed|ing)?\s+for\s+(?:the\s+|his\s+|her\s+)?resignation\b"
        r"|\bcall(?:s|ed|ing)?\s+on\s+[^.?!\n]{0,40}?\bto\s+(?:fire|sack|dismiss)\s+(?:at\s+least\s+)?(?:\w+\s+){0,2}?"
        r"(?:officials?|executives?|managers?|bosses|chiefs?|directors?|employees|staff|him|her|them)\b"
        # "we need a different Kevin"; not "blocks with different Foliage".
        r"|\b(?:need|needs|get|hire|find|want|bring|put|send)\s+(?:\w+\s+)?a\s+different\s+(?-i:[A-Z][a-z]+)\b"
        r"(?!\s+(?-i:[A-Z]))|\bkeep\s+(?-i:[A-Z][a-z]+)\s+away\b",
        "What would change the conditions, rather than the people, so that this is hard to repeat?",
        sure=True,
    ),
    rule(
        "blame",
        # A question asked to find the person ("Who approved this migration?"); not "we checked who approved it".
        r"(?<!check\s)(?<!see\s)(?<!know\s)\bwho\s+(?:approved|signed\s+off\s+on|merged|deployed|pushed|ran|ok'?d"
        r"|allowed|let|did|touched|changed)\b[^.?!\n]{0,80}\?"
        r"|\b(?:somebody|someone|somebody's\s+head|heads)\s+(?:must|has\s+to|have\s+to|needs?\s+to|should|will|are"
        r"\s+going\s+to)\s+(?:be\s+(?:held\s+)?(?:responsible|accountable)|roll|answer\s+for|pay)\b"
        r"|\bpin(?:s|ned|ning)?\s+(?:the\s+)?blame\b"
        r"|\b(?:don't|do\s+not|never)\s+let\s+(?:it|this|that)\s+happen\s+again\b"
        r"|\b(?:taken?|took|taking)\s+(?:disciplinary\s+|appropriate\s+)?action\s+(?:with|against)\s+(?:that|the|this|a"
        r"|an|those|these)\s+(?:particular\s+|specific\s+|individual\s+)?(?:employee|engineer|person|individual"
        r"|worker|staff(?:\s+member)?|developer|operator|contractor)s?\b",
        CULPRIT_QUESTION,
        sure=True,
    ),
    rule(
        "blame",
        # The decision or the action called wrong, with a person in the clause.
        r"\b(?:decided|chose|acted|proceeded)\s+erroneously\b|\berroneously\s+(?:decided|chose)\b"
        r"|\bin\s+[\"“]?an?\s+(?:uncontrolled|careless|reckless|sloppy|haphazard|cavalier)\b[^.?!\n]{0,40}\b(?:fashion"
        r"|manner|way)\b"
        r"|\bnot\s+authori[sz]ed\s+[\"“]?to\s+do\s+what\s+(?:he|she|they)\s+did\b"
        r"|\bmake\s+(?:a|an)\s+(?:\w+\s+)?(?:mistake|error)\s+(?:in|with|when|by)\b"
        r"|\bfor\s+whatever\s+reason\b(?=[^.?!\n]*\b(?:decided|chose|did|went|ignored|skipped)\b)",
        CULPRIT_QUESTION,
        agent=True,
    ),
    rule(
        "blame",
        # Self-blame: "my bad", "I broke the build", "Sorry for breaking the build!", "I did a bad thing".
        r"\bmy\s+bad\b|\bmea\s+culpa\b|\bmy\s+own\s+fault\b"
        # Only adverbs between "I" and the verb ("I think it crashed" is about a thing), and no "broke X down/into".
        r"|(?-i:\bI)(?:'ve|\s+have)?\s+(?:(?:just|accidentally|inadvertently|clearly|quite|totally|completely|probably"
        r"|apparently|really|somehow)\s+){0,2}(?:broke|broken|messed\s+up|screwed\s+up|botched|borked)\b"
        r"(?![^.,;!?\n]{0,40}\b(?:down|into|apart)\b)"
        r"|(?-i:\bI)(?:'ve|\s+have)?\s+(?:(?:just|accidentally|inadvertently)\s+)?(?:crashed|killed|took\s+down)\s+"
        r"(?:the\s+)?(?:build|prod|production|master|main|site|website|everything)\b"
        r"|\bsorry\s+(?:for|about)\s+(?:breaking|messing|my\s+mistake|the\s+mistake|the\s+mess|that\s+mistake"
        r"|not\s+(?:\w+ing))\b|\bregret(?:s|ted)?\s+not\s+\w+ing\b"
        r"|(?-i:\bI)\s+(?:did|have\s+done|must\s+have\s+done)\s+(?:a\s+bad\s+thing|something\s+(?:wrong|stupid|dumb))",
        OWNED_QUESTION,
        sure=True,
    ),
    rule(
        "blame",
        # People as the weak part ("the human element is often the weakest link", "a people issue", "an
        # engineer-driven configuration error", "the real blame should go to the CEO", "you caused an outage").
        r"\bhuman\s+(?:element|factor|involvement|side)\b[^.?!\n]{0,30}\b(?:weakest\s+link|least\s+reliable|the\s+problem)"
        r"|\b(?:weakest\s+link|least\s+reliable\s+part)\b[^.?!\n]{0,50}\bhuman\b|\bpeople\s+(?:issue|problem)\b"
        r"|\b(?:engineer|operator|human|user|staff|employee)-(?:driven|caused|induced)\b"
        rf"|\bfat[-\s]fingered\s+(?:[\w-]+\s+)?(?:{ROLE})\b"
        r"|\b(?:real\s+)?blame\s+(?:should|must|will)\s+go\s+to\b|\bblame\s+(?:goes|went|lies|lay|rests)\s+(?:with|on)\b"
        r"|\b(?:you|he|she|they)\s+caused\s+(?:an?\s+|the\s+|this\s+)?(?:\w+\s+)?(?:outage|incident|failure|downtime|breach)"
        r"|\b(?:will|would)\s+never\s+do\s+(?:that|this|it)\s+again\b|\bscrew-?ups?\b"
        r"|\bmistakes?\s+(?:I|we|he|she|they)\s+(?:\w+\s+)?made\b|\bone-(?:man|person|woman)\s+(?:error|mistake)\b"
        # "on Hancock's watch".
        r"|\bon\s+(?:his|her|(?-i:[A-Z][a-z]+)(?:'s|’s))\s+watch\b"
        # "It happened because someone on the security team added a firewall rule"; with a role, the clause's own
        # verb is the finding ("broke because the engineer forgot": one finding, not two).
        r"|\b(?:happened|broke|failed|occurred|went\s+down)\s+because\s+(?:someone|somebody)\b",
        CULPRIT_QUESTION,
        sure=True,
    ),
    rule(
        "blame",
        # "The build is broken because of @yegor256's commits": a person's work named as the cause.
        r"\b(?:because\s+of|due\s+to|caused\s+by)\s+(?:@[\w-]+|(?-i:[A-Z][a-z]+))(?:'s|’s)\s+(?:\w+\s+)?(?:commits?|changes?"
        r"|code|push|deploy|PR|mistake|error)\b|\b(?:wrong|bad|poor)\s+(?:decision|call)\b",
        CULPRIT_QUESTION,
    ),
    rule(
        "blame",
        # A person's or a role's error named as theirs ("fatal mistakes made by the captain", "failures by the
        # crew"), a demand that someone answer for it ("Tolley must take responsibility", "not held to account")
        # and blame thrown at someone ("keen to throw the blame back at the previous administration").
        # Not "errors seen by the support team", "failures observed by the on-call engineer".
        r"\b(?:mistakes?|errors?|failures?|lapses?|blunders?|negligence|carelessness|misjudge?ments?|oversights?)"
        rf"\s+(?:(?:were\s+|was\s+|had\s+been\s+)?(?:\w+ly\s+)?(?:made|committed)\s+)?by\s+(?:{ROLE_PHRASE}|{TITLED}"
        rf"|{NAME}\b)"
        # Answering for a failure, not owning a piece of work ("should take responsibility for the alerting config").
        r"|\b(?:must|should|needs?\s+to|has\s+to|have\s+to|ought\s+to)\s+(?:\w+\s+)?(?:take|accept|bear)\s+"
        r"(?:full\s+|personal\s+)?(?:the\s+)?(?:responsibility|blame)\s+for\s+(?:the\s+|these\s+|this\s+|its\s+"
        rf"|their\s+|his\s+|her\s+)?(?:\w+\s+)?(?:{BAD_OUTCOMES})s?\b"
        r"|\b(?:be|been|are|is|was|were|being|not)\s+(?:not\s+)?held\s+to\s+account\b"
        r"|\bhold\s+(?:him|her|them|people|those|someone|somebody|individuals?|anyone)\s+(?:\w+\s+){0,3}?to\s+account\b"
        r"|\b(?:throw|threw|thrown|shift|shifted|shifting|put|putting|lay|laid|place|placed)\s+(?:the\s+)?blame\s+"
        r"(?:\w+\s+)?(?:on|onto|at)\b",
        CULPRIT_QUESTION,
        agent=True,
    ),
    rule(
        "blame",
        # A person's or a role's fault named as theirs: "the captain's failure to follow the procedure", "Pester's
        # refusal to", "the operator's negligence", "the engineers' mistake"; not "the engineer's failure analysis".
        # A definite someone: "if a single person's mistake can take down prod" is a design question.
        r"(?:\b(?:the|our|their|his|her|that|this)\s+(?:(?!(?:the|a|an)\b)[\w-]+\s+){0,2}?"
        rf"(?!(?:{GROUPS})\b)(?:{ROLE})|{NAME})(?:'s|s'|’s)\s+"
        r"(?:(?:failure|inability|refusal)\s+to|negligence|carelessness|blunder|misjudge?ment|lapse|mistake|error|fault)\b",
        CULPRIT_QUESTION,
    ),
    rule(
        "blame",
        # A person as the one who caused the outage ("the engineer caused the outage", "an admin brought down the
        # data center"); not a change or a system as the subject (person_subject).
        # Not declaring an incident ("Sarah triggered an incident"), nor planned work ("for the planned upgrade").
        r"\b(?:\w+ly\s+)?(?:caused|brought\s+down|took\s+down|knocked\s+out)\s+(?:the|an?|this|that|every|our)\s+"
        r"(?:[\w-]+\s+){0,3}?(?:outage|failure|blackout|crash|downtime|breach|data\s*cent(?:er|re)|production)\b"
        r"|\b(?:brought|took|knocked)\s+(?:the\s+|our\s+)?(?:whole\s+|entire\s+)?(?:site|prod|production|data\s*cent(?:er|re)"
        r"|network|cluster|database|service)\s+down\b(?!\s+for\s+(?:the\s+|a\s+)?(?:planned|scheduled|maintenance))",
        CULPRIT_QUESTION,
        person_subject=True,
    ),
    rule(
        "blame",
        # Action taken against a person, reported ("Sullivan was fired", "a technician terminated for shutting off
        # service", "the chief executive stepped down after the outage"); the subject must be a person, so "the pod
        # was terminated" and "the job was suspended" are no finding, nor a handover ("the incident commander
        # stepped down after six hours") or leaving a call ("dismissed from the bridge call").
        # The auxiliary stays before the match, where the subject checks read it ("the job was suspended").
        r"(?:(?<=\bwas\s)|(?<=\bwere\s)|(?<=\bbeen\s)|(?<=\bgot\s))(?:fired|sacked|terminated|dismissed|suspended"
        r"|demoted|ousted)\b(?!\s+(?:by|from)\b)"
        r"|\b(?:was|were|been)\s+(?:later|subsequently|immediately|eventually|promptly|quickly|summarily)\s+(?:fired"
        r"|sacked|terminated|dismissed|suspended|demoted|ousted)\b(?!\s+(?:by|from)\b)"
        r"|\b(?:fired|terminated|sacked|dismissed|suspended)\s+(?:for|over)\s+(?:\w+ing\b|(?:his|her|their)\s+)"
        r"|\b(?:resigned|resigns|stepped\s+down|steps\s+down)\b[^.?!\n]{0,40}?(?:\btaking\s+responsibility|\bto\s+take"
        r"\s+responsibility|\b(?:over|after|following|in\s+the\s+wake\s+of)\s+(?:[\w'-]+\s+){0,4}?(?:"
        rf"{BAD_OUTCOMES}|breach|hack|scandal|blackout|meltdown|failures|errors)\b)",
        CULPRIT_QUESTION,
        person_subject=True,
        of_things=False,
    ),
    rule(
        "blame",
        # Owning the failure ("I'm mainly responsible for today's outage", "my actions cost them two months of
        # transactions", "it's entirely my fault"); not a task owned ("I'm responsible for the incident review"),
        # nor fault denied ("I'm not responsible for the outage").
        rf"{_I_OWN}(?:(?:this|that|it|what)\s+happen(?:ing|ed)\b"
        r"|(?:the|this|that|today's|yesterday's|our|last\s+\w+'s)\s+(?:[\w-]+\s+){0,2}?"
        rf"(?:{BAD_OUTCOMES}|mess|problem|issue)s?\b(?!\s+(?:review|reviews|report|reports|response|budget|budgets"
        r"|communications?|triage|process|retro|retrospective|call|channel|docs?|management|commander|postmortem"
        r"|ticket|tickets|queue|rotation|template|tracker|tracking|handling)\b))"
        r"|\bmy\s+(?:actions?|change|commit|mistake|error|typo|push|deploy|merge)\s+(?:\w+ly\s+)?"
        r"(?:cost|caused|broke|took\s+down|knocked\s+out|brought\s+down)\b"
        r"|\bit(?:'s|\s+is|\s+was)\s+(?:entirely\s+|all\s+|completely\s+|totally\s+)?my\s+fault\b"
        # "i fat fingered the YAML", "I managed to push broken code".
        r"|(?-i:\b[Ii])\s+(?:\w+ly\s+)?fat[-\s]?fingered\b"
        r"|(?-i:\bI)\s+(?:\w+\s+){0,2}?(?:push|pushed|merge|merged|deploy|deployed|ship|shipped|commit|committed"
        r"|release|released)\s+(?:a\s+|some\s+)?(?:broken|bad|buggy|faulty)\b",
        OWNED_QUESTION,
        sure=True,
    ),
    rule(
        "blame",
        # A person's change told together with the harm it did ("@cjeria pushed an update that took the site
        # offline", "I pushed a change that, owing to some shenanigans, made every email fail"); the subject must
        # be a person, so "the deploy pushed an update that broke the build" and "we deployed a change that broke
        # logins" (the writers, by design) are no finding, nor a fix ("merged a change that fixed the page").
        r"\b(?:\w+ly\s+)?(?:pushed|merged|deployed|committed|shipped|applied|rolled\s+out|released|landed|uploaded"
        r"|ran|executed)\s+(?:an?|the|this|that|some|my|his|her|their)\s+[^.;!?\n]{0,60}?\b(?:that|which),?\s+"
        r"[^.;!?\n]{0,50}?\b(?:(?:took|knocked|brought)\s+(?:[\w-]+\s+){0,3}?(?:offline|down)\b"
        r"|broke\b(?!\s+(?:down|into|apart|out|even)\b)|(?:killed|crashed|corrupted|wiped)\s+(?:the|our|every|all)|made\s+(?:[\w-]+\s+){1,5}?fail"
        rf"|caused\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:{BAD_OUTCOMES}))\b",
        CULPRIT_QUESTION,
        person_subject=True,
    ),
    rule(
        "blame",
        # The addressee's work named as the harm ("your revision appears to have killed the site", "your commit
        # broke master"); not a condition in a guide ("if your change broke something, roll it back").
        r"(?<!\bif\s)(?<!\bwhen\s)\byour\s+(?:[\w-]+\s+)?(?:revision|commit|change|changes|PR|pull\s+request|push"
        r"|deploy|merge|update|patch|script|config|migration)\s+(?:(?:\w+\s+){0,2}?(?:appears|seems)\s+to\s+have\s+"
        r"(?:killed|broken|crashed|taken\s+down|wiped|corrupted)|(?:has\s+|just\s+)?(?:killed|broke|crashed|took\s+down"
        r"|wiped|corrupted)(?!\s+(?:down|into|apart)\b))\b",
        CULPRIT_QUESTION,
        sure=True,
    ),
    rule(
        "counterfactual",
        # Hindsight asked of someone ("Shouldn't you have known what your infrastructure can support?").
        r"\bshould(?:n't|\s+not)\s+(?:you|he|she|they)\s+have\s+\w+",
    ),
    rule(
        "blame",
        # An apology demanded of someone ("he should apologise when he responds").
        r"\b(?:should|must|needs?\s+to|ought\s+to|has\s+to)\s+(?:publicly\s+)?apologi[sz]e\b",
        CULPRIT_QUESTION,
        agent=True,
    ),
    rule(
        "counterfactual",
        # A step people take, said in hindsight in the passive ("The staging environment should have been checked").
        r"\bshould\s+have\s+been\s+(?:\w+ly\s+)?(?:caught|checked|tested|reviewed|noticed|verified|validated|flagged"
        r"|escalated|rolled\s+back|spotted|double-checked|communicated|announced)\b",
    ),
)
