#!/usr/bin/env python3
"""Independent reference values for the engine, computed with pandas/numpy on the real data in
../shared/data. Run once; its output is committed as tests/fixtures/crosscheck/pandas.json and
tests/real/crosscheck.rs (`cargo test --locked --test real crosscheck`) compares the engine
with it. Every formula below is re-derived from the engine's documented conventions and
the reference docs, never from the engine's code or output.

    python3 -m pip install pandas numpy
    python3 scripts/crosscheck_pandas.py > tests/fixtures/crosscheck/pandas.json

Conventions (the engine's, written out independently here): simple returns; sample SD
(ddof=1) x sqrt(252); Sharpe = mean(r - rf/252) / SD(r - rf/252) x sqrt(252); Sortino with the
downside deviation sqrt(mean(min(r - rf/252, 0)^2)); CAGR over calendar years (days / 365.25);
max drawdown on the closes of the window (no phantom starting point); beta = cov / var;
rate beta = slope of the return in % on the yield change in bp, x 100 (% per 100 bp), on the
dates both series have (inner join).

Rotation chart (key "rotation"): the 11 sector SPDR funds against SPY, from the wide Tiingo file
etf-adjclose-tiingo-2021-2026.csv (the only file with XLC and XLRE; no gaps), whole history
2021-08-17 .. 2026-08-21. Weekly bars = the last close of each ISO week (Monday..Sunday),
dated by the last trading day of that week. RS = 100 x P / B. Trend family:
RS-Ratio = 100 x MA_fast(RS) / MA_slow(RS), RS-Momentum = SMA_smooth(100 x RS-Ratio_t /
RS-Ratio_{t-lag}); SMA over exactly n bars; EMA with alpha = 2 / (n + 1) seeded with the first
value, shown from its n-th value on. Oscillator family: RS-Ratio = 100 + z_window(RS),
RS-Momentum = 100 + z_window(ROC_lag(RS-Ratio)), ROC_lag(x)_t = 100 x (x_t / x_{t-lag} - 1),
z over a trailing window with the sample SD. Trailing windows only; a point exists when both
coordinates do. Quadrant: a coordinate equal to 100 counts as at or above. Stored: every weekly
point dated in Q3 2025 and the last point, the first date and the number of points per path.

Breadth (key "breadth"): the 493 stocks of large/sp500-adjclose-2022-2026.csv (its 495 columns
less the funds SPY and QQQ), daily closes from the first row (2022-11-22). Above the 50-day
average: members = stocks with a close on t and 50 closes in a row ending at t (t included),
count = those whose close is strictly above that simple average. New 252-day highs (lows):
members = stocks with all 252 closes ending at t, a high when the close of t equals the maximum
of those closes (t included; closes, not intraday highs), a low likewise with the minimum.
Stored for every trading day of Q3 2025.

Backtest (key "backtest"): top-3 sector rotation on the 11 sector funds of the Tiingo file, daily
closes up to 2025-12-31, trades from 2022-01-01. Signal at the last trading day of each month
(never the last day of the data); score = sum_k w_k R_k / sum_k w_k, R_k = close_t / close_s - 1
with s the last trading day on or before the same calendar day k months earlier (month end when
that day does not exist); the best 3 (ties by symbol) held with equal weights, bought at the next
close. Between trades each holding drifts with its price. At a trade, turnover = sum |target
weight - drifted weight| and the cost turnover x bp / 10000 of the value is paid (none on the
first purchase). Equity = 100 on the first trade's close; SPY bought and held from the same
close as the benchmark. Risk statistics of the equity line as in `stats` below. Stored: equity
at every month end and every trade date, the trades, the final values and the statistics.

History (key "history"): the story's claim that IWM beat QQQ in Q3 2025 over every calendar
quarter of etf/IWM.csv and etf/QQQ.csv (the `close` column, whole history), its rank and the
quarters at or above it (episodes) with IWM's, QQQ's and SPY's forward returns after each: see
`history_section` for the conventions.
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


SECTORS = ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"]
TIINGO = "etf-adjclose-tiingo-2021-2026.csv"
SP500 = "large/sp500-adjclose-2022-2026.csv"
Q3 = ("2025-07-01", "2025-09-30")


def iso(day) -> str:
    return str(pd.Timestamp(day).date())


def wide(rel: str, index: str) -> pd.DataFrame:
    # Read as text, then Python's float(): the correctly rounded double of each decimal, as
    # any exact parser reads it (pandas' own fast parser may differ in the last bit).
    frame = pd.read_csv(DATA / rel, dtype=object)
    frame.index = pd.DatetimeIndex(pd.to_datetime(frame.pop(index), format="%Y-%m-%d"))
    frame = frame.astype(np.float64).sort_index()
    assert not frame.index.duplicated().any()
    return frame


def trailing(values: np.ndarray, n: int, reduce) -> np.ndarray:
    """reduce() over the n values ending at each row (rows before the n-th stay NaN); two-pass
    per window (numpy on a strided view), so no running sums."""
    out = np.full(values.shape, np.nan)
    if len(values) >= n:
        windows = np.lib.stride_tricks.sliding_window_view(values, n, axis=0)
        out[n - 1 :] = reduce(windows, axis=-1)
    return out


def sma(x: pd.Series, n: int) -> pd.Series:
    return pd.Series(trailing(x.to_numpy(), n, np.mean), index=x.index)


def ema(x: pd.Series, n: int) -> pd.Series:
    e = x.ewm(span=n, adjust=False).mean()  # alpha = 2 / (n + 1), e_0 = x_0
    return e.where(np.arange(len(x)) >= n - 1)


def zscore(x: pd.Series, n: int) -> pd.Series:
    v = x.to_numpy()
    mean = trailing(v, n, np.mean)
    sd = trailing(v, n, lambda w, axis: np.std(w, axis=axis, ddof=1))
    return pd.Series((v - mean) / sd, index=x.index)


def weekly_closes(frame: pd.DataFrame) -> pd.DataFrame:
    """The last close of each ISO week, dated by the week's last trading day."""
    cal = frame.index.isocalendar()
    key = (cal["year"] * 100 + cal["week"]).to_numpy()
    out = frame.groupby(key, sort=True).last()
    out.index = pd.DatetimeIndex(frame.index.to_series().groupby(key, sort=True).max().to_numpy())
    return out


