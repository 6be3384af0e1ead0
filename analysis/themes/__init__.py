"""Comment themes: group free text by meaning, give each theme a label, a size, a tone and snippets.

Plain TF-IDF clustering groups short comments by shared words, which people rarely share: "standups
drag on forever" and "my calendar is wall to wall calls" are one complaint. So themes start from
meaning:

1. Every comment is embedded: static sentence embeddings packaged with TeamPulse (the ``nlp`` extra,
   no torch, :mod:`analysis.themes.vectors`), the full MiniLM transformer (``nlp-transformer``), or,
   on a bare install, TF-IDF of words.
2. A comment joins a curated topic (:mod:`analysis.taxonomy`: each with a description and example
   comments; an organisation adds its own) when it names the topic's words or when a classifier
   taught by the topic's description and examples, then by the comments that name its words, is
   confident enough (the threshold calibrated on the in-house set).
3. The rest are clustered into *emerging* themes (HDBSCAN, the number of themes chosen by cluster
   stability, :mod:`analysis.themes.emerging`), each named by its distinctive words (class-based
   TF-IDF) and shown by its most central comments. Only outliers stay "other".

Tone (:mod:`analysis.themes.tone`) is a lexicon that reads negation joined with a classifier, and
is reported per theme as the shares of positive and negative comments.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis import Progress
from analysis.themes.model import BACKENDS, OTHER, Theme, ThemeModel

# Re-exported: tests and benchmarks switch the embedding backends through them here.
from analysis.themes.vectors import _StaticEmbedder, _TransformerEmbedder  # noqa: F401
from analysis.themes.words import lean_score, tokens

__all__ = [
    "BACKENDS",
    "OTHER",
    "Theme",
    "ThemeModel",
    "lean_score",
    "team_comment_themes",
    "themes_of",
    "tokens",
]


def themes_of(
    texts: Sequence[str],
    *,
    k: int = 5,
    names: Sequence[str] = (),
    model: ThemeModel | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, list[Theme]]:
    """Theme id per text and the theme summary (snippets only for themes of at least k comments)."""
    model = model if model is not None else ThemeModel()
    model.fit(texts, progress=progress)
    return model.labels_, model.summary(k=k, names=names)


def team_comment_themes(
    db,
    teams: Sequence[str] | None = None,
    instrument: str | None = None,
    *,
    names: Sequence[str] = (),
    model: ThemeModel | None = None,
    progress: Progress | None = None,
) -> list[Theme]:
    """Themes of the comments of showable blocks through the query layer (scrubbed there already).

    ``teams`` defaults to every team; pass a coach's assigned teams to keep to their scope.
    """
    from pulse import results
    from pulse.settings import min_group_size
    from pulse.teams import list_teams

    cur = db.cursor()
    k = min_group_size(cur)
    teams = list(teams) if teams is not None else [t.name for t in list_teams(cur)]
    texts: list[str] = []
    for team in teams:
        for block in results.comments(db, team, instrument, names=names, scope=teams):
            texts.extend(c for c in block.comments if c.strip())
    if not texts:
        return []
    _, summary = themes_of(texts, k=k, names=names, model=model, progress=progress)
    return summary
