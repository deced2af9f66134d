//! The scenario and the address kept in sync, both ways.
//!
//! - Out: whatever the user changes (data, symbols, benchmark, dates, alignment, view, any view
//!   control) changes [`AppState::scenario`], and the address becomes `#/<view>?s=<scenario>`.
//!   A change that settles (nothing else changes for [`SETTLE_MS`]) is a new history entry, so
//!   the back and forward buttons step through changes; a burst of changes (a slider dragged,
//!   the playback running) is one entry; what the app adjusts by itself right after opening a
//!   scenario replaces the entry instead of adding one.
//! - In: an address with `s=` (opened, pasted, or reached with back and forward) is decoded and
//!   applied. A damaged, oversized or newer link is named in a message and the app opens as it
//!   was. A link whose data this browser lacks waits ([`Waiting`]) until the user loads it.
//!
//! Views keep their controls in signals of their own, bound to their part of
//! [`AppState::params`] with [`bind`]: a control's change goes into the scenario and a
//! scenario's change (back, a link, a saved scenario) reaches the control.

use super::state::{AppState, DateRange, LoadState, SAMPLE_ID};
use crate::charts::relative::parse_pairs;
use crate::platform::history::{self, Entry};
use crate::scenario::{self, find_in_hash, DataRef, Pair, Params, Scenario, View};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Quiet time after which a change becomes a history entry.
pub const SETTLE_MS: u64 = 400;
/// Changes within this time after a scenario is opened or a view shown are the app's own (a
/// view filling in its defaults, which happens in the frames after it mounts): they replace
/// the history entry instead of adding one.
const OWN_CHANGE_MS: f64 = 300.0;

/// The address of a scenario: `#/<view>?s=<encoded>`.
pub fn hash_of(view: View, encoded: &str) -> String {
    format!("#/{}?s={encoded}", view.slug())
}

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
            DataRef::Local { content_hash, .. } => {
                self.find_entry(|e| &e.content_hash == content_hash)
            }
            DataRef::Url { url } => self.find_entry(|e| e.source_url.as_ref() == Some(url)),
            DataRef::Embedded(_) => Found::Missing,
        }
    }

    fn find_entry(&self, matches: impl Fn(&super::state::DatasetEntry) -> bool) -> Found {
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
    fn settle_waiting(&self) {
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
            self.show(id, &s);
            self.waiting.set(None);
        }
    }
}

/// Binds a view's control signal to its part of the scenario's parameters, both ways.
/// `read` takes the part from the parameters; `write` puts it back; `to_local` makes the
/// control's value from it; `from_local` reads the control's value (`None` while it is not a
/// valid value, e.g. a half-typed number: the scenario keeps the last valid one).
pub fn bind_with<L, P>(
    local: RwSignal<L>,
    read: impl Fn(&Params) -> P + Send + Sync + 'static,
    write: impl Fn(&mut Params, P) + Send + Sync + 'static,
    to_local: impl Fn(P) -> L + Send + Sync + 'static,
    from_local: impl Fn(&L) -> Option<P> + Send + Sync + 'static,
) where
    L: Clone + Send + Sync + 'static,
    P: Clone + PartialEq + Send + Sync + 'static,
{
    let params = expect_context::<AppState>().params;
    let read = Arc::new(read);
    let from_local = Arc::new(from_local);
    // The scenario's value reaches the control.
    {
        let (read, from_local) = (read.clone(), from_local.clone());
        Effect::new(move |_| {
            let value = params.with(|p| read(p));
            let shown = local.with_untracked(|l| from_local(l));
            if shown.as_ref() != Some(&value) {
                local.set(to_local(value));
            }
        });
    }
    // The control's value goes into the scenario.
    Effect::new(move |_| {
        let Some(value) = local.with(|l| from_local(l)) else {
            return;
        };
        if params.with_untracked(|p| read(p)) != value {
            params.update(|p| write(p, value));
        }
    });
}

