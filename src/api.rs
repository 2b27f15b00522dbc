//! The JavaScript surface of the Wasm module: a handful of calls that each do real work.
//!
//! This is the only file (with `dom/`, later) that uses `wasm_bindgen`. Every export returns a
//! `Result` or an `Option` and never panics: a panic in a `cdylib` built with `panic = "abort"`
//! is an opaque trap that would take the widget down with the host page watching. Errors cross
//! as `JsError`, whose message is the crate's [`Error`](crate::Error) text.
//!
//! `forklar.js` (see `www/embed/loader.js`) wraps these in the public `window.forklar` object.

use wasm_bindgen::prelude::*;

use crate::index::bundled;
use crate::json;

/// Every article's metadata (`slug`, `title`, `description`, `keywords`), sorted by slug, as
/// the JSON text of an array of objects ([`json::summaries`]).
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn articles() -> Result<String, JsError> {
    Ok(json::summaries(
        bundled()?.articles().iter().map(|a| a.summary()),
    ))
}

/// Every article's slug, in the order of `articles()`, joined by newlines: what the page marker
/// needs, as one string instead of one object per article (at 1,000 articles, `articles()`
/// costs the marker's start-up more than its first scan).
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn slugs() -> Result<String, JsError> {
    let articles = bundled()?.articles();
    Ok(articles
        .iter()
        .map(|a| a.slug)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The metadata of the article with this slug, or known by this title, alias or inflected form,
/// as the JSON text of an object ([`json::summary`]); `undefined` when there is none.
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn lookup(slug_or_term: &str) -> Result<Option<String>, JsError> {
    Ok(bundled()?
        .lookup(slug_or_term)
        .map(|article| json::summary(&article.summary())))
}

/// The description of the article with this slug, or `undefined`: the text a mark's
/// `aria-describedby` points at. One string, where `lookup()` builds an object of four: a page
/// that mentions a thousand different terms asks a thousand times while it is marked.
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn description(slug: &str) -> Result<Option<String>, JsError> {
    Ok(bundled()?.get(slug).map(|a| a.description.to_string()))
}

/// Reads the embedded index, so that the first real call does not pay for it, and returns the
/// number of articles. The loader calls this before it resolves `forklar.ready`.
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn load() -> Result<usize, JsError> {
    Ok(bundled()?.articles().len())
}

/// The article body as sanitised HTML, or `undefined` for an unknown slug or a body whose
/// chunk file has not been handed in yet (see `missing_chunk`).
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn render(slug: &str) -> Result<Option<String>, JsError> {
    let glossary = bundled()?;
    Ok(glossary
        .get(slug)
        .and_then(|a| glossary.html(a))
        .map(str::to_string))
}

/// The file name of the chunk file the body of `slug` is in, when the page must still fetch
/// it; `undefined` otherwise.
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn missing_chunk(slug: &str) -> Result<Option<String>, JsError> {
    Ok(bundled()?.missing_chunk(slug))
}

/// Hands in a fetched chunk file. The bytes are copied once, checked against the content hash
/// the index holds, and kept.
///
/// # Errors
///
/// Fails when the bytes are not a chunk of this index.
#[wasm_bindgen]
pub fn add_chunk(bytes: Vec<u8>) -> Result<(), JsError> {
    Ok(bundled()?.add_chunk(bytes)?)
}

/// The crate version, for bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every mention of a glossary term in `text`, as a flat `Uint32Array` of
/// `start, end, article` triples: UTF-16 offsets into `text` (the unit of DOM `Text` offsets)
/// and the article's position in `articles()`. One call covers a whole batch of text nodes,
/// joined by a separator that is never part of a term.
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn scan(text: &str) -> Result<Vec<u32>, JsError> {
    Ok(bundled()?.find_utf16(text))
}

/// The best `limit` articles for `query`, best first, as the JSON text of an array of `{ slug,
/// title, description, score, snippet, highlights }` objects ([`json::hits`]); `highlights` are
/// `[start, end]` UTF-16 ranges in `snippet`.
///
/// # Errors
///
/// Fails only if the embedded index is damaged.
#[wasm_bindgen]
pub fn search(query: &str, limit: usize) -> Result<String, JsError> {
    Ok(json::hits(&bundled()?.search(query, limit)))
}

/// Bytes of Wasm linear memory the module holds (the embedded index, what it has built, and
/// loaded chunks), for the benchmark and for bug reports.
#[wasm_bindgen]
pub fn memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0) * 65_536
}
