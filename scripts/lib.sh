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
