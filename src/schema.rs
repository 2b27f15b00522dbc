//! The compiled index format, written by the build script and read by the runtime.
//!
//! This one module holds both [`write()`] and [`read`], and the build script compiles this very
//! file (through `#[path]`), so the writer and the reader cannot disagree about the layout.
//!
//! # Layout
//!
//! All integers are little-endian `u32`. A string is its byte length followed by UTF-8 bytes,
//! and a list is its item count followed by the items.
//!
//! ```text
//! magic "FKLR" | version | article count | article* | form count | form*
//!       | document length* (one f32 per article) | term count | term*
//! article = slug | title | description | keywords | html | aliases (list) | forms (list)
//! form    = folded form | article number | exact form
//! term    = stem | posting bytes | (article number delta, weight) as LEB128 varints
//! ```
//!
//! Articles are stored sorted by slug and forms sorted by their bytes, so the reader can binary
//! search both without building anything. The reader borrows every string from the bytes:
//! nothing is copied at start-up.

use crate::error::Error;

/// The first four bytes of every compiled index.
pub const MAGIC: [u8; 4] = *b"FKLR";

/// The format version. Bump it whenever the layout changes; the reader refuses other versions
/// rather than misreading them.
pub const VERSION: u32 = 3;

/// One article as stored in the index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record<'a> {
    /// The article's identifier, also its internal link path (`/slug`).
    pub slug: &'a str,
    /// The display title.
    pub title: &'a str,
    /// A one-sentence plain-text summary.
    pub description: &'a str,
    /// The category (the front matter's `keywords`), possibly empty.
    pub keywords: &'a str,
    /// The article body, rendered and sanitised at build time.
    pub html: &'a str,
    /// Other names of the term, as written in the front matter.
    pub aliases: Vec<&'a str>,
    /// Inflected surface forms of the title and aliases, as written in the front matter.
    pub forms: Vec<&'a str>,
}

/// One entry of the matcher's form table: a surface form that marks an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Form<'a> {
    /// The form folded with [`Case::Fold`](crate::text::Case::Fold): what the matcher compares.
    pub folded: &'a str,
    /// The index of the article in [`Bundle::articles`].
    pub article: u32,
    /// Empty for the usual case-insensitive form. For a case-sensitive one (an acronym such as
    /// "BNP"), the form folded with [`Case::Keep`](crate::text::Case::Keep): a match must have
    /// exactly this case.
    pub exact: &'a str,
}

/// One entry of the search index: a word stem and the articles it occurs in.
///
/// Postings are `(article number, weight)` pairs with ascending article numbers, stored as
/// LEB128 varints of the difference to the previous article number and of the weight (a sum of
/// whole field weights, so an integer). Most postings take 2 bytes instead of 8.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Term<'a> {
    /// The stem (see [`crate::tokenize::stem`]).
    pub stem: &'a str,
    /// The encoded postings; read them with [`Term::postings`].
    pub raw_postings: &'a [u8],
}

impl Term<'_> {
    /// The articles the stem occurs in, with its field-weighted frequency in each. Decoding
    /// stops at the first malformed varint ([`read`] checks every term once).
    pub fn postings(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        let mut bytes = self.raw_postings;
        let mut article = 0u32;
        std::iter::from_fn(move || {
            let delta = varint(&mut bytes)?;
            let weight = varint(&mut bytes)?;
            article = article.checked_add(delta)?;
            Some((article, weight as f32))
        })
    }

    /// Encodes postings (ascending by article) for [`Term::raw_postings`].
    pub fn encode(postings: &[(u32, f32)]) -> Vec<u8> {
        let mut out = Vec::with_capacity(postings.len() * 2);
        let mut previous = 0;
        for &(article, weight) in postings {
            put_varint(&mut out, article - previous);
            // Weights are sums of whole field weights; rounding only guards against callers.
            put_varint(&mut out, weight.round().max(0.0) as u32);
            previous = article;
        }
        out
    }

    /// How many postings decode from the bytes, or `None` if they are malformed.
    fn checked_len(&self, articles: usize) -> Option<usize> {
        let mut bytes = self.raw_postings;
        let mut article = 0u32;
        let mut n = 0;
        while !bytes.is_empty() {
            article = article.checked_add(varint(&mut bytes)?)?;
            varint(&mut bytes)?;
            if article as usize >= articles {
                return None;
            }
            n += 1;
        }
        Some(n)
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut n: u32 = 0;
    for shift in (0..35).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u32::from(b & 0x7F).checked_shl(shift)?;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

/// Everything an index holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bundle<'a> {
    /// The articles, sorted by slug.
    pub articles: Vec<Record<'a>>,
    /// The form table, sorted by `folded`, each form once.
    pub forms: Vec<Form<'a>>,
    /// Each article's field-weighted length in words, for BM25.
    pub lengths: Vec<f32>,
    /// The search index, sorted by stem, each stem once.
    pub terms: Vec<Term<'a>>,
}

