#!/usr/bin/env bash
# Installs what building and testing Rotation Lab needs, only what is missing (idempotent).
# Everything comes from the package registries (crates.io, npm, PyPI, Debian); nothing
# downloads a binary from anywhere else.
#
#   scripts/setup.sh          build tools: wasm target, trunk, wasm-bindgen-cli, npm packages
#                             (echarts, binaryen's wasm-opt), the built-in sample data
#   scripts/setup.sh browser  also Chromium and ChromeDriver, for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_OPT_VERSION=132

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Installs Debian packages when we can (root with apt-get), or says exactly what to run.
apt_install() {
  local packages=("$@")
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing ${packages[*]} with apt-get"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null; then
      apt-get update -qq >/dev/null || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null \
        || die "could not install ${packages[*]}; run: sudo apt-get update && sudo apt-get install -y ${packages[*]}"
    fi
  else
    die "${packages[*]} missing; install with: sudo apt-get install -y ${packages[*]}"
  fi
}

command -v cargo >/dev/null 2>&1 || die "cargo is missing; install Rust from your package manager or rustup"
command -v rustup >/dev/null 2>&1 || die "rustup is missing; it is needed to add the wasm32-unknown-unknown target"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The zstd C library inside the Parquet reader (Polars' default compression) is compiled for
# wasm32 by clang.
command -v clang >/dev/null 2>&1 || apt_install clang

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION from crates.io (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || die "cannot find wasm-bindgen in Cargo.lock"
grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml \
  || die "Trunk.toml [tools] wasm_bindgen must be \"$WASM_BINDGEN_VERSION\" (the version in Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (a few minutes, once)"
  # --locked can fail while the registry index lags behind the CLI's lock file.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

command -v npm >/dev/null 2>&1 || apt_install nodejs npm
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (echarts, binaryen, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
# wasm-opt comes from npm's binaryen (the Makefile puts node_modules/.bin first on PATH).
node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $WASM_OPT_VERSION" \
  || die "node_modules/.bin/wasm-opt is not binaryen $WASM_OPT_VERSION; run: npm ci"

command -v python3 >/dev/null 2>&1 || apt_install python3
python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
python3 scripts/fetch_sample.py
# The app reads the sample in compact form, written from the files by the command line (again
# when a file or the format's code is newer than it).
packed=public/sample/sample.rlds.gz
if [ ! -f "$packed" ] || [ -n "$(find public/sample/*.csv.gz src/ingest/compact.rs src/sample.rs -newer "$packed" 2>/dev/null)" ]; then
  say "packing the sample for the app (rotlab pack-sample)"
  cargo run --locked --quiet --bin rotlab -- pack-sample || die "rotlab pack-sample failed"
fi

if [ "${1:-}" = browser ]; then
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    apt_install chromium chromium-driver
  fi
fi
say "ready"
