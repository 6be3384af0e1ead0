"""``results.latest_frame``: each team's latest shown block, the same rows ``team_frame`` shows for it."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulse import results
from pulse.results import ALL_TEAMS
from pulse.settings import set_min_group_size
from pulse.store import Database
from tests.pulse.test_results import build, organisations, unique_team_names


def latest_of_team_frame(db, **kwargs) -> pd.DataFrame:
    """What latest_frame must return, spelled out on team_frame: the last block whose score is shown."""
    full = results.team_frame(db, **{"scope": ALL_TEAMS, **kwargs})
    full = full[~full["note"].str.startswith("round open")]
    shown = full[(full["dimension"] == "score") & full["mean"].notna()]
    last = shown.sort_values("period").groupby(["team", "instrument"]).tail(1)[["team", "instrument", "period"]]
    return full.merge(last, on=["team", "instrument", "period"]).reset_index(drop=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(org=organisations, k=st.integers(3, 7))
def test_latest_frame_is_team_frames_latest_shown_block(org, k):
    db = Database(":memory:")
    try:
        set_min_group_size(db, k)  # before any result exists: k can only be raised afterwards
        build(db, unique_team_names(org))
        latest = results.latest_frame(db, scope=ALL_TEAMS)
        pd.testing.assert_frame_equal(latest, latest_of_team_frame(db), check_dtype=False)
        assert latest["mean"].isna().sum() == 0  # eNPS has one question: a shown block shows it all
    finally:
        db.close()


def test_latest_frame_on_the_demo_keeps_scope_and_leaves_open_rounds_out(demo_db):
    for instrument in ("psych-safety", "health-check", "enps", None):
        latest = results.latest_frame(demo_db, instrument, scope=ALL_TEAMS)
        pd.testing.assert_frame_equal(latest, latest_of_team_frame(demo_db, instrument=instrument))
        assert not latest["note"].str.startswith("round open").any()
    scoped = results.latest_frame(demo_db, "psych-safety", scope=["Atlas", "Comet"])
    assert set(scoped["team"]) == {"Atlas", "Comet"}
    comet = scoped[(scoped["team"] == "Comet") & (scoped["dimension"] == "score")].iloc[0]
    assert comet["rounds"] > 1 and comet["n"] >= 5  # three of five answer: shown only pooled
