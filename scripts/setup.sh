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
# Debian's rustc-web knows wasm32 (rustup here cannot add targets). Its linker `rust-lld` comes
# from rust-web-llvm, which rustc-web only *recommends* (so --no-install-recommends skips it),
# and points at lld-22, which rust-web-llvm does not pull in. binaryen gives wasm-opt.
# python3-venv makes the virtual environment the local notebook back-end runs Jupyter from;
# fonts-dejavu-core gives certificates their fonts.
packages=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22 binaryen pkg-config python3-venv curl fonts-dejavu-core)
if [ "$for_tests" = 1 ]; then
  # PostgreSQL, Chromium and Node for the tests; the rest builds and runs the Kubernetes control
  # plane (scripts/kube.sh): Go, rsync (its Makefile copies generated code with it), etcd, the
  # source-package tools, openssl for its certificates and the reflect2 fix it vendors. Java runs
  # W3C's Nu HTML checker (the vnu-jar Node package) in the end2end tests.
  packages+=(postgresql chromium nodejs rsync golang-go etcd-server dpkg-dev openssl
    golang-github-modern-go-reflect2-dev default-jre-headless)
fi
for pkg in "${packages[@]}"; do
  have_pkg "$pkg" || need_apt+=("$pkg")
done
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
# Set-up proves itself: every tool the build, the server and the tests rely on must work, or
# set-up stops with one line naming what is missing.
check_tools "$for_tests"
log "set-up complete"
