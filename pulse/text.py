"""Free text people write (comments, perspectives, review fields): one cleaner for all of it.

Invisible characters go before anything is stored: control characters, and the formatting ones
(zero-width spaces, bidirectional overrides) that can make a text read differently from what it
says, or hide a name from the scrubber and the blame-language check.
"""

from __future__ import annotations

import unicodedata

from pulse.errors import InvalidAnswer, PulseError

# Cc control, Cf format (zero-width, bidi overrides), Cs lone surrogates, Co private use.
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Co"))


def clean_text(value: object, *, limit: int, what: str = "text", error: type[PulseError] = InvalidAnswer) -> str:
    """``value`` without invisible characters, line ends as ``\\n``, stripped; ``""`` when blank or None.

    ``error`` is raised (with a one-line message naming ``what``) for a non-text value or one longer
    than ``limit`` characters after cleaning.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise error(f"{what} must be text")
    kept = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in _INVISIBLE)
    kept = kept.replace("\r\n", "\n").strip()
    if len(kept) > limit:
        raise error(f"{what} is {len(kept)} characters; the limit is {limit}")
    return kept
