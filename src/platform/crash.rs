//! What the user sees when the wasm panics. A release build aborts on a panic (`panic =
//! "abort"`), so the panic cannot be caught and the app's state after it cannot be trusted:
//! the hook logs it (console_error_panic_hook) and puts a banner on the page, built with plain
//! DOM calls so that it does not depend on the app that just failed. Its buttons are plain
//! browser actions, not wasm code: **Reload** is `location.reload` itself, and **Open without
//! this link** is a link to the page's address without its fragment (the scenario). Datasets
//! and saved scenarios live in IndexedDB, so a reload loses nothing that was stored.

use std::panic::PanicHookInfo;
use wasm_bindgen::JsCast;

/// The banner's element id (tests look for it).
pub const BANNER_ID: &str = "crash-banner";

/// Installs the hook: the panic goes to the console, then the banner is shown.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&message(info));
    }));
}

/// The panic's message, without the source location.
fn message(info: &PanicHookInfo) -> String {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an internal error".to_string())
}

/// Puts the banner on the page once (a second panic adds nothing). Every step may fail on a
/// page in a bad state; then the console message is what is left.
fn show(detail: &str) {
    let _ = try_show(detail);
}

fn try_show(detail: &str) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    if document.get_element_by_id(BANNER_ID).is_some() {
        return Some(());
    }
    let element = |tag: &str, class: &str, text: &str| -> Option<web_sys::Element> {
        let e = document.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    let banner = element("div", "crash-banner", "")?;
    banner.set_id(BANNER_ID);
    banner.set_attribute("role", "alert").ok()?;
    let body = element("div", "crash-banner__body", "")?;
    let title = element(
        "p",
        "crash-banner__title",
        "Rotation Lab stopped because of an internal error.",
    )?;
    body.append_child(&title).ok()?;
    let advice = element(
        "p",
        "",
        "Your datasets and saved scenarios are kept in this browser and are not lost. Reload to go on; if the error comes back with this link, open the app without it.",
    )?;
    body.append_child(&advice).ok()?;
    let details = element("details", "", "")?;
    let summary = element("summary", "", "What failed")?;
    details.append_child(&summary).ok()?;
    let code = element("code", "crash-banner__detail", detail)?;
    details.append_child(&code).ok()?;
    body.append_child(&details).ok()?;
    banner.append_child(&body).ok()?;
    let actions = element("div", "crash-banner__actions", "")?;
    let reload = element("button", "button", "Reload")?;
    reload.set_attribute("type", "button").ok()?;
    // `location.reload` bound to the location: a browser function, no wasm involved.
    let location = window.location();
    let reload_fn: js_sys::Function = js_sys::Reflect::get(&location, &"reload".into())
        .ok()?
        .dyn_into()
        .ok()?;
    reload
        .add_event_listener_with_callback("click", &reload_fn.bind0(&location))
        .ok()?;
    actions.append_child(&reload).ok()?;
    let href = location.href().ok()?;
    let without_link = href.split('#').next().unwrap_or(&href).to_string();
    let plain = element("a", "button button--secondary", "Open without this link")?;
    plain.set_attribute("href", &without_link).ok()?;
    actions.append_child(&plain).ok()?;
    banner.append_child(&actions).ok()?;
    let parent = document.body()?;
    parent
        .insert_before(&banner, parent.first_child().as_ref())
        .ok()?;
    Some(())
}

/// Panics on purpose, so the end-to-end tests can check the banner and the recovery. Called
/// only from tests (`window.wasmBindings.rotlab_test_panic()`), and built only into the
/// end-to-end test build (the `test-hooks` feature): the app people use has no way to crash it
/// from the console.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rotlab_test_panic() {
    panic!("a test asked for this panic (rotlab_test_panic)");
}
