"""Shared resources for every page: one Database per server process (and per file)."""

from __future__ import annotations

import os

import streamlit as st

from pulse.ops.scheduler import Scheduler
from pulse.store import Database, default_path
from pulse.tokens.links import LinkRateLimit


def database_path() -> str:
    return str(os.environ.get("TEAMPULSE_DB") or default_path())


@st.cache_resource(show_spinner=False)
def open_database(path: str) -> Database:
    """One connection per file for the whole server; DuckDB is used through a cursor per unit of work.

    The file's scheduler starts with it: due rounds close on time in this process, not on a page view.
    """
    db = Database(path)
    Scheduler(db).start()
    return db


def database() -> Database:
    return open_database(database_path())


@st.cache_resource(show_spinner=False)
def link_rate_limit() -> LinkRateLimit:
    """One rate limit for team links per server process (a page script runs anew on every click)."""
    return LinkRateLimit()
