//! Saving a file the app made (a chart's PNG, a table's CSV) through the browser's download.

use wasm_bindgen::JsCast;

/// Offers `url` (a data: or blob: URL) as a download named `file_name`.
fn save_url(url: &str, file_name: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot create a link")?
        .dyn_into()
        .map_err(|_| "not a link")?;
    anchor.set_href(url);
    anchor.set_download(file_name);
    anchor.set_rel("noopener");
    anchor.click();
    Ok(())
}

/// Downloads `text` as a file of type `mime`.
pub fn save_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make a URL")?;
    let result = save_url(&url, file_name);
    // The click has started the download; the URL can go once the event loop turns.
    let revoke = url.clone();
    wasm_bindgen_futures::spawn_local(async move {
        crate::platform::files::yield_now().await;
        let _ = web_sys::Url::revoke_object_url(&revoke);
    });
    result
}

/// Downloads a data: URL (ECharts' PNG export).
pub fn save_data_url(file_name: &str, data_url: &str) -> Result<(), String> {
    save_url(data_url, file_name)
}
