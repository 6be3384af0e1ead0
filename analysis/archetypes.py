"""Team archetypes and the driver view.

Archetypes: each team's latest showable profile across dimensions (by default the eleven squad
health-check dimensions plus the psychological safety score) is standardised, then clustered with
KMeans; the number of clusters is the one with the best silhouette, and when even the best
silhouette is weak the honest answer is "no clear groups" (one archetype). Each archetype is a named
group: named by its most distinctive dimensions, and described by its strengths and weak spots (the
dimensions where its centre sits clearly above or below the average team). PCA still gives 2-D
coordinates (``transform``), but nothing a coach reads is phrased in components.

Driver view: which health-check dimensions move with psychological safety, across teams (team
averages) and within teams (periods that are better or worse than the team's own average), with
90% intervals from a bootstrap that resamples whole teams. These are associations, never causes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import threadpool_limits

from analysis import Progress, dimension_label, report
from pulse import results
from pulse.instruments import BUILTIN
from pulse.results import Scope

# Plain words for a low and a high value of the built-in dimensions.
WORDS = {
    "value": ("little value delivered", "high value"),
    "release": ("painful release", "easy release"),
    "fun": ("little fun", "high fun"),
    "codebase": ("messy codebase", "healthy codebase"),
    "learning": ("little learning", "lots of learning"),
    "mission": ("unclear mission", "clear mission"),
    "pawns": ("pawns", "players"),
    "speed": ("slow", "fast"),
    "process": ("ill-fitting process", "fitting process"),
    "support": ("little support", "well supported"),
    "teamwork": ("weak teamwork", "strong teamwork"),
    "psych-safety score": ("low psychological safety", "high psychological safety"),
    "psychological safety score": ("low psychological safety", "high psychological safety"),
    "enps score": ("low eNPS", "high eNPS"),
}


def describe(z: Sequence[float], features: Sequence[str], others=(), top: int = 2, threshold: float = 0.5) -> str:
    """Name a profile by its most distinctive dimensions: "high fun, painful release".

    ``z`` is the profile in standard units (0 = the average team). Dimensions are ranked by how far
    the profile is from the nearest of ``others`` (the other archetypes' centres), so two groups that
    are both above average on most things are told apart by what differs between them; a word is
    used only when the dimension is also clearly (``threshold``) above or below average.
    """
    z = np.asarray(z, dtype=float)
    others = np.asarray(others, dtype=float).reshape(-1, len(z))
    if len(others):
        nearest = others[np.argmin(((others - z) ** 2).sum(axis=1))]
        contrast = z - nearest
    else:
        contrast = z
    words = []
    for i in np.argsort(-np.abs(contrast)):
        if len(words) == top or abs(contrast[i]) < threshold:
            break
        if abs(z[i]) < threshold or np.sign(z[i]) != np.sign(contrast[i]):
            continue
        low, high = WORDS.get(features[i], (f"low {features[i]}", f"high {features[i]}"))
        words.append(high if z[i] > 0 else low)
    return ", ".join(words) if words else "close to the average on every dimension"


def traits(z: Sequence[float], features: Sequence[str], top: int = 3, threshold: float = 0.5) -> tuple[list, list]:
    """A profile's strengths and weak spots: up to ``top`` dimensions each, furthest from average first.

    ``z`` is the profile in standard units (0 = the average team); a dimension counts when it is at
    least ``threshold`` standard deviations above (a strength) or below (a weak spot) the average.
    Each is given in plain words ("high fun", "painful release").
    """
    z = np.asarray(z, dtype=float)
    strengths, weak = [], []
    for i in np.argsort(-np.abs(z)):
        if abs(z[i]) < threshold:
            break
        low, high = WORDS.get(features[i], (f"low {features[i]}", f"high {features[i]}"))
        if z[i] > 0 and len(strengths) < top:
            strengths.append(high)
        elif z[i] < 0 and len(weak) < top:
            weak.append(low)
    return strengths, weak


class ArchetypeModel(ClusterMixin, TransformerMixin, BaseEstimator):
    """Standardise, cluster with KMeans (k chosen by silhouette), and map to 2-D with PCA.

    Parameters
    ----------
    n_archetypes : int or "auto", default="auto"
        Number of clusters, or chosen by silhouette among 2..``max_archetypes``.
    max_archetypes : int, default=6
    min_silhouette : float, default=0.25
        With "auto", a best silhouette under this means no clear groups: one archetype.
    random_state : int, default=0

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
    n_archetypes_ : int
    silhouette_ : float
        Silhouette of the chosen clustering (NaN for one archetype).
    cluster_centers_ : ndarray of shape (n_archetypes_, n_features)
        Centres in the original units.
    names_ : list of str
        A few words per archetype, from its most distinctive dimensions.
    strengths_ : list of list of str
        Per archetype, the dimensions clearly above the average team, in plain words.
    weak_spots_ : list of list of str
        Per archetype, the dimensions clearly below the average team, in plain words.
    embedding_ : ndarray of shape (n_samples, 2)
        PCA coordinates of the fitted samples, for a map.
    explained_variance_ratio_ : ndarray of shape (2,)
    """

    def __init__(self, n_archetypes="auto", max_archetypes: int = 6, min_silhouette: float = 0.25, random_state=0):
        self.n_archetypes = n_archetypes
        self.max_archetypes = max_archetypes
        self.min_silhouette = min_silhouette
        self.random_state = random_state

    def fit(self, X, y=None):
        # A few hundred profiles are milliseconds of work for one thread; KMeans's thread pool on a busy
        # two-core server turned 300 teams into 10 s (0.5 s with one thread, benchmarks.dashboard).
        with threadpool_limits(limits=1):
            return self._fit(X)

    def _fit(self, X):
        X = validate_data(self, X, ensure_min_samples=2)
        self.scaler_ = StandardScaler().fit(X)
        Z = self.scaler_.transform(X)
        n = Z.shape[0]
        if self.n_archetypes == "auto":
            candidates = range(2, min(self.max_archetypes, n - 1) + 1)
        else:
            if not isinstance(self.n_archetypes, int | np.integer) or not 1 <= self.n_archetypes <= n:
                raise ValueError(f"n_archetypes must be 'auto' or an integer from 1 to {n}")
            candidates = [int(self.n_archetypes)]
        best, best_score = None, -1.0
        for k in candidates:
            if k < 2:
                continue
            model = KMeans(n_clusters=k, n_init=10, random_state=self.random_state).fit(Z)
            if len(np.unique(model.labels_)) < 2:
                continue
            score = float(silhouette_score(Z, model.labels_))
            if score > best_score:
                best, best_score = model, score
        if best is None or (self.n_archetypes == "auto" and best_score < self.min_silhouette):
            best = KMeans(n_clusters=1, n_init=1, random_state=self.random_state).fit(Z)
            best_score = float("nan")
        self.kmeans_ = best
        self.labels_ = best.labels_
        self.n_archetypes_ = int(best.n_clusters)
        self.silhouette_ = best_score
        self.cluster_centers_ = self.scaler_.inverse_transform(best.cluster_centers_)
        components = min(2, Z.shape[1], n)
        self.pca_ = PCA(n_components=components, random_state=self.random_state).fit(Z)
        self.embedding_ = self._pad(self.pca_.transform(Z))
        self.explained_variance_ratio_ = np.pad(self.pca_.explained_variance_ratio_, (0, 2 - components))
        features = list(getattr(self, "feature_names_in_", [f"x{i}" for i in range(Z.shape[1])]))
        centres = best.cluster_centers_
        self.names_ = [describe(c, features, np.delete(centres, i, axis=0)) for i, c in enumerate(centres)]
        found = [traits(c, features) for c in centres]
        self.strengths_ = [s for s, _ in found]
        self.weak_spots_ = [w for _, w in found]
        return self

    @staticmethod
    def _pad(coords: np.ndarray) -> np.ndarray:
        return np.pad(coords, ((0, 0), (0, 2 - coords.shape[1])))

    def predict(self, X):
        check_is_fitted(self, "kmeans_")
        X = validate_data(self, X, reset=False)
        return self.kmeans_.predict(self.scaler_.transform(X))

    def transform(self, X):
        """2-D PCA coordinates."""
        check_is_fitted(self, "kmeans_")
        X = validate_data(self, X, reset=False)
        return self._pad(self.pca_.transform(self.scaler_.transform(X)))


# --- reading profiles through the query layer -------------------------------------------------

_INSTRUMENTS = {i.key: i for i in BUILTIN}


def _shown_frame(figures) -> pd.DataFrame:
    """Shown figures as a frame, from Figure objects or the query layer's frame (``results.team_frame``)."""
    columns = ["team", "instrument", "dimension", "period", "period_end", "mean"]
    if isinstance(figures, pd.DataFrame):
        return figures.loc[figures["mean"].notna(), columns].reset_index(drop=True)
    rows = [(f.team, f.instrument, f.dimension, f.period, f.period_end, f.mean) for f in figures if f.shown]
    return pd.DataFrame(rows, columns=columns)


def profiles_from_figures(
    figures, instrument: str = "health-check", extra: Sequence[tuple[str, str]] = (("psych-safety", "score"),)
) -> pd.DataFrame:
    """One row per team: its latest period where every scored dimension of ``instrument`` is shown,
    plus the latest shown value of each ``extra`` (instrument, dimension). Teams missing any are left
    out (listed in ``.attrs["left_out"]``)."""
    frame = _shown_frame(figures)
    inst = _INSTRUMENTS.get(instrument)
    dims = [q.key for q in inst.questions if q.in_score] if inst else sorted(
        frame.loc[frame["instrument"] == instrument, "dimension"].unique().tolist()
    )  # fmt: skip
    own = frame[(frame["instrument"] == instrument) & frame["dimension"].isin(dims)]
    wide = own.pivot_table(index=["team", "period"], columns="dimension", values="mean").reindex(columns=dims)
    wide = wide.dropna().reset_index().sort_values(["team", "period"]).groupby("team").tail(1).set_index("team")
    profile = wide[dims]
    for key, dim in extra:
        latest = frame[(frame["instrument"] == key) & (frame["dimension"] == dim)].sort_values("period")
        column = dimension_label(_INSTRUMENTS.get(key), dim) if key in _INSTRUMENTS else f"{key} {dim}"
        profile[column] = latest.groupby("team")["mean"].last().reindex(profile.index)
    teams = sorted(frame["team"].unique())
    profile = profile.dropna()
    profile.attrs["left_out"] = [t for t in teams if t not in profile.index]
    return profile


@dataclass(frozen=True)
class Archetypes:
    """``teams``: team, archetype, name, x, y. ``archetypes``: archetype, name, size, strengths, weak
    spots (plain words, comma-separated; empty when none), then the centre in the profile's units."""

    teams: pd.DataFrame
    archetypes: pd.DataFrame
    silhouette: float
    note: str
    left_out: list[str]


def archetypes_from_profiles(profile: pd.DataFrame, model: ArchetypeModel | None = None) -> Archetypes:
    model = model if model is not None else ArchetypeModel()
    left_out = list(profile.attrs.get("left_out", []))
    if len(profile) < 4:
        empty = pd.DataFrame(columns=["team", "archetype", "name", "x", "y"])
        return Archetypes(
            empty, pd.DataFrame(), float("nan"), f"too few teams with a full profile ({len(profile)})", left_out
        )
    model.fit(profile)
    teams = pd.DataFrame(
        {
            "team": profile.index,
            "archetype": model.labels_,
            "name": [model.names_[c] for c in model.labels_],
            "x": model.embedding_[:, 0],
            "y": model.embedding_[:, 1],
        }
    )
    centres = pd.DataFrame(model.cluster_centers_, columns=profile.columns)
    centres.insert(0, "weak spots", [", ".join(w) for w in model.weak_spots_])
    centres.insert(0, "strengths", [", ".join(s) for s in model.strengths_])
    centres.insert(0, "size", np.bincount(model.labels_, minlength=model.n_archetypes_))
    centres.insert(0, "name", model.names_)
    centres.insert(0, "archetype", range(model.n_archetypes_))
    if model.n_archetypes_ == 1:
        note = "no clear groups: the teams differ, but not in distinct kinds"
    else:
        note = f"{model.n_archetypes_} groups of teams with similar profiles"
    return Archetypes(teams, centres, model.silhouette_, note, left_out)


def team_archetypes(
    db,
    *,
    scope: Scope,
    instrument: str = "health-check",
    extra: Sequence[tuple[str, str]] = (("psych-safety", "score"),),
    model: ArchetypeModel | None = None,
    progress: Progress | None = None,
) -> Archetypes:
    """Archetypes of the teams in ``scope`` (names, or ``results.ALL_TEAMS``), read through the query layer."""
    figures = []
    keys = [instrument, *{k for k, _ in extra}]
    for done, key in enumerate(keys, start=1):
        figures += results.team_results(db, instrument=key, scope=scope)
        report(progress, done, len(keys) + 1)
    result = archetypes_from_profiles(profiles_from_figures(figures, instrument, extra), model)
    report(progress, len(keys) + 1, len(keys) + 1)
    return result
