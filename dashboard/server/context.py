"""What every route module receives: the database the pages share, and the secret of this start."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request

from pulse.store import Database


@dataclass(frozen=True)
class ServerContext:
    """The running server as its routes see it.

    ``database`` returns the one ``Database`` of this process (the pages' own, so the API and the
    pages share a connection, a mixing buffer and a scheduler). ``secret`` is drawn at every start
    and written to the server file; only a request that carries it may use the admin API.
    """

    database_path: str
    secret: str
    database: Callable[[], Database]

    def authorized(self, request: Request) -> bool:
        """Whether the request carries ``Authorization: Bearer <secret>`` (compared in constant time)."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return False
        return hmac.compare_digest(token.strip().encode("utf-8"), self.secret.encode("utf-8"))
