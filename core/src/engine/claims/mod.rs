//! Story check: a market story's quantitative claims, each put to the test against the data.
//!
//! A [`Claim`] is structured (no free text is parsed): a [`Metric`] over a period, a
//! [`Comparator`] and the value the story states. [`evaluate`] computes the metric from the
//! data the user has (prices, and where a claim needs them a holdings file or a category table
//! such as a list of venture deals), and returns the value, a [`Verdict`] (supported,
//! contradicted, or not checkable with this data and why) and the exact inputs used.
//!
//! Index names in claims ("Nasdaq-100", "Russell 2000", ...) are mapped to the proxies in the
//! data ([`subjects`]): the index level itself when present (a price index, as stories quote),
//! else a fund that tracks it (a total return, which differs by dividends and fees; the
//! evaluation says which proxy it used, and shows both when both exist).

pub mod draft;
mod evaluate;
pub mod history;
pub mod needs;
pub mod preset;
pub mod subjects;

pub use evaluate::{evaluate, Evidence};

use crate::model::Date;
use serde::{Deserialize, Serialize};

/// What a claim measures. Returns use the prior-close convention over the claim's period (Q3
/// runs from the June 30 close to the September 30 close).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "metric", rename_all = "snake_case")]
pub enum Metric {
    /// `R = P_end / P_base - 1` of one subject.
    PeriodReturn { subject: String },
    /// `R_a - R_b`, in percentage points.
    ReturnDifference { a: String, b: String },
    /// Relative return `(1 + R_a) / (1 + R_b) - 1`: how much `a` outperformed `b`.
    Outperformance { a: String, b: String },
    /// Members with `R > 0`: their count, or their share `positive / counted` when `share`.
    /// A member may be a group name ("S&P 500 sectors").
    MembersPositive { members: Vec<String>, share: bool },
    /// Share of an index's return made by its `n` largest contributors:
    /// `sum of the n largest w_i R_i / sum of all w_i R_i` (needs a holdings file).
    TopContribution { index: String, n: u32 },
    /// Rate sensitivity gap `|beta_a| - |beta_b|`, each `beta` the slope of daily returns (%) on
    /// daily changes of `rate` (bp), scaled to % per 100 bp, over the period.
    RateBetaGap { a: String, b: String, rate: String },
    /// Valuation ratio `M_a / M_b` of two valuation multiples (P/E series) at the period's end.
    ValuationRatio { a: String, b: String },
    /// Share of the total amount in a category: `sum(amount, category) / sum(amount)` over the
    /// category table's rows in the period.
    CategoryShare { category: String },
    /// Total amount of a category (every row when `None`) over the period.
    CategoryTotal { category: Option<String> },
    /// Share of the amount (in `category`, or in every row) that is in deals of at least
    /// `min_size`: `sum(amount, size >= min) / sum(amount)`.
    SizeShare {
        category: Option<String>,
        min_size: f64,
    },
}

/// How a claim's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// A return shown as a signed percentage: 0.124 is +12.40%.
    Percent,
    /// A share of a whole shown as a percentage: 0.464 is 46.40%.
    Share,
    /// A difference of fractions shown in percentage points.
    Points,
    Count,
    /// An amount of money.
    Money,
    /// % per 100 bp.
    Beta,
    /// A ratio shown with a times sign.
    Ratio,
}

impl Unit {
    /// `value` written in the unit, e.g. `+12.45%`, `-3.49 pp`, `$45.1B`.
    pub fn format(self, value: f64) -> String {
        if !value.is_finite() {
            return "n/a".into();
        }
        match self {
            Unit::Percent => format!("{:+.2}%", 100.0 * value),
            Unit::Share => format!("{:.2}%", 100.0 * value),
            Unit::Points => format!("{:+.2} pp", 100.0 * value),
            Unit::Count => format!("{value:.0}"),
            Unit::Money => money(value),
            Unit::Beta => format!("{value:+.2}% per 100 bp"),
            Unit::Ratio => format!("{value:.2}×"),
        }
    }

