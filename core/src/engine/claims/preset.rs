//! Claim presets: the checkable claims of a market story, written as structured claims.

use super::{Claim, Comparator, Metric};
use crate::model::Date;

/// A named set of claims.
#[derive(Debug, Clone, Copy)]
pub struct ClaimPreset {
    pub label: &'static str,
    /// Where the claims come from.
    pub source: &'static str,
    pub claims: fn() -> Vec<Claim>,
}

pub const PRESETS: [ClaimPreset; 1] = [ClaimPreset {
    label: "AI rotation, Q3 2025",
    source: "“The AI Rotation: Big Tech's Correction and the Rise of Cyclical and Small-Cap Opportunities” (Q3 2025)",
    claims: ai_rotation_q3_2025,
}];

/// The preset named `label`.
pub fn preset(label: &str) -> Option<&'static ClaimPreset> {
    PRESETS.iter().find(|p| p.label == label)
}

fn date(text: &str) -> Date {
    text.parse().expect("built-in dates are valid")
}

fn q3(text: &str, metric: Metric, comparator: Comparator, stated: f64) -> Claim {
    Claim {
        text: text.to_string(),
        metric,
        from: date("2025-07-01"),
        to: date("2025-09-30"),
        comparator,
        stated,
    }
}

const HALF_POINT: Comparator = Comparator::About { tolerance: 0.005 };

/// The seed story's checkable claims about Q3 2025 (July 1 to September 30; returns from the
/// June 30 close). Percentages are matched within half a percentage point.
pub fn ai_rotation_q3_2025() -> Vec<Claim> {
    let s = |x: &str| x.to_string();
    vec![
        q3(
            "The Nasdaq-100 … rose 11.4% for the quarter",
            Metric::PeriodReturn { subject: s("Nasdaq-100") },
            HALF_POINT,
            0.114,
        ),
        q3(
            "The Russell 2000 Index … surged 12.4% in Q3 2025",
            Metric::PeriodReturn { subject: s("Russell 2000") },
            HALF_POINT,
            0.124,
        ),
        q3(
            "… outpacing the Nasdaq",
            Metric::ReturnDifference {
                a: s("Russell 2000"),
                b: s("Nasdaq-100"),
            },
            Comparator::Above,
            0.0,
        ),
        q3(
            "… with all 11 sectors contributing positively",
            Metric::MembersPositive {
                members: vec![s("S&P 500 sectors")],
                share: false,
            },
            Comparator::About { tolerance: 0.0 },
            11.0,
        ),
        q3(
            "These equities [small caps], often more sensitive to rate changes …",
            Metric::RateBetaGap {
                a: s("Russell 2000"),
                b: s("S&P 500"),
                rate: s("10-year Treasury yield"),
            },
            Comparator::Above,
            0.0,
        ),
        q3(
            "… its performance was heavily concentrated in a handful of mega-cap names (read: the 5 largest contributors made more than half of the Nasdaq-100's gain)",
            Metric::TopContribution {
                index: s("Nasdaq-100"),
                n: 5,
            },
            Comparator::Above,
            0.5,
        ),
        q3(
            "… many companies [small caps] offering more attractive price-to-earnings ratios compared to their large-cap counterparts",
            Metric::ValuationRatio {
                a: s("Russell 2000"),
                b: s("S&P 500"),
            },
            Comparator::Below,
            1.0,
        ),
        q3(
            "In Q3 2025, AI accounted for 46.4% of global venture capital funding",
            Metric::CategoryShare { category: s("AI") },
            HALF_POINT,
            0.464,
        ),
        q3(
            "… amounting to $45.1 billion",
            Metric::CategoryTotal {
                category: Some(s("AI")),
            },
            Comparator::About { tolerance: 0.5e9 },
            45.1e9,
        ),
        q3(
            "… with over 30% of funding flowing into mega-rounds of $500 million or more",
            Metric::SizeShare {
                category: Some(s("AI")),
                min_size: 5e8,
            },
            Comparator::Above,
            0.30,
        ),
    ]
}
