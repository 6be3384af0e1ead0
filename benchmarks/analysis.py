"""Analysis (issue 3): speed and quality of drop alerts, reliability and archetypes.

    .venv/bin/python -m benchmarks.analysis [--teams 2000] [--rounds 52]

Alerts: ``DropDetector.fit`` on simulated teams (analysis/simulate.py) pooled into blocks reaching k
like the query layer, with no planted drop (false alarms) and with one-point drops (found, and how
soon); then the demo end to end through the query layer. Reliability: alpha and omega recovered
from samples of known structure. Archetypes: planted profiles recovered. Comment themes are
``benchmarks.themes``; the same analyses on the large organisation are ``benchmarks.organisation_analysis``.
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np
from sklearn.metrics import adjusted_rand_score

from analysis import reliability, simulate
from analysis.alerts import DropDetector
from analysis.archetypes import ArchetypeModel
from benchmarks import harness
from pulse.instruments import Instrument, Question
from pulse.results import ALL_TEAMS

ALERTS_TARGET_S = 10.0

SAFETY = Instrument(
    "psych-safety", "Psychological safety", "mean", tuple(Question(f"q{i + 1}", "x", 1, 7) for i in range(7))
)
HEALTH = Instrument(
    "health-check", "Squad health check", "mean", tuple(Question(f"q{i + 1}", "x", 1, 3) for i in range(11))
)


# --- alerts -----------------------------------------------------------------------------------


def _org(seed: int, teams: int, rounds: int, drop_share: float) -> tuple[list, dict]:
    """Two instruments per team: the 7-item 1-7 safety scale and the 11-dimension 1-3 health check."""
    safety, truth = simulate.organisation(seed, teams, rounds, drop_share=drop_share, drop=1.0)
    health, _ = simulate.organisation(
        seed + 1000, teams, rounds, items=11, scale=(1, 3), item_sd=0.5, person_sd=0.35, round_sd=0.05,
        instrument="health-check",
    )  # fmt: skip
    return safety + health, truth


def bench_alerts(teams: int, rounds: int) -> dict:
    started = time.perf_counter()
    null, _ = _org(1, teams, rounds, 0.0)
    generated = time.perf_counter() - started
    detector = DropDetector()
    started, cpu = time.perf_counter(), time.process_time()
    detector.fit(null, [SAFETY, HEALTH])
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    flagged = {a.team for a in detector.alerts_}
    by_instrument = {
        key: len({a.team for a in detector.alerts_ if a.instrument == key}) / teams
        for key in ("psych-safety", "health-check")
    }
    score_only = len({a.team for a in detector.alerts_ if a.dimension == "score"}) / teams

    # Planted one-point drops of the safety score (teams of 5 to 10, random round in the second half).
    dropped, truth = simulate.organisation(2, min(teams, 1000), 26, drop_share=1.0, drop=1.0)
    found = DropDetector().fit(dropped, [SAFETY]).alerts_
    delays = []
    for team, at in truth.items():
        start = simulate.round_start(at)
        hits = [a for a in found if a.team == team and a.dimension == "score" and a.detected >= start]
        days = [(date.fromisoformat(a.detected) - date.fromisoformat(start)).days // 14 for a in hits]
        delays.append(min(days, default=99))
    delays = np.array(delays)
    return {
        "teams": teams,
        "rounds": rounds,
        "figures": len(null),
        "charts": detector.n_series_,
        "generate_s": round(generated, 1),
        "fit_s": round(wall, 2),
        "fit_cpu_s": round(cpu, 2),
        "teams_flagged_no_drop": round(len(flagged) / teams, 4),
        "teams_flagged_by_instrument": {k: round(v, 4) for k, v in by_instrument.items()},
        "teams_flagged_score_charts_only": round(score_only, 4),
        "drop_teams": len(truth),
        "found_within_3_rounds": round(float(np.mean(delays <= 2)), 4),
        "found_at_all": round(float(np.mean(delays < 99)), 4),
        "median_delay_rounds_after_first": float(np.median(delays[delays < 99])),
    }


def bench_end_to_end() -> dict:
    """The demo organisation through the query layer: what a coach's page waits for."""
    from analysis.alerts import team_alerts
    from pulse import results
    from pulse.demo import build_demo
    from pulse.store import Database

    db = Database(":memory:")
    build_demo(db, seed=7, today=date(2026, 6, 15))
    results.team_results(db, scope=ALL_TEAMS)  # warm: the first read loads the instrument definitions
    figures, read = harness.timed(results.team_results, db, scope=ALL_TEAMS)
    found, whole = harness.timed(team_alerts, db, scope=ALL_TEAMS)
    db.close()
    return {"teams": 12, "rounds": 26, "figures": len(figures), "team_results_s": round(read, 2),
            "team_alerts_s": round(whole, 2), "alerts": len(found)}  # fmt: skip


# --- reliability and archetypes ---------------------------------------------------------------


