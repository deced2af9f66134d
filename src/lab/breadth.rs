//! The Breadth view: how many members take part in the move. The share of members above their
//! moving average and the share up over a window, over time, against the benchmark; new highs
//! against new lows; where each member stands at the end of the range.
//!
//! The members and the benchmark are aligned on the scenario's calendar over their whole
//! history up to `to`, so moving averages, windows and highs and lows warm up before `from`
//! (nothing after `to` is used); the lines are then kept from `from`. Period returns start from
//! the last close before `from` ([`BaseConvention::PriorClose`]).

use super::{align_symbols, Aligned, LabError};
use crate::engine::breadth::{
    above_moving_average, member_standings, new_highs_lows, positive_over_window, positive_share,
    BreadthPoint, HighsLows, MemberStanding, PositiveShare,
};
use crate::engine::returns::{period_return, rebased_panel, BaseConvention, Period, RebasedLine};
use crate::model::{Dataset, Date, Series, SeriesKind};
use crate::scenario::{Membership, Scenario};
use serde::{Deserialize, Serialize};

/// The windows of the view, in bars of the panel's frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Windows {
    /// Moving average for the share above it.
    pub ma: usize,
    /// Window of the share up.
    pub window: usize,
    /// Window of new highs and lows.
    pub highs_lows: usize,
}

impl Windows {
    /// The scenario's `params.breadth` windows.
    pub fn of(scenario: &Scenario) -> Windows {
        let b = &scenario.params.breadth;
        Windows {
            ma: b.ma as usize,
            window: b.window as usize,
            highs_lows: b.highs_lows as usize,
        }
    }
}

/// The members for a choice, and the ticked symbols left out with the reason: every price series
/// of the dataset, or the ticked prices and index levels other than the benchmark.
pub fn members(
    dataset: &Dataset,
    membership: Membership,
    ticked: &[String],
    benchmark: Option<&str>,
) -> (Vec<String>, Vec<(String, String)>) {
    match membership {
        Membership::AllPrices => (
            dataset
                .series
                .iter()
                .filter(|s| s.kind == SeriesKind::Price)
                .map(|s| s.symbol.clone())
                .collect(),
            Vec::new(),
        ),
        Membership::Ticked => {
            let mut chosen = Vec::new();
            let mut left_out = Vec::new();
            for s in &dataset.series {
                if !ticked.contains(&s.symbol) {
                    continue;
                }
                if Some(s.symbol.as_str()) == benchmark {
                    left_out.push((
                        s.symbol.clone(),
                        "the benchmark: drawn for comparison, not counted".to_string(),
                    ));
                } else if matches!(s.kind, SeriesKind::Price | SeriesKind::IndexLevel) {
                    chosen.push(s.symbol.clone());
                } else {
                    left_out.push((
                        s.symbol.clone(),
                        format!("a {}, not a price", s.kind.label()),
                    ));
                }
            }
            for t in ticked {
                if dataset.get(t).is_none() {
                    left_out.push((t.clone(), "not in the dataset".to_string()));
                }
            }
            (chosen, left_out)
        }
    }
}

/// The members and the benchmark aligned over their whole history: the part of [`breadth`]
/// that the range and the windows do not change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreadthPanel {
    pub members: Vec<String>,
    /// Ticked symbols that are not counted, with the reason.
    pub left_out: Vec<(String, String)>,
    /// `None` when there is no member to count.
    #[serde(skip)]
    pub aligned: Option<Aligned>,
}

/// Everything the view draws for one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreadthResult {
    pub from: Date,
    pub to: Date,
    pub windows: Windows,
    pub members: Vec<String>,
    pub left_out: Vec<(String, String)>,
    /// Share of members above their moving average, each panel date from `from`.
    pub above: Vec<BreadthPoint>,
    /// Share of members up over the window, each panel date from `from`.
    pub positive: Vec<BreadthPoint>,
    pub highs_lows: Vec<HighsLows>,
    /// The benchmark as % change from the range's start.
    pub benchmark: Option<RebasedLine>,
    /// The last panel date in the range.
    pub end: Option<Date>,
    /// Where each member stands on `end`.
    pub standings: Vec<MemberStanding>,
    /// Each member's return over the range, or why there is none.
    pub returns: Vec<(String, Result<f64, String>)>,
    /// Members up and down over the range.
    pub period: PositiveShare,
    /// Members without a single close in the range.
    pub without_data: Vec<String>,
    /// The most closes any member has up to the end of the range.
    pub history: usize,
}

/// What the Breadth view shows: nothing to count (and why), or the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Breadth {
    NoMembers {
        message: String,
        left_out: Vec<(String, String)>,
    },
    Ready(Box<BreadthResult>),
}