def quadrant(x: float, y: float) -> str:
    if x >= 100:
        return "Leading" if y >= 100 else "Weakening"
    return "Improving" if y >= 100 else "Lagging"


def rotation_coordinates(p: pd.Series, b: pd.Series, formula: dict):
    rs = 100 * p / b
    if formula["family"] == "trend":
        ma = sma if formula["average"] == "sma" else ema
        ratio = 100 * ma(rs, formula["fast"]) / ma(rs, formula["slow"])
        momentum = sma(100 * ratio / ratio.shift(formula["lag"]), formula["smooth"])
    else:
        ratio = 100 + zscore(rs, formula["window"])
        roc = 100 * (ratio / ratio.shift(formula["lag"]) - 1)
        momentum = 100 + zscore(roc, formula["window"])
    return ratio, momentum


def rotation_section() -> dict:
    weekly = weekly_closes(wide(TIINGO, "date")[SECTORS + ["SPY"]])
    assert not weekly.isna().any().any()
    formulas = {
        "trend_sma": {"family": "trend", "fast": 10, "slow": 30, "average": "sma", "lag": 9, "smooth": 3},
        "trend_ema": {"family": "trend", "fast": 10, "slow": 30, "average": "ema", "lag": 9, "smooth": 3},
        "oscillator": {"family": "oscillator", "window": 14, "lag": 4},
    }
    paths = {}
    for name, formula in formulas.items():
        paths[name] = {}
        for s in SECTORS:
            ratio, momentum = rotation_coordinates(weekly[s], weekly["SPY"], formula)
            both = pd.concat([ratio, momentum], axis=1, keys=["x", "y"]).dropna()
            shown = both.loc[Q3[0] : Q3[1]]
            if both.index[-1] not in shown.index:
                shown = pd.concat([shown, both.iloc[[-1]]])
            paths[name][s] = {
                "first": iso(both.index[0]),
                "count": int(len(both)),
                "points": [
                    {"date": iso(d), "rs_ratio": float(r.x), "rs_momentum": float(r.y), "quadrant": quadrant(r.x, r.y)}
                    for d, r in shown.iterrows()
                ],
            }
    return {
        "source": TIINGO,
        "benchmark": "SPY",
        "bars": "last close of each ISO week",
        "weeks": int(len(weekly)),
        "first_week": iso(weekly.index[0]),
        "last_week": iso(weekly.index[-1]),
        "formulas": formulas,
        "paths": paths,
    }


