#!/usr/bin/env python3
"""Generate a long-format price file of realistic shape for benchmarks (never committed).

Random-walk daily closes for N symbols over Y years on a weekday calendar with market
holidays, per-symbol gaps (about 1% of days missing) and listings that start late, written as
`date,symbol,close,adj_close,volume` sorted by symbol then date, as a database export would be.
Seeded: the same arguments give the same bytes.

    python3 scripts/gen_long_csv.py --symbols 500 --years 20 --seed 7 --out target/bench/long-500x20.csv
"""

import argparse
import datetime as dt
import math
import pathlib
import random


def calendar(start: dt.date, years: int, rng: random.Random) -> list:
    days = []
    day = start
    end = dt.date(start.year + years, start.month, start.day)
    holidays = set()
    for year in range(start.year, start.year + years + 1):
        holidays.update({dt.date(year, 1, 1), dt.date(year, 7, 4), dt.date(year, 12, 25)})
        # Six more closures a year on random weekdays (Thanksgiving, Good Friday, ...).
        for _ in range(6):
            holidays.add(dt.date(year, rng.randint(1, 12), rng.randint(1, 28)))
    while day < end:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symbols", type=int, default=500)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    days = calendar(dt.date(2005, 1, 3), args.years, rng)
    iso = [d.isoformat() for d in days]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("date,symbol,close,adj_close,volume\n")
        for s in range(args.symbols):
            symbol = f"S{s:04d}"
            price = math.exp(rng.uniform(2.5, 6.0))
            drift, vol = rng.uniform(-0.0002, 0.0006), rng.uniform(0.008, 0.03)
            listed = rng.randrange(len(days) // 4) if rng.random() < 0.2 else 0
            factor = 1.0
            lines = []
            for i in range(listed, len(days)):
                price *= math.exp(drift + vol * rng.gauss(0.0, 1.0))
                if rng.random() < 0.003:
                    factor *= 0.99  # a dividend: the adjusted history steps down
                if rng.random() < 0.01:
                    continue  # a missing day for this symbol
                lines.append(f"{iso[i]},{symbol},{price:.4f},{price * factor:.4f},{rng.randint(10_000, 5_000_000)}\n")
            out.write("".join(lines))
            rows += len(lines)
    size = args.out.stat().st_size
    print(f"gen_long_csv: {args.out} {rows} rows, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
