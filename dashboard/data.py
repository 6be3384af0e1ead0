"""Results shaped for the pages, cached per database file.

Every figure here comes from ``pulse.results`` (or ``analysis``), never from SQL: this module only
reshapes what the query layer already decided may be shown. Cached functions take the database
path as their first argument so two files never share a cache entry; ``after_write`` clears them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.api.types import union_categoricals

from analysis import alerts, archetypes, reliability, themes, trends
from dashboard.state import open_database
from pulse import results, settings
from pulse.instruments import Instrument, get_instrument, list_instruments
from pulse.teams import list_teams

# Results change only when a round closes. A write from the dashboard (closing a round, raising k,
# a purge) clears every cache at once; a round that closes by date shows within the hour.
TTL = 3600
FIGURE_COLUMNS = ["team", "instrument", "dimension", "period", "period_end", "n", "mean", "ci_low", "ci_high"]
FIGURE_COLUMNS += ["note", "rounds", "level"]
STATUS_LABELS = ("Red", "Amber", "Green")

# Psychological safety items are stored keyed (reverse-worded ones flipped), so each label says
# what a high value means.
PSYCH_SAFETY_LABELS = {
    "ps1": "Mistakes not held against you",
    "ps2": "Problems can be raised",
    "ps3": "Difference is not rejected",
    "ps4": "Safe to take a risk",
    "ps5": "Easy to ask for help",
    "ps6": "Nobody undermines your work",
    "ps7": "Skills are valued",
}


def after_write() -> None:
    """Clear every cached result: call after anything that changes what the pages show."""
    st.cache_data.clear()


def after_pulse() -> None:
    """A pulse changes only live participation counts (open rounds show nothing else)."""
    participation.clear()
    _team_trends.clear()
    team_trend.clear()


def k(path: str) -> int:
    return settings.min_group_size(open_database(path).cursor())


def team_names(path: str) -> list[str]:
    return [t.name for t in list_teams(open_database(path).cursor())]


def instruments(path: str) -> list[Instrument]:
    """Built-in instruments first (psych safety, health check, eNPS), then custom ones by key."""
    order = {"psych-safety": 0, "health-check": 1, "enps": 2}
    return sorted(list_instruments(open_database(path).cursor()), key=lambda i: (order.get(i.key, 3), i.key))


def instrument(path: str, key: str) -> Instrument:
    return get_instrument(open_database(path).cursor(), key)


def label(inst: Instrument, dimension: str) -> str:
    if dimension == "score":
        return "eNPS" if inst.scoring == "nps" else "Composite score"
    if inst.key == "psych-safety" and dimension in PSYCH_SAFETY_LABELS:
        return PSYCH_SAFETY_LABELS[dimension]
    question = inst.question(dimension)
    if question is None:
        return dimension
    head = question.text.split(":", 1)[0] if ":" in question.text[:40] else question.text
    return head if len(head) <= 40 else head[:38] + "..."


def charted_dimensions(inst: Instrument) -> list[str]:
    """The composite first, then each scored question (trend-only items are not charted)."""
    scored = [q.key for q in inst.questions if q.in_score]
    return ["score", *scored] if len(scored) > 1 else ["score"]


def _frame(figures: pd.DataFrame) -> pd.DataFrame:
    """The query layer's team frame with datetime periods and a display ``state`` per row."""
    frame = figures.reindex(columns=FIGURE_COLUMNS).copy()
    for column in ("period", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["mean"] = frame["mean"].astype(float)
    frame["state"] = "shown"
    frame.loc[frame["mean"].isna(), "state"] = "suppressed"
    frame.loc[frame["note"].str.startswith("round open"), "state"] = "open"
    return frame


@st.cache_data(ttl=TTL, show_spinner=False)
def _team_trends(path: str, team: str, instrument_key: str) -> trends.Trends:
    return trends.team_trends(open_database(path), team=team, instrument=instrument_key)


@st.cache_data(ttl=TTL, show_spinner=False)
def team_trend(path: str, team: str, instrument_key: str) -> pd.DataFrame:
    """One team's figures for one instrument (charted dimensions only) with the EWMA level, labels
    and gap segments. Figures come from the query layer through ``analysis.trends``."""
    inst = instrument(path, instrument_key)
    frame = _team_trends(path, team, instrument_key).points.reindex(columns=[*FIGURE_COLUMNS, "ewma", "participation"])
    for column in ("period", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["mean"] = frame["mean"].astype(float)
    frame["state"] = "shown"
    frame.loc[frame["mean"].isna(), "state"] = "suppressed"
    frame.loc[frame["note"].fillna("").str.startswith("round open"), "state"] = "open"
    dims = charted_dimensions(inst)
    frame = frame[frame["dimension"].isin(dims)].copy()
    frame["label"] = frame["dimension"].map(lambda d: label(inst, d))
    frame["order"] = frame["dimension"].map(dims.index)
    frame = frame.sort_values(["order", "period"], kind="stable")
    # A new line segment starts after every gap, so a suppressed period is never bridged.
    frame["segment"] = frame.groupby("dimension")["state"].transform(lambda s: (s != "shown").cumsum())
    return frame.reset_index(drop=True)


def team_slopes(path: str, team: str, instrument_key: str) -> pd.DataFrame:
    """Theil-Sen slope over the last shown periods of each dimension, with its 90% interval."""
    inst = instrument(path, instrument_key)
    slopes = _team_trends(path, team, instrument_key).slopes
    return slopes.assign(label=slopes["dimension"].map(lambda d: label(inst, d)))


SHOWN_COLUMNS = ["team", "instrument", "dimension", "period", "period_end", "n", "mean", "sd"]
TEXT_COLUMNS = ["team", "instrument", "dimension", "period", "period_end"]
TEAMS_PER_READ = 250


@st.cache_data(ttl=TTL, show_spinner=False)
def figures(path: str, scope: tuple[str, ...] | None, team: str | None = None) -> pd.DataFrame:
    """The shown figures of the readable teams (or of one team), all instruments: shared by the analyses.

    Read a slice of teams at a time and kept compact (shown rows, the columns the analyses use, text
    as categories): the cache holds about 40 bytes a figure, and the query layer's working memory
    is bounded by the slice, not by the organisation.
    """
    db = open_database(path)
    names = [t for t in team_names(path) if (scope is None or t in scope) and (team is None or t == team)]
    parts = []
    for i in range(0, len(names), TEAMS_PER_READ):
        frame = results.team_frame(db, scope=names[i : i + TEAMS_PER_READ])
        parts.append(frame.loc[frame["mean"].notna(), SHOWN_COLUMNS].astype({c: "category" for c in TEXT_COLUMNS}))
    if not parts:
        return pd.DataFrame(columns=SHOWN_COLUMNS)
    text = {c: union_categoricals([p[c] for p in parts], sort_categories=True) for c in TEXT_COLUMNS}
    numbers = pd.concat([p.drop(columns=TEXT_COLUMNS) for p in parts], ignore_index=True)
    return numbers.assign(**text)[SHOWN_COLUMNS]


@st.cache_data(ttl=TTL, show_spinner=False)
def latest_scores(path: str, scope: tuple[str, ...] | None) -> list[results.Figure]:
    """Each readable team's latest showable psych-safety score."""
    return results.latest_scores(open_database(path), "psych-safety", scope=scope)


@st.cache_data(ttl=TTL, show_spinner=False)
def drop_alerts(path: str, scope: tuple[str, ...] | None, team: str | None = None) -> pd.DataFrame:
    """Sustained drops found by ``analysis.alerts`` in the shown figures of the readable teams."""
    # A chart per team and dimension, independent of other teams: fitted a slice of teams at a time,
    # so the detector's working lists stay small.
    shown, found = figures(path, scope, team), []
    names = shown["team"].unique()
    for i in range(0, len(names), TEAMS_PER_READ):
        part = shown[shown["team"].isin(names[i : i + TEAMS_PER_READ])]
        found += alerts.DropDetector().fit(part, instruments(path)).alerts_
    frame = pd.DataFrame([a.as_dict() for a in found], columns=[*alerts.ALERT_COLUMNS, "size_sd", "detected"])
    # Newest first; within a team and date, the composite score before single items.
    frame["composite"] = frame["dimension"] == "score"
    frame = frame.sort_values(["date", "team", "composite"], ascending=[False, True, False])
    return frame.drop(columns="composite").reset_index(drop=True)


@st.cache_data(ttl=TTL, show_spinner=False)
def team_archetypes(path: str, scope: tuple[str, ...] | None) -> archetypes.Archetypes:
    """Archetypes of the readable teams from their latest showable profiles (``analysis.archetypes``)."""
    return archetypes.archetypes_from_profiles(archetypes.profiles_from_figures(figures(path, scope)))


@st.cache_data(ttl=TTL, show_spinner=False)
def drivers(path: str, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """Which health-check dimensions move with psychological safety, with bootstrap intervals."""
    return archetypes.drivers_from_figures(figures(path, scope))


@st.cache_data(ttl=TTL, show_spinner="Grouping comments into themes...")
def comment_themes(path: str, team: str, instrument_key: str | None) -> pd.DataFrame:
    """Themes of one team's comments in showable blocks; snippets only for themes of at least k."""
    # The lexical backend: as good as sentence embeddings on our labelled set (NMI 0.757 against 0.763,
    # docs/benchmarks.md) at a fraction of the time, and no model to load while a coach waits.
    model = themes.ThemeModel(backend="lexical")
    found = themes.team_comment_themes(open_database(path), [team], instrument_key, model=model)
    return pd.DataFrame([t.as_dict() for t in found], columns=["id", "label", "size", "lean", "kind", "snippets"])


@st.cache_data(ttl=TTL, show_spinner=False)
def scale_reliability(path: str, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """Cronbach's alpha and McDonald's omega per multi-item instrument, pooled over readable teams."""
    found = reliability.scale_reliability(open_database(path), scope=scope)
    return pd.DataFrame([r.as_dict() for r in found])


@st.cache_data(ttl=TTL, show_spinner=False)
def health_grid(path: str, team: str, periods: int = 6) -> pd.DataFrame:
    """The last ``periods`` showable health-check periods of a team: status and trend arrow per dimension."""
    inst = instrument(path, "health-check")
    frame = _frame(results.team_frame(open_database(path), team=team, instrument="health-check"))
    shown = frame[frame["state"] == "shown"]
    keep = sorted(shown.loc[shown["dimension"] == "score", "period"].unique())[-periods:]
    shown = shown[shown["period"].isin(keep)]
    trend = shown[shown["dimension"].str.endswith("_trend")].assign(
        dimension=lambda f: f["dimension"].str.removesuffix("_trend")
    )[["period", "dimension", "mean"]]
    scored = [q.key for q in inst.questions if q.in_score]
    grid = shown[shown["dimension"].isin(scored)].merge(
        trend.rename(columns={"mean": "trend"}), on=["period", "dimension"], how="left"
    )
    grid["label"] = grid["dimension"].map(lambda d: label(inst, d))
    grid["status"] = pd.cut(grid["mean"], [0, 1 + 2 / 3, 2 + 1 / 3, 4], labels=STATUS_LABELS).astype(str)
    grid["arrow"] = grid["trend"].map(_arrow)
    grid["cell"] = grid["status"].str[0] + " " + grid["arrow"]
    grid["order"] = grid["dimension"].map(scored.index)
    return grid.sort_values(["order", "period"]).reset_index(drop=True)


def _arrow(trend: float) -> str:
    if pd.isna(trend):
        return ""
    return "↑" if trend > 0.15 else "↓" if trend < -0.15 else "→"


@st.cache_data(ttl=TTL, show_spinner=False)
def latest_profiles(path: str, instrument_key: str, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """Each readable team's latest showable period of one instrument, every scored dimension."""
    inst = instrument(path, instrument_key)
    # Only the rounds of each team's latest shown block are read (results.latest_frame).
    out = _frame(results.latest_frame(open_database(path), instrument_key, scope=scope))
    dims = [q.key for q in inst.questions if q.in_score]
    out = out[out["dimension"].isin(dims) & (out["state"] == "shown")].copy()
    out["label"] = out["dimension"].map(lambda d: label(inst, d))
    out["order"] = out["dimension"].map(dims.index)
    return out.sort_values(["team", "order"]).reset_index(drop=True)


@st.cache_data(ttl=60, show_spinner=False)
def participation(path: str, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """Responses per round (counts may show live) and the rate where the team size is known."""
    frame = results.participation(open_database(path), scope=scope)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame
