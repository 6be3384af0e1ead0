"""Staff session cookies: the HTTP routes that set and clear them (a page cannot set an HTTP-only cookie).

``POST /_teampulse/session`` takes the one-time ticket a page handed the browser after a sign-in
(``pulse.sessions.begin``) and answers with the signed, HTTP-only cookie. ``POST
/_teampulse/session/end`` ends the cookie's session and clears it. The cookie is ``SameSite=Strict``
(another site cannot make the browser send it) and ``Secure`` when the request came over HTTPS.
Nothing is logged: a ticket or a cookie in a log would be a way in.
"""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.server.context import ServerContext
from pulse import sessions

PATH = "/_teampulse/session"
LIFETIME_VARIABLE = "TEAMPULSE_SESSION_HOURS"
MAX_BODY = 1024


def lifetime() -> timedelta:
    """How long a staff session lasts: ``TEAMPULSE_SESSION_HOURS`` (default 12; 0.25 is a quarter hour)."""
    raw = os.environ.get(LIFETIME_VARIABLE, "").strip()
    try:
        hours = float(raw) if raw else sessions.DEFAULT_LIFETIME.total_seconds() / 3600
    except ValueError:
        raise SystemExit(f"{LIFETIME_VARIABLE} must be a number of hours, got {raw!r}") from None
    return timedelta(hours=min(max(hours, 0.05), 24 * 90))


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _same_origin(request: Request) -> bool:
    """Only the dashboard's own pages may post here (a browser always sends Origin with a POST)."""
    origin = request.headers.get("origin", "")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host", "")


async def _ticket(request: Request) -> str:
    body = await request.body()
    return body[:MAX_BODY].decode("utf-8", "replace").strip() if len(body) <= MAX_BODY else ""


def routes(context: ServerContext) -> list[BaseRoute]:
    """The session routes, for ``dashboard/server/app.py``'s route lists."""
    length = lifetime()

    async def start(request: Request) -> Response:
        if not _same_origin(request):
            return Response(status_code=403, headers={"cache-control": "no-store"})
        ticket = await _ticket(request)
        cookie = await run_in_threadpool(sessions.redeem, context.database(), ticket, length)
        if cookie is None:
            return Response(status_code=403, headers={"cache-control": "no-store"})
        response = Response(status_code=204, headers={"cache-control": "no-store"})
        response.set_cookie(
            sessions.COOKIE, cookie, max_age=int(length.total_seconds()), path="/", httponly=True,
            secure=_secure(request), samesite="strict",
        )  # fmt: skip
        return response

    async def finish(request: Request) -> Response:
        if not _same_origin(request):
            return Response(status_code=403, headers={"cache-control": "no-store"})
        cookie = request.cookies.get(sessions.COOKIE)
        if cookie:
            await run_in_threadpool(sessions.end, context.database(), cookie=cookie)
        response = Response(status_code=204, headers={"cache-control": "no-store"})
        response.delete_cookie(sessions.COOKIE, path="/", httponly=True, secure=_secure(request), samesite="strict")
        return response

    return [Route(PATH, start, methods=["POST"]), Route(f"{PATH}/end", finish, methods=["POST"])]
