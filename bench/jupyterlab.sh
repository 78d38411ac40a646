#!/usr/bin/env bash
# JupyterLab over a slow link through Puente's notebook proxy (bench/jupyterlab.mjs): bytes on
# the wire for a cold and a warm load, and the time until the notebook shows at 400 kbit/s.
# Starts Puente (release build) as the run command does, with the local notebook back-end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_rustup_cargo
use_jupyter
[ -d end2end/node_modules/playwright-core ] || (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
[ -f target/site/pkg/puente_bg.wasm ] || bash scripts/build-wasm.sh
cargo build --release --locked -p puente --quiet
target=${CARGO_TARGET_DIR:-target}
dir=$(mktemp -d /tmp/puente-bench-jl.XXXXXX)
# Learners' notebook processes run as their own accounts and must reach their workspaces.
chmod 755 "$dir"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); smtp_port=$(free_port)
export DATABASE_URL="sqlite://$dir/db/puente.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" PUENTE_LOG=warn \
  PUENTE_SMTP_URL="smtp://127.0.0.1:$smtp_port" PUENTE_NOTEBOOK_DIR="$dir/notebooks" \
  PUENTE_SECRET_KEY_FILE="$dir/keys/secret.key" PUENTE_RATE_IP_PER_MINUTE=1000
"$target/release/puente" migrate >"$dir/migrate.log" 2>&1
"$target/release/puente" serve >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { tail -5 "$dir/server.log"; exit 1; }
PUENTE_BASE_URL="http://127.0.0.1:$port" PUENTE_E2E_SMTP_PORT="$smtp_port" node bench/jupyterlab.mjs
