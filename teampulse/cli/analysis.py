"""`teampulse alerts` and `teampulse themes`: the analysis from the command line.

scikit-learn loads inside the commands, never when the module is imported.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click

from pulse.errors import PulseError
from teampulse.cli.options import FORMATS, db_option, emit, open_db, remote

THEME_ROW_COLUMNS = ["row", "theme", "label", "lean"]
THEME_SUMMARY_COLUMNS = ["theme", "label", "size", "lean", "negative_share", "kind", "snippets"]
THEME_BACKENDS = ("auto", "lexical", "embedding")  # analysis.themes.BACKENDS, spelled here for a light --help
_PROGRESS_FROM = 2000  # rows; smaller files finish before a bar would be any use


def read_text_column(path: str, column: str) -> list[str]:
    """The cells of ``column`` in a CSV file, in order (a missing cell reads as empty)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise PulseError(f"cannot read {path}: {e.strerror}") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PulseError(f"{path} is not UTF-8 text (save it as CSV UTF-8)") from e
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise PulseError(f"{path} is empty")
    names = [h.strip() for h in header]
    if column not in names:
        lowered = [h.casefold() for h in names]
        if column.casefold() not in lowered:
            raise PulseError(f"{path} has no column {column!r} (columns: {', '.join(names)})")
        index = lowered.index(column.casefold())
    else:
        index = names.index(column)
    return [row[index] if index < len(row) else "" for row in reader]


def _k_for(db_path: str | None) -> int:
    """k from the database when one exists (never creating one just to read it), else the default."""
    server = remote(db_path)
    if server is not None:
        return int(server.get("/threshold")["k"])
    from pulse import settings

    db = open_db(db_path)
    if db.path == ":memory:" or not Path(db.path).exists():
        return settings.DEFAULT_MIN_GROUP_SIZE
    return settings.min_group_size(db.cursor())


@click.command("alerts")
@click.option("--team", default=None, help="Only this team.")
@click.option("--instrument", default=None, help="Only this instrument, e.g. psych-safety.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@db_option
def alerts_command(team: str | None, instrument: str | None, fmt: str, db_path: str | None) -> None:
    """One alert per drop episode of a team: when it began (give or take), how far, which dimensions fell most."""
    server = remote(db_path)
    if server is not None:
        answer = server.get("/alerts", team=team, instrument=instrument)
        emit(answer["alerts"], fmt, answer["columns"])
        return
    from analysis import alerts
    from pulse import instruments, results, teams

    db = open_db(db_path)
    cur = db.cursor()
    if team:
        teams.get_team(cur, team)
    if instrument:
        instruments.get_instrument(cur, instrument)
    found = alerts.team_alerts(db, team=team, instrument=instrument, scope=results.ALL_TEAMS)
    emit([a.as_row() for a in found], fmt, alerts.ALERT_COLUMNS)


@click.command("themes")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--text-column", required=True, help="The column holding the text.")
@click.option("--format", "fmt", type=FORMATS, default="csv", show_default=True)
@click.option("--summary", is_flag=True, help="One row per theme instead of one per input row.")
@click.option(
    "--backend",
    type=click.Choice(THEME_BACKENDS),
    default="auto",
    show_default=True,
    help="lexical: pure scikit-learn; embedding: the nlp extra; auto: embedding when installed.",
)
@db_option
def themes_command(file: str, text_column: str, fmt: str, summary: bool, backend: str, db_path: str | None) -> None:
    """Group the comments of any CSV file into themes (a curated taxonomy plus emerging themes).

    Snippets in --summary are scrubbed of emails, @handles and phone numbers, and shown only for
    themes of at least k comments.
    """
    from analysis import themes

    texts = read_text_column(file, text_column)
    k = _k_for(db_path)
    model = themes.ThemeModel(backend=backend)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if len(texts) < _PROGRESS_FROM:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="finding themes", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        labels, found = themes.themes_of(texts, k=k, model=model, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if summary:
        rows = []
        for theme in found:
            row = theme.as_dict()
            row["theme"] = theme.id
            row["snippets"] = list(theme.snippets) if fmt == "json" else " | ".join(theme.snippets)
            rows.append(row)
        emit(rows, fmt, THEME_SUMMARY_COLUMNS)
        return
    names = model.theme_labels_
    rows = [
        {"row": i, "theme": label, "label": names.get(label, label), "lean": lean}
        for i, (label, lean) in enumerate(zip(labels, model.leans_, strict=True), start=1)
    ]
    emit(rows, fmt, THEME_ROW_COLUMNS)
