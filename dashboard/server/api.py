"""The admin API, version 1 (docs/api.md): what the command line does while the server holds the file.

Every figure comes through ``pulse.results`` (and the analysis on top) with an explicit scope, the
same calls the command line makes: an answer holds nothing a page or a command would suppress.
Raw rows, comments and codes have no endpoint. Each route is one small function of a ``Call``.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from typing import Any

from starlette.routing import BaseRoute, Route

from dashboard.server.context import ServerContext
from dashboard.server.endpoint import BadRequest, Call, endpoint
from pulse.results import ALL_TEAMS

PREFIX = "/api/v1"
VERSION = 1
LEVELS = ("team", "tribe", "organisation")


def about(call: Call) -> dict[str, Any]:
    """Which server this is: the API version, the database file and the process."""
    return {"api": VERSION, "database": call.context.database_path, "pid": os.getpid()}


def list_teams(call: Call) -> dict[str, Any]:
    from pulse import teams

    with call.context.database().cursor() as cur:
        return {"teams": [{"name": t.name, "tribe": t.tribe, "size": t.size} for t in teams.list_teams(cur)]}


def add_team(call: Call) -> tuple[dict[str, Any], int]:
    from pulse import teams

    data = call.json()
    size = data.get("size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int)):
        raise BadRequest("field 'size' must be a whole number")
    created = teams.add_team(call.context.database(), call.required("name", data), call.text("tribe", data), size)
    return {"team": {"name": created.name, "tribe": created.tribe, "size": created.size}}, 201


def list_users(call: Call) -> dict[str, Any]:
    from pulse import accounts

    with call.context.database().cursor() as cur:
        return {"users": [_account(a) for a in accounts.list_accounts(cur)]}


def add_user(call: Call) -> tuple[dict[str, Any], int]:
    """Create a staff account. The caller chooses the password (the CLI draws a random one itself),
    so no answer ever carries a password."""
    from pulse import accounts

    data = call.json()
    teams = data.get("teams") or []
    if not isinstance(teams, list) or not all(isinstance(t, str) for t in teams):
        raise BadRequest("field 'teams' must be a list of team names")
    account = accounts.create_account(
        call.context.database(), call.required("name", data), call.required("role", data),
        call.required("password", data), teams,
    )  # fmt: skip
    return {"user": _account(account)}, 201


def _account(account) -> dict[str, Any]:
    return {"name": account.name, "role": account.role, "teams": list(account.teams)}


def list_rounds(call: Call) -> dict[str, Any]:
    """Rounds with their status and participation (a count of people, which may show live)."""
    from pulse import results, rounds

    db = call.context.database()
    frame = results.participation(db, scope=ALL_TEAMS)
    with db.cursor() as cur:
        found = rounds.list_rounds(cur, call.text("team"), call.text("instrument"))
    ids = {(r.team, r.instrument, r.period_start): r.id for r in found}
    rows = []
    for rec in frame.to_dict("records"):
        key = (rec["team"], rec["instrument"], rec["period_start"])
        if key in ids:
            rows.append({**rec, "id": ids[key], "status": "closed" if rec["closed"] else "open"})
    return {"rounds": rows}


def trends(call: Call) -> dict[str, Any]:
    """Figures per team (or tribe, or the organisation), as ``teampulse trends`` prints them."""
    from pulse import instruments, results, teams

    level = call.text("level") or "team"
    if level not in LEVELS:
        raise BadRequest(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    team, instrument = call.text("team"), call.text("instrument")
    db = call.context.database()
    with db.cursor() as cur:
        if instrument:
            instruments.get_instrument(cur, instrument)
        if level == "team" and team:
            teams.get_team(cur, team)
    if level == "team":
        figures = results.team_results(db, team=team, instrument=instrument, scope=ALL_TEAMS)
    else:
        figures = [f for f in results.group_results(db, level, instrument=instrument) if not team or f.team == team]
    return {"columns": results.COLUMNS, "figures": [f.as_row() for f in figures]}


def alerts(call: Call) -> dict[str, Any]:
    """Sustained drops, as ``teampulse alerts`` prints them (computed from shown figures only)."""
    from analysis import alerts as alerting
    from pulse import instruments, teams

    team, instrument = call.text("team"), call.text("instrument")
    db = call.context.database()
    with db.cursor() as cur:
        if team:
            teams.get_team(cur, team)
        if instrument:
            instruments.get_instrument(cur, instrument)
    found = alerting.team_alerts(db, team=team, instrument=instrument, scope=ALL_TEAMS)
    return {"columns": alerting.ALERT_COLUMNS, "alerts": [a.as_row() for a in found]}


def threshold(call: Call) -> dict[str, Any]:
    from pulse import settings

    with call.context.database().cursor() as cur:
        return {"k": settings.min_group_size(cur)}


def import_file(call: Call) -> tuple[dict[str, Any], int]:
    """Plan an export file sent as the request body and, when the plan is ready (and this is no dry
    run), write it in one transaction. The answer carries the lines the command prints: the summary
    of what the import understood, its problems, and the report of what was written."""
    from pulse import importers

    if not call.body:
        raise BadRequest("the request body is empty: send the file's bytes")
    instrument = call.required("instrument")
    if not hasattr(importers, "plan_import"):  # the importer before plan/write (issue 12's importer work)
        report = importers.import_responses(
            call.context.database(), call.body, instrument, team=call.text("team"),
            create_teams=_flag(call, "create_teams", True), date_order=call.text("date_order"),
        )  # fmt: skip
        return {"summary": [], "ready": True, "problems": [], "rows": report.rows, "report": asdict(report)}, 201
    options = importers.ImportOptions(
        team=call.text("team"), create_teams=_flag(call, "create_teams", True), date_order=call.text("date_order"),
        mapping=_mapping(call.every("map")), comment_column=call.text("comment_column"),
        team_column=call.text("team_column"), ignore_columns=tuple(call.every("ignore_column")),
        save_mapping=_flag(call, "save_mapping", False), use_saved_mapping=_flag(call, "use_saved_mapping", True),
    )  # fmt: skip
    db = call.context.database()
    plan = importers.plan_import(db, call.body, call.text("filename") or "upload", instrument, options)
    answer = {
        "summary": plan.summary(), "ready": plan.ready, "problems": [str(p) for p in plan.problems],
        "rows": plan.rows, "rounds": len(plan.rounds), "report": None,
    }  # fmt: skip
    if not plan.ready:  # refused whole: the first problem is the error, the summary says what was understood
        first = plan.problems[0] if plan.problems else "the file has no responses"
        return {**answer, "error": str(first), "kind": "ImportFailed"}, 422
    if _flag(call, "dry_run", False):
        return answer, 200
    answer["report"] = asdict(importers.write_import(db, plan))
    return answer, 201


def _flag(call: Call, name: str, default: bool) -> bool:
    value = call.text(name)
    if value is None:
        return default
    if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
        raise BadRequest(f"{name} must be true or false, got {value!r}")
    return value.lower() in ("true", "1", "yes")


def _mapping(items: list[str]) -> dict[str, str]:
    """``HEADER=KEY`` pairs (the header may itself hold '=': the last one splits)."""
    mapping = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise BadRequest(f'map {item!r} must be "HEADER=KEY"')
        mapping[header] = target
    return mapping


def routes(context: ServerContext) -> list[BaseRoute]:
    """The routes of API version 1, each behind the secret."""

    def route(path: str, work, method: str) -> Route:
        return Route(PREFIX + path, endpoint(context, work), methods=[method])

    return [
        route("", about, "GET"),
        route("/teams", list_teams, "GET"),
        route("/teams", add_team, "POST"),
        route("/users", list_users, "GET"),
        route("/users", add_user, "POST"),
        route("/rounds", list_rounds, "GET"),
        route("/trends", trends, "GET"),
        route("/alerts", alerts, "GET"),
        route("/threshold", threshold, "GET"),
        route("/imports", import_file, "POST"),
    ]
