//! The data panel: the loaded symbols with their date ranges and basis, and where the data
//! comes from.

use super::state::{AppState, LoadState};
use crate::sample::{symbol_name, SAMPLE_FILES};
use leptos::prelude::*;

#[component]
pub fn DataPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <aside class="sidebar" aria-label="Data">
            <section class="card">
                <div class="card__head card__head--row">
                    <h2 class="card__title">"Symbols"</h2>
                    <button type="button" class="link-button" on:click=move |_| state.selected.set(Vec::new())>
                        "Clear selection"
                    </button>
                </div>
                <p class="muted small">"Tick a symbol to draw it in the performance chart."</p>
                {move || match state.load.get() {
                    LoadState::Ready(dataset) => {
                        let rows = dataset
                            .series
                            .iter()
                            .map(|s| {
                                let symbol = s.symbol.clone();
                                let checked_symbol = symbol.clone();
                                let toggle_symbol = symbol.clone();
                                let id = format!("pick-{symbol}");
                                let name = symbol_name(&symbol).unwrap_or("");
                                let first = s.first_date().map(|d| d.to_string()).unwrap_or_default();
                                let last = s.last_date().map(|d| d.to_string()).unwrap_or_default();
                                view! {
                                    <tr>
                                        <td class="symbols__pick">
                                            <input
                                                type="checkbox"
                                                id=id.clone()
                                                prop:checked=move || state.selected.with(|sel| sel.contains(&checked_symbol))
                                                on:change=move |_| state.toggle(&toggle_symbol)
                                            />
                                        </td>
                                        <th scope="row">
                                            <label for=id>
                                                <span class="symbol-line">
                                                    <span class="symbol">{symbol.clone()}</span>
                                                    <span class="tag" title=format!("{}, {}", s.kind.label(), s.basis.label())>{s.basis.label()}</span>
                                                </span>
                                                <span class="symbol__name">{name}</span>
                                            </label>
                                        </th>
                                        <td class="num dates">
                                            <span>{first}</span>
                                            <span>{last}</span>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll table-scroll--tall">
                                <table class="symbols">
                                    <caption class="visually-hidden">"Symbols in the dataset with their first and last dates"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col"><span class="visually-hidden">"Draw"</span></th>
                                            <th scope="col">"Symbol and basis"</th>
                                            <th scope="col" class="num">"First – last"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }
                    _ => view! { <p class="muted">"No data yet."</p> }.into_any(),
                }}
            </section>
            <AboutData />
        </aside>
    }
}

/// Where the built-in sample comes from, with licences.
#[component]
fn AboutData() -> impl IntoView {
    let files = SAMPLE_FILES
        .iter()
        .map(|f| {
            view! {
                <li>
                    <span class="about__title">{f.title}</span>
                    <span class="muted small">{format!("{}, {} ({} licence)", f.package, f.path_in_package, f.licence)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="about-data">
            <h2 class="card__title" id="about-data">"About the data"</h2>
            <p class="small">
                "The built-in sample is real daily data shipped inside two open-source Python packages, "
                "fetched from PyPI when the app is built and checked against pinned SHA-256 digests. "
                "It stays on your device: the app has no server and computes everything in the browser."
            </p>
            <ul class="about">{files}</ul>
            <p class="muted small">
                "Adjusted closes include dividends, so their returns are total returns; index levels are price returns. "
                "These packages hold no prices after 2022."
            </p>
        </section>
    }
}
