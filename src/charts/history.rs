//! The Story check's history as tables: each claim's base rate, the periods behind one, the
//! episodes of a rule and the forward returns after them. The app draws them and `rotlab view
//! --format csv` prints them, from the same functions.

use crate::engine::claims::history::{BaseRate, Episodes, Spread, HORIZONS, SMALL_SAMPLE};
use crate::engine::claims::Unit;
use crate::lab::story::{CheckedClaim, ClaimHistory, StoryCheck};
use crate::tables::{Cell, Column, Row, SortKey, TableData};

/// A value in the claim's unit, sorting by the number.
fn unit_cell(unit: Unit, value: f64) -> Cell {
    if !value.is_finite() {
        return Cell::missing("not available");
    }
    Cell {
        text: unit.format(value),
        csv: value.to_string(),
        sort: SortKey::Number(value),
        title: None,
        style: None,
        class: None,
    }
}

/// "45 of 101".
fn of(k: usize, n: usize) -> Cell {
    Cell {
        text: format!("{k} of {n}"),
        csv: k.to_string(),
        sort: SortKey::Number(k as f64),
        title: None,
        style: None,
        class: None,
    }
}

/// The base rate in one sentence: "In 101 quarters (Q3 2000 to Q3 2026), the value was
/// positive in 45; the story's +3.49 pp ranks 14th (top 14%). 1 quarter left out: the data does
/// not cover it." With fewer than [`SMALL_SAMPLE`] periods it says the sample is small.
pub fn base_rate_sentence(base: &BaseRate, unit: Unit) -> String {
    let n = base.count();
    let noun = base.kind.noun();
    let nouns = if n == 1 {
        noun.clone()
    } else {
        format!("{noun}s")
    };
    let span = match (base.periods.first(), base.periods.last()) {
        (Some(a), Some(b)) => format!(" ({} to {})", a.label, b.label),
        _ => String::new(),
    };
    let mut text = format!(
        "In {n} {nouns}{span}, the value was positive in {}",
        base.positive
    );
    match (base.story, base.rank) {
        (Some(story), Some(rank)) => text.push_str(&format!(
            "; the story's {} ranks {} of {n} (top {:.0}%).",
            unit.format(story),
            crate::export::ordinal(rank as u64),
            100.0 * rank as f64 / n as f64
        )),
        _ => text.push_str("; the story's own period is not in the data."),
    }
    if base.left_out > 0 {
        text.push_str(&format!(
            " {} {} left out: the data does not fully cover {}.",
            base.left_out,
            if base.left_out == 1 {
                noun.clone()
            } else {
                format!("{noun}s")
            },
            if base.left_out == 1 { "it" } else { "them" }
        ));
    }
    if n < SMALL_SAMPLE {
        text.push_str(&format!(
            " A small sample: fewer than {SMALL_SAMPLE} {noun}s, read the rank with care."
        ));
    }
    text
}

/// One row per claim with a base rate: its periods, the story's value and rank, how often
/// the value was positive and how often the claim as stated would have held.
pub fn base_rate_table(check: &StoryCheck) -> TableData {
    let columns = vec![
        Column::text("Claim"),
        Column::text("Periods"),
        Column::number("Count"),
        Column::number("Left out"),
        Column::number("Story's value"),
        Column::number("Rank"),
        Column::number("Top %"),
        Column::number("Positive"),
        Column::number("Claim held"),
    ];
    let rows = check
        .claims
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c, c.base_rate.as_ref()?)))
        .map(|(i, c, base)| base_rate_row(i, c, base))
        .collect();
    TableData { columns, rows }
}

fn base_rate_row(i: usize, c: &CheckedClaim, base: &BaseRate) -> Row {
    let unit = c.claim.metric.unit();
    let n = base.count();
    let small = n < SMALL_SAMPLE;
    let note = |cell: Cell| {
        if small {
            cell.with_title(format!("fewer than {SMALL_SAMPLE} periods: a small sample"))
        } else {
            cell
        }
    };
    let top = base.top_share().map_or(
        Cell::missing("the story's period is not in the data"),
        |t| Cell::number(100.0 * t, 0),
    );
    Row {
        key: format!("claim-{}", i + 1),
        cells: vec![
            Cell::text(format!("{}. {}", i + 1, c.claim.metric.describe())),
            Cell::text(format!("{}s", base.kind.noun())),
            note(Cell::number(n as f64, 0)),
            Cell::number(base.left_out as f64, 0),
            base.story.map_or(
                Cell::missing("the story's period is not in the data"),
                |v| unit_cell(unit, v),
            ),
            base.rank.map_or(
                Cell::missing("the story's period is not in the data"),
                |r| of(r, n),
            ),
            note(top),
            of(base.positive, n),
            of(base.held, n),
        ],
    }
}

/// The periods behind one claim's base rate, in time order, the story's marked.
pub fn periods_table(claim: &CheckedClaim) -> TableData {
    let unit = claim.claim.metric.unit();
    let columns = vec![
        Column::text("Period"),
        Column::text("From"),
        Column::text("To"),
        Column::number("Value"),
    ];
    let rows = claim
        .base_rate
        .iter()
        .flat_map(|b| b.periods.iter())
        .map(|p| {
            let own = p.from == claim.claim.from && p.to == claim.claim.to;
            let label = if own {
                format!("{} (the story's)", p.label)
            } else {
                p.label.clone()
            };
            Row {
                key: p.label.clone(),
                cells: vec![
                    Cell::text(label),
                    Cell::date(p.from),
                    Cell::date(p.to),
                    unit_cell(unit, p.value),
                ],
            }
        })
        .collect();
    TableData { columns, rows }
}

