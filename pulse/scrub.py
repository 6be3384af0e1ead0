"""Remove what identifies a person from free text before anyone reads it (DESIGN.md rule 2).

Emails, @handles, phone numbers and people's names become placeholders. The text is normalised
first (Unicode NFKC), so a full-width ``＠handle`` or ``ｄａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ`` is caught like
the ASCII one. Names come from two places: the roster the caller gives (a team's or a review's
names, matched in any case), and a heuristic for names nobody listed: a capitalised word inside a
sentence that is not a known word, product, weekday or month, or a capitalised word at a
sentence's start that acts like a person ("Dana said", "Dana's", "Dana Smith"). It errs towards
scrubbing: a hidden product name costs less than a shown colleague. Scrubbing is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# \w is Unicode-aware: "josé@exemple.fr" and "@renée" are caught too. The domain's dot is optional,
# so an intranet "dana@wiki" goes as well; what is left can hold no "@" followed by a word character.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
HANDLE = re.compile(r"(?<!\w)@\w(?:[\w.-]*\w)?")
PHONE = re.compile(r"(?<!\w)\+?\d[\d ().-]{6,}\d(?!\w)")
PLACEHOLDERS = ("[email]", "[handle]", "[phone]", "[name]")

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_BREAK = frozenset(".!?:;\n")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that are not people: sentence words, calendar, roles, places, products. Kept
# wherever they stand. (pulse.lint flags names for a facilitator with a list of its own.)
KEEP = _word_set(
    """
    a an the this that these those it its we us our ours they them their he him his she her hers i me my
    you your yours there here then when while after before during since until if but and or nor so yet
    because as at on in of for by to with from into onto over under about also however meanwhile later
    nobody everyone everybody someone somebody anyone anybody nothing something everything none who what
    why how which where whom whose whoever yes no not all some each every both either neither one two three
    four five six seven eight nine ten first second third next last once today yesterday tomorrow tonight
    monday tuesday wednesday thursday friday saturday sunday weekend weekends week weeks month year
    january february march april may june july august september october november december
    christmas easter q1 q2 q3 q4 am pm utc gmt cet est pst
    great good bad ok okay fine nice thanks thank please sorry hi hello dear overall lately recently
    sometimes often always never still maybe perhaps honestly generally again just only even lots too
    well sure hard easy hope love like need feel think really very much many more less most least new old
    would could should can will might must don't do does did is are was were be been being have has had
    let lets let's our we're we've i'm i've it's that's there's what's
    action actions note notes summary timeline impact team teams review retro retros sprint sprints standup
    standups planning demo demos meeting meetings incident outage customer customers production prod
    staging canary release releases deploy deployment deployments pipeline backlog roadmap process
    management leadership security legal finance marketing sales support product design engineering
    hr ops platform infrastructure data mobile frontend backend office remote company organisation
    organization tribe squad chapter guild
    red amber green blue yellow orange
    kubernetes docker jenkins github gitlab bitbucket jira confluence slack zoom teams pagerduty opsgenie
    grafana prometheus datadog splunk kibana elasticsearch elastic kafka redis postgres postgresql mysql mongo
    mongodb terraform ansible helm vault consul nginx apache linux windows mac macos android ios chrome
    firefox safari python java javascript typescript rust ruby rails django node react angular vue go
    aws azure gcp google amazon microsoft apple excel outlook gmail sentry airflow spark snowflake
    bigquery tableau looker salesforce zendesk stripe figma notion trello asana cloudflare akamai okta
    heroku vercel netlify argo argocd istio envoy lambda dynamodb cloudwatch cloudfront fastly twilio
    sendgrid miro mural loom webex sharepoint onedrive dropbox box copilot chatgpt openai
    scrum kanban agile safe okr okrs sre devops api sdk cli ci cd
    english french german spanish dutch europe america asia africa australia london berlin paris
    streamlit duckdb pandas teampulse
    engineer engineers developer developers manager managers lead leads intern interns contractor
    contractors colleague colleagues owner owners architect architects designer designers tester testers
    analyst analysts director directors coach coaches facilitator facilitators admin admins
    email handle phone name
    """
)
# Something people do, right after a capitalised word at a sentence's start: "Dana said ..." (and
# any regular past tense: "Dana pushed ...").
_PERSON_NEXT = _word_set(
    """
    said says told tells asked asks thinks thought knows knew wants wanted feels felt forgot forgets keeps
    kept helped helps helped decided decides always never really just also is isn't was wasn't has hasn't
    had hadn't did didn't does doesn't will won't would wouldn't should shouldn't could couldn't can can't
    made makes took takes gave gives went goes left came comes ran runs tried tries seems seemed
    """
)
# Word endings of things rather than people ("Testing was slow", "Documentation is thin").
_THING_ENDINGS = (
    "ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ogy", "ure", "age",
    "ery", "ary", "ware", "work", "ings", "ers", "ics",
)  # fmt: skip
_CAMEL_PREFIXES = ("Mc", "Mac", "O'", "O’")


def scrub_identifiers(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with emails, @handles, phone numbers and people's names replaced by placeholders.

    ``names``: people known to the caller (a team's or a review's roster), scrubbed in any case;
    names nobody listed are found by the heuristic of the module docstring.
    """
    text = unicodedata.normalize("NFKC", str(text))
    roster = _roster_patterns(names)
    # Each pass can expose something to another ("Dana@wiki" is a name next to a handle): repeat
    # until nothing changes, so that scrubbing scrubbed text changes nothing.
    for _ in range(8):
        before = text
        text = _scrub_contacts(text)
        for pattern in roster:
            text = pattern.sub("[name]", text)
        text = _scrub_likely_names(text)
        if text == before:
            break
    return text


