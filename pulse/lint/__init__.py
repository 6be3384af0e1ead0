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
  first use on the tuning rounds of the packaged ``pulse/lint/data/lint-labelled.csv``) reads as blaming,
  when no rule above flagged its phrasing: idioms, sarcasm and framings the rules do not know.

Each finding carries its span in the text, its kind and a reframing question: the point is to ask a
better question, not to forbid words, so a facilitator may waive a finding with a reason.
Markdown code, links and URLs are not checked.

The modules: ``segments`` (masking, sentences), ``vocabulary`` (word lists), ``roster`` (pasted names),
``names`` (names without a roster), ``rules`` (phrasing), ``training`` (the packaged labelled sentences),
``tone`` (the classifier), ``findings`` (kinds, questions, the record), ``rewrite`` (names to roles).
"""

from pulse.lint.findings import KINDS, QUESTIONS, Finding, count_by_kind, finalise
from pulse.lint.names import lowercase_words, possible_names
from pulse.lint.rewrite import replace_names
from pulse.lint.roster import Roster, RosterLike, as_roster, parse_roster, read_roster, roster_spans
from pulse.lint.rules import rule_findings
from pulse.lint.segments import mask, sentence_spans
from pulse.lint.tone import TONE_THRESHOLD, blaming_tone, make_tone_model, tone_features, tone_model
from pulse.lint.training import TRAINING_DATA, TRAINING_ROUNDS, training_sentences
from pulse.scrub import EMAIL, HANDLE

__all__ = [
    "KINDS",
    "QUESTIONS",
    "TONE_THRESHOLD",
    "TRAINING_DATA",
    "TRAINING_ROUNDS",
    "Finding",
    "Roster",
    "RosterLike",
    "as_roster",
    "count_by_kind",
    "lint_text",
    "make_tone_model",
    "parse_roster",
    "read_roster",
    "replace_names",
    "sentence_spans",
    "tone_features",
    "tone_model",
    "training_sentences",
]


def lint_text(text: str, roster: RosterLike = None) -> list[Finding]:
    """Every finding in ``text``, in reading order; an empty list means nothing to reframe."""
    if not text:
        return []
    roster = as_roster(roster)
    checked = mask(text)
    found: list[tuple[int, int, str, str]] = []  # start, end, kind, question
    for m in EMAIL.finditer(checked):
        found.append((m.start(), m.end(), "email", QUESTIONS["email"]))
    for m in HANDLE.finditer(checked):
        found.append((m.start(), m.end(), "handle", QUESTIONS["handle"]))
    for start, end in roster_spans(checked, roster):
        found.append((start, end, "name", QUESTIONS["name"]))
    names = [(s, e) for s, e, k, _ in found if k == "name"]
    lowercase = lowercase_words(checked)
    for start, end in possible_names(checked, lowercase):
        found.append((start, end, "possible-name", QUESTIONS["possible-name"]))
    names += [(s, e) for s, e, k, _ in found if k == "possible-name"]
    found += rule_findings(checked, names, lowercase)
    # Looked up here at call time, so that a caller may swap the model (the rules-only measurement).
    for start, end in blaming_tone(checked, found, lambda: tone_model()):
        found.append((start, end, "blaming-tone", QUESTIONS["blaming-tone"]))
    return finalise(text, found)