    /// The unit in words, for forms.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Percent | Unit::Share => "%",
            Unit::Points => "percentage points",
            Unit::Count => "members",
            Unit::Money => "amount",
            Unit::Beta => "% per 100 bp",
            Unit::Ratio => "×",
        }
    }

    /// How a value is typed in a form: percent and points as numbers of percent (12.4), the
    /// rest as they are. `to_input(from_input(x)) == x`.
    pub fn to_input(self, value: f64) -> f64 {
        match self {
            Unit::Percent | Unit::Share | Unit::Points => 100.0 * value,
            _ => value,
        }
    }

    /// The inverse of [`Unit::to_input`].
    pub fn from_input(self, typed: f64) -> f64 {
        match self {
            Unit::Percent | Unit::Share | Unit::Points => typed / 100.0,
            _ => typed,
        }
    }
}

/// `$45.1B`, `$500M`, `$12.3K`, `$950`.
fn money(value: f64) -> String {
    let a = value.abs();
    let sign = if value < 0.0 { "-" } else { "" };
    let (scaled, suffix) = if a >= 1e12 {
        (a / 1e12, "T")
    } else if a >= 1e9 {
        (a / 1e9, "B")
    } else if a >= 1e6 {
        (a / 1e6, "M")
    } else if a >= 1e3 {
        (a / 1e3, "K")
    } else {
        (a, "")
    };
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{sign}${text}{suffix}")
}

impl Metric {
    pub fn unit(&self) -> Unit {
        match self {
            Metric::PeriodReturn { .. } | Metric::Outperformance { .. } => Unit::Percent,
            Metric::ReturnDifference { .. } => Unit::Points,
            Metric::MembersPositive { share: false, .. } => Unit::Count,
            Metric::MembersPositive { share: true, .. }
            | Metric::TopContribution { .. }
            | Metric::CategoryShare { .. }
            | Metric::SizeShare { .. } => Unit::Share,
            Metric::RateBetaGap { .. } => Unit::Beta,
            Metric::ValuationRatio { .. } => Unit::Ratio,
            Metric::CategoryTotal { .. } => Unit::Money,
        }
    }

    /// The metric's name, as forms list it.
    pub fn name(&self) -> &'static str {
        match self {
            Metric::PeriodReturn { .. } => "Period return",
            Metric::ReturnDifference { .. } => "Return difference",
            Metric::Outperformance { .. } => "Outperformance",
            Metric::MembersPositive { share: false, .. } => "Members positive (count)",
            Metric::MembersPositive { share: true, .. } => "Members positive (share)",
            Metric::TopContribution { .. } => "Top-N share of contribution",
            Metric::RateBetaGap { .. } => "Rate sensitivity comparison",
            Metric::ValuationRatio { .. } => "Valuation comparison",
            Metric::CategoryShare { .. } => "Share of total by category",
            Metric::CategoryTotal { .. } => "Total by category",
            Metric::SizeShare { .. } => "Share in large deals",
        }
    }

    /// What is computed, in words with the subjects, e.g. "return of Russell 2000 minus
    /// return of Nasdaq-100".
    pub fn describe(&self) -> String {
        match self {
            Metric::PeriodReturn { subject } => format!("return of {subject}"),
            Metric::ReturnDifference { a, b } => format!("return of {a} minus return of {b}"),
            Metric::Outperformance { a, b } => format!("relative return of {a} against {b}"),
            Metric::MembersPositive { members, share } => format!(
                "{} of {} with a positive return",
                if *share { "share" } else { "number" },
                members.join(", ")
            ),
            Metric::TopContribution { index, n } => {
                format!("share of the {index}'s return made by its {n} largest contributors")
            }
            Metric::RateBetaGap { a, b, rate } => format!(
                "sensitivity of {a} to changes in the {rate} minus that of {b} (absolute betas)"
            ),
            Metric::ValuationRatio { a, b } => format!("valuation multiple of {a} over {b}"),
            Metric::CategoryShare { category } => format!("{category}'s share of the total amount"),
            Metric::CategoryTotal { category: Some(c) } => format!("total amount of {c}"),
            Metric::CategoryTotal { category: None } => "total amount".into(),
            Metric::SizeShare { category, min_size } => format!(
                "share of {} in deals of {} or more",
                category
                    .as_deref()
                    .map_or("the amount".to_string(), |c| format!("{c}'s amount")),
                money(*min_size)
            ),
        }
    }
}

