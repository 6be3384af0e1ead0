"""Render the recorded results (benchmarks/results/*/*.json) into the tables of docs/benchmarks.md.

    .venv/bin/python -m benchmarks.render [--check]

For every benchmark, the newest run of each label (a run without a label is "latest"), as a table
of figure, measured, target and whether it was met, under a line saying when, on which commit and
on how busy a machine. The tables replace what stands between the two markers in
docs/benchmarks.md; the page's hand-written text and its older dated sections stay as they are.
``--check`` exits 1 when the page is not up to date with the results.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from benchmarks import harness

PAGE = harness.ROOT / "docs" / "benchmarks.md"
BEGIN = "<!-- results: rendered by `python -m benchmarks.render` from benchmarks/results; do not edit by hand -->"
END = "<!-- end of rendered results -->"
ORDER = [
    "submission",
    "close",
    "organisation",
    "queries",
    "baseline",
    "organisation_analysis",
    "server",
    "dashboard",
    "foundation",
    "analysis",
    "themes",
]


def newest_by_label(folder: Path) -> list[dict]:
    """The newest document of each label, labels in the order of their first run."""
    newest: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):  # file names start with the date: oldest first
        document = json.loads(path.read_text())
        newest.pop(document.get("label", ""), None)
        newest[document.get("label", "")] = document
    return list(newest.values())


def mark(met: bool | None) -> str:
    return "" if met is None else "met" if met else "**missed**"


def section(document: dict) -> list[str]:
    module = importlib.import_module(f"benchmarks.{document['benchmark']}")
    code, machine, figures = document["code"], document["machine"], document["figures"]
    changed = f", with uncommitted changes to {', '.join(code['uncommitted'])}" if code["uncommitted"] else ""
    label = document["label"] or "latest"
    return [
        f"### {document['benchmark']} ({label}): {document['date'][:16].replace('T', ' ')}",
        "",
        f"Commit {code['commit']}{changed}. {machine['nproc']} cores, {machine['memory_gb']} GB, Python"
        f" {machine['python']}, DuckDB {machine['duckdb']}; load average {figures.get('load_1m_before', '?')}"
        " when it started (the machine is shared: timings follow the load).",
        "",
        "| figure | measured | target | |",
        "| --- | --- | --- | --- |",
        *(
            f"| {figure} | {measured} | {target} | {mark(met)} |"
            for figure, measured, target, met in module.rows(figures)
        ),
        "",
    ]


def rendered(results: Path = harness.RESULTS) -> str:
    names = [n for n in ORDER if (results / n).is_dir()]
    names += sorted(p.name for p in results.iterdir() if p.is_dir() and p.name not in ORDER) if results.is_dir() else []
    lines = [BEGIN, ""]
    for name in names:
        for document in newest_by_label(results / name):
            lines += section(document)
    return "\n".join([*lines, END])


def page_with(text: str, tables: str) -> str:
    """The page with its rendered part replaced (or added after the first paragraph the first time)."""
    if BEGIN in text and END in text:
        return text[: text.index(BEGIN)] + tables + text[text.index(END) + len(END) :]
    head, _, rest = text.partition("\n## ")
    return f"{head.rstrip()}\n\n## Latest results\n\n{tables}\n\n## {rest}" if rest else f"{text}\n{tables}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/benchmarks.md is out of date")
    args = parser.parse_args(argv)
    text = PAGE.read_text() if PAGE.exists() else "# Benchmarks\n"
    updated = page_with(text, rendered())
    if args.check:
        return 0 if updated == text else 1
    PAGE.write_text(updated)
    print(f"rendered {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
