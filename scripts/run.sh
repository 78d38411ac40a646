#!/usr/bin/env bash
# Runs Puente on this machine: installs what it needs, builds the browser bundle and the server,
# migrates the SQLite database under ./data and serves on http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh
bash scripts/build-wasm.sh
use_rustup_cargo
log "building the server (release)"
cargo build --release --locked -p puente
# Puente keeps its data under ./data (database in data/db, 0700; notebook workspaces in
# data/notebooks, one account per learner) and sets every mode itself.
export PUENTE_JUPYTER="${PUENTE_JUPYTER:-$(jupyter_venv)/bin/jupyter-server}"
target/release/puente migrate
log "serving on ${LEPTOS_SITE_ADDR:-127.0.0.1:3000} (Ctrl-C to stop)"
exec target/release/puente serve
