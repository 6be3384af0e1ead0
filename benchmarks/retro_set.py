"""The held-out set of real retrospective items, rebuilt from local mirrors of its sources.

The items' text is not in this repository: the public repositories it comes from were read as
mirrors (the tool library's ``fetch``), whose content we may not commit. `retro-labels.csv` keeps
only where each item is (repository file, first line, number of lines) and the labels given by hand
before any model ran on them. ``load`` reads the lines from mirrors under ``root`` (default
``$TEAMPULSE_MIRRORS`` or ``/work/.mirror``: one ``owner+name/repo`` git directory per source) and
drops list markers and link targets; ``None`` when the mirrors are not there.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pandas as pd

LABELS = Path(__file__).resolve().parents[1] / "data" / "evaluation" / "comments" / "retro-labels.csv"
SOURCE = re.compile(r"https://github\.com/([^/]+)/([^/]+)/blob/HEAD/(.+)")
_MARKERS = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s*#+\s*|^\s*\|\s*")


def _clean(lines: list[str]) -> str:
    text = " ".join(_MARKERS.sub("", line) for line in lines)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [words](link) -> words
    return re.sub(r"\s+", " ", text.replace("**", "").replace("`", "")).strip()


def load(root: str | os.PathLike | None = None) -> pd.DataFrame | None:
    """Items with ``text``, ``topic`` ('' when unlabelled), ``lean`` and ``source``; None without mirrors."""
    root = Path(root or os.environ.get("TEAMPULSE_MIRRORS", "/work/.mirror"))
    labels = pd.read_csv(LABELS, keep_default_na=False)
    files: dict[str, list[str]] = {}
    texts = []
    for source, first, count in labels[["source", "line", "lines"]].itertuples(index=False):
        if source not in files:
            owner, name, path = SOURCE.match(source).groups()
            git = root / f"{owner}+{name}" / "repo"
            if not git.is_dir():
                return None
            shown = subprocess.run(
                ["git", "--git-dir", str(git), "show", f"HEAD:{path}"], capture_output=True, text=True, check=False
            )
            files[source] = shown.stdout.splitlines()
        texts.append(_clean(files[source][first - 1 : first - 1 + count]))
    return labels.assign(text=texts)
