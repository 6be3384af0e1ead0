"""Which identity findings name one person: "@kberry", "Katharine" and "Katharine Berry" in one review are
one person to settle, with one waiver or one role for every spelling and every place.

A full name (two or more name words) is a person. A single word, a handle or a mailbox joins the one full
name it matches (a name word of it, or a handle built from its words: "kberry", "katharineb",
"KatharineBerry", "k.berry"). A word that matches two full names ("Katharine" beside "Katharine Berry" and
"Katharine Ng") joins neither: the facilitator decides each of those places. Spellings that match no full
name are one person when they are the same word ("@Katharine" and "Katharine").
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
    """The words of a name as a person's key is built from them: case folded, without a possessive, particles
    or initials; a handle's or a mailbox's parts split at punctuation, digits and case ("KatharineBerry")."""
    text = text.strip()
    if kind in ("handle", "email") or text.startswith("@"):
        text = text.lstrip("@").split("@")[0] if kind == "email" else text.lstrip("@").split("/")[0]
        text = _CAMEL.sub(" ", text)
    else:
        text = re.split(r"\s*[<(\[]", text)[0]  # "Ann Lee <ann@example.com>": the name, not its address
        text = _POSSESSIVE.sub("", text)
    words = [w.casefold() for w in _LETTERS.findall(text)]
    return tuple(w for w in words if len(w) > 1 and w not in _PARTICLES)


def _compact(kind: str, text: str) -> str:
    """A handle or mailbox as one run of letters ("k.berry42" -> "kberry")."""
    if kind == "email":
        text = text.split("@")[0]
    return "".join(_LETTERS.findall(text.lstrip("@").split("/")[0])).casefold()


def _built_from(compact: str, words: tuple[str, ...]) -> bool:
    """Whether a handle's letters are made from a full name's words: "kberry", "katharineb", "berryk",
    "katharineberry" from ("katharine", "berry")."""
    first, last = words[0], words[-1]
    made = {first + last, first[0] + last, first + last[0], last + first, last + first[0], first[0] + last[0]}
    # A login cut to a length ("skuznets" for Steve Kuznetsov), or every word run together ("bentheelder").
    cut = len(compact) >= 6 and (first[0] + last).startswith(compact)
    return compact in made or cut or compact == "".join(words)


def persons(spellings: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The person each identity spelling names, as ``{(kind, text): key}``; spellings of one person share a
    key. Only kinds in ``IDENTITY_KINDS`` are keyed; the key is a full name's words (or the word itself)."""
    spelt = {(k, t) for k, t in spellings if k in IDENTITY_KINDS}
    words = {s: name_words(*s) for s in spelt}
    full: dict[frozenset[str], tuple[str, ...]] = {}
    # Names first, so a person is shown by a name rather than a handle; then handles of two words or more
    # ("@tony-yang", "@BenTheElder"), which stand for a person the text names only in parts.
    for s in sorted(spelt, key=lambda s: (s[0] in ("handle", "email"), s)):
        w = tuple(x for x in words[s] if x not in _LINKS)
        if len(w) >= 2 and s[0] != "email":
            full.setdefault(frozenset(w), words[s])
    # A shorter full name inside exactly one longer one is that person ("Mary Ann" in "Mary Ann Smith").
    canonical = {}
    for k, v in full.items():
        longer = [other for other in full if k < other]
        canonical[k] = full[longer[0]] if len(longer) == 1 else v
    people = {frozenset(v) - _LINKS: v for v in canonical.values()}
    out = {}
    for s in spelt:
        w = tuple(x for x in words[s] if x not in _LINKS)
        key_set = frozenset(w)
        if key_set in canonical:
            out[s] = " ".join(x for x in canonical[key_set] if x not in _LINKS)
            continue
        compact = _compact(*s) if s[0] in ("handle", "email") or s[1].startswith("@") else ""
        matches = [
            a for a_set, a in people.items() if (w and key_set <= a_set) or (compact and _built_from(compact, a))
        ]
        if len(matches) == 1:
            out[s] = " ".join(x for x in matches[0] if x not in _LINKS)
        else:
            out[s] = " ".join(w) if w else s[1].casefold()
    return out
