"""``python -m dashboard.server --db PATH --port N --host ADDRESS``: start the dashboard and its API."""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from dashboard.server.app import build_app

THEME_FILE = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def theme_options() -> dict[str, object]:
    """The dashboard's theme as server options: st.App reads .streamlit/ from the working directory
    only, so without this `teampulse serve` started elsewhere showed Streamlit's red accent."""
    theme = tomllib.loads(THEME_FILE.read_text(encoding="utf-8")).get("theme", {})
    return {f"theme.{name}": value for name, value in theme.items()}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m dashboard.server")
    parser.add_argument("--db", required=True, help="The database file (already created and migrated).")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    app = build_app(args.db, host=args.host, port=args.port)
    app.run(
        config={
            "server.port": args.port,
            "server.address": args.host,
            "server.headless": True,
            "browser.gatherUsageStats": False,
            "logger.level": "warning",
            "client.toolbarMode": "viewer",
            **theme_options(),
        }
    )


if __name__ == "__main__":
    main()
