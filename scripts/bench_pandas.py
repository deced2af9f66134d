#!/usr/bin/env python3
"""Peer benchmark, pandas side: the app's benchmark computations on the same long-format CSV.

    scripts/setup_bench.sh          # once: a venv with pandas in target/bench/venv, the CSV
    python3 scripts/bench_pandas.py target/bench/long-500x20.csv --out target/bench/pandas.json [--runs 3]

(`python3` may be any interpreter: without pandas, the script re-runs itself with the venv's.)

Input: `date,symbol,close,adj_close,volume` sorted by symbol then date, as written by
scripts/gen_long_csv.py; the adjusted close is the price, as in the app.

Measured with time.perf_counter, in one process, best and median of N runs (each run repeats
all three steps; nothing is cached between runs except what Python and pandas cache
themselves, and the OS's page cache of the file):

  import             pd.read_csv(FILE, usecols=[date, symbol, adj_close], parse_dates=[date]),
                     pivoted to a wide date x symbol frame sorted by date (NaN where a symbol has
                     no close that day).
  quarterly_returns  per symbol, every calendar quarter's return = last close in the quarter /
                     last close of the previous calendar quarter - 1 (NaN when either quarter
                     has no close: before a listing, and the first quarter).
  rotation           the app's trend family of RS-Ratio / RS-Momentum on weekly bars (the last
                     close of each week ending Friday, W-FRI; the data has weekdays only, so
                     this is the ISO week) of every symbol against S0000 (one symbol as the
                     benchmark keeps it identical across tools):
                       RS = 100 * price / benchmark
                       RS-Ratio = 100 * SMA10(RS) / SMA30(RS)
                       RS-Momentum = SMA3(100 * RS-Ratio / RS-Ratio 9 bars earlier)
                     An SMA is NaN unless its whole window has values (pandas' default
                     min_periods). Timed from the wide daily frame: the weekly resampling is
                     part of it, as a parameter change makes pandas recompute everything.

Checks (computed outside the timings, from the last run, to compare tools): rows, symbols,
dates, the count and mean of the finite quarterly returns, the count and mean of the finite
RS-Ratio and RS-Momentum values, the count and means of the rotation chart's points (every
symbol but the benchmark, weeks where both are finite), and S0001's last RS-Ratio and
RS-Momentum with their week.

A run longer than --timeout seconds (default 300) aborts the whole benchmark with a message.
No network is used.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import pathlib
import platform
import statistics
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "bench" / "venv"  # made by scripts/setup_bench.sh
VENV_PYTHON = VENV / "bin" / "python"
COLUMNS = ["date", "symbol", "adj_close"]
BENCHMARK = "S0000"
CHECK_SYMBOL = "S0001"
# The app's defaults for the trend family: fast and slow SMAs, momentum lag and smoothing.
FAST, SLOW, LAG, SMOOTH = 10, 30, 9, 3

try:
    import numpy as np
    import pandas as pd
except ModuleNotFoundError as missing:
    # Re-run with the benchmark venv's interpreter when it exists and this one lacks pandas.
    if VENV_PYTHON.exists() and pathlib.Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])
    sys.exit(f"bench_pandas: {missing.name} is missing: run scripts/setup_bench.sh (it installs pandas in {VENV})")


def load_wide(path: pathlib.Path) -> tuple[pd.DataFrame, int]:
    """The import step: read the long file and pivot it to dates x symbols; also the rows read."""
    long = pd.read_csv(path, usecols=COLUMNS, parse_dates=["date"])
    wide = long.pivot(index="date", columns="symbol", values="adj_close").sort_index()
    return wide, len(long)


def quarterly_returns(wide: pd.DataFrame) -> pd.DataFrame:
    """Quarter-end (QE) rows x symbols: last close in the quarter over the previous quarter's.

    resample().last() takes each column's last non-NaN value in the quarter. The explicit
    shift (rather than pct_change) keeps a missing previous quarter NaN on every pandas version
    (pandas 2 forward-filled by default).
    """
    last = wide.resample("QE").last()
    return last / last.shift(1) - 1


def rotation(wide: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """RS-Ratio and RS-Momentum (weeks ending Friday x symbols) against BENCHMARK."""
    weekly = wide.resample("W-FRI").last()
    rs = 100 * weekly.div(weekly[BENCHMARK], axis=0)
    ratio = 100 * rs.rolling(FAST).mean() / rs.rolling(SLOW).mean()
    momentum = (100 * ratio / ratio.shift(LAG)).rolling(SMOOTH).mean()
    return ratio, momentum


def finite(frame: pd.DataFrame) -> np.ndarray:
    values = frame.to_numpy(dtype=float).ravel()
    return values[np.isfinite(values)]


def checks(wide: pd.DataFrame, rows: int, quarterly: pd.DataFrame, ratio: pd.DataFrame, momentum: pd.DataFrame) -> dict:
    q, r, m = finite(quarterly), finite(ratio), finite(momentum)
    # The rotation chart's coordinates: every symbol but the benchmark, weeks with both defined.
    pr = ratio.drop(columns=[BENCHMARK]).to_numpy(dtype=float)
    pm = momentum.drop(columns=[BENCHMARK]).to_numpy(dtype=float)
    both = np.isfinite(pr) & np.isfinite(pm)
    last_week = ratio[CHECK_SYMBOL].last_valid_index()
    return {
        "rows": rows,
        "symbols": int(wide.shape[1]),
        "dates": int(wide.shape[0]),
        "first_date": wide.index[0].strftime("%Y-%m-%d"),
        "last_date": wide.index[-1].strftime("%Y-%m-%d"),
        "quarterly_returns_count": int(q.size),
        "quarterly_returns_mean": float(q.mean()),
        "rs_ratio_count": int(r.size),
        "rs_ratio_mean": float(r.mean()),
        "rs_momentum_count": int(m.size),
        "rs_momentum_mean": float(m.mean()),
        "points_count": int(both.sum()),
        "points_rs_ratio_mean": float(pr[both].mean()),
        "points_rs_momentum_mean": float(pm[both].mean()),
        f"{CHECK_SYMBOL}_last_week_ending": last_week.strftime("%Y-%m-%d"),
        f"{CHECK_SYMBOL}_last_rs_ratio": float(ratio.at[last_week, CHECK_SYMBOL]),
        f"{CHECK_SYMBOL}_last_rs_momentum": float(momentum.at[last_week, CHECK_SYMBOL]),
    }


def package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def summary(samples: list[float]) -> dict:
    return {"best": min(samples), "median": statistics.median(samples), "all": samples}


class Watchdog:
    """Ends the process when a run outlives its time limit.

    A thread rather than SIGALRM: a signal handler only runs between Python bytecodes, and
    read_csv can stay inside its C parser for a long time.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.timer: threading.Timer | None = None

    def _expire(self, label: str) -> None:
        print(f"bench_pandas: {label} took more than {self.seconds:g} s: aborted", file=sys.stderr, flush=True)
        os._exit(3)

    def arm(self, label: str) -> None:
        self.timer = threading.Timer(self.seconds, self._expire, args=(label,))
        self.timer.daemon = True
        self.timer.start()

    def disarm(self) -> None:
        if self.timer is not None:
            self.timer.cancel()


