"""Analysis benchmark (issue 3): speed and quality of drop alerts, comment themes and reliability.

    .venv/bin/python benchmarks/analysis.py [--teams 2000] [--rounds 52] [--comments 50000]
                                            [--embedding-sample 2000] [--no-record]

Prints one JSON document and appends a dated section to docs/benchmarks.md. These are measurements,
not tests: nothing here fails a build. Timings are wall-clock on whatever else the machine is doing;
the load average before and after is recorded with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# `analysis` package: put the repository root in front.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis import reliability, simulate, themes
from analysis.alerts import DropDetector
from analysis.archetypes import ArchetypeModel
from pulse.demo import COMMENTS as DEMO_COMMENTS
from pulse.instruments import Instrument, Question

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
LABELLED = ROOT / "data" / "comments-labelled.csv"
ALERTS_TARGET_S = 10.0
THEMES_TARGET_S = 60.0
HEADER = """# Benchmarks

Measured figures for TeamPulse, newest at the bottom. Targets live here and in the issues that set
them, never in unit tests.

## Results
"""

SAFETY = Instrument(
    "psych-safety", "Psychological safety", "mean", tuple(Question(f"q{i + 1}", "x", 1, 7) for i in range(7))
)
HEALTH = Instrument(
    "health-check", "Squad health check", "mean", tuple(Question(f"q{i + 1}", "x", 1, 3) for i in range(11))
)


def machine_load() -> dict:
    one, five, fifteen = os.getloadavg()
    return {"load_1m": round(one, 2), "load_5m": round(five, 2), "load_15m": round(fifteen, 2)}


def code_version() -> dict:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.rstrip("\n") if done.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", "analysis", "benchmarks/analysis.py").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown", "uncommitted": [c[3:] for c in changed]}


def machine() -> dict:
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "scikit_learn": sklearn.__version__,
        "platform": platform.platform(),
    }


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
    import tempfile

    from analysis.alerts import team_alerts
    from pulse import results
    from pulse.demo import build_demo
    from pulse.store import Database

    with tempfile.TemporaryDirectory(prefix="teampulse-bench-") as folder:
        db = Database(Path(folder) / "demo.duckdb")
        build_demo(db, seed=7, today=date(2026, 6, 15))
        results.team_results(db)  # the first read closes the demo's due rounds: not what a page waits for
        started = time.perf_counter()
        figures = results.team_results(db)
        read = time.perf_counter() - started
        started = time.perf_counter()
        found = team_alerts(db)
        whole = time.perf_counter() - started
        db.close()
    return {"teams": 12, "rounds": 26, "figures": len(figures), "team_results_s": round(read, 2),
            "team_alerts_s": round(whole, 2), "alerts": len(found)}  # fmt: skip


# --- themes -----------------------------------------------------------------------------------

_PREFIX = ["", "", "Honestly, ", "This sprint: ", "As usual, ", "Again: ", "To be fair, ", "FYI "]
_SUFFIX = ["", "", " Please fix.", " Thanks.", " (ask @sam)", " mail me at jo@example.com", " Just saying.", "!"]


def comment_stream(n: int, seed: int = 0) -> list[str]:
    """``n`` pulse-like comments: the labelled set's sentences with varied openings and endings."""
    base = pd.read_csv(LABELLED)["text"].tolist()
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(base), n)
    pre = rng.integers(0, len(_PREFIX), n)
    suf = rng.integers(0, len(_SUFFIX), n)
    out = []
    for b, p, s in zip(picks, pre, suf, strict=True):
        text = base[b]
        if _PREFIX[p]:
            text = _PREFIX[p] + text[0].lower() + text[1:]
        out.append(text + _SUFFIX[s])
    return out


def _nmi(backend: str) -> dict:
    labelled = pd.read_csv(LABELLED)
    out = {}
    for split in ("dev", "test", "all"):
        part = labelled if split == "all" else labelled[labelled["split"] == split]
        started = time.perf_counter()
        model = themes.ThemeModel(backend=backend).fit(part["text"].tolist())
        out[split] = {
            "texts": len(part),
            "nmi": round(normalized_mutual_info_score(part["theme"], model.labels_), 3),
            "lean_accuracy": round(float((model.leans_ == part["lean"].to_numpy()).mean()), 3),
            "fit_s": round(time.perf_counter() - started, 1),
        }
    demo_texts, demo_truth = [], []
    for key, (negative, positive) in DEMO_COMMENTS.items():
        demo_texts += [*negative, *positive]
        demo_truth += [key] * (len(negative) + len(positive))
    model = themes.ThemeModel(backend=backend).fit(demo_texts)
    out["demo_comments"] = {
        "texts": len(demo_texts),
        "nmi": round(normalized_mutual_info_score(demo_truth, model.labels_), 3),
    }
    return out


