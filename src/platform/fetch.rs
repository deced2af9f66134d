//! Fetching files by URL. Relative URLs resolve against the page, so the app works from any
//! sub-path of any static host.

use super::js::get;
use crate::ingest::limits::{check_file_size, size_text, MAX_FILE_BYTES, REDUCE_HINT};
use gloo_net::http::Request;
use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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
        format!(
            "{url}: the request failed ({e}); check the address and your connection. If the site does not allow other pages to read it (CORS), download the file and drop it here instead"
        )
    })?;
    if !response.ok() {
        return Err(format!(
            "{url}: the server answered HTTP {} {}; check the address",
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

/// The body of `response` read as a stream, with a running count of its bytes (after any
/// `Content-Encoding` is undone, so a gzip-encoded answer is counted as the text it inflates
/// to): the download stops as soon as it passes [`MAX_FILE_BYTES`], whether or not the server
/// declared a length, so a body of gigabytes never reaches memory. The chunks stay JavaScript
/// arrays (out of the wasm heap).
async fn body_chunks(url: &str, response: &web_sys::Response) -> Result<(Array, u64), String> {
    body_chunks_up_to(url, response, MAX_FILE_BYTES).await
}

/// [`body_chunks`] with the bound `limit` (a test sets a small one).
async fn body_chunks_up_to(
    url: &str,
    response: &web_sys::Response,
    limit: u64,
) -> Result<(Array, u64), String> {
    let unreadable = |e: JsValue| format!("{url}: the body could not be read ({e:?})");
    let body = get(response, "body");
    let chunks = Array::new();
    if body.is_null() || body.is_undefined() {
        return Ok((chunks, 0));
    }
    let call = |target: &JsValue, method: &str| -> Result<JsValue, String> {
        get(target, method)
            .dyn_into::<Function>()
            .map_err(|_| format!("{url}: the body cannot be read as a stream in this browser"))?
            .call0(target)
            .map_err(unreadable)
    };
    let reader = call(&body, "getReader")?;
    let mut total: u64 = 0;
    loop {
        let read: Promise = call(&reader, "read")?.dyn_into().map_err(unreadable)?;
        let step = JsFuture::from(read).await.map_err(unreadable)?;
        if get(&step, "done").as_bool() == Some(true) {
            return Ok((chunks, total));
        }
        let chunk: Uint8Array = get(&step, "value").dyn_into().map_err(unreadable)?;
        total += u64::from(chunk.length());
        if total > limit {
            // Stops the download; the bytes read so far are dropped.
            let _ = call(&reader, "cancel");
            return Err(format!(
                "{url}: the file is over {}, the most Rotation Lab reads; the download was stopped at {}. {REDUCE_HINT}",
                size_text(limit),
                size_text(total)
            ));
        }
        chunks.push(&chunk);
    }
}

/// The bytes at `url`, or a message that says what failed and what to do.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response: web_sys::Response = checked_response(url).await?.into();
    let (chunks, total) = body_chunks(url, &response).await?;
    let mut body = Vec::with_capacity(total as usize);
    for chunk in chunks.iter() {
        body.extend(chunk.unchecked_into::<Uint8Array>().to_vec());
    }
    Ok(body)
}

/// The body at `url` as a blob, which stays out of the wasm heap (the import worker reads it).
pub async fn fetch_blob(url: &str) -> Result<web_sys::Blob, String> {
    let response: web_sys::Response = checked_response(url).await?.into();
    let (chunks, _) = body_chunks(url, &response).await?;
    web_sys::Blob::new_with_u8_array_sequence(&chunks)
        .map_err(|e| format!("{url}: the body could not be kept ({e:?})"))
}

/// Reads `url` as the app does with the bound `limit` in place of [`MAX_FILE_BYTES`] and
/// resolves to the message (or "read N bytes"): the streaming bound tested without a 500 MB
/// body. Built only into the end-to-end test build (the `test-hooks` feature).
#[cfg(feature = "test-hooks")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn rotlab_test_fetch(url: String, limit: f64) -> String {
    let response: web_sys::Response = match checked_response(&url).await {
        Ok(r) => r.into(),
        Err(e) => return e,
    };
    match body_chunks_up_to(&url, &response, limit as u64).await {
        Ok((_, total)) => format!("read {total} bytes"),
        Err(e) => e,
    }
}
