"""Run a page so that no stack trace ever reaches a user, and no submission content reaches the log."""

from __future__ import annotations

import logging
import traceback

import streamlit as st

from dashboard.widgets import plain
from pulse.errors import PulseError

log = logging.getLogger("teampulse.dashboard")
GENERIC = "Something went wrong on our side. Nothing you entered was shown or logged; please try again."


def run_page(page) -> None:
    """Run the selected page: domain errors become their one-line message, anything else a generic one."""
    try:
        page.run()
    except PulseError as e:
        st.error(plain.md(e))  # a message may quote a name someone typed
    except Exception as e:  # st.stop() and st.rerun() are BaseExceptions and pass through
        # Log where it failed, not the message or values: they could hold what someone typed.
        frames = traceback.extract_tb(e.__traceback__)
        where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames[-4:]))
        log.error("page %s failed with %s at %s", getattr(page, "url_path", "?"), type(e).__name__, where)
        st.error(GENERIC)
