//! The runtime reader of a compiled glossary.
//!
//! The build script compiles `content/` (or the folder named by `FORKLAR_CONTENT`) into the
//! format of [`crate::schema`] and embeds the bytes in the crate; [`bundled`] reads them once.
//! Reading borrows every string from the embedded bytes, so start-up costs one pass over the
//! index and a sorted table of term keys, not a parse of Markdown or YAML.

use std::sync::OnceLock;

use serde::Serialize;

use crate::error::Error;
use crate::schema::{self, Record};
use crate::text::normalize_term;

/// The index compiled from the article folder at build time.
static BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/glossary.bin"));

/// One article of the glossary: metadata, the names it is known by, and its rendered body.
pub type Article<'a> = Record<'a>;

/// The metadata of an article, as handed to JavaScript by `articles()` and `lookup()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Summary<'a> {
    /// The article's identifier and internal link path.
    pub slug: &'a str,
    /// The display title.
    pub title: &'a str,
    /// The one-sentence description.
    pub description: &'a str,
    /// The category.
    pub keywords: &'a str,
}

impl<'a> Record<'a> {
    /// The article's metadata, without body or terms.
    pub fn summary(&self) -> Summary<'a> {
        Summary {
            slug: self.slug,
            title: self.title,
            description: self.description,
            keywords: self.keywords,
        }
    }
}

/// A compiled glossary, ready for lookups.
#[derive(Debug)]
pub struct Glossary<'a> {
    /// Sorted by slug (the compiler writes them so, and [`Glossary::from_bytes`] checks it).
    articles: Vec<Article<'a>>,
    /// Normalised title, alias and form keys with the index of their article, sorted by key.
    terms: Vec<(String, usize)>,
}

impl<'a> Glossary<'a> {
    /// Reads a compiled index.
    ///
    /// # Errors
    ///
    /// Fails when the bytes are not a valid index of this version, or when its articles are not
    /// sorted by unique slug (the reader's binary search depends on it).
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Glossary<'a>, Error> {
        let articles = schema::read(bytes)?;
        if let Some(pair) = articles.windows(2).find(|w| w[0].slug >= w[1].slug) {
            return Err(Error::index(format!(
                "articles are not sorted by unique slug at '{}'",
                pair[1].slug
            )));
        }
        let mut terms = Vec::new();
        for (i, article) in articles.iter().enumerate() {
            let names = std::iter::once(article.title)
                .chain(article.aliases.iter().copied())
                .chain(article.forms.iter().copied());
            terms.extend(names.map(|name| (normalize_term(name), i)));
        }
        terms.sort();
        terms.dedup();
        Ok(Glossary { articles, terms })
    }

    /// All articles, sorted by slug.
    pub fn articles(&self) -> &[Article<'a>] {
        &self.articles
    }

    /// The article with this exact slug.
    pub fn get(&self, slug: &str) -> Option<&Article<'a>> {
        self.articles
            .binary_search_by(|a| a.slug.cmp(slug))
            .ok()
            .and_then(|i| self.articles.get(i))
    }

    /// Finds an article by slug or by any name it is known by: its title, an alias or a form,
    /// compared after [`normalize_term`] (so case, extra spaces and soft hyphens do not matter).
    /// A slug wins over a term.
    pub fn lookup(&self, slug_or_term: &str) -> Option<&Article<'a>> {
        if let Some(article) = self.get(slug_or_term.trim()) {
            return Some(article);
        }
        let key = normalize_term(slug_or_term);
        let at = self
            .terms
            .binary_search_by(|(k, _)| k.as_str().cmp(&key))
            .ok()?;
        let (_, index) = self.terms.get(at)?;
        self.articles.get(*index)
    }
}

/// The glossary compiled into this build, read on first use.
///
/// # Errors
///
/// Fails only if the embedded index is damaged, which the build's own tests rule out; the error
/// is kept so that every call reports it instead of panicking.
pub fn bundled() -> Result<&'static Glossary<'static>, Error> {
    static GLOSSARY: OnceLock<Result<Glossary<'static>, Error>> = OnceLock::new();
    GLOSSARY
        .get_or_init(|| Glossary::from_bytes(BUNDLE))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary_bytes() -> Vec<u8> {
        schema::write(&[
            Record {
                slug: "frontoffice",
                title: "Front office",
                aliases: vec!["frontoffice"],
                ..Record::default()
            },
            Record {
                slug: "stockbroker",
                title: "Børsmægler",
                forms: vec!["børsmæglere", "børsmæglerne"],
                ..Record::default()
            },
        ])
    }

    #[test]
    fn lookup_by_slug_title_alias_and_form() {
        let bytes = glossary_bytes();
        let g = Glossary::from_bytes(&bytes).unwrap();
        let rows: &[(&str, Option<&str>)] = &[
            ("stockbroker", Some("stockbroker")),
            ("Børsmægler", Some("stockbroker")),
            ("BØRSMÆGLERNE", Some("stockbroker")),
            ("børs\u{AD}mæglere", Some("stockbroker")),
            ("front  office", Some("frontoffice")),
            ("Front\u{A0}Office", Some("frontoffice")),
            ("frontoffice", Some("frontoffice")),
            ("børs", None),
            ("", None),
        ];
        for (query, expected) in rows {
            assert_eq!(
                g.lookup(query).map(|a| a.slug),
                *expected,
                "lookup({query:?})"
            );
        }
    }

    #[test]
    fn unsorted_index_is_refused() {
        let bytes = schema::write(&[
            Record {
                slug: "b",
                ..Record::default()
            },
            Record {
                slug: "a",
                ..Record::default()
            },
        ]);
        let err = Glossary::from_bytes(&bytes).unwrap_err();
        assert!(err.to_string().contains("not sorted"), "{err}");
    }
}
