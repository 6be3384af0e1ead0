"""Remove what identifies a person from free text before it is shown."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_][A-Za-z0-9_.-]{1,38}")
PHONE = re.compile(r"(?<!\w)\+?\d[\d ().-]{6,}\d(?!\w)")


def scrub_identifiers(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Replace emails, @handles, phone numbers and the given names with placeholders."""
    text = EMAIL.sub("[email]", text)
    text = HANDLE.sub("[handle]", text)
    text = PHONE.sub("[phone]", text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return text
