#!/usr/bin/env bash
# The forums under load on this machine (server/benches/forum.rs): a 100-post topic page (SQL
# statements, latency percentiles), search over 200,000 generated posts, indexing speed and
# posting throughput, on SQLite and on a throwaway PostgreSQL that this script starts and stops.
# PUENTE_BENCH_POSTS and PUENTE_BENCH_REQUESTS change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_rustup_cargo
# Puente starts with its default (local) notebook back-end, which needs the Jupyter environment.
export PUENTE_JUPYTER=${PUENTE_JUPYTER:-$(jupyter_venv)/bin/jupyter-server}
[ -x "$PUENTE_JUPYTER" ] || { log "$PUENTE_JUPYTER is missing: run scripts/setup.sh"; exit 1; }
pg_env=$(bash scripts/postgres.sh)
eval "$pg_env"
trap 'bash scripts/postgres.sh stop "$PUENTE_PG_DIR"' EXIT
PUENTE_BENCH_POSTGRES_URL=$PUENTE_TEST_POSTGRES_URL cargo bench --locked -p puente --bench forum
