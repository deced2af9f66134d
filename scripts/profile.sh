#!/usr/bin/env bash
# Where the time goes, natively: perf samples of the criterion benchmarks (built with line
# tables), printed as the functions with the most samples. `make profile` runs it on the
# import of the generated 500 x 20-year file and on the slowest analyses; give benchmark
# names (criterion filters) to profile others:
#   scripts/profile.sh import "parse \+ build \+ align"
#   scripts/profile.sh analyses "500 symbols x 20y daily/correlation matrix"
set -euo pipefail
cd "$(dirname "$0")/.."
command -v perf >/dev/null || { echo "profile: perf is missing (apt-get install -y linux-perf)" >&2; exit 1; }
export CARGO_PROFILE_BENCH_DEBUG=line-tables-only
out=target/bench/profile
mkdir -p "$out"

run() {
  local bench=$1 filter=$2
  cargo bench --locked --bench "$bench" --no-run 2>/dev/null
  local bin
  bin=$(ls -t target/release/deps/"$bench"-* | grep -v '\.d$' | head -1)
  local data="$out/$(echo "$bench-$filter" | tr -c 'a-zA-Z0-9' '-' | tr -s '-').perf"
  perf record -q -F 999 -g -o "$data" "$bin" --bench --profile-time 5 "$filter" >/dev/null 2>&1
  echo "== $bench: $filter"
  perf report -i "$data" --no-children --percent-limit 1.5 --stdio 2>/dev/null \
    | grep -E '^ +[0-9.]+%' | sed -E 's/ +\[\.\] / /; s/  +/ /g' | head -12
}

if [ $# -ge 2 ]; then
  run "$1" "$2"
  exit
fi
[ -f target/bench/long-500x20.csv ] || python3 scripts/gen_long_csv.py --symbols 500 --years 20 --seed 7 --out target/bench/long-500x20.csv
run import "parse \+ build \+ align"
for a in "correlation matrix" "breadth" "rotation \(oscillator\)" "risk \(every symbol\)" "rate sensitivity"; do
  run analyses "500 symbols x 20y daily/$a"
done
