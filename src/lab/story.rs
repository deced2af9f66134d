//! The Story check: each claim of the scenario's story evaluated on the dataset (and on the
//! holdings file and the category table the user loaded, which a link does not carry), with the
//! series behind each claim rebased to 100 at the close before its period, and the lines that
//! describe the data for the HTML report.

use super::align_symbols;
use crate::engine::align::Calendar;
use crate::engine::claims::history::{base_rate, episodes, PeriodKind};
pub use crate::engine::claims::history::{BaseRate, EpisodeRule, Episodes};
/// A category table summarised by category and deal size.
pub use crate::engine::claims::subjects::{GROUPS, INDEXES};
pub use crate::engine::claims::{draft, needs, preset, Claim, Evaluation, Unit, Verdict};
use crate::engine::claims::{evaluate, Evidence, Metric};
use crate::engine::concentration::Holding;
pub use crate::engine::flows::FlowSummary;
use crate::engine::flows::{summarize, DEFAULT_SIZE_EDGES};
use crate::engine::returns::Period;
use crate::engine::returns::{rebased_panel, RebasedLine};
use crate::ingest::CategoryTable;
use crate::model::{Dataset, Date};
use crate::scenario::Scenario;
use serde::Serialize;

/// Files beside the price data that some claims need.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// A holdings file: its name and holdings.
    pub holdings: Option<(&'a str, &'a [Holding])>,
    pub categories: Option<&'a CategoryTable>,
}

/// One claim and what the data says of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedClaim {
    pub claim: Claim,
    pub evaluation: Evaluation,
    /// The claim's metric over every comparable period; `None` when the data covers none.
    pub base_rate: Option<BaseRate>,
}

/// The episodes of one claim's metric and what came after them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimHistory {
    /// The claim's index.
    pub claim: usize,
    pub episodes: Episodes,
}

/// What the Story check shows for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryCheck {
    /// The preset the claims came from, shown as the story's title.
    pub title: Option<String>,
    pub claims: Vec<CheckedClaim>,
    /// The episodes of the claim the scenario chose (or the first that compares two subjects).
    pub history: Option<ClaimHistory>,
}

/// The scenario's claims evaluated on `dataset` and the extras.
pub fn story_check(dataset: &Dataset, scenario: &Scenario, extras: Extras<'_>) -> StoryCheck {
    let evidence = Evidence {
        dataset,
        holdings: extras.holdings.map(|(_, h)| h),
        categories: extras.categories,
    };
    let story = &scenario.params.story;
    let claims: Vec<CheckedClaim> = story
        .claims
        .iter()
        .map(|claim| CheckedClaim {
            evaluation: evaluate(claim, &evidence),
            base_rate: base_rate(
                claim,
                &evidence,
                PeriodKind::of(claim, story.history.rolling),
            )
            .filter(|b| b.count() > 0),
            claim: claim.clone(),
        })
        .collect();
    let history = claim_history(dataset, scenario, &claims);
    StoryCheck {
        title: story.preset.clone(),
        claims,
        history,
    }
}

/// The episodes of the scenario's chosen claim (by default the first that compares two
/// subjects and has a base rate, else the first with one): the periods at least as far from
/// zero as the story's own (or by the scenario's rule), with forward returns of the claim's
/// series and the benchmark.
fn claim_history(
    dataset: &Dataset,
    scenario: &Scenario,
    claims: &[CheckedClaim],
) -> Option<ClaimHistory> {
    let params = &scenario.params.story.history;
    let compares = |c: &CheckedClaim| {
        matches!(
            c.claim.metric,
            Metric::ReturnDifference { .. } | Metric::Outperformance { .. }
        )
    };
    let index = match params.claim {
        Some(i) => i,
        None => claims
            .iter()
            .position(|c| compares(c) && c.base_rate.is_some())
            .or_else(|| claims.iter().position(|c| c.base_rate.is_some()))?,
    };
    let checked = claims.get(index)?;
    let base = checked.base_rate.as_ref()?;
    let rule = params.rule.unwrap_or_else(|| {
        let story = base.story.unwrap_or(0.0);
        EpisodeRule {
            above: story >= 0.0,
            threshold: story,
        }
    });
    let mut symbols = checked.evaluation.symbols.clone();
    if let Some(b) = scenario
        .benchmark
        .as_ref()
        .filter(|b| dataset.get(b).is_some())
    {
        if !symbols.contains(b) {
            symbols.push(b.clone());
        }
    }
    Some(ClaimHistory {
        claim: index,
        episodes: episodes(dataset, base, rule, &symbols),
    })
}

