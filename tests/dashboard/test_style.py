"""The product's surface: a calm accent, captions and focus at WCAG AA contrast, tables in human terms."""

import colorsys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.widgets import figures, style

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