def breadth_section() -> dict:
    prices = wide(SP500, "time")
    stocks = prices.drop(columns=["SPY", "QQQ"])
    close = stocks.to_numpy()
    n_ma, n_hl = 50, 252
    average = trailing(close, n_ma, np.mean)  # NaN when a close in the window is missing
    hi = trailing(close, n_hl, np.max)
    lo = trailing(close, n_hl, np.min)
    rows = []
    margins = []
    for t in np.flatnonzero((stocks.index >= Q3[0]) & (stocks.index <= Q3[1])):
        have_ma = np.isfinite(close[t]) & np.isfinite(average[t])
        have_hl = np.isfinite(close[t]) & np.isfinite(hi[t])
        # A close within 1e-12 of its average would make the strict comparison fragile.
        margins.append(float(np.min(np.abs(close[t][have_ma] / average[t][have_ma] - 1))))
        members = int(have_ma.sum())
        above = int((close[t][have_ma] > average[t][have_ma]).sum())
        rows.append(
            {
                "date": iso(stocks.index[t]),
                "ma_members": members,
                "above": above,
                "share": above / members,
                "hl_members": int(have_hl.sum()),
                "highs": int((close[t][have_hl] == hi[t][have_hl]).sum()),
                "lows": int((close[t][have_hl] == lo[t][have_hl]).sum()),
            }
        )
    assert min(margins) > 1e-12, min(margins)
    return {
        "source": SP500,
        "members": int(stocks.shape[1]),
        "left_out": ["QQQ", "SPY"],
        "moving_average": n_ma,
        "highs_lows": n_hl,
        "closest_close_to_average": min(margins),
        "days": rows,
    }


def top_n_backtest(prices: pd.DataFrame, top: int, lookbacks: list, cost_bp: float, start: str) -> dict:
    dates = prices.index
    month = dates.to_period("M")
    signal_days = [d for d in dates.to_series().groupby(month).max() if d != dates[-1]]
    total_weight = sum(w for _, w in lookbacks)
    plan = []  # (signal day, trade day, sorted symbols)
    for t in signal_days:
        score = pd.Series(0.0, index=SECTORS)
        ok = True
        for months, w in lookbacks:
            earlier = dates[dates <= t - pd.DateOffset(months=months)]
            if len(earlier) == 0:
                ok = False
                break
            score += w * (prices.loc[t, SECTORS] / prices.loc[earlier[-1], SECTORS] - 1)
        if not ok:
            continue
        ranked = sorted(SECTORS, key=lambda s: (-(score[s] / total_weight), s))
        trade_day = dates[dates.get_loc(t) + 1]
        if trade_day >= pd.Timestamp(start):
            plan.append((t, trade_day, sorted(ranked[:top])))
    # Value the holdings: between trades each weight grows with its price.
    equity = pd.Series(np.nan, index=dates)
    trades = []
    weights, value, base_day = None, None, None
    bounds = [p[1] for p in plan] + [dates[-1] + pd.Timedelta(days=1)]
    for j, (signal_day, trade_day, held) in enumerate(plan):
        target = {s: 1 / len(held) for s in held}
        if weights is None:
            value, drifted, cost = 100.0, {}, 0.0
        else:
            growth = {s: prices.loc[trade_day, s] / prices.loc[base_day, s] for s in weights}
            value = value * sum(weights[s] * growth[s] for s in weights)
            drifted = {s: weights[s] * growth[s] for s in weights}
            total = sum(drifted.values())
            drifted = {s: v / total for s, v in drifted.items()}
            cost = None
        names = sorted(set(target) | set(drifted))  # a fixed order: the output is deterministic
        turnover = sum(abs(target.get(s, 0.0) - drifted.get(s, 0.0)) for s in names)
        if cost is None:
            cost = turnover * cost_bp / 1e4
        value *= 1 - cost
        weights, base_day = target, trade_day
        span = (dates >= trade_day) & (dates < bounds[j + 1])
        rel = prices.loc[span, list(target)].div(prices.loc[trade_day, list(target)])
        equity[span] = value * (rel * pd.Series(target)).sum(axis=1)
        trades.append(
            {
                "signal": iso(signal_day),
                "date": iso(trade_day),
                "held": held,
                "turnover": float(turnover),
                "cost": float(cost),
            }
        )
    equity = equity.dropna()
    assert equity.index[0] == plan[0][1] and equity.iloc[0] == 100.0
    benchmark = 100 * prices.loc[equity.index, "SPY"] / prices.loc[equity.index[0], "SPY"]
    month_ends = set(equity.index.to_series().groupby(equity.index.to_period("M")).max())
    kept = sorted(month_ends | {pd.Timestamp(t["date"]) for t in trades})
    return {
        "top": top,
        "lookbacks": [{"months": m, "weight": float(w)} for m, w in lookbacks],
        "rebalance": "monthly",
        "cost_bp": float(cost_bp),
        "first": iso(equity.index[0]),
        "last": iso(equity.index[-1]),
        "days": int(len(equity)),
        "equity": {iso(d): float(equity[d]) for d in kept},
        "benchmark": {iso(d): float(benchmark[d]) for d in kept},
        "final_equity": float(equity.iloc[-1]),
        "trades": trades,
        "stats": stats(equity),
    }