def _scrub_contacts(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = HANDLE.sub("[handle]", text)
    return PHONE.sub("[phone]", text)


def _roster_patterns(names: Iterable[str]) -> list[re.Pattern]:
    cleaned = {" ".join(unicodedata.normalize("NFKC", str(n)).split()) for n in names if n}
    ordered = sorted((n for n in cleaned if len(n) >= 2), key=len, reverse=True)  # full names before parts
    # Not inside a placeholder: a person called "Name" must not turn "[name]" into "[[name]]".
    bodies = [r"\s+".join(map(re.escape, n.split())) for n in ordered]
    return [re.compile(rf"(?<![\w\[]){body}(?![\w\]])", re.IGNORECASE) for body in bodies]


def _scrub_likely_names(text: str) -> str:
    lowercase = {m.group() for m in _WORD.finditer(text) if m.group().islower()}
    words = list(_WORD.finditer(text))
    spans = []
    for i, m in enumerate(words):
        if _likely_name(text, words, i, lowercase):
            end = m.end() - (2 if m.group().endswith(("'s", "’s")) else 0)
            spans.append((m.start(), end))
    for start, end in reversed(spans):
        text = text[:start] + "[name]" + text[end:]
    return text


def _candidate(word: str, lowercase: set[str]) -> bool:
    """Spelt like a given name: capitalised, not all capitals, not a product spelling, not a known word."""
    base = word[:-2] if word.endswith(("'s", "’s")) else word
    if len(base) < 2 or not base[0].isupper() or base.isupper():
        return False
    if any(ch.isupper() for ch in base[1:]) and not base.startswith(_CAMEL_PREFIXES):
        return False  # "GitHub", "DuckDB"; not "McKay"
    if ("'" in base or "’" in base) and not base.startswith(("O'", "O’")):
        return False  # "I'd", "Don't"
    folded = base.casefold()
    return folded not in KEEP and folded not in lowercase and not any(p.casefold() in KEEP for p in base.split("-"))


def _likely_name(text: str, words: list[re.Match], i: int, lowercase: set[str]) -> bool:
    word = words[i].group()
    if not _candidate(word, lowercase):
        return False
    if not _sentence_start(text, words[i].start()):
        return True  # a capitalised unknown word inside a sentence: a proper noun, most likely a person
    base = word[:-2] if word.endswith(("'s", "’s")) else word
    if base.casefold().endswith(_THING_ENDINGS):
        return False
    if base != word:
        return True  # "Dana's idea"
    if i + 1 < len(words) and text[words[i].end() : words[i + 1].start()].strip() == "":
        following = words[i + 1].group()
        if following.casefold() in ("and", "or") and i + 2 < len(words):
            return _candidate(words[i + 2].group(), lowercase)  # "Dana and Lee argued"
        acts = following.casefold() in _PERSON_NEXT or (following.islower() and following.endswith("ed"))
        return acts or _candidate(following, lowercase)  # "Dana said", "Dana pushed", "Dana Lee"
    return False


def _sentence_start(text: str, start: int) -> bool:
    """True when no letter, digit or placeholder stands between a sentence break and ``start``."""
    i = start - 1
    while i >= 0 and text[i] not in _SENTENCE_BREAK:
        if text[i].isalnum() or text[i] == "]":
            return False
        i -= 1
    return True
