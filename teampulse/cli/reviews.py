"""`teampulse lint` and `teampulse review ...`: the blame-language check and blameless reviews.

`review perspectives ...` lives in teampulse/cli/perspectives.py and loads only when used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pulse import lint, reviews
from pulse.errors import PulseError
from teampulse.cli.options import FORMATS, LazyGroup, db_option, emit, open_db, roster_option

FINDING_COLUMNS = ["line", "column", "severity", "kind", "text", "question"]
TABLE_OR_JSON = click.Choice(["table", "json"])


def read_text_file(path: str) -> str:
    """A UTF-8 text or Markdown file, or standard input for ``-``."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise PulseError(f"{path} is not UTF-8 text") from e
    except OSError as e:
        raise PulseError(f"cannot read {path}: {e.strerror}") from e


def read_roster(path: str | None) -> lint.Roster | None:
    """The roster named by ``--roster``, if any (read, used, never stored)."""
    return lint.read_roster(path) if path else None


@click.command("lint")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@roster_option
@click.option("--format", "fmt", type=TABLE_OR_JSON, default="table", show_default=True)
def lint_command(file: str, roster_path: str | None, fmt: str) -> None:
    """Check a Markdown or text file for names and blaming language; exit status 1 when anything is found."""
    found = lint.lint_text(read_text_file(file), read_roster(roster_path))
    if fmt == "json":
        click.echo(json.dumps([f.as_dict() for f in found], indent=2, ensure_ascii=False))
    elif found:
        # Surest first, then in reading order: a facilitator reads the "high" ones first.
        ranked = sorted(found, key=lambda f: (lint.SEVERITIES.index(f.severity), f.start))
        emit([f.as_dict() for f in ranked], "table", FINDING_COLUMNS)
        counts = ", ".join(f"{n} {kind}" for kind, n in lint.count_by_kind(found).items())
        # The same words of the same kind in several places are one thing to settle, and so is each person.
        people = lint.persons((f.kind, f.text) for f in found)
        distinct = len({people.get((f.kind, f.text)) or (f.kind, f.text) for f in found})
        settle = f" ({distinct} distinct)" if distinct < len(found) else ""
        click.echo(f"{len(found)} finding(s){settle}: {counts}", err=True)
    else:
        click.echo(f"no findings in {file}")
    if found:
        raise SystemExit(1)


@click.group(
    "review",
    cls=LazyGroup,
    lazy_commands={
        "perspectives": (
            "teampulse.cli.perspectives:perspectives_group",
            "Anonymous perspectives: open collection, hand out single-use codes, close, read.",
        )
    },
)
def review() -> None:
    """Blameless reviews: timeline, factors, actions, anonymous perspectives, publishing."""


@review.command("new")
@click.argument("team")
@click.argument("title")
@click.option("--date", "event_date", required=True, help="Event date, YYYY-MM-DD.")
@click.option("--kind", type=click.Choice(list(reviews.KINDS)), default="incident", show_default=True)
@click.option("--summary", default="")
@db_option
def review_new(team: str, title: str, event_date: str, kind: str, summary: str, db_path: str | None) -> None:
    """Start a review (a draft)."""
    created = reviews.create_review(open_db(db_path), team, title, event_date, kind, summary=summary)
    click.echo(f"review {created.id} created for {created.team} (draft)")


@review.command("list")
@click.option("--team", default=None)
@click.option("--status", type=click.Choice(reviews.STATUSES), default=None)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def review_list(team: str | None, status: str | None, fmt: str, db_path: str | None) -> None:
    """Reviews with their status, version and open actions."""
    rows = [s.__dict__ for s in reviews.list_reviews(open_db(db_path), team, status)]
    emit(rows, fmt, ["id", "team", "title", "event_date", "kind", "status", "version", "actions_open"])


