"""The coaching pages' bundles (trends, organisation, overview) and the admin's scale reliability.

Figures come from ``pulse.results``; trends, alerts, archetypes, drivers and themes are computed by
``analysis`` on those frames. Each page reads its bundle once, cold, and draws from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from pandas.api.types import union_categoricals

from analysis import alerts, archetypes, reliability, taxonomy, themes, trends
from analysis.labels import dimension_label, dimension_title
from dashboard.queries import TTL, catalogue, live
from dashboard.state import open_database
from pulse import results
from pulse.instruments import Instrument

FIGURE_COLUMNS = ["team", "instrument", "dimension", "period", "period_end", "n", "mean", "ci_low", "ci_high"]
FIGURE_COLUMNS += ["note", "rounds", "level"]
SHOWN_COLUMNS = ["team", "instrument", "dimension", "period", "period_end", "n", "mean", "sd"]
TEXT_COLUMNS = ["team", "instrument", "dimension", "period", "period_end"]
TEAMS_PER_READ = 250
STATUS_LABELS = ("Red", "Amber", "Green")
ALERT_COLUMNS = [*alerts.ALERT_COLUMNS, "size_sd", "detected", "earliest", "latest", "baseline", "level", "drops"]
DETAIL_COLUMNS = ["episode", "dimension", "fall"]


def charted_dimensions(inst: Instrument) -> list[str]:
    """The composite first, then each scored question (trend-only items are not charted)."""
    scored = [q.key for q in inst.questions if q.in_score]
    return ["score", *scored] if len(scored) > 1 else ["score"]


# --- Team trends --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendsPage:
    """Everything the Team trends page draws for one team and instrument."""

    k: int
    trend: pd.DataFrame  # charted dimensions per period: mean, interval, level, state, label, segment
    slopes: pd.DataFrame  # Theil-Sen slope of each dimension over its last shown periods
    headline: str  # one sentence on the composite's whole visible series, agreeing with the alerts
    alerts: pd.DataFrame  # drop episodes on every instrument of the team: composite first, newest first
    alert_detail: pd.DataFrame  # each episode of this instrument: how far each dimension fell
    health: pd.DataFrame  # health-check grid (empty for other instruments)
    themes: pd.DataFrame  # comment themes of showable blocks; snippets only for themes of at least k
    participation: pd.DataFrame  # responses per round of this instrument (counts may show live)


@live
@st.cache_data(ttl=TTL, show_spinner=False)
def trends_page(path: str, team: str, instrument_key: str) -> TrendsPage:
    """One team's trends page: one read of the query layer (figures, participation and comments together)."""
    db, menu = open_database(path), catalogue(path)
    inst = menu.instrument(instrument_key)
    # The page has checked that the reader may open this team; the scope is that one team.
    read = results.team_page(db, team, instrument_key, scope=[team])
    figures, blocks = read.figures, read.comments
    taking_part = _dated(read.participation, "period_start", "period_end")
    own = figures[figures["instrument"] == instrument_key]
    found = trends.trend_table(_as_figures(own), taking_part)
    episodes = _drop_alerts(figures.loc[figures["mean"].notna(), SHOWN_COLUMNS], menu.instruments)
    return TrendsPage(
        k=read.k,
        trend=_trend(found.points, inst),
        slopes=found.slopes.assign(label=found.slopes["dimension"].map(lambda d: dimension_title(inst, d))),
        headline=_headline(found.points, episodes, team, inst),
        alerts=episodes,
        alert_detail=_alert_detail(episodes[episodes["instrument"] == instrument_key], inst),
        health=_health_grid(menu.instrument("health-check"), own) if instrument_key == "health-check" else _no_grid(),
        themes=_themes([c for b in blocks for c in b.comments if c.strip()], read.k, inst.topics),
        participation=taking_part[taking_part["instrument"] == instrument_key].reset_index(drop=True),
    )


def _as_figures(frame: pd.DataFrame) -> list[results.Figure]:
    def number(value) -> float | None:
        return None if value is None or value != value else float(value)

    return [
        results.Figure(
            r.team,
            r.instrument,
            r.dimension,
            r.period,
            int(r.n),
            number(r.mean),
            number(r.ci_low),
            number(r.ci_high),
            r.note,
            r.period_end,
            int(r.rounds),
            "team",
            number(r.sd),
        )  # fmt: skip
        for r in frame.itertuples(index=False)
    ]


def _dated(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns})


def _with_state(frame: pd.DataFrame) -> pd.DataFrame:
    """Datetime periods and a display ``state`` per row: shown, suppressed or (round still) open."""
    frame = _dated(frame, "period", "period_end")
    frame["mean"] = frame["mean"].astype(float)
    frame["state"] = "shown"
    frame.loc[frame["mean"].isna(), "state"] = "suppressed"
    frame.loc[frame["note"].fillna("").str.startswith("round open"), "state"] = "open"
    return frame


