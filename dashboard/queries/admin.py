"""What the admin pages read besides the catalogue: live participation of every round."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.queries import live
from dashboard.state import open_database
from pulse import results


@live
@st.cache_data(ttl=60, show_spinner=False)
def participation(path: str) -> pd.DataFrame:
    """Responses per round of every team (counts may show live) and the rate where the size is known."""
    frame = results.participation(open_database(path), scope=results.ALL_TEAMS)
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in ("period_start", "period_end")})
