//! Risk and return statistics of a price series: volatility, drawdown, Sharpe, Sortino, CAGR,
//! and the correlation matrix of a panel.

use super::align::Panel;
use super::stats::{correlation_and_beta, periods_per_year, simple_returns};
use crate::model::calendar::{days_between, ObservedFrequency};
use crate::model::Date;
use fixedbitset::{Block, FixedBitSet};
use serde::{Deserialize, Serialize};

/// The worst fall from a peak, with its dates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Drawdown {
    /// `P_trough / P_peak - 1` (negative, or 0 when the series never fell).
    pub depth: f64,
    pub peak: Date,
    pub trough: Date,
    /// First date the close is back at the peak's level; `None` when not yet recovered.
    pub recovery: Option<Date>,
}

/// Statistics of one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskStats {
    pub symbol: String,
    /// Periods per year used to annualise (from the data's spacing: 252 daily, 52 weekly, 12
    /// monthly).
    pub periods_per_year: f64,
    /// Returns used (pairs of consecutive closes).
    pub returns: usize,
    pub first: Date,
    pub last: Date,
    /// `P_last / P_first - 1`.
    pub total_return: f64,
    /// `(P_last / P_first)^(1 / years) - 1` with `years` = calendar days / 365.25.
    pub cagr: f64,
    pub years: f64,
    /// `SD(r) x sqrt(A)`, sample SD.
    pub volatility: f64,
    /// `mean(r - rf/A) / SD(r - rf/A) x sqrt(A)` (arithmetic Sharpe, as quantstats and empyrical).
    pub sharpe: f64,
    /// `mean(r - rf/A) / DD x sqrt(A)` with downside deviation `DD = sqrt(mean(min(r - rf/A, 0)^2))`.
    pub sortino: f64,
    pub max_drawdown: Drawdown,
    /// The annual risk-free rate used, as a fraction.
    pub risk_free: f64,
}

/// The conventions in words, for the user.
pub const RISK_CONVENTIONS: &str = "Returns are simple close-to-close returns (a gap is skipped, never a zero return). \
Total return and CAGR run from the first close in the range to the last (a period return elsewhere starts from the last close before the range, so the two can differ by the range's first day). \
Volatility = sample SD x sqrt(A); Sharpe = mean(r - rf/A) / SD(r - rf/A) x sqrt(A); Sortino uses the downside deviation; \
CAGR uses calendar years (days / 365.25); A comes from the data's spacing (252 daily, 52 weekly, 12 monthly).";

/// Maximum drawdown of `prices` (NaN skipped): `min_t (P_t / max_{s<=t} P_s - 1)`.
pub fn max_drawdown(dates: &[Date], prices: &[f64]) -> Option<Drawdown> {
    let mut points = dates.iter().zip(prices).filter(|(_, p)| p.is_finite());
    let (&first_date, &first_price) = points.next()?;
    let (mut peak, mut peak_date) = (first_price, first_date);
    let mut worst = Drawdown {
        depth: 0.0,
        peak: first_date,
        trough: first_date,
        recovery: None,
    };
    let mut worst_peak_price = first_price;
    let mut recovered = true;
    for (&date, &price) in dates.iter().zip(prices).filter(|(_, p)| p.is_finite()) {
        if price >= peak {
            peak = price;
            peak_date = date;
        }
        let depth = price / peak - 1.0;
        if depth < worst.depth {
            worst = Drawdown {
                depth,
                peak: peak_date,
                trough: date,
                recovery: None,
            };
            worst_peak_price = peak;
            recovered = false;
        } else if !recovered && date > worst.trough && price >= worst_peak_price {
            worst.recovery = Some(date);
            recovered = true;
        }
    }
    Some(worst)
}

/// The underwater curve: `P_t / max_{s<=t} P_s - 1` (0 at a new high, negative below the
/// running peak); NaN where the close is missing, and the peak carries over a gap.
pub fn drawdown_series(prices: &[f64]) -> Vec<f64> {
    let mut peak = f64::NAN;
    prices
        .iter()
        .map(|&p| {
            if !p.is_finite() {
                return f64::NAN;
            }
            if peak.is_nan() || p > peak {
                peak = p;
            }
            p / peak - 1.0
        })
        .collect()
}

