//! The prerendered first view: the landing page as the app draws it, captured at build time
//! (scripts/first_view.mjs) and shown by public/first-view.js on a first visit while the app's
//! wasm is on its way. When the app starts it puts itself under that picture ([`take_over`],
//! inert there: [`cover_app`]); its own first chart, drawn without animation under the cover
//! ([`covering`]), lifts it, so the swap shows no change. Nothing here computes: the picture
//! is the app's own render of the same data.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `<html data-first-view>`: "shown" by public/first-view.js, "covering" once the app runs.
const ATTRIBUTE: &str = "data-first-view";
/// The prerendered pages (one per width) and the loading status shown with them.
const PARTS: &str = ".first-view, .first-view__status";
/// What the app mounted in the body: everything there but the first view's parts. (The app
/// makes none of it inert itself.)
const APP: &str = "body > :not(.first-view):not(.first-view__status)";
/// How long the picture may cover the app when its first chart does not come (a view that
/// failed): the app is shown as it is then.
const AT_MOST_MS: i32 = 8_000;

#[wasm_bindgen]
extern "C" {
    /// Disposes of the ECharts instance on an element, if it has one.
    #[wasm_bindgen(js_namespace = echarts, js_name = dispose, catch)]
    fn dispose_chart(element: &web_sys::Element) -> Result<(), JsValue>;
}

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Whether the prerendered first view covers the app (its first chart is then drawn still).
pub fn covering() -> bool {
    root().and_then(|r| r.get_attribute(ATTRIBUTE)).as_deref() == Some("covering")
}

/// `<html data-app="started">`: the app runs, so public/first-view.js, should it come later
/// (an async script), shows nothing and fetches nothing.
const STARTED: &str = "data-app";

/// Called as the app starts, before it mounts: when the first view is shown, it covers the
/// app until the app's first chart is drawn; otherwise its markup is removed at once.
pub fn take_over() {
    let Some(root) = root() else { return };
    let _ = root.set_attribute(STARTED, "started");
    if root.get_attribute(ATTRIBUTE).is_none() {
        remove_parts();
        return;
    }
    let _ = root.set_attribute(ATTRIBUTE, "covering");
    super::echarts::after_first_chart(AT_MOST_MS, lift);
}

/// Called once the app has mounted: while the picture covers the app, the app under it takes
/// no focus and no click (a keyboard user would move through controls they cannot see), until
/// the picture is lifted.
pub fn cover_app() {
    if covering() {
        each_element(APP, |element| {
            let _ = element.set_attribute("inert", "");
        });
    }
}

/// Removes the first view: its charts disposed of, its markup gone, the app in sight and
/// live.
fn lift() {
    remove_parts();
    if let Some(root) = root() {
        let _ = root.remove_attribute(ATTRIBUTE);
    }
    each_element(APP, |element| {
        let _ = element.remove_attribute("inert");
    });
}

fn remove_parts() {
    // ECharts is missing when its script failed: nothing was drawn.
    each_element("[data-first-view-chart]", |element| {
        let _ = dispose_chart(element);
    });
    each_element(PARTS, web_sys::Element::remove);
}

/// Calls `f` on every element of the document that matches `selector`.
fn each_element(selector: &str, f: impl Fn(&web_sys::Element)) {
    let Some(found) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(selector).ok())
    else {
        return;
    };
    for i in 0..found.length() {
        if let Some(element) = found.item(i).and_then(|n| n.dyn_into().ok()) {
            f(&element);
        }
    }
}
