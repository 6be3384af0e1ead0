"""Page furniture: a success message that survives the rerun after a write, and the app's address."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from dashboard.widgets import plain


def flash(message: str | None = None) -> None:
    """Keep a success message across the rerun that follows a write; call without a message to show it.

    Messages name teams, instruments and accounts that people typed, so they are shown as plain text.
    """
    if message is not None:
        st.session_state["_flash"] = message
        return
    pending = st.session_state.pop("_flash", None)
    if pending:
        st.success(plain.md(pending), icon=":material/check:")


def app_url() -> str:
    """The address of this dashboard as the browser sees it (for links and code sheets): its root, never
    the page it is called from (``.../review-perspectives/perspective`` opened nothing)."""
    return app_root(st.context.url or "http://localhost:8501/", st.get_option("server.baseUrlPath") or "")


def app_root(page_url: str, base_path: str = "") -> str:
    """The dashboard's root from the address of any of its pages: scheme, host and the server's base path."""
    parts = urlsplit(page_url)
    base = "/".join(p for p in base_path.split("/") if p)
    return urlunsplit((parts.scheme, parts.netloc, f"/{base}" if base else "", "", "")).rstrip("/")
