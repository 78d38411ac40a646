#!/usr/bin/env bash
# Governance on this machine (server/benches/governance.rs): secret ballots cast per second through
# the voting form, with latency percentiles, and the time to count an STV election of 10,000 ballots,
# 15 candidates and 5 seats; on SQLite and on a throwaway PostgreSQL this script starts and stops.
# PUENTE_BENCH_VOTERS changes how many people vote.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_rustup_cargo
use_jupyter
pg_env=$(bash scripts/postgres.sh)
eval "$pg_env"
trap 'bash scripts/postgres.sh stop "$PUENTE_PG_DIR"' EXIT
PUENTE_BENCH_POSTGRES_URL=$PUENTE_TEST_POSTGRES_URL cargo bench --locked -p puente --bench governance
