# Shared helpers for Puente's scripts (sourced, not run).
# Tools that take minutes to build are cached outside the clone, keyed by version.
PUENTE_CACHE=${PUENTE_CACHE:-/var/cache/puente}

log() { printf '\033[1m[puente]\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock
}

wasm_bindgen_bin() {
  echo "$PUENTE_CACHE/tools/wasm-bindgen-$(wasm_bindgen_version)/bin/wasm-bindgen"
}

# rustup's toolchain (with clippy and rustfmt) for the server and the tests.
use_rustup_cargo() {
  export PATH="$HOME/.cargo/bin:$PATH"
}

# The Python virtual environment with jupyter-server, keyed by the requirements file's hash so
# a changed pin makes a fresh one.
jupyter_venv() {
  echo "$PUENTE_CACHE/jupyter-$(sha256sum scripts/jupyter-requirements.txt | cut -c1-12)"
}

# The benchmarks start Puente with its default (local) notebook back-end, which needs the Jupyter
# environment setup.sh made: exports PUENTE_JUPYTER, or stops saying what to run.
use_jupyter() {
  export PUENTE_JUPYTER=${PUENTE_JUPYTER:-$(jupyter_venv)/bin/jupyter-server}
  [ -x "$PUENTE_JUPYTER" ] || { log "$PUENTE_JUPYTER is missing: run scripts/setup.sh"; exit 1; }
}

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# check_tools FOR_TESTS: proves that every tool Puente's build and run rely on works (and with
# FOR_TESTS=1 those of the test suite too). Stops at the first missing one with one line naming it.
check_tools() {
  local for_tests=${1:-0} sysroot lld wbg want got venv
  missing() { log "set-up check failed: $*"; exit 1; }
  [ -x /usr/bin/cargo ] && /usr/bin/rustc --print target-list 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || missing "Debian's rustc-web with the wasm32 target (/usr/bin/rustc; package rustc-web)"
  sysroot=$(/usr/bin/rustc --print sysroot)
  [ -d "$sysroot/lib/rustlib/src/rust/library/std" ] || missing "the Rust standard library's sources (package rust-web-src)"
  # rustc finds rust-lld in its sysroot's tool folder or on PATH (Debian: /usr/bin/rust-lld,
  # a link to lld-22's binary).
  lld=$(find "$sysroot/lib/rustlib" -path '*/bin/rust-lld' 2>/dev/null | head -1)
  [ -n "$lld" ] || lld=$(command -v rust-lld || true)
  [ -n "$lld" ] && "$lld" -flavor wasm --version >/dev/null 2>&1 \
    || missing "the wasm linker rust-lld (packages rust-web-llvm and lld-22)"
  wbg=$(wasm_bindgen_bin); want=$(wasm_bindgen_version)
  got=$("$wbg" --version 2>/dev/null | awk '{print $2}') || true
  [ "$got" = "$want" ] || missing "wasm-bindgen $want (found '${got:-none}' at $wbg)"
  wasm-opt --version >/dev/null 2>&1 || missing "wasm-opt (package binaryen)"
  [ -x "$HOME/.cargo/bin/cargo" ] || missing "rustup's cargo in ~/.cargo/bin"
  venv=$(jupyter_venv)
  "$venv/bin/jupyter-server" --version >/dev/null 2>&1 || missing "jupyter-server in $venv"
  "$venv/bin/python" -c 'import jupyterlab, ipykernel' 2>/dev/null || missing "JupyterLab and ipykernel in $venv"
  "$venv/bin/python" -c 'import jupyterlab_language_pack_es_ES, jupyterlab_language_pack_pt_BR' 2>/dev/null \
    || missing "the es and pt-BR JupyterLab language packs in $venv"
  if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null || missing "setpriv (package util-linux)"
  fi
  [ "$for_tests" = 1 ] || return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing "PostgreSQL's initdb (package postgresql)"
  /usr/bin/chromium --version >/dev/null 2>&1 || missing "Chromium (/usr/bin/chromium; package chromium)"
  node --version >/dev/null 2>&1 && npm --version >/dev/null 2>&1 || missing "node and npm (package nodejs)"
  rsync --version >/dev/null 2>&1 || missing "rsync (package rsync)"
  go version >/dev/null 2>&1 || missing "Go (package golang-go)"
  etcd --version >/dev/null 2>&1 || missing "etcd (package etcd-server)"
  openssl version >/dev/null 2>&1 || missing "openssl (package openssl)"
  java -version >/dev/null 2>&1 || missing "Java, for W3C's HTML checker (package default-jre-headless)"
  [ -d end2end/node_modules/playwright-core ] || missing "the end2end Node packages (npm ci in end2end/)"
}
