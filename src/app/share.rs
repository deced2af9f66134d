//! Sharing and keeping scenarios: the Share panel (the link to what is shown, with its length,
//! optionally with the data inside it) and the saved scenarios (named, kept in the browser,
//! renamed, deleted, exported and imported as a JSON file).

use super::link::hash_of;
use super::state::AppState;
use super::widgets::RenameDelete;
use crate::model::calendar::months_before;
use crate::model::Dataset;
use crate::platform::download::save_text;
use crate::platform::files::read_file_bytes;
use crate::platform::history;
use crate::platform::storage::{self, StoredScenario};
use crate::scenario::library::{self, SavedScenario};
use crate::scenario::{self, DataRef, EmbedError, EmbeddedData, Scenario, View, EMBED_MAX_BYTES};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// History kept before the range when data is embedded (the analyses' warm-up: a 40-week
/// trend, a 52-week high, a 36-month beta), tried longest first until the data fits.
const WARM_UP_MONTHS: [u32; 3] = [36, 12, 0];

/// The scenario with the data it needs inside it, and the months of history kept before the
/// range; or why the data does not fit.
fn with_embedded_data(s: &Scenario, dataset: &Dataset) -> Result<(Scenario, u32), EmbedError> {
    let symbols: Vec<String> = s
        .referenced_symbols()
        .into_iter()
        .filter(|x| dataset.get(x).is_some())
        .collect();
    let mut last = None;
    for months in WARM_UP_MONTHS {
        let from = months_before(s.from, months);
        match EmbeddedData::from_dataset(dataset, &symbols, from, s.to, EMBED_MAX_BYTES) {
            Ok(data) => {
                let mut out = s.clone();
                out.data = DataRef::Embedded(data);
                return Ok((out, months));
            }
            Err(e @ (EmbedError::TooLarge { .. } | EmbedError::TooMany { .. })) => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.expect("at least one attempt"))
}

/// What the receiver of a link needs, in words.
fn data_note(data: &DataRef) -> String {
    match data {
        DataRef::Sample => "Uses the built-in sample: whoever opens the link needs nothing else.".into(),
        DataRef::Url { url } => format!("Names the address the data was fetched from ({url}); the receiver's browser fetches it again when they ask."),
        DataRef::Local { name, .. } => format!("Names your dataset “{name}” by its content: the receiver needs the same data, or a link with the data in it."),
        DataRef::Embedded(data) => format!("Carries the data itself ({} series, {} closes): the receiver needs nothing else.", data.series.len(), data.points()),
    }
}

/// The saved scenarios, shared by the Share panel's components.
#[derive(Clone, Copy)]
pub struct Library {
    pub items: RwSignal<Vec<StoredScenario>>,
}

impl Library {
    /// Reads the saved scenarios from the browser's storage.
    pub fn install(state: AppState) -> Library {
        let library = Library {
            items: RwSignal::new(Vec::new()),
        };
        spawn_local(async move {
            match storage::load_scenarios().await {
                Ok((list, problems)) => {
                    library.items.set(list);
                    for p in problems {
                        state.notify(true, p);
                    }
                }
                Err(e) => state.notify(true, format!("Saved scenarios are not available: {e}")),
            }
        });
        library
    }
}

/// The topbar's Share button and its panel.
#[component]
pub fn ShareButton() -> impl IntoView {
    let popup = crate::app::popup::Popup::new("share-button", Some("share-panel"));
    let open = popup.open;
    let close = Callback::new(move |()| popup.close());
    view! {
        <div class="share" on:keydown=popup.on_escape()>
            <button
                type="button"
                id="share-button"
                class="topbar-button"
                aria-haspopup="dialog"
                aria-controls="share-panel"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| popup.toggle()
            >
                "Share"
            </button>
            <Show when=move || open.get()>
                <SharePanel close=close />
            </Show>
        </div>
    }
}

#[component]
fn SharePanel(close: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = expect_context::<Memo<View>>();
    let embed = RwSignal::new(false);
    let copied = RwSignal::new(None::<Result<(), String>>);
    let scenario = Memo::new(move |_| state.scenario(current.get()));
    // The embedded version, computed only when the data is the user's (the sample ships with
    // the app).
    let embedded = Memo::new(move |_| {
        let s = scenario.get()?;
        if s.data == DataRef::Sample {
            return None;
        }
        let dataset = state.dataset()?;
        Some(with_embedded_data(&s, &dataset).map_err(|e| e.to_string()))
    });
    let link = Memo::new(move |_| {
        let chosen = if embed.get() {
            match embedded.get() {
                Some(Ok((s, _))) => Some(s),
                _ => scenario.get(),
            }
        } else {
            scenario.get()
        };
        let s = chosen?;
        Some(
            s.validate()
                .map(|()| {
                    format!(
                        "{}{}",
                        history::page_address(),
                        hash_of(current.get(), &scenario::encode(&s))
                    )
                })
                .map_err(|e| format!("This view cannot be put in a link yet: {e}.")),
        )
    });
    // A new link has not been copied yet.
    Effect::new(move |_| {
        link.track();
        copied.set(None);
    });
    let copy = move |_| {
        let Some(Ok(text)) = link.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let result = history::copy_text(&text).await;
            if result.is_err() {
                // Select the text so the user can copy it by hand.
                if let Some(input) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("share-link"))
                    .and_then(|e| {
                        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok()
                    })
                {
                    input.select();
                }
            }
            copied.set(Some(result));
        });
    };
    let escape = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" {
            close.run(());
        }
    });
    on_cleanup(move || escape.remove());

    let embed_choice = move || {
        let note = match embedded.get()? {
            Ok((s, months)) => {
                let DataRef::Embedded(data) = &s.data else {
                    return None;
                };
                let start = data.series.iter().map(|x| x.start).min();
                let history = if months > 0 {
                    format!(
                        " from {} ({months} months before the range, for the analyses' warm-up)",
                        start.map(|d| d.to_string()).unwrap_or_default()
                    )
                } else {
                    " from the start of the range (no earlier history fits)".into()
                };
                Ok(format!(
                    "{} series, {} closes{history}.",
                    data.series.len(),
                    data.points()
                ))
            }
            Err(e) => Err(e),
        };
        let fits = note.is_ok();
        Some(view! {
            <div class="share__embed">
                <label class="check">
                    <input
                        id="share-embed"
                        type="checkbox"
                        prop:checked=move || embed.get()
                        disabled=!fits
                        on:change=move |ev| embed.set(event_target_checked(&ev))
                    />
                    "With the data embedded"
                </label>
                {match note {
                    Ok(text) => view! { <p class="muted small">{text}</p> }.into_any(),
                    Err(reason) => view! { <p class="muted small">"Not possible here: " {reason}</p> }.into_any(),
                }}
            </div>
        })
    };

    view! {
        <div class="share-panel card" id="share-panel" role="dialog" aria-labelledby="share-title" tabindex="-1">
            <div class="card__head card__head--row">
                <h2 class="card__title" id="share-title">"Share this view"</h2>
                <button type="button" class="link-button" on:click=move |_| close.run(())>"Close"</button>
            </div>
            <p class="muted small">
                "The link holds every choice on screen: data, symbols, benchmark, dates, alignment, the view and its settings. It all sits after the # of the address, which browsers never send to a server."
            </p>
            {move || scenario.get().map(|s| view! { <p class="small share__data">{data_note(&s.data)}</p> })}
            {embed_choice}
            {move || match link.get() {
                None => view! { <p class="muted">"The data is still loading."</p> }.into_any(),
                Some(Err(reason)) => view! { <p class="notice notice--error" role="alert">{reason}</p> }.into_any(),
                Some(Ok(text)) => {
                    let length = text.chars().count();
                    view! {
                        <label class="visually-hidden" for="share-link">"Link"</label>
                        <input id="share-link" class="share__link" type="text" readonly prop:value=text.clone() on:focus=move |ev| {
                            if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                                input.select();
                            }
                        } />
                        <div class="share__row">
                            <button type="button" class="button" id="share-copy" on:click=copy>"Copy link"</button>
                            <span class="muted small" id="share-length">{format!("{} characters", group(length))}</span>
                            <span class="small share__copied" role="status">
                                {move || match copied.get() {
                                    Some(Ok(())) => "Copied.".to_string(),
                                    Some(Err(_)) => "The browser did not allow copying: the link is selected, press Ctrl+C (⌘C).".to_string(),
                                    None => String::new(),
                                }}
                            </span>
                        </div>
                    }
                    .into_any()
                }
            }}
            <SavedScenarios close=close />
        </div>
    }
}

