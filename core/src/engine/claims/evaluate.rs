//! Evaluation of one claim against the evidence at hand.

use super::subjects::{expand_members, resolve, resolve_multiple, Resolved};
use super::{Claim, Evaluation, Input, Metric, Unit, Verdict};
use crate::engine::concentration::{concentration, Holding};
use crate::engine::flows::{self, Share};
use crate::engine::rates::sensitivity;
use crate::engine::returns::{period_return, BaseConvention, Period, PeriodReturn};
use crate::model::CategoryTable;
use crate::model::{Dataset, Series, SeriesKind};

/// Days a valuation multiple may be older than the period's end (multiples are often monthly).
const MULTIPLE_STALE_DAYS: i64 = 31;
/// Fewest common days for a rate sensitivity.
const MIN_RATE_DAYS: usize = 20;

/// What a claim can be checked against: the prices, and where a claim needs them the holdings
/// of an index and a category table (deals, flows).
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub dataset: &'a Dataset,
    pub holdings: Option<&'a [Holding]>,
    pub categories: Option<&'a CategoryTable>,
}

/// Checks `claim` against `evidence`: its metric computed over the claim's period, compared
/// with the stated value ([`super::Comparator::holds`]). A metric the data cannot compute gives
/// [`Verdict::NotCheckable`] with the reason.
pub fn evaluate(claim: &Claim, evidence: &Evidence) -> Evaluation {
    if claim.to < claim.from {
        return Evaluation::not_checkable(format!(
            "the period ends ({}) before it starts ({})",
            claim.to, claim.from
        ));
    }
    let period = Period {
        start: claim.from,
        end: claim.to,
    };
    let computed = match &claim.metric {
        Metric::PeriodReturn { subject } => period_return_of(evidence.dataset, subject, period),
        Metric::ReturnDifference { a, b } => pair(
            evidence.dataset,
            a,
            b,
            period,
            |ra, rb| ra - rb,
            Unit::Points,
        ),
        Metric::Outperformance { a, b } => pair(
            evidence.dataset,
            a,
            b,
            period,
            |ra, rb| (1.0 + ra) / (1.0 + rb) - 1.0,
            Unit::Percent,
        ),
        Metric::MembersPositive { members, share } => {
            return members_positive(evidence.dataset, members, *share, period, claim);
        }
        Metric::TopContribution { index, n } => top_contribution(evidence, index, *n, period),
        Metric::RateBetaGap { a, b, rate } => rate_beta_gap(evidence.dataset, a, b, rate, period),
        Metric::ValuationRatio { a, b } => valuation_ratio(evidence.dataset, a, b, period),
        Metric::CategoryShare { category } => with_table(evidence, period, |t| {
            flows::category_share(t, period, category)
                .map(|s| share_result(s, category, "All categories", "of the total"))
        }),
        Metric::CategoryTotal { category } => with_table(evidence, period, |t| {
            flows::category_total(t, period, category.as_deref()).map(|s| {
                let label = category.as_deref().unwrap_or("every category");
                Computed {
                    value: s.part,
                    inputs: vec![Input {
                        label: format!("{label} in {}", t.file),
                        detail: format!("{} over {} rows", Unit::Money.format(s.part), s.part_rows),
                    }],
                    notes: Vec::new(),
                    symbols: Vec::new(),
                }
            })
        }),
        Metric::SizeShare { category, min_size } => with_table(evidence, period, |t| {
            flows::size_share(t, period, category.as_deref(), *min_size).map(|s| {
                share_result(
                    s,
                    &format!("Deals of {} or more", Unit::Money.format(*min_size)),
                    &category
                        .as_deref()
                        .map_or("All deals".to_string(), |c| format!("All of {c}")),
                    &format!("of {}", category.as_deref().unwrap_or("all deals")),
                )
            })
        }),
    };
    match computed {
        Ok(c) => Evaluation {
            value: Some(c.value),
            verdict: if claim.comparator.holds(c.value, claim.stated) {
                Verdict::Supported
            } else {
                Verdict::Contradicted
            },
            inputs: c.inputs,
            notes: c.notes,
            symbols: c.symbols,
        },
        Err(reason) => Evaluation::not_checkable(reason),
    }
}

/// A computed metric with its inputs.
struct Computed {
    value: f64,
    inputs: Vec<Input>,
    notes: Vec<String>,
    symbols: Vec<String>,
}

