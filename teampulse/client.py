"""The admin API client: how a command reaches the server that holds its database file.

``teampulse serve`` writes ``<database>.server.json`` (``pulse.ops.server_file``) with its port and
a secret drawn at start; a command that finds a live one sends its work to ``/api/v1/`` (docs/api.md)
instead of opening the file, which the server holds. Errors come back as the same one line the
command would print itself. The standard library only (urllib): ``--help`` stays light.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from pulse.errors import PulseError
from pulse.ops import server_file

API = "/api/v1"
TIMEOUT = 600.0  # seconds; an import of a large file is checked whole before it is written


class ServerUnreachable(PulseError):
    """The server file names a live process, but nothing answers on its port."""


class AdminClient:
    """Calls to one running server's admin API, authenticated with the secret of its server file."""

    def __init__(self, server: server_file.ServerFile):
        self.server = server

    def describe(self) -> str:
        return f"`teampulse serve` (pid {self.server.pid}, port {self.server.port})"

    def request(self, method: str, path: str, *, query: dict[str, Any] | list | None = None, body: bytes | None = None,
                content_type: str = "application/json", answered: tuple[int, ...] = ()) -> dict[str, Any]:  # fmt: skip
        """Send one request; the JSON answer, or PulseError with the server's one-line message.

        A status in ``answered`` returns its JSON answer instead (an import refused whole still
        says what it understood of the file)."""
        pairs = query.items() if isinstance(query, dict) else (query or [])
        params = [(k, str(v)) for k, v in pairs if v is not None]
        url = f"{self.server.url}{API}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        headers = {"Authorization": f"Bearer {self.server.secret}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as e:
            if e.code in answered:
                try:
                    return json.loads(e.read())
                except ValueError:
                    pass
            raise PulseError(self._message(e)) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            reason = getattr(e, "reason", e)
            where = f"{self.describe()} holds {self.server.database}"
            gone = f"if that server is gone, remove {server_file.path_for(self.server.database)}"
            raise ServerUnreachable(f"{where} but does not answer ({reason}); {gone}") from None

    def _message(self, e: urllib.error.HTTPError) -> str:
        try:
            message = json.loads(e.read()).get("error")
        except (ValueError, AttributeError):
            message = None
        if e.code == 401:
            return f"{self.describe()} refused the secret of {server_file.path_for(self.server.database)}"
        return message or f"{self.describe()} answered HTTP {e.code}"

    def get(self, path: str, **query: Any) -> dict[str, Any]:
        return self.request("GET", path, query=query)

    def post(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        return self.request("POST", path, body=json.dumps(data).encode("utf-8"))

    def plan_import(self, data: bytes, filename: str, instrument: str, options: Any, dry_run: bool) -> RemotePlan:
        """Send an export file's bytes with the importer's ``ImportOptions``; the server plans the
        import and, when the plan is ready and this is no dry run, writes it in one transaction."""
        query: list[tuple[str, Any]] = [("instrument", instrument), ("filename", filename)]
        query += [
            ("team", options.team), ("create_teams", options.create_teams), ("date_order", options.date_order),
            ("comment_column", options.comment_column), ("team_column", options.team_column),
            ("save_mapping", options.save_mapping), ("use_saved_mapping", options.use_saved_mapping),
            ("dry_run", dry_run),
        ]  # fmt: skip
        query += [("map", f"{header}={target}") for header, target in options.mapping.items()]
        query += [("ignore_column", header) for header in options.ignore_columns]
        query = [(k, str(v).lower() if isinstance(v, bool) else v) for k, v in query]
        answer = self.request(
            "POST", "/imports", query=query, body=data, content_type="application/octet-stream", answered=(422,)
        )
        return RemotePlan(answer)


class RemotePlan:
    """An import planned (and, unless a dry run, written) by the server, shaped like the importer's
    ``ImportPlan`` where ``teampulse import`` reads one: its summary, readiness, problems and counts."""

    def __init__(self, answer: dict[str, Any]):
        from pulse.errors import ImportFailed

        self._summary = list(answer.get("summary") or [])
        self.ready = bool(answer.get("ready"))
        self.problems = [ImportFailed(line) for line in answer.get("problems") or []]
        if not self.problems and answer.get("error"):
            self.problems = [ImportFailed(answer["error"])]
        self.rows = int(answer.get("rows") or 0)
        self.rounds = [None] * int(answer.get("rounds") or 0)  # only its length is read
        self._report = answer.get("report")

    def summary(self) -> list[str]:
        return self._summary

    def report(self):
        """What the server wrote, as the importer's ``ImportReport``."""
        from pulse.importers import ImportReport

        if self._report is None:
            raise PulseError("the server wrote nothing for this import")
        return ImportReport(**self._report)


def server_for(database: str | os.PathLike) -> AdminClient | None:
    """A client for the live server holding ``database``, or None when no server holds it."""
    if str(database) == ":memory:":
        return None
    found = server_file.read(database)
    return AdminClient(found) if found is not None else None
