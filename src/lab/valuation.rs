//! The Valuation view: a multiple of one index relative to another (e.g. small caps' forward
//! P/E over large caps'), the band it usually trades in, and where it stands now (percentile,
//! z-score), over the whole history of both multiples or the scenario's range.
//!
//! The two multiples are aligned on the union of their own dates (a monthly multiple stays
//! monthly), whatever the data panel's calendar; the ratio is taken on the dates both have.

use super::{align_symbols, LabError};
use crate::engine::align::{AlignSpec, Calendar};
use crate::engine::valuation::{
    relative_multiple, relative_valuation, valuation_band, RelativeValuation,
};
use crate::model::{Dataset, Date, SeriesKind};
use crate::scenario::Scenario;
use serde::Serialize;

/// What the Valuation view shows for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Valuation {
    pub label: String,
    pub dates: Vec<Date>,
    /// A / B on each date both have, NaN elsewhere.
    pub ratio: Vec<f64>,
    pub valuation: RelativeValuation,
    /// The band's quantiles and its values.
    pub band: ((f64, f64), (f64, f64)),
    /// Each multiple on its own over the same dates, then the ratio.
    pub rows: Vec<(String, RelativeValuation)>,
}

/// The Valuation view of `scenario` on `dataset` (`params.valuation`); `Err` says why there is
/// nothing to compare (empty while no multiple is chosen).
pub fn valuation(dataset: &Dataset, scenario: &Scenario) -> Result<Valuation, LabError> {
    let v = &scenario.params.valuation;
    let (a, b) = (
        v.a.clone().unwrap_or_default(),
        v.b.clone().unwrap_or_default(),
    );
    let whole_history = v.whole_history;
    let (from, to) = (scenario.from, scenario.to);
    if a.is_empty() || b.is_empty() {
        return Err(not_chosen());
    }
    if a == b {
        return Err(LabError::Nothing(
            "Choose two different multiples: a multiple against itself is always 1.".into(),
        ));
    }
    for symbol in [&a, &b] {
        if let Some(kind) = dataset.get(symbol).map(|s| s.kind) {
            if kind != SeriesKind::Multiple {
                return Err(LabError::Nothing(format!(
                    "{symbol} is a {} series, not a valuation multiple: read its file as multiples (the import preview's \"Values are\", or rotlab's --kind multiple).",
                    kind.label().to_lowercase()
                )));
            }
        }
    }
    // The two multiples on their own dates (monthly stays monthly), whatever the data
    // panel's calendar.
    let spec = AlignSpec {
        calendar: Calendar::Union,
        benchmark: None,
        ..scenario.align_spec()
    };
    let aligned = align_symbols(dataset, &[a.clone(), b.clone()], &spec)?;
    if !aligned.missing.is_empty() {
        return Err(LabError::NoSymbols(format!(
            "{} is not in this dataset.",
            aligned.missing.join(", ")
        )));
    }
    let panel = if whole_history {
        aligned.panel
    } else {
        aligned.panel.between(from, to)
    };
    let (Some(ca), Some(cb)) = (panel.column(&a), panel.column(&b)) else {
        return Err(not_chosen());
    };
    let ratio = relative_multiple(ca, cb);
    let observations = ratio.iter().filter(|v| v.is_finite()).count();
    if observations < 3 {
        return Err(LabError::Nothing(format!(
                "A percentile band needs at least 3 dates with both {a} and {b}; {} has {observations}.",
                if whole_history { "the data".to_string() } else { format!("the range {from} to {to}") }
            )));
    }
    let (lo_q, hi_q) = v.band.quantiles();
    let valuation = relative_valuation(&panel.dates, ca, cb)
        .ok_or_else(|| LabError::Nothing(format!("{a} and {b} have no date in common.")))?;
    let band = valuation_band(ca, cb, lo_q, hi_q)
        .ok_or_else(|| LabError::Nothing(format!("{a} and {b} have no date in common.")))?;
    // Each multiple against its own history, on the dates both have (over a constant 1).
    let both = |x: &[f64], other: &[f64]| -> Vec<f64> {
        x.iter()
            .zip(other)
            .map(|(v, o)| if o.is_finite() { *v } else { f64::NAN })
            .collect()
    };
    let ones = vec![1.0; panel.dates.len()];
    let mut rows = Vec::new();
    for (name, x, other) in [(&a, ca, cb), (&b, cb, ca)] {
        if let Some(v) = relative_valuation(&panel.dates, &both(x, other), &ones) {
            rows.push((name.clone(), v));
        }
    }
    rows.push((format!("{a} / {b}"), valuation));
    Ok(Valuation {
        rows,
        label: format!("{a} / {b}"),
        dates: panel.dates,
        ratio,
        valuation,
        band: ((lo_q, hi_q), band),
    })
}

/// No two multiples are chosen yet.
fn not_chosen() -> LabError {
    LabError::NotChosen("the scenario names no two multiples (params.valuation.a and b)".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::{d, series};

    #[test]
    fn the_ratio_against_its_history_and_what_stops_it() {
        let mut data = Dataset::new("t");
        let a = [
            ("2025-01-31", 10.0),
            ("2025-02-28", 12.0),
            ("2025-03-31", 15.0),
            ("2025-04-30", 18.0),
        ];
        let b = [
            ("2025-01-31", 10.0),
            ("2025-02-28", 10.0),
            ("2025-03-31", 10.0),
            ("2025-04-30", 10.0),
        ];
        data.add(series("A_PE", SeriesKind::Multiple, &a)).unwrap();
        data.add(series("B_PE", SeriesKind::Multiple, &b)).unwrap();
        let mut s = Scenario {
            from: d("2025-01-01"),
            to: d("2025-12-31"),
            ..Scenario::default()
        };
        s.params.valuation.a = Some("A_PE".into());
        s.params.valuation.b = Some("B_PE".into());
        let v = valuation(&data, &s).unwrap();
        assert_eq!(v.label, "A_PE / B_PE");
        // Ratios 1.0, 1.2, 1.5, 1.8: the latest is the highest (percentile 1), mean 1.375,
        // sample SD sqrt(((-.375)^2 + (-.175)^2 + .125^2 + .425^2) / 3).
        let sd = ((0.375f64.powi(2) + 0.175f64.powi(2) + 0.125f64.powi(2) + 0.425f64.powi(2))
            / 3.0)
            .sqrt();
        assert!((v.valuation.latest - 1.8).abs() < 1e-12);
        assert_eq!(v.valuation.percentile, 1.0);
        assert!((v.valuation.mean - 1.375).abs() < 1e-12);
        assert!((v.valuation.zscore - 0.425 / sd).abs() < 1e-12);
        assert_eq!(v.rows.len(), 3);
        s.params.valuation.b = Some("A_PE".into());
        assert_eq!(
            valuation(&data, &s).unwrap_err().to_string(),
            "Choose two different multiples: a multiple against itself is always 1."
        );
        s.params.valuation.b = Some("B_PE".into());
        s.params.valuation.whole_history = false;
        s.from = d("2025-03-01");
        assert_eq!(
            valuation(&data, &s).unwrap_err().to_string(),
            "A percentile band needs at least 3 dates with both A_PE and B_PE; the range 2025-03-01 to 2025-12-31 has 2."
        );
    }
}
