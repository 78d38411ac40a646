#!/usr/bin/env bash
# Benchmarks on this machine: transferred size of the home page (gzip HTML + CSS) and of the wasm
# it loads, and the home page's requests/s and latency under wrk. Prints numbers; asserts nothing.
# Load goes only to 127.0.0.1 and stops by itself (DURATION seconds per run). Then the notebook
# benchmarks (bench/notebooks.sh): launch to kernel ready, proxy overhead, leak check.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
DURATION=${DURATION:-10}
target=${CARGO_TARGET_DIR:-target}
CONNECTIONS=${CONNECTIONS:-32}

command -v wrk >/dev/null || { log "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -f target/site/pkg/puente_bg.wasm ] || bash scripts/build-wasm.sh
use_rustup_cargo
cargo build --release --locked -p puente --quiet

dir=$(mktemp -d /tmp/puente-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATABASE_URL="sqlite://$dir/p.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" PUENTE_LOG=warn "$target/release/puente" serve >"$dir/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"

size() { curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' "$base$1"; }
raw() { curl -s -o /dev/null -w '%{size_download}' "$base$1"; }
home_html=$(size /es/); home_raw=$(raw /es/)
css_path=$(curl -s "$base/es/" | grep -o '/style/puente.css?v=[0-9a-f]*' | head -1)
css=$(size "$css_path"); css_raw=$(raw "$css_path")
js_path=$(curl -s "$base/es/" | grep -o "/pkg/puente.js?v=[0-9a-f]*" | head -1)
wasm_path=$(curl -s "$base/es/" | grep -o "/pkg/puente_bg.wasm?v=[0-9a-f]*" | head -1)
js=$(size "$js_path"); wasm=$(size "$wasm_path"); wasm_raw=$(raw "$wasm_path")
privacy=$(size /es/privacy)

echo "== transferred sizes (gzip) =="
printf '%-34s %8s bytes (raw %s)\n' "home page HTML /es/" "$home_html" "$home_raw"
printf '%-34s %8s bytes (raw %s)\n' "stylesheet" "$css" "$css_raw"
printf '%-34s %8s bytes\n' "home page HTML + CSS" "$((home_html + css))"
printf '%-34s %8s bytes (raw %s)\n' "wasm (island bundle)" "$wasm" "$wasm_raw"
printf '%-34s %8s bytes\n' "JS glue" "$js"
printf '%-34s %8s bytes (no wasm: no island)\n' "privacy page HTML" "$privacy"

echo "== load: GET /es/ (wrk, $CONNECTIONS connections, ${DURATION}s, gzip) =="
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip' "$base/es/" | grep -E 'Requests/sec|Latency|50%|90%|99%|requests in'
episode=/pt/courses/desktop-to-cluster/06-slurm
ep_html=$(size "$episode"); ep_raw=$(raw "$episode")
echo "== episode page $episode (gzip) =="
printf '%-34s %8s bytes (raw %s)\n' "episode HTML" "$ep_html" "$ep_raw"
printf '%-34s %8s bytes (budget 61440)\n' "episode HTML + CSS" "$((ep_html + css))"
echo "== load: GET $episode (wrk, $CONNECTIONS connections, ${DURATION}s, gzip) =="
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip' "$base$episode" | grep -E 'Requests/sec|Latency|50%|90%|99%|requests in'
echo "== load: GET /healthz =="
wrk -t2 -c"$CONNECTIONS" -d"$((DURATION / 2 > 0 ? DURATION / 2 : 1))s" "$base/healthz" | grep -E 'Requests/sec'
# The wrk server is done; the notebook benchmark starts its own Puente in-process.
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
echo "== notebooks (local back-end; bench/notebooks.sh) =="
bash bench/notebooks.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -r)"
