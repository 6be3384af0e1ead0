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
- ``blaming-tone``: a whole sentence about someone that a small fine-tuned sentence encoder (``encoder.py``,
  run in numpy from weights in the package, trained offline on the tuning rounds of
  ``pulse/lint/data/lint-labelled.csv``) reads as blaming, when no rule above flagged its phrasing: idioms,
  sarcasm, apologies, punishment and framings the rules do not know.

Each finding carries its span in the text, its kind and a reframing question: the point is to ask a
better question, not to forbid words, so a facilitator may waive a finding with a reason.
Markdown code, links and URLs are not checked.

The modules: ``segments`` (masking, sentences), ``vocabulary`` (word lists), ``roster`` (pasted names),
``names`` (names without a roster), ``rules`` (phrasing), ``training`` (the packaged labelled sentences),
``tone`` (the classifier), ``findings`` (kinds, questions, the record), ``rewrite`` (names to roles),
``persons`` (which spellings name one person), ``recurring`` (a name found once, found again).
"""

import re
from collections.abc import Iterable

from pulse.lint import entities
from pulse.lint.findings import KINDS, PHRASING_KINDS, QUESTIONS, SEVERITIES, Finding, count_by_kind, finalise
from pulse.lint.names import (
    dictionary_words,
    lowercase_in,
    lowercase_words,
    nick_names,
    nick_spans,
    possible_names,
    system_names,
    title_case_terms,
)
from pulse.lint.people import mentions_people
from pulse.lint.persons import IDENTITY_KINDS, persons
from pulse.lint.recurring import named_again
from pulse.lint.rewrite import ROLE_ARTICLES, neutral_rewrite, replace_names, replace_spans
from pulse.lint.roster import Roster, RosterLike, as_roster, parse_roster, read_roster, roster_spans
from pulse.lint.rules import rule_findings
from pulse.lint.segments import (
    LOG_LINE,
    TITLE_LINE,
    WORD,
    blank,
    headings,
    mask,
    mask_links,
    section_at,
    segment_of,
    sentence_spans,
)
from pulse.lint.tone import TONE_THRESHOLD, blaming_tone, tone_model
from pulse.lint.training import TRAINING_DATA, TRAINING_ROUNDS, training_sentences
from pulse.lint.vocabulary import NOT_NAMES, word_set
from pulse.scrub import EMAIL, HANDLE

__all__ = [
    "IDENTITY_KINDS",
    "KINDS",
    "PHRASING_KINDS",
    "QUESTIONS",
    "SEVERITIES",
    "TONE_THRESHOLD",
    "TRAINING_DATA",
    "TRAINING_ROUNDS",
    "Finding",
    "Roster",
    "RosterLike",
    "as_roster",
    "count_by_kind",
    "lint_text",
    "neutral_rewrite",
    "suggested_rewrite",
    "parse_roster",
    "persons",
    "read_roster",
    "replace_names",
    "replace_spans",
    "ROLE_ARTICLES",
    "sentence_spans",
    "tone_model",
    "training_sentences",
]


_BETTER_SECTION = re.compile(
    r"could\s+(?:have\s+)?(?:gone|done|been)\s+better|went\s+(?:wrong|poorly|badly)|what\s+(?:could|can|would)\s+we"
    r"|lessons|learn|improve|questions|open\s+questions|follow[- ]?up|where\s+(?:did\s+)?we\s+get\s+lucky",
    re.IGNORECASE,
)


_SHARED_LISTS = word_set(
    "security announce announcements discuss users vulnerabilities distributors maintainers committers notifications"
)
_SHARED_MAILBOXES = frozenset(
    (
        "help", "support", "security", "info", "contact", "hello", "noreply", "no-reply", "status", "abuse",
        "postmaster", "webmaster", "privacy", "legal", "press", "sales", "billing", "feedback", "incidents",
        "sponsors", "sponsorship", "donate", "donations", "jobs", "careers", "partners", "media", "events",
        "community", "news", "newsletter", "marketing", "hr", "office", "team", "hackers", "disclosure",
    )
)  # fmt: skip
# "@channel", "@here", "@emergency", "@test-infra-oncall": a chat broadcast or a group's alias, not a person.
_GROUP_HANDLE = re.compile(
    r"^(?:channel|here|everyone|all|emergency|team)$|(?:^|[-_])(?:on-?call|oncall|team|ops|sre|admins|maintainers"
    r"|reviewers|approvers|owners|leads|support|security|infra|devs|engineers)(?:$|[-_])",
    re.IGNORECASE,
)
# Mailing lists and forums: "envoy-security@googlegroups.com", "announce@lists.cncf.io".
_LIST_DOMAIN = re.compile(r"(?:^|\.)(?:googlegroups\.com|freelists\.org)$")


def _shared_address(address: str) -> bool:
    """An organisation's or a mailing list's address, not a person's: "security@", "envoy-security@",
    "cncf-envoy-distributors-announce@lists.cncf.io"."""
    local, _, domain = address.casefold().partition("@")
    parts = re.split(r"[-._+]", local)
    # "cncf-envoy-distributors-announce": a list's name of three parts or more ending in what it is for.
    listed = len(parts) > 2 and parts[-1] in _SHARED_LISTS
    return local in _SHARED_MAILBOXES | _SHARED_LISTS or listed or bool(_LIST_DOMAIN.search(domain))


def lint_text(text: str, roster: RosterLike = None, *, known: Iterable[str] = (), tone: bool = True) -> list[Finding]:
    """Every finding in ``text``, in reading order; an empty list means nothing to reframe. ``known``: names
    found elsewhere in the same document (a review's other fields), looked for here too. ``tone=False``
    leaves the encoder out, for callers that want names and contact details only.

    Each finding has a severity: ``high`` for contact details, roster names and judgements about people
    (a person or role as the agent, calls for punishment, "be more careful"); ``medium`` for hindsight about
    people, blaming tone and names next to other findings; ``low`` for a possible name alone."""
    if not text:
        return []
    checked = mask(text)  # prose: code, quoted logs and URLs blank
    spans = sentence_spans(checked)
    heads = headings(text)
    found, people = _identities(text, checked, as_roster(roster), known)
    # Names and handles: a person as the subject ("@Mr0grog should have posted").
    names = [(f[0], f[1]) for f in found if f[2] in ("name", "possible-name", "handle")]
    # Words the model calls a tool somewhere are no person as a subject either ("Cake was not copying").
    lowercase = lowercase_words(checked, nick_names(mask_links(text))) | (people.things if people else set())

    def segment(offset: int) -> tuple[int, int] | None:
        return segment_of(spans, offset)

    def in_better_section_question(seg: tuple[int, int]) -> bool:
        # A question that a "what could have gone better" section asks is the point of the section.
        return checked[seg[0] : seg[1]].rstrip().endswith("?") and bool(
            _BETTER_SECTION.search(section_at(heads, seg[0]))
        )

    unsaid: list[tuple[int, int]] = []
    for start, end, kind, question, sure in rule_findings(checked, names, lowercase, segment, unsaid):
        seg = segment(start) or (start, end)
        if kind == "counterfactual" and in_better_section_question(seg):
            continue
        about_people = sure or mentions_people(checked, seg[0], seg[1], names)
        found.append(
            (start, end, kind, question, "high" if kind in ("blame", "judgement") and about_people else "medium")
        )
    # Blame is a judgement about people: the tone reads the segments of a review's field that speak of someone
    # (a name, a role, a pronoun, the writer or the team: the encoder judges whether they are blamed), not those
    # about systems alone ("The dashboard should have shown percentiles").
    # A whole document (a Markdown "#" heading, or longer than a review's field) is read by the rules alone:
    # on real postmortems the classifier, trained and measured on single sentences, was wrong nine times in
    # ten (docs/reviews.md); a review's fields, checked one by one, are still read for tone.
    document = any(text[at:].lstrip().startswith("#") for at, _ in heads) or len(WORD.findall(checked)) > _FIELD_WORDS
    tone_spans = [
        s
        for s in ([] if document or not tone else spans)
        if mentions_people(checked, *s, names) and not in_better_section_question(s) and not _note(checked, *s)
    ]
    phrased = [f for f in found if f[2] in PHRASING_KINDS]
    # Looked up here at call time, so that a caller may swap the model (the rules-only measurement).
    # Words talked about rather than said ("“operator error” is never a cause") are not read for tone either.
    # Contact details are not words to read for tone either ("Ann Lee <ann@example.org>, Bob Smith <...>").
    contacts = [(f[0], f[1]) for f in found if f[2] in ("email", "handle")]
    for start, end in blaming_tone(blank(checked, unsaid + contacts), phrased, lambda: tone_model(), tone_spans):
        found.append((start, end, "blaming-tone", QUESTIONS["blaming-tone"], "medium"))
    # A name in a segment with a phrasing finding is worth a look before a name alone.
    phrased_at = [f[0] for f in found if f[2] in PHRASING_KINDS]
    for i, f in enumerate(found):
        seg = segment(f[0]) if f[2] == "possible-name" else None
        if seg and any(seg[0] <= p < seg[1] for p in phrased_at):
            found[i] = (*f[:4], "medium")

    def context(offset: int) -> tuple[str, str]:
        seg = segment(offset)
        return section_at(heads, offset), (text[seg[0] : seg[1]] if seg else "")

    return finalise(text, found, context)


_FIELD_WORDS = 300
_LIST_LEAD = re.compile(r"[ \t>]*(?:[-*+]|\d+[.)])[ \t]|[ \t]*\|")


def _note(checked: str, start: int, end: int) -> bool:
    """A list item, table cell or timeline row without final punctuation: a telegraphic note ("Owner of the
    ingress contacted"). The classifier learned from whole sentences; on notes it reads blame into plain
    records, so only the rules read them."""
    if checked[start:end].rstrip()[-1:] in (".", "!", "?"):
        return False
    line_start = checked.rfind("\n", 0, start) + 1
    line_end = checked.find("\n", end)
    line = checked[line_start : line_end if line_end >= 0 else len(checked)]
    return bool(_LIST_LEAD.match(line)) or "|" in line or line.lstrip().startswith("**")


def suggested_rewrite(sentence: str, roster: RosterLike = None, names: list[str] | tuple[str, ...] = ()) -> str | None:
    """``neutral_rewrite`` of ``sentence`` when the check itself passes it (no name, contact detail, blame or
    judgement left), else None: accepting a suggestion must never put back a finding for the facilitator to
    clear again, so a sentence the words alone cannot fix is left to its question."""
    rewrite = neutral_rewrite(sentence, roster, names)
    if rewrite == sentence:
        return None
    left = lint_text(rewrite, roster)
    if any(f.severity == "high" or f.kind in ("name", "possible-name") for f in left):
        return None
    return rewrite


def _identities(
    text: str, checked: str, roster: Roster, known: Iterable[str] = ()
) -> tuple[list[tuple], "entities.People | None"]:
    """Contact details, roster names and possible names as (start, end, kind, question, severity), and what
    the named-entity model found (None without it)."""
    named = mask_links(text)  # names are looked for in code and quoted logs too
    # A shared mailbox (help@, security@) is the organisation's, not a person's; ops@ or admin@ may be one
    # person, so they stay findings.
    found: list[tuple] = [
        (*m.span(), "email", QUESTIONS["email"], "high")
        for m in EMAIL.finditer(checked)
        if not _shared_address(m.group())
        # "protobufjs@6.11.3", "crypto@0.0.0-2020...": a package at a version; "Compute@Edge": a product name.
        and not m.group().split("@", 1)[1][:1].isdigit()
        and "." in m.group().split("@", 1)[1]
    ]
    # "@1.2.2" is a version, "@types/node" or "@site/src/..." a package or a path, not a handle.
    found += [
        (*m.span(), "handle", QUESTIONS["handle"], "high")
        for m in HANDLE.finditer(checked)
        if not m.group()[1:2].isdigit()
        and not re.match(r"/[a-z0-9]", checked[m.end() : m.end() + 2])
        and not _GROUP_HANDLE.search(m.group()[1:])
        and not _BEFORE_TERM.search(checked, max(0, m.start() - 30), m.start())
    ]
    found += [(s, e, "name", QUESTIONS["name"], "high") for s, e in roster_spans(named, roster)]
    nicks = nick_names(named)
    # A word written in lower case anywhere but as a chat nick is a common word or a tool's or company's own
    # name (in its URLs and code: "posthog"), not a person's.
    # Quoted logs are left out: "now paladox" there addresses a person.
    lowercase = lowercase_words(checked, nicks) | (lowercase_in(LOG_LINE.sub(" ", text)) - nicks)
    # "the Holesky testnet", "`Asklepian`": a system at every mention, unless another field names it as a person.
    lowercase |= system_names(text) - {w.casefold() for n in known for w in n.split()}
    # The heuristics also know the dictionary's lower-case words (a nick is a name anyway: added below); the
    # model's people are its own call.
    guessed = set(possible_names(checked, lowercase, dictionary_words()))
    # The model may vouch for a word the heuristics reject (inner capitals, digits).
    people = entities.people(checked, frozenset(lowercase))
    if people is not None:  # a heuristic guess the model calls an organisation or product is dropped
        guessed = {
            g
            for g in guessed
            if not any(s <= g[0] < e for s, e in people.not_persons)
            and checked[g[0] : g[1]].casefold() not in people.things
        } | set(people.persons)
    # Headings and bold lead-ins are Title Case: a capital there is no evidence of a name.
    titles = [m.span() for m in TITLE_LINE.finditer(text)]
    # Title Case terms ("Message Editing", "Mission Control") and linked releases or pull requests are no people.
    titles += title_case_terms(checked) + _linked_things(text) + [m.span(1) for m in _IMAGE_ALT.finditer(text)]
    # A byline ("Author: Tim Beiko, Mario Havel", "**Authors:** Raul Jordan", "Created By: [Sen Lu]") says who
    # wrote the review, not who did what: no finding there, and the same people named in the events still are.
    bylines = [m.span() for m in _BYLINE.finditer(text)]
    found = [f for f in found if f[2] not in ("handle", "possible-name") or not any(s <= f[0] < e for s, e in bylines)]
    guessed = {g for g in guessed if not any(s <= g[0] < e for s, e in titles)} | set(nick_spans(named, nicks))
    authors = {checked[s:e] for s, e in guessed if any(a <= s < b for a, b in bylines)}
    guessed = {g for g in guessed if not any(s <= g[0] < e for s, e in bylines)}
    guessed = {g for g in guessed if not _CITED.match(checked, g[1])}
    guessed |= set(_named_addresses(checked, lowercase))
    # A name found once is a name in every place a person would stand, and the person is settled once; an
    # author is a name where the events name them ("only David worked on this issue").
    names = {checked[s:e] for s, e in guessed} | set(known) | authors
    # The model's organisation stands, unless this text names that word as a person elsewhere: the small model
    # tags a first name opening a timeline row as one ("Katharine loops in the node team").
    here = {w.casefold() for s, e in guessed for w in checked[s:e].split()}
    orgs = [
        (s, e) for s, e in (people.not_persons if people is not None else []) if checked[s:e].casefold() not in here
    ]
    blocked = titles + orgs + bylines
    again = named_again(checked, names, (lowercase, dictionary_words()), blocked)
    guessed |= {g for g in again if not any(s < g[1] and g[0] < e for s, e in guessed)}
    found += [(s, e, "possible-name", QUESTIONS["possible-name"], "low") for s, e in sorted(guessed)]
    return found, people


_BYLINE_WORDS = (
    r"(?i:authors?|author\(s\)|created\s+by|written\s+by|prepared\s+by|edited\s+by|editors?|reviewed\s+by"
    r"|reviewers?|contributors?)"
)
# Only a list of names: capitalised words, handles, links, addresses, commas and "and" ("Tim Beiko, Mario Havel",
# "[Sen Lu](https://...)", "David Ellis <david@iasql.com>"); "Author: Nishant pushed the change" is no byline.
_NAME_LIST = r"(?:[ \t*_]|,|&|\band\b|[A-Z][\w.'’-]*|@[\w.-]+|\[[^\]\n]*\](?:\([^)\s]*\))?|<[^>\s]+>|\([^)\n]{0,40}\))+"
# "Author: Tim Beiko", "**Authors:** Raul Jordan", or a heading "## Author(s)" over a list of names.
_BYLINE = re.compile(
    rf"(?m)^[ \t>*_-]*{_BYLINE_WORDS}[ \t*_]*:{_NAME_LIST}$"
    rf"|^#{{1,6}}[ \t]+{_BYLINE_WORDS}[ \t]*\n(?:[ \t]*\n)*(?:[ \t]*[-*+][ \t]+{_NAME_LIST}(?:\n|$))+"
)
_CITED = re.compile(r"[ \t]+et\.?[ \t]+al\b")  # "Möser et al": a paper's authors
# A glossary link after an article ("a new @transaction", "the @ring-signature"): a term, not a person.
_BEFORE_TERM = re.compile(r"\b(?:a|an|the|new)[ \t]+$", re.IGNORECASE)
_IMAGE_ALT = re.compile(r"!\[([^\]\n]*)\]")  # an image's description ("![Fosstodon Sidekiq backlog]")
_LINK = re.compile(r"\[([^\]\n]{2,60})\]\((?:https?://)?(?:www\.)?([^/)\s]+)([^)\s]*)")
# A link to a release, a pull request, an issue or a file names that thing.
_THING_PATH = re.compile(r"/(?:releases|tag|tags|pull|pulls|issues|commit|commits|blob|tree|wiki|compare)/")


def _linked_things(text: str) -> list[tuple[int, int]]:
    """Spans of link texts that name a release, pull request, issue or file ("[Frankenstein's Monster](https://
    github.com/.../releases/tag/v7)"). A person linked to a profile or a site of their own stays: an organisation's
    site ("[Alpha-Omega](https://alpha-omega.dev/)") looks the same as a person's ("[Jess Lee](https://jesslee.dev)")."""
    spans = []
    for m in _LINK.finditer(text):
        if _THING_PATH.search(m.group(3)):
            spans.append(m.span(1))
    return spans


# "Marta Kowalczyk <marta@example.org>": the words an address is written after, as in author lines.
# A word of a name: capitalised, or an initial ("Ann Q. Lee"); no dot inside, so no sentence break is crossed.
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]*)"
_NAMED_ADDRESS = re.compile(rf"((?:{_NAME_WORD}[ \t]+){{0,3}}{_NAME_WORD})[ \t]*[<(][ \t]*(?=[^\s@<>()]+@)")


_ADDRESS_LEADS = word_set("contact email e-mail mail ping ask cc dear hi hello per")


def _named_addresses(checked: str, common: set[str]) -> list[tuple[int, int]]:
    """Spans of the name written before a personal address ("Name <address>"), without words before it
    that are common words ("Email Ann <ann@...>")."""
    not_names = common | NOT_NAMES | _ADDRESS_LEADS
    spans = []
    for m in _NAMED_ADDRESS.finditer(checked):
        words = list(re.finditer(r"\S+", m.group(1)))
        while words and words[0].group().casefold() in not_names:
            words.pop(0)
        # Before a shared mailbox, a full name only ("Grace Park <events@...>"; not "Support <support@...>").
        shared = checked[m.end() :].split("@", 1)[0].casefold() in _SHARED_MAILBOXES
        if shared and (len(words) < 2 or any(w.group().casefold() in not_names for w in words)):
            continue
        if words and all(
            re.fullmatch(r"[A-Z]\.", w.group()) or (w.group()[:1].isupper() and not w.group().isupper()) for w in words
        ):
            spans.append((m.start(1) + words[0].start(), m.end(1)))
    return spans
