//! Fetching files by URL. Relative URLs resolve against the page, so the app works from any
//! sub-path of any static host.

use gloo_net::http::Request;

/// The bytes at `url`, or a message that says what failed and what to do.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
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
    response
        .binary()
        .await
        .map_err(|e| format!("{url}: the body could not be read ({e})"))
}
