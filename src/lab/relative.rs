//! The Relative strength view: pairs A against B (symbols or equal-weight baskets) as ratio
//! lines rebased to 100 on the range's first date with both legs and as `A% - B%`, a table of
//! the pairs over the range, and yield spreads (`A - B` in points) on the yields' own dates.
//!
//! A scenario without pairs opens with the dataset's first story preset, else its first two
//! price series.

use super::{align_symbols, widen_by_common_span};
use crate::engine::align::{AlignSpec, Calendar};
/// A pair's leg: a symbol or an equal-weight basket.
pub use crate::engine::relative::Benchmark;
use crate::engine::relative::{
    benchmark_series, describe_leg, equal_weight, pair_lines, ratio_summary, spread, RatioSummary,
};
use crate::model::{Dataset, Date, SeriesKind};
use crate::scenario::{Pair, Scenario};
use serde::Serialize;

/// One pair's lines over the range, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairSeries {
    /// The legend name, e.g. `IWM / QQQ` or `Cyclicals / Defensives`.
    pub label: String,
    pub dates: Vec<Date>,
    /// Rebased ratio, 100 = the first date in the range with both legs.
    pub ratio: Vec<f64>,
    /// `A% - B%`, percentage points.
    pub relative_performance: Vec<f64>,
    /// What the legs are (shown under the pair in the tooltip), e.g. the baskets' members.
    pub note: String,
}

/// One yield spread over the range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpreadSeries {
    /// E.g. `BAA - AAA`.
    pub label: String,
    pub dates: Vec<Date>,
    /// `A - B` in percentage points.
    pub spread: Vec<f64>,
}

/// A pair worth looking at: its legs (one symbol, or several for an equal-weight basket) and
/// the story it tells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairPreset {
    pub label: &'static str,
    pub a: &'static [&'static str],
    pub b: &'static [&'static str],
    pub story: &'static str,
}

impl PairPreset {
    /// The legs: one symbol, or an equal-weight basket rebalanced every period.
    pub fn legs(&self) -> (Benchmark, Benchmark) {
        let leg = |symbols: &[&str]| match symbols {
            [one] => Benchmark::Symbol(one.to_string()),
            many => equal_weight(many),
        };
        (leg(self.a), leg(self.b))
    }

    /// Every symbol it needs.
    pub fn symbols(&self) -> impl Iterator<Item = &'static str> {
        self.a.iter().chain(self.b).copied()
    }
}

/// The rotation story's pairs, then pairs that exist in the built-in sample.
pub const PAIR_PRESETS: [PairPreset; 9] = [
    PairPreset {
        label: "IWM / QQQ",
        a: &["IWM"],
        b: &["QQQ"],
        story: "Small caps against the Nasdaq 100",
    },
    PairPreset {
        label: "IWM / SPY",
        a: &["IWM"],
        b: &["SPY"],
        story: "Small caps against the S&P 500",
    },
    PairPreset {
        label: "RSP / SPY",
        a: &["RSP"],
        b: &["SPY"],
        story: "Equal weight against cap weight",
    },
    PairPreset {
        label: "XLI / XLK",
        a: &["XLI"],
        b: &["XLK"],
        story: "Industrials against technology",
    },
    PairPreset {
        label: "Cyclicals / Defensives",
        a: &["XLI", "XLB", "XLE", "XLF", "XLY"],
        b: &["XLP", "XLU", "XLV"],
        story: "Equal-weight XLI XLB XLE XLF XLY against equal-weight XLP XLU XLV, rebalanced every period",
    },
    PairPreset {
        label: "XOM / MSFT",
        a: &["XOM"],
        b: &["MSFT"],
        story: "Energy against tech (sample)",
    },
    PairPreset {
        label: "VLUE / MTUM",
        a: &["VLUE"],
        b: &["MTUM"],
        story: "Value against momentum factor ETFs (sample)",
    },
    PairPreset {
        label: "SP500 / IXIC",
        a: &["SP500"],
        b: &["IXIC"],
        story: "S&P 500 against the Nasdaq Composite (sample)",
    },
    PairPreset {
        label: "USMV / SP500",
        a: &["USMV"],
        b: &["SP500"],
        story: "Minimum volatility against the market (sample)",
    },
];

/// A yield spread worth looking at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadPreset {
    pub a: &'static str,
    pub b: &'static str,
    pub story: &'static str,
}

