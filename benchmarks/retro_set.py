"""The held-out set of real retrospective items, rebuilt from local copies of its sources.

    .venv/bin/python -m benchmarks.retro_set     # how many items match their pinned sources

The items' text is not in this repository: the public repositories it comes from were read as
mirrors (the tool library's ``fetch``), whose content we may not commit. `retro-labels.csv` keeps
only where each item is (a GitHub permalink pinned to the commit it was read at, first line, number
of lines), the first 12 hex digits of the SHA-256 of its text, and the labels given by hand before
any model ran on them. ``load`` reads the lines at the pinned commit from git directories under
``root`` (default ``$TEAMPULSE_MIRRORS`` or ``/work/.mirror``: one ``owner+name/repo`` per source; a
``git clone --bare https://github.com/owner/name owner+name/repo`` will do), drops list markers and
link targets, and refuses an item whose text no longer hashes to what the labeller saw.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd

LABELS = Path(__file__).resolve().parents[1] / "data" / "evaluation" / "comments" / "retro-labels.csv"
SOURCE = re.compile(r"https://github\.com/([^/]+)/([^/]+)/blob/([0-9a-f]{40})/(.+)")
_MARKERS = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+|^\s*#+\s*|^\s*\|\s*")
MATCH = "match"


class RetroSetMismatch(ValueError):
    """Items whose text at the pinned commit is not the text that was labelled."""


def clean(lines: list[str]) -> str:
    """One item's text from its lines: no list markers, link targets, emphasis or extra spaces."""
    text = " ".join(_MARKERS.sub("", line) for line in lines)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [words](link) -> words
    return re.sub(r"\s+", " ", text.replace("**", "").replace("`", "")).strip()


def text_hash(text: str) -> str:
    """What ``text_sha256`` holds: the first 12 hex digits of the SHA-256 of the item's text."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()[:12]


def _root(root) -> Path:
    return Path(root or os.environ.get("TEAMPULSE_MIRRORS", "/work/.mirror"))


def _git_dir(root: Path, owner: str, name: str) -> Path:
    repo = root / f"{owner}+{name}" / "repo"
    return repo / ".git" if (repo / ".git").is_dir() else repo


def _show(git: Path, commit: str, path: str) -> tuple[str, list[str] | None]:
    if not git.is_dir():
        return "no copy of the repository", None
    shown = subprocess.run(
        ["git", "--git-dir", str(git), "show", f"{commit}:{path}"], capture_output=True, text=True, check=False
    )
    if shown.returncode == 0:
        return MATCH, shown.stdout.splitlines()
    known = subprocess.run(
        ["git", "--git-dir", str(git), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True, check=False
    )
    return ("no such file at the commit" if known.returncode == 0 else "commit not in the copy"), None


def verify(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """The labels with each item's rebuilt ``text`` and a ``status``: 'match', 'text changed', or why
    its source could not be read. ``row`` is the item's line in retro-labels.csv."""
    root = _root(root)
    labels = pd.read_csv(LABELS, keep_default_na=False)
    files: dict[str, tuple[str, list[str] | None]] = {}
    texts, statuses = [], []
    for source, first, count, expected in labels[["source", "line", "lines", "text_sha256"]].itertuples(index=False):
        if source not in files:
            owner, name, commit, path = SOURCE.fullmatch(source).groups()
            files[source] = _show(_git_dir(root, owner, name), commit, path)
        status, lines = files[source]
        text = clean(lines[first - 1 : first - 1 + count]) if lines is not None else ""
        if lines is not None and text_hash(text) != expected:
            status = "text changed"
        texts.append(text)
        statuses.append(status)
    return labels.assign(text=texts, status=statuses, row=labels.index + 2)


def load(root: str | os.PathLike | None = None, *, drop_mismatched: bool = False) -> pd.DataFrame | None:
    """Items with ``text``, ``topic`` ('' when unlabelled), ``lean`` and ``source``.

    None when no source is copied under ``root`` (the test that uses the set then skips). An item
    whose text is not the one labelled (changed, or its source missing) raises
    :class:`RetroSetMismatch` naming its row, or with ``drop_mismatched`` is left out with a warning.
    """
    items = verify(root)
    if (items["status"] == "no copy of the repository").all():
        return None
    wrong = items[items["status"] != MATCH]
    if len(wrong):
        listed = "; ".join(f"row {r.row} ({r.source} line {r.line}): {r.status}" for r in wrong.head(5).itertuples())
        more = f" and {len(wrong) - 5} more" if len(wrong) > 5 else ""
        message = f"{len(wrong)} of {len(items)} held-out items are not the text labelled: {listed}{more}"
        if not drop_mismatched:
            raise RetroSetMismatch(message)
        warnings.warn(message, stacklevel=2)
    return items[items["status"] == MATCH].drop(columns=["status", "row"]).reset_index(drop=True)


def main(root: str | None = None) -> int:
    items = verify(root)
    print(f"{(items['status'] == MATCH).sum()} of {len(items)} items match their pinned sources")
    for (source, status), group in items[items["status"] != MATCH].groupby(["source", "status"]):
        print(f"  {status}: {source} (rows {', '.join(map(str, group['row']))})")
    return 0 if (items["status"] == MATCH).all() else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
