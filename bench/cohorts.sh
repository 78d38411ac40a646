#!/usr/bin/env bash
# Cohort pages under load on this machine: the roster of a 200-person cohort with 12 sessions
# (latency percentiles, SQL statements per page), the public cohort list and a certificate's
# verification page (requests/s). Puente runs in-process on a throwaway SQLite database
# (server/benches/cohorts.rs). PUENTE_BENCH_REQUESTS sets the requests per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_rustup_cargo
use_jupyter
cargo bench --locked -p puente --bench cohorts