/// Statistics of one series of closes on `dates`, with an annual risk-free rate `risk_free`
/// (0.04 = 4%). `None` with fewer than three closes or irregular spacing.
///
/// Over the `n` finite returns `r_t` and the excess returns `e_t = r_t - rf / A`:
/// volatility `= sd(r) sqrt(A)`, Sharpe `= mean(e) / sd(e) sqrt(A)`, Sortino
/// `= mean(e) / sqrt(Σ min(e_t, 0)^2 / n) sqrt(A)`, with `sd` the sample standard deviation
/// (`n - 1`); CAGR `= (P_last / P_first)^(1 / years) - 1` over calendar years.
pub fn risk_stats(
    symbol: &str,
    dates: &[Date],
    prices: &[f64],
    risk_free: f64,
) -> Option<RiskStats> {
    let (dates, prices) = {
        let n = dates.len().min(prices.len());
        (&dates[..n], &prices[..n])
    };
    let mut closes = dates.iter().zip(prices).filter(|(_, p)| p.is_finite());
    let (first, mut last) = (closes.next()?, None);
    let mut count = 1;
    for close in closes {
        last = Some(close);
        count += 1;
    }
    let last = last.filter(|_| count >= 3)?;
    let ((&first_date, &first), (&last_date, &last)) = (first, last);
    let frequency = if count == prices.len() {
        ObservedFrequency::of(dates)
    } else {
        let closed: Vec<Date> = dates
            .iter()
            .zip(prices)
            .filter(|(_, p)| p.is_finite())
            .map(|(d, _)| *d)
            .collect();
        ObservedFrequency::of(&closed)
    };
    let a = periods_per_year(frequency)?;
    let moments = ReturnMoments::of(&simple_returns(prices), risk_free / a);
    let years = days_between(first_date, last_date) as f64 / 365.25;
    Some(RiskStats {
        symbol: symbol.to_string(),
        periods_per_year: a,
        returns: moments.count,
        first: first_date,
        last: last_date,
        total_return: last / first - 1.0,
        cagr: if years > 0.0 {
            (last / first).powf(1.0 / years) - 1.0
        } else {
            f64::NAN
        },
        years,
        volatility: moments.sd * a.sqrt(),
        sharpe: moments.mean_excess / moments.sd_excess * a.sqrt(),
        sortino: if moments.downside > 0.0 {
            moments.mean_excess / moments.downside * a.sqrt()
        } else {
            f64::NAN
        },
        max_drawdown: max_drawdown(dates, prices)?,
        risk_free,
    })
}

/// What [`risk_stats`] needs of the finite returns `r_t` and of `e_t = r_t - c`, in two passes
/// (sums, then squares about the means), each statistic's additions in the same order as
/// [`super::stats::mean`] and [`super::stats::sample_std`] would make them on its own (the
/// same bits, in two passes over the returns instead of seven, and no copies of the closes,
/// dates and excess returns). The Risk view's statistics for 500 symbols x 20 years, `node
/// tests/bench/analyses.mjs` (two builds, runs interleaved): 50-55 -> 39-45 ms in Chromium;
/// natively 65-84 -> 21-30 ms, with every statistic's bits unchanged (a fingerprint of all 500
/// on a panel with gaps).
struct ReturnMoments {
    /// `n`.
    count: usize,
    /// `sd(r)`, NaN when `n < 2`.
    sd: f64,
    /// `mean(e)`, NaN when `n = 0`.
    mean_excess: f64,
    /// `sd(e)`.
    sd_excess: f64,
    /// `sqrt(Σ min(e_t, 0)^2 / n)`.
    downside: f64,
}

impl ReturnMoments {
    fn of(returns: &[f64], c: f64) -> ReturnMoments {
        let finite = || returns.iter().copied().filter(|r| r.is_finite());
        let (mut sum, mut sum_excess, mut n) = (0.0, 0.0, 0usize);
        for r in finite() {
            sum += r;
            sum_excess += r - c;
            n += 1;
        }
        let (mean, mean_excess) = (sum / n as f64, sum_excess / n as f64);
        let (mut squares, mut squares_excess, mut squares_down) = (0.0, 0.0, 0.0);
        for r in finite() {
            let e = r - c;
            squares += (r - mean).powi(2);
            squares_excess += (e - mean_excess).powi(2);
            squares_down += e.min(0.0).powi(2);
        }
        let sd = |squares: f64| {
            if n < 2 {
                f64::NAN
            } else {
                (squares / (n - 1) as f64).sqrt()
            }
        };
        ReturnMoments {
            count: n,
            sd: sd(squares),
            mean_excess,
            sd_excess: sd(squares_excess),
            downside: (squares_down / n as f64).sqrt(),
        }
    }
}

