"""How the themes benchmark judges labels: topics by their hand labels, emerging themes not at all."""

from __future__ import annotations

import pandas as pd

from analysis.themes import ThemeModel
from benchmarks import themes_accuracy


def test_a_topic_is_judged_by_its_own_hand_label_and_an_emerging_theme_is_not_judged():
    frame = pd.read_csv(themes_accuracy.IN_HOUSE)
    truth = frame["theme"].replace({"learning": "recognition"})
    model = ThemeModel(backend="lexical").fit(frame["text"].tolist())
    scored = themes_accuracy._label_quality(themes_accuracy._per_theme(model, truth, frame["text"].tolist()))
    rows = {r["theme"]: r for r in scored["per_theme"]}
    meetings = rows["meetings"]
    inside = model.labels_ == "meetings"
    assert meetings["n"] == inside.sum()
    assert meetings["described"] == round((truth[inside] == "meetings").mean(), 2)
    emerging = [r for r in scored["per_theme"] if r["kind"] == "emerging"]
    assert emerging and all(r["described"] is None and r["judged"].startswith("not judged") for r in emerging)
    assert all(0 <= r["label_words_share"] <= 1 for r in emerging)
    quality = scored["label_quality"]
    assert quality["emerging_not_judged"] == len(emerging)
    few = [r["theme"] for r in scored["per_theme"] if r["kind"] == "taxonomy" and r["n"] < themes_accuracy.JUDGE_MIN]
    assert quality["topics_too_few"] == few
    assert "not judged" in themes_accuracy.table(scored["per_theme"])


def test_label_words_are_matched_as_whole_words_and_pairs():
    assert themes_accuracy._label_words("Emerging: sprint planning, late") == [("sprint", "planning"), ("late",)]
    assert themes_accuracy._holds(["the", "sprint", "planning", "ran"], ("sprint", "planning"))
    assert not themes_accuracy._holds(["planning", "the", "sprint"], ("sprint", "planning"))
    assert themes_accuracy._label_words("Emerging 3") == []
