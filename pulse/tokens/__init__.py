"""Codes and links: the single-use ways in, for pulses and perspectives alike.

A code is 80 random bits, shown once and stored as a keyed hash (:mod:`pulse.tokens.codes`); a
personal link is a code inside a URL (:mod:`pulse.tokens.links`). Both work once, so every answer
that counts towards k is one person's.
"""

from pulse.tokens.codes import forget_codes, issue_codes, redeem, round_for_code

__all__ = ["forget_codes", "issue_codes", "redeem", "round_for_code"]
