"""The ``nlp`` extra stays light (issue 16): no torch or CUDA among what it pulls in, and comment themes
run from the packaged static model with the network blocked."""

from __future__ import annotations

import socket
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from analysis import themes
from analysis.themes import ThemeModel

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
# Frameworks that bring torch, CUDA or GPU runtimes: gigabytes, where the extra must stay well under 500 MB.
HEAVY = {"torch", "torchvision", "torchaudio", "triton", "tensorflow", "jax", "jaxlib", "sentence-transformers"}


def _heavy(name: str) -> bool:
    name = canonicalize_name(name)
    return name in HEAVY or name.startswith("nvidia-") or "cuda" in name


def _extra(name: str = "nlp") -> list[Requirement]:
    extras = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    return [Requirement(r) for r in extras[name]]


def _installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def _heavy_pulled_in(requirements: list[Requirement]) -> list[str]:
    """Heavy packages among the requirements and, as far as this environment holds them, what they
    require in turn (a dependency's own extras are not followed: pip installs them only when asked)."""
    heavy = [f"extra -> {r.name}" for r in requirements if _heavy(r.name)]
    seen, todo = set(), [r.name for r in requirements]
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen or not _installed(name):
            continue
        seen.add(name)
        for line in metadata.distribution(name).requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                heavy += [f"{name} -> {requirement.name}"] if _heavy(requirement.name) else []
                todo.append(requirement.name)
    return heavy


def test_the_check_would_see_torch():
    assert "extra -> torch" in _heavy_pulled_in(_extra("nlp-transformer"))


def test_the_nlp_extra_names_no_torch_or_cuda_package():
    assert not [str(r) for r in _extra() if _heavy(r.name)]


def test_nothing_the_installed_nlp_extra_pulls_in_is_torch_or_cuda():
    if not any(_installed(r.name) for r in _extra()):
        pytest.skip("the nlp extra is not installed here")
    assert not _heavy_pulled_in(_extra())


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    for target, name in (
        (socket.socket, "connect"),
        (socket.socket, "connect_ex"),
        (socket, "create_connection"),
        (socket, "getaddrinfo"),
    ):
        monkeypatch.setattr(target, name, refuse)
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("pypi.org", 443), timeout=1)


@pytest.mark.skipif(not themes._StaticEmbedder.available(), reason="needs the nlp extra (tokenizers)")
def test_themes_run_from_the_packaged_model_with_the_network_blocked(no_network, monkeypatch):
    monkeypatch.setattr(themes._StaticEmbedder, "_matrix", None)  # load the model again, offline
    monkeypatch.setattr(themes._StaticEmbedder, "_tokenizer", None)
    comments = [
        "Standups drag on forever.",
        "My calendar is wall to wall calls.",
        "The CI pipeline is flaky again.",
        "Builds break every other day.",
        "Nobody says what they think in the retro.",
    ]
    model = ThemeModel().fit(comments)
    assert model.backend_ == "static" and themes._StaticEmbedder._matrix is not None
    assert model.labels_[0] == model.labels_[1] == "meetings"
    assert model.labels_[2] == model.labels_[3] == "tooling"
