"""One admin API endpoint: the secret checked, the body read, the work run off the event loop, and
named errors turned into a JSON answer whose ``error`` is the one line the command line prints.

Nothing here logs a request's content: an import's rows never reach the server's log.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from dashboard.server.context import ServerContext
from pulse.errors import DatabaseBusy, DuplicateName, ImportFailed, InvalidAnswer, NotFound, PulseError, WriteConflict
from pulse.importers.read import MAX_FILE_BYTES

log = logging.getLogger(__name__)

MAX_BODY = MAX_FILE_BYTES  # the importer's own limit: the API refuses no file the command line takes

# Named errors by the HTTP status they answer with; anything else named is a 400.
STATUS_OF_ERROR: tuple[tuple[type[PulseError], int], ...] = (
    (NotFound, 404),
    (DuplicateName, 409),
    (WriteConflict, 409),
    (ImportFailed, 422),
    (InvalidAnswer, 422),
    (DatabaseBusy, 503),
)


class BadRequest(PulseError):
    """A request the API cannot read: a missing field, a body that is not JSON."""


@dataclass(frozen=True)
class Call:
    """What an endpoint's work receives: the query parameters, the body, and the database."""

    query: dict[str, str]
    body: bytes
    context: ServerContext
    repeated: tuple[tuple[str, str], ...] = ()  # every query parameter, in order, repeats kept

    def every(self, name: str) -> list[str]:
        """Every value of a query parameter given more than once (``?map=A%3Dps1&map=B%3Dps2``)."""
        return [value for key, value in self.repeated if key == name and value != ""]

    def json(self) -> dict[str, Any]:
        """The body as a JSON object (BadRequest when it is not one)."""
        try:
            data = json.loads(self.body or b"{}")
        except ValueError as e:
            raise BadRequest("the request body is not JSON") from e
        if not isinstance(data, dict):
            raise BadRequest("the request body must be a JSON object")
        return data

    def text(self, name: str, source: dict[str, Any] | None = None) -> str | None:
        """An optional text field of the query (or of ``source``); empty means absent."""
        value = (self.query if source is None else source).get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise BadRequest(f"field {name!r} must be text")
        return value

    def required(self, name: str, source: dict[str, Any] | None = None) -> str:
        value = self.text(name, source)
        if value is None:
            raise BadRequest(f"field {name!r} is required")
        return value


def plain(value: Any) -> Any:
    """A value JSON can carry unchanged in meaning: NaN becomes null, numpy scalars Python ones, days ISO text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy and pandas scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def answer(payload: dict[str, Any], status: int = 200) -> Response:
    body = json.dumps(plain(payload), allow_nan=False, ensure_ascii=False)
    return Response(body, status_code=status, media_type="application/json", headers={"cache-control": "no-store"})


def error(message: str, status: int, kind: str) -> Response:
    return answer({"error": message, "kind": kind}, status)


def status_of(e: PulseError) -> int:
    return next((status for kind, status in STATUS_OF_ERROR if isinstance(e, kind)), 400)


Work = Callable[[Call], tuple[dict[str, Any], int] | dict[str, Any]]


def endpoint(context: ServerContext, work: Work) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint that runs ``work`` for requests carrying the secret.

    ``work`` is plain blocking code (DuckDB), so it runs in Starlette's thread pool; it returns a
    JSON object, or the object and a status.
    """

    async def handle(request: Request) -> Response:
        if not context.authorized(request):
            return error("missing or wrong secret (read it from the server file)", 401, "Unauthorized")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            return error(f"the request body is over {MAX_BODY // (1024 * 1024)} MB", 413, "TooLarge")
        body = await request.body()
        if len(body) > MAX_BODY:
            return error(f"the request body is over {MAX_BODY // (1024 * 1024)} MB", 413, "TooLarge")
        items = tuple(request.query_params.multi_items())
        call = Call(query=dict(request.query_params), body=body, context=context, repeated=items)
        try:
            result = await run_in_threadpool(work, call)
        except PulseError as e:
            return error(str(e), status_of(e), type(e).__name__)
        except Exception as e:  # an unexpected failure: its type in the log, never the request's content
            log.error("admin API %s %s failed: %s", request.method, request.url.path, type(e).__name__)
            return error("the server failed on this request (see its log)", 500, "ServerError")
        payload, status = result if isinstance(result, tuple) else (result, 200)
        return answer(payload, status)

    return handle
