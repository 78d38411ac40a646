#!/usr/bin/env bash
# Builds the browser bundle (islands only) into target/site/pkg with Debian's rustc-web, std built
# from rust-web-src, wasm-bindgen-cli at exactly the version in Cargo.lock, and wasm-opt.
# Needs scripts/setup.sh to have run once.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

wbg=$(wasm_bindgen_bin)
out=target/site/pkg
tmp=target/site/pkg.tmp
# Debian's cargo/rustc (1.96, knows wasm32) must come before rustup's on PATH.
export PATH="/usr/bin:$PATH"
export RUSTC_BOOTSTRAP=1
# Debian's binaryen 108 mishandles reference types and multi-value; build without them.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types,-multivalue"
log "building the wasm islands (Debian rustc $(/usr/bin/rustc --version | cut -d' ' -f2))"
/usr/bin/cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features \
  --features hydrate --profile wasm-release -Zbuild-std=std,panic_abort \
  --target-dir target/wasm-build --locked
rm -rf "$tmp" && mkdir -p "$tmp"
"$wbg" --target web --no-typescript --out-dir "$tmp" --out-name puente \
  target/wasm-build/wasm32-unknown-unknown/wasm-release/app.wasm
wasm-opt -Oz --strip-debug --strip-producers "$tmp/puente_bg.wasm" -o "$tmp/puente_bg.opt.wasm"
mv "$tmp/puente_bg.opt.wasm" "$tmp/puente_bg.wasm"
rm -rf "$out" && mv "$tmp" "$out"
log "browser bundle: $(stat -c %s "$out/puente_bg.wasm") bytes wasm, $(gzip -9c "$out/puente_bg.wasm" | wc -c) gzip"