/// The Breadth view of `scenario` on `dataset`.
pub fn breadth(dataset: &Dataset, scenario: &Scenario) -> Result<Breadth, LabError> {
    let panel = breadth_panel(dataset, scenario)?;
    Ok(breadth_from(dataset, &panel, scenario))
}

/// The Breadth view of `scenario` from its [`breadth_panel`] (which a caller may keep while
/// only the range or the windows change: see [`panel_inputs`]).
pub fn breadth_from(dataset: &Dataset, panel: &BreadthPanel, scenario: &Scenario) -> Breadth {
    match compute(dataset, panel, scenario) {
        Some(result) => Breadth::Ready(Box::new(result)),
        None => Breadth::NoMembers {
            message: no_members_message(scenario.params.breadth.membership).into(),
            left_out: panel.left_out.clone(),
        },
    }
}

/// Why there is no member to count, for a membership choice.
pub fn no_members_message(membership: Membership) -> &'static str {
    match membership {
        Membership::AllPrices => "The dataset has no price series (index levels and yields are not members). Tick symbols and choose Ticked symbols to count index levels.",
        Membership::Ticked => "None of the ticked symbols is a price series other than the benchmark. Tick members in the data panel, or count all price series.",
    }
}

/// The scenario with only what [`breadth_panel`] reads: a view keeps its panel while the range
/// or the windows change.
pub fn panel_inputs(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    s.from = Date::MIN;
    s.to = Date::MIN;
    s.params = Default::default();
    s.params.breadth.membership = scenario.params.breadth.membership;
    s
}

/// The members and the benchmark aligned over their whole history.
pub fn breadth_panel(dataset: &Dataset, scenario: &Scenario) -> Result<BreadthPanel, LabError> {
    let benchmark = scenario.benchmark.as_deref();
    let (members, left_out) = members(
        dataset,
        scenario.params.breadth.membership,
        &scenario.symbols,
        benchmark,
    );
    if members.is_empty() {
        return Ok(BreadthPanel {
            members,
            left_out,
            aligned: None,
        });
    }
    let mut symbols = members.clone();
    if let Some(b) = benchmark {
        if !symbols.iter().any(|s| s == b) {
            symbols.push(b.to_string());
        }
    }
    let aligned = align_symbols(dataset, &symbols, &scenario.align_spec())?;
    Ok(BreadthPanel {
        members,
        left_out,
        aligned: Some(aligned),
    })
}

