"""Archetypes from well-separated profiles, honest "no clear groups", and the driver view."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.utils.estimator_checks import parametrize_with_checks

from analysis import archetypes, drivers
from analysis.archetypes import ArchetypeModel
from pulse.instruments import HEALTH_CHECK
from pulse.results import ALL_TEAMS, Figure

DIMS = [q.key for q in HEALTH_CHECK.questions if q.in_score]


@parametrize_with_checks([ArchetypeModel()])
def test_scikit_learn_estimator_contract(estimator, check):
    check(estimator)


def _profiles(seed: int, spread: float) -> tuple[pd.DataFrame, np.ndarray]:
    """Three kinds of team: fun but slow to release, fast but joyless, and struggling everywhere."""
    rng = np.random.default_rng(seed)
    centres = np.full((3, len(DIMS)), 2.2)
    centres[0, DIMS.index("fun")], centres[0, DIMS.index("release")] = 2.9, 1.3
    centres[1, DIMS.index("speed")], centres[1, DIMS.index("fun")] = 2.9, 1.4
    centres[2] = 1.5
    truth = np.repeat([0, 1, 2], 8)
    values = np.clip(centres[truth] + rng.normal(0, spread, (len(truth), len(DIMS))), 1, 3)
    return pd.DataFrame(values, columns=DIMS, index=[f"team-{i:02d}" for i in range(len(truth))]), truth


def test_recovers_well_separated_archetypes_and_names_them():
    profile, truth = _profiles(1, 0.12)
    model = ArchetypeModel(random_state=0).fit(profile)
    assert model.n_archetypes_ == 3
    assert adjusted_rand_score(truth, model.labels_) > 0.9
    assert model.silhouette_ > 0.4
    names = {model.names_[model.labels_[i]] for i in (0, 8, 16)}
    assert "high fun, painful release" in names
    assert any(name.startswith("little fun") for name in names)  # the fast team is named by what sets it apart
    assert model.embedding_.shape == (24, 2)
    assert model.predict(profile.iloc[:3]).tolist() == model.labels_[:3].tolist()


def test_each_group_has_its_strengths_and_weak_spots_in_plain_words():
    profile, truth = _profiles(1, 0.12)
    found = archetypes.archetypes_from_profiles(profile)
    table = found.archetypes.set_index("archetype")
    group_of = dict(zip(found.teams["team"], found.teams["archetype"], strict=True))
    fun_but_slow = table.loc[group_of["team-00"]]
    assert "high fun" in fun_but_slow["strengths"] and "painful release" in fun_but_slow["weak spots"]
    fast = table.loc[group_of["team-08"]]
    assert "fast" in fast["strengths"].split(", ") and "little fun" in fast["weak spots"]
    struggling = table.loc[group_of["team-16"]]
    assert struggling["strengths"] == "" and len(struggling["weak spots"].split(", ")) == 3
    assert table["size"].tolist() == [8, 8, 8]
    assert "component" not in found.note and "silhouette" not in found.note
    assert found.note == "3 groups of teams with similar profiles"


def test_traits_leave_out_dimensions_near_the_average():
    strengths, weak = archetypes.traits([0.2, 1.4, -0.9, -0.3], ["fun", "speed", "pawns", "value"])
    assert strengths == ["fast"] and weak == ["pawns"]
    assert archetypes.traits([0.1, -0.2], ["fun", "speed"]) == ([], [])


def test_no_clear_groups_gives_one_archetype():
    rng = np.random.default_rng(2)
    profile = pd.DataFrame(rng.normal(2, 0.3, (20, len(DIMS))), columns=DIMS)
    model = ArchetypeModel().fit(profile)
    assert model.n_archetypes_ == 1
    assert np.isnan(model.silhouette_)
    assert model.names_ == ["close to the average on every dimension"] or len(model.names_) == 1


def test_fixed_number_of_archetypes_is_checked():
    profile, _ = _profiles(3, 0.1)
    assert ArchetypeModel(n_archetypes=2).fit(profile).n_archetypes_ == 2
    with pytest.raises(ValueError):
        ArchetypeModel(n_archetypes=0).fit(profile)


def _figures(team, period, values: dict) -> list[Figure]:
    out = []
    for key, (instrument, dim) in values.items():
        out.append(Figure(team, instrument, dim, period, 6, key, None, None, "", period, 1))
    return out


def test_profiles_take_each_teams_latest_complete_period():
    figs = []
    for team, level in (("A", 2.5), ("B", 1.5)):
        for p, shift in (("2026-01-05", 0.0), ("2026-01-19", 0.2)):
            for d in DIMS:
                figs.append(Figure(team, "health-check", d, p, 6, level + shift, None, None, "", p, 1))
            figs.append(Figure(team, "psych-safety", "score", p, 6, 4 + level, None, None, "", p, 1))
    # C's latest period is incomplete (one dimension suppressed), so its earlier one is used.
    for d in DIMS:
        figs.append(Figure("C", "health-check", d, "2026-01-05", 6, 2.0, None, None, "", "2026-01-05", 1))
        figs.append(Figure("C", "health-check", d, "2026-01-19", 6, None if d == "fun" else 1.0, None, None, "", "", 1))
    profile = archetypes.profiles_from_figures(figs)
    assert profile.loc["A", "fun"] == pytest.approx(2.7)
    assert "C" not in profile.index  # no psych-safety score at all
    assert profile.attrs["left_out"] == ["C"]
    assert list(profile.columns) == [*DIMS, "psychological safety score"]


def test_drivers_find_the_planted_association_with_intervals():
    rng = np.random.default_rng(7)
    figs = []
    for t in range(14):
        base = rng.normal(5, 0.6)
        for r in range(10):
            period = f"2026-{1 + r // 2:02d}-{1 + 14 * (r % 2):02d}"
            safety = base + rng.normal(0, 0.25)
            figs.append(Figure(f"T{t}", "psych-safety", "score", period, 6, safety, None, None, "", period, 1))
            for d in DIMS:
                value = 2 + 0.5 * (safety - 5) + rng.normal(0, 0.1) if d == "fun" else 2 + rng.normal(0, 0.3)
                figs.append(Figure(f"T{t}", "health-check", d, period, 6, value, None, None, "", period, 1))
    table = drivers.drivers_from_figures(figs, n_boot=400).set_index("dimension")
    fun = table.loc["fun"]
    assert fun["between_r"] > 0.8 and fun["between_low"] > 0.5
    assert fun["within_low"] > 0.3
    assert "association, not proof" in fun["explanation"]
    speed = table.loc["speed"]
    assert speed["between_low"] < 0 < speed["between_high"]
    assert table["teams"].eq(14).all()


def test_demo_archetypes_and_drivers(demo_db):
    result = archetypes.team_archetypes(demo_db, scope=ALL_TEAMS)
    assert len(result.teams) == 11  # Kestrel has four members, fewer than k: never shown on its own
    atlas = result.teams.set_index("team").loc["Atlas"]
    harbor = result.teams.set_index("team").loc["Harbor"]
    assert atlas["archetype"] != harbor["archetype"]  # after its reorg Atlas is unlike a thriving team
    table = drivers.drivers(demo_db, n_boot=200, scope=ALL_TEAMS)
    assert len(table) == 11
    assert (table["between_low"] <= table["between_r"]).all()


HEALTH_KEYS = [q.key for q in HEALTH_CHECK.questions if q.in_score]


def test_driver_intervals_are_the_plain_team_bootstrap_done_at_once():
    # The resamples are computed together for speed; they must give what resampling teams one at a time
    # (stacking each drawn team's centred periods) gives, with the same draws.
    rng = np.random.default_rng(7)
    figs = []
    for t in range(9):
        level = rng.normal(0, 0.6)
        for p in range(1, 7):
            period = f"2026-{p:02d}-01"
            safety = 4 + level + rng.normal(0, 0.3)
            figs.append(Figure(f"T{t}", "psych-safety", "score", period, 6, safety, None, None, "", period, 1))
            for d in HEALTH_KEYS[:2]:
                value = 3 + 0.5 * level + rng.normal(0, 0.3)
                figs.append(Figure(f"T{t}", "health-check", d, period, 6, value, None, None, "", period, 1))
    table = drivers.drivers_from_figures(figs, n_boot=300, random_state=3).set_index("dimension")
    frame = archetypes._shown_frame(figs)
    goal = frame[frame["instrument"] == "psych-safety"][["team", "period", "period_end", "mean"]]
    draws = np.random.default_rng(3)
    for d in HEALTH_KEYS[:2]:  # the order the function resamples them in (the others have no teams)
        mine = frame[(frame["instrument"] == "health-check") & (frame["dimension"] == d)]
        pairs = goal.merge(mine, on=["team", "period", "period_end"], suffixes=("_y", "_x"))
        teams = sorted(pairs["team"].unique())
        groups = {t: g[["mean_x", "mean_y"]].to_numpy() for t, g in pairs.groupby("team")}
        means = np.array([groups[t].mean(axis=0) for t in teams])
        picks = draws.integers(0, len(teams), (300, len(teams)))
        between = [np.corrcoef(means[p][:, 0], means[p][:, 1])[0, 1] for p in picks]
        stacked = [np.vstack([groups[teams[i]] - groups[teams[i]].mean(axis=0) for i in p]) for p in picks]
        within = [np.corrcoef(s[:, 0], s[:, 1])[0, 1] for s in stacked]
        row = table.loc[d]
        assert row["between_low"] == pytest.approx(np.quantile(between, 0.05))
        assert row["between_high"] == pytest.approx(np.quantile(between, 0.95))
        assert row["within_low"] == pytest.approx(np.quantile(within, 0.05))
        assert row["within_high"] == pytest.approx(np.quantile(within, 0.95))
