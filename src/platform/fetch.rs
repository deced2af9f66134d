//! Fetching files by URL. Relative URLs resolve against the page, so the app works from any
//! sub-path of any static host.

use crate::ingest::limits::check_file_size;
use gloo_net::http::Request;

/// Whether the page's security policy (`connect-src 'self' https:`, scripts/csp.py) lets the
/// app fetch `url`: an https address, or a file of the app's own origin.
fn allowed(url: &str) -> Result<(), String> {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Ok(());
    };
    let base = location.href().unwrap_or_default();
    let resolved = web_sys::Url::new_with_base(url, &base)
        .map_err(|_| format!("{url}: this is not a web address"))?;
    let same_origin = location.origin().is_ok_and(|o| o == resolved.origin());
    if same_origin || resolved.protocol() == "https:" {
        Ok(())
    } else {
        Err(format!(
            "{url}: Rotation Lab fetches https addresses (and files of this site) only; \
             the page's security policy blocks {} addresses",
            resolved.protocol().trim_end_matches(':')
        ))
    }
}

/// The answer at `url` once its status and declared size are checked.
async fn checked_response(url: &str) -> Result<gloo_net::http::Response, String> {
    allowed(url)?;
    let response = Request::get(url).send().await.map_err(|e| {
        format!("{url}: the request failed ({e}); check the address and your connection")
    })?;
    if !response.ok() {
        return Err(format!(
            "{url}: the server answered HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    // A server that says how big the body is: a file over the import limit is refused before
    // its bytes are read into memory (one that does not say is checked once read).
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(bytes) = declared {
        check_file_size(url, bytes).map_err(|e| e.to_string())?;
    }
    Ok(response)
}

/// The bytes at `url`, or a message that says what failed and what to do.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let body = checked_response(url)
        .await?
        .binary()
        .await
        .map_err(|e| format!("{url}: the body could not be read ({e})"))?;
    check_file_size(url, body.len() as u64).map_err(|e| e.to_string())?;
    Ok(body)
}

/// The body at `url` as a blob, which stays out of the wasm heap (the import worker reads it).
pub async fn fetch_blob(url: &str) -> Result<web_sys::Blob, String> {
    let response: web_sys::Response = checked_response(url).await?.into();
    let promise = response
        .blob()
        .map_err(|e| format!("{url}: the body could not be read ({e:?})"))?;
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| format!("{url}: the body could not be read ({e:?})"))?
        .into();
    check_file_size(url, blob.size() as u64).map_err(|e| e.to_string())?;
    Ok(blob)
}
