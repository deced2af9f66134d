#!/usr/bin/env bash
# Installs what the peer benchmarks need, only what is missing (idempotent; a second run
# installs nothing). Everything comes from the package registries (PyPI, npm, Debian).
#
#   - pandas (pinned) in a virtual environment, target/bench/venv, never the system Python
#     (Debian's refuses system-wide pip installs, PEP 668), for scripts/bench_pandas.py;
#   - npm's @duckdb/duckdb-wasm at the version tests/bench/peers/package.json pins, for
#     tests/bench/duckdb-bench.mjs;
#   - Chromium (Debian's), which that benchmark drives;
#   - the benchmark file target/bench/long-500x20.csv (scripts/gen_long_csv.py, seeded).
#
#   scripts/setup_bench.sh
#   PANDAS_VERSION=2.2.3 scripts/setup_bench.sh     # another pandas
set -euo pipefail
cd "$(dirname "$0")/.."

PANDAS_VERSION=${PANDAS_VERSION:-3.1.1}
VENV=target/bench/venv
CSV=target/bench/long-500x20.csv
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

say() { printf 'setup_bench: %s\n' "$*"; }
die() { printf 'setup_bench: error: %s\n' "$*" >&2; exit 1; }
can_apt() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }
apt_install() {
  can_apt || die "$* missing; install with: sudo apt-get install -y $*"
  say "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || { apt-get update -qq >/dev/null || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } \
    || die "could not install $*; run: sudo apt-get update && sudo apt-get install -y $*"
}

# --- pandas in a venv ------------------------------------------------------------------------
command -v python3 >/dev/null 2>&1 || apt_install python3
if [ ! -x "$VENV/bin/python" ]; then
  say "creating the virtual environment $VENV"
  mkdir -p "$(dirname "$VENV")"
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    # Debian's python3 ships venv's pip bootstrap (ensurepip) separately.
    [ "$(command -v python3)" = /usr/bin/python3 ] && can_apt \
      || die "python3 -m venv failed; on Debian: sudo apt-get install -y python3-venv"
    apt_install python3-venv
    python3 -m venv "$VENV" || { rm -rf "$VENV"; die "python3 -m venv $VENV failed (see above)"; }
  fi
fi
installed=$("$VENV/bin/python" -c 'import pandas; print(pandas.__version__)' 2>/dev/null || true)
if [ "$installed" != "$PANDAS_VERSION" ]; then
  say "installing pandas $PANDAS_VERSION from PyPI into $VENV${installed:+ (has $installed)}"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pandas==$PANDAS_VERSION" \
    || die "could not install pandas $PANDAS_VERSION into $VENV (pip's message is above; is PyPI reachable?)"
fi

# --- DuckDB-wasm from npm --------------------------------------------------------------------
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
# Its own folder (tests/bench/peers), so the app's `npm ci` never downloads its ~150 MB.
PEERS=tests/bench/peers
wanted=$(node -p "require('./$PEERS/package.json').dependencies['@duckdb/duckdb-wasm'] ?? ''")
[ -n "$wanted" ] || die "$PEERS/package.json has no dependency @duckdb/duckdb-wasm"
have=$(node -p "require('./$PEERS/node_modules/@duckdb/duckdb-wasm/package.json').version" 2>/dev/null || true)
if [ "$have" != "$wanted" ]; then
  say "installing @duckdb/duckdb-wasm $wanted into $PEERS with npm ci (about 150 MB, once)"
  npm ci --prefix "$PEERS" --no-audit --no-fund --loglevel=error \
    || die "npm ci in $PEERS failed (its message is above; is the npm registry reachable?)"
fi

# --- Chromium --------------------------------------------------------------------------------
[ -x "$CHROMIUM" ] || apt_install chromium

# --- the benchmark file ----------------------------------------------------------------------
if [ ! -s "$CSV" ]; then
  say "generating $CSV (about 100 MB)"
  python3 scripts/gen_long_csv.py --symbols 500 --years 20 --seed 7 --out "$CSV"
fi

say "ready: pandas $PANDAS_VERSION ($VENV), @duckdb/duckdb-wasm $wanted, $CHROMIUM, $CSV"
