"""Scale reliability: alpha and omega recover known values; the query layer pools safely."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import numpy as np
import pytest

from analysis import reliability
from pulse import results
from pulse.importers import import_responses
from pulse.results import ALL_TEAMS


def _congeneric(loadings, unique):
    loadings = np.asarray(loadings, dtype=float)
    return np.outer(loadings, loadings) + np.diag(unique)


def test_alpha_of_parallel_items_matches_spearman_brown():
    r, m = 0.4, 6
    cov = np.full((m, m), r) + np.eye(m) * (1 - r)
    assert reliability.cronbach_alpha(cov) == pytest.approx(m * r / (1 + (m - 1) * r))


def test_omega_equals_alpha_for_equal_loadings_and_exceeds_it_otherwise():
    equal = _congeneric([0.7] * 5, [0.51] * 5)
    omega, residual = reliability.mcdonald_omega(equal)
    assert omega == pytest.approx(reliability.cronbach_alpha(equal), abs=1e-6)
    assert residual < 1e-6
    loadings, unique = np.array([0.9, 0.8, 0.5, 0.4, 0.3]), np.array([0.3, 0.4, 0.7, 0.8, 0.9])
    known = loadings.sum() ** 2 / (loadings.sum() ** 2 + unique.sum())
    omega, _ = reliability.mcdonald_omega(_congeneric(loadings, unique))
    assert omega == pytest.approx(known, abs=1e-4)
    assert omega > reliability.cronbach_alpha(_congeneric(loadings, unique))


def test_alpha_recovered_from_simulated_people_within_its_interval():
    rng = np.random.default_rng(4)
    loadings, unique = np.full(7, 0.6), np.full(7, 0.64)
    known = reliability.cronbach_alpha(_congeneric(loadings, unique))
    hits = 0
    for _ in range(40):
        people = rng.normal(size=(400, 1)) * loadings + rng.normal(size=(400, 7)) * np.sqrt(unique)
        alpha = reliability.cronbach_alpha(np.cov(people, rowvar=False))
        low, high = reliability.alpha_interval(alpha, 400, 7)
        assert alpha == pytest.approx(known, abs=0.05)
        hits += low <= known <= high
    assert hits >= 32  # a 90% interval: about 36 of 40 on average


def test_two_factor_items_are_flagged():
    block = _congeneric([0.8, 0.8, 0.8, 0, 0, 0], [0.36] * 6)
    block[3:, 3:] = _congeneric([0.8] * 3, [0.36] * 3)
    _, residual = reliability.mcdonald_omega(block)
    assert residual > reliability.MAX_RESIDUAL


def _write(db, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    import_responses(db, out.getvalue().encode(), "psych-safety", today=date(2026, 6, 15))


def test_pooled_through_the_query_layer_matches_numpy_and_skips_small_rounds(db):
    rng = np.random.default_rng(9)
    loading = 0.9
    keyed_rows, rows = [], []
    start = date(2026, 1, 5)
    for team, size in (("Alpha", 8), ("Bravo", 9), ("Charlie", 7), ("Solo", 3)):
        for r in range(6):
            # Solo answers only once, three people: a round that never reaches k and is never shown.
            if team == "Solo" and r > 0:
                continue
            for _ in range(size):
                person = rng.normal()
                keyed = np.clip(np.rint(4.5 + loading * person + rng.normal(0, 0.9, 7)), 1, 7).astype(int)
                row = {"team": team, "date": (start + timedelta(days=14 * r)).isoformat()}
                for i, v in enumerate(keyed):
                    key = f"ps{i + 1}"
                    row[key] = 8 - v if key in ("ps1", "ps3", "ps5") else v  # stored as answered
                rows.append(row)
                if team != "Solo":
                    keyed_rows.append(keyed)
    _write(db, rows)
    moments = results.item_moments(db, "psych-safety", scope=ALL_TEAMS)
    assert moments.n == len(keyed_rows) == 6 * (8 + 9 + 7)
    expected = np.cov(np.array(keyed_rows, dtype=float), rowvar=False)
    assert np.allclose(np.array(moments.cov), expected)
    [result] = reliability.scale_reliability(db, ["psych-safety", "enps"], scope=ALL_TEAMS)
    assert result.alpha == pytest.approx(reliability.cronbach_alpha(expected), abs=1e-4)
    # The model's alpha before answers are rounded to the 1-7 scale; rounding costs a little.
    known = reliability.cronbach_alpha(_congeneric([loading] * 7, [0.81] * 7))
    assert result.alpha == pytest.approx(known, abs=0.07)
    assert result.alpha_low <= result.alpha <= result.alpha_high
    assert result.warning == ""


def test_low_alpha_gets_a_plain_warning():
    cov = np.full((4, 4), 0.05) + np.eye(4) * 0.95
    moments = results.ItemMoments("x", ("a", "b", "c", "d"), 500, 20, (0,) * 4, cov.tolist(), cov.tolist())
    result = reliability.assess(moments)
    assert result.alpha < 0.7
    assert "below 0.7" in result.warning


def test_nothing_when_below_k(db):
    assert results.item_moments(db, "psych-safety", scope=ALL_TEAMS) is None
    assert reliability.scale_reliability(db, scope=ALL_TEAMS) == []


def test_demo_scales_are_reliable(demo_db):
    by_instrument = {r.instrument: r for r in reliability.scale_reliability(demo_db, scope=ALL_TEAMS)}
    assert set(by_instrument) == {"psych-safety", "health-check"}
    assert by_instrument["psych-safety"].alpha > 0.7
    assert by_instrument["psych-safety"].omega == pytest.approx(by_instrument["psych-safety"].alpha, abs=0.05)
