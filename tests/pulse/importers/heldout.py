"""Accuracy of the importer's mapping on the held-out exports (tests/fixtures/exports/heldout).

Run ``.venv/bin/python -m tests.pulse.importers.heldout [heldout|heldout2]`` for the table. Each file is
planned with its ordinary options only (``--team`` where it has no team column), never a mapping hint:

- ``right``: imported without hints, every answer stored as intended;
- ``suggested``: stopped, and following the options it printed imports it right;
- ``stuck``: stopped, and its suggestions are wrong or not enough (nothing stored);
- ``refused``: a file that no correct import exists for, refused (the right outcome);
- ``WRONG``: something stored that differs from the intent (must never happen).
"""

from __future__ import annotations

import json
import shlex
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

from pulse import importers
from pulse.errors import ImportFailed
from pulse.rounds import period_of
from pulse.store import Database

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"
FOLDER = EXPORTS / "heldout"
TODAY = date(2026, 12, 1)  # the day the held-out set was written; its periods are over by then


def manifest(folder: Path = FOLDER) -> list[dict]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _stored(db: Database) -> Counter:
    rows = (
        db.cursor()
        .execute(
            "SELECT a.response_id, t.name, r.period_start, a.question, a.value FROM answers a"
            " JOIN rounds r ON r.id = a.round_id JOIN teams t ON t.id = r.team_id"
        )
        .fetchall()
    )
    by: dict = {}
    for rid, team, start, q, v in rows:
        by.setdefault((rid, team, start), {})[q] = v
    return Counter((team, start, tuple(sorted(a.items()))) for (_, team, start), a in by.items())


def _intended(db: Database, entry: dict) -> Counter:
    cur = db.cursor()
    return Counter(
        (r["team"], period_of(cur, date.fromisoformat(r["day"]))[0], tuple(sorted(r["answers"].items())))
        for r in entry["responses"]
    )


def _accepts(entry: dict, header: str, target: str) -> bool:
    h = " ".join(header.split())
    truth = {" ".join(k.split()): v for k, v in entry["truth"].items()}
    also = {" ".join(k.split()): v for k, v in entry["also"].items()}
    # Leaving an identity column out is as right as dropping it.
    return target == truth.get(h) or target in also.get(h, []) or (target == "ignore" and truth.get(h) == "identity")


def _follow(plan: importers.ImportPlan, entry: dict) -> tuple[importers.ImportOptions | None, bool]:
    """The options a user following the plan's messages would add, and whether every suggestion was right."""
    options = plan.options
    mapping = dict(options.mapping)
    ignore = list(options.ignore_columns)
    comment = team = None
    right = True
    for col in plan.columns:
        if col.sure or not col.suggestion:
            continue
        if col.suggestion.startswith("--map"):
            # What the printed option says; of two readings ("-ps5" or "ps5") the user picks the true one.
            words = shlex.split(col.suggestion)
            targets = [words[i + 1].rpartition("=")[2] for i, w in enumerate(words) if w == "--map"]
            target = next((t for t in targets if _accepts(entry, col.header, t)), targets[0])
            mapping[col.header] = target
            right &= _accepts(entry, col.header, target)
        elif col.suggestion.startswith("--ignore-column"):
            ignore.append(col.header)
            right &= _accepts(entry, col.header, "ignore")
        elif col.suggestion.startswith("--comment-column") and _accepts(entry, col.header, "comment"):
            comment = col.header
        elif col.suggestion.startswith("--team-column") and _accepts(entry, col.header, "team"):
            team = col.header
    changed = replace(
        options,
        mapping=mapping,
        ignore_columns=tuple(ignore),
        comment_column=comment or options.comment_column,
        team_column=team or options.team_column,
    )
    return (changed if changed != options else None), right


