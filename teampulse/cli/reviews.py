"""`teampulse lint` and `teampulse review ...`: the blame-language check and blameless reviews from the
command line (wired in by ``register`` in cli.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pulse import lint, reviews
from pulse.errors import PulseError
from pulse.reviews import perspectives

FINDING_COLUMNS = ["line", "column", "kind", "text", "question"]


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


def _roster(path: str | None) -> lint.Roster | None:
    return lint.read_roster(path) if path else None


def register(group: click.Group) -> None:
    """Add ``lint`` and the ``review`` command group to the ``teampulse`` command."""
    # Imported here, not at the top: cli.py imports this module at its very end.
    from teampulse.cli import FORMATS, db_option, emit, open_db

    roster_option = click.option(
        "--roster",
        "roster_path",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Names of the people involved, one a line, optionally 'Name, role' (never stored).",
    )
    table_or_json = click.Choice(["table", "json"])

    @group.command("lint")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
    @roster_option
    @click.option("--format", "fmt", type=table_or_json, default="table", show_default=True)
    def lint_command(file, roster_path, fmt):
        """Check a Markdown or text file for names and blaming language; exit status 1 when anything is found."""
        found = lint.lint_text(read_text_file(file), _roster(roster_path))
        if fmt == "json":
            click.echo(json.dumps([f.as_dict() for f in found], indent=2, ensure_ascii=False))
        elif found:
            emit([f.as_dict() for f in found], "table", FINDING_COLUMNS)
            counts = ", ".join(f"{n} {kind}" for kind, n in lint.count_by_kind(found).items())
            click.echo(f"{len(found)} finding(s): {counts}", err=True)
        else:
            click.echo(f"no findings in {file}")
        if found:
            raise SystemExit(1)

    @group.group("review")
    def review():
        """Blameless reviews: timeline, factors, actions, anonymous perspectives, publishing."""

    @review.command("new")
    @click.argument("team")
    @click.argument("title")
    @click.option("--date", "event_date", required=True, help="Event date, YYYY-MM-DD.")
    @click.option("--kind", type=click.Choice(list(reviews.KINDS)), default="incident", show_default=True)
    @click.option("--summary", default="")
    @db_option
    def review_new(team, title, event_date, kind, summary, db_path):
        """Start a review (a draft)."""
        created = reviews.create_review(open_db(db_path), team, title, event_date, kind, summary=summary)
        click.echo(f"review {created.id} created for {created.team} (draft)")

    @review.command("list")
    @click.option("--team", default=None)
    @click.option("--status", type=click.Choice(reviews.STATUSES), default=None)
    @click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
    @db_option
    def review_list(team, status, fmt, db_path):
        rows = [s.__dict__ for s in reviews.list_reviews(open_db(db_path), team, status)]
        emit(rows, fmt, ["id", "team", "title", "event_date", "kind", "status", "version", "actions_open"])

    @review.command("show")
    @click.argument("review_id", type=int)
    @click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
    @db_option
    def review_show(review_id, fmt, db_path):
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
    def review_edit(review_id, db_path, **fields):
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
    def review_timeline(review_id, at, what, db_path):
        """Add a timeline entry: AT is a time or an offset ("09:14", "T+15m"); roles, never names."""
        saved = reviews.add_timeline_entry(open_db(db_path), review_id, at, what)
        click.echo(f"review {saved.id}: {len(saved.timeline)} timeline entries (version {saved.version})")

    @review.command("factor")
    @click.argument("review_id", type=int)
    @click.argument("category", type=click.Choice(list(reviews.FACTORS)))
    @click.argument("detail", required=False, default="")
    @db_option
    def review_factor(review_id, category, detail, db_path):
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
    def review_action(review_id, what, owner, due, link, db_path):
        """Add an action item."""
        saved = reviews.add_action(open_db(db_path), review_id, what, owner, due, link=link)
        click.echo(f"action {saved.actions[-1].id} added to review {saved.id}")

    @review.command("action-status")
    @click.argument("action_id", type=int)
    @click.argument("status", type=click.Choice(reviews.ACTION_STATUSES))
    @click.option("--link", default=None, help="Tracker link or key.")
    @db_option
    def review_action_status(action_id, status, link, db_path):
        """Track an action (also after publishing)."""
        kwargs = {"link": link} if link is not None else {}
        updated = reviews.set_action(open_db(db_path), action_id, status=status, **kwargs)
        click.echo(f"action {updated.id} is {updated.status}")

    @review.command("actions")
    @click.option("--team", default=None)
    @click.option("--overdue", is_flag=True, help="Only open or in-progress actions past their due date.")
    @click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
    @db_option
    def review_actions(team, overdue, fmt, db_path):
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
    @click.option("--format", "fmt", type=table_or_json, default="table", show_default=True)
    @db_option
    def review_check(review_id, roster_path, fmt, db_path):
        """Run the blame-language check on every text field; exit status 1 while any finding is open."""
        found = reviews.check_review(open_db(db_path), review_id, _roster(roster_path))
        rows = [f.as_dict() for f in found]
        if fmt == "json":
            click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        elif rows:
            emit(rows, "table", ["id", "field", "kind", "text", "waived", "question"])
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
    def review_waive(review_id, finding_id, reason, roster_path, db_path):
        """Waive a finding (its id from `review check`) with a reason."""
        waived = reviews.waive_finding(open_db(db_path), review_id, finding_id, reason, _roster(roster_path))
        click.echo(f"waived {waived.kind} {waived.text!r} in {waived.field}")

    @review.command("replace-names")
    @click.argument("review_id", type=int)
    @click.option("--roster", "roster_path", type=click.Path(exists=True, dir_okay=False), required=True)
    @db_option
    def review_replace_names(review_id, roster_path, db_path):
        """Replace roster names by their roles (or "a team member") in every text field."""
        saved = reviews.replace_names(open_db(db_path), review_id, lint.read_roster(roster_path))
        click.echo(f"review {saved.id} saved (version {saved.version})")

    @review.command("status")
    @click.argument("review_id", type=int)
    @click.argument("status", type=click.Choice(reviews.STATUSES))
    @roster_option
    @db_option
    def review_status(review_id, status, roster_path, db_path):
        """Move a review: draft -> in-review -> published (publishing runs the check first)."""
        saved = reviews.set_status(open_db(db_path), review_id, status, roster=_roster(roster_path))
        click.echo(f"review {saved.id} is {saved.status} (version {saved.version})")

    @review.command("history")
    @click.argument("review_id", type=int)
    @click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
    @db_option
    def review_history(review_id, fmt, db_path):
        """Saved versions (what changed is kept; who and when are not)."""
        rows = [
            {"version": v.version, "status": v.status, "title": v.review["title"]}
            for v in reviews.history(open_db(db_path), review_id)
        ]
        emit(rows, fmt, ["version", "status", "title"])

    @review.command("factors")
    @click.option("--team", default=None)
    @click.option("--period", type=click.Choice(reviews.PERIODS), default="quarter", show_default=True)
    @click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
    @db_option
    def review_factors(team, period, fmt, db_path):
        """How often each contributing factor appears in published reviews, per period."""
        rows = reviews.factor_counts(open_db(db_path), team, period=period)
        emit(rows, fmt, ["period", "label", "count", "reviews"])

    @review.command("stats")
    @click.option("--team", default=None)
    @click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
    @db_option
    def review_stats(team, fmt, db_path):
        """Action completion and overdue actions per team."""
        rows = [s.as_row() for s in reviews.action_stats(open_db(db_path), team)]
        emit(rows, fmt, ["team", "total", "open", "in_progress", "done", "dropped", "overdue", "completion_rate"])

    @review.command("search")
    @click.argument("query")
    @click.option("--team", default=None)
    @click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
    @db_option
    def review_search(query, team, fmt, db_path):
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
    def review_trust(review_id, fmt, db_path):
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

    @review.command("export")
    @click.argument("review_id", type=int)
    @click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
    @db_option
    def review_export(review_id, out, db_path):
        """Write a published review as Markdown and JSON."""
        for path in reviews.export_review(open_db(db_path), review_id, out):
            click.echo(f"wrote {path}")

    @review.group("perspectives")
    def perspectives_group():
        """Anonymous perspectives: open collection, hand out the link or codes, close, read."""

    @perspectives_group.command("open")
    @click.argument("review_id", type=int)
    @click.option("--codes", "n_codes", type=int, default=None, help="Also issue this many single-use codes.")
    @db_option
    def perspectives_open(review_id, n_codes, db_path):
        """Start collecting; print the link token and codes once (hand codes out at random)."""
        db = open_db(db_path)
        token = perspectives.open_collection(db, review_id)
        click.echo(f"link token: {token}")
        if n_codes:
            for code in perspectives.issue_codes(db, review_id, n_codes):
                click.echo(code)

    @perspectives_group.command("codes")
    @click.argument("review_id", type=int)
    @click.option("--count", type=int, default=None, help="Default: about 20% more than the team's size.")
    @db_option
    def perspectives_codes(review_id, count, db_path):
        """Issue single-use codes for an open collection; they are shown this once only."""
        db = open_db(db_path)
        for code in perspectives.issue_codes(db, review_id, count or perspectives.suggested_code_count(db, review_id)):
            click.echo(code)

    @perspectives_group.command("write")
    @click.option("--link", default=None, help="The link token.")
    @click.option("--code", default=None, help="A single-use code.")
    @db_option
    def perspectives_write(link, code, db_path):
        """Write a perspective, read from standard input."""
        perspectives.submit_perspective(open_db(db_path), sys.stdin.read(), link=link, code=code)
        click.echo("thank you: your perspective is stored without your name")

    @perspectives_group.command("close")
    @click.argument("review_id", type=int)
    @db_option
    def perspectives_close(review_id, db_path):
        """Stop collecting, for good."""
        state = perspectives.close_collection(open_db(db_path), review_id)
        click.echo(f"collection closed with {state.count} perspective(s)")

    @perspectives_group.command("show")
    @click.argument("review_id", type=int)
    @roster_option
    @click.option("--themes", is_flag=True, help="Group them into themes.")
    @db_option
    def perspectives_show(review_id, roster_path, themes, db_path):
        """Read the perspectives once collection closed with at least three (random order, names scrubbed)."""
        db = open_db(db_path)
        roster = _roster(roster_path)
        released = perspectives.release(db, review_id, roster)
        if not released.shown:
            click.echo(f"{released.n} perspective(s): {released.note}")
            return
        groups = (
            perspectives.group_into_themes(db, review_id, roster=roster)
            if themes
            else [perspectives.PerspectiveTheme("perspectives", released.texts)]
        )
        for theme in groups:
            click.echo(f"## {theme.label} ({theme.size})")
            for text in theme.texts:
                click.echo("- " + "\n  ".join(text.splitlines()))
            click.echo("")
