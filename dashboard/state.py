"""Shared resources for every page: one Database per server process, cached query results."""

from __future__ import annotations

import os

import streamlit as st

from pulse.db import Database, default_path


@st.cache_resource
def database() -> Database:
    """One connection for the whole server (DuckDB is used through a cursor per unit of work)."""
    return Database(os.environ.get("TEAMPULSE_DB") or default_path())
