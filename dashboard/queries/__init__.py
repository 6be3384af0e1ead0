"""What the pages read, cached per database file: one bundle per page, read once when cold.

Every figure comes from ``pulse.results`` (or ``analysis`` on its frames), never from SQL: these
modules only reshape what the query layer already decided may be shown. ``public`` serves the
anonymous pages and imports no analysis (the pulse page never loads scikit-learn); ``coaching`` the
trends, organisation and overview pages; ``reviews`` the review pages; ``admin`` the admin pages.
Cached functions take the database path first, so two files never share a cache entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from dashboard.state import open_database
from pulse import settings
from pulse.instruments import Instrument, instruments_of
from pulse.teams import Team, list_teams

# Results change only when a round closes. A write from the dashboard (closing a round, raising k,
# a purge) clears every cache at once; a round that closes by date shows within the hour.
TTL = 3600
BUILTIN_ORDER = {"psych-safety": 0, "health-check": 1, "enps": 2}
_LIVE: list[Callable] = []


def live(cached: Callable) -> Callable:
    """Mark a cached function whose result holds live participation counts: ``after_pulse`` clears it."""
    _LIVE.append(cached)
    return cached


def after_write() -> None:
    """Clear every cached result: call after anything that changes what the pages show."""
    st.cache_data.clear()


def after_pulse() -> None:
    """A pulse changes only live participation counts (open rounds show nothing else)."""
    for cached in _LIVE:
        cached.clear()


@dataclass(frozen=True)
class Catalogue:
    """What the pages' pickers offer: k, the teams (by tribe, then name) and the instruments."""

    k: int
    teams: tuple[Team, ...]
    instruments: tuple[Instrument, ...]

    @property
    def team_names(self) -> list[str]:
        return [t.name for t in self.teams]

    @property
    def instrument_names(self) -> dict[str, str]:
        return {i.key: i.name for i in self.instruments}

    def instrument(self, key: str) -> Instrument:
        return next(i for i in self.instruments if i.key == key)


@st.cache_data(ttl=TTL, show_spinner=False)
def catalogue(path: str) -> Catalogue:
    """k, teams and instruments (built-in ones first: psych safety, health check, eNPS; then by key)."""
    cur = open_database(path).cursor()
    found = sorted(instruments_of(open_database(path)).values(), key=lambda i: (BUILTIN_ORDER.get(i.key, 3), i.key))
    return Catalogue(settings.min_group_size(cur), tuple(list_teams(cur)), tuple(found))