pub const SPREAD_PRESETS: [SpreadPreset; 3] = [
    SpreadPreset {
        a: "BAA",
        b: "AAA",
        story: "Credit spread: Moody's Baa against Aaa corporate yields",
    },
    SpreadPreset {
        a: "DGS10",
        b: "DGS2",
        story: "Curve: 10-year against 2-year Treasury",
    },
    SpreadPreset {
        a: "DGS10",
        b: "DFF",
        story: "10-year Treasury against the fed funds rate",
    },
];

/// The pair presets whose every symbol `has` (the dataset's price series).
pub fn available_pair_presets(has: impl Fn(&str) -> bool) -> Vec<&'static PairPreset> {
    PAIR_PRESETS
        .iter()
        .filter(|p| p.symbols().all(&has))
        .collect()
}

/// The spread presets whose two yields `has`.
pub fn available_spread_presets(has: impl Fn(&str) -> bool) -> Vec<&'static SpreadPreset> {
    SPREAD_PRESETS
        .iter()
        .filter(|p| has(p.a) && has(p.b))
        .collect()
}

/// The caption under the ratio chart: the range and how to read it.
pub fn ratio_caption(from: Date, to: Date) -> String {
    format!(
        "{from} to {to}. Each line is A / B rebased to 100 on the first date both have a close; rising means A is beating B."
    )
}

/// A leg as written in an address or a legend: the symbol, or a basket's members joined by
/// `+` (`XLP+XLU+XLV`).
pub fn leg_label(leg: &Benchmark) -> String {
    match leg {
        Benchmark::Blend(parts) => parts
            .iter()
            .map(|p| p.0.as_str())
            .collect::<Vec<_>>()
            .join("+"),
        other => other.describe(),
    }
}

/// A pair the user chose.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairSpec {
    pub label: String,
    pub a: Benchmark,
    pub b: Benchmark,
    /// What the legs are, for the tooltip.
    pub note: String,
}

impl PairSpec {
    pub fn new(a: Benchmark, b: Benchmark) -> PairSpec {
        PairSpec {
            label: format!("{} / {}", leg_label(&a), leg_label(&b)),
            note: format!("{} against {}", describe_leg(&a), describe_leg(&b)),
            a,
            b,
        }
    }

    /// The pair of a scenario, named as its preset when it is one.
    pub fn from_pair(pair: Pair) -> PairSpec {
        match PAIR_PRESETS
            .iter()
            .find(|p| p.legs() == (pair.a.clone(), pair.b.clone()))
        {
            Some(preset) => PairSpec {
                label: preset.label.to_string(),
                note: preset.story.to_string(),
                a: pair.a,
                b: pair.b,
            },
            None => PairSpec::new(pair.a, pair.b),
        }
    }

    pub fn symbols(&self) -> Vec<String> {
        [&self.a, &self.b]
            .into_iter()
            .flat_map(|leg| match leg {
                Benchmark::Symbol(s) => vec![s.clone()],
                Benchmark::Blend(parts) => parts.iter().map(|p| p.0.clone()).collect(),
                Benchmark::Constant => Vec::new(),
            })
            .collect()
    }
}

/// Symbols of `kinds` in the dataset, in its order.
pub fn symbols_of(dataset: &Dataset, kinds: &[SeriesKind]) -> Vec<String> {
    dataset
        .series
        .iter()
        .filter(|s| kinds.contains(&s.kind))
        .map(|s| s.symbol.clone())
        .collect()
}

pub const PRICE_KINDS: [SeriesKind; 2] = [SeriesKind::Price, SeriesKind::IndexLevel];

/// The pairs a dataset opens with when the scenario has none (an address's `pairs=` is read
/// into the scenario by `app::link`): its first story preset, else its first two price series.
pub fn default_pairs(dataset: &Dataset) -> Vec<PairSpec> {
    let prices = symbols_of(dataset, &PRICE_KINDS);
    if let Some(preset) = available_pair_presets(|s| prices.iter().any(|p| p == s)).first() {
        let (a, b) = preset.legs();
        return vec![PairSpec {
            label: preset.label.to_string(),
            note: preset.story.to_string(),
            a,
            b,
        }];
    }
    match prices.as_slice() {
        [a, b, ..] => vec![PairSpec::new(
            Benchmark::Symbol(a.clone()),
            Benchmark::Symbol(b.clone()),
        )],
        _ => Vec::new(),
    }
}

/// What the pair charts draw, or why they draw nothing.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PairsResult {
    pub series: Vec<PairSeries>,
    pub table: Vec<(String, Option<RatioSummary>)>,
    /// Pairs left out because a symbol is not in the dataset: (pair, missing symbols).
    pub missing: Vec<(String, Vec<String>)>,
    /// Pairs with too few common closes in the range: (pair, closes found).
    pub thin: Vec<(String, usize)>,
    pub error: Option<String>,
}

