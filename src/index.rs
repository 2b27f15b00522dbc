//! The runtime reader of a compiled glossary.
//!
//! The build script compiles `content/` (or the folder named by `FORKLAR_CONTENT`) into the
//! format of [`crate::schema`] and embeds the bytes in the crate; [`bundled`] reads them once.
//! Reading borrows every string from the embedded bytes, so start-up costs one pass over the
//! index and a sorted table of term keys, not a parse of Markdown or YAML.

use std::sync::OnceLock;

use crate::error::Error;
use crate::matcher::{Match, Matcher};
use crate::schema::{self, Body, Form, Record, Term};
use crate::search::{self, Hit, Plain};
use crate::text::{normalize_term, utf16_offsets};

/// The index compiled from the article folder at build time.
static BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/glossary.bin"));

/// One article of the glossary: metadata, the names it is known by, and its rendered body.
pub type Article<'a> = Record<'a>;

/// The metadata of an article, as handed to JavaScript by `articles()` and `lookup()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// Sorted by slug (the compiler writes them so, and checks it: see [`bundled`]).
    articles: Vec<Article<'a>>,
    /// The matcher over the surface forms, sorted by folded bytes (checked like the articles).
    matcher: Matcher<'a>,
    /// Each article's weighted length, for search ranking.
    lengths: Vec<f32>,
    /// Their average (at least 1), which ranking needs on every keystroke.
    average_length: f32,
    /// The search index, sorted by stem.
    terms: Vec<Term<'a>>,
    /// Each article's plain text for search snippets, made when first needed.
    plain: Vec<OnceLock<Plain>>,
    /// The content hashes of the chunk files bodies may live in.
    chunk_hashes: Vec<u64>,
    /// The chunk files handed in so far ([`Glossary::add_chunk`]).
    chunks: Vec<OnceLock<Box<[u8]>>>,
}