/// Encodes `bundle` in the order given. The caller sorts articles by slug and forms by bytes.
pub fn write(bundle: &Bundle<'_>) -> Vec<u8> {
    let records = &bundle.articles;
    let mut out = Vec::new();
    out.extend_from_slice(&MAGIC);
    put_u32(&mut out, VERSION);
    put_u32(&mut out, len_u32(records.len()));
    for r in records {
        for s in [r.slug, r.title, r.description, r.keywords, r.html] {
            put_str(&mut out, s);
        }
        for list in [&r.aliases, &r.forms] {
            put_u32(&mut out, len_u32(list.len()));
            for s in list.iter() {
                put_str(&mut out, s);
            }
        }
    }
    put_u32(&mut out, len_u32(bundle.forms.len()));
    for form in &bundle.forms {
        put_str(&mut out, form.folded);
        put_u32(&mut out, form.article);
        put_str(&mut out, form.exact);
    }
    // One length per article, so the count is the article count.
    for (i, _) in records.iter().enumerate() {
        let length = bundle.lengths.get(i).copied().unwrap_or(0.0);
        out.extend_from_slice(&length.to_le_bytes());
    }
    put_u32(&mut out, len_u32(bundle.terms.len()));
    for term in &bundle.terms {
        put_str(&mut out, term.stem);
        put_u32(&mut out, len_u32(term.raw_postings.len()));
        out.extend_from_slice(term.raw_postings);
    }
    out
}

/// Decodes an index written by [`write()`], borrowing every string from `bytes`.
///
/// # Errors
///
/// Fails when the magic or version do not match, when the data ends early, when a string is
/// not UTF-8, when a form names an article that does not exist, or when bytes are left over.
pub fn read(bytes: &[u8]) -> Result<Bundle<'_>, Error> {
    let mut cur = Cursor { bytes, pos: 0 };
    if cur.take(4)? != MAGIC {
        return Err(Error::index("not a forklar index (bad magic)"));
    }
    let version = cur.u32()?;
    if version != VERSION {
        return Err(Error::index(format!(
            "index version {version} is not the supported version {VERSION}"
        )));
    }
    let count = cur.u32()? as usize;
    // Each record takes at least 28 bytes, so a count larger than that bound is damage, and
    // checking it first keeps a corrupt count from reserving a huge vector.
    if count > bytes.len() / 28 {
        return Err(Error::index(format!("article count {count} is too large")));
    }
    let mut records = Vec::with_capacity(count);
    for _ in 0..count {
        let slug = cur.str()?;
        let title = cur.str()?;
        let description = cur.str()?;
        let keywords = cur.str()?;
        let html = cur.str()?;
        let aliases = cur.list()?;
        let forms = cur.list()?;
        records.push(Record {
            slug,
            title,
            description,
            keywords,
            html,
            aliases,
            forms,
        });
    }
    let form_count = cur.u32()? as usize;
    // Each form takes at least 12 bytes.
    if form_count > bytes.len() / 12 {
        return Err(Error::index(format!(
            "form count {form_count} is too large"
        )));
    }
    let mut forms = Vec::with_capacity(form_count);
    for _ in 0..form_count {
        let folded = cur.str()?;
        let article = cur.u32()?;
        let exact = cur.str()?;
        if article as usize >= records.len() {
            return Err(Error::index(format!(
                "form '{folded}' names article {article} of {}",
                records.len()
            )));
        }
        forms.push(Form {
            folded,
            article,
            exact,
        });
    }
    let mut lengths = Vec::with_capacity(records.len());
    for _ in 0..records.len() {
        let b = cur.take(4)?;
        lengths.push(f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    }
    let term_count = cur.u32()? as usize;
    // Each term takes at least 8 bytes.
    if term_count > bytes.len() / 8 {
        return Err(Error::index(format!(
            "term count {term_count} is too large"
        )));
    }
    let mut terms = Vec::with_capacity(term_count);
    for _ in 0..term_count {
        let stem = cur.str()?;
        let n = cur.u32()? as usize;
        let raw_postings = cur.take(n)?;
        let term = Term { stem, raw_postings };
        if term.checked_len(records.len()).is_none() {
            return Err(Error::index(format!(
                "postings of term '{stem}' are malformed or name a missing article"
            )));
        }
        terms.push(term);
    }
    if cur.pos != bytes.len() {
        return Err(Error::index(format!(
            "{} unexpected bytes after the last article",
            bytes.len() - cur.pos
        )));
    }
    Ok(Bundle {
        articles: records,
        forms,
        lengths,
        terms,
    })
}

