# Sourced by the other scripts: make .venv with TeamPulse installed (extras in $TEAMPULSE_EXTRAS).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "creating virtual environment in .venv" >&2
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.teampulse-installed${TEAMPULSE_EXTRAS:+-$TEAMPULSE_EXTRAS}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "installing TeamPulse${TEAMPULSE_EXTRAS:+ [$TEAMPULSE_EXTRAS]} into .venv" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${TEAMPULSE_EXTRAS:+[$TEAMPULSE_EXTRAS]}"
  touch "$stamp"
fi
