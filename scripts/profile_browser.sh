#!/usr/bin/env bash
# Where the main thread's time goes in the browser when a big dataset is added: a release build
# that keeps its function names (no wasm-opt, which drops them; the page and its policy as
# shipped) in target/profdist, then tests/bench/profile-add.mjs on the generated 500 x 20-year
# file. `make profile-browser` runs it. Timings in this build are slower than in the shipped
# one (it is not optimised by wasm-opt); compare tasks with each other, not with the bench.
set -euo pipefail
cd "$(dirname "$0")/.."
# trunk finds binaryen's wasm-opt (from npm) here, as the Makefile sets it for `make profile-browser`.
export PATH="$PWD/node_modules/.bin:$PATH"
[ -f target/bench/long-500x20.csv ] || python3 scripts/gen_long_csv.py --symbols 500 --years 20 --seed 7 --out target/bench/long-500x20.csv
# trunk resolves the page's paths from the page's own folder: the variant sits next to it.
variant=index.profile.html
trap 'rm -f "$variant"' EXIT
sed -E 's/data-wasm-opt="z" data-wasm-opt-params="[^"]*"/data-wasm-opt="0" data-keep-debug/' index.html >"$variant"
grep -q 'data-wasm-opt="0"' "$variant" || { echo "profile_browser: index.html's rust link changed; update the sed here" >&2; exit 1; }
trunk build --release --offline --dist target/profdist "$variant"
node tests/bench/profile-add.mjs target/profdist