def _baseline() -> dict:
    labelled = pd.read_csv(LABELLED)
    words = TfidfVectorizer().fit_transform(labelled["text"])
    labels = KMeans(labelled["theme"].nunique(), n_init=10, random_state=0).fit_predict(words)
    return {"texts": len(labelled), "nmi": round(normalized_mutual_info_score(labelled["theme"], labels), 3)}


def bench_themes(comments: int, embedding_sample: int) -> dict:
    texts = comment_stream(comments)
    started, cpu = time.perf_counter(), time.process_time()
    model = themes.ThemeModel(backend="lexical").fit(texts)
    model.summary(k=5)
    result = {
        "comments": comments,
        "unique_comments": len(set(texts)),
        "lexical_fit_s": round(time.perf_counter() - started, 1),
        "lexical_cpu_s": round(time.process_time() - cpu, 1),
        "lexical_themes": len(model.themes_),
        "baseline_tfidf_kmeans": _baseline(),
        "lexical_quality": _nmi("lexical"),
    }
    if themes._Embedder.available() and embedding_sample:
        sample = list(dict.fromkeys(comment_stream(embedding_sample * 3, seed=1)))[:embedding_sample]
        themes._Embedder.encode(["warm up"])  # model load, timed apart
        started = time.perf_counter()
        themes.ThemeModel(backend="embedding").fit(sample)
        wall = time.perf_counter() - started
        result["embedding_sample"] = len(sample)
        result["embedding_fit_s"] = round(wall, 1)
        result["embedding_per_1000_s"] = round(wall / len(sample) * 1000, 1)
        result["embedding_50k_extrapolated_s"] = round(wall / len(sample) * 50_000)
        result["embedding_quality"] = _nmi("embedding")
    return result


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


# --- record -----------------------------------------------------------------------------------


def mark(met: bool) -> str:
    return "met" if met else "**missed**"