/// Pairwise correlation of simple returns of every panel column (pairs where both are present).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelationMatrix {
    pub symbols: Vec<String>,
    /// Row-major, `symbols.len()` squared; NaN when fewer than three pairs.
    pub values: Vec<f64>,
}

/// `rho_ij = cov(r_i, r_j) / (sd_i sd_j)` over dates where both returns exist.
///
/// Columns whose returns have no gap share one set of dates, so their correlation is a dot
/// product of demeaned, normalised returns (`Packed`, `tile`); a pair with a gap in either
/// column uses only the dates both have, pair by pair (500 symbols x 20 years daily took 5.1 s
/// that way, `cargo bench --bench analyses`).
pub fn correlation_matrix(panel: &Panel) -> CorrelationMatrix {
    matrix_of(panel, &column_returns(panel))
}

/// [`correlation_matrix`] and [`correlation_pairs`] of `panel`, its returns computed once.
pub fn correlations(panel: &Panel) -> (CorrelationMatrix, Vec<usize>) {
    let returns = column_returns(panel);
    (matrix_of(panel, &returns), pairs_of(&returns))
}

/// The simple returns of each column of `panel`.
fn column_returns(panel: &Panel) -> Vec<Vec<f64>> {
    panel.columns.iter().map(|c| simple_returns(c)).collect()
}

/// [`correlation_matrix`] from the returns of each column of `panel`.
fn matrix_of(panel: &Panel, returns: &[Vec<f64>]) -> CorrelationMatrix {
    let n = returns.len();
    let mut values = vec![f64::NAN; n * n];
    let mut set = |i: usize, j: usize, rho: f64| {
        values[i * n + j] = rho;
        values[j * n + i] = rho;
    };
    let packed = Packed::of(returns, panel.dates.len().saturating_sub(1));
    for (g, rows) in packed.groups.iter().enumerate() {
        for (h, columns) in packed.groups.iter().enumerate().skip(g) {
            let sums = tile(rows, columns);
            for (r, &i) in packed.members(g).iter().enumerate() {
                for (c, &j) in packed.members(h).iter().enumerate() {
                    if i < j {
                        set(i, j, sums[r][c].clamp(-1.0, 1.0));
                    }
                }
            }
        }
    }
    for &i in &packed.full {
        set(i, i, 1.0);
    }
    // Pairs with a gap in either column: the dates both have.
    let mut complete = vec![false; n];
    packed.full.iter().for_each(|&i| complete[i] = true);
    for i in 0..n {
        for j in i..n {
            if complete[i] && complete[j] {
                continue;
            }
            let rho = if i == j {
                1.0
            } else {
                correlation_and_beta(&returns[i], &returns[j]).0
            };
            set(i, j, rho);
        }
    }
    CorrelationMatrix {
        symbols: panel.symbols.clone(),
        values,
    }
}

/// The columns with a return on every date but the first (at least three, not all equal),
/// demeaned and normalised, `z_t = (r_t - mean) / sqrt(Σ (r_s - mean)^2)`, so that the
/// correlation of two of them is the dot product `Σ z_i,t z_j,t`. They are packed in groups of
/// four, date by date (`groups[g][4 t + k]` is column `full[4 g + k]` on date `t`, 0 where the
/// last group has fewer than four), the layout [`tile`] reads.
struct Packed {
    /// Indices of the packed columns in the panel, in order.
    full: Vec<usize>,
    groups: Vec<Vec<f64>>,
}