/// `1234567` as `1,234,567`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A saved scenario's time as `2026-11-30 09:41` (UTC).
fn when(created: f64) -> String {
    // Outside JavaScript's range `toISOString` throws: a record read back is checked, and this
    // never asks it of another.
    if crate::model::limits::time("created", created).is_err() {
        return "an unknown time".into();
    }
    let date = js_sys::Date::new(&created.into());
    let iso = date.to_iso_string().as_string().unwrap_or_default();
    iso.get(..16)
        .map(|s| s.replace('T', " "))
        .unwrap_or_default()
}

fn view_label(slug: &str) -> &'static str {
    View::from_hash(slug).label()
}

/// The saved scenarios: save what is shown under a name, open, rename, delete, export, import.
#[component]
fn SavedScenarios(close: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let library = expect_context::<Library>();
    let current = expect_context::<Memo<View>>();
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(clean) = library::clean_name(&name.get_untracked()) else {
            message.set(Some((true, "Give the scenario a name.".into())));
            return;
        };
        let Some(s) = state.scenario(current.get_untracked()) else {
            return;
        };
        if let Err(e) = s.validate() {
            message.set(Some((true, format!("This view cannot be saved yet: {e}."))));
            return;
        }
        let created = js_sys::Date::now();
        let saved = StoredScenario {
            id: format!("sc-{created:.0}"),
            name: clean.clone(),
            created,
            view: s.view.slug().to_string(),
            link: scenario::encode(&s),
        };
        spawn_local(async move {
            match storage::save_scenarios(std::slice::from_ref(&saved)).await {
                Ok(()) => {
                    library.items.update(|l| l.push(saved));
                    name.set(String::new());
                    message.set(Some((false, format!("Saved “{clean}”."))));
                }
                Err(e) => message.set(Some((true, format!("“{clean}” was not saved: {e}")))),
            }
        });
    };

    let export = move |_| {
        let list: Vec<SavedScenario> = library
            .items
            .get_untracked()
            .iter()
            .filter_map(|item| {
                Some(SavedScenario {
                    name: item.name.clone(),
                    created: item.created,
                    scenario: scenario::decode(&item.link).ok()?,
                })
            })
            .collect();
        if let Err(e) = save_text(
            "rotation-lab-scenarios.json",
            "application/json",
            &library::export(&list),
        ) {
            message.set(Some((true, format!("The file could not be made: {e}"))));
        }
    };

    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let file_name = file.name();
            let outcome = async {
                // The size bound is checked before a byte is read into memory.
                library::check_size(file.size() as u64)
                    .map_err(|e| format!("{file_name}: {e}. Nothing was imported."))?;
                let bytes = read_file_bytes(&file, |_, _| {}).await?;
                let read = library::import(&bytes).map_err(|e| format!("{file_name}: {e}. Nothing was imported."))?;
                let now = js_sys::Date::now();
                let have = library.items.with_untracked(Vec::len);
                if have + read.len() > library::MAX_SAVED {
                    return Err(format!("{file_name}: importing {} scenarios would keep {} in this browser, at most {}. Nothing was imported.", read.len(), have + read.len(), library::MAX_SAVED));
                }
                let records: Vec<StoredScenario> = read
                    .iter()
                    .enumerate()
                    .map(|(i, saved)| StoredScenario {
                        id: format!("sc-{now:.0}-{i}"),
                        name: saved.name.clone(),
                        created: if saved.created > 0.0 { saved.created } else { now },
                        view: saved.scenario.view.slug().to_string(),
                        link: scenario::encode(&saved.scenario),
                    })
                    .collect();
                storage::save_scenarios(&records)
                    .await
                    .map_err(|e| format!("{file_name}: the scenarios were not saved: {e}"))?;
                let count = records.len();
                library.items.update(|l| l.extend(records));
                Ok(count)
            }
            .await;
            message.set(Some(match outcome {
                Ok(n) => (
                    false,
                    format!(
                        "Imported {n} scenario{} from {file_name}.",
                        if n == 1 { "" } else { "s" }
                    ),
                ),
                Err(e) => (true, e),
            }));
        });
    };

    let rows = move || {
        library
            .items
            .get()
            .into_iter()
            .map(|item| {
                let StoredScenario { id, name: title, created, view, link } = item.clone();
                let address = hash_of(View::from_slug(&view).unwrap_or_default(), &link);
                let rename = move |value: String| {
                    let Some(clean) = library::clean_name(&value) else { return };
                    let renamed = StoredScenario { name: clean, ..item.clone() };
                    spawn_local(async move {
                        match storage::save_scenarios(std::slice::from_ref(&renamed)).await {
                            Ok(()) => library.items.update(|l| {
                                if let Some(x) = l.iter_mut().find(|x| x.id == renamed.id) {
                                    *x = renamed;
                                }
                            }),
                            Err(e) => message.set(Some((true, format!("The new name was not saved: {e}")))),
                        }
                    });
                };
                let delete = {
                    let id = id.clone();
                    move |()| {
                        let id = id.clone();
                        spawn_local(async move {
                            match storage::delete_scenario(&id).await {
                                Ok(()) => library.items.update(|l| l.retain(|x| x.id != id)),
                                Err(e) => message.set(Some((true, format!("The scenario was not deleted: {e}")))),
                            }
                        });
                    }
                };
                view! {
                    <li class="saved" data-scenario=title.clone()>
                        <div class="saved__main">
                            <a class="saved__name" href=address on:click=move |_| close.run(())>{title.clone()}</a>
                            <span class="muted small">{format!("{} · saved {}", view_label(&view), when(created))}</span>
                        </div>
                        <RenameDelete key=id name=title.clone() on_rename=Callback::new(rename) on_delete=Callback::new(delete) />
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section class="saved-scenarios" aria-labelledby="saved-title">
            <h3 class="saved-scenarios__title" id="saved-title">"Saved scenarios"</h3>
            <form class="saved-scenarios__save" on:submit=save>
                <label class="visually-hidden" for="scenario-name">"Name"</label>
                <input id="scenario-name" type="text" placeholder="Name this view, e.g. Q3 2025 sectors" maxlength="200" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit" class="button button--secondary">"Save"</button>
            </form>
            {move || message.get().map(|(error, text)| view! {
                <p class=if error { "notice notice--error small" } else { "muted small" } role=if error { "alert" } else { "status" }>{text}</p>
            })}
            <Show
                when=move || library.items.with(|l| !l.is_empty())
                fallback=|| view! { <p class="muted small">"No saved scenarios yet. They stay in this browser; export them to keep or pass on a file."</p> }
            >
                <ul class="saved-list">{rows}</ul>
            </Show>
            <div class="saved-scenarios__files">
                <button type="button" class="link-button" on:click=export disabled=move || library.items.with(Vec::is_empty)>"Export as JSON"</button>
                <label class="link-button file-link">
                    "Import a JSON file"
                    <input type="file" accept=".json,application/json" class="visually-hidden" id="scenario-import" on:change=import />
                </label>
            </div>
        </section>
    }
}
