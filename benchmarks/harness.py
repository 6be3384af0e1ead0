"""What every benchmark shares: the machine, the code measured, databases, timing, memory, results.

A benchmark is a module ``benchmarks/NAME.py`` with a ``measure(args) -> dict`` function, run as
``python -m benchmarks.NAME``; :func:`main` gives it the common options, times nothing itself, and
writes the returned figures with the machine and the commit to ``benchmarks/results/NAME/`` as JSON.
``python -m benchmarks.render`` turns those files into the tables of docs/benchmarks.md. These are
measurements, not tests: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("TEAMPULSE_BENCH_RESULTS", ROOT / "benchmarks" / "results"))
DATA = Path(os.environ.get("TEAMPULSE_BENCH_DATA", ROOT / "benchmarks" / "out"))


# --- the machine and the code ------------------------------------------------------------------


def machine() -> dict:
    """What the figures were measured on, and how busy the machine was when the run started."""
    import duckdb

    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
        "load_1m": round(os.getloadavg()[0], 2),
    }


def code_version() -> dict:
    """The commit of the ``pulse`` package measured (it may be another checkout on PYTHONPATH) and
    any uncommitted change to its code: the tree is shared, so uncommitted work counts too."""
    import pulse

    checkout = Path(pulse.__file__).resolve().parent.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=checkout, capture_output=True, text=True)
        return done.stdout.rstrip("\n") if done.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", "pulse", "analysis", "dashboard").splitlines()
    return {
        "checkout": str(checkout),
        "commit": git("rev-parse", "--short", "HEAD") or "unknown",
        "uncommitted": [line[3:] for line in changed],
    }


# --- time, CPU and memory ----------------------------------------------------------------------


def timed(fn: Callable, *args, **kwargs) -> tuple[object, float]:
    """``fn``'s result and its wall time in seconds."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def repeat(fn: Callable, repeats: int, *args, **kwargs) -> list[float]:
    """Wall seconds of ``repeats`` calls; the first is cold (nothing cached yet in this process)."""
    return [timed(fn, *args, **kwargs)[1] for _ in range(repeats)]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank on sorted values (no interpolation: a real observation)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def latency(seconds: list[float]) -> dict:
    """Percentiles of many independent operations, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {"count": 0}
    return {
        "count": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(max(ms), 2),
    }


def spread(seconds: list[float]) -> dict:
    """Repeated calls of one thing: the first (cold) and the later (warm) calls, in milliseconds."""
    warm = seconds[1:] or seconds
    return {
        "calls": len(seconds),
        "first_ms": round(seconds[0] * 1000, 1),
        "median_ms": round(statistics.median(warm) * 1000, 1),
        "p95_ms": round(percentile(warm, 95) * 1000, 1),
        "max_ms": round(max(warm) * 1000, 1),
    }


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def others_cores(ticks_before: tuple[int, int], wall_s: float, own_cpu_s: float) -> float:
    """Cores kept busy by other processes during a measurement: the machine is shared."""
    busy = machine_ticks()[0] - ticks_before[0]
    hz = os.sysconf("SC_CLK_TCK")
    return round(max(0.0, busy / hz - own_cpu_s) / max(wall_s, 1e-9), 2)


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    """Resident memory of a process (``VmHWM``: its peak so far), from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


def peak_mb() -> float:
    """This process's peak RSS. Not getrusage's ru_maxrss: Linux carries it across exec from the
    parent, so a child would report its parent's peak."""
    return round(rss_mb("self", "VmHWM"))


def _call_with_peak(fn: Callable, args: tuple, kwargs: dict) -> dict:
    result = fn(*args, **kwargs)
    return {**result, "peak_mb": peak_mb()}


ISOLATED_TIMEOUT_S = 3600.0