impl Packed {
    /// Packs the columns of `returns` whose returns after the first are `dates` finite values,
    /// each normalised as it is written into its group (no copy of a column on the way: 20 MB
    /// less written at 500 symbols x 20 years, natively 153-205 -> 138-170 ms for the matrix,
    /// the same bits).
    fn of(returns: &[Vec<f64>], dates: usize) -> Packed {
        let scaled: Vec<(usize, &[f64], Centre)> = returns
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let body = r.get(1..).filter(|b| b.len() == dates)?;
                Some((i, body, Centre::of(body)?))
            })
            .collect();
        let full = scaled.iter().map(|(i, ..)| *i).collect();
        let groups = scaled
            .chunks(4)
            .map(|four| {
                let mut group = vec![0.0; 4 * dates];
                for (k, (_, body, centre)) in four.iter().enumerate() {
                    for (t, v) in body.iter().enumerate() {
                        group[4 * t + k] = (v - centre.mean) / centre.norm;
                    }
                }
                group
            })
            .collect();
        Packed { full, groups }
    }

    /// The panel indices of group `g`'s columns.
    fn members(&self, g: usize) -> &[usize] {
        let end = (4 * g + 4).min(self.full.len());
        &self.full[4 * g..end]
    }
}

/// A column's mean and the norm of its deviations from it, `sqrt(Σ (r_t - mean)^2)`.
struct Centre {
    mean: f64,
    norm: f64,
}

impl Centre {
    /// `None` when `r` has fewer than three values, one that is not finite, or no spread.
    fn of(r: &[f64]) -> Option<Centre> {
        if r.len() < 3 || r.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let mean = r.iter().sum::<f64>() / r.len() as f64;
        let norm = r
            .iter()
            .map(|v| (v - mean) * (v - mean))
            .sum::<f64>()
            .sqrt();
        (norm > 0.0).then_some(Centre { mean, norm })
    }
}

/// `sums[r][c] = Σ_t a[4 t + r] b[4 t + c]`: the 16 dot products of the columns of two packed
/// groups ([`Packed`]), each summed date by date in order (one running sum per pair, the same
/// bits natively and in wasm). Per date, the four values of `b` are two loads and each value of
/// `a` one load: 6 loads for 16 products, against 10 for 16 with one row against four columns.
/// Measured in Chromium on 500 symbols x 20 years (`node tests/bench/analyses.mjs`, the matrix
/// with its pair counts): 620-660 ms pair by pair, 570-600 ms with four running sums per pair,
/// 210 ms with those sums in wasm SIMD, 114-130 ms with one row against four columns, 93-111 ms
/// in tiles (two builds, runs interleaved); natively 165-180 against 136-151 ms (`cargo run
/// --release --example breadth_bits`). Running the dates in blocks that stay in the first-level
/// cache gained nothing (tried on the four-column version: 136-158 against 137-143 ms). The
/// tiles are bound by the processor's 128-bit multiplies and adds: the same loads and
/// operations in SSE2 natively took 100.0 ms for the 500-symbol tiles when the whole matrix
/// took 113.1 ms in Chromium (`cargo run --release --example correlation_floor`, then
/// `node tests/bench/analyses.mjs`); unrolling two dates a step changed nothing.
fn tile(a: &[f64], b: &[f64]) -> [[f64; 4]; 4] {
    assert_eq!(a.len(), b.len(), "packed groups span the same dates");
    tile_sums(a, b)
}

/// [`tile`] in plain loops.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn tile_sums(a: &[f64], b: &[f64]) -> [[f64; 4]; 4] {
    let mut sums = [[0.0f64; 4]; 4];
    for (x, y) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        for (row, x) in sums.iter_mut().zip(x) {
            for (sum, y) in row.iter_mut().zip(y) {
                *sum += x * y;
            }
        }
    }
    sums
}

