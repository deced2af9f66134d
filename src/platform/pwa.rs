//! The service worker (`sw.js`, see `public/sw.js`): registered once the first chart is drawn
//! (its install fetches every file of the build, which would otherwise share the network and
//! the processor with the first chart's wasm and data), so the app works offline; when a new build's worker has installed and waits, the app is told, and on the
//! user's word the new worker takes over and the page reloads from the new build only.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Not every context has service workers (an insecure origin, some private modes).
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .ok()?
        .then(|| navigator.service_worker())
}

/// Calls `ready` once a new worker is installed and waiting, now or later in the visit.
fn watch(registration: &ServiceWorkerRegistration, ready: std::rc::Rc<dyn Fn()>) {
    let has_controller = || container().is_some_and(|c| c.controller().is_some());
    if registration.waiting().is_some() && has_controller() {
        ready();
    }
    let reg = registration.clone();
    let on_found = Closure::<dyn FnMut()>::new(move || {
        let Some(worker) = reg.installing() else {
            return;
        };
        let ready = ready.clone();
        let watched = worker.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            // Installed while a worker controls the page: an update (not the first install).
            if watched.state() == ServiceWorkerState::Installed && has_controller() {
                ready();
            }
        });
        worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();
}

/// How long the registration waits for a first chart before it goes ahead without one.
const AT_MOST_MS: i32 = 5_000;

/// Registers `sw.js` (next to the page, so any sub-path works) once the first chart is drawn
/// (or after [`AT_MOST_MS`]), and calls `on_update_ready` when a new version is ready. Failures
/// are logged, never fatal: the app works without it.
pub fn register(on_update_ready: impl Fn() + 'static) {
    let Some(container) = container() else {
        return;
    };
    let ready: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(on_update_ready);
    super::echarts::after_first_chart(AT_MOST_MS, move || start(container, ready));
}

fn start(container: web_sys::ServiceWorkerContainer, ready: std::rc::Rc<dyn Fn()>) {
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(container.register("sw.js")).await {
            Ok(registration) => watch(&registration.unchecked_into(), ready),
            Err(e) => leptos::logging::warn!("The service worker was not registered: {e:?}"),
        }
    });
}

/// Lets the waiting worker take over, then reloads the page once it controls it.
pub fn apply_update() {
    let Some(container) = container() else {
        return;
    };
    let on_change = Closure::<dyn FnMut()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.get_registration()).await else {
            return;
        };
        let registration: Option<ServiceWorkerRegistration> = registration.dyn_into().ok();
        let waiting: Option<ServiceWorker> = registration.and_then(|r| r.waiting());
        match waiting {
            Some(worker) => {
                let _ = worker.post_message(&"skip-waiting".into());
            }
            // Nothing waits (another tab already switched): a plain reload gets the new build.
            None => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            }
        }
    });
}
