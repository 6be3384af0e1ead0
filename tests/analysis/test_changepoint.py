"""The change-point estimate: the start of a step or of a ramp, its uncertainty, and no fall where none is."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.changepoint import drop_change_point, ramp_shape


def _series(rng, level, path, noise):
    return level + np.asarray(path, dtype=float) + rng.normal(0.0, noise, len(path))


@pytest.mark.parametrize("seed", range(5))
def test_a_step_is_dated_at_its_first_low_figure(seed):
    rng = np.random.default_rng(seed)
    x = _series(rng, 5.5, [0.0] * 12 + [-1.2] * 8, 0.2)
    cp = drop_change_point(x, np.full(len(x), 0.04))
    assert cp.start == 12
    assert cp.earliest <= 12 <= cp.latest
    assert cp.drop == pytest.approx(1.2, abs=0.3)
    assert cp.before == pytest.approx(5.5, abs=0.2)


def test_a_ramp_is_dated_at_its_first_figure_not_its_middle():
    found = []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        # The fall takes four figures: -0.45, -0.9, -1.35, then -1.8 (as the demo's reorganisation).
        x = _series(rng, 5.6, [0.0] * 13 + [-0.45, -0.9, -1.35] + [-1.8] * 10, 0.2)
        steps_only = drop_change_point(x, np.full(len(x), 0.04))
        ramps = drop_change_point(x, np.full(len(x), 0.04), max_ramp=3)
        found.append((ramps.start, steps_only.start))
    ramps, steps = np.array(found).T
    assert np.mean(np.abs(ramps - 13) <= 1) >= 0.9
    assert np.mean(np.abs(ramps - 13)) < np.mean(np.abs(steps - 13))  # a step model dates the middle


def test_the_uncertainty_grows_with_the_noise():
    widths = {}
    for noise in (0.1, 0.6):
        runs = []
        for seed in range(10):
            x = _series(np.random.default_rng(seed), 5.0, [0.0] * 10 + [-0.8] * 10, noise)
            cp = drop_change_point(x, np.full(len(x), noise**2))
            runs.append(cp.latest - cp.earliest)
        widths[noise] = np.mean(runs)
    assert widths[0.1] <= 1 < widths[0.6]


def test_a_rise_is_not_a_fall():
    x = np.array([4.0] * 8 + [5.0] * 8)
    assert drop_change_point(x, np.full(len(x), 0.01)) is None


def test_ramp_shape():
    assert ramp_shape(6, 2, 0).tolist() == [0, 0, 1, 1, 1, 1]
    assert ramp_shape(6, 2, 1).tolist() == [0, 0, 0.5, 1, 1, 1]
