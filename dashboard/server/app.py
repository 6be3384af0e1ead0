"""The app object of `teampulse serve`: Streamlit's ``st.App`` running ``dashboard/app.py``, plus
TeamPulse's own HTTP routes, gathered from route lists so that a concern adds its routes in one line.

At start-up the server file (``pulse.ops.server_file``) is written next to the database with this
process's pid, the port and a secret drawn for this start; it is removed when the server stops.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.routing import BaseRoute

from dashboard.server import api, session
from dashboard.server.context import ServerContext
from pulse.ops import server_file

DASHBOARD_SCRIPT = Path(__file__).resolve().parents[1] / "app.py"

# Each entry returns the routes of one concern. Add a module's ``routes`` here to serve more.
ROUTE_LISTS: tuple[Callable[[ServerContext], list[BaseRoute]], ...] = (api.routes, session.routes)


def shared_database(path: str):
    """The pages' own Database for ``path`` (one per process, from ``st.cache_resource``)."""
    from dashboard import state

    return state.open_database(path)


def build_routes(context: ServerContext) -> list[BaseRoute]:
    return [route for make in ROUTE_LISTS for route in make(context)]


def build_app(database_path: str, *, host: str, port: int) -> st.App:
    """The st.App for one start: a fresh secret, the routes, and the server file's lifetime."""
    path = str(Path(database_path).resolve())
    context = ServerContext(database_path=path, secret=server_file.new_secret(), database=lambda: shared_database(path))

    @asynccontextmanager
    async def lifespan(_app) -> AsyncIterator[None]:
        from streamlit import config

        listening = int(config.get_option("server.port") or port)
        server_file.write(path, port=listening, host=host, secret=context.secret)
        try:
            yield None
        finally:
            server_file.remove(path)

    os.environ["TEAMPULSE_DB"] = path  # what the pages open (dashboard.state.database_path)
    return st.App(str(DASHBOARD_SCRIPT), routes=build_routes(context), lifespan=lifespan)