/// The pairs' lines and summaries over `from..=to`, each pair's legs aligned with `spec`.
pub fn compute_pairs(
    dataset: &Dataset,
    pairs: &[PairSpec],
    spec: &AlignSpec,
    (from, to): (Date, Date),
) -> PairsResult {
    let mut result = PairsResult::default();
    let mut usable = Vec::new();
    for pair in pairs {
        let missing: Vec<String> = pair
            .symbols()
            .into_iter()
            .filter(|s| dataset.get(s).is_none())
            .collect();
        if missing.is_empty() {
            usable.push(pair);
        } else {
            result.missing.push((pair.label.clone(), missing));
        }
    }
    if usable.is_empty() {
        return result;
    }
    let mut symbols: Vec<String> = usable.iter().flat_map(|p| p.symbols()).collect();
    symbols.sort();
    symbols.dedup();
    let aligned = match align_symbols(dataset, &symbols, spec) {
        Ok(a) => a,
        Err(e) => {
            result.error = Some(e.to_string());
            return result;
        }
    };
    let panel = aligned.panel.between(from, to);
    for pair in usable {
        let legs = (
            benchmark_series(&panel, &pair.a),
            benchmark_series(&panel, &pair.b),
        );
        let (sa, sb) = match legs {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                result.error = Some(e.to_string());
                continue;
            }
        };
        let common = sa
            .iter()
            .zip(&sb)
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .count();
        if common < 2 {
            result.thin.push((pair.label.clone(), common));
            result.table.push((pair.label.clone(), None));
            continue;
        }
        match pair_lines(&panel, &pair.a, &pair.b) {
            Ok(lines) => result.series.push(PairSeries {
                label: pair.label.clone(),
                dates: panel.dates.clone(),
                ratio: lines.ratio,
                relative_performance: lines.relative_performance,
                note: pair.note.clone(),
            }),
            Err(e) => result.error = Some(e.to_string()),
        }
        result
            .table
            .push((pair.label.clone(), ratio_summary(&panel.dates, &sa, &sb)));
    }
    result
}

/// The scenario's pairs (its own, or the dataset's defaults).
pub fn pair_specs(dataset: &Dataset, scenario: &Scenario) -> Vec<PairSpec> {
    let own = &scenario.params.relative.pairs;
    if own.is_empty() {
        default_pairs(dataset)
    } else {
        own.iter().cloned().map(PairSpec::from_pair).collect()
    }
}

/// The yield spreads over the range, on the union of the yields' own dates (yields are often
/// monthly or follow the bond market's holidays), and the span of dates on which any spread
/// has both legs, for the "use the common history" button.
pub fn spread_lines(
    dataset: &Dataset,
    scenario: &Scenario,
) -> (Vec<SpreadSeries>, Option<(Date, Date)>) {
    let list = &scenario.params.relative.spreads;
    let mut symbols: Vec<String> = list
        .iter()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    symbols.sort();
    symbols.dedup();
    let spec = AlignSpec {
        calendar: Calendar::Union,
        benchmark: None,
        ..scenario.align_spec()
    };
    let Ok(aligned) = align_symbols(dataset, &symbols, &spec) else {
        return (Vec::new(), None);
    };
    let whole = &aligned.panel;
    let panel = whole.between(scenario.from, scenario.to);
    let mut out = Vec::new();
    let mut span: Option<(Date, Date)> = None;
    for (a, b) in list {
        let (Some(ca), Some(cb)) = (panel.column(a), panel.column(b)) else {
            continue;
        };
        let values = spread(ca, cb);
        if values.iter().any(|v| v.is_finite()) {
            out.push(SpreadSeries {
                label: format!("{a} - {b}"),
                dates: panel.dates.clone(),
                spread: values,
            });
        }
        if let (Some(wa), Some(wb)) = (whole.column(a), whole.column(b)) {
            span = widen_by_common_span(span, &whole.dates, wa, wb);
        }
    }
    (out, span)
}

/// What the Relative strength view shows for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relative {
    pub pairs: Vec<PairSpec>,
    #[serde(flatten)]
    pub result: PairsResult,
    pub spreads: Vec<SpreadSeries>,
}

/// The Relative strength view of `scenario` on `dataset`.
pub fn relative(dataset: &Dataset, scenario: &Scenario) -> Relative {
    let pairs = pair_specs(dataset, scenario);
    let result = compute_pairs(
        dataset,
        &pairs,
        &scenario.align_spec(),
        (scenario.from, scenario.to),
    );
    Relative {
        pairs,
        result,
        spreads: spread_lines(dataset, scenario).0,
    }
}