@review.command("show")
@click.argument("review_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@db_option
def review_show(review_id: int, fmt: str, db_path: str | None) -> None:
    """Print a review (any status) as Markdown or JSON."""
    found = reviews.get_review(open_db(db_path), review_id)
    if fmt == "json":
        click.echo(json.dumps(reviews.review_json(found), indent=2, ensure_ascii=False))
    else:
        click.echo(reviews.review_markdown(found), nl=False)


@review.command("edit")
@click.argument("review_id", type=int)
@click.option("--title", default=None)
@click.option("--team", default=None)
@click.option("--date", "event_date", default=None)
@click.option("--kind", type=click.Choice(list(reviews.KINDS)), default=None)
@click.option("--summary", default=None)
@click.option("--went-well", default=None)
@click.option("--was-hard", default=None, help="What was hard or surprising.")
@db_option
def review_edit(review_id: int, db_path: str | None, **fields: str | None) -> None:
    """Change text fields of a draft or in-review review (each save is a new version)."""
    changes = {k: v for k, v in fields.items() if v is not None}
    if not changes:
        raise PulseError("nothing to change: give at least one option")
    saved = reviews.update_review(open_db(db_path), review_id, **changes)
    click.echo(f"review {saved.id} saved (version {saved.version})")


@review.command("timeline")
@click.argument("review_id", type=int)
@click.argument("at")
@click.argument("what")
@db_option
def review_timeline(review_id: int, at: str, what: str, db_path: str | None) -> None:
    """Add a timeline entry: AT is a time or an offset ("09:14", "T+15m"); roles, never names."""
    saved = reviews.add_timeline_entry(open_db(db_path), review_id, at, what)
    click.echo(f"review {saved.id}: {len(saved.timeline)} timeline entries (version {saved.version})")


@review.command("factor")
@click.argument("review_id", type=int)
@click.argument("category", type=click.Choice(list(reviews.FACTORS)))
@click.argument("detail", required=False, default="")
@db_option
def review_factor(review_id: int, category: str, detail: str, db_path: str | None) -> None:
    """Add a contributing factor from the taxonomy, with optional free text."""
    saved = reviews.add_factor(open_db(db_path), review_id, category, detail)
    click.echo(f"review {saved.id}: {len(saved.factors)} factors (version {saved.version})")


@review.command("action")
@click.argument("review_id", type=int)
@click.argument("what")
@click.option("--owner", required=True, help="A role or a team, never a person.")
@click.option("--due", default=None, help="YYYY-MM-DD")
@click.option("--link", default=None, help="Tracker link or key (https://..., OPS-123).")
@db_option
def review_action(
    review_id: int, what: str, owner: str, due: str | None, link: str | None, db_path: str | None
) -> None:
    """Add an action item."""
    saved = reviews.add_action(open_db(db_path), review_id, what, owner, due, link=link)
    click.echo(f"action {saved.actions[-1].id} added to review {saved.id}")


@review.command("action-status")
@click.argument("action_id", type=int)
@click.argument("status", type=click.Choice(reviews.ACTION_STATUSES))
@click.option("--link", default=None, help="Tracker link or key.")
@db_option
def review_action_status(action_id: int, status: str, link: str | None, db_path: str | None) -> None:
    """Track an action (also after publishing)."""
    kwargs = {"link": link} if link is not None else {}
    updated = reviews.set_action(open_db(db_path), action_id, status=status, **kwargs)
    click.echo(f"action {updated.id} is {updated.status}")


@review.command("actions")
@click.option("--team", default=None)
@click.option("--overdue", is_flag=True, help="Only open or in-progress actions past their due date.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def review_actions(team: str | None, overdue: bool, fmt: str, db_path: str | None) -> None:
    """Actions of published reviews."""
    db = open_db(db_path)
    found = reviews.overdue_actions(db, team) if overdue else reviews.tracked_actions(db, team)
    emit(
        [t.as_row() for t in found],
        fmt,
        ["action_id", "review_id", "team", "what", "owner", "due", "status", "link"],
    )


@review.command("check")
@click.argument("review_id", type=int)
@roster_option
@click.option("--format", "fmt", type=TABLE_OR_JSON, default="table", show_default=True)
@db_option
def review_check(review_id: int, roster_path: str | None, fmt: str, db_path: str | None) -> None:
    """Run the blame-language check on every text field; exit status 1 while any finding is open."""
    found = reviews.check_review(open_db(db_path), review_id, read_roster(roster_path))
    rows = [f.as_dict() for f in found]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif rows:
        emit(rows, "table", ["id", "field", "kind", "text", "person", "waived", "question"])
    else:
        click.echo(f"review {review_id}: no findings")
    if any(f.open for f in found):
        raise SystemExit(1)


@review.command("waive")
@click.argument("review_id", type=int)
@click.argument("finding_id")
@click.option("--reason", required=True, help="Why these words stay.")
@roster_option
@db_option
def review_waive(review_id: int, finding_id: str, reason: str, roster_path: str | None, db_path: str | None) -> None:
    """Waive a finding (its id from `review check`) with a reason."""
    waived = reviews.waive_finding(open_db(db_path), review_id, finding_id, reason, read_roster(roster_path))
    who = f" (every place {waived.person!r} is named)" if waived.person else ""
    click.echo(f"waived {waived.kind} {waived.text!r} in {waived.field}{who}")


@review.command("replace-person")
@click.argument("review_id", type=int)
@click.argument("finding_id")
@click.option("--role", default="", help='The role in their place, e.g. "on-call engineer" (default: "a team member").')
@roster_option
@db_option
def review_replace_person(
    review_id: int, finding_id: str, role: str, roster_path: str | None, db_path: str | None
) -> None:
    """Put a role in place of every spelling of the person a name finding (its id from `review check`) names."""
    saved = reviews.replace_person(open_db(db_path), review_id, finding_id, role, read_roster(roster_path))
    click.echo(f"review {saved.id} saved (version {saved.version})")


@review.command("replace-people")
@click.argument("review_id", type=int)
@click.argument("pairs", nargs=-1, required=True, metavar="FINDING[=ROLE]...")
@roster_option
@db_option
def review_replace_people(review_id: int, pairs: tuple[str, ...], roster_path: str | None, db_path: str | None) -> None:
    """Give several people their roles at once: each FINDING (a name's id from `review check`) with its role
    after '=' ("3f2a9c1b0d=on-call engineer"; no role: "a team member"). One new version, or nothing."""
    roles = {}
    for pair in pairs:
        finding_id, _, role = pair.partition("=")
        if not finding_id.strip():
            raise click.BadParameter(f"{pair!r} has no finding id before '='", param_hint="FINDING[=ROLE]")
        if roles.get(finding_id.strip(), role.strip()) != role.strip():
            raise click.BadParameter(f"{finding_id.strip()!r} is given two roles", param_hint="FINDING[=ROLE]")
        roles[finding_id.strip()] = role.strip()
    saved = reviews.replace_people(open_db(db_path), review_id, roles, read_roster(roster_path))
    click.echo(
        f"review {saved.id} saved (version {saved.version}): each person's role is in every place they were named"
    )


@review.command("replace-names")
@click.argument("review_id", type=int)
@click.option("--roster", "roster_path", type=click.Path(exists=True, dir_okay=False), required=True)
@db_option
def review_replace_names(review_id: int, roster_path: str, db_path: str | None) -> None:
    """Replace roster names by their roles (or "a team member") in every text field."""
    saved = reviews.replace_names(open_db(db_path), review_id, lint.read_roster(roster_path))
    click.echo(f"review {saved.id} saved (version {saved.version})")


@review.command("status")
@click.argument("review_id", type=int)
@click.argument("status", type=click.Choice(reviews.STATUSES))
@roster_option
@db_option
def review_status(review_id: int, status: str, roster_path: str | None, db_path: str | None) -> None:
    """Move a review: draft -> in-review -> published (publishing runs the check first)."""
    saved = reviews.set_status(open_db(db_path), review_id, status, roster=read_roster(roster_path))
    click.echo(f"review {saved.id} is {saved.status} (version {saved.version})")


@review.command("history")
@click.argument("review_id", type=int)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def review_history(review_id: int, fmt: str, db_path: str | None) -> None:
    """Saved versions (what changed is kept; who and when are not)."""
    rows = [
        {"version": v.version, "status": v.status, "title": v.review["title"]}
        for v in reviews.history(open_db(db_path), review_id)
    ]
    emit(rows, fmt, ["version", "status", "title"])


@review.command("export")
@click.argument("review_id", type=int)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@db_option
def review_export(review_id: int, out: str, db_path: str | None) -> None:
    """Write a published review as Markdown and JSON."""
    for path in reviews.export_review(open_db(db_path), review_id, out):
        click.echo(f"wrote {path}")


@review.command("factors")
@click.option("--team", default=None)
@click.option("--period", type=click.Choice(reviews.PERIODS), default="quarter", show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def review_factors(team: str | None, period: str, fmt: str, db_path: str | None) -> None:
    """How often each contributing factor appears in published reviews, per period."""
    rows = reviews.factor_counts(open_db(db_path), team, period=period)
    emit(rows, fmt, ["period", "label", "count", "reviews"])


@review.command("stats")
@click.option("--team", default=None)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def review_stats(team: str | None, fmt: str, db_path: str | None) -> None:
    """Action completion and overdue actions per team."""
    rows = [s.as_row() for s in reviews.action_stats(open_db(db_path), team)]
    emit(rows, fmt, ["team", "total", "open", "in_progress", "done", "dropped", "overdue", "completion_rate"])


@review.command("search")
@click.argument("query")
@click.option("--team", default=None)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def review_search(query: str, team: str | None, fmt: str, db_path: str | None) -> None:
    """Search published reviews; every word must match ("quoted phrases" stay together)."""
    hits = reviews.search_reviews(open_db(db_path), query, team=team)
    rows = [
        {"id": h.review.id, "team": h.review.team, "title": h.review.title, "event_date": h.review.event_date,
         "score": h.score, "snippet": h.snippets[0] if h.snippets else ""}
        for h in hits
    ]  # fmt: skip
    emit(rows, fmt, ["id", "team", "title", "event_date", "score", "snippet"])


@review.command("trust")
@click.argument("review_id", type=int)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def review_trust(review_id: int, fmt: str, db_path: str | None) -> None:
    """The team's psych-safety score around the event (suppressed below k, as everywhere)."""
    around = reviews.trust_around_event(open_db(db_path), review_id)
    rows = [p.__dict__ for p in around.points]
    emit(rows, fmt, ["period", "period_end", "relation", "after_review", "n", "mean", "ci_low", "ci_high", "note"])
    if fmt == "table":
        parts = [
            f"{label} {value:.2f}"
            for label, value in (
                ("before", around.mean_before),
                ("after the event", around.mean_after_event),
                ("after the review", around.mean_after_review),
            )
            if value is not None
        ]
        click.echo("mean of shown figures: " + ("; ".join(parts) if parts else "none shown"), err=True)
