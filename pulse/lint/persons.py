"""Which identity findings name one person: "@kberry", "Katharine" and "Katharine Berry" in one review are
one person to settle, with one waiver or one role for every spelling and every place.

A full name (two or more name words, in order) is a person. A single word, a handle or a mailbox joins the
one full name it matches (a word of it, or a login built from its words: "kberry", "katharineb",
"KatharineBerry", "skuznets"). A word that matches two full names ("Katharine" beside "Katharine Berry" and
"Katharine Ng") joins neither: the facilitator decides each of those places. Spellings that match no full
name are one person when they are the same word ("@Katharine" and "Katharine"). "Yang Liu" and "Bin Liu",
"Li Wei" and "Wei Li", "Jane S." and "Jane Doe" stay two people.
"""

import re
from collections.abc import Iterable

IDENTITY_KINDS = frozenset({"name", "possible-name", "handle", "email"})

_POSSESSIVE = re.compile(r"['’]s?$")
_LETTERS = re.compile(r"[^\W\d_]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LINKS = frozenset({"the", "and", "of"})  # "@BenTheElder"
_PARTICLES = frozenset({"de", "van", "von", "da", "di", "del", "der", "den", "le", "la", "du", "bin", "al"})


def name_words(kind: str, text: str) -> tuple[str, ...]:
    """The words of a name in order, case folded, without a possessive or particles inside it ("Ludwig van
    Beek"; a first word stays: "Bin Liu", "Di Wang"); initials stay ("Jane S."). A handle's or a mailbox's
    parts are split at punctuation, digits and case ("KatharineBerry")."""
    text = text.strip()
    if kind in ("handle", "email") or text.startswith("@"):
        text = text.lstrip("@").split("@")[0] if kind == "email" else text.lstrip("@").split("/")[0]
        text = _CAMEL.sub(" ", text)
    else:
        text = re.split(r"\s*[<(\[]", text)[0]  # "Ann Lee <ann@example.com>": the name, not its address
        text = _POSSESSIVE.sub("", text)
    words = [w.casefold() for w in _LETTERS.findall(text)]
    return tuple(w for i, w in enumerate(words) if w not in _LINKS and (i == 0 or w not in _PARTICLES))


def _compact(kind: str, text: str) -> str:
    """A handle or mailbox as one run of letters ("k.berry42" -> "kberry")."""
    if kind == "email":
        text = text.split("@")[0]
    return "".join(_LETTERS.findall(text.lstrip("@").split("/")[0])).casefold()


def _built_from(compact: str, words: tuple[str, ...]) -> bool:
    """Whether a login's letters are made from a full name's words: "kberry", "katharineb", "berryk",
    "katharineberry", a login cut short ("skuznets" for Steve Kuznetsov)."""
    if len(compact) < 3:
        return False
    first, last = words[0], words[-1]
    made = {first + last, first[0] + last, first + last[0], last + first, last + first[0], "".join(words)}
    cut = len(compact) >= 6 and len(compact) >= len(first[0] + last) - 2 and (first[0] + last).startswith(compact)
    return compact in made or cut


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is ``long`` with words left out, in order ("Mary Ann" in "Mary Ann Smith")."""
    rest = iter(long)
    return len(short) < len(long) and all(w in rest for w in short)


def persons(spellings: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The person each identity spelling names, as ``{(kind, text): key}``; spellings of one person share a
    key. Only kinds in ``IDENTITY_KINDS`` are keyed; the key is a full name's words (or the word itself)."""
    spelt = {(k, t) for k, t in spellings if k in IDENTITY_KINDS}
    words = {s: name_words(*s) for s in spelt}
    # Names first, then handles of two words or more ("@tony-yang", "@BenTheElder"), which stand for a person
    # the text names only in parts. Initials are no full name on their own ("J. S.").
    full: list[tuple[str, ...]] = []
    logins: dict[str, tuple[str, ...]] = {}  # "@BenTheElder" as letters, so "@bentheelder" finds it
    for s in sorted(spelt, key=lambda s: (s[0] in ("handle", "email"), s)):
        w = words[s]
        if len(w) >= 2 and s[0] != "email" and any(len(x) > 1 for x in w):
            if w not in full:
                full.append(w)
            if s[0] == "handle":
                logins[_compact(*s)] = w
    # A shorter full name inside exactly one longer one is that person.
    canonical = {}
    for w in full:
        longer = [other for other in full if _inside(w, other)]
        canonical[w] = longer[0] if len(longer) == 1 else w
    people = set(canonical.values())
    out = {}
    for s in spelt:
        w = words[s]
        if w in canonical:
            out[s] = " ".join(canonical[w])
            continue
        compact = _compact(*s) if s[0] in ("handle", "email") or s[1].startswith("@") else ""
        if compact in logins:
            out[s] = " ".join(canonical[logins[compact]])
            continue
        matches = [p for p in people if (w and all(x in p for x in w)) or (compact and _built_from(compact, p))]
        out[s] = " ".join(matches[0]) if len(matches) == 1 else (" ".join(w) if w else s[1].casefold())
    return out
