//! The rotation chart: RS-Ratio against RS-Momentum for each symbol relative to a benchmark,
//! with quadrants, heading, distance and velocity. Two formula families, both trailing-only
//! (a value at date t uses data up to t; appending data never changes the past).

use super::align::Panel;
use super::stats::{ema, rolling_zscore, sma};
use crate::model::Date;
use serde::{Deserialize, Serialize};

/// Moving-average kind of the trend family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovingAverage {
    Sma,
    Ema,
}

/// How RS-Ratio and RS-Momentum are computed from the relative line `RS = 100 x P / B`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "family")]
pub enum Formula {
    /// `RS-Ratio = 100 x MA_fast(RS) / MA_slow(RS)`;
    /// `RS-Momentum = SMA_smooth(100 x RS-Ratio_t / RS-Ratio_{t-lag})`.
    Trend {
        fast: usize,
        slow: usize,
        average: MovingAverage,
        lag: usize,
        smooth: usize,
    },
    /// `RS-Ratio = 100 + z_window(RS)`; `RS-Momentum = 100 + z_window(ROC_lag(RS-Ratio))` with
    /// `ROC_lag(x)_t = 100 x (x_t / x_{t-lag} - 1)`, a real lag (not a constant base).
    Oscillator { window: usize, lag: usize },
}

impl Default for Formula {
    /// Trend, 10 and 30 bars (weekly bars: 10 and 30 weeks), SMA, momentum over 9 bars
    /// smoothed over 3.
    fn default() -> Self {
        Formula::Trend {
            fast: 10,
            slow: 30,
            average: MovingAverage::Sma,
            lag: 9,
            smooth: 3,
        }
    }
}

impl Formula {
    /// The formula in words, shown under the chart.
    pub fn describe(&self) -> String {
        match *self {
            Formula::Trend { fast, slow, average, lag, smooth } => {
                let ma = if average == MovingAverage::Sma { "SMA" } else { "EMA" };
                format!(
                    "RS = 100 x price / benchmark. RS-Ratio = 100 x {ma}{fast}(RS) / {ma}{slow}(RS). \
                     RS-Momentum = SMA{smooth}(100 x RS-Ratio / RS-Ratio {lag} bars earlier). Trailing windows only."
                )
            }
            Formula::Oscillator { window, lag } => format!(
                "RS = 100 x price / benchmark. RS-Ratio = 100 + z-score of RS over {window} bars. \
                 RS-Momentum = 100 + z-score over {window} bars of the {lag}-bar rate of change of RS-Ratio. Trailing windows only (sample SD)."
            ),
        }
    }

    /// Bars of history needed before the first point.
    pub fn warm_up(&self) -> usize {
        match *self {
            Formula::Trend {
                slow,
                fast,
                lag,
                smooth,
                ..
            } => slow.max(fast) + lag + smooth.max(1) - 1,
            Formula::Oscillator { window, lag } => 2 * window + lag - 1,
        }
    }
}

/// The range every formula parameter is kept in (bars): an average or a lag of at least one
/// bar, a z-score over at least two, a slow average longer than the fast one, and nothing
/// longer than [`MAX_BARS`].
pub const MAX_BARS: usize = 520;

impl Formula {
    /// The formula with every parameter moved into its sensible range, and what was moved, in
    /// words (empty when nothing was): `fast` in 1..=519, `slow` in `fast + 1..=520`, `lag` in
    /// 1..=520, `smooth` in 1..=520 for the trend family; `window` in 2..=520 and `lag` in
    /// 1..=520 for the oscillator.
    pub fn clamped(&self) -> (Formula, Vec<String>) {
        let mut notes = Vec::new();
        // `why` is said after "outside LOW to HIGH bars" when the value is moved.
        let mut keep = |name: &str, value: usize, low: usize, high: usize, why: &str| {
            let kept = value.clamp(low, high);
            if kept != value {
                notes.push(format!(
                    "{name} {value} is outside {low} to {high} bars{why}; using {kept}."
                ));
            }
            kept
        };
        match *self {
            Formula::Trend {
                fast,
                slow,
                average,
                lag,
                smooth,
            } => {
                let fast = keep("Fast", fast, 1, MAX_BARS - 1, "");
                let slow = keep(
                    "Slow",
                    slow,
                    fast + 1,
                    MAX_BARS,
                    " (it must be longer than the fast average)",
                );
                let lag = keep("Lag", lag, 1, MAX_BARS, "");
                let smooth = keep("Smoothing", smooth, 1, MAX_BARS, "");
                (
                    Formula::Trend {
                        fast,
                        slow,
                        average,
                        lag,
                        smooth,
                    },
                    notes,
                )
            }
            Formula::Oscillator { window, lag } => {
                let window = keep("Window", window, 2, MAX_BARS, " (a z-score needs two)");
                let lag = keep("Lag", lag, 1, MAX_BARS, "");
                (Formula::Oscillator { window, lag }, notes)
            }
        }
    }
}