def record(result: dict) -> None:
    al, th, rel, arch, m, code = (
        result["alerts"], result["themes"], result["reliability"], result["archetypes"], result["machine"],
        result["code"],
    )  # fmt: skip
    load = ", ".join(
        f"{when} {result[key]['load_1m']}/{result[key]['load_5m']}/{result[key]['load_15m']}"
        for when, key in (("before", "load_before"), ("after", "load_after"))
    )
    lq = th["lexical_quality"]
    e2e = result["end_to_end"]
    rows = [
        (f"alerts: {al['teams']:,} teams x {al['rounds']} rounds, 2 instruments, {al['charts']:,} charts, "
         f"`DropDetector.fit`", f"{al['fit_s']} s ({al['fit_cpu_s']} s CPU)", f"< {ALERTS_TARGET_S:.0f} s",
         mark(al["fit_s"] < ALERTS_TARGET_S)),
        ("alerts: teams flagged on no-drop data, all charts (score and every item)",
         f"{al['teams_flagged_no_drop']:.1%} (safety {al['teams_flagged_by_instrument']['psych-safety']:.1%}, "
         f"health {al['teams_flagged_by_instrument']['health-check']:.1%}; score charts only "
         f"{al['teams_flagged_score_charts_only']:.1%})", "< 5%", mark(al["teams_flagged_no_drop"] < 0.05)),
        (f"end to end on the demo ({e2e['teams']} teams x {e2e['rounds']} rounds, 3 instruments, {e2e['figures']:,}"
         " figures, warm): `results.team_results` alone / `team_alerts` (frame read + detect)",
         f"{e2e['team_results_s']} s / {e2e['team_alerts_s']} s", "", ""),
        (f"alerts: 1-point drops in teams of 5-10 found within 3 rounds ({al['drop_teams']:,} teams)",
         f"{al['found_within_3_rounds']:.1%} (found at all {al['found_at_all']:.1%}; median "
         f"{al['median_delay_rounds_after_first']:.0f} round after the first low one)", "", ""),
        (f"themes: {th['comments']:,} comments, lexical backend (pure scikit-learn)", f"{th['lexical_fit_s']} s "
         f"({th['lexical_cpu_s']} s CPU)", f"< {THEMES_TARGET_S:.0f} s", mark(th["lexical_fit_s"] < THEMES_TARGET_S)),
    ]  # fmt: skip
    if "embedding_fit_s" in th:
        eq = th["embedding_quality"]
        rows.append(
            (f"themes: embedding backend (MiniLM, CPU), {th['embedding_sample']:,} unique comments",
             f"{th['embedding_fit_s']} s ({th['embedding_per_1000_s']} s per 1,000; 50,000 extrapolated "
             f"{th['embedding_50k_extrapolated_s']:,} s)", f"< {THEMES_TARGET_S:.0f} s for 50,000",
             mark(th["embedding_50k_extrapolated_s"] < THEMES_TARGET_S)),
        )  # fmt: skip
    rows += [
        ("themes NMI, labelled set (240 comments, 12 themes of which 2 outside the taxonomy): TF-IDF + KMeans",
         f"{th['baseline_tfidf_kmeans']['nmi']}", "", ""),
        ("themes NMI, lexical backend: dev half / held-out half / all", f"{lq['dev']['nmi']} / {lq['test']['nmi']} / "
         f"{lq['all']['nmi']}", "", ""),
    ]  # fmt: skip
    if "embedding_quality" in th:
        eq = th["embedding_quality"]
        rows.append(
            ("themes NMI, embedding backend: dev / held-out / all",
             f"{eq['dev']['nmi']} / {eq['test']['nmi']} / {eq['all']['nmi']}", "", ""),
        )  # fmt: skip
    rows += [
        ("themes NMI on the demo's comments (not independent: read while writing the taxonomy)",
         f"lexical {lq['demo_comments']['nmi']}"
         + (f", embedding {th['embedding_quality']['demo_comments']['nmi']}" if "embedding_quality" in th else ""),
         "", ""),
        ("comment lean accuracy, labelled set (lexical; 'mixed' counts as wrong)", f"{lq['all']['lean_accuracy']:.1%}",
         "", ""),
        (f"alpha recovered, 7 items, {rel['people']} people, {rel['replications']} samples",
         f"{rel['alpha_mean']} ± {rel['alpha_sd']} (known {rel['alpha_known']}); 90% Feldt interval covers it "
         f"{rel['alpha_90_interval_coverage']:.0%}", "", ""),
        ("omega recovered, 7 congeneric items (loadings 0.9 to 0.3)",
         f"{rel['omega_mean']} ± {rel['omega_sd']} (known {rel['omega_known']})", "", ""),
        (f"archetypes: 3 planted profiles, 24 teams, {arch['replications']} samples",
         f"adjusted Rand {arch['mean_adjusted_rand']}; 3 found in {arch['share_with_3_found']:.0%}", "", ""),
    ]  # fmt: skip
    lines = [
        "",
        f"### {result['taken']}: analysis (issue 3)",
        "",
        f"Machine: {m['nproc']} cores shared with other sessions, {m['memory_gb']} GB, Python {m['python']},"
        f" scikit-learn {m['scikit_learn']}, {m['platform']}. Load average (1/5/15 min) {load}: timings"
        " follow the load.",
        f"Code: commit {code['commit']}"
        + (f", with uncommitted changes to {', '.join(code['uncommitted'])}." if code["uncommitted"] else "."),
        f"Command: `.venv/bin/python {result['command']}`. Alert data: simulated teams (analysis/simulate.py),"
        " pooled into blocks reaching k like the query layer; reading the figures through"
        " `results.team_results` is not included there (see the end-to-end row).",
        "",
        "| figure | measured | target | |",
        "| --- | --- | --- | --- |",
        *("| " + " | ".join(str(c) for c in row) + " |" for row in rows),
        "",
    ]
    text = RESULTS.read_text() if RESULTS.exists() else HEADER
    RESULTS.write_text(text.rstrip("\n") + "\n" + "\n".join(lines))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=52)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--embedding-sample", type=int, default=2000, help="0 to skip the embedding backend")
    parser.add_argument("--no-record", action="store_true", help="print the JSON only; leave docs/benchmarks.md")
    args = parser.parse_args(argv)
    result = {
        "benchmark": "analysis",
        "taken": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": " ".join(["benchmarks/analysis.py", *(argv if argv is not None else sys.argv[1:])]).strip(),
        "machine": machine(),
        "code": code_version(),
        "load_before": machine_load(),
    }
    result["alerts"] = bench_alerts(args.teams, args.rounds)
    result["end_to_end"] = bench_end_to_end()
    result["themes"] = bench_themes(args.comments, args.embedding_sample)
    result["reliability"] = bench_reliability()
    result["archetypes"] = bench_archetypes()
    result["load_after"] = machine_load()
    print(json.dumps(result, indent=2))
    if not args.no_record:
        record(result)
    return result


if __name__ == "__main__":
    main()
