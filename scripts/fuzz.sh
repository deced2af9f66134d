#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/fuzz_targets/, see fuzz/README.md) one after the other, each for
# FUZZ_SECONDS, one process at a time and niced, so the machine stays usable. Each run starts
# from the committed seeds (fuzz/corpus/<target>) and what earlier runs found
# (fuzz/corpus-grown/<target>, git-ignored, where new inputs are written); a crash, a hang
# (-timeout=10 s) or an out-of-memory (2 GiB resident, or any one allocation over 1 GiB: no
# bound of the app lets an input of a few kB allocate that much) is written to
# fuzz/artifacts/<target>/ and fails the run. The full log of each target is
# fuzz/logs/<target>.log; the summary at the end is libFuzzer's own final numbers.
#
#   scripts/fuzz.sh                        every target, 60 s each
#   FUZZ_SECONDS=3600 scripts/fuzz.sh parquet analyses
#   FUZZ_RUNS=10000000 scripts/fuzz.sh link    stop after 10 million executions instead
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-60}
RUNS=${FUZZ_RUNS:--1}
# Each target and the longest input it is given, in bytes.
declare -A MAX_LEN=([link]=16384 [import]=4096 [parquet]=16384 [analyses]=4096 [stored]=4096)
ALL=(link import parquet analyses stored)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL[@]}"); fi

for t in "${TARGETS[@]}"; do
  [ -n "${MAX_LEN[$t]:-}" ] || { echo "fuzz: unknown target $t (targets: ${ALL[*]})" >&2; exit 2; }
done

# -a: debug assertions and overflow checks, so an integer overflow is a crash, not a wrap.
nice -n 10 cargo +nightly fuzz build -a

mkdir -p fuzz/logs
failed=()
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus-grown/$t" "fuzz/artifacts/$t"
  echo "fuzz: $t for ${SECONDS_EACH}s (max_len ${MAX_LEN[$t]})"
  if ! nice -n 10 cargo +nightly fuzz run -a "$t" "fuzz/corpus-grown/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$SECONDS_EACH" -runs="$RUNS" -max_len="${MAX_LEN[$t]}" \
      -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
      >"fuzz/logs/$t.log" 2>&1; then
    failed+=("$t")
    grep -E "^(==[0-9]+==ERROR|thread .* panicked|SUMMARY|artifact_prefix|Test unit written)" "fuzz/logs/$t.log" | head -5 || true
  fi
done

printf '\n%-10s %12s %8s %8s %16s\n' target runs seconds exec/s corpus
for t in "${TARGETS[@]}"; do
  log="fuzz/logs/$t.log"
  runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  secs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(sed -n 's/^#[0-9]*[[:space:]]*DONE .* corp: \([^ ]*\) .*/\1/p' "$log" | tail -1)
  printf '%-10s %12s %8s %8s %16s\n' "$t" "${runs:-crashed}" "${secs:--}" "${rate:--}" "$corpus"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/logs/)" >&2
  exit 1
fi