/// Where a point sits. Tie rule: a coordinate equal to 100 counts as "at or above".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quadrant {
    /// RS-Ratio >= 100 and RS-Momentum >= 100.
    Leading,
    /// RS-Ratio >= 100 and RS-Momentum < 100.
    Weakening,
    /// RS-Ratio < 100 and RS-Momentum < 100.
    Lagging,
    /// RS-Ratio < 100 and RS-Momentum >= 100.
    Improving,
}

impl Quadrant {
    pub fn of(rs_ratio: f64, rs_momentum: f64) -> Quadrant {
        match (rs_ratio >= 100.0, rs_momentum >= 100.0) {
            (true, true) => Quadrant::Leading,
            (true, false) => Quadrant::Weakening,
            (false, false) => Quadrant::Lagging,
            (false, true) => Quadrant::Improving,
        }
    }
}

/// One symbol on one date.
///
/// Distance, heading and velocity are derived when asked for ([`RotationPoint::distance`],
/// [`RotationPoint::heading`], [`RotationPoint::velocity`]): only the drawn heads need them,
/// and an `atan2` for every one of 2.6 million daily points (500 symbols x 20 years) was most
/// of the rotation's time. A point is 40 bytes (the step without an `Option`'s tag, whether
/// there is one kept beside the quadrant; 56 with a stored distance and an `Option`), which
/// is 105 MB of points for those paths instead of 146. The JSON form (`rotlab view`) carries
/// every derived value, as fields.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(into = "PointRecord", from = "PointRecord")]
pub struct RotationPoint {
    pub date: Date,
    pub quadrant: Quadrant,
    /// Whether `step` holds the move from a previous point (the first point has none).
    moved: bool,
    pub rs_ratio: f64,
    pub rs_momentum: f64,
    /// The move from the previous point, (change of RS-Ratio, change of RS-Momentum); zeros
    /// for the first point.
    step: (f64, f64),
}

impl RotationPoint {
    /// A point at (`rs_ratio`, `rs_momentum`), reached by `step` from the previous one.
    pub fn new(date: Date, rs_ratio: f64, rs_momentum: f64, step: Option<(f64, f64)>) -> Self {
        RotationPoint {
            date,
            quadrant: Quadrant::of(rs_ratio, rs_momentum),
            moved: step.is_some(),
            rs_ratio,
            rs_momentum,
            step: step.unwrap_or((0.0, 0.0)),
        }
    }

    /// The move from the previous point, (change of RS-Ratio, change of RS-Momentum); `None`
    /// for the first point.
    pub fn step(&self) -> Option<(f64, f64)> {
        self.moved.then_some(self.step)
    }

    /// Distance from the centre: `sqrt((RS-Ratio - 100)^2 + (RS-Momentum - 100)^2)`. The
    /// square root of the squares, not `hypot`: coordinates are near 100, so nothing
    /// overflows, and sqrt is one wasm instruction where hypot is a libm call.
    pub fn distance(&self) -> f64 {
        let (x, y) = (self.rs_ratio - 100.0, self.rs_momentum - 100.0);
        (x * x + y * y).sqrt()
    }

    /// Direction of travel from the previous point, degrees counter-clockwise from the RS-Ratio
    /// axis (0 = ratio rising, 90 = momentum rising): `atan2(dy, dx)` in 0..360; `None` for
    /// the first point.
    pub fn heading(&self) -> Option<f64> {
        self.step()
            .map(|(dx, dy)| dy.atan2(dx).to_degrees().rem_euclid(360.0))
    }

