//! The leptos front end: the shell and its views. Components only draw engine results.

mod alignment_report;
mod data_panel;
mod import;
mod overview;
pub mod returns_table;
mod state;

use crate::platform;
use leptos::prelude::*;
use state::{AppState, LoadState};

/// Mounts the app on the page's body.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The whole page: header, data panel and the overview.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    state.load_sample();
    state.load_stored();
    view! {
        <a class="skip-link" href="#main">"Skip to the analysis"</a>
        <header class="topbar">
            <div class="brand">
                <span class="brand__mark" aria-hidden="true"></span>
                <span class="brand__name">"Rotation Lab"</span>
            </div>
            <p class="topbar__tagline">"Test market-rotation stories against real prices, in your browser."</p>
            <p class="topbar__status" aria-live="polite">{move || state.status_line()}</p>
        </header>
        <div class="layout">
            <data_panel::DataPanel />
            <main id="main" class="workspace" tabindex="-1">
                <Notices />
                <import::ImportProgress />
                <import::ImportPreview />
                {move || match (state.dataset(), state.sample.get()) {
                    (Some(_), _) => view! { <overview::Overview /> }.into_any(),
                    (None, LoadState::Loading) => view! {
                        <section class="card card--placeholder" aria-busy="true">
                            <h1>"Loading the built-in sample"</h1>
                            <p class="muted">"Reading six compressed files shipped with the app."</p>
                        </section>
                    }.into_any(),
                    (None, LoadState::Failed(message)) => view! {
                        <section class="card" role="alert">
                            <h1>"The sample data could not be loaded"</h1>
                            <p class="notice notice--error">{message}</p>
                            <p class="muted">"The app's sample files are built by make serve or make dist; reload once they are there."</p>
                        </section>
                    }.into_any(),
                    (None, LoadState::Ready(_)) => view! {
                        <section class="card"><p class="muted">"The chosen dataset is no longer there; pick another in the data panel."</p></section>
                    }.into_any(),
                }}
            </main>
        </div>
    }
}

pub(crate) use platform::echarts::ChartView;

/// Messages for the user (errors first), each dismissable.
#[component]
fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state
            .notices
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, notice)| {
                view! {
                    <div class="banner" class:banner--error=notice.error role=if notice.error { "alert" } else { "status" }>
                        <p>{notice.text}</p>
                        <button type="button" class="link-button" on:click=move |_| state.notices.update(|n| { if i < n.len() { n.remove(i); } })>
                            "Dismiss"
                        </button>
                    </div>
                }
            })
            .collect_view()
    }
}