/// How the computed value is compared with the stated one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Comparator {
    /// `|value - stated| <= tolerance` (in the metric's unit, fractions for percentages).
    About { tolerance: f64 },
    /// `value > stated`.
    Above,
    /// `value < stated`.
    Below,
    /// `stated <= value <= high`.
    Between { high: f64 },
}

impl Comparator {
    /// Whether `value` meets the comparison with `stated`.
    pub fn holds(self, value: f64, stated: f64) -> bool {
        match self {
            Comparator::About { tolerance } => (value - stated).abs() <= tolerance + 1e-12,
            Comparator::Above => value > stated,
            Comparator::Below => value < stated,
            Comparator::Between { high } => stated <= value && value <= high,
        }
    }

    /// The comparison in words with the stated value, e.g. "about +11.40% (± 0.50 pp)",
    /// "exactly 11", "positive".
    pub fn describe(self, stated: f64, unit: Unit) -> String {
        match self {
            Comparator::About { tolerance: 0.0 } => {
                format!("exactly {}", unit.format(stated).trim_start_matches('+'))
            }
            Comparator::Above if stated == 0.0 => "positive".into(),
            Comparator::Below if stated == 0.0 => "negative".into(),
            Comparator::About { tolerance } => {
                let tol = match unit {
                    Unit::Percent | Unit::Share | Unit::Points => {
                        format!("{:.2} pp", 100.0 * tolerance)
                    }
                    _ => unit.format(tolerance).trim_start_matches('+').to_string(),
                };
                format!("about {} (± {tol})", unit.format(stated))
            }
            Comparator::Above => format!("more than {}", unit.format(stated)),
            Comparator::Below => format!("less than {}", unit.format(stated)),
            Comparator::Between { high } => {
                format!("between {} and {}", unit.format(stated), unit.format(high))
            }
        }
    }
}

/// A quantitative claim of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The story's own words, quoted.
    pub text: String,
    pub metric: Metric,
    /// The period, both ends included.
    pub from: Date,
    pub to: Date,
    pub comparator: Comparator,
    /// The stated value, in the metric's unit (fractions for percentages).
    pub stated: f64,
}

impl Claim {
    /// The claim as the check reads it: "return of Nasdaq-100 is about +11.40% (± 0.50 pp),
    /// 2025-07-01 to 2025-09-30".
    pub fn reading(&self) -> String {
        format!(
            "{} is {}, {} to {}",
            self.metric.describe(),
            self.comparator.describe(self.stated, self.metric.unit()),
            self.from,
            self.to
        )
    }
}

/// The outcome of a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    Supported,
    Contradicted,
    /// The data cannot decide; the reason says what is missing.
    NotCheckable {
        reason: String,
    },
}

impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Supported => "Supported",
            Verdict::Contradicted => "Contradicted",
            Verdict::NotCheckable { .. } => "Not checkable",
        }
    }
}

/// One input of a computation, e.g. label "Russell 2000 via IWM", detail "close 2025-06-30
/// 215.35 to 2025-09-30 242.14: +12.45%".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Input {
    pub label: String,
    pub detail: String,
}

/// A claim's check: the computed value, the verdict, and what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub value: Option<f64>,
    pub verdict: Verdict,
    pub inputs: Vec<Input>,
    /// Notes on proxies and conventions (a fund standing in for an index, a missing member).
    pub notes: Vec<String>,
    /// The price series used, for a chart of the period.
    pub symbols: Vec<String>,
}

impl Evaluation {
    fn not_checkable(reason: impl Into<String>) -> Self {
        Evaluation {
            value: None,
            verdict: Verdict::NotCheckable {
                reason: reason.into(),
            },
            inputs: Vec::new(),
            notes: Vec::new(),
            symbols: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
