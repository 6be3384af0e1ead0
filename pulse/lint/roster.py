"""The roster a facilitator pastes: the names of the people involved, each with an optional role, and
where those names appear in a text."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pulse.errors import PulseError
from pulse.scrub import EMAIL


@dataclass(frozen=True)
class Roster:
    """Names of the people involved, each with an optional role used to replace it.

    Parsed from pasted text, one person a line: ``Alice Smith``, ``Alice Smith, on-call engineer``
    (a tab, ``;``, ``:`` or `` - `` also separate the role). Lines starting with ``#`` are ignored.
    """

    entries: tuple[tuple[str, str | None], ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.entries)

    @property
    def names(self) -> list[str]:
        """Full names, then their capitalised parts (at least two letters), without duplicates."""
        out: list[str] = []
        for name, _ in self.entries:
            out.append(name)
        for name, _ in self.entries:
            out.extend(name_parts(name))
        return list(dict.fromkeys(out))

    def role_of(self, name: str) -> str | None:
        """The role given for a full name or one of its parts, if any."""
        folded = name.casefold()
        for full, role in self.entries:
            if full.casefold() == folded or folded in (p.casefold() for p in name_parts(full)):
                return role
        return None


# What callers may pass as a roster: a Roster, pasted text, name -> role, or names.
RosterLike = Roster | str | Mapping[str, str | None] | Iterable[str] | None


def name_parts(name: str) -> list[str]:
    """The capitalised parts of a name of two or more words ("Will Turner": "Will", "Turner")."""
    parts = name.split()
    if len(parts) < 2:
        return []
    return [p for p in parts if len(p) >= 2 and p[0].isupper() and not p.isupper()]


_ROSTER_SPLIT = re.compile(r"\t|;|,|:|\s+-\s+|\s+–\s+")


def parse_roster(text: str) -> Roster:
    """A roster from pasted text: one person a line, optionally followed by their role."""
    entries: dict[str, str | None] = {}
    for raw in str(text).splitlines():
        line = EMAIL.sub(" ", re.sub(r"<[^<>]*>", " ", raw)).strip()
        if not line or line.startswith("#"):
            continue
        name, role = _split_roster_line(line)
        if name.casefold() in ("name", "names", "person"):
            continue  # a header row
        if name:
            entries.setdefault(name, role or None)
    return Roster(tuple(entries.items()))


def _split_roster_line(line: str) -> tuple[str, str]:
    pieces = _ROSTER_SPLIT.split(line, maxsplit=1)
    name = " ".join(pieces[0].split())
    role = " ".join(pieces[1].split()) if len(pieces) > 1 else ""
    return name, role


def read_roster(path: str | Path) -> Roster:
    """A roster from a UTF-8 text file, one person a line."""
    try:
        return parse_roster(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise PulseError(f"cannot read roster {path}: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise PulseError(f"roster {path} is not UTF-8 text") from e


def as_roster(value: RosterLike) -> Roster:
    """Accept a Roster, pasted roster text, a mapping name -> role, or an iterable of names."""
    if value is None:
        return Roster()
    if isinstance(value, Roster):
        return value
    if isinstance(value, str):
        return parse_roster(value)
    if isinstance(value, Mapping):
        return Roster(tuple((" ".join(str(k).split()), v or None) for k, v in value.items() if str(k).strip()))
    if isinstance(value, Iterable):
        return Roster(tuple((" ".join(str(n).split()), None) for n in value if str(n).strip()))
    raise TypeError(f"cannot use {type(value).__name__} as a roster")


def _name_pattern(name: str, whole: bool) -> re.Pattern:
    body = r"\s+".join(re.escape(p) for p in name.split())
    flags = re.IGNORECASE if whole else 0
    return re.compile(rf"(?<![\w@.]){body}(?:['’]s)?(?![\w@])", flags)


def roster_patterns(roster: Roster) -> list[re.Pattern]:
    """One pattern per full name and per name part."""
    # A full name matches in any case; a single part only capitalised ("Will", not "will").
    patterns = []
    for name, _ in roster.entries:
        patterns.append(_name_pattern(name, whole=len(name.split()) > 1))
    for part in {p for name, _ in roster.entries for p in name_parts(name)}:
        patterns.append(_name_pattern(part, whole=False))
    return patterns


def roster_spans(text: str, roster: Roster) -> list[tuple[int, int]]:
    """Spans of roster names in ``text``, a full name taking precedence over its parts."""
    spans: list[tuple[int, int]] = []
    for pattern in roster_patterns(roster):
        for m in pattern.finditer(text):
            if not any(s <= m.start() and m.end() <= e for s, e in spans):
                spans.append((m.start(), m.end()))
    return spans
