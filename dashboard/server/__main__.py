"""``python -m dashboard.server --db PATH --port N --host ADDRESS``: start the dashboard and its API."""

from __future__ import annotations

import argparse

from dashboard.server.app import build_app


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
        }
    )


if __name__ == "__main__":
    main()
