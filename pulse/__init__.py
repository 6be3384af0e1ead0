"""TeamPulse's domain and storage: anonymous pulses, rounds, reviews, and the one door to results.

Nothing here imports ``analysis``, ``dashboard``, ``teampulse``, Streamlit or click. Figures leave
only through :mod:`pulse.results`; errors are the named ones in :mod:`pulse.errors`.

The public API below is loaded lazily (PEP 562), so ``import pulse`` stays cheap: the command
line's ``--help`` imports ``pulse.errors`` and must not pull in DuckDB or pandas.
"""

from __future__ import annotations

import importlib

# name -> (module, attribute); attribute None means the module itself.
_API = {
    "Database": ("pulse.store", "Database"),
    "ALL_TEAMS": ("pulse.results", "ALL_TEAMS"),
    "results": ("pulse.results", None),
    "errors": ("pulse.errors", None),
    "teams": ("pulse.teams", None),
    "rounds": ("pulse.rounds", None),
    "closing": ("pulse.closing", None),
    "instruments": ("pulse.instruments", None),
    "responses": ("pulse.responses", None),
    "submit_response": ("pulse.responses", "submit_response"),
    "tokens": ("pulse.tokens", None),
    "importers": ("pulse.importers", None),
    "import_responses": ("pulse.importers", "import_responses"),
    "reviews": ("pulse.reviews", None),
    "lint": ("pulse.lint", None),
    "accounts": ("pulse.accounts", None),
    "settings": ("pulse.settings", None),
    "demo": ("pulse.demo", None),
    "ops": ("pulse.ops", None),
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'pulse' has no attribute {name!r}")
    module, attribute = _API[name]
    loaded = importlib.import_module(module)
    return loaded if attribute is None else getattr(loaded, attribute)


def __dir__() -> list[str]:
    return __all__