/// What a report says of the history.
pub struct ReportHistory {
    /// Each claim's base-rate sentence, by claim.
    pub sentences: Vec<Option<String>>,
    /// The episodes in a sentence.
    pub note: Option<String>,
    /// Titled tables: base rates, forward returns, episodes.
    pub tables: Vec<(String, TableData)>,
}

/// What a report says of the history of `check`.
pub fn report_history(check: &StoryCheck) -> ReportHistory {
    let sentences = check
        .claims
        .iter()
        .map(|c| {
            c.base_rate
                .as_ref()
                .map(|b| base_rate_sentence(b, c.claim.metric.unit()))
        })
        .collect();
    let mut tables = Vec::new();
    let rates = base_rate_table(check);
    if !rates.rows.is_empty() {
        tables.push(("Base rates of the claims".to_string(), rates));
    }
    let note = check.history.as_ref().and_then(|h| {
        let c = check.claims.get(h.claim)?;
        let unit = c.claim.metric.unit();
        tables.push((
            "Forward returns after the episodes and after every period".to_string(),
            forward_table(&h.episodes),
        ));
        tables.push((
            "Episodes and the returns that followed".to_string(),
            episodes_table(h, unit),
        ));
        episodes_sentence(check)
    });
    ReportHistory {
        sentences,
        note,
        tables,
    }
}

/// The episodes in a sentence: "4 of the 101 quarters had a value above +3.49 pp (claim 3:
/// return of IWM minus return of QQQ). ..." with the small-sample warning under
/// [`SMALL_SAMPLE`].
pub fn episodes_sentence(check: &StoryCheck) -> Option<String> {
    let h = check.history.as_ref()?;
    let c = check.claims.get(h.claim)?;
    let base = c.base_rate.as_ref()?;
    let noun = base.kind.noun();
    let rule = h.episodes.rule;
    let found = h.episodes.episodes.len();
    let mut text = format!(
        "{found} of the {} {noun}s had a value {} {} (claim {}: {}). Each episode is known at the close of its last day and the forward returns start there (no look-ahead), next to the same returns after every {noun}.",
        base.count(),
        if rule.above { "at or above" } else { "at or below" },
        c.claim.metric.unit().format(rule.threshold),
        h.claim + 1,
        c.claim.metric.describe()
    );
    if found < SMALL_SAMPLE {
        text.push_str(&format!(
            " Fewer than {SMALL_SAMPLE} episodes: a small sample, read the medians with care."
        ));
    }
    Some(text)
}

/// "IWM 3 mo": the heading of a forward return.
fn horizon_label(symbol: &str, months: u32) -> String {
    format!("{symbol} {months} mo")
}

/// One row per episode: its period and value, then each symbol's forward returns.
pub fn episodes_table(history: &ClaimHistory, unit: Unit) -> TableData {
    let e = &history.episodes;
    let mut columns = vec![Column::text("Episode"), Column::number("Value")];
    for s in &e.symbols {
        columns.extend(
            HORIZONS
                .iter()
                .map(|&h| Column::number(horizon_label(s, h))),
        );
    }
    let rows = e
        .episodes
        .iter()
        .map(|ep| {
            let mut cells = vec![
                Cell::text(ep.period.label.clone()),
                unit_cell(unit, ep.period.value),
            ];
            for f in &ep.forward {
                cells.extend(f.returns.iter().map(|r| match r {
                    Some(r) => Cell::percent(*r, 2),
                    None => Cell::missing("the data does not reach this far"),
                }));
            }
            Row {
                key: ep.period.label.clone(),
                cells,
            }
        })
        .collect();
    TableData { columns, rows }
}

/// Forward returns after the episodes next to those after every period: for each symbol and
/// horizon, the median, the quartiles and the count.
pub fn forward_table(episodes: &Episodes) -> TableData {
    let columns = vec![
        Column::text("Symbol"),
        Column::number("Months"),
        Column::number("Median after episodes"),
        Column::number("Q1"),
        Column::number("Q3"),
        Column::number("Episodes"),
        Column::number("Median after all"),
        Column::number("Q1 (all)"),
        Column::number("Q3 (all)"),
        Column::number("Periods"),
    ];
    let spread_cells = |s: Option<Spread>| match s {
        Some(s) => vec![
            Cell::percent(s.median, 2),
            Cell::percent(s.q1, 2),
            Cell::percent(s.q3, 2),
            Cell::number(s.count as f64, 0).with_title(if s.count < SMALL_SAMPLE {
                format!("fewer than {SMALL_SAMPLE}: a small sample")
            } else {
                String::new()
            }),
        ],
        None => vec![
            Cell::missing("no forward return"),
            Cell::missing("no forward return"),
            Cell::missing("no forward return"),
            Cell::number(0.0, 0),
        ],
    };
    let mut rows = Vec::new();
    for (i, symbol) in episodes.symbols.iter().enumerate() {
        for (h, &months) in HORIZONS.iter().enumerate() {
            let mut cells = vec![Cell::text(symbol.clone()), Cell::number(months as f64, 0)];
            cells.extend(spread_cells(episodes.after_episodes[i][h]));
            cells.extend(spread_cells(episodes.after_all[i][h]));
            for c in &mut cells {
                if c.title.as_deref() == Some("") {
                    c.title = None;
                }
            }
            rows.push(Row {
                key: format!("{symbol}-{months}"),
                cells,
            });
        }
    }
    TableData { columns, rows }
}

#[cfg(test)]
mod tests {
    use crate::export::ordinal;

    #[test]
    fn ordinals_read_as_english() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .iter()
            .map(|&n| ordinal(n))
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }
}
