//! What a view asks of the compute worker, and the answers, as bytes that cross between the
//! page and the worker. The worker runs the same lab functions `rotlab view` runs; only the
//! place changes (off the page's thread), never the numbers.
//!
//! Requests and answers travel as MessagePack with named fields (`rmp-serde`): binary, so a
//! close is its 8 bytes and NaN (a member without its moving average) survives the trip,
//! which JSON's `null` would not; self-describing, so the lab's tagged enums read back.
//!
//! The worker keeps one dataset (the one shown), and the parts of a result that only some
//! inputs change: the Breadth view's aligned members ([`BreadthPanel`]) stay while only the
//! range or the windows change, as they did on the page.

use super::breadth::{breadth_from, breadth_panel, panel_inputs, Breadth, BreadthPanel};
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
}

/// The answer to a [`Request`] of the same name; `Err` holds the lab's message for the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Breadth(Result<Breadth, String>),
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
    /// The last Breadth panel and the inputs it was aligned for ([`panel_inputs`]).
    breadth_panel: Option<(Scenario, Result<BreadthPanel, LabError>)>,
}

impl Workbench {
    /// Keeps `dataset` under `key`, in place of the one held (and of what was kept from it).
    pub fn hold(&mut self, key: String, dataset: Dataset) {
        *self = Workbench {
            dataset: Some((key, dataset)),
            breadth_panel: None,
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
                let inputs = panel_inputs(scenario);
                let panel = match self.breadth_panel.take() {
                    Some((kept, panel)) if kept == inputs => panel,
                    _ => breadth_panel(dataset, scenario),
                };
                let answer = match &panel {
                    Ok(panel) => Ok(breadth_from(dataset, panel, scenario)),
                    Err(e) => Err(e.to_string()),
                };
                self.breadth_panel = Some((inputs, panel));
                Answer::Breadth(answer)
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
