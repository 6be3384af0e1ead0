"""The Organisation and Psych safety overview pages' bundles, and the admin's scale reliability.

Split from :mod:`dashboard.queries.coaching` (the Team trends bundle): each page reads its bundle
once, cold, through ``pulse.results``; archetypes, drivers and alerts come from ``analysis``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from pandas.api.types import union_categoricals

from analysis import archetypes, reliability
from analysis import drivers as driver_analysis
from analysis.labels import dimension_title
from dashboard.queries import TTL, catalogue
from dashboard.queries.coaching import (
    SHOWN_COLUMNS,
    TEAMS_PER_READ,
    TEXT_COLUMNS,
    _dated,
    _drop_alerts,
    charted_dimensions,
)
from dashboard.state import open_database
from pulse import results
from pulse.instruments import Instrument

# --- Organisation -------------------------------------------------------------------------------

ALL_TRIBES = "All tribes"
NO_TRIBE = "No tribe"
LATEST_COLUMNS = ["team", "tribe", "period", "period_end", "n", "rounds", "score"]


@dataclass(frozen=True)
class OrganisationPage:
    """Everything the Organisation page draws for the teams a reader may see (alerts on request)."""

    k: int
    teams: list[str]  # readable teams, by tribe then name
    tribes: dict[str, str]  # readable team -> its tribe (NO_TRIBE when it has none)
    latest: dict[str, pd.DataFrame]  # per instrument: each team's latest shown composite (LATEST_COLUMNS)
    profiles: dict[str, pd.DataFrame]  # per instrument: each team's latest shown period, every scored item
    archetypes: archetypes.Archetypes


@st.cache_data(ttl=TTL, show_spinner="Reading the latest results of every team...")
def organisation_page(path: str, scope: tuple[str, ...] | None) -> OrganisationPage:
    """Each readable team's latest showable figures (one read of ``results.latest_frame``) and the
    archetypes fitted on them; whole series (alerts, drivers) are read only on request."""
    menu = catalogue(path)
    names = _readable(menu.team_names, scope)
    tribes = {t.name: t.tribe or NO_TRIBE for t in menu.teams if t.name in set(names)}
    latest = _latest_read(path, tuple(names))
    return OrganisationPage(
        k=menu.k,
        teams=names,
        tribes=tribes,
        latest={i.key: _latest_scores(latest, i, tribes) for i in menu.instruments},
        profiles={i.key: _latest_profiles(latest, i) for i in menu.instruments},
        archetypes=archetypes.archetypes_from_profiles(archetypes.profiles_from_figures(latest)),
    )


def _latest_read(path: str, names: tuple[str, ...]) -> pd.DataFrame:
    db, parts = open_database(path), []
    for i in range(0, len(names), TEAMS_PER_READ):
        frame = results.latest_frame(db, scope=list(names[i : i + TEAMS_PER_READ]))
        parts.append(frame.loc[frame["mean"].notna(), [*SHOWN_COLUMNS, "rounds"]])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*SHOWN_COLUMNS, "rounds"])


def _latest_scores(latest: pd.DataFrame, inst: Instrument, tribes: dict[str, str]) -> pd.DataFrame:
    """One row per team with a shown composite: its latest period, responses and score, best first."""
    own = latest[(latest["instrument"] == inst.key) & (latest["dimension"] == "score")]
    own = _dated(own.rename(columns={"mean": "score"}), "period", "period_end")
    own = own.assign(tribe=own["team"].map(tribes))[LATEST_COLUMNS]
    return own.sort_values(["score", "team"], ascending=[False, True]).reset_index(drop=True)


@st.cache_data(ttl=TTL, show_spinner="Looking for sustained drops across teams...")
def organisation_alerts(path: str, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """Drop episodes of every readable team (on request: it reads every team's whole series)."""
    return _drop_alerts(shown_figures(path, scope), catalogue(path).instruments)


@st.cache_data(ttl=TTL, show_spinner=False)
def drivers(path: str, scope: tuple[str, ...] | None) -> pd.DataFrame:
    """Which health-check dimensions move with psychological safety, with bootstrap intervals (on request)."""
    return driver_analysis.drivers_from_figures(shown_figures(path, scope))


@st.cache_data(ttl=TTL, show_spinner=False)
def shown_figures(path: str, scope: tuple[str, ...] | None, instrument: str | None = None) -> pd.DataFrame:
    """The shown figures of the readable teams (all instruments, or one): shared by the organisation's analyses.

    Read a slice of teams at a time and kept compact (shown rows, the columns the analyses use, text
    as categories): the cache holds about 40 bytes a figure, and the query layer's working memory
    is bounded by the slice, not by the organisation.
    """
    db, names = open_database(path), _readable(catalogue(path).team_names, scope)
    columns = [*SHOWN_COLUMNS, "rounds"]
    parts = []
    for i in range(0, len(names), TEAMS_PER_READ):
        frame = results.team_frame(db, instrument=instrument, scope=names[i : i + TEAMS_PER_READ])
        parts.append(frame.loc[frame["mean"].notna(), columns].astype({c: "category" for c in TEXT_COLUMNS}))
    if not parts:
        return pd.DataFrame(columns=columns)
    text = {c: union_categoricals([p[c] for p in parts], sort_categories=True) for c in TEXT_COLUMNS}
    numbers = pd.concat([p.drop(columns=TEXT_COLUMNS) for p in parts], ignore_index=True)
    return numbers.assign(**text)[columns]


def average_lines(path: str, scope: tuple[str, ...] | None, team: str, instrument: str) -> pd.DataFrame:
    """The organisation's and ``team``'s tribe's average composite per period, for the team's chart."""
    menu = catalogue(path)
    tribe = next((t.tribe for t in menu.teams if t.name == team), None)
    lines = _average_lines(path, scope, instrument)
    return lines[lines["group"].isin(["organisation", tribe])].reset_index(drop=True)


@st.cache_data(ttl=TTL, show_spinner=False)
def _average_lines(path: str, scope: tuple[str, ...] | None, instrument: str) -> pd.DataFrame:
    """Average composite per period of the organisation and of each tribe, over the readable teams.

    DESIGN.md rule 5: a parent is the sum of team figures already shown on their own (single-round
    blocks, each of at least k people), never of a suppressed team, so parent minus the shown teams
    is exactly nothing; and only teams the reader may see count, so a coach learns nothing of teams
    not assigned to them. A point needs at least two teams (one team's line is the team itself).
    """
    menu = catalogue(path)
    shown = shown_figures(path, scope, instrument)
    score = shown[(shown["dimension"] == "score") & (shown["rounds"] == 1)].astype({c: str for c in TEXT_COLUMNS})
    tribes = {t.name: t.tribe for t in menu.teams}
    score = score.assign(total=score["mean"] * score["n"], tribe=score["team"].map(tribes))
    everyone = scope is None or set(scope) >= set(menu.team_names)
    parts = []
    for group, frame in (("organisation", score), ("tribe", score[score["tribe"].notna()])):
        keys = ["period"] if group == "organisation" else ["tribe", "period"]
        sums = frame.groupby(keys).agg(n=("n", "sum"), total=("total", "sum"), teams=("team", "nunique"))
        sums = sums[sums["teams"] >= 2].reset_index()
        sums["group"] = "organisation" if group == "organisation" else sums["tribe"]
        of = "" if everyone else " (your teams)"
        sums["line"] = "Organisation average" + of if group == "organisation" else sums["group"] + " average" + of
        parts.append(sums)
    out = pd.concat(parts, ignore_index=True)
    out["mean"] = out["total"] / out["n"]
    out["period"] = pd.to_datetime(out["period"])
    return out[["group", "line", "period", "n", "teams", "mean"]]


LATEST_LABELS = {"team": "Team", "tribe": "Tribe", "score": "Score", "period": "Period from", "n": "Responses"}


def latest_table(latest: pd.DataFrame, profiles: pd.DataFrame, inst: Instrument) -> pd.DataFrame:
    """The teams' table, best latest score first: human column names, rounded figures, and for the
    health check each dimension's letter and mean ("G 2.6") in the same latest period."""
    from dashboard.widgets.health import cell  # the health check's one colour rule

    table = latest[["team", "tribe", "score", "period", "n"]].copy()
    table["score"] = table["score"].round(0 if inst.scoring == "nps" else 1)
    table["period"] = table["period"].dt.strftime("%d %b %Y")
    if inst.key == "health-check" and not profiles.empty:
        own = profiles.merge(latest[["team", "period"]], on=["team", "period"])
        wide = own.pivot_table(index="team", columns="label", values="mean", sort=False)
        labels = list(dict.fromkeys(own.sort_values("order")["label"]))
        table = table.merge(wide[labels].map(cell).reset_index(), on="team", how="left")
        table = table.fillna(dict.fromkeys(labels, ""))
    elif not profiles.empty and len(charted_dimensions(inst)) > 1:
        wide = profiles.pivot_table(index="team", columns="label", values="mean", sort=False).round(1)
        table = table.merge(wide.reset_index(), on="team", how="left")
    return table.rename(columns=LATEST_LABELS).reset_index(drop=True)


def tribe_sentence(latest: pd.DataFrame, tribe: str, score_name: str, *, nps: bool) -> str:
    """The shown teams' average of their latest common period: a sum of shown team figures only.

    Only single-round figures of the most recent period count (a pooled block spans other periods),
    so the average holds nothing the team rows above it do not already show (DESIGN.md rule 5).
    """
    alone = latest[latest["rounds"] == 1]
    if alone.empty:
        return "No single-period team figure to average yet."
    period = alone["period"].max()
    same = alone[alone["period"] == period]
    mean = (same["score"] * same["n"]).sum() / same["n"].sum()
    where = "These teams'" if tribe == ALL_TRIBES else f"{tribe}'s"
    value = f"{mean:+.0f}" if nps else f"{mean:.1f}"
    teams = f"{len(same)} team{'s' * (len(same) != 1)}"
    return (
        f"{where} average {score_name} in the period from {period:%d %b %Y}: **{value}**"
        f" ({teams}, {int(same['n'].sum())} responses; teams without a figure that period are not in it)."
    )


def archetype_groups(found: archetypes.Archetypes, in_view: set[str]) -> list[dict[str, str]]:
    """Each group as a coach reads it: a title, its strengths and weak spots, and its teams in view."""
    out = []
    for row in found.archetypes.itertuples(index=False):
        members = sorted(t for t, a in zip(found.teams["team"], found.teams["archetype"], strict=True)
                         if a == row.archetype and t in in_view)  # fmt: skip
        if not members:
            continue
        strengths = getattr(row, "strengths", "") or "none clearly above the average team"
        weak = row._asdict().get("weak spots", "") or "none clearly below the average team"
        shown = ", ".join(members[:30]) + (f" and {len(members) - 30} more" if len(members) > 30 else "")
        out.append(
            {
                "title": f"{row.name[:1].upper()}{row.name[1:]} ({row.size} teams)",
                "traits": f"Strengths: {strengths}. Weak spots: {weak}.",
                "teams": f"Teams here: {shown}.",
            }
        )
    return out


def driver_table(driving: pd.DataFrame) -> pd.DataFrame:
    """The driver view as a table a coach reads: human column names, correlations to two decimals."""
    names = {"label": "Dimension", "between_r": "Across teams (r)", "between_low": "Across, 90% low",
             "between_high": "Across, 90% high", "within_r": "Within a team (r)", "within_low": "Within, 90% low",
             "within_high": "Within, 90% high", "teams": "Teams", "periods": "Periods",
             "explanation": "What it says"}  # fmt: skip
    return driving[list(names)].round(2).rename(columns=names)


def _readable(teams: list[str], scope: tuple[str, ...] | None) -> list[str]:
    return [t for t in teams if scope is None or t in scope]


def _latest_profiles(shown: pd.DataFrame, inst: Instrument) -> pd.DataFrame:
    """Each team's latest period (or pooled block) whose composite is shown: its scored dimensions."""
    own = shown[shown["instrument"] == inst.key].astype({c: str for c in TEXT_COLUMNS})
    latest = own[own["dimension"] == "score"].groupby("team")["period"].max().reset_index()
    dims = [q.key for q in inst.questions if q.in_score]
    out = own.merge(latest, on=["team", "period"])
    out = _dated(out[out["dimension"].isin(dims)], "period", "period_end")
    out["label"] = out["dimension"].map(lambda d: dimension_title(inst, d))
    out["order"] = out["dimension"].map(dims.index)
    return out.sort_values(["team", "order"]).reset_index(drop=True)


# --- Psych safety overview and scale reliability ------------------------------------------------


@dataclass(frozen=True)
class OverviewPage:
    k: int
    teams: list[str]  # readable teams
    latest: pd.DataFrame  # each team's latest shown psych-safety score with its interval


@st.cache_data(ttl=TTL, show_spinner=False)
def overview_page(path: str, scope: tuple[str, ...] | None) -> OverviewPage:
    menu = catalogue(path)
    readable = results.ALL_TEAMS if scope is None else scope  # None: an admin, who reads every team
    found = results.latest_scores(open_database(path), "psych-safety", scope=readable)
    latest = pd.DataFrame([f.as_dict() for f in found], columns=list(results.Figure.__dataclass_fields__))
    return OverviewPage(menu.k, _readable(menu.team_names, scope), latest)


@st.cache_data(ttl=TTL, show_spinner=False)
def reliability_table(path: str) -> pd.DataFrame:
    """Cronbach's alpha and McDonald's omega per multi-item instrument, pooled over every team."""
    found = reliability.scale_reliability(open_database(path), scope=results.ALL_TEAMS)
    return pd.DataFrame([r.as_dict() for r in found])
