#!/usr/bin/env bash
# Installs what Puente needs on a fresh Debian 12 machine (root, registries only). Idempotent:
# a second run only checks. `--for-tests` adds what the test suite needs (PostgreSQL, Chromium,
# Node packages for end2end).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

for_tests=0
[ "${1:-}" = "--for-tests" ] && for_tests=1

need_apt=()
# Debian's rustc-web knows wasm32 (rustup here cannot add targets); lld-22 is its linker;
# binaryen gives wasm-opt.
# python3-venv makes the virtual environment the local notebook back-end runs Jupyter from.
for pkg in rustc-web cargo-web rust-web-src lld-22 binaryen pkg-config python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "$for_tests" = 1 ]; then
  for pkg in postgresql chromium nodejs; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
  done
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# wasm-bindgen-cli at exactly the version in Cargo.lock, cached outside the clone.
wbg=$(wasm_bindgen_bin)
if [ ! -x "$wbg" ]; then
  version=$(wasm_bindgen_version)
  log "building wasm-bindgen-cli $version (once; cached in $PUENTE_CACHE)"
  use_rustup_cargo
  # Not --locked: its lockfile pins a webpki-roots version the registry here lacks.
  cargo install --quiet --root "$PUENTE_CACHE/tools/wasm-bindgen-$version" wasm-bindgen-cli --version "$version"
fi

# The local notebook back-end never runs learners' code as root: it uses this account.
if [ "$(id -u)" = 0 ] && ! id puente-nb >/dev/null 2>&1; then
  log "creating the account notebooks run as (puente-nb)"
  useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin puente-nb
fi

# Jupyter for the local notebook back-end, from PyPI, once per requirements version.
venv=$(jupyter_venv)
if [ ! -f "$venv/.complete" ]; then
  log "creating the Jupyter environment in $venv (once)"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/jupyter-requirements.txt
  touch "$venv/.complete"
fi
# jsonschema imports rfc3987-syntax (and its lark grammar) only if present, for IRI formats no
# Jupyter schema uses; importing it costs 1.8 s of every notebook start (measured: 4.2-5.1 s
# with it, 1.7-2.3 s without).
if "$venv/bin/python" -c "import rfc3987_syntax" 2>/dev/null; then
  "$venv/bin/pip" uninstall --quiet --disable-pip-version-check -y rfc3987-syntax lark
fi

if [ "$for_tests" = 1 ]; then
  stamp=end2end/node_modules/.puente-lock-sha
  want=$(sha256sum end2end/package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing end2end Node packages"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
fi
log "set-up complete"
