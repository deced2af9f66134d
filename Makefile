# Rotation Lab. `make serve` and `make test` set up what is missing, then do their work.
.PHONY: setup setup-browser serve dist dist-e2e test test-native test-wasm test-e2e test-real shared-data measure bench bench-peers fuzz profile profile-browser clean

export CHROMEDRIVER ?= /usr/bin/chromedriver
# trunk finds binaryen's wasm-opt (from npm) here.
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

setup:
	@scripts/setup.sh

setup-browser:
	@scripts/setup.sh browser

## Build and serve the app on the built-in sample at http://127.0.0.1:8080/ (the build
## prerenders the landing page in Chromium, so setup installs it)
serve: setup-browser
	@echo "Rotation Lab: serving on http://127.0.0.1:8080/ (Ctrl-C to stop)"
	trunk serve --offline

## Release build into dist/
dist: setup-browser
	trunk build --release --offline

## Every test layer: native, wasm in headless Chromium, end-to-end on a release build. Reads
## only what the repository holds and what setup installs (never ../shared).
test: setup-browser test-native test-wasm test-e2e

test-native:
	cargo test --locked

test-wasm:
	cargo test --locked --target wasm32-unknown-unknown --test web

## The end-to-end tests run on a release build with the test hooks (`rotlab_test_panic`), kept
## apart from the shipped dist/; it is rebuilt only when a source is newer than it.
E2E_DIST := target/dist-e2e
E2E_SOURCES := $(shell find src core/src style public scripts -type f 2>/dev/null) index.html Cargo.toml core/Cargo.toml Cargo.lock Trunk.toml package-lock.json
$(E2E_DIST)/index.html: $(E2E_SOURCES)
	ROTLAB_TEST_HOOKS=1 trunk build --release --offline --features test-hooks --dist $(E2E_DIST)

dist-e2e: setup-browser $(E2E_DIST)/index.html

test-e2e: dist-e2e
	ROTLAB_DIST=$(E2E_DIST) node --test tests/e2e/

## The real-data layer: native and end-to-end tests over the market data in ../shared/data
## (never copied into the repository), including the cross-checks against pandas. Fails,
## naming the path, when that folder is missing.
SHARED_DATA := $(abspath ../shared/data)
shared-data:
	@test -d "$(SHARED_DATA)" || { echo "make test-real: $(SHARED_DATA) is missing: this layer needs the real market data in ../shared/data beside the repository (make test needs none)" >&2; exit 1; }

test-real: shared-data setup-browser dist-e2e
	cargo test --locked --test real
	ROTLAB_DIST=$(E2E_DIST) node --test tests/e2e-real/

## Cold and warm load to the first chart drawn, and the bytes a first visit transfers.
measure: dist
	node tests/bench/load.mjs

## Benchmarks (target/bench/results.json and a table): criterion natively; in headless Chromium
## on the release build every analysis, the import of a generated 500 x 20-year long file, cold
## and warm loads, rotation redraws, the long tasks of each view switch with that file added; and
## the peers (pandas, DuckDB-wasm) on the same file.
BENCH_LONG := target/bench/long-500x20.csv
$(BENCH_LONG): scripts/gen_long_csv.py
	python3 scripts/gen_long_csv.py --symbols 500 --years 20 --seed 7 --out $@

## The peers, on the same file: pandas natively, DuckDB-wasm in the same Chromium; and the
## check that both agree with Rotation Lab's own numbers (examples/peers_check.rs).
bench-peers: $(BENCH_LONG)
	scripts/setup_bench.sh
	python3 scripts/bench_pandas.py $(BENCH_LONG) --out target/bench/pandas.json
	node tests/bench/duckdb-bench.mjs $(BENCH_LONG)
	cargo run --release --locked --example peers_check -- $(BENCH_LONG) --out target/bench/rotlab.json
	python3 scripts/bench_compare.py target/bench/pandas.json target/bench/duckdb.json target/bench/rotlab.json --out target/bench/agreement.json

bench: setup-browser dist $(BENCH_LONG) bench-peers
	cargo bench --locked --bench import --bench analyses
	node tests/bench/analyses.mjs
	node tests/bench/import.mjs $(BENCH_LONG)
	node tests/bench/load.mjs
	node tests/bench/rotation.mjs
	node tests/bench/views.mjs $(BENCH_LONG)
	node tests/bench/report.mjs

## Fuzzing (cargo-fuzz, nightly): every target of fuzz/ in turn for FUZZ_SECONDS each, one
## process at a time and niced; new inputs go to fuzz/corpus-grown/, crashes to fuzz/artifacts/.
## `make fuzz FUZZ_SECONDS=3600` for the long runs recorded in fuzz/README.md.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/setup_fuzz.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

## Where the time goes: perf samples of the native benchmarks (scripts/profile.sh).
profile: setup
	scripts/profile.sh

## The same in Chromium for adding a 500 x 20-year dataset: a CPU profile split into the
## browser's tasks (scripts/profile_browser.sh).
profile-browser: setup-browser
	scripts/profile_browser.sh

clean:
	rm -rf dist target/wasm32-unknown-unknown