def backtest_section() -> dict:
    start, end = "2022-01-01", "2025-12-31"
    prices = wide(TIINGO, "date")[SECTORS + ["SPY"]].loc[:end]
    assert not prices.isna().any().any()
    return {
        "source": TIINGO,
        "universe": SECTORS,
        "benchmark": "SPY",
        "trade_from": start,
        "to": end,
        "risk_free": RF,
        "runs": {
            "top3_3m": top_n_backtest(prices, 3, [(3, 1.0)], 0.0, start),
            "top3_1m12_3m4_5bp": top_n_backtest(prices, 3, [(1, 12.0), (3, 4.0)], 5.0, start),
        },
    }


def all_closes(symbol: str) -> pd.Series:
    """Every close of a fund of etf/, its whole history (the `close` column, adjusted)."""
    frame = pd.read_csv(DATA / "etf" / f"{symbol}.csv", parse_dates=["date"]).set_index("date")
    return frame["close"].rename(symbol)


STALE = pd.Timedelta(days=7)
HORIZONS = [1, 3, 6, 12]


def quarter_return(p: pd.Series, start: pd.Timestamp, end: pd.Timestamp):
    """The return over a quarter from the last close before it starts (no more than 7 days
    before) to the last close in it (no more than 7 days before its end); None if either is
    missing."""
    before = p.loc[: start - pd.Timedelta(days=1)]
    inside = p.loc[start:end]
    if before.empty or inside.empty:
        return None
    if start - before.index[-1] > STALE or end - inside.index[-1] > STALE:
        return None
    return float(inside.iloc[-1] / before.iloc[-1] - 1)


def forward_return(p: pd.Series, end: pd.Timestamp, months: int):
    """From the last close on or before a quarter's end to the last close on or before the
    last day of the month `months` later (each no more than 7 days early)."""
    start = p.loc[:end]
    target = (end + pd.offsets.MonthEnd(months)).normalize()
    later = p.loc[:target]
    if start.empty or end - start.index[-1] > STALE:
        return None
    if later.empty or later.index[-1] <= end or target - later.index[-1] > STALE:
        return None
    return float(later.iloc[-1] / start.iloc[-1] - 1)


def spread(values: list):
    if not values:
        return None
    q1, median, q3 = np.quantile(np.array(values), [0.25, 0.5, 0.75])
    return {"count": len(values), "median": float(median), "q1": float(q1), "q3": float(q3)}


def history_section() -> dict:
    """Base rate of the story's Q3 2025 claim that the Russell 2000 (IWM) beat the Nasdaq-100
    (QQQ): IWM's quarterly return minus QQQ's, over every calendar quarter from the one holding
    the later of the two funds' first closes to the last that ends by the earlier of their last
    closes; quarters without both returns are left out and counted. Rank 1 = the highest.
    Episodes: quarters whose difference is at or above Q3 2025's; forward returns of IWM, QQQ
    and SPY over 1, 3, 6 and 12 months from the quarter's end, and the same after every quarter;
    median and quartiles by linear interpolation (numpy.quantile's default)."""
    iwm, qqq, spy = all_closes("IWM"), all_closes("QQQ"), all_closes("SPY")
    first = max(iwm.index[0], qqq.index[0])
    last = min(iwm.index[-1], qqq.index[-1])
    quarters = pd.period_range(first.to_period("Q"), last.to_period("Q"), freq="Q")
    values, left_out = [], 0
    for q in quarters:
        start, end = q.start_time.normalize(), q.end_time.normalize()
        if end > last:
            continue
        a, b = quarter_return(iwm, start, end), quarter_return(qqq, start, end)
        if a is None or b is None:
            left_out += 1
            continue
        values.append((str(q).replace("Q", " Q"), end, a - b))
    story = next(v for label, _, v in values if label == "2025 Q3")
    diffs = [v for _, _, v in values]
    threshold = story
    funds = {"IWM": iwm, "QQQ": qqq, "SPY": spy}

    def after(ends):
        return {
            s: {str(h): spread([r for e in ends if (r := forward_return(p, e, h)) is not None]) for h in HORIZONS}
            for s, p in funds.items()
        }

    episodes = [(label, end, v) for label, end, v in values if v >= threshold]
    return {
        "first_quarter": values[0][0],
        "last_quarter": values[-1][0],
        "count": len(values),
        "left_out": left_out,
        "story": story,
        "rank": 1 + sum(v > story for v in diffs),
        "positive": sum(v > 0 for v in diffs),
        "values": {label: v for label, _, v in values},
        "episodes": [label for label, _, _ in episodes],
        "after_episodes": after([e for _, e, _ in episodes]),
        "after_all": after([e for _, e, _ in values]),
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
    out["rotation"] = rotation_section()
    out["breadth"] = breadth_section()
    out["backtest"] = backtest_section()
    out["history"] = history_section()
    out["tool"] = f"pandas {pd.__version__}, numpy {np.__version__}"
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
