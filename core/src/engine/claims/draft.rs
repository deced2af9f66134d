//! A claim as the Story check form edits it: every field as typed text, turned into a
//! [`Claim`] (or a message naming the field) by [`ClaimDraft::to_claim`]. Percentages are typed
//! in percent (12.4), amounts with an optional `$` and a K/M/B/T suffix (`$45.1B`).

use super::{Claim, Comparator, Metric, Unit};
use crate::model::Date;

/// The metrics a form offers: (key, name).
pub const KINDS: [(&str, &str); 11] = [
    ("period_return", "Period return"),
    ("return_difference", "Return difference"),
    ("outperformance", "Outperformance"),
    ("members_count", "Members positive (count)"),
    ("members_share", "Members positive (share)"),
    ("top_contribution", "Top-N share of contribution"),
    ("rate_beta_gap", "Rate sensitivity comparison"),
    ("valuation_ratio", "Valuation comparison"),
    ("category_share", "Share of total by category"),
    ("category_total", "Total by category"),
    ("size_share", "Share in large deals"),
];

/// The comparators a form offers: (key, name).
pub const COMPARATORS: [(&str, &str); 4] = [
    ("about", "about (within a tolerance)"),
    ("above", "more than"),
    ("below", "less than"),
    ("between", "between"),
];

/// The fields a metric uses, for the form to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fields {
    pub a: bool,
    pub b: bool,
    pub members: bool,
    pub n: bool,
    pub rate: bool,
    pub category: bool,
    pub min_size: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClaimDraft {
    pub text: String,
    pub kind: String,
    /// The subject, the first of two, or the index (top contribution).
    pub a: String,
    pub b: String,
    /// Comma-separated members or group names.
    pub members: String,
    pub n: String,
    pub rate: String,
    pub category: String,
    pub min_size: String,
    pub from: String,
    pub to: String,
    pub comparator: String,
    pub stated: String,
    pub tolerance: String,
    pub high: String,
}

/// The fields of a metric key.
pub fn fields(kind: &str) -> Fields {
    let mut f = Fields::default();
    match kind {
        "period_return" => f.a = true,
        "return_difference" | "outperformance" | "valuation_ratio" => (f.a, f.b) = (true, true),
        "members_count" | "members_share" => f.members = true,
        "top_contribution" => (f.a, f.n) = (true, true),
        "rate_beta_gap" => (f.a, f.b, f.rate) = (true, true, true),
        "category_share" | "category_total" => f.category = true,
        "size_share" => (f.category, f.min_size) = (true, true),
        _ => {}
    }
    f
}

/// The unit of a metric key's value.
pub fn unit(kind: &str) -> Unit {
    match kind {
        "return_difference" => Unit::Points,
        "members_count" => Unit::Count,
        "rate_beta_gap" => Unit::Beta,
        "valuation_ratio" => Unit::Ratio,
        "category_total" => Unit::Money,
        "members_share" | "top_contribution" | "category_share" | "size_share" => Unit::Share,
        _ => Unit::Percent,
    }
}

/// A number as typed: a plain number, or an amount with `$`, thousands commas and a K/M/B/T
/// suffix.
pub fn parse_amount(text: &str) -> Option<f64> {
    let t = text.trim().trim_start_matches('$').replace([',', ' '], "");
    let (number, scale) = match t.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&t[..t.len() - 1], 1e3),
        Some('M') => (&t[..t.len() - 1], 1e6),
        Some('B') => (&t[..t.len() - 1], 1e9),
        Some('T') => (&t[..t.len() - 1], 1e12),
        _ => (t.as_str(), 1.0),
    };
    let number = number.trim_start_matches('$');
    number
        .parse::<f64>()
        .ok()
        .map(|v| v * scale)
        .filter(|v| v.is_finite())
}

