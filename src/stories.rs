//! Story presets: the symbols, dates, benchmark and quarter of a market story worth testing.
//! A preset is offered only when the dataset holds enough of its symbols.

use crate::model::{Dataset, Date, Quarter};

/// A named market story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Story {
    pub label: &'static str,
    pub symbols: &'static [&'static str],
    pub benchmark: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    /// The quarter the story is about, shaded in charts and given a returns column.
    pub quarter: Quarter,
    /// Its symbols are funds the user downloads (not in the built-in sample): a dataset that
    /// brings them is most likely added for this story, and the views follow it
    /// ([`story_for`]).
    pub downloaded: bool,
}

impl Story {
    pub fn from(&self) -> Date {
        self.from.parse().expect("built-in dates are valid")
    }

    pub fn to(&self) -> Date {
        self.to.parse().expect("built-in dates are valid")
    }

    /// The story's symbols that `dataset` holds, in the story's order.
    pub fn present(&self, dataset: &Dataset) -> Vec<&'static str> {
        self.symbols
            .iter()
            .copied()
            .filter(|s| dataset.get(s).is_some())
            .collect()
    }
}

pub const STORIES: [Story; 4] = [
    Story {
        label: "Q3 2025: Big Tech to small caps and cyclicals",
        symbols: &[
            "QQQ", "IWM", "SPY", "RSP", "XLK", "XLI", "XLF", "XLE", "XLB",
        ],
        benchmark: "SPY",
        from: "2025-03-31",
        to: "2025-12-31",
        quarter: Quarter {
            year: 2025,
            number: 3,
        },
        downloaded: true,
    },
    Story {
        label: "2022: tech to energy",
        symbols: &["XOM", "CVX", "SP500", "MSFT", "AAPL", "AMD"],
        benchmark: "SP500",
        from: "2021-12-31",
        to: "2022-12-28",
        quarter: Quarter {
            year: 2022,
            number: 1,
        },
        downloaded: false,
    },
    Story {
        label: "2000-02: dot-com unwind",
        symbols: &["IXIC", "GSPC", "MSFT", "XOM", "JNJ", "PG", "WMT"],
        benchmark: "GSPC",
        from: "2000-03-10",
        to: "2002-10-09",
        quarter: Quarter {
            year: 2000,
            number: 2,
        },
        downloaded: false,
    },
    Story {
        label: "2022: factor rotation",
        symbols: &["VLUE", "USMV", "QUAL", "SIZE", "MTUM"],
        benchmark: "SP500",
        from: "2021-12-31",
        to: "2022-12-28",
        quarter: Quarter {
            year: 2022,
            number: 1,
        },
        downloaded: false,
    },
];

/// The story a dataset the user adds is for: a story of downloaded funds of which it holds at
/// least two, with closes from before the story's quarter to its end. The app then selects the
/// story (its symbols, range and quarter) instead of keeping the sample's 2022.
pub fn story_for(dataset: &Dataset) -> Option<&'static Story> {
    let (first, last) = dataset.date_span()?;
    STORIES.iter().find(|s| {
        s.downloaded
            && s.present(dataset).len() >= 2
            && first < s.quarter.first_day()
            && last >= s.quarter.last_day()
    })
}

/// The stories `dataset` can tell: at least two of their symbols are there.
pub fn available(dataset: &Dataset) -> Vec<&'static Story> {
    STORIES
        .iter()
        .filter(|s| s.present(dataset).len() >= 2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PriceBasis, Series, SeriesKind};

    /// A dataset of `symbols`, each with closes 1, 2, ... on `dates`.
    fn dataset_on(symbols: &[&str], dates: &[&str]) -> Dataset {
        let dates: Vec<Date> = dates.iter().map(|d| d.parse().unwrap()).collect();
        let closes: Vec<f64> = (1..=dates.len()).map(|i| i as f64).collect();
        let series = symbols
            .iter()
            .map(|s| {
                Series::new(
                    *s,
                    SeriesKind::Price,
                    PriceBasis::Adjusted,
                    dates.clone(),
                    closes.clone(),
                )
                .unwrap()
            })
            .collect();
        Dataset {
            name: "t".into(),
            series,
        }
    }

    fn dataset(symbols: &[&str]) -> Dataset {
        dataset_on(symbols, &["2025-01-02"])
    }

    #[test]
    fn a_story_is_offered_when_two_of_its_symbols_are_there() {
        let ds = dataset(&["IWM", "QQQ", "XOM"]);
        let labels: Vec<&str> = available(&ds).iter().map(|s| s.label).collect();
        assert_eq!(labels, ["Q3 2025: Big Tech to small caps and cyclicals"]);
        assert_eq!(STORIES[0].present(&ds), ["QQQ", "IWM"]);
        assert!(available(&dataset(&["IWM"])).is_empty());
    }

    #[test]
    fn a_new_dataset_of_two_story_funds_covering_the_quarter_is_for_that_story() {
        let span = |symbols: &[&str], from: &str, to: &str| dataset_on(symbols, &[from, to]);
        // Q3 2025 runs 2025-07-01 to 2025-09-30.
        let story = story_for(&span(&["QQQ", "IWM"], "2025-06-27", "2025-10-03"));
        assert_eq!(
            story.map(|s| s.label),
            Some("Q3 2025: Big Tech to small caps and cyclicals")
        );
        // One fund, a quarter not covered to its end, or the sample's stories: none.
        assert_eq!(story_for(&span(&["QQQ"], "2025-06-27", "2025-10-03")), None);
        assert_eq!(
            story_for(&span(&["QQQ", "IWM"], "2025-06-27", "2025-09-29")),
            None
        );
        assert_eq!(
            story_for(&span(&["QQQ", "IWM"], "2025-07-01", "2025-10-03")),
            None
        );
        assert_eq!(
            story_for(&span(&["XOM", "CVX"], "2021-12-31", "2022-12-28")),
            None
        );
    }

    #[test]
    fn story_dates_parse_and_the_quarter_lies_in_the_range() {
        for story in STORIES {
            assert!(story.from() < story.to(), "{}", story.label);
            assert!(story.quarter.first_day() <= story.to(), "{}", story.label);
            assert!(story.quarter.last_day() >= story.from(), "{}", story.label);
        }
    }
}