def evaluate(entry: dict, folder: Path = FOLDER) -> tuple[str, str]:
    """The outcome for one held-out file, and a line saying why."""
    team = entry["args"][1] if entry["args"][:1] == ["--team"] else None
    data = (folder / entry["file"]).read_bytes()
    with tempfile.TemporaryDirectory() as folder, Database(Path(folder) / "t.duckdb") as db:
        options = importers.ImportOptions(team=team, today=TODAY)
        try:
            plan = importers.plan_import(db, data, entry["file"], entry["instrument"], options)
        except ImportFailed as e:
            return ("refused" if not entry["importable"] else "stuck"), str(e)
        followed, right = None, True
        if not plan.ready:
            followed, right = _follow(plan, entry)
            if followed is None:
                why = str(plan.problems[0]) if plan.problems else "no rows"
                return ("refused" if not entry["importable"] else "stuck"), why
            plan = importers.plan_import(db, data, entry["file"], entry["instrument"], followed)
            if not plan.ready:
                why = str(plan.problems[0]) if plan.problems else "no rows"
                return ("refused" if not entry["importable"] else "stuck"), f"after suggestions: {why}"
        importers.write_import(db, plan)
        wrong = not entry["importable"] or _stored(db) != _intended(db, entry)
        values = "\n".join(str(v) for row in db.cursor().execute("SELECT * FROM comments").fetchall() for v in row)
        leaked = [s for s in entry["secrets"] if s in values]
        if wrong or leaked:
            return "WRONG", f"stored differs from the intent{'; leaked ' + str(leaked) if leaked else ''}"
        if followed is None:
            return "right", "imported without hints"
        return ("suggested" if right else "stuck"), "imported after following its suggestions" + (
            "" if right else " (some suggestions were wrong)"
        )


def _taken_as(col) -> str:
    if col.role == "identity":
        return "identity"
    return col.target


def columns_tally(folder: Path = FOLDER) -> Counter:
    """Every column of every file, planned without hints: taken as true (sure), taken as false (sure: a
    misreading but for the file's other problems), unsure with a right suggestion, unsure otherwise."""
    tally: Counter = Counter()
    for entry in manifest(folder):
        team = entry["args"][1] if entry["args"][:1] == ["--team"] else None
        with Database(":memory:") as db:
            try:
                plan = importers.plan_import(
                    db, (folder / entry["file"]).read_bytes(), entry["file"], entry["instrument"],
                    importers.ImportOptions(team=team, today=TODAY),
                )  # fmt: skip
            except ImportFailed:
                continue
        for col in plan.columns:
            if col.how == "--team given":
                continue
            if col.sure:
                tally["sure, right" if _accepts(entry, col.header, _taken_as(col)) else "SURE, WRONG"] += 1
                continue
            words = shlex.split(col.suggestion or "")
            offered = [words[i + 1].rpartition("=")[2] for i, w in enumerate(words) if w == "--map"]
            offered += ["ignore"] * words.count("--ignore-column")
            options = (("comment", "--comment-column"), ("team", "--team-column"))
            offered += [role for role, opt in options if opt in words]
            right = any(_accepts(entry, col.header, t) for t in offered)
            tally["unsure, right suggestion" if right else "unsure, no right suggestion"] += 1
    return tally


def table(folder: Path = FOLDER) -> list[tuple[str, str, str]]:
    return [(entry["file"], *evaluate(entry, folder)) for entry in manifest(folder)]


def main() -> None:
    import sys

    rows = table(EXPORTS / (sys.argv[1] if len(sys.argv) > 1 else "heldout"))
    for file, outcome, why in rows:
        print(f"{outcome:10} {file:32} {why}")
    counts = Counter(outcome for _, outcome, _ in rows)
    print(", ".join(f"{k}: {counts.get(k, 0)}" for k in ("right", "suggested", "stuck", "refused", "WRONG")))
    print("columns:", dict(columns_tally(EXPORTS / (sys.argv[1] if len(sys.argv) > 1 else "heldout"))))


if __name__ == "__main__":
    main()
