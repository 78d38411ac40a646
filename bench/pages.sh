#!/usr/bin/env bash
# Lessons at static-site speed (server/benches/pages.rs): Puente and nginx side by side in one
# run on the same bytes (home, an episode, the glossary anonymous; an episode signed in; a 304),
# each ratio printed; page weights; SQL statements per page; the shared pages' memory.
# Installs nginx and wrk from Debian when missing. PUENTE_BENCH_DURATION (s) and
# PUENTE_BENCH_CONNECTIONS change the load.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts the packaged nginx on port 80; the benchmark runs its own.
  systemctl disable --now nginx >/dev/null 2>&1 || service nginx stop >/dev/null 2>&1 || true
fi
[ -f target/site/pkg/puente_bg.wasm ] || bash scripts/build-wasm.sh
use_rustup_cargo
use_jupyter
cargo bench --locked -p puente --bench pages
