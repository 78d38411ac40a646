#!/usr/bin/env bash
# The forums under load on this machine (server/benches/forum.rs): a 100-post topic page (SQL
# statements, latency percentiles), search over 200,000 generated posts, indexing speed and
# posting throughput, on SQLite and on a throwaway PostgreSQL that this script starts and stops.
# PUENTE_BENCH_POSTS and PUENTE_BENCH_REQUESTS change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_rustup_cargo
use_jupyter
pg_env=$(bash scripts/postgres.sh)
eval "$pg_env"
trap 'bash scripts/postgres.sh stop "$PUENTE_PG_DIR"' EXIT
PUENTE_BENCH_POSTGRES_URL=$PUENTE_TEST_POSTGRES_URL cargo bench --locked -p puente --bench forum
