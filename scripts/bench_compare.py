#!/usr/bin/env python3
"""Side-by-side table of the peer benchmarks' JSON files, and a check that their results agree.

    python3 scripts/bench_compare.py target/bench/pandas.json target/bench/duckdb.json target/bench/rotlab.json [--rtol 1e-9]

Prints each tool's best and median ms per step, then every check value side by side, each
compared with the first file's. Counts, dates and the row and symbol counts must be equal;
floating-point values must agree within --rtol (relative; the tools sum in different orders,
so the last bits differ). A check a tool does not compute (Rotation Lab draws only the
rotation chart's points, not RS-Ratio alone) is shown as - and listed, not compared. Exits 1
when a check disagrees. Standard library only.
"""

import argparse
import json
import math
import pathlib
import sys

STEPS = ["import_ms", "quarterly_returns_ms", "rotation_ms"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="+", type=pathlib.Path, help="JSON files written by the benchmarks")
    parser.add_argument("--rtol", type=float, default=1e-9)
    parser.add_argument("--out", type=pathlib.Path, help="write the verdict as JSON (for tests/bench/report.mjs)")
    args = parser.parse_args()

    runs = []
    for path in args.results:
        try:
            runs.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as err:
            sys.exit(f"bench_compare: cannot read {path}: {err}")

    names = [f"{r['tool']} {r['version']}" for r in runs]
    width = max(28, *(len(n) + 2 for n in names))
    print(f"{'step (best / median ms)':<24}" + "".join(f"{n:>{width}}" for n in names))
    for step in STEPS:
        cells = [f"{r[step]['best']:.0f} / {r[step]['median']:.0f}" if step in r else "-" for r in runs]
        print(f"{step[:-3]:<24}" + "".join(f"{c:>{width}}" for c in cells))

    print()
    reference = runs[0]["check"]
    disagreements = []
    largest = 0.0  # the largest relative difference of a float check
    absent = []  # (key, tool): checks a tool does not compute (shown as -)
    for key, want in reference.items():
        values = [r["check"].get(key) for r in runs]
        print(f"{key:<32}" + "".join(f"{'-' if v is None else str(v):>{width}}" for v in values))
        for run, got in zip(runs[1:], values[1:]):
            if got is None:
                absent.append(f"{key} ({run['tool']})")
            elif isinstance(want, float) and isinstance(got, (int, float)):
                same = math.isclose(got, want, rel_tol=args.rtol, abs_tol=0.0)
                worst = abs(got - want) / abs(want) if want else abs(got)
                largest = max(largest, worst)
                if not same:
                    disagreements.append(f"{key}: {run['tool']} {got} vs {want} (relative {worst:.2e})")
            elif got != want:
                disagreements.append(f"{key}: {run['tool']} {got!r} vs {want!r}")

    if args.out:
        args.out.write_text(json.dumps({
            "tools": names,
            "compared": len(reference) * (len(runs) - 1) - len(absent),
            "disagreements": disagreements,
            "largest_relative_difference": largest,
        }, indent=2), encoding="utf-8")
    if disagreements:
        print("\nbench_compare: the checks disagree:\n  " + "\n  ".join(disagreements), file=sys.stderr)
        sys.exit(1)
    compared = len(reference) * (len(runs) - 1) - len(absent)
    print(f"\nbench_compare: all {compared} comparisons with {names[0]} agree (floats within {args.rtol:g} relative; largest difference {largest:.1e})")
    if absent:
        print("bench_compare: not computed, so not compared: " + ", ".join(absent))


if __name__ == "__main__":
    main()
