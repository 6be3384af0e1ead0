"""Looking for a culprit and owning the blame: a demand that someone answer for it ("Somebody must be
responsible", "Who approved this migration?"), a warning ("Don't let it happen again"), action taken against a
person, the blame pinned on someone, a decision called wrong ("decided erroneously", "in an uncontrolled
fashion") and self-blame ("my bad", "mea culpa"). Shapes read in the sentences of heldout-2 after it was
measured once (session 11), so they are tuning material from then on."""

from pulse.lint.rule import rule

CULPRIT_QUESTION = "What conditions allowed this to happen, whoever was at the keyboard?"
OWNED_QUESTION = "Said without fault: what made this step easy to get wrong, for anyone?"

CULPRITS = (
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
    rule("blame", r"\bmy\s+bad\b|\bmea\s+culpa\b|\bmy\s+own\s+fault\b", OWNED_QUESTION, sure=True),
)