/// Breadth over the scenario's range from the panel of the whole history; `None` without
/// members.
pub fn compute(
    dataset: &Dataset,
    panel: &BreadthPanel,
    scenario: &Scenario,
) -> Option<BreadthResult> {
    let aligned = panel.aligned.as_ref()?;
    let (from, to) = (scenario.from, scenario.to);
    let w = Windows::of(scenario);
    let history = aligned.panel.between(Date::MIN, to);
    let member_panel = history.select(&panel.members);
    let start = history.dates.partition_point(|&d| d < from);
    let end = history.dates.last().copied().filter(|&d| d >= from);
    let standings = match end {
        Some(_) => member_standings(&member_panel, history.dates.len() - 1, w.ma, w.highs_lows),
        None => Vec::new(),
    };
    let benchmark = scenario.benchmark.as_ref().and_then(|b| {
        rebased_panel(&history.select(std::slice::from_ref(b)), from, to)
            .into_iter()
            .next()
    });
    let series: Vec<&Series> = panel
        .members
        .iter()
        .filter_map(|s| dataset.get(s))
        .collect();
    let period = Period {
        start: from,
        end: to,
    };
    let returns = series
        .iter()
        .map(|s| {
            let r = period_return(s, period, BaseConvention::PriorClose)
                .map(|r| r.value)
                .map_err(|e| e.describe());
            (s.symbol.clone(), r)
        })
        .collect();
    let without_data = member_panel
        .symbols
        .iter()
        .zip(&member_panel.columns)
        .filter(|(_, c)| c[start..].iter().all(|v| !v.is_finite()))
        .map(|(s, _)| s.clone())
        .collect();
    let history_bars = member_panel
        .columns
        .iter()
        .map(|c| c.iter().filter(|v| v.is_finite()).count())
        .max()
        .unwrap_or(0);
    Some(BreadthResult {
        from,
        to,
        windows: w,
        members: member_panel.symbols.clone(),
        left_out: panel.left_out.clone(),
        above: above_moving_average(&member_panel, w.ma)[start..].to_vec(),
        positive: positive_over_window(&member_panel, w.window)[start..].to_vec(),
        highs_lows: new_highs_lows(&member_panel, w.highs_lows)[start..].to_vec(),
        benchmark,
        end,
        standings,
        returns,
        period: positive_share(&series, period, BaseConvention::PriorClose),
        without_data,
        history: history_bars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::{d, series};

    /// Three members with 6 closes each and a benchmark; the range is the last 3 dates.
    fn fixture() -> (Dataset, Scenario) {
        let mut data = Dataset::new("t");
        let dates = [
            "2025-01-06",
            "2025-01-07",
            "2025-01-08",
            "2025-01-09",
            "2025-01-10",
            "2025-01-13",
        ];
        let closes = [
            ("A", [10.0, 11.0, 12.0, 13.0, 14.0, 15.0]),
            ("B", [10.0, 9.0, 8.0, 7.0, 6.0, 5.0]),
            ("C", [10.0, 10.0, 10.0, 10.0, 12.0, 9.0]),
            ("BM", [100.0, 101.0, 102.0, 103.0, 104.0, 105.0]),
        ];
        for (symbol, values) in closes {
            let points: Vec<(&str, f64)> = dates.iter().copied().zip(values).collect();
            data.add(series(symbol, SeriesKind::Price, &points))
                .unwrap();
        }
        let mut s = Scenario {
            symbols: vec!["A".into(), "B".into(), "C".into(), "BM".into()],
            benchmark: Some("BM".into()),
            from: d("2025-01-09"),
            to: d("2025-01-13"),
            ..Scenario::default()
        };
        s.params.breadth.membership = Membership::Ticked;
        s.params.breadth.ma = 3;
        s.params.breadth.window = 2;
        s.params.breadth.highs_lows = 4;
        (data, s)
    }

    #[test]
    fn windows_warm_up_before_the_range() {
        let (data, scenario) = fixture();
        let Breadth::Ready(r) = breadth(&data, &scenario).unwrap() else {
            panic!("no members");
        };
        assert_eq!(r.members, ["A", "B", "C"]);
        assert_eq!(
            r.left_out,
            [(
                "BM".to_string(),
                "the benchmark: drawn for comparison, not counted".to_string()
            )]
        );
        // From the first date of the range, every member has its 3-bar average (the two closes
        // before the range count). On 2025-01-09: A 13 > (11+12+13)/3, B 7 < 8, C 10 = 10 (not
        // above): 1 of 3.
        assert_eq!(r.above[0].date, d("2025-01-09"));
        assert_eq!((r.above[0].count, r.above[0].members), (1, 3));
        // On 2025-01-13: A 15 > 14, B 5 < 6, C 9 < (10+12+9)/3: 1 of 3.
        assert_eq!((r.above[2].count, r.above[2].members), (1, 3));
        // 4-bar highs on 2025-01-13: A (15 is the highest of 12..15); lows: B and C.
        let last = r.highs_lows.last().unwrap();
        assert_eq!((last.highs, last.lows, last.members), (1, 2, 3));
        // Returns from the last close before the range (2025-01-08): A 15/12, B 5/8, C 9/10.
        let ret = |s: &str| {
            r.returns
                .iter()
                .find(|(x, _)| x == s)
                .unwrap()
                .1
                .clone()
                .unwrap()
        };
        assert!((ret("A") - (15.0 / 12.0 - 1.0)).abs() < 1e-12);
        assert!((ret("B") - (5.0 / 8.0 - 1.0)).abs() < 1e-12);
        assert!((ret("C") - (9.0 / 10.0 - 1.0)).abs() < 1e-12);
        assert_eq!(r.period.positive, ["A"]);
        assert_eq!(r.end, Some(d("2025-01-13")));
        // The benchmark rebased to 100 on its first close in the range (103 on 2025-01-09).
        let bm = r.benchmark.as_ref().unwrap();
        assert_eq!((bm.base_date, bm.base_close), (d("2025-01-09"), 103.0));
        assert!((bm.points.last().unwrap().1 - 100.0 * 105.0 / 103.0).abs() < 1e-9);
    }

    #[test]
    fn no_members_says_why_and_the_panel_ignores_the_range() {
        let (data, mut scenario) = fixture();
        scenario.symbols = vec!["BM".into()];
        assert_eq!(
            breadth(&data, &scenario).unwrap(),
            Breadth::NoMembers {
                message: no_members_message(Membership::Ticked).into(),
                left_out: vec![(
                    "BM".into(),
                    "the benchmark: drawn for comparison, not counted".into()
                )],
            }
        );
        let (_, a) = fixture();
        let mut b = a.clone();
        b.from = d("2025-01-07");
        b.params.breadth.ma = 50;
        assert_eq!(panel_inputs(&a), panel_inputs(&b));
        b.params.breadth.membership = Membership::AllPrices;
        assert_ne!(panel_inputs(&a), panel_inputs(&b));
    }
}
