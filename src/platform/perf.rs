//! User Timing marks, read by the end-to-end measurements.

/// Records `performance.mark(name)`; a browser without the Performance API is ignored.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Whether a mark of that name was already recorded.
pub fn has_mark(name: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.performance())
        .is_some_and(|p| p.get_entries_by_name_with_entry_type(name, "mark").length() > 0)
}