    /// Distance from the previous point, `sqrt(dx^2 + dy^2)`; `None` for the first point.
    pub fn velocity(&self) -> Option<f64> {
        self.step().map(|(dx, dy)| (dx * dx + dy * dy).sqrt())
    }
}

/// A point as JSON: every derived value written out.
#[derive(Serialize, Deserialize)]
struct PointRecord {
    date: Date,
    rs_ratio: f64,
    rs_momentum: f64,
    quadrant: Quadrant,
    heading: Option<f64>,
    distance: f64,
    velocity: Option<f64>,
}

impl From<RotationPoint> for PointRecord {
    fn from(p: RotationPoint) -> Self {
        PointRecord {
            date: p.date,
            rs_ratio: p.rs_ratio,
            rs_momentum: p.rs_momentum,
            quadrant: p.quadrant,
            heading: p.heading(),
            distance: p.distance(),
            velocity: p.velocity(),
        }
    }
}

impl From<PointRecord> for RotationPoint {
    /// The step back from heading and velocity (to rounding).
    fn from(r: PointRecord) -> Self {
        let step = r.heading.zip(r.velocity).map(|(h, v)| {
            let a = h.to_radians();
            (v * a.cos(), v * a.sin())
        });
        RotationPoint::new(r.date, r.rs_ratio, r.rs_momentum, step)
    }
}

/// The path of one symbol: every date on which both coordinates exist (the history used for
/// animation; a tail is its last points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotationPath {
    pub symbol: String,
    pub points: Vec<RotationPoint>,
}

impl RotationPath {
    /// The last `length` points up to and including `date`.
    pub fn tail(&self, date: Date, length: usize) -> &[RotationPoint] {
        let end = self.points.partition_point(|p| p.date <= date);
        &self.points[end.saturating_sub(length)..end]
    }
}

/// RS-Ratio and RS-Momentum of `prices` against `benchmark` (same dates) under `formula`.
pub fn coordinates(prices: &[f64], benchmark: &[f64], formula: &Formula) -> (Vec<f64>, Vec<f64>) {
    let rs: Vec<f64> = prices
        .iter()
        .zip(benchmark)
        .map(|(p, b)| 100.0 * p / b)
        .collect();
    // Generic, not `&dyn Fn`: a call through a pointer for each of 2.6 million values cannot
    // be inlined.
    fn lagged_ratio(x: &[f64], lag: usize, f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
        let lag = lag.min(x.len());
        let mut out = vec![f64::NAN; lag];
        out.extend(x.iter().zip(&x[lag..]).map(|(&then, &now)| f(now, then)));
        out
    }
    match *formula {
        Formula::Trend {
            fast,
            slow,
            average,
            lag,
            smooth,
        } => {
            let ma = |n| {
                if average == MovingAverage::Sma {
                    sma(&rs, n)
                } else {
                    ema(&rs, n)
                }
            };
            let (fast_ma, slow_ma) = (ma(fast), ma(slow));
            let ratio: Vec<f64> = fast_ma
                .iter()
                .zip(&slow_ma)
                .map(|(f, s)| 100.0 * f / s)
                .collect();
            let raw = lagged_ratio(&ratio, lag.max(1), |now, then| 100.0 * now / then);
            let momentum = if smooth > 1 { sma(&raw, smooth) } else { raw };
            (ratio, momentum)
        }
        Formula::Oscillator { window, lag } => {
            let centred = |mut z: Vec<f64>| {
                z.iter_mut().for_each(|z| *z += 100.0);
                z
            };
            let ratio = centred(rolling_zscore(&rs, window));
            let roc = lagged_ratio(&ratio, lag.max(1), |now, then| 100.0 * (now / then - 1.0));
            let momentum = centred(rolling_zscore(&roc, window));
            (ratio, momentum)
        }
    }
}

