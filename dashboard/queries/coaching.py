"""The Team trends bundle: figures, trend, headline, alerts, health-check grid and comment themes.

Figures come from ``pulse.results``; trends, alerts, archetypes, drivers and themes are computed by
``analysis`` on those frames. Each page reads its bundle once, cold, and draws from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis import alerts, taxonomy, themes, trends
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
