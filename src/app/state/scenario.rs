//! The scenario of what is shown, and opening one: from a link, a saved scenario, back and
//! forward. A scenario whose data this browser lacks waits ([`Waiting`]) until it is loaded.

use super::{AppState, DatasetEntry, DateRange, LoadState, SAMPLE_ID};
use crate::platform::history;
use crate::scenario::{self, DataRef, Scenario, View};
use leptos::prelude::*;

/// A link's scenario waiting for its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub scenario: Scenario,
}

/// Where a scenario's data is in this browser.
enum Found {
    /// The dataset's id.
    Here(String),
    /// Not known yet (the sample or the stored datasets are still loading).
    NotYet,
    /// This browser does not have it.
    Missing,
}

impl AppState {
    /// The scenario of what is shown on `view`, or `None` while the data is loading; reactive.
    pub fn scenario(&self, view: View) -> Option<Scenario> {
        let active = self.active.get();
        let data = if active == SAMPLE_ID {
            if !matches!(self.sample.get(), LoadState::Ready(_)) {
                return None;
            }
            DataRef::Sample
        } else {
            self.datasets.with(|list| {
                list.iter()
                    .find(|e| e.id == active)
                    .map(|e| match &e.source_url {
                        Some(url) => DataRef::Url { url: url.clone() },
                        None => DataRef::Local {
                            name: scenario::validate::clean_text(
                                &e.dataset.name,
                                scenario::validate::MAX_NAME_CHARS,
                            ),
                            content_hash: e.content_hash.clone(),
                        },
                    })
            })?
        };
        let range = self.range.get();
        let mut s = Scenario {
            version: scenario::VERSION,
            data,
            symbols: self.selected.get(),
            benchmark: None,
            from: range.from,
            to: range.to,
            align: Default::default(),
            view,
            quarter: self.story_quarter.get(),
            params: self.params.get(),
        };
        s.set_align_spec(&self.align.get());
        Some(s)
    }

    /// Where `data` is in this browser (untracked reads unless called reactively).
    fn find(&self, data: &DataRef) -> Found {
        match data {
            DataRef::Sample => match self.sample.get() {
                LoadState::Ready(_) => Found::Here(SAMPLE_ID.into()),
                LoadState::Loading => Found::NotYet,
                LoadState::Failed(_) => Found::Missing,
            },
            DataRef::Local { content_hash, .. } => self.find_entry(|e| e.answers_to(content_hash)),
            DataRef::Url { url } => self.find_entry(|e| e.source_url.as_ref() == Some(url)),
            DataRef::Embedded(_) => Found::Missing,
        }
    }

    fn find_entry(&self, matches: impl Fn(&DatasetEntry) -> bool) -> Found {
        if let Some(id) = self
            .datasets
            .with(|list| list.iter().find(|e| matches(e)).map(|e| e.id.clone()))
        {
            return Found::Here(id);
        }
        if self.stored_ready.get() {
            Found::Missing
        } else {
            Found::NotYet
        }
    }

    /// Shows `scenario` on the dataset `id` (the view comes from the address).
    fn show(&self, id: String, s: &Scenario) {
        self.active.set(id);
        self.selected.set(s.symbols.clone());
        self.range.set(DateRange {
            from: s.from,
            to: s.to,
        });
        self.align.set(s.align_spec());
        self.story_quarter.set(s.quarter);
        self.params.set(s.params.clone());
    }

    /// Opens a scenario: now when its data is here, else once it is ([`Waiting`]). Data
    /// embedded in the scenario becomes a stored dataset (or finds the one stored before).
    pub fn open_scenario(&self, s: Scenario) {
        self.opened_at.set_value(history::now_ms());
        self.waiting.set(Some(Waiting { scenario: s }));
    }

    /// Tries the waiting scenario; reactive (run in an effect).
    pub fn settle_waiting(&self) {
        let Some(Waiting { scenario: s }) = self.waiting.get() else {
            return;
        };
        let found = match &s.data {
            DataRef::Embedded(embedded) => {
                let dataset = match embedded.to_dataset() {
                    Ok(d) => d,
                    Err(e) => {
                        self.waiting.set(None);
                        self.notify(true, format!("The data in this link cannot be used: {e}."));
                        return;
                    }
                };
                let hash = scenario::content_hash(&dataset);
                match self.find_entry(|e| e.content_hash == hash) {
                    Found::NotYet => Found::NotYet,
                    Found::Here(id) => Found::Here(id),
                    Found::Missing => {
                        let points = embedded.points();
                        let id = self.add_dataset(
                            dataset,
                            vec!["a shared link".into()],
                            vec![format!(
                                "Embedded in a shared link: {} series, {points} closes",
                                embedded.series.len()
                            )],
                            None,
                        );
                        Found::Here(id)
                    }
                }
            }
            data => self.find(data),
        };
        if let Found::Here(id) = found {
            self.opened_at.set_value(history::now_ms());
            self.say_if_updated(&id, &s.data);
            self.show(id, &s);
            self.waiting.set(None);
        }
    }

    /// A link made on a dataset before it was brought up to date opens it as it is now, and
    /// says so.
    fn say_if_updated(&self, id: &str, data: &DataRef) {
        let DataRef::Local { content_hash, .. } = data else {
            return;
        };
        let updated = self.datasets.with_untracked(|list| {
            list.iter()
                .find(|e| e.id == id && e.content_hash != *content_hash)
                .map(|e| e.dataset.name.clone())
        });
        if let Some(name) = updated {
            self.notify(
                false,
                format!("This link was made on an earlier version of \u{201c}{name}\u{201d}, before it was updated with newer files: it shows the dataset as it is now (content {content_hash} then), so numbers over the dates the update revised may differ from the sender's."),
            );
        }
    }
}