/// The rotation paths of `symbols` in `panel` against `benchmark` (a column on the same dates).
pub fn rotation(
    panel: &Panel,
    symbols: &[String],
    benchmark: &[f64],
    formula: &Formula,
) -> Vec<RotationPath> {
    let index = panel.symbol_index();
    symbols
        .iter()
        .filter_map(|symbol| {
            let prices = &panel.columns[*index.get(symbol.as_str())?];
            let (ratio, momentum) = coordinates(prices, benchmark, formula);
            Some(RotationPath {
                symbol: symbol.clone(),
                points: path_points(&panel.dates, &ratio, &momentum),
            })
        })
        .collect()
}

/// The points of a path: each date on which both coordinates exist, with its step from the
/// point before.
fn path_points(dates: &[Date], ratio: &[f64], momentum: &[f64]) -> Vec<RotationPoint> {
    let mut points = Vec::with_capacity(dates.len());
    let mut previous: Option<(f64, f64)> = None;
    for ((&date, &x), &y) in dates.iter().zip(ratio).zip(momentum) {
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let step = previous.map(|(px, py)| (x - px, y - py));
        points.push(RotationPoint::new(date, x, y, step));
        previous = Some((x, y));
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadrants_and_the_tie_rule() {
        assert_eq!(Quadrant::of(100.0, 100.0), Quadrant::Leading);
        assert_eq!(Quadrant::of(101.0, 99.0), Quadrant::Weakening);
        assert_eq!(Quadrant::of(99.0, 99.9), Quadrant::Lagging);
        assert_eq!(Quadrant::of(99.0, 100.0), Quadrant::Improving);
    }

    #[test]
    fn trend_by_hand() {
        // RS = 100 x P / 1 = 100 P. fast 1, slow 2: ratio = 100 x RS_t / mean(RS_t, RS_{t-1}).
        let prices = [1.0, 1.0, 1.1, 1.21];
        let formula = Formula::Trend {
            fast: 1,
            slow: 2,
            average: MovingAverage::Sma,
            lag: 1,
            smooth: 1,
        };
        let (ratio, momentum) = coordinates(&prices, &[1.0; 4], &formula);
        assert!(ratio[0].is_nan());
        assert!((ratio[1] - 100.0).abs() < 1e-12);
        assert!((ratio[2] - 100.0 * 110.0 / 105.0).abs() < 1e-9);
        // momentum = 100 x ratio_t / ratio_{t-1} = 100 x (100 x 110 / 105) / 100.
        assert!((momentum[2] - 100.0 * 110.0 / 105.0).abs() < 1e-9);
        // t=3: ratio = 100 x 121 / ((110 + 121) / 2) = 100 x 110 / 105 again, so momentum 100.
        assert!((ratio[3] - 100.0 * 121.0 / 115.5).abs() < 1e-9);
        assert!((momentum[3] - 100.0).abs() < 1e-9);
        assert!(momentum[1].is_nan());
    }

    #[test]
    fn oscillator_uses_a_real_lag() {
        let prices: Vec<f64> = (0..40)
            .map(|i| 100.0 + (i as f64 * 0.7).sin() * 5.0 + i as f64 * 0.1)
            .collect();
        let formula = Formula::Oscillator { window: 5, lag: 1 };
        let (ratio, momentum) = coordinates(&prices, &[1.0; 40], &formula);
        // Both coordinates from the prices here, not from the engine's ratio: RS = 100 x P (the
        // benchmark is 1); RS-Ratio = 100 + z-score of RS over 5 bars (sample SD).
        let zscore = |w: &[f64]| {
            let m = w.iter().sum::<f64>() / w.len() as f64;
            let sd = (w.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (w.len() - 1) as f64).sqrt();
            (w[w.len() - 1] - m) / sd
        };
        let rs: Vec<f64> = prices.iter().map(|p| 100.0 * p).collect();
        let by_hand = |i: usize| 100.0 + zscore(&rs[i - 4..=i]);
        let t = 30;
        for (i, r) in ratio.iter().enumerate().take(t + 1).skip(t - 5) {
            assert!((r - by_hand(i)).abs() < 1e-9, "ratio at {i}");
        }
        // RS-Momentum = 100 + z-score over 5 bars of the 1-bar rate of change of RS-Ratio.
        let roc: Vec<f64> = (t - 4..=t)
            .map(|i| 100.0 * (by_hand(i) / by_hand(i - 1) - 1.0))
            .collect();
        assert!((momentum[t] - (100.0 + zscore(&roc))).abs() < 1e-9);
        assert_eq!(formula.warm_up(), 10);
    }

    #[test]
    fn parameters_are_clamped_with_a_reason() {
        let silly = Formula::Trend {
            fast: 0,
            slow: 0,
            average: MovingAverage::Ema,
            lag: 0,
            smooth: 9999,
        };
        let (f, notes) = silly.clamped();
        assert_eq!(
            f,
            Formula::Trend {
                fast: 1,
                slow: 2,
                average: MovingAverage::Ema,
                lag: 1,
                smooth: MAX_BARS,
            }
        );
        assert_eq!(notes.len(), 4);
        assert_eq!(
            notes[1],
            "Slow 0 is outside 2 to 520 bars (it must be longer than the fast average); using 2."
        );
        let (f, notes) = Formula::Oscillator { window: 1, lag: 4 }.clamped();
        assert_eq!(f, Formula::Oscillator { window: 2, lag: 4 });
        assert_eq!(notes.len(), 1);
        assert!(Formula::default().clamped().1.is_empty());
    }

    #[test]
    fn heading_distance_velocity_and_tails() {
        let start: Date = "2025-01-03".parse().unwrap();
        let dates: Vec<Date> = (0..4).map(|i| start + chrono::Duration::weeks(i)).collect();
        let panel = Panel {
            dates,
            symbols: vec!["A".into()],
            columns: vec![vec![1.0, 1.0, 1.1, 1.21]],
        };
        let formula = Formula::Trend {
            fast: 1,
            slow: 2,
            average: MovingAverage::Sma,
            lag: 1,
            smooth: 1,
        };
        let paths = rotation(&panel, &["A".into()], &[1.0; 4], &formula);
        let points = &paths[0].points;
        assert_eq!(points.len(), 2);
        let (p, q) = (points[0], points[1]);
        assert_eq!(p.heading(), None);
        // By hand (see trend_by_hand): p = (100 x 110/105, 100 x 110/105) on the third week,
        // q = (100 x 121/115.5, 100) = (100 + 100/21, 100) on the fourth: q moved straight down
        // by 100/21 (heading 270 degrees), and sits 100/21 from the centre.
        assert_eq!((p.date, q.date), (panel.dates[2], panel.dates[3]));
        assert!((q.velocity().unwrap() - 100.0 / 21.0).abs() < 1e-9);
        assert!((q.heading().unwrap() - 270.0).abs() < 1e-9);
        assert!((q.distance() - 100.0 / 21.0).abs() < 1e-9);
        let (dx, dy) = (q.rs_ratio - p.rs_ratio, q.rs_momentum - p.rs_momentum);
        assert!((q.velocity().unwrap() - (dx * dx + dy * dy).sqrt()).abs() < 1e-12);
        assert!((q.heading().unwrap() - dy.atan2(dx).to_degrees().rem_euclid(360.0)).abs() < 1e-12);
        // The JSON form writes heading and velocity out, and reads them back.
        let json = serde_json::to_value(q).unwrap();
        assert_eq!(json["heading"].as_f64(), q.heading());
        assert_eq!(json["velocity"].as_f64(), q.velocity());
        let back: RotationPoint = serde_json::from_value(json).unwrap();
        assert!((back.heading().unwrap() - q.heading().unwrap()).abs() < 1e-9);
        assert!((back.velocity().unwrap() - q.velocity().unwrap()).abs() < 1e-12);
        assert!(
            (q.distance()
                - ((q.rs_ratio - 100.0).powi(2) + (q.rs_momentum - 100.0).powi(2)).sqrt())
            .abs()
                < 1e-12
        );
        assert_eq!(q.quadrant, Quadrant::Leading);
        assert_eq!(paths[0].tail(panel.dates[3], 1), &points[1..]);
        // What the points of 500 daily paths over 20 years cost: 40 bytes each.
        assert_eq!(std::mem::size_of::<RotationPoint>(), 40);
        assert_eq!(paths[0].tail(panel.dates[2], 5), &points[..1]);
    }
}
