//! The address bar: the location's hash, and history entries written without a navigation
//! (`history.pushState` / `replaceState` do not fire `hashchange`).

use wasm_bindgen::JsValue;

/// The location's hash with its `#` (empty when there is none).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// How a new address is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A new history entry: the back button returns to the previous address.
    Push,
    /// The current entry changes in place.
    Replace,
}

/// Sets the hash to `hash` (`#/rotation?s=...`), keeping the path and the query.
pub fn write_hash(hash: &str, entry: Entry) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let _ = match entry {
        Entry::Push => history.push_state_with_url(&JsValue::NULL, "", Some(hash)),
        Entry::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(hash)),
    };
}

/// The page's address without its hash: what a shared link starts with.
pub fn page_address() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let href = location.href().unwrap_or_default();
    match href.split_once('#') {
        Some((page, _)) => page.to_string(),
        None => href,
    }
}

/// Milliseconds since the page opened (monotonic).
pub fn now_ms() -> f64 {
    super::worker::now()
}

/// Copies `text` to the clipboard; `Err` when the browser refuses (no permission, not a secure
/// context), so the caller can ask the user to copy by hand.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .map(|w| w.navigator().clipboard())
        .ok_or("no clipboard")?;
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| format!("{e:?}"))
}
