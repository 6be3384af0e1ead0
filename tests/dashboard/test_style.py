"""The product's surface: a calm accent, captions and focus at WCAG AA contrast, tables in human terms."""

import colorsys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.widgets import figures, style
from pulse.instruments import BUILTIN

CONFIG = Path(__file__).resolve().parents[2] / "dashboard" / ".streamlit" / "config.toml"


def test_captions_text_and_the_accent_reach_aa_contrast_on_every_background():
    theme = tomllib.loads(CONFIG.read_text())["theme"]
    for background in style.BACKGROUNDS.values():
        assert style.contrast(style.CAPTION, background) >= 4.5
        assert style.contrast(theme["textColor"], background) >= 4.5
        assert style.contrast(style.ACCENT, background) >= 4.5  # the focus ring and links
    assert style.contrast("#ffffff", theme["primaryColor"]) >= 4.5  # text on a primary button
    assert round(style.contrast("#ffffff", "#000000"), 1) == 21.0  # the formula itself
    assert round(style.contrast("#777777", "#ffffff"), 2) == 4.48


def test_the_accent_is_calm_not_red():
    theme = tomllib.loads(CONFIG.read_text())["theme"]
    assert theme["primaryColor"].lower() == style.ACCENT
    hue, _, _ = colorsys.rgb_to_hls(*(int(style.ACCENT[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    assert 0.45 < hue < 0.7  # between cyan and blue; red sits at 0 (and 1)


def test_tables_have_human_labels_rounded_means_and_no_raw_names():
    raw = pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-01-05", "2026-01-19"]),
            "period_end": pd.to_datetime(["2026-01-18", "2026-02-01"]),
            "n": [6, 2],
            "mean": [5.123456, np.nan],
            "ci_low": [4.71828, np.nan],
            "ci_high": [5.5, np.nan],
            "size_sd": [1.23456, 0.5],
        }
    )
    shown = figures.readable(raw)
    expected = ["from", "to", "responses", "mean", "90% low", "90% high", "size (standard deviations)"]
    assert list(shown.columns) == expected
    assert shown["mean"].iloc[0] == 5.12 and shown["90% low"].iloc[0] == 4.72 and pd.isna(shown["mean"].iloc[1])
    assert str(shown["from"].iloc[0]) == "2026-01-05"  # a date, not a midnight time stamp
    assert not any("_" in c for c in shown.columns)


def test_counts_read_in_the_singular_and_plural():
    assert figures.plural(1, "question") == "1 question"
    assert figures.plural(3, "question") == "3 questions"


def test_dates_inside_text_and_shares_read_in_human_terms():
    assert figures.human_date("2026-06-15") == "15 Jun 2026"
    assert figures.human_date(pd.Timestamp("2025-12-29")) == "29 Dec 2025"
    assert figures.percent(0.891) == "89%" and figures.percent(np.nan) == ""
    shown = figures.readable(pd.DataFrame({"episode": ["Score from 2025-12-29"], "day": ["2026-01-05"]}))
    assert shown["episode"].iloc[0] == "Score from 29 Dec 2025"
    assert shown["day"].iloc[0] == "2026-01-05"  # a column of dates keeps sorting as dates


def test_an_alert_table_names_the_survey_and_the_dimension():
    alerts = pd.DataFrame(
        {
            "team": ["Atlas"],
            "instrument": ["psych-safety"],
            "dimension": ["score"],
            "date": ["2026-06-15"],
            "size": [1.8123],
            "size_sd": [2.3456],
            "confidence": [0.987],
            "explanation": ["Atlas's psychological safety score fell."],
        }
    )
    shown = figures.alert_table(alerts, BUILTIN).iloc[0]
    assert shown["survey"] == "Psychological safety" and shown["dimension"] == "Psychological safety score"
    assert shown["date"] == "15 Jun 2026" and shown["confidence"] == "99%" and shown["size"] == 1.81
