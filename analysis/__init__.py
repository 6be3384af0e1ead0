"""Statistics on top of the anonymity query layer: trends, drop alerts, archetypes, comment themes
and scale reliability.

Everything here reads results through :mod:`pulse.results` (never the answer, response or comment
tables) and never imports streamlit. Long computations take a ``progress(done, total)`` callback,
the same shape :func:`pulse.importers.import_responses` uses, so a page can drive ``st.progress`` and
the command line a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.labels import dimension_label, dimension_title

__all__ = ["Progress", "dimension_label", "dimension_title", "report"]

Progress = Callable[[int, int], None]


def report(progress: Progress | None, done: int, total: int) -> None:
    """Call ``progress`` if there is one; analysis code never cares whether anyone listens."""
    if progress is not None:
        progress(done, total)
