#!/usr/bin/env bash
# Notebook benchmarks on this machine, against the real local back-end (jupyter-server processes):
# launch to kernel ready, the proxy's overhead for HTTP and WebSockets, and a leak check around
# 1,000 proxied WebSockets. Prints numbers; asserts only what it needs to measure. Runs Puente
# in-process on a throwaway SQLite database (server/benches/notebooks.rs); as root, notebooks run
# as the puente-nb account, as in production. PUENTE_BENCH_LAUNCHES sets the launches (default 12).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_rustup_cargo
use_jupyter
# Builds into ${CARGO_TARGET_DIR:-target}/release like run.sh (cargo reads CARGO_TARGET_DIR itself).
cargo bench --locked -p puente --bench notebooks