/// [`bind_with`] for a control that holds the parameter's own type (or one convertible both
/// ways).
pub fn bind<L, P>(
    local: RwSignal<L>,
    read: impl Fn(&Params) -> P + Send + Sync + 'static,
    write: impl Fn(&mut Params, P) + Send + Sync + 'static,
) where
    L: Clone + Send + Sync + From<P> + TryInto<P> + 'static,
    P: Clone + PartialEq + Send + Sync + 'static,
{
    bind_with(local, read, write, L::from, |l: &L| {
        l.clone().try_into().ok()
    });
}

/// A control's signal holding its part of the scenario, bound to it both ways ([`bind`]).
pub fn bound<T>(
    read: impl Fn(&Params) -> T + Send + Sync + 'static,
    write: impl Fn(&mut Params, T) + Send + Sync + 'static,
) -> RwSignal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let local = RwSignal::new(initial(&read));
    bind(local, read, write);
    local
}

/// [`bound`] for a count of bars or periods ([`bind_count`]).
pub fn bound_count(
    read: impl Fn(&Params) -> u32 + Send + Sync + 'static,
    write: impl Fn(&mut Params, u32) + Send + Sync + 'static,
) -> RwSignal<usize> {
    let local = RwSignal::new(initial(&read) as usize);
    bind_count(local, read, write);
    local
}

/// [`bound`] for a symbol picker ([`bind_symbol`]).
pub fn bound_symbol(
    read: impl Fn(&Params) -> Option<String> + Send + Sync + 'static,
    write: impl Fn(&mut Params, Option<String>) + Send + Sync + 'static,
) -> RwSignal<String> {
    let local = RwSignal::new(initial(&read).unwrap_or_default());
    bind_symbol(local, read, write);
    local
}

/// [`bind_with`] for a count of bars or periods: the control holds a `usize`, the scenario a
/// `u32`.
pub fn bind_count(
    local: RwSignal<usize>,
    read: impl Fn(&Params) -> u32 + Send + Sync + 'static,
    write: impl Fn(&mut Params, u32) + Send + Sync + 'static,
) {
    bind_with(
        local,
        read,
        write,
        |v| v as usize,
        |l| u32::try_from(*l).ok(),
    );
}

/// [`bind_with`] for a symbol picker: the control holds `""` for none (the view then picks
/// one), the scenario `None`.
pub fn bind_symbol(
    local: RwSignal<String>,
    read: impl Fn(&Params) -> Option<String> + Send + Sync + 'static,
    write: impl Fn(&mut Params, Option<String>) + Send + Sync + 'static,
) {
    bind_with(
        local,
        read,
        write,
        Option::unwrap_or_default,
        |l: &String| Some((!l.is_empty()).then(|| l.clone())),
    );
}

/// The initial value of a control bound with [`bind_with`]: what the scenario holds now.
pub fn initial<P>(read: impl Fn(&Params) -> P) -> P {
    expect_context::<AppState>().params.with_untracked(read)
}

