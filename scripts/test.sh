#!/usr/bin/env bash
# The whole test suite: format, lints, unit tests, API tests on SQLite and PostgreSQL, and the
# end2end tests in Chromium against the real server. Installs and starts everything it needs.
set -euo pipefail
# One build per run: incremental caches would only double the size of target/.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
cd "$(dirname "$0")/.."
source scripts/lib.sh
started=$(date +%s)
step() { log "[$(( $(date +%s) - started ))s] $*"; }

step "set-up"
bash scripts/setup.sh --for-tests

use_rustup_cargo
export CARGO_TERM_COLOR=never
step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "browser bundle (wasm islands)"
bash scripts/build-wasm.sh
use_rustup_cargo

pg_env=$(bash scripts/postgres.sh)
eval "$pg_env"
step "kube-apiserver + etcd (built once from Debian's sources, then cached)"
bash scripts/kube.sh install
kube_dir=$(mktemp -d /tmp/puente-kube.XXXXXX) && rmdir "$kube_dir"
kube_env=$(bash scripts/kube.sh start "$kube_dir")
eval "$kube_env"
export PUENTE_JUPYTER
PUENTE_JUPYTER="$(jupyter_venv)/bin/jupyter-server"
server_pid=""
# The end2end Puente's folder, and its learners' workspaces when they live under /var/lib/puente
# (a link from data/notebooks), with the notebook servers started there.
remove_e2e_dir() {
  [ -n "${e2e_dir:-}" ] && [ -d "$e2e_dir" ] || return 0
  if [ -L "$e2e_dir/data/notebooks" ]; then
    local nb_root
    nb_root=$(readlink -f "$e2e_dir/data/notebooks")
    pkill -f -- "--ServerApp.root_dir=$nb_root/" 2>/dev/null || true
    rm -rf "$nb_root"
  fi
  rm -rf "$e2e_dir"
}
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  bash scripts/postgres.sh stop "$PUENTE_PG_DIR"
  bash scripts/kube.sh stop "$PUENTE_KUBE_DIR" || true
  # Notebook servers outlive Puente by design; the suite's own must not outlive the suite.
  pkill -f -- "--ServerApp.root_dir=/tmp/puente-" 2>/dev/null || true
  remove_e2e_dir
}
trap cleanup EXIT

step "unit and API tests (SQLite and PostgreSQL)"
cargo test --workspace --locked --no-fail-fast -- --test-threads=4 --skip notebooks:: --skip isolation:: --skip reliability:: 2>&1 | tee target/test-output.txt
# The notebook tests start real Jupyter servers; run them after the CPU-heavy tests (argon2 for
# hundreds of sign-ups), two at a time, so their timings stay those of a working machine.
step "notebook API tests (real jupyter-server, SQLite and PostgreSQL)"
cargo test --locked -p puente --test api -- --test-threads=2 notebooks:: isolation:: reliability:: 2>&1 | tee -a target/test-output.txt
grep -Eq '^test [a-z_]+::(sqlite|postgres)::' target/test-output.txt || { log "API tests did not run on both databases"; exit 1; }
log "API tests run: $(grep -Ec '^test [a-z_]+::sqlite::.* ok$' target/test-output.txt) on SQLite, $(grep -Ec '^test [a-z_]+::postgres::.* ok$' target/test-output.txt) on PostgreSQL"

step "puente content check (the shipped lessons)"
target/debug/puente content check --dir content

step "end2end in Chromium"
# Puente runs as the README's run command configures it: the same defaults and relative paths
# (./data for the database and the notebooks, ./content, ./target/site), as root with one account
# per learner. Only its working folder is a fresh one, so a developer's own ./data stays untouched;
# content and the browser bundle are the clone's own.
# mktemp makes it 0700, as /root is on a fresh machine: learners' workspaces then live under
# /var/lib/puente/notebooks, linked from data/notebooks, as they do for a clone under /root.
e2e_dir=$(mktemp -d /tmp/puente-e2e.XXXXXX)
ln -s "$PWD/content" "$e2e_dir/content"
mkdir -p "$e2e_dir/target" && ln -s "$PWD/target/site" "$e2e_dir/target/site"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
# The browser tests run their own SMTP server (nodemailer's smtp-server) on this port.
smtp_port=$(free_port)
(
  cd "$e2e_dir"
  export LEPTOS_SITE_ADDR="127.0.0.1:$port" PUENTE_LOG=warn PUENTE_SMTP_URL="smtp://127.0.0.1:$smtp_port" \
    PUENTE_RATE_IP_PER_MINUTE=1000
  "$OLDPWD/target/debug/puente" migrate >"$e2e_dir/migrate.log" 2>&1
  exec "$OLDPWD/target/debug/puente" serve
) >"$e2e_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
# The cohorts test makes an administrator the way an operator does: `puente admin create`, in
# Puente's folder.
(cd end2end && PUENTE_BASE_URL="http://127.0.0.1:$port" PUENTE_E2E_SMTP_PORT="$smtp_port" \
  PUENTE_E2E_DIR="$e2e_dir" PUENTE_BIN="$PWD/../target/debug/puente" npm test --silent) || {
  log "end2end failed; server log:"; cat "$e2e_dir/server.log"; exit 1; }

step "graceful shutdown on SIGTERM"
kill -TERM "$server_pid"
status=0; wait "$server_pid" || status=$?
server_pid=""
[ "$status" = 0 ] || { log "puente exited $status on SIGTERM"; cat "$e2e_dir/server.log"; exit 1; }
remove_e2e_dir

step "all tests passed"
