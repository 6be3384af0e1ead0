"""Idioms that pin something on a person ("threw ... under the bus", "asleep at the wheel"): one rule, each
idiom from a sentence of a tuning round of the labelled set."""

from pulse.lint.rule import IDIOM_QUESTION, rule

IDIOMS = rule(
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
    r"|\b(?:hung|hang|hangs|hanging)\s+(?:[\w'-]+\s+){1,3}?out\s+to\s+dry\b"
    # A person called the weak link; not a system's ("hackers found the weak link").
    r"|\b(?:is|was|are|were|been|being|be)\s+(?:the|a|our)\s+weak(?:est)?\s+links?\b"
    r"|\b(?:didn't|did\s+not|never|won't|wouldn't|not)\s+lift\s+a\s+finger\b"
    r"|\b(?:play(?:ed|s|ing)?\s+favou?rites|favou?ritism)\b|\bmess(?:ed|ing)?\s+(?:around|about)\b"
    r"|\b(?:approved|reviewed|merged|signed\s+off)\s+(?:on\s+)?(?:his|her|their)\s+own\b",
    IDIOM_QUESTION,
)
