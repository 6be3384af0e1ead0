"""Attack (issue 11, item 8 and "The rest"): identifiers that got past the scrubber.

A full-width ``＠dana_k`` (or ``ｄａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ``) was shown as written, and people's
names were never scrubbed from comments although the pages say they are. Now the text is
normalised (NFKC) first, and names go too: the caller's roster, and capitalised words that act as
names. The properties: scrubbing is idempotent and never leaves an email or a handle.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pulse.scrub import scrub_identifiers

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}  # "!".."~" -> "！".."～"
ANY_ADDRESS = re.compile(r"\w@\w|(?<!\w)@\w")  # what is left of any email or handle


def full_width(text: str) -> str:
    return "".join(FULL_WIDTH.get(ch, ch) for ch in text)


def leaves_no_address(scrubbed: str) -> bool:
    return not ANY_ADDRESS.search(unicodedata.normalize("NFKC", scrubbed))


# --- the replayed attacks --------------------------------------------------------------------------


def test_full_width_handles_and_emails_are_scrubbed():
    text = "Ask ＠dana_k, or write to ｄａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ or dana﹫example.com."
    assert scrub_identifiers(text) == "Ask [handle], or write to [email] or [email]."


def test_names_are_scrubbed_from_a_comment_without_a_roster():
    comment = "Honestly, Priya carries the whole sprint. Marcus said the reviews wait on Priya's approval."
    assert scrub_identifiers(comment) == (
        "Honestly, [name] carries the whole sprint. [name] said the reviews wait on [name]'s approval."
    )


def test_roster_names_are_scrubbed_in_any_case_and_in_full():
    text = "ana silva and Bruno Costa paired; bruno costa wrote the runbook."
    assert (
        scrub_identifiers(text, ["Ana Silva", "Bruno Costa"]) == "[name] and [name] paired; [name] wrote the runbook."
    )


def test_words_that_are_not_people_stay():
    text = (
        "Great sprint! The release on Friday went well. We moved to Jira and GitHub in March. "
        "Deployment was smooth; Kubernetes upgrades are painful. Our PM asked for OKRs on Monday. "
        "Testing is slow and the API docs are thin."
    )
    assert scrub_identifiers(text) == text


# --- properties ---------------------------------------------------------------------------------

NAMES = ["Dana", "Priya", "Marcus", "Lee", "O'Brien", "McKay", "Renée", "Name", "Email"]
WORDS = ["the", "deploy", "said", "was", "slow", "and", "we", "Friday", "Jira", "I", "Great", "release", "asked"]
PUNCT = [" ", " ", " ", ". ", ", ", "; ", "\n", "! ", "(", ")", "[", "]", "'s "]


@st.composite
def contact(draw) -> str:
    user = draw(st.from_regex(r"[a-z][a-z0-9._+-]{0,8}[a-z0-9]", fullmatch=True))
    domain = draw(st.from_regex(r"[a-z][a-z0-9-]{0,6}(\.[a-z]{2,3}){0,2}", fullmatch=True))
    kind = draw(st.sampled_from(["email", "handle", "phone"]))
    value = {"email": f"{user}@{domain}", "handle": f"@{user}", "phone": "+44 20 7946 0958"}[kind]
    return full_width(value) if draw(st.booleans()) else value


pieces = st.one_of(st.sampled_from(NAMES + WORDS + PUNCT + ["@", "＠", "[name]", "[email]"]), contact())
texts = st.lists(pieces, max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts, st.lists(st.sampled_from(NAMES + ["Ana Silva", "name"]), max_size=3))
@example("hi Dana@wiki ok", [])
@example("x@y.co@evil.example ＠＠dana", ["Name"])
def test_scrubbing_is_idempotent_and_leaves_no_email_or_handle(text, roster):
    once = scrub_identifiers(text, roster)
    assert scrub_identifiers(once, roster) == once
    assert leaves_no_address(once)
    for name in roster:
        assert not re.search(rf"(?<![\w\[]){re.escape(name)}(?![\w\]])", once, re.IGNORECASE)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_at_all_scrubs_idempotently_without_addresses(text):
    once = scrub_identifiers(text)
    assert scrub_identifiers(once) == once
    assert leaves_no_address(once)