def check_input(path: pathlib.Path) -> None:
    if not path.is_file():
        sys.exit(
            f"bench_pandas: {path} does not exist; generate it with\n"
            "  python3 scripts/gen_long_csv.py --symbols 500 --years 20 --seed 7 --out target/bench/long-500x20.csv"
        )
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        sys.exit(f"bench_pandas: {path} has no column {', '.join(missing)} (header: {','.join(header)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=pathlib.Path, help="long-format CSV (scripts/gen_long_csv.py)")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "target" / "bench" / "pandas.json")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300, help="seconds one run may take (default 300)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    check_input(args.file)

    load_before = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    watchdog = Watchdog(args.timeout)
    times: dict[str, list[float]] = {"import": [], "quarterly_returns": [], "rotation": []}
    for run in range(1, args.runs + 1):
        watchdog.arm(f"run {run}")
        t0 = time.perf_counter()
        wide, rows = load_wide(args.file)
        t1 = time.perf_counter()
        quarterly = quarterly_returns(wide)
        t2 = time.perf_counter()
        ratio, momentum = rotation(wide)
        t3 = time.perf_counter()
        watchdog.disarm()
        for key, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2)):
            times[key].append(round(seconds * 1000, 1))
        print(
            f"bench_pandas: run {run}/{args.runs}: import {times['import'][-1]:.0f} ms, "
            f"quarterly returns {times['quarterly_returns'][-1]:.0f} ms, rotation {times['rotation'][-1]:.0f} ms",
            flush=True,
        )
        if run < args.runs:
            del wide, quarterly, ratio, momentum  # keep one run's frames in memory at a time

    check = checks(wide, rows, quarterly, ratio, momentum)
    result = {
        "tool": "pandas",
        "version": pd.__version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pyarrow": package_version("pyarrow"),  # pandas uses it for strings when present
        "file": str(args.file.resolve()),
        "bytes": args.file.stat().st_size,
        "rows": check["rows"],
        "symbols": check["symbols"],
        "runs": args.runs,
        "import_ms": summary(times["import"]),
        "quarterly_returns_ms": summary(times["quarterly_returns"]),
        "rotation_ms": summary(times["rotation"]),
        "check": check,
        "load_average_1min": {"before": load_before, "after": os.getloadavg()[0], "cpus": os.cpu_count()},
        "notes": "single process, pandas' default C CSV parser; import includes the pivot to a wide frame; "
        "rotation includes the weekly resampling",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("import_ms", "quarterly_returns_ms", "rotation_ms")}))
    print(json.dumps(check, indent=2))
    print(f"bench_pandas: wrote {args.out}")


if __name__ == "__main__":
    main()