/// [`tile`] in wasm SIMD: per date, `b`'s four values in two `f64x2` and each of `a`'s values
/// loaded into both lanes, so row `r`'s sums with columns 0-1 and 2-3 are two `f64x2` (the
/// same additions in the same order as the plain loops). The app's wasm is optimised for size,
/// which would leave the plain loops scalar.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn tile_sums(a: &[f64], b: &[f64]) -> [[f64; 4]; 4] {
    use core::arch::wasm32::{
        f64x2_add, f64x2_extract_lane, f64x2_mul, f64x2_splat, v128, v128_load, v128_load64_splat,
    };
    let dates = a.len().min(b.len()) / 4;
    // Eight named sums (not an array, which a size-optimised build keeps in memory).
    let zero = f64x2_splat(0.0);
    let (mut s0l, mut s0h, mut s1l, mut s1h) = (zero, zero, zero, zero);
    let (mut s2l, mut s2h, mut s3l, mut s3h) = (zero, zero, zero, zero);
    let (a, b) = (a.as_ptr(), b.as_ptr());
    for t in 0..dates {
        // SAFETY: both slices hold at least 4 * dates f64s, so the 16-byte loads at f64
        // offsets 4t and 4t + 2 of `b` and the 8-byte loads at 4t..4t + 3 of `a` stay inside
        // them; wasm loads need no alignment.
        unsafe {
            let y = b.add(4 * t);
            let (bl, bh) = (
                v128_load(y.cast::<v128>()),
                v128_load(y.add(2).cast::<v128>()),
            );
            let x = a.add(4 * t).cast::<u64>();
            let x0 = v128_load64_splat(x);
            s0l = f64x2_add(s0l, f64x2_mul(x0, bl));
            s0h = f64x2_add(s0h, f64x2_mul(x0, bh));
            let x1 = v128_load64_splat(x.add(1));
            s1l = f64x2_add(s1l, f64x2_mul(x1, bl));
            s1h = f64x2_add(s1h, f64x2_mul(x1, bh));
            let x2 = v128_load64_splat(x.add(2));
            s2l = f64x2_add(s2l, f64x2_mul(x2, bl));
            s2h = f64x2_add(s2h, f64x2_mul(x2, bh));
            let x3 = v128_load64_splat(x.add(3));
            s3l = f64x2_add(s3l, f64x2_mul(x3, bl));
            s3h = f64x2_add(s3h, f64x2_mul(x3, bh));
        }
    }
    [(s0l, s0h), (s1l, s1h), (s2l, s2h), (s3l, s3h)].map(|(low, high)| {
        [
            f64x2_extract_lane::<0>(low),
            f64x2_extract_lane::<1>(low),
            f64x2_extract_lane::<0>(high),
            f64x2_extract_lane::<1>(high),
        ]
    })
}

/// Row-major counts of the dates on which both columns' returns exist: the observations behind
/// each entry of [`correlation_matrix`] (the diagonal is each column's own count):
/// `n_ij = #{t : r_i,t and r_j,t exist}`.
///
/// Each column's dates with a return are a bit set, and a pair's count is the population count
/// of the two sets' intersection, a machine word of dates at a time; a column with every return
/// counts, with any other, that one's own (500 symbols x 20 years natively, `cargo run
/// --release --example breadth_bits`: a pass over the dates per pair 253-279 ms, bit sets
/// 19-22 ms, most of it the population counts; with the complete columns counted once 9-12 ms,
/// in a run where the pass over the dates took 390-430 ms).
pub fn correlation_pairs(panel: &Panel) -> Vec<usize> {
    pairs_of(&column_returns(panel))
}

