//! The leptos front end: the shell and its views. Components only draw engine results.

pub mod bind;
mod compute;
mod data_panel;
mod import;
pub(crate) mod later;
pub mod link;
mod popup;
pub mod route;
mod share;
pub mod state;
pub mod theme;
pub mod views;
pub mod widgets;

use crate::platform;
use leptos::prelude::*;
use route::{address_signal, view_of, Tabs};
use state::{AppState, LoadState};
use theme::{Theme, ThemeSwitch};

/// Mounts the app on the page's body.
pub fn start() {
    platform::crash::install();
    platform::first_view::take_over();
    leptos::mount::mount_to_body(App);
    platform::first_view::cover_app();
}

/// The whole page: header, tabs, data panel and the current view.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    provide_context(Theme::install());
    provide_context(platform::media::Narrow(platform::media::matches(
        platform::media::NARROW,
    )));
    state.load_sample();
    state.load_stored();
    let address = address_signal();
    let current = view_of(address);
    provide_context(current);
    provide_context(share::Library::install(state));
    link::install(state, address, current);
    // On a phone the data panel folds away behind a button and opens as a drawer over the
    // view; it closes when an import starts, so the preview it opens is in sight.
    let panel = popup::Popup::new("panel-toggle", Some("panel-close"));
    let panel_open = panel.open;
    Effect::new(move |_| {
        if !matches!(state.import.get(), state::ImportState::Idle) {
            panel_open.set(false);
        }
    });
    let close_panel = Callback::new(move |()| panel.close());
    // A new build installed by the service worker, waiting for the user's reload.
    let update_ready = RwSignal::new(false);
    platform::pwa::register(move || update_ready.set(true));
    view! {
        // The address holds the view and its scenario, so the link moves the focus itself
        // instead of changing the address to "#main".
        <a class="skip-link" href="#main" on:click=move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            route::focus_main();
        }>"Skip to the analysis"</a>
        <header class="topbar">
            <div class="brand">
                <span class="brand__mark" aria-hidden="true"></span>
                <span class="brand__name">"Rotation Lab"</span>
            </div>
            <p class="topbar__tagline">"Test market-rotation stories against real prices, in your browser."</p>
            <p class="topbar__status" aria-live="polite">{move || state.status_line()}</p>
            <share::ShareButton />
            <ThemeSwitch />
        </header>
        <div class="tabbar">
            <Tabs current=current />
            <button
                type="button"
                id="panel-toggle"
                class="panel-toggle"
                aria-controls="data-panel"
                aria-expanded=move || panel_open.get().to_string()
                on:click=move |_| panel.toggle()
            >
                "Data"
            </button>
        </div>
        <div class="layout" class:layout--panel-open=move || panel_open.get()>
            <Show when=move || panel_open.get()>
                <div class="drawer-backdrop" aria-hidden="true" on:click=move |_| close_panel.run(())></div>
            </Show>
            <data_panel::DataPanel on_close=close_panel />
            <main id="main" class="workspace" tabindex="-1">
                <Show when=move || update_ready.get()>
                    <div class="banner update-banner" role="status">
                        <p>"A new version of Rotation Lab is ready. Reloading takes you to it; your datasets stay in this browser."</p>
                        <button type="button" class="button" on:click=move |_| platform::pwa::apply_update()>"Reload"</button>
                    </div>
                </Show>
                <Notices />
                <link::WaitingForData />
                <import::ImportProgress />
                <import::ImportPreview />
                {move || match (state.dataset(), state.sample.get()) {
                    (Some(_), _) => view! { <views::CurrentView view=current /> }.into_any(),
                    (None, LoadState::Loading) => view! {
                        <section class="card card--placeholder" aria-busy="true">
                            <h1>"Loading the built-in sample"</h1>
                            <p class="muted">"Reading the compact sample shipped with the app."</p>
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
