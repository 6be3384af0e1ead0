"""Blame check accuracy (issue 13) on real sentences it was not tuned on, and findings on whole postmortems.

    .venv/bin/python -m benchmarks.blame_accuracy [--postmortems DIR] [--show-tuning] [--set heldout-N]

Reads every ``data/evaluation/blame/heldout*.csv`` (labelled before the checker was run on them, each
measured once) and ``tuning.csv``, without a roster, once with the named-entity model (the
``nlp`` extra) and once without it. Per set and mode: blame recall (blaming sentences with a blame,
counterfactual, judgement or blaming-tone finding), name recall (listed names covered by a name finding)
and neutral flagged (neutral sentences with such a phrasing finding). ``--postmortems DIR``: every
``*.md`` there (whole real postmortems, see ``data/evaluation/blame/postmortems.txt``) is checked whole,
with findings per 1,000 words, things to settle (one per person or per words) and each finding listed.
Held-out sentences are never printed one by one. Results go to ``benchmarks/results/blame_accuracy.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

from benchmarks import harness
from pulse import lint
from pulse.lint import entities

DATA = harness.ROOT / "data" / "evaluation" / "blame"
OUT = harness.RESULTS / "blame_accuracy.json"
PHRASING = lint.PHRASING_KINDS
# A labelled name is found when an identity finding covers it: a name, a possible name, or a handle
# ("@tsanko" is a person's name on GitHub, and the check asks "which role is meant?" of it just the same).
# ``name_recall_words`` counts name findings alone, as the figures before session 14 did.
NAMES = {"name", "possible-name", "handle"}
WORD_NAMES = {"name", "possible-name"}


def read_set(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def covered(m: re.Match | None, spans: list[tuple[int, int]]) -> bool:
    """Whether a labelled name found at ``m`` overlaps one of the findings' ``spans``."""
    return bool(m and any(s < m.end() and m.start() < e for s, e in spans))


def score(rows: list[dict], show: bool = False) -> dict:
    """Blame recall, name recall and neutral flagged rate over labelled ``rows``."""
    blaming = [r for r in rows if r["label"] == "blaming"]
    neutral = [r for r in rows if r["label"] == "neutral"]
    hit_blame, flagged_neutral, names_total, names_found, words_found = 0, 0, 0, 0, 0
    for r in rows:
        found = lint.lint_text(r["text"])
        phrased = any(f.kind in PHRASING for f in found)
        name_spans = [(f.start, f.end) for f in found if f.kind in NAMES]
        word_spans = [(f.start, f.end) for f in found if f.kind in WORD_NAMES]
        missed = []
        for name in filter(None, r["names"].split("|")):
            names_total += 1
            m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", r["text"])
            words_found += covered(m, word_spans)
            if covered(m, name_spans):
                names_found += 1
            else:
                missed.append(name)
        if r["label"] == "blaming":
            hit_blame += phrased
        else:
            flagged_neutral += phrased
        wrong = (r["label"] == "blaming") != phrased
        if show and (wrong or missed):
            kinds = ",".join(f"{f.kind}:{f.text}" for f in found)
            print(f"  {r['label']:8} {'MISS' if wrong else '    '} names-missed={missed} [{kinds}] {r['text']}")
    return {
        "sentences": len(rows),
        "blaming": len(blaming),
        "neutral": len(neutral),
        "names": names_total,
        "blame_recall": round(hit_blame / len(blaming), 3) if blaming else None,
        "name_recall": round(names_found / names_total, 3) if names_total else None,
        "name_recall_words": round(words_found / names_total, 3) if names_total else None,
        "neutral_flagged": round(flagged_neutral / len(neutral), 3) if neutral else None,
    }


def distinct(found: list) -> int:
    """Distinct things to settle: phrasing findings by kind and words, identities by person (``@kberry``,
    "Katharine" and "Katharine Berry" are one person: ``pulse.lint.persons``)."""
    people = set(lint.persons((f.kind, f.text) for f in found).values())
    others = {(f.kind, f.text.casefold()) for f in found if f.kind not in lint.IDENTITY_KINDS}
    return len(people) + len(others)


def postmortems(folder: Path) -> list[dict]:
    """Findings on each whole postmortem in ``folder``: how many, per 1,000 words, and which."""
    out = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        words = len(text.split())
        found = lint.lint_text(text)
        out.append(
            {
                "file": path.name,
                "words": words,
                "findings": len(found),
                # What a facilitator settles: a waiver is keyed by kind and words, so "Matt" named five times is
                # one decision per field; "Matt" and "Matt Hauff" are one person.
                "distinct": distinct(found),
                "per_1000_words": round(1000 * len(found) / words, 2),
                "by_severity": {s: sum(f.severity == s for f in found) for s in lint.SEVERITIES},
                # The words and sentences are printed, never written: the postmortems are other people's text
                # (and hold real names and addresses), read from a local copy and kept out of the repository.
                "kinds": [f"{f.severity} {f.kind}" for f in found],
                "shown": [f"{f.severity} {f.kind} {f.text!r} in {f.sentence[:90]!r}" for f in found],
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postmortems", type=Path, help="a folder of whole postmortems (*.md)")
    parser.add_argument("--show-tuning", action="store_true", help="print the tuning set's misses")
    parser.add_argument("--set", help="score only this set (e.g. heldout-10): a fresh set is measured once, alone")
    args = parser.parse_args()
    # Every sentence set in the folder: heldout.csv, heldout-2.csv, ... (each measured once, then tuning material).
    sets = {path.stem: read_set(path) for path in sorted(DATA.glob("heldout*.csv")) if args.set in (None, path.stem)}
    if args.set and not sets:
        parser.error(f"no set {args.set!r} in {DATA}")
    tuning = read_set(DATA / "tuning.csv")
    results: dict = {"machine": harness.machine(), "code": harness.code_version(), "modes": {}}
    for mode, enabled in (("with-ner", True), ("without-ner", False)):
        entities.set_enabled(enabled)
        if enabled and not entities.available():
            print("the named-entity model is not installed (pip install -e '.[nlp]'): skipping with-ner")
            continue
        figures = {name: score(rows) for name, rows in sets.items()}
        figures["tuning"] = score(tuning, show=args.show_tuning and enabled)
        if args.postmortems:
            figures["postmortems"] = postmortems(args.postmortems)
        results["modes"][mode] = figures
        for name in [*sets, "tuning"]:
            print(f"{mode}: {name} {figures[name]}")
        for p in figures.get("postmortems", []):
            print(
                f"{mode}: {p['file']}: {p['findings']} findings ({p['distinct']} distinct), "
                f"{p['per_1000_words']}/1,000 words {p['by_severity']}"
            )
            for line in p.pop("shown"):
                print(f"    {line}")
    entities.set_enabled(True)
    if args.set:  # one set alone is printed, never written over the results of every set
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