fn len_u32(n: usize) -> u32 {
    // Articles and strings beyond 4 GiB cannot be embedded in a Wasm module anyway.
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, len_u32(s.len()));
    out.extend_from_slice(s.as_bytes());
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        match end.and_then(|end| self.bytes.get(self.pos..end).map(|s| (s, end))) {
            Some((slice, end)) => {
                self.pos = end;
                Ok(slice)
            }
            None => Err(Error::index(format!(
                "data ends early at byte {} (wanted {n} more)",
                self.pos
            ))),
        }
    }

    fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn str(&mut self) -> Result<&'a str, Error> {
        let at = self.pos;
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?)
            .map_err(|_| Error::index(format!("string at byte {at} is not utf-8")))
    }

    fn list(&mut self) -> Result<Vec<&'a str>, Error> {
        let n = self.u32()? as usize;
        // Every item needs at least its 4-byte length.
        if n > (self.bytes.len() - self.pos) / 4 {
            return Err(Error::index(format!(
                "list at byte {} claims {n} items",
                self.pos
            )));
        }
        (0..n).map(|_| self.str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Bundle<'static> {
        let articles = vec![
            Record {
                slug: "aktie",
                title: "Aktie",
                description: "En ejerandel.",
                keywords: "Investering",
                html: "<p>Æ ø å</p>",
                aliases: vec!["aktiepost"],
                forms: vec!["aktien", "aktier"],
            },
            Record {
                slug: "b",
                ..Record::default()
            },
        ];
        let forms = vec![
            Form {
                folded: "aktie",
                article: 0,
                exact: "",
            },
            Form {
                folded: "bnp",
                article: 1,
                exact: "BNP",
            },
        ];
        let postings = Term::encode(&[(0, 3.0), (1, 1.0)]);
        let postings: &'static [u8] = Box::leak(postings.into_boxed_slice());
        Bundle {
            articles,
            forms,
            lengths: vec![10.0, 3.5],
            terms: vec![Term {
                stem: "akti",
                raw_postings: postings,
            }],
        }
    }

    #[test]
    fn round_trip() {
        let bundle = sample();
        let bytes = write(&bundle);
        assert_eq!(read(&bytes).unwrap(), bundle);
    }

    #[test]
    fn empty_index_round_trips() {
        let empty = Bundle::default();
        assert_eq!(read(&write(&empty)).unwrap(), empty);
    }

    #[test]
    fn rejects_bad_magic_and_version() {
        let mut bytes = write(&sample());
        bytes[0] = b'X';
        assert!(read(&bytes).unwrap_err().to_string().contains("bad magic"));
        let mut bytes = write(&sample());
        bytes[4] = 99;
        assert!(read(&bytes).unwrap_err().to_string().contains("version 99"));
    }

    /// Every truncation of a valid index is an error, never a panic or a partial result.
    #[test]
    fn every_truncation_is_an_error() {
        let bytes = write(&sample());
        for len in 0..bytes.len() {
            assert!(read(&bytes[..len]).is_err(), "truncated to {len} bytes");
        }
    }

    #[test]
    fn trailing_bytes_are_an_error() {
        let mut bytes = write(&sample());
        bytes.push(0);
        assert!(read(&bytes)
            .unwrap_err()
            .to_string()
            .contains("unexpected bytes"));
    }

    #[test]
    fn huge_counts_are_rejected_without_allocating() {
        let mut bytes = write(&Bundle::default());
        bytes[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read(&bytes).unwrap_err().to_string().contains("too large"));
    }

    #[test]
    fn forms_must_name_an_existing_article() {
        let mut bundle = sample();
        bundle.forms[1].article = 2;
        let err = read(&write(&bundle)).unwrap_err();
        assert!(err.to_string().contains("names article 2 of 2"), "{err}");
    }

    #[test]
    fn postings_read_back() {
        let bundle = sample();
        let bytes = write(&bundle);
        let read = read(&bytes).unwrap();
        let postings: Vec<(u32, f32)> = read.terms[0].postings().collect();
        assert_eq!(postings, [(0, 3.0), (1, 1.0)]);
        assert_eq!(read.lengths, [10.0, 3.5]);
    }

    #[test]
    fn postings_naming_missing_articles_are_rejected() {
        let mut bundle = sample();
        let bad: &'static [u8] = Box::leak(Term::encode(&[(5, 1.0)]).into_boxed_slice());
        bundle.terms[0].raw_postings = bad;
        let err = read(&write(&bundle)).unwrap_err();
        assert!(
            err.to_string()
                .contains("malformed or name a missing article"),
            "{err}"
        );
    }

    #[test]
    fn varints_round_trip() {
        for n in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, n);
            let mut bytes = &out[..];
            assert_eq!(varint(&mut bytes), Some(n), "{n}");
            assert!(bytes.is_empty());
        }
        assert_eq!(varint(&mut &[0x80u8][..]), None, "truncated");
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        let mut bytes = write(&sample());
        // The first string (the slug "aktie") starts at byte 16.
        bytes[16] = 0xFF;
        assert!(read(&bytes).unwrap_err().to_string().contains("not utf-8"));
    }
}
