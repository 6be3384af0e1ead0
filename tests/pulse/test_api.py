"""The package's public API: every name resolves, and importing ``pulse`` alone loads no driver."""

import subprocess
import sys

import pulse


def test_every_public_name_resolves():
    for name in pulse.__all__:
        assert getattr(pulse, name) is not None, name


def test_importing_pulse_loads_neither_duckdb_nor_pandas():
    probe = "import sys, pulse, pulse.errors; print(sorted({'duckdb', 'pandas'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