fn return_input(label: &str, r: &PeriodReturn) -> Input {
    Input {
        label: label.to_string(),
        detail: format!(
            "close {} {:.2} to {} {:.2}: {}",
            r.base_date,
            r.base_close,
            r.end_date,
            r.end_close,
            Unit::Percent.format(r.value)
        ),
    }
}

/// The return of a resolved subject, with its inputs (and the other proxy's, shown beside it).
fn subject_return(resolved: &Resolved, period: Period) -> Result<Computed, String> {
    let r = period_return(resolved.series, period, BaseConvention::PriorClose)
        .map_err(|e| format!("{}: {}", resolved.label, e.describe()))?;
    let mut inputs = vec![return_input(&resolved.label, &r)];
    let mut symbols = vec![resolved.series.symbol.clone()];
    if let Some((other, label)) = &resolved.other {
        if let Ok(o) = period_return(other, period, BaseConvention::PriorClose) {
            inputs.push(return_input(label, &o));
            symbols.push(other.symbol.clone());
        }
    }
    Ok(Computed {
        value: r.value,
        inputs,
        notes: resolved.note.iter().cloned().collect(),
        symbols,
    })
}

fn period_return_of(dataset: &Dataset, subject: &str, period: Period) -> Result<Computed, String> {
    subject_return(&resolve(dataset, subject, period)?, period)
}

fn pair(
    dataset: &Dataset,
    a: &str,
    b: &str,
    period: Period,
    combine: impl Fn(f64, f64) -> f64,
    unit: Unit,
) -> Result<Computed, String> {
    let first = subject_return(&resolve(dataset, a, period)?, period)?;
    let second = subject_return(&resolve(dataset, b, period)?, period)?;
    let value = combine(first.value, second.value);
    let mut inputs = first.inputs;
    inputs.extend(second.inputs);
    let mut notes = first.notes;
    notes.extend(second.notes);
    let mut symbols = first.symbols;
    symbols.extend(second.symbols);
    inputs.push(Input {
        label: "Result".into(),
        detail: unit.format(value),
    });
    Ok(Computed {
        value,
        inputs,
        notes,
        symbols,
    })
}