@contextlib.contextmanager
def _spawnable_main():
    """A spawned worker first re-runs the parent's ``__main__``. Streamlit's script runner (AppTest
    too) leaves ``sys.modules["__main__"]`` pointing at the page script it ran last, which dies
    outside Streamlit, and a Pool replaces a dead worker forever: the call never returns. Such a
    main (a plain file, no module spec) is hidden while the pool lives; ``python -m benchmarks.X``
    has a spec and is left alone, so functions defined there still pickle."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def isolated(fn: Callable, *args, **kwargs) -> dict:
    """Run ``fn`` (module-level, returning a dict) in a fresh process, so that its peak memory and
    its cold caches are its own; the result gains ``peak_mb``."""
    with _spawnable_main(), multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply_async(_call_with_peak, (fn, args, kwargs)).get(timeout=ISOLATED_TIMEOUT_S)


# --- databases ---------------------------------------------------------------------------------


def copy_database(source: Path, target: Path) -> float:
    """Copy a database file and its write-ahead log; return the seconds it took."""
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_database(target)
    shutil.copyfile(source, target)
    if Path(f"{source}.wal").exists():
        shutil.copyfile(f"{source}.wal", f"{target}.wal")
    return time.perf_counter() - started


def remove_database(path: Path) -> None:
    for part in (Path(path), Path(f"{path}.wal")):
        part.unlink(missing_ok=True)


def organisation(teams: int, *, periods: int = 52, seed: int = 6, path: Path | None = None) -> Path:
    """The synthetic organisation of ``teams`` teams as a database file, built once and reused
    (``benchmarks/out/`` is git-ignored); its manifest sits next to it as JSON."""
    from pulse.demo import organisation as generator

    path = Path(path or DATA / f"org-{teams}-{periods}-{seed}.duckdb")
    if not path.exists():
        generator.build_file(path, generator.Preset.scale(teams=teams, periods=periods, seed=seed))
    return path


def manifest(path: Path) -> dict:
    """What the generator wrote next to a database (sizes, seed, build rate), if it did."""
    side = Path(path).with_suffix(".json")
    return json.loads(side.read_text()) if side.exists() else {}


def open_database(path: Path):
    from pulse.store import Database

    return Database(path)


# --- command line and results ------------------------------------------------------------------


def options(description: str, *, teams: int = 2000) -> argparse.ArgumentParser:
    """The options every benchmark takes; a benchmark adds its own to the parser returned."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", type=Path, help="an existing database (default: the generated organisation)")
    parser.add_argument("--teams", type=int, default=teams, help="size of the generated organisation")
    parser.add_argument("--quick", action="store_true", help="a tiny run that checks the benchmark works")
    parser.add_argument("--label", default="", help="a word saying what this run is (e.g. before, after)")
    parser.add_argument("--no-record", action="store_true", help="print only; write no result file")
    parser.add_argument("--work", type=Path, default=None, help="folder for copies (default benchmarks/out)")
    return parser


def write_result(name: str, figures: dict, *, label: str = "", folder: Path | None = None) -> Path:
    """Write one run's figures with the machine, the code and the date; return the file."""
    now = datetime.now().astimezone()
    code = code_version()
    document = {
        "benchmark": name,
        "label": label,
        "date": now.isoformat(timespec="seconds"),
        "code": code,
        "machine": machine(),
        "figures": figures,
    }
    folder = Path(folder or RESULTS) / name
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-{label}" if label else ""
    path = folder / f"{now:%Y%m%dT%H%M%S}-{code['commit']}{suffix}.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def newest(name: str) -> Path:
    """The newest result file of a benchmark."""
    files = sorted((RESULTS / name).glob("*.json"))
    if not files:
        raise SystemExit(f"no result of {name} yet: run python -m benchmarks.{name} first")
    return files[-1]


def main(
    name: str, measure: Callable[[argparse.Namespace], dict], doc: str, extra: dict | None = None, argv=None
) -> dict:
    """Parse the common options and the benchmark's ``extra`` ones (flag: ``add_argument`` keywords),
    measure, print the figures as JSON and (unless told not to) record them."""
    parser = options(doc.split("\n\n")[0])
    for flag, settings in (extra or {}).items():
        parser.add_argument(flag, **settings)
    args = parser.parse_args(argv)
    args.work = Path(args.work or DATA)
    args.work.mkdir(parents=True, exist_ok=True)
    load_before = machine()["load_1m"]
    figures = {"load_1m_before": load_before, **measure(args)}
    print(json.dumps(figures, indent=2, default=str))
    if not (args.no_record or args.quick):
        print(f"recorded in {write_result(name, figures, label=args.label)}")
    return figures