/// Starts the sync between the scenario and the address (`route::address_signal`); `current` is
/// the view the address names (`route::view_of`). Call once, when the app mounts.
pub fn install(state: AppState, address: ReadSignal<String>, current: Memo<View>) {
    // The address the app opened with: a scenario, or pairs for the Relative strength view
    // (`#/relative-strength?pairs=IWM/QQQ,XLI/XLK`, the shorthand a user can type).
    let opening = address.get_untracked();
    match find_in_hash(&opening).map(scenario::decode) {
        Some(Ok(s)) => state.open_scenario(s),
        Some(Err(e)) => state.notify(true, format!("{e} The app opened without it.")),
        None => {
            let query = opening.split_once('?').map_or("", |(_, q)| q);
            let pairs: Vec<Pair> = parse_pairs(query)
                .into_iter()
                .map(|(a, b)| Pair { a, b })
                .collect();
            if !pairs.is_empty() {
                state.params.update(|p| p.relative.pairs = pairs);
            }
        }
    }
    Effect::new(move |_| state.settle_waiting());

    // The scenario as the address's `s=` value, or why it cannot be one.
    let encoded = Memo::new(move |_| {
        let s = state.scenario(current.get())?;
        Some(
            s.validate()
                .map(|()| scenario::encode(&s))
                .map_err(|e| e.to_string()),
        )
    });
    // A view just opened fills in its defaults: that is not a change of the user's.
    Effect::new(move |_| {
        current.track();
        state.opened_at.set_value(history::now_ms());
    });

    // Out: the scenario's changes reach the address.
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let pending_push = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(Ok(value)) = encoded.get() else {
            return;
        };
        if state.waiting.with(Option::is_some) {
            return;
        }
        let target = hash_of(current.get_untracked(), &value);
        let now = history::hash();
        if now == target {
            return;
        }
        // An address without a scenario (a tab just clicked, the first visit) gets one at once.
        if find_in_hash(&now).is_none() {
            history::write_hash(&target, Entry::Replace);
            return;
        }
        // A change right after a scenario was opened or a view shown is the app's own (a view
        // filling in its defaults): it replaces the entry. Any change of the user's in the
        // same burst makes the burst a new entry.
        let own = history::now_ms() - state.opened_at.get_value() < OWN_CHANGE_MS;
        if !own {
            pending_push.set_value(true);
        }
        timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        let handle = set_timeout_with_handle(
            move || {
                let push = pending_push.try_get_value().unwrap_or(false);
                pending_push.set_value(false);
                let Some(Some(Ok(value))) = encoded.try_get_untracked() else {
                    return;
                };
                let target = hash_of(current.get_untracked(), &value);
                if history::hash() != target {
                    let entry = if push { Entry::Push } else { Entry::Replace };
                    history::write_hash(&target, entry);
                }
            },
            Duration::from_millis(SETTLE_MS),
        );
        if let Ok(h) = handle {
            timer.set_value(Some(h));
        }
    });

    // In: back, forward, an edited or pasted address (not the address the app starts on, which
    // is opened above).
    Effect::new(move |started: Option<()>| {
        let hash = address.get();
        if started.is_none() {
            return;
        }
        let Some(value) = find_in_hash(&hash) else {
            return;
        };
        if encoded.get_untracked().and_then(Result::ok).as_deref() == Some(value) {
            return;
        }
        match scenario::decode(value) {
            Ok(s) => state.open_scenario(s),
            Err(e) => state.notify(true, format!("{e} Nothing was changed.")),
        }
    });
}

/// What a link waiting for its data needs, and how to provide it.
#[component]
pub fn WaitingForData() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let waiting = state.waiting.get()?;
        let loading = !state.stored_ready.get() || matches!(state.sample.get(), LoadState::Loading);
        let discard = move |_| state.waiting.set(None);
        let body = match waiting.scenario.data.clone() {
            DataRef::Local { name, content_hash } => view! {
                <p>
                    "This link was made on the dataset “" <strong>{name.clone()}</strong>
                    "”, kept in the sender's browser (content " <code>{content_hash}</code> "). "
                    "Add the same data with the data panel (drop, pick or fetch the file); the link opens as soon as a dataset with the same closes is loaded."
                </p>
                <button type="button" class="button" on:click=move |_| {
                    if let Some(input) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("file-input"))
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        input.click();
                    }
                }>"Choose the files"</button>
            }
            .into_any(),
            DataRef::Url { url } => {
                let fetch_url = url.clone();
                view! {
                    <p>"This link's data is fetched from " <code class="break">{url.clone()}</code> ". Fetching it shows the import preview; accept it and the link opens."</p>
                    <button type="button" class="button" on:click=move |_| super::import::import_url(state, fetch_url.clone())>"Fetch the data"</button>
                }
                .into_any()
            }
            DataRef::Sample => view! {
                <p>"This link uses the built-in sample, which could not be loaded. Reload the page to try again."</p>
            }
            .into_any(),
            DataRef::Embedded(_) => view! { <p>"Reading the data in the link…"</p> }.into_any(),
        };
        Some(view! {
            <section class="card waiting-card" role="status" aria-live="polite">
                <h2 class="card__title">
                    {if loading { "Opening the shared link…" } else { "This link needs data this browser does not have" }}
                </h2>
                {(!loading).then_some(body)}
                <div class="waiting-card__actions">
                    <button type="button" class="link-button" on:click=discard>"Open the app without the link"</button>
                </div>
            </section>
        })
    }
}