/// [`correlation_pairs`] from the returns of each column.
fn pairs_of(returns: &[Vec<f64>]) -> Vec<usize> {
    let present: Vec<FixedBitSet> = returns
        .iter()
        .map(|r| {
            // A block's bit k is date k of its chunk of dates.
            let blocks = r.chunks(Block::BITS as usize).map(|chunk| {
                chunk.iter().enumerate().fold(0, |block: Block, (k, r)| {
                    block | Block::from(r.is_finite()) << k
                })
            });
            FixedBitSet::with_capacity_and_blocks(r.len(), blocks)
        })
        .collect();
    let n = present.len();
    let own: Vec<usize> = present.iter().map(|set| set.count_ones(..)).collect();
    // A return on every date but the first: with a column as long, the pair counts the other's.
    let full = |i: usize| own[i] + 1 == present[i].len();
    let mut counts = vec![0; n * n];
    for i in 0..n {
        for j in i..n {
            let as_long = present[i].len() == present[j].len();
            let both = if as_long && full(i) {
                own[j]
            } else if as_long && full(j) {
                own[i]
            } else {
                present[i].intersection_count(&present[j])
            };
            counts[i * n + j] = both;
            counts[j * n + i] = both;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn days(n: usize) -> Vec<Date> {
        let start = d("2024-01-01");
        (0..n)
            .map(|i| start + chrono::Duration::days(i as i64))
            .collect()
    }

    #[test]
    fn drawdown_with_dates_and_recovery() {
        let dates = days(6);
        let dd = max_drawdown(&dates, &[100.0, 120.0, 90.0, 96.0, 121.0, 80.0]).unwrap();
        // Worst: 120 -> 80 (-33.3%), not recovered; the earlier 120 -> 90 recovered on day 5.
        assert_eq!(
            (dd.peak, dd.trough, dd.recovery),
            (dates[4], dates[5], None)
        );
        assert!((dd.depth - (80.0 / 121.0 - 1.0)).abs() < 1e-15);
        let dd = max_drawdown(&dates[..5], &[100.0, 120.0, 90.0, 96.0, 121.0]).unwrap();
        assert_eq!(
            (dd.peak, dd.trough, dd.recovery),
            (dates[1], dates[2], Some(dates[4]))
        );
        assert_eq!(dd.depth, -0.25);
    }

    #[test]
    fn correlation_fast_path_agrees_with_pairwise_moments() {
        let dates = days(6);
        let panel = Panel {
            dates,
            symbols: vec!["A".into(), "B".into(), "C".into()],
            columns: vec![
                vec![100.0, 101.0, 99.0, 102.0, 104.0, 103.0],
                vec![50.0, 50.5, 50.2, 51.0, 51.9, 51.0],
                vec![10.0, f64::NAN, 10.2, 10.1, 10.4, 10.3],
            ],
        };
        let m = correlation_matrix(&panel);
        let r: Vec<Vec<f64>> = panel.columns.iter().map(|c| simple_returns(c)).collect();
        assert!((m.values[1] - correlation_and_beta(&r[0], &r[1]).0).abs() < 1e-12);
        assert!((m.values[2] - correlation_and_beta(&r[0], &r[2]).0).abs() < 1e-12);
        assert_eq!(m.values[4], 1.0);
    }

    #[test]
    fn correlations_of_packed_groups_and_their_padding() {
        // Seven complete columns (two groups of four, the second padded with one zero column)
        // and one with a gap between them, on 12 dates: every entry against the pairwise
        // moments of the same returns, and the symmetry and diagonal of the matrix.
        let dates = days(12);
        let columns: Vec<Vec<f64>> = (0..8)
            .map(|k| {
                (0..12)
                    .map(|t| {
                        let wave = ((t * (k + 2)) % 7) as f64 - 3.0;
                        if k == 3 && t == 5 {
                            f64::NAN
                        } else {
                            100.0 + k as f64 + wave * (1.0 + 0.1 * k as f64) + t as f64 * 0.3
                        }
                    })
                    .collect()
            })
            .collect();
        let panel = Panel {
            dates,
            symbols: (0..8).map(|k| format!("S{k}")).collect(),
            columns,
        };
        let m = correlation_matrix(&panel);
        let r: Vec<Vec<f64>> = panel.columns.iter().map(|c| simple_returns(c)).collect();
        for i in 0..8 {
            for j in 0..8 {
                let expected = if i == j {
                    1.0
                } else {
                    correlation_and_beta(&r[i], &r[j]).0
                };
                let got = m.values[i * 8 + j];
                assert!(
                    (got - expected).abs() < 1e-12,
                    "{i},{j}: {got} vs {expected}"
                );
                assert_eq!(got, m.values[j * 8 + i]);
            }
        }
    }

    #[test]
    fn stats_by_hand_on_daily_data() {
        // Four calendar days apart is daily spacing (median gap 1..4): A = 252.
        let dates = days(4);
        let prices = [100.0, 110.0, 99.0, 108.9];
        let s = risk_stats("X", &dates, &prices, 0.0).unwrap();
        let r = [0.1, -0.1, 0.1];
        let m = (0.1 - 0.1 + 0.1) / 3.0;
        let sd = (r.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / 2.0).sqrt();
        assert_eq!(s.periods_per_year, 252.0);
        assert!((s.volatility - sd * 252f64.sqrt()).abs() < 1e-12);
        assert!((s.sharpe - m / sd * 252f64.sqrt()).abs() < 1e-9);
        let dd = ((0.1f64 * 0.1) / 3.0).sqrt();
        assert!((s.sortino - m / dd * 252f64.sqrt()).abs() < 1e-9);
        assert!((s.total_return - 0.089).abs() < 1e-12);
        assert!((s.years - 3.0 / 365.25).abs() < 1e-15);
    }
    #[test]
    fn return_moments_are_the_bits_of_mean_and_sample_std() {
        use crate::engine::stats::{mean, sample_std};
        // Returns with gaps and an infinite one (a close of 0 before it), and a rate.
        let returns = [
            f64::NAN,
            0.013,
            -0.021,
            f64::NAN,
            0.0047,
            f64::INFINITY,
            -0.0093,
            0.031,
            -0.0005,
        ];
        let c = 0.04 / 252.0;
        let excess: Vec<f64> = returns.iter().map(|r| r - c).collect();
        let m = ReturnMoments::of(&returns, c);
        assert_eq!(m.count, 6);
        assert_eq!(m.sd.to_bits(), sample_std(&returns).to_bits());
        assert_eq!(m.mean_excess.to_bits(), mean(&excess).to_bits());
        assert_eq!(m.sd_excess.to_bits(), sample_std(&excess).to_bits());
        let down = [-0.021 - c, -0.0093 - c, -0.0005 - c];
        let by_hand = (down.iter().map(|e| e * e).sum::<f64>() / 6.0).sqrt();
        assert!((m.downside - by_hand).abs() < 1e-17);
        let none = ReturnMoments::of(&[f64::NAN, 0.01], c);
        assert_eq!(none.count, 1);
        assert!(none.sd.is_nan() && none.sd_excess.is_nan());
    }

    #[test]
    fn underwater_curve_by_hand() {
        let dd = drawdown_series(&[100.0, 120.0, 90.0, f64::NAN, 96.0, 121.0, 80.0]);
        assert_eq!(dd[0], 0.0);
        assert_eq!(dd[1], 0.0);
        assert_eq!(dd[2], -0.25);
        assert!(dd[3].is_nan());
        assert_eq!(dd[4], 96.0 / 120.0 - 1.0);
        assert_eq!(dd[5], 0.0);
        assert_eq!(dd[6], 80.0 / 121.0 - 1.0);
        // The deepest point is the engine's maximum drawdown.
        let dates = days(7);
        let prices = [100.0, 120.0, 90.0, f64::NAN, 96.0, 121.0, 80.0];
        let min = drawdown_series(&prices)
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::min);
        assert_eq!(min, max_drawdown(&dates, &prices).unwrap().depth);
        assert!(drawdown_series(&[f64::NAN, 50.0])[0].is_nan());
        assert_eq!(drawdown_series(&[f64::NAN, 50.0])[1], 0.0);
    }

    #[test]
    fn pair_counts_skip_missing_returns() {
        let panel = Panel {
            dates: days(5),
            symbols: vec!["A".into(), "B".into()],
            columns: vec![
                vec![1.0, 2.0, 3.0, 4.0, 5.0],
                vec![1.0, f64::NAN, 3.0, 4.0, 5.0],
            ],
        };
        // A has 4 returns; B only 2 (3->4, 4->5): both exist on 2 dates.
        assert_eq!(correlation_pairs(&panel), vec![4, 2, 2, 2]);
    }

    #[test]
    fn pair_counts_across_many_words_of_dates() {
        // 200 dates (returns on dates 1..=199, four 64-date words): A misses its close on date
        // 70 (no returns on 70 and 71), B has closes up to date 129 only, C has every close.
        let column = |missing: &dyn Fn(usize) -> bool| -> Vec<f64> {
            (0..200)
                .map(|t| {
                    if missing(t) {
                        f64::NAN
                    } else {
                        100.0 + (t % 7) as f64
                    }
                })
                .collect()
        };
        let panel = Panel {
            dates: days(200),
            symbols: vec!["A".into(), "B".into(), "C".into()],
            columns: vec![
                column(&|t| t == 70),
                column(&|t| t >= 130),
                column(&|_| false),
            ],
        };
        // By hand: A 199 - 2 = 197; B dates 1..=129: 129; C 199; A and B 129 - 2 = 127;
        // A and C 197; B and C 129.
        assert_eq!(
            correlation_pairs(&panel),
            vec![197, 127, 197, 127, 129, 129, 197, 129, 199]
        );
    }
}
