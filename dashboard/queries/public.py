"""What the anonymous pages read: the threshold k for the promise they print. No analysis import here,
so opening the pulse page never loads scikit-learn."""

from __future__ import annotations

import streamlit as st

from dashboard.queries import TTL, after_pulse
from dashboard.state import open_database
from pulse import settings

__all__ = ["after_pulse", "k"]


@st.cache_data(ttl=TTL, show_spinner=False)
def k(path: str) -> int:
    """The threshold k, as the page's "who sees what" promise states it."""
    return settings.min_group_size(open_database(path).cursor())
