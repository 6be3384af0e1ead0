"""Accessibility that the theme cannot set: caption contrast (WCAG AA, at least 4.5:1 on every
background the app uses) and a keyboard focus ring that is always visible.

Streamlit draws captions in a faded text colour (about 3.9:1 on white); here they get a solid grey
that passes on white and on the sidebar's grey. The accent colour is the theme's
(``dashboard/.streamlit/config.toml``).
"""

from __future__ import annotations

import streamlit as st

ACCENT = "#1d5f8a"
CAPTION = "#4a5060"
BACKGROUNDS = {"page": "#ffffff", "sidebar": "#f0f2f6"}

CSS = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{ color: {CAPTION} !important; }}
:focus-visible, button:focus-visible, a:focus-visible, [role="tab"]:focus-visible, [role="radio"]:focus-visible,
input:focus-visible, textarea:focus-visible, [data-baseweb="select"] :focus-visible {{
  outline: 3px solid {ACCENT} !important; outline-offset: 2px !important; box-shadow: none !important;
}}
</style>"""


def apply() -> None:
    """Add the stylesheet to the page (a style-only block takes no room)."""
    st.html(CSS)


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two colours given as ``#rrggbb``."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
