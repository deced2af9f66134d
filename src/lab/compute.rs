//! What a view asks of the compute worker, and the answers, as bytes that cross between the
//! page and the worker. The worker runs the same lab functions `rotlab view` runs; only the
//! place changes (off the page's thread), never the numbers.
//!
//! Requests and answers travel as MessagePack with named fields (`rmp-serde`): binary, so a
//! close is its 8 bytes and NaN (a member without its moving average) survives the trip,
//! which JSON's `null` would not; self-describing, so the lab's tagged enums read back.
//!
//! The worker keeps one dataset (the one shown), and the parts of a result that only some
//! inputs change, as they were kept on the page: the Breadth view's aligned members
//! ([`BreadthPanel`]) while only the range or the windows change; the Risk view's range, its
//! underwater curves and correlations ([`RiskPanel`]) while only the risk-free rate changes.

use super::breadth::{self, breadth_from, breadth_panel, Breadth, BreadthPanel};
use super::risk::{self, risk_panel, statistics, RiskPanel, RiskStatistics};
use super::LabError;
use crate::model::Dataset;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What a view asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// The Breadth view of a scenario ([`super::breadth::breadth`]).
    Breadth(Scenario),
    /// The Risk view's part that the risk-free rate does not change ([`risk_panel`]).
    RiskPanel(Scenario),
    /// The Risk view's statistics at the scenario's risk-free rate ([`statistics`]).
    RiskStatistics(Scenario),
}

/// The answer to a [`Request`] of the same name; `Err` holds the lab's message for the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Breadth(Result<Breadth, String>),
    RiskPanel(Result<RiskPanel, LabError>),
    RiskStatistics(Result<RiskStatistics, LabError>),
}

/// Why a request got no answer (a defect on the way, not the user's data).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ComputeError {
    #[error("the compute worker does not hold the dataset {0}")]
    NoDataset(String),
    #[error("a message between the page and the compute worker could not be read ({0})")]
    Unreadable(String),
}

/// What the worker keeps between requests.
#[derive(Default)]
pub struct Workbench {
    /// The dataset shown, under the page's key for it.
    dataset: Option<(String, Dataset)>,
    /// The last Breadth panel and the inputs it was aligned for ([`breadth::panel_inputs`]).
    breadth_panel: Option<Kept<BreadthPanel>>,
    /// The last Risk panel and its inputs ([`risk::panel_inputs`]).
    risk_panel: Option<Kept<RiskPanel>>,
}

/// A part of a result and the inputs it was computed for.
type Kept<P> = (Scenario, Result<P, LabError>);

/// The part kept in `slot` when it was computed for `inputs`, else `make()`'s, kept in its place.
fn kept<P>(
    slot: &mut Option<Kept<P>>,
    inputs: Scenario,
    make: impl FnOnce() -> Result<P, LabError>,
) -> &Result<P, LabError> {
    if !matches!(slot, Some((held, _)) if *held == inputs) {
        *slot = Some((inputs, make()));
    }
    match slot {
        Some((_, part)) => part,
        None => unreachable!("the slot was filled above"),
    }
}

impl Workbench {
    /// Keeps `dataset` under `key`, in place of the one held (and of what was kept from it).
    pub fn hold(&mut self, key: String, dataset: Dataset) {
        *self = Workbench {
            dataset: Some((key, dataset)),
            ..Workbench::default()
        };
    }

    /// The key of the dataset held.
    pub fn holds(&self) -> Option<&str> {
        self.dataset.as_ref().map(|(key, _)| key.as_str())
    }

    /// Answers `request` on the dataset held under `key`.
    pub fn answer(&mut self, key: &str, request: &Request) -> Result<Answer, ComputeError> {
        let dataset = match &self.dataset {
            Some((held, dataset)) if held == key => dataset,
            _ => return Err(ComputeError::NoDataset(key.to_string())),
        };
        Ok(match request {
            Request::Breadth(scenario) => {
                let inputs = breadth::panel_inputs(scenario);
                let panel = kept(&mut self.breadth_panel, inputs, || {
                    breadth_panel(dataset, scenario)
                });
                Answer::Breadth(match panel {
                    Ok(panel) => Ok(breadth_from(dataset, panel, scenario)),
                    Err(e) => Err(e.to_string()),
                })
            }
            Request::RiskPanel(scenario) => {
                let inputs = risk::panel_inputs(scenario);
                let panel = kept(&mut self.risk_panel, inputs, || {
                    risk_panel(dataset, scenario)
                });
                Answer::RiskPanel(panel.as_ref().map(RiskPanel::drawn).map_err(Clone::clone))
            }
            Request::RiskStatistics(scenario) => {
                let inputs = risk::panel_inputs(scenario);
                let panel = kept(&mut self.risk_panel, inputs, || {
                    risk_panel(dataset, scenario)
                });
                let rate = scenario.params.risk.risk_free_pct / 100.0;
                Answer::RiskStatistics(
                    panel
                        .as_ref()
                        .map(|p| statistics(p, rate))
                        .map_err(Clone::clone),
                )
            }
        })
    }
}

