#!/usr/bin/env bash
# Longer fuzz runs of the property tests (tests/test_properties.py) on demand: the suite runs
# them with 60 examples each; this runs EXAMPLES (default 5000) per property, then the
# bad-input corpus. Usage: scripts/fuzz.sh [EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export HYPOTHESIS_PROFILE=fuzz
if [[ -n "${1:-}" ]]; then
  export HYPOTHESIS_FUZZ_EXAMPLES="$1"
fi
"$PY" -m pytest -q tests/test_properties.py --hypothesis-show-statistics
"$PY" -m pytest -q tests/test_bad_inputs.py tests/test_hardening.py
