//! Forklar ("explain" in Danish) is a glossary widget compiled to WebAssembly.
//!
//! A site adds one script tag. In the reader's browser the widget finds mentions of glossary
//! terms in the page, explains them in definition cards, and searches the whole glossary, with
//! no server: the articles are compiled into the Wasm module at build time.
//!
//! # Overview
//!
//! The crate is a pure core with a thin browser edge:
//!
//! - [`content`] compiles a folder of Markdown articles with front matter into an index, with
//!   errors that name file and line. It runs in the build script, never in the browser.
//! - [`schema`] is the index format, shared by the writer (the build) and the reader.
//! - [`render`] turns Markdown into safe HTML (a pulldown-cmark event filter).
//! - [`index`] reads the compiled index and looks articles up by slug or term.
//! - [`inflect`] generates Danish inflections of terms at build time; [`matcher`] finds them in
//!   page text.
//! - [`search`] ranks articles for a typed query; [`tokenize`] holds its words and stems.
//! - `api` (only on `wasm32`) is the whole JavaScript surface; [`json`] writes the records it
//!   hands out as JSON text.
//!
//! Everything but `api` compiles and is tested natively with `cargo test`.
//!
//! # Example
//!
//! ```
//! let glossary = forklar::bundled()?;
//! let article = glossary.lookup("børsmæglere").expect("the seed links to it");
//! assert_eq!(article.slug, "stockbroker");
//! assert!(glossary.get("kundevendt").is_some());
//! # Ok::<(), forklar::Error>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod content;
pub mod error;
pub mod front_matter;
pub mod index;
pub mod inflect;
pub mod json;
pub mod matcher;
pub mod render;
pub mod schema;
pub mod search;
pub mod text;
pub mod tokenize;

#[cfg(target_arch = "wasm32")]
pub mod api;

pub use crate::error::Error;
pub use crate::index::{bundled, Article, Glossary, Summary};
pub use crate::search::Hit;
