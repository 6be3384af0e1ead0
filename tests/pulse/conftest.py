"""Fixtures shared by the blame check's tests."""

import pytest

from pulse.lint import encoder


@pytest.fixture
def weights_gone(monkeypatch, tmp_path):
    """The packaged encoder missing, as in a wheel built without its package data."""
    monkeypatch.setattr(encoder, "WEIGHTS", tmp_path / "absent" / "tone-encoder.npz")
    monkeypatch.setattr(encoder, "_encoder", None)