impl<'a> Glossary<'a> {
    /// Reads a compiled index and checks all of it ([`schema::check`]), for bytes the build has
    /// not checked. (The page's own index is read by [`bundled`], which leaves out what the
    /// build checked.)
    ///
    /// # Errors
    ///
    /// Fails when the bytes are not a valid index of this version, or fail the build's checks:
    /// tables out of order (binary searches depend on it), a form's first word not ending a
    /// word, a body not UTF-8, postings that do not decode.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Glossary<'a>, Error> {
        let bundle = schema::read(bytes)?;
        schema::check(&bundle)?;
        Ok(Glossary::from_bundle(bundle))
    }

    /// A glossary of tables read without [`schema::check`]: their order is what makes lookups
    /// right, not what keeps them in bounds, so a table out of order gives wrong
    /// answers but never a panic.
    fn from_bundle(bundle: schema::Bundle<'a>) -> Glossary<'a> {
        let schema::Bundle {
            articles,
            forms,
            lengths,
            terms,
            chunks: chunk_hashes,
        } = bundle;
        let plain = articles.iter().map(|_| OnceLock::new()).collect();
        let chunks = chunk_hashes.iter().map(|_| OnceLock::new()).collect();
        // The lengths are whole numbers, which `f64` adds exactly.
        let total: f64 = lengths.iter().map(|&l| f64::from(l)).sum();
        let average_length = (total / lengths.len().max(1) as f64).max(1.0) as f32;
        Glossary {
            articles,
            matcher: Matcher::new(forms),
            lengths,
            average_length,
            terms,
            plain,
            chunk_hashes,
            chunks,
        }
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

    /// The form table, sorted by folded bytes (search-only forms included).
    pub fn forms(&self) -> &[Form<'a>] {
        self.matcher.forms()
    }

    /// Finds an article by slug or by any form of it the page would mark: its title, an alias,
    /// a listed or generated inflection, compared after [`normalize_term`] (so case, extra
    /// spaces and soft hyphens do not matter). A slug wins over a term. A search-only form
    /// ([`Form::search_only`]: "banker", also the everyday "knocks") finds nothing, so a page
    /// that asks whether a word of its text is a term gets the matcher's answer.
    pub fn lookup(&self, slug_or_term: &str) -> Option<&Article<'a>> {
        if let Some(article) = self.get(slug_or_term.trim()) {
            return Some(article);
        }
        let key = normalize_term(slug_or_term);
        let forms = self.forms();
        let at = forms
            .binary_search_by(|f| f.folded.cmp(key.as_str()))
            .ok()?;
        let form = forms.get(at).filter(|f| !f.search_only)?;
        self.articles.get(form.article as usize)
    }

    /// The search index, sorted by stem.
    pub fn terms(&self) -> &[Term<'a>] {
        &self.terms
    }

    /// Each article's weighted length (same order as [`Glossary::articles`]).
    pub fn lengths(&self) -> &[f32] {
        &self.lengths
    }

    /// The average of [`Glossary::lengths`], at least 1.
    pub fn average_length(&self) -> f32 {
        self.average_length
    }

    /// The rendered body of `article`: `None` while it is in a chunk file not handed in yet
    /// (see [`Glossary::missing_chunk`]), or if its bytes are damaged.
    pub fn html(&self, article: &Article<'a>) -> Option<&str> {
        match article.body {
            Body::Inline(_) => article.html(),
            Body::Chunk { chunk, start, end } => {
                let bytes = self.chunks.get(chunk as usize)?.get()?;
                std::str::from_utf8(bytes.get(start as usize..end as usize)?).ok()
            }
        }
    }

    /// The file name of the chunk that holds the body of the article with this slug, when that
    /// chunk has not been handed in yet; `None` for an inline body, a loaded chunk or an
    /// unknown slug.
    pub fn missing_chunk(&self, slug: &str) -> Option<String> {
        match self.get(slug)?.body {
            Body::Chunk { chunk, .. } => {
                let loaded = self.chunks.get(chunk as usize)?.get().is_some();
                let hash = self.chunk_hashes.get(chunk as usize)?;
                (!loaded).then(|| schema::chunk_name(*hash))
            }
            Body::Inline(_) => None,
        }
    }

    /// Takes in a chunk file fetched by the page. It is kept only if its content hash is one
    /// the index names, so a stale or damaged download is refused rather than shown.
    ///
    /// # Errors
    ///
    /// Fails when no chunk of the index has this content.
    pub fn add_chunk(&self, bytes: Vec<u8>) -> Result<(), Error> {
        let hash = schema::content_hash(&bytes);
        let at = self
            .chunk_hashes
            .iter()
            .position(|&h| h == hash)
            .ok_or_else(|| {
                Error::index(format!(
                    "a chunk of {} bytes does not match any chunk of this index",
                    bytes.len()
                ))
            })?;
        if let Some(cell) = self.chunks.get(at) {
            // A second copy of the same chunk is the same bytes; keeping the first is right.
            let _ = cell.set(bytes.into_boxed_slice());
        }
        Ok(())
    }

    /// The plain text of article `i` (a position in [`Glossary::articles`]) for snippets.
    /// A body still in an unloaded chunk gives no snippet, and it is not cached, so the
    /// snippet appears once the chunk is in.
    pub(crate) fn plain(&self, i: usize) -> Option<&Plain> {
        let cell = self.plain.get(i)?;
        if let Some(plain) = cell.get() {
            return Some(plain);
        }
        let html = self.html(self.articles.get(i)?)?;
        Some(cell.get_or_init(|| Plain::new(html)))
    }

    /// The best `limit` articles for a query typed by a reader, best first; see
    /// [`crate::search`] for the ranking.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'a>> {
        search::search(self, query, limit)
    }

    /// Every mention of a glossary term in `text`, by the rules of [`crate::matcher`], as byte
    /// offsets; `article` indexes [`Glossary::articles`].
    pub fn find(&self, text: &str) -> Vec<Match> {
        self.matcher.find_all(text)
    }

    /// [`Glossary::find`] for JavaScript: a flat list of `start, end, article` triples with
    /// offsets in UTF-16 code units, the unit of DOM `Text` offsets.
    pub fn find_utf16(&self, text: &str) -> Vec<u32> {
        let found = self.find(text);
        let bytes: Vec<u32> = found
            .iter()
            .flat_map(|m| [m.start, m.end])
            .map(|o| u32::try_from(o).unwrap_or(u32::MAX))
            .collect();
        let units = utf16_offsets(text, &bytes);
        found
            .iter()
            .zip(units.chunks_exact(2))
            .flat_map(|(m, pair)| [pair[0], pair[1], m.article])
            .collect()
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
        // The build ran `schema::check` on these very bytes, order included, so the page does
        // not check the order again. Without it and the first-word boundaries (checked at
        // build time as well now), and with one-byte numbers read inline, reading the index in
        // Chromium went from 40 to 31 ms at 30,000 articles and from 8.7 to 6.5 ms at 1,000
        // (medians of 8 and 20 cold loads).
        .get_or_init(|| schema::read(BUNDLE).map(Glossary::from_bundle))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary_bytes() -> Vec<u8> {
        let articles = vec![
            Record {
                slug: "frontoffice",
                title: "Front office",
                ..Record::default()
            },
            Record {
                slug: "stockbroker",
                title: "Børsmægler",
                body: Body::Chunk {
                    chunk: 0,
                    start: 2,
                    end: 10,
                },
                ..Record::default()
            },
        ];
        let form = |folded, article| Form::new(folded, article, "");
        let forms = vec![
            form("børsmægler", 1),
            form("børsmæglere", 1),
            form("børsmæglerne", 1),
            form("front office", 0),
            form("frontoffice", 0),
        ];
        schema::write(&schema::Bundle {
            articles,
            forms,
            lengths: vec![1.0, 1.0],
            chunks: vec![schema::content_hash(CHUNK)],
            ..schema::Bundle::default()
        })
    }

    const CHUNK: &[u8] = b"..<p>x</p>..";

    #[test]
    fn a_chunk_body_appears_once_its_chunk_is_handed_in() {
        let bytes = glossary_bytes();
        let g = Glossary::from_bytes(&bytes).unwrap();
        let name = schema::chunk_name(schema::content_hash(CHUNK));
        assert_eq!(g.missing_chunk("stockbroker"), Some(name));
        assert_eq!(g.missing_chunk("frontoffice"), None, "inline");
        assert_eq!(g.missing_chunk("nope"), None);
        let article = g.get("stockbroker").unwrap();
        assert_eq!(g.html(article), None);
        let err = g.add_chunk(b"something else".to_vec()).unwrap_err();
        assert!(err.to_string().contains("does not match"), "{err}");
        assert_eq!(g.html(article), None, "a refused chunk changes nothing");
        g.add_chunk(CHUNK.to_vec()).unwrap();
        assert_eq!(g.html(article), Some("<p>x</p>"));
        assert_eq!(g.missing_chunk("stockbroker"), None);
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
        let articles = vec![
            Record {
                slug: "b",
                ..Record::default()
            },
            Record {
                slug: "a",
                ..Record::default()
            },
        ];
        let bytes = schema::write(&schema::Bundle {
            articles,
            ..schema::Bundle::default()
        });
        let err = Glossary::from_bytes(&bytes).unwrap_err();
        assert!(err.to_string().contains("not sorted"), "{err}");
    }

    /// The page reads the bundled index without checking the order of its tables (the build
    /// did), so a table out of order must give wrong answers at worst, never a panic. The
    /// bundled tables, shuffled, with some first words cut short, go through everything a page
    /// calls.
    #[test]
    fn tables_out_of_order_give_no_panic() {
        let mut bundle = schema::read(BUNDLE).unwrap();
        assert!(bundle.articles.len() > 10 && bundle.forms.len() > 100);
        // A fixed shuffle: a reversed table would send every binary search to one end.
        let mut state = 0x2545_f491_u64;
        let mut shuffle = |n: usize| -> Vec<usize> {
            let mut order: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
            order
        };
        let articles = bundle.articles.clone();
        bundle.articles = shuffle(articles.len())
            .into_iter()
            .map(|i| articles[i].clone())
            .collect();
        let forms = bundle.forms.clone();
        bundle.forms = shuffle(forms.len()).into_iter().map(|i| forms[i]).collect();
        let terms = bundle.terms.clone();
        bundle.terms = shuffle(terms.len()).into_iter().map(|i| terms[i]).collect();
        for (i, form) in bundle.forms.iter_mut().enumerate() {
            if i % 3 == 0 {
                form.word = form.word.min(1);
            }
        }
        let words: Vec<String> = bundle
            .forms
            .iter()
            .step_by(7)
            .map(|f| f.folded.to_string())
            .collect();
        let titles: Vec<String> = bundle
            .articles
            .iter()
            .map(|a| a.title.to_string())
            .collect();
        let g = Glossary::from_bundle(bundle);
        let page = words.join(" og ");
        assert!(!g.find_utf16(&page).is_empty() || page.is_empty());
        for word in words.iter().chain(&titles) {
            g.lookup(word);
            g.get(word);
            let mut typed = String::new();
            for c in word.chars() {
                typed.push(c);
                g.search(&typed, 10);
            }
            // A slip in the middle, as typed queries have.
            let mut chars: Vec<char> = word.chars().collect();
            if chars.len() > 4 {
                chars.swap(2, 3);
                g.search(&chars.iter().collect::<String>(), 10);
            }
        }
        g.search("hvad betyder kunde vendt", 10);
    }

    #[test]
    fn find_utf16_reports_code_unit_offsets() {
        let bytes = glossary_bytes();
        let g = Glossary::from_bytes(&bytes).unwrap();
        // "Æ" and "ø" are 2 bytes in UTF-8 and 1 unit in UTF-16.
        let text = "Æ ø børsmæglerne og front office";
        assert_eq!(g.find_utf16(text), [4, 16, 1, 20, 32, 0]);
    }
}
