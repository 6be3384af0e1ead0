"""The held-out retrospective set: items pinned to a commit and a hash of their text."""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest

from benchmarks import retro_set


def _git(*args: str, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def copies(tmp_path, monkeypatch):
    """A source repository copied as ``owner+name/repo`` with two commits, and labels pinned to the first."""
    work = tmp_path / "work"
    work.mkdir()
    _git("init", "-q", cwd=work)
    (work / "retro.md").write_text("# Retro\n\n- Standups ran long.\n- The CI build was **flaky**.\n")
    _git("add", "retro.md", cwd=work)
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one", cwd=work)
    first = _git("rev-parse", "HEAD", cwd=work)
    (work / "retro.md").write_text("# Retro\n\n- Standups ran on time.\n- The CI build was **flaky**.\n")
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two", cwd=work)
    mirrors = tmp_path / "mirrors"
    _git("clone", "-q", "--bare", str(work), str(mirrors / "team+retros" / "repo"), cwd=tmp_path)
    source = f"https://github.com/team/retros/blob/{first}/retro.md"
    labels = pd.DataFrame(
        {
            "source": [source, source],
            "line": [3, 4],
            "lines": [1, 1],
            "text_sha256": [retro_set.text_hash("Standups ran long."), retro_set.text_hash("The CI build was flaky.")],
            "topic": ["meetings", "tooling"],
            "lean": ["negative", "negative"],
            "section": ["", ""],
        }
    )
    path = tmp_path / "labels.csv"
    labels.to_csv(path, index=False)
    monkeypatch.setattr(retro_set, "LABELS", path)
    return mirrors, labels, work


def test_items_are_read_at_the_pinned_commit_not_the_newest(copies):
    mirrors, _, _ = copies
    items = retro_set.load(mirrors)
    assert items["text"].tolist() == ["Standups ran long.", "The CI build was flaky."]


def test_an_item_whose_text_changed_is_refused_by_row(copies):
    mirrors, labels, _ = copies
    labels.loc[0, "line"] = 4  # points at the other bullet now
    labels.to_csv(retro_set.LABELS, index=False)
    with pytest.raises(retro_set.RetroSetMismatch, match=r"1 of 2 .*row 2 \(.*line 4\): text changed"):
        retro_set.load(mirrors)
    with pytest.warns(UserWarning, match="row 2"):
        kept = retro_set.load(mirrors, drop_mismatched=True)
    assert kept["text"].tolist() == ["The CI build was flaky."]


def test_a_commit_missing_from_the_copy_is_named(copies):
    mirrors, labels, _ = copies
    labels["source"] = labels["source"].str.replace(r"/blob/[0-9a-f]{40}/", "/blob/" + "0" * 40 + "/", regex=True)
    labels.to_csv(retro_set.LABELS, index=False)
    assert set(retro_set.verify(mirrors)["status"]) == {"commit not in the copy"}
    with pytest.raises(retro_set.RetroSetMismatch, match="commit not in the copy"):
        retro_set.load(mirrors)


def test_without_copies_there_is_no_set(copies, tmp_path):
    assert retro_set.load(tmp_path / "nowhere") is None


def test_the_committed_labels_pin_every_item():
    labels = pd.read_csv(retro_set.LABELS, keep_default_na=False)
    assert labels["source"].map(lambda s: retro_set.SOURCE.fullmatch(s) is not None).all()
    assert labels["text_sha256"].str.fullmatch(r"[0-9a-f]{12}").all()
    assert "text" not in labels.columns  # the sources' content is not committed