/// The series the story of Q3 2025 (the seed story's claims) needs, each ticked when
/// `dataset` holds a symbol that stands for it: the Overview's first screen.
pub fn ai_rotation_needs(dataset: &Dataset) -> Vec<needs::Need> {
    needs::needs(&preset::ai_rotation_q3_2025(), Some(dataset))
}

/// The series a claim was computed from (`symbols`, its evaluation's), on the union of their
/// dates (with the scenario's bars and gap filling), rebased to 100 at the last close before
/// the claim's period `from..=to` (the base of its returns) and drawn to the period's end.
pub fn claim_lines(
    dataset: &Dataset,
    scenario: &Scenario,
    symbols: &[String],
    from: Date,
    to: Date,
) -> Vec<RebasedLine> {
    if symbols.is_empty() {
        return Vec::new();
    }
    let mut spec = scenario.align_spec();
    spec.calendar = Calendar::Union;
    spec.benchmark = None;
    let Ok(aligned) = align_symbols(dataset, symbols, &spec) else {
        return Vec::new();
    };
    let panel = &aligned.panel;
    let start = panel.dates.partition_point(|&d| d < from).saturating_sub(1);
    let base = panel.dates.get(start).copied().unwrap_or(from);
    rebased_panel(panel, base, to)
}

/// The category table summarised over the period the claims are about (the first claim's),
/// else over all its rows; `None` for an empty table.
pub fn flow_summary(table: &CategoryTable, claims: &[Claim]) -> Option<FlowSummary> {
    let period = match claims.first() {
        Some(c) => Period {
            start: c.from,
            end: c.to,
        },
        None => Period {
            start: table.rows.iter().map(|r| r.date).min()?,
            end: table.rows.iter().map(|r| r.date).max()?,
        },
    };
    Some(summarize(table, period, &DEFAULT_SIZE_EDGES))
}

/// The data behind a report, one line each: the dataset (name, series, span, symbols), the
/// holdings file and the category table.
pub fn data_lines(dataset: &Dataset, extras: Extras<'_>) -> Vec<String> {
    let span = dataset
        .date_span()
        .map(|(a, b)| format!(", {a} to {b}"))
        .unwrap_or_default();
    let mut lines = vec![format!(
        "Prices: dataset “{}”, {} series{span} ({})",
        dataset.name,
        dataset.series.len(),
        dataset
            .series
            .iter()
            .map(|s| s.symbol.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )];
    if let Some((name, holdings)) = extras.holdings {
        lines.push(format!("Holdings: {name} ({} holdings)", holdings.len()));
    }
    if let Some(t) = extras.categories {
        lines.push(format!(
            "Category table: {} ({} rows)",
            t.file,
            t.rows.len()
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::claims::{Comparator, Metric, Verdict};
    use crate::lab::tests::{d, series};
    use crate::model::SeriesKind;

    #[test]
    fn claims_are_evaluated_and_drawn_from_the_close_before_their_period() {
        let mut data = Dataset::new("Two funds");
        let qqq = [
            ("2025-06-27", 90.0),
            ("2025-06-30", 100.0),
            ("2025-07-31", 109.0),
            ("2025-09-30", 111.0),
        ];
        data.add(series("QQQ", SeriesKind::Price, &qqq)).unwrap();
        let mut s = Scenario::default();
        s.params.story.preset = Some("Mine".into());
        s.params.story.claims = vec![Claim {
            text: "The Nasdaq-100 rose about 11% in Q3 2025".into(),
            metric: Metric::PeriodReturn {
                subject: "Nasdaq-100".into(),
            },
            from: d("2025-07-01"),
            to: d("2025-09-30"),
            comparator: Comparator::About { tolerance: 0.005 },
            stated: 0.11,
        }];
        let check = story_check(&data, &s, Extras::default());
        assert_eq!(check.title.as_deref(), Some("Mine"));
        let c = &check.claims[0];
        // 111 / 100 - 1 from the June 30 close: +11%, within half a point of 11%.
        assert!((c.evaluation.value.unwrap() - 0.11).abs() < 1e-12);
        assert_eq!(c.evaluation.verdict, Verdict::Supported);
        let lines = claim_lines(&data, &s, &c.evaluation.symbols, c.claim.from, c.claim.to);
        assert_eq!(lines[0].base_date, d("2025-06-30"));
        assert!((lines[0].points.last().unwrap().1 - 111.0).abs() < 1e-12);
        assert_eq!(
            data_lines(&data, Extras::default()),
            ["Prices: dataset “Two funds”, 1 series, 2025-06-27 to 2025-09-30 (QQQ)"]
        );
    }
}
