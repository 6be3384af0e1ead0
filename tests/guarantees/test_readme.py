"""The README's promises: its two commands work from a fresh clone (that every command is in its
table is tests/cli/test_docs.py)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_readme_names_the_two_commands_and_ci_runs_the_test_one():
    assert "scripts/dashboard" in README and "scripts/test" in README
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout")
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode:
        pytest.skip("no commit to clone yet")
    target = tmp_path_factory.mktemp("clone") / "teampulse"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    return target


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "TEAMPULSE", "PYTEST"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return env


@pytest.mark.slow
def test_fresh_clone_dashboard_command_sets_up_and_serves_the_demo(fresh_clone):
    port = _free_port()
    log = open(fresh_clone / "dashboard.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        ["bash", "scripts/dashboard", "--port", str(port)],
        cwd=fresh_clone, env=_clean_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 600
        healthy = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    healthy = r.read().strip() == b"ok"
                    break
            except OSError:
                time.sleep(1)
        output = (fresh_clone / "dashboard.log").read_text()
        assert healthy, f"dashboard never became healthy:\n{output[-3000:]}"
        assert (fresh_clone / "data" / "teampulse.duckdb").exists()
        assert "built demo database" in output
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
        log.close()


@pytest.mark.slow
def test_fresh_clone_test_command_installs_what_the_tests_need(fresh_clone):
    # Collect only: running the whole suite again inside itself would double CI time.
    result = subprocess.run(
        ["bash", "scripts/test", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=fresh_clone, env=_clean_env(), capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\d+ tests collected", result.stdout)