/// A request or an answer as bytes.
pub fn encode<T: Serialize>(message: &T) -> Result<Vec<u8>, ComputeError> {
    rmp_serde::to_vec_named(message).map_err(|e| ComputeError::Unreadable(e.to_string()))
}

/// A request or an answer from its bytes.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, ComputeError> {
    rmp_serde::from_slice(bytes).map_err(|e| ComputeError::Unreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::{d, series};
    use crate::model::SeriesKind;
    use crate::scenario::Membership;

    /// Two members over six days, the second without a 3-bar average on the first dates.
    fn fixture() -> (Dataset, Scenario) {
        let mut data = Dataset::new("t");
        let dates = ["2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09"];
        for (symbol, values) in [
            ("A", [10.0, 11.0, 12.0, 13.0]),
            ("B", [10.0, 9.0, 8.0, 7.0]),
        ] {
            let points: Vec<(&str, f64)> = dates.iter().copied().zip(values).collect();
            data.add(series(symbol, SeriesKind::Price, &points))
                .unwrap();
        }
        let mut s = Scenario {
            symbols: vec!["A".into(), "B".into()],
            from: d("2025-01-06"),
            to: d("2025-01-09"),
            ..Scenario::default()
        };
        s.params.breadth.membership = Membership::Ticked;
        s.params.breadth.ma = 3;
        (data, s)
    }

    #[test]
    fn an_answer_crosses_as_bytes_with_its_nan_and_its_tags() {
        let (data, scenario) = fixture();
        let mut bench = Workbench::default();
        bench.hold("k".into(), data);
        let request: Request = decode(&encode(&Request::Breadth(scenario)).unwrap()).unwrap();
        let answer = bench.answer("k", &request).unwrap();
        let back: Answer = decode(&encode(&answer).unwrap()).unwrap();
        let Answer::Breadth(Ok(Breadth::Ready(r))) = back else {
            panic!("no result: {back:?}");
        };
        // On 2025-01-06 neither member has 3 closes: no member counts and the share is NaN.
        assert_eq!((r.above[0].members, r.above[0].count), (0, 0));
        assert!(r.above[0].share.is_nan());
        // On 2025-01-08: A 12 > (10+11+12)/3 = 11, B 8 < 9: 1 of 2.
        assert_eq!((r.above[2].count, r.above[2].members), (1, 2));
        // B's standing on 2025-01-09: 7 against (9+8+7)/3 = 8.
        let b = &r.standings[1];
        assert_eq!((b.symbol.as_str(), b.close, b.average), ("B", 7.0, 8.0));
    }

    #[test]
    fn a_breadth_without_members_and_a_refusal_cross_as_they_were() {
        let left_out = vec![("XLK".to_string(), "not in the dataset".to_string())];
        for answer in [
            Answer::Breadth(Ok(Breadth::NoMembers {
                message: "None of the ticked symbols".into(),
                left_out,
            })),
            Answer::Breadth(Err("no benchmark".into())),
        ] {
            let back: Answer = decode(&encode(&answer).unwrap()).unwrap();
            assert_eq!(back, answer);
        }
    }

    /// A rises 10%, falls 10%, rises 10%; C does the opposite each day.
    fn risk_fixture(a: [f64; 4]) -> (Dataset, Scenario) {
        let mut data = Dataset::new("t");
        let dates = ["2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09"];
        for (symbol, values) in [("A", a), ("C", [20.0, 18.0, 19.8, 17.82])] {
            let points: Vec<(&str, f64)> = dates.iter().copied().zip(values).collect();
            data.add(series(symbol, SeriesKind::Price, &points))
                .unwrap();
        }
        let s = Scenario {
            symbols: vec!["A".into(), "C".into()],
            from: d("2025-01-06"),
            to: d("2025-01-09"),
            ..Scenario::default()
        };
        (data, s)
    }

    /// The request and its answer through their bytes, as between the page and the worker.
    fn ask(bench: &mut Workbench, request: Request) -> Answer {
        let request: Request = decode(&encode(&request).unwrap()).unwrap();
        decode(&encode(&bench.answer("k", &request).unwrap()).unwrap()).unwrap()
    }

    fn sharpe_of_a(bench: &mut Workbench, scenario: &Scenario) -> (f64, f64) {
        let Answer::RiskStatistics(Ok(s)) = ask(bench, Request::RiskStatistics(scenario.clone()))
        else {
            panic!("no statistics");
        };
        let a = s.stats.iter().find(|r| r.symbol == "A").unwrap();
        (a.volatility, a.sharpe)
    }

    #[test]
    fn the_risk_view_crosses_as_bytes_and_a_new_rate_reuses_the_range() {
        let (data, mut scenario) = risk_fixture([100.0, 110.0, 99.0, 108.9]);
        let mut bench = Workbench::default();
        bench.hold("k".into(), data);
        let Answer::RiskPanel(Ok(panel)) = ask(&mut bench, Request::RiskPanel(scenario.clone()))
        else {
            panic!("no panel");
        };
        // Returns +10%, -10%, +10% against -10%, +10%, -10%: a correlation of -1 (numpy
        // corrcoef: -0.9999999999999999), over 3 return pairs.
        assert_eq!(panel.correlation.symbols, ["A", "C"]);
        assert!((panel.correlation.values[1] + 1.0).abs() < 1e-12);
        assert_eq!(panel.pairs[1], 3);
        // A's deepest fall: 99 against the peak of 110, -10%.
        let a = &panel.underwater[0];
        assert_eq!(a.symbol, "A");
        assert!((a.depth[2] + 0.1).abs() < 1e-12);
        // The aligned closes stay in the worker.
        assert!(panel.panel.columns.is_empty());
        // By hand: mean 0.1/3, sample SD sqrt(0.04/3) = 0.11547, A = 252 (daily):
        // volatility 0.11547 x sqrt(252) = 1.83303; Sharpe 0.28868 x sqrt(252) = 4.58258
        // (numpy: 1.8330302779823366, 4.582575694955848).
        let (volatility, sharpe) = sharpe_of_a(&mut bench, &scenario);
        assert!((volatility - 1.8330302779823366).abs() < 1e-12);
        assert!((sharpe - 4.582575694955848).abs() < 1e-12);
        // At 2.52% a year the excess return is r - 0.0001 a day: Sharpe 4.56883 (numpy
        // 4.5688279678709804). The range is kept: the closes changed behind the workbench's
        // back are not read for a new rate...
        bench.dataset = Some(("k".into(), risk_fixture([100.0, 120.0, 99.0, 108.9]).0));
        scenario.params.risk.risk_free_pct = 2.52;
        let (volatility, sharpe) = sharpe_of_a(&mut bench, &scenario);
        assert!((volatility - 1.8330302779823366).abs() < 1e-12);
        assert!((sharpe - 4.5688279678709804).abs() < 1e-12);
        // ...and are for a new range (A's first return is now +20%).
        scenario.from = d("2025-01-07");
        let (volatility, _) = sharpe_of_a(&mut bench, &scenario);
        assert!((volatility - 1.8330302779823366).abs() > 0.1);
    }

    #[test]
    fn the_panel_is_kept_while_only_the_range_changes_and_a_new_dataset_drops_it() {
        let (data, scenario) = fixture();
        let mut bench = Workbench::default();
        bench.hold("k".into(), data.clone());
        bench
            .answer("k", &Request::Breadth(scenario.clone()))
            .unwrap();
        // The closes under the key change behind the workbench's back (B now rises like A):
        // a kept panel still counts the first closes, a new one would count the second.
        let mut rising = Dataset::new("t");
        for symbol in ["A", "B"] {
            let points = [
                ("2025-01-06", 10.0),
                ("2025-01-07", 11.0),
                ("2025-01-08", 12.0),
                ("2025-01-09", 13.0),
            ];
            rising
                .add(series(symbol, SeriesKind::Price, &points))
                .unwrap();
        }
        bench.dataset = Some(("k".into(), rising.clone()));
        let above_on_0108 = |bench: &mut Workbench, s: &Scenario| {
            let Answer::Breadth(Ok(Breadth::Ready(r))) =
                bench.answer("k", &Request::Breadth(s.clone())).unwrap()
            else {
                panic!("no result");
            };
            assert_eq!(r.above[0].date, d("2025-01-08"));
            r.above[0].count
        };
        let mut later = scenario.clone();
        later.from = d("2025-01-08");
        // Only the range changed: the kept panel, where only A is above its average (12 > 11).
        assert_eq!(above_on_0108(&mut bench, &later), 1);
        // Another membership is another panel: both rise and are above.
        later.params.breadth.membership = Membership::AllPrices;
        assert_eq!(above_on_0108(&mut bench, &later), 2);
        // A dataset held under another key drops the panel, and the old key is not held.
        bench.hold("other".into(), rising);
        assert!(bench.breadth_panel.is_none());
        assert_eq!(
            bench.answer("k", &Request::Breadth(scenario)),
            Err(ComputeError::NoDataset("k".into()))
        );
    }
}