def bench_reliability(reps: int = 200) -> dict:
    rng = np.random.default_rng(4)
    loadings, unique = np.full(7, 0.6), np.full(7, 0.64)
    cov = np.outer(loadings, loadings) + np.diag(unique)
    known = reliability.cronbach_alpha(cov)
    alphas, omegas, covered = [], [], 0
    loadings2 = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3])
    unique2 = 1 - loadings2**2
    known_omega = loadings2.sum() ** 2 / (loadings2.sum() ** 2 + unique2.sum())
    for _ in range(reps):
        people = rng.normal(size=(400, 1)) * loadings + rng.normal(size=(400, 7)) * np.sqrt(unique)
        alpha = reliability.cronbach_alpha(np.cov(people, rowvar=False))
        low, high = reliability.alpha_interval(alpha, 400, 7)
        covered += low <= known <= high
        alphas.append(alpha)
        congeneric = rng.normal(size=(400, 1)) * loadings2 + rng.normal(size=(400, 7)) * np.sqrt(unique2)
        omegas.append(reliability.mcdonald_omega(np.cov(congeneric, rowvar=False))[0])
    return {
        "people": 400,
        "replications": reps,
        "alpha_known": round(known, 4),
        "alpha_mean": round(float(np.mean(alphas)), 4),
        "alpha_sd": round(float(np.std(alphas)), 4),
        "alpha_90_interval_coverage": round(covered / reps, 3),
        "omega_known": round(float(known_omega), 4),
        "omega_mean": round(float(np.mean(omegas)), 4),
        "omega_sd": round(float(np.std(omegas)), 4),
    }


def bench_archetypes(reps: int = 50) -> dict:
    scores, found = [], []
    for seed in range(reps):
        rng = np.random.default_rng(seed)
        centres = rng.uniform(1.3, 2.9, (3, 11))
        truth = np.repeat([0, 1, 2], 8)
        values = np.clip(centres[truth] + rng.normal(0, 0.15, (24, 11)), 1, 3)
        model = ArchetypeModel(random_state=0).fit(values)
        scores.append(adjusted_rand_score(truth, model.labels_))
        found.append(model.n_archetypes_)
    return {
        "replications": reps,
        "teams": 24,
        "true_archetypes": 3,
        "mean_adjusted_rand": round(float(np.mean(scores)), 3),
        "share_with_3_found": round(float(np.mean(np.array(found) == 3)), 3),
    }


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    al, e2e, rel, arch = f["alerts"], f["end_to_end"], f["reliability"], f["archetypes"]
    by = al["teams_flagged_by_instrument"]
    return [
        (f"alerts: {al['teams']:,} teams x {al['rounds']} rounds, 2 instruments, {al['charts']:,} charts, "
         "`DropDetector.fit`", f"{al['fit_s']} s ({al['fit_cpu_s']} s CPU)", f"< {ALERTS_TARGET_S:.0f} s",
         al["fit_s"] < ALERTS_TARGET_S),
        ("alerts: teams flagged on no-drop data, all charts (score and every item)",
         f"{al['teams_flagged_no_drop']:.1%} (safety {by['psych-safety']:.1%}, health {by['health-check']:.1%};"
         f" score charts only {al['teams_flagged_score_charts_only']:.1%})", "< 5%",
         al["teams_flagged_no_drop"] < 0.05),
        (f"end to end on the demo ({e2e['teams']} teams x {e2e['rounds']} rounds, 3 instruments, {e2e['figures']:,}"
         " figures, warm): `results.team_results` alone / `team_alerts` (frame read + detect)",
         f"{e2e['team_results_s']} s / {e2e['team_alerts_s']} s", "", None),
        (f"alerts: 1-point drops in teams of 5-10 found within 3 rounds ({al['drop_teams']:,} teams)",
         f"{al['found_within_3_rounds']:.1%} (found at all {al['found_at_all']:.1%}; median "
         f"{al['median_delay_rounds_after_first']:.0f} round after the first low one)", "", None),
        (f"alpha recovered, 7 items, {rel['people']} people, {rel['replications']} samples",
         f"{rel['alpha_mean']} ± {rel['alpha_sd']} (known {rel['alpha_known']}); 90% Feldt interval covers it "
         f"{rel['alpha_90_interval_coverage']:.0%}", "", None),
        ("omega recovered, 7 congeneric items (loadings 0.9 to 0.3)",
         f"{rel['omega_mean']} ± {rel['omega_sd']} (known {rel['omega_known']})", "", None),
        (f"archetypes: 3 planted profiles, 24 teams, {arch['replications']} samples",
         f"adjusted Rand {arch['mean_adjusted_rand']}; 3 found in {arch['share_with_3_found']:.0%}", "", None),
    ]  # fmt: skip


def measure(args) -> dict:
    teams, rounds = (40, 12) if args.quick else (args.teams, args.rounds)
    return {
        "alerts": bench_alerts(teams, rounds),
        "end_to_end": bench_end_to_end(),
        "reliability": bench_reliability(20 if args.quick else 200),
        "archetypes": bench_archetypes(3 if args.quick else 50),
    }


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--rounds": dict(type=int, default=52),
}


if __name__ == "__main__":
    harness.main("analysis", measure, __doc__, OPTIONS)