/// A value written as a form shows it in `unit` (percent as 12.4, amounts as $45.1B).
pub fn typed(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Money => super::money(value),
        _ => {
            let v = unit.to_input(value);
            let text = format!("{v:.6}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

impl ClaimDraft {
    /// A new claim's form: a period return over Q3 2025, "about" within half a point.
    pub fn new_claim() -> ClaimDraft {
        ClaimDraft {
            kind: "period_return".into(),
            from: "2025-07-01".into(),
            to: "2025-09-30".into(),
            comparator: "about".into(),
            tolerance: "0.5".into(),
            n: "5".into(),
            ..ClaimDraft::default()
        }
    }

    /// The form of an existing claim.
    pub fn of(claim: &Claim) -> ClaimDraft {
        let mut d = ClaimDraft {
            text: claim.text.clone(),
            from: claim.from.to_string(),
            to: claim.to.to_string(),
            n: "5".into(),
            ..ClaimDraft::default()
        };
        let opt = |c: &Option<String>| c.clone().unwrap_or_default();
        d.kind = match &claim.metric {
            Metric::PeriodReturn { subject } => {
                d.a = subject.clone();
                "period_return"
            }
            Metric::ReturnDifference { a, b } => {
                (d.a, d.b) = (a.clone(), b.clone());
                "return_difference"
            }
            Metric::Outperformance { a, b } => {
                (d.a, d.b) = (a.clone(), b.clone());
                "outperformance"
            }
            Metric::ValuationRatio { a, b } => {
                (d.a, d.b) = (a.clone(), b.clone());
                "valuation_ratio"
            }
            Metric::MembersPositive { members, share } => {
                d.members = members.join(", ");
                if *share {
                    "members_share"
                } else {
                    "members_count"
                }
            }
            Metric::TopContribution { index, n } => {
                (d.a, d.n) = (index.clone(), n.to_string());
                "top_contribution"
            }
            Metric::RateBetaGap { a, b, rate } => {
                (d.a, d.b, d.rate) = (a.clone(), b.clone(), rate.clone());
                "rate_beta_gap"
            }
            Metric::CategoryShare { category } => {
                d.category = category.clone();
                "category_share"
            }
            Metric::CategoryTotal { category } => {
                d.category = opt(category);
                "category_total"
            }
            Metric::SizeShare { category, min_size } => {
                d.category = opt(category);
                d.min_size = super::money(*min_size);
                "size_share"
            }
        }
        .to_string();
        let u = claim.metric.unit();
        d.stated = typed(u, claim.stated);
        match claim.comparator {
            Comparator::About { tolerance } => {
                d.comparator = "about".into();
                d.tolerance = typed(u, tolerance);
            }
            Comparator::Above => d.comparator = "above".into(),
            Comparator::Below => d.comparator = "below".into(),
            Comparator::Between { high } => {
                d.comparator = "between".into();
                d.high = typed(u, high);
            }
        }
        d
    }

    /// The claim the form describes, or what is wrong, naming the field.
    pub fn to_claim(&self) -> Result<Claim, String> {
        let name = |label: &str, value: &str| -> Result<String, String> {
            let v = value.trim();
            if v.is_empty() {
                return Err(format!("{label}: enter a symbol or an index name"));
            }
            crate::model::limits::symbol(label, v).map_err(|e| e.to_string())?;
            Ok(v.to_string())
        };
        let optional = |label: &str, value: &str| -> Result<Option<String>, String> {
            if value.trim().is_empty() {
                Ok(None)
            } else {
                name(label, value).map(Some)
            }
        };
        let metric = match self.kind.as_str() {
            "period_return" => Metric::PeriodReturn {
                subject: name("Subject", &self.a)?,
            },
            "return_difference" => Metric::ReturnDifference {
                a: name("First", &self.a)?,
                b: name("Second", &self.b)?,
            },
            "outperformance" => Metric::Outperformance {
                a: name("First", &self.a)?,
                b: name("Second", &self.b)?,
            },
            "valuation_ratio" => Metric::ValuationRatio {
                a: name("First", &self.a)?,
                b: name("Second", &self.b)?,
            },
            "members_count" | "members_share" => {
                let members = self
                    .members
                    .split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(|m| name("Members", m))
                    .collect::<Result<Vec<_>, _>>()?;
                if members.is_empty() {
                    return Err(
                        "Members: list symbols or a group (e.g. S&P 500 sectors), separated by commas"
                            .into(),
                    );
                }
                Metric::MembersPositive {
                    members,
                    share: self.kind == "members_share",
                }
            }
            "top_contribution" => Metric::TopContribution {
                index: name("Index", &self.a)?,
                n: self
                    .n
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or("Largest contributors: a whole number from 1 to 1000")?,
            },
            "rate_beta_gap" => Metric::RateBetaGap {
                a: name("First", &self.a)?,
                b: name("Second", &self.b)?,
                rate: name("Rate", &self.rate)?,
            },
            "category_share" => Metric::CategoryShare {
                category: name("Category", &self.category)?,
            },
            "category_total" => Metric::CategoryTotal {
                category: optional("Category", &self.category)?,
            },
            "size_share" => Metric::SizeShare {
                category: optional("Category", &self.category)?,
                min_size: parse_amount(&self.min_size)
                    .filter(|v| *v >= 0.0)
                    .ok_or("Deal size at least: an amount such as 500M or $1.5B")?,
            },
            other => return Err(format!("Metric: {other:?} is not one the check knows")),
        };
        let date = |label: &str, text: &str| -> Result<Date, String> {
            let d: Date = text
                .trim()
                .parse()
                .map_err(|_| format!("{label}: a date as YYYY-MM-DD"))?;
            crate::model::limits::date(label, d).map_err(|e| e.to_string())?;
            Ok(d)
        };
        let (from, to) = (date("From", &self.from)?, date("To", &self.to)?);
        if to < from {
            return Err(format!("To: {to} is before From, {from}"));
        }
        let u = metric.unit();
        let value = |label: &str, text: &str| -> Result<f64, String> {
            parse_amount(text)
                .map(|v| u.from_input(v))
                .ok_or_else(|| format!("{label}: a number"))
        };
        let stated = value("Stated value", &self.stated)?;
        let comparator = match self.comparator.as_str() {
            "about" => {
                let tolerance = value("Tolerance", &self.tolerance)?;
                if tolerance < 0.0 {
                    return Err("Tolerance: zero or more".into());
                }
                Comparator::About { tolerance }
            }
            "above" => Comparator::Above,
            "below" => Comparator::Below,
            "between" => {
                let high = value("Up to", &self.high)?;
                if high < stated {
                    return Err("Up to: at least the stated value".into());
                }
                Comparator::Between { high }
            }
            other => return Err(format!("Comparison: {other:?} is not one the check knows")),
        };
        let text = self.text.trim();
        if text.chars().count() > crate::model::limits::MAX_CLAIM_CHARS {
            return Err(format!(
                "The story's words: at most {} characters",
                crate::model::limits::MAX_CLAIM_CHARS
            ));
        }
        Ok(Claim {
            text: if text.is_empty() {
                "(the claim in the story's words)".into()
            } else {
                text.chars().filter(|c| !c.is_control()).collect()
            },
            metric,
            from,
            to,
            comparator,
            stated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_claim_goes_through_the_form_unchanged() {
        for claim in super::super::preset::ai_rotation_q3_2025() {
            let draft = ClaimDraft::of(&claim);
            let back = draft.to_claim().unwrap();
            assert_eq!(back.metric, claim.metric);
            assert_eq!((back.from, back.to), (claim.from, claim.to));
            assert!((back.stated - claim.stated).abs() < 1e-9 * claim.stated.abs().max(1.0));
            assert_eq!(back.text, claim.text);
        }
    }

    #[test]
    fn typed_values_and_errors_name_the_field() {
        assert_eq!(parse_amount("$45.1B"), Some(45.1e9));
        assert_eq!(parse_amount("500m"), Some(5e8));
        assert_eq!(parse_amount("1,250"), Some(1250.0));
        assert_eq!(parse_amount("abc"), None);
        let mut d = ClaimDraft::new_claim();
        d.a = "QQQ".into();
        d.stated = "11.4".into();
        let c = d.to_claim().unwrap();
        assert_eq!(c.stated, 0.114);
        assert_eq!(c.comparator, Comparator::About { tolerance: 0.005 });
        d.stated = "eleven".into();
        assert_eq!(d.to_claim().unwrap_err(), "Stated value: a number");
        d.stated = "11.4".into();
        d.to = "2025-06-01".into();
        assert_eq!(
            d.to_claim().unwrap_err(),
            "To: 2025-06-01 is before From, 2025-07-01"
        );
        d.to = "2025-09-30".into();
        d.a = "<b>".into();
        assert_eq!(
            d.to_claim().unwrap_err(),
            "Subject: holds the character '<', which is not allowed"
        );
        d.a = String::new();
        assert_eq!(
            d.to_claim().unwrap_err(),
            "Subject: enter a symbol or an index name"
        );
        assert_eq!(typed(Unit::Percent, 0.464), "46.4");
        assert_eq!(typed(Unit::Money, 45.1e9), "$45.1B");
    }
}
