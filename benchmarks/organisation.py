"""The large organisation (issue 6): build it with the one generator and measure the writing.

    .venv/bin/python -m benchmarks.organisation [--teams 2000] [--periods 52] [--seed 6]

Builds ``benchmarks/out/org-TEAMS-PERIODS-SEED.duckdb`` (git-ignored; about 2.1 million responses at
2,000 teams) from ``pulse.demo.organisation.Preset.scale`` through ``pulse.importers.import_responses``,
the path `teampulse import` uses, and records its manifest: sizes, the write rate while building
and the build's peak memory. The other benchmarks build the same file on first use.
"""

from __future__ import annotations

from benchmarks import harness


def build(teams: int, periods: int, seed: int) -> dict:
    path = harness.DATA / f"org-{teams}-{periods}-{seed}.duckdb"
    harness.remove_database(path)
    path.with_suffix(".json").unlink(missing_ok=True)
    harness.organisation(teams, periods=periods, seed=seed, path=path)
    return harness.manifest(path)


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    return [
        (f"build: {f['teams']:,} teams, {f['rounds']} fortnights, {f['responses']:,} responses,"
         f" {f['comments']:,} comments; file {f['database_mb']:,} MB",
         f"{f['total_s']} s; written {f['write_rows_per_s']:,} responses/s; peak {f['peak_mb']:,} MB", "", None),
    ]  # fmt: skip


def measure(args) -> dict:
    teams, periods = (20, 6) if args.quick else (args.teams, args.periods)
    return harness.isolated(build, teams, periods, args.seed)


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--periods": dict(type=int, default=52, help="fortnights, the last one the current period"),
    "--seed": dict(type=int, default=6),
}


if __name__ == "__main__":
    harness.main("organisation", measure, __doc__, OPTIONS)