def _trend(points: pd.DataFrame, inst: Instrument) -> pd.DataFrame:
    frame = _with_state(points.reindex(columns=[*FIGURE_COLUMNS, "ewma", "participation"]))
    dims = charted_dimensions(inst)
    frame = frame[frame["dimension"].isin(dims)].copy()
    frame["label"] = frame["dimension"].map(lambda d: dimension_title(inst, d))
    frame["order"] = frame["dimension"].map(dims.index)
    frame = frame.sort_values(["order", "period"], kind="stable")
    # A new line segment starts after every gap, so a suppressed period is never bridged.
    frame["segment"] = frame.groupby("dimension")["state"].transform(lambda s: (s != "shown").cumsum())
    return frame.reset_index(drop=True)


def _headline(points: pd.DataFrame, episodes: pd.DataFrame, team: str, inst: Instrument) -> str:
    """The sentence under the composite's chart: the whole visible series, told with its alerts."""
    score = points[points["dimension"] == "score"]
    own = episodes[(episodes["team"] == team) & (episodes["instrument"] == inst.key)]
    subject = f"{team}'s {dimension_label(inst, 'score')}"
    return trends.headline(score, list(own.itertuples(index=False)), subject, nps=inst.scoring == "nps")


def _alert_detail(episodes: pd.DataFrame, inst: Instrument) -> pd.DataFrame:
    """One row per episode and dimension: how far each fell across the episode's change (largest first)."""
    rows = [
        (f"{'Score' if a.dimension == 'score' else 'Several dimensions'} from {a.date}", dimension_title(inst, d), fall)
        for a in episodes.itertuples(index=False)
        for d, fall in a.drops
    ]
    return pd.DataFrame(rows, columns=DETAIL_COLUMNS).round({"fall": 1})


def _drop_alerts(shown: pd.DataFrame, instruments) -> pd.DataFrame:
    """Drop episodes found by ``analysis.alerts``: composite episodes first, then newest first."""
    # A chart per team and dimension, independent of other teams: fitted a slice of teams at a time,
    # so the detector's working lists stay small.
    found, names = [], shown["team"].unique()
    for i in range(0, len(names), TEAMS_PER_READ):
        part = shown[shown["team"].isin(names[i : i + TEAMS_PER_READ])]
        found += alerts.DropDetector().fit(part, instruments).alerts_
    frame = pd.DataFrame([a.as_dict() for a in found], columns=ALERT_COLUMNS)
    frame["composite"] = frame["dimension"] == "score"
    frame = frame.sort_values(["composite", "date", "team"], ascending=[False, False, True])
    return frame.drop(columns="composite").reset_index(drop=True)


def _no_grid() -> pd.DataFrame:
    return pd.DataFrame(columns=["label", "period", "status", "mean", "arrow", "n", "cell", "order"])


def _health_grid(inst: Instrument, figures: pd.DataFrame, periods: int = 6) -> pd.DataFrame:
    """The last ``periods`` shown health-check periods: status and trend arrow per dimension."""
    frame = _with_state(figures.reindex(columns=FIGURE_COLUMNS))
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
    grid["label"] = grid["dimension"].map(lambda d: dimension_title(inst, d))
    grid["status"] = pd.cut(grid["mean"], [0, 1 + 2 / 3, 2 + 1 / 3, 4], labels=STATUS_LABELS).astype(str)
    grid["arrow"] = grid["trend"].map(_arrow)
    grid["cell"] = grid["status"].str[0] + " " + grid["arrow"]
    grid["order"] = grid["dimension"].map(scored.index)
    return grid.sort_values(["order", "period"]).reset_index(drop=True)


def _arrow(trend: float) -> str:
    if pd.isna(trend):
        return ""
    return "↑" if trend > 0.15 else "↓" if trend < -0.15 else "→"


def _themes(texts: list[str], k: int, own_topics=()) -> pd.DataFrame:
    columns = ["id", "label", "size", "lean", "kind", "snippets"]
    if not texts:
        return pd.DataFrame(columns=columns)
    # The default backend: the packaged static embeddings when the nlp extra is installed (NMI 0.556
    # on real retro comments against 0.52 for the lexical fallback, docs/analysis.md), else lexical;
    # the organisation's own topics from the instrument file sit beside the built-in ones.
    model = themes.ThemeModel(topics=taxonomy.topics_with(own_topics))
    _, found = themes.themes_of(texts, k=k, model=model)
    return pd.DataFrame([t.as_dict() for t in found], columns=columns)


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
    return archetypes.drivers_from_figures(shown_figures(path, scope))


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
