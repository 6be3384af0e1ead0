"""`teampulse --help` answers without loading the heavy libraries, and every command's help works."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from teampulse.cli import main
from tests.cli.command_tree import every_command

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["sklearn", "pandas", "numpy", "scipy", "streamlit", "duckdb"]


def test_top_level_help_loads_no_heavy_library():
    script = textwrap.dedent(
        f"""
        import json, sys
        import teampulse.cli
        try:
            teampulse.cli.main(["--help"], prog_name="teampulse")
        except SystemExit as e:
            assert e.code == 0, e.code
        print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    *help_lines, loaded = result.stdout.strip().splitlines()
    assert json.loads(loaded) == []
    assert "Usage: teampulse" in help_lines[0] and "trends" in result.stdout


@pytest.mark.parametrize("path", [path for path, _ in every_command()], ids=" ".join)
def test_every_command_answers_help(path):
    result = CliRunner().invoke(main, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: main {' '.join(path)}")
