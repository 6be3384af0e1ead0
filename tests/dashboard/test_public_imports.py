"""The anonymous pages import no analysis: opening the pulse page never loads scikit-learn (issue 10)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("dashboard/app.py", default_timeout=60)
at.run()
assert not at.exception, [e.value for e in at.exception]
assert at.title[0].value == "Take a pulse", [t.value for t in at.title]
heavy = sorted(m for m in ("sklearn", "analysis", "scipy.stats", "altair") if m in sys.modules)
print(",".join(heavy))
"""


def test_the_pulse_page_loads_neither_analysis_nor_scikit_learn(tmp_path):
    env = {"TEAMPULSE_DB": str(tmp_path / "fresh.duckdb"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert "sklearn" not in loaded and "analysis" not in loaded, loaded
