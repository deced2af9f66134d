#!/usr/bin/env bash
# Installs what fuzzing needs, only what is missing (idempotent; a second run installs
# nothing): Rust's nightly toolchain (cargo-fuzz builds with -Zsanitizer) and cargo-fuzz from
# crates.io. Used by `make fuzz` (scripts/fuzz.sh).
#
#   scripts/setup_fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=${CARGO_FUZZ_VERSION:-0.13.2}

say() { printf 'setup_fuzz: %s\n' "$*"; }
die() { printf 'setup_fuzz: error: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null 2>&1 || die "cargo is missing; install Rust from your package manager or rustup"
command -v rustup >/dev/null 2>&1 || die "rustup is missing; it is needed for the nightly toolchain"

if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (minimal profile)"
  rustup toolchain install nightly --profile minimal
fi

# cargo-fuzz is a cargo subcommand: `cargo fuzz` finds it on PATH (~/.cargo/bin).
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION from crates.io (a minute, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
say "ready ($(cargo fuzz --version), $(cargo +nightly --version))"
