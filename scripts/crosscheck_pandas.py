#!/usr/bin/env python3
"""Independent reference values for the engine, computed with pandas on the real data in
../shared/data. Run once; its output is committed as tests/fixtures/crosscheck/pandas.json and
tests/crosscheck.rs compares the engine with it.

    python3 -m pip install pandas numpy
    python3 scripts/crosscheck_pandas.py > tests/fixtures/crosscheck/pandas.json

Conventions (the engine's, written out independently here): simple returns; sample SD
(ddof=1) x sqrt(252); Sharpe = mean(r - rf/252) / SD(r - rf/252) x sqrt(252); Sortino with the
downside deviation sqrt(mean(min(r - rf/252, 0)^2)); CAGR over calendar years (days / 365.25);
max drawdown on the closes of the window (no phantom starting point); beta = cov / var;
rate beta = slope of the return in % on the yield change in bp, x 100 (% per 100 bp), on the
dates both series have (inner join).
"""

import json
import pathlib
import sys

import numpy as np
import pandas as pd

DATA = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "data"
START, END = "2021-01-01", "2025-12-31"
RF = 0.04


def closes(symbol: str) -> pd.Series:
    frame = pd.read_csv(DATA / "etf" / f"{symbol}.csv", parse_dates=["date"]).set_index("date")
    return frame["close"].loc[START:END].rename(symbol)


def stats(prices: pd.Series) -> dict:
    r = prices.pct_change().dropna()
    excess = r - RF / 252
    days = (prices.index[-1] - prices.index[0]).days
    drawdown = prices / prices.cummax() - 1
    trough = drawdown.idxmin()
    peak = prices.loc[:trough].idxmax()
    return {
        "first": str(prices.index[0].date()),
        "last": str(prices.index[-1].date()),
        "total_return": float(prices.iloc[-1] / prices.iloc[0] - 1),
        "volatility": float(r.std(ddof=1) * np.sqrt(252)),
        "sharpe": float(excess.mean() / excess.std(ddof=1) * np.sqrt(252)),
        "sortino": float(excess.mean() / np.sqrt((excess.clip(upper=0) ** 2).mean()) * np.sqrt(252)),
        "cagr": float((prices.iloc[-1] / prices.iloc[0]) ** (365.25 / days) - 1),
        "max_drawdown": float(drawdown.min()),
        "max_drawdown_peak": str(peak.date()),
        "max_drawdown_trough": str(trough.date()),
    }


def main() -> None:
    symbols = ["SPY", "QQQ", "IWM"]
    prices = pd.concat([closes(s) for s in symbols], axis=1, join="inner")
    out = {"window": [START, END], "risk_free": RF, "stats": {}, "q3_2025": {}}
    for s in symbols:
        out["stats"][s] = stats(prices[s])
        p = prices[s]
        base = p.loc[:"2025-06-30"].iloc[-1]
        end = p.loc[:"2025-09-30"].iloc[-1]
        out["q3_2025"][s] = float(end / base - 1)
    r = prices.pct_change().dropna()
    out["beta_iwm_on_spy"] = float(r["IWM"].cov(r["SPY"]) / r["SPY"].var())
    corr = r.corr()
    out["correlation"] = {a: {b: float(corr.loc[a, b]) for b in symbols} for a in symbols}
    dgs10 = pd.read_csv(DATA / "rates" / "DGS10.csv", parse_dates=["observation_date"]).set_index("observation_date")["DGS10"]
    joined = pd.concat([prices["IWM"], dgs10.loc[START:END]], axis=1, join="inner").dropna()
    ret = joined["IWM"].pct_change() * 100
    dy = joined["DGS10"].diff() * 100
    pair = pd.concat([ret, dy], axis=1).dropna()
    out["rate_beta_iwm_per_100bp"] = float(pair.iloc[:, 0].cov(pair.iloc[:, 1]) / pair.iloc[:, 1].var() * 100)
    out["rate_correlation_iwm"] = float(pair.iloc[:, 0].corr(pair.iloc[:, 1]))
    out["tool"] = f"pandas {pd.__version__}, numpy {np.__version__}"
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