/// Members positive: the count (or share) over the members with a return. When some members
/// have none, the claim is decided only if every possible outcome for them gives the same
/// verdict.
fn members_positive(
    dataset: &Dataset,
    members: &[String],
    share: bool,
    period: Period,
    claim: &Claim,
) -> Evaluation {
    let names = expand_members(members);
    if names.is_empty() {
        return Evaluation::not_checkable("the claim names no members");
    }
    let (mut positive, mut negative, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    let mut inputs = Vec::new();
    let mut notes = Vec::new();
    let mut symbols = Vec::new();
    for name in &names {
        let outcome = resolve(dataset, name, period).and_then(|r| {
            let label = r.label.clone();
            let symbol = r.series.symbol.clone();
            if let Some(note) = &r.note {
                notes.push(note.clone());
            }
            period_return(r.series, period, BaseConvention::PriorClose)
                .map(|ret| (label, symbol, ret))
                .map_err(|e| format!("{}: {}", r.series.symbol, e.describe()))
        });
        match outcome {
            Ok((label, symbol, r)) => {
                inputs.push(return_input(&label, &r));
                symbols.push(symbol);
                if r.value > 0.0 {
                    positive.push(name.clone());
                } else {
                    negative.push(name.clone());
                }
            }
            Err(reason) => missing.push((name.clone(), reason)),
        }
    }
    let counted = positive.len() + negative.len();
    if counted == 0 {
        return Evaluation::not_checkable(format!(
            "none of the {} members has a return in the period ({})",
            names.len(),
            missing
                .iter()
                .map(|(_, r)| r.as_str())
                .take(3)
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    let all = names.len() as f64;
    let measure = |k: usize| {
        if share {
            k as f64 / all
        } else {
            k as f64
        }
    };
    // The possible outcomes: the missing members positive or not.
    let outcomes: Vec<bool> = (positive.len()..=positive.len() + missing.len())
        .map(|k| claim.comparator.holds(measure(k), claim.stated))
        .collect();
    let value = if share {
        positive.len() as f64 / counted as f64
    } else {
        positive.len() as f64
    };
    inputs.push(Input {
        label: "Positive".into(),
        detail: format!(
            "{} of {} with a return: {}",
            positive.len(),
            counted,
            if positive.is_empty() {
                "none".to_string()
            } else {
                positive.join(", ")
            }
        ),
    });
    if !negative.is_empty() {
        inputs.push(Input {
            label: "Zero or negative".into(),
            detail: negative.join(", "),
        });
    }
    notes.sort();
    notes.dedup();
    let verdict = if missing.is_empty() || outcomes.iter().all(|&h| h) {
        if outcomes.iter().all(|&h| h) {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        }
    } else if outcomes.iter().all(|&h| !h) {
        Verdict::Contradicted
    } else {
        Verdict::NotCheckable {
            reason: format!(
                "{} of the {} members have no return in the period ({}); the claim depends on them",
                missing.len(),
                names.len(),
                missing
                    .iter()
                    .map(|(m, _)| m.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    };
    if !missing.is_empty() {
        notes.push(format!(
            "Without a return in the period: {}.",
            missing
                .iter()
                .map(|(m, r)| format!("{m} ({r})"))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    Evaluation {
        value: Some(value),
        verdict,
        inputs,
        notes,
        symbols,
    }
}

fn top_contribution(
    evidence: &Evidence,
    index: &str,
    n: u32,
    period: Period,
) -> Result<Computed, String> {
    let holdings = evidence.holdings.ok_or_else(|| {
        format!(
            "it needs the {index}'s holdings with their weights (a holdings file: symbol, weight, sector), loaded in the Concentration view, and the members' prices"
        )
    })?;
    let prices: Vec<&Series> = evidence.dataset.series.iter().collect();
    let c = concentration(holdings, &prices, period, BaseConvention::PriorClose);
    if c.members.is_empty() {
        return Err(format!(
            "none of the {} holdings has a return in the period",
            holdings.len()
        ));
    }
    if c.total_return == 0.0 {
        return Err("the holdings' weighted return is zero, so shares of it are undefined".into());
    }
    let n = (n as usize).clamp(1, c.members.len());
    let top: f64 = c.members.iter().take(n).map(|m| m.contribution).sum();
    let value = top / c.total_return;
    let mut inputs: Vec<Input> = c
        .members
        .iter()
        .take(n)
        .map(|m| Input {
            label: m.symbol.clone(),
            detail: format!(
                "weight {:.2}% × return {} = {}",
                100.0 * m.weight,
                Unit::Percent.format(m.member_return),
                Unit::Points.format(m.contribution)
            ),
        })
        .collect();
    inputs.push(Input {
        label: "Weighted return of the holdings".into(),
        detail: format!(
            "{} from {} members",
            Unit::Percent.format(c.total_return),
            c.members.len()
        ),
    });
    let mut notes = vec![format!(
        "Buy-and-hold contributions w_i × R_i with the holdings' starting weights, normalised over the {} members with prices.",
        c.members.len()
    )];
    if !c.missing.is_empty() {
        notes.push(format!(
            "{} holdings have no return in the period and are left out.",
            c.missing.len()
        ));
    }
    if c.total_return < 0.0 {
        notes.push("The holdings fell over the period: the shares are of a loss.".into());
    }
    Ok(Computed {
        value,
        inputs,
        notes,
        symbols: c.members.iter().take(n).map(|m| m.symbol.clone()).collect(),
    })
}

/// The value of `series` on exactly `date`.
fn on(series: &Series, date: crate::model::Date) -> Option<f64> {
    series
        .dates()
        .binary_search(&date)
        .ok()
        .map(|i| series.values()[i])
}

fn rate_beta_gap(
    dataset: &Dataset,
    a: &str,
    b: &str,
    rate: &str,
    period: Period,
) -> Result<Computed, String> {
    let ra = resolve(dataset, a, period)?;
    let rb = resolve(dataset, b, period)?;
    let rate_series = resolve(dataset, rate, period)?;
    if rate_series.series.kind != SeriesKind::YieldPercent {
        return Err(format!(
            "{} is not a yield (its kind is {}); rate sensitivity needs a yield in percent",
            rate_series.series.symbol,
            rate_series.series.kind.label()
        ));
    }
    // The days all three have, from the last one before the period to its end.
    let y = rate_series.series;
    let range = y.range_indices(period.start, period.end);
    let first = range.start.saturating_sub(1);
    let mut rows: Vec<(f64, f64, f64)> = Vec::new();
    for i in first..range.end {
        let date = y.dates()[i];
        if let (Some(pa), Some(pb)) = (on(ra.series, date), on(rb.series, date)) {
            rows.push((pa, pb, y.values()[i]));
        }
    }
    if rows.len() < MIN_RATE_DAYS + 1 {
        return Err(format!(
            "{}, {} and {} have {} common days in the period; at least {} are needed",
            ra.series.symbol,
            rb.series.symbol,
            y.symbol,
            rows.len(),
            MIN_RATE_DAYS + 1
        ));
    }
    let yields: Vec<f64> = rows.iter().map(|r| r.2).collect();
    let sa = sensitivity(&rows.iter().map(|r| r.0).collect::<Vec<_>>(), &yields);
    let sb = sensitivity(&rows.iter().map(|r| r.1).collect::<Vec<_>>(), &yields);
    let input = |label: &str, s: &crate::engine::rates::Sensitivity| Input {
        label: label.to_string(),
        detail: format!(
            "beta {} (correlation {:.2}, {} days)",
            Unit::Beta.format(s.beta_per_100bp),
            s.correlation,
            s.observations
        ),
    };
    let value = sa.beta_per_100bp.abs() - sb.beta_per_100bp.abs();
    let mut notes: Vec<String> = [&ra.note, &rb.note]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    notes.push(format!(
        "Daily returns (%) regressed on daily changes of {} (bp), on the days all three have; the comparison is of absolute betas.",
        y.symbol
    ));
    Ok(Computed {
        value,
        inputs: vec![
            input(&ra.label, &sa),
            input(&rb.label, &sb),
            Input {
                label: "Result".into(),
                detail: format!(
                    "|{:.2}| - |{:.2}| = {}",
                    sa.beta_per_100bp,
                    sb.beta_per_100bp,
                    Unit::Beta.format(value)
                ),
            },
        ],
        notes,
        symbols: vec![ra.series.symbol.clone(), rb.series.symbol.clone()],
    })
}

fn valuation_ratio(
    dataset: &Dataset,
    a: &str,
    b: &str,
    period: Period,
) -> Result<Computed, String> {
    let ma = resolve_multiple(dataset, a)?;
    let mb = resolve_multiple(dataset, b)?;
    let at_end = |s: &Series| {
        s.on_or_before(period.end)
            .filter(|(d, _)| {
                crate::model::calendar::days_between(*d, period.end) <= MULTIPLE_STALE_DAYS
            })
            .ok_or_else(|| {
                format!(
                    "{} has no value within {MULTIPLE_STALE_DAYS} days before {}",
                    s.symbol, period.end
                )
            })
    };
    let (da, va) = at_end(ma)?;
    let (db, vb) = at_end(mb)?;
    if va <= 0.0 || vb <= 0.0 {
        return Err("a multiple at or below zero (losses) cannot be compared as a ratio".into());
    }
    let value = va / vb;
    Ok(Computed {
        value,
        inputs: vec![
            Input {
                label: ma.symbol.clone(),
                detail: format!("{va:.2} on {da}"),
            },
            Input {
                label: mb.symbol.clone(),
                detail: format!("{vb:.2} on {db}"),
            },
            Input {
                label: "Result".into(),
                detail: format!("{va:.2} / {vb:.2} = {}", Unit::Ratio.format(value)),
            },
        ],
        notes: vec!["A ratio below 1 means the first is valued lower (cheaper).".into()],
        symbols: Vec::new(),
    })
}

fn with_table(
    evidence: &Evidence,
    period: Period,
    compute: impl FnOnce(&CategoryTable) -> Option<Computed>,
) -> Result<Computed, String> {
    let table = evidence.categories.ok_or(
        "it needs a category table (date, category, amount, optional size), such as a list of venture deals; load one in the Story check view",
    )?;
    compute(table).ok_or_else(|| {
        format!(
            "the category table {} has no rows from {} to {}",
            table.file, period.start, period.end
        )
    })
}

fn share_result(s: Share, part: &str, whole: &str, of: &str) -> Computed {
    Computed {
        value: s.value,
        inputs: vec![
            Input {
                label: part.to_string(),
                detail: format!("{} in {} rows", Unit::Money.format(s.part), s.part_rows),
            },
            Input {
                label: whole.to_string(),
                detail: format!("{} in {} rows", Unit::Money.format(s.total), s.total_rows),
            },
            Input {
                label: "Result".into(),
                detail: format!("{} {of}", Unit::Share.format(s.value)),
            },
        ],
        notes: Vec::new(),
        symbols: Vec::new(),
    }
}
