//! The compiled index format, written by the build script and read by the runtime.
//!
//! This one module holds both [`write()`] and [`read`], and the build script compiles this very
//! file (through `#[path]`), so the writer and the reader cannot disagree about the layout.
//!
//! # Layout
//!
//! The header's integers are little-endian `u32`; every other integer is a LEB128 varint, and
//! most are string lengths. The short strings (slugs, titles, forms, stems, …) are not stored
//! beside their lengths but together in one text block, in the order the tables below use them,
//! so the reader checks their UTF-8 in one pass and then only slices. Article bodies come last
//! and are checked when one is read, not at start-up: a widget never pays for the bodies of
//! cards nobody opens.
//!
//! ```text
//! magic "FKLR" | version | article count | form count | term count | chunk count
//! | text length | text
//! | article* = slug, title, description, keywords lengths | body
//! | form*    = folded length | bytes after its first word | article number × 2 + search-only
//!              | exact length
//! | document length* (one f32 per article)
//! | term*    = stem length | posting bytes length
//! | postings (every term's, in term order)
//! | chunk*   = content hash (u64, little-endian)
//! | bodies   (the rest: inline bodies, in article order)
//! body = 0 | length                      the next `length` bytes of the bodies block
//!      | chunk + 1 | start | length      bytes `start..start + length` of a chunk file
//! ```
//!
//! Articles are stored sorted by slug and forms sorted by their bytes, so the reader can binary
//! search both without building anything. The reader borrows every string from the bytes:
//! nothing is copied at start-up.
//!
//! Bodies are stored in the index ("inline", the default: one file, no request after load) or,
//! for very large glossaries, in chunk files named after their content hash ([`chunk_name`]),
//! which a page fetches when a card first needs one.

use crate::error::Error;
use crate::text::{first_word, is_word_char};

/// The first four bytes of every compiled index.
pub const MAGIC: [u8; 4] = *b"FKLR";

/// The format version. Bump it whenever the layout changes; the reader refuses other versions
/// rather than misreading them.
pub const VERSION: u32 = 6;

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
    /// Where the article body, rendered and sanitised at build time, is.
    pub body: Body<'a>,
}

impl<'a> Record<'a> {
    /// The body as HTML when it is inline and valid UTF-8; `None` when it is in a chunk file.
    pub fn html(&self) -> Option<&'a str> {
        match self.body {
            Body::Inline(bytes) => std::str::from_utf8(bytes).ok(),
            Body::Chunk { .. } => None,
        }
    }
}

/// Where an article's rendered body is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// In the index itself. The bytes are UTF-8 HTML, checked when read ([`Record::html`]).
    Inline(&'a [u8]),
    /// Bytes `start..end` of chunk file number `chunk` (see [`Bundle::chunks`]).
    Chunk {
        /// The chunk's position in [`Bundle::chunks`].
        chunk: u32,
        /// The first byte of the body in the chunk.
        start: u32,
        /// One past the last byte.
        end: u32,
    },
}

impl Default for Body<'_> {
    fn default() -> Self {
        Body::Inline(&[])
    }
}

/// The file name of the chunk with this content hash: the name changes whenever the content
/// does, so a CDN may cache chunk files forever.
pub fn chunk_name(hash: u64) -> String {
    format!("forklar-{hash:016x}.html")
}

/// The content hash of a chunk file (64-bit FNV-1a). It names the file and lets the reader
/// refuse a stale or damaged download; it is not a defence against a hostile server, which
/// could as well replace the module itself.
pub fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One entry of the form table: a surface form that marks an article, or that only names it
/// (see [`Form::search_only`]).
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
    /// The byte length of the first word of `folded` (all of it, for a one-word form). It is
    /// stored so that the matcher's first scan, which files every form under its first word,
    /// need not look for the end of each one: that search was 40% of the first scan in
    /// Chromium at 1,000 articles, run by code the browser had not optimised yet.
    pub word: u32,
    /// A generated inflection that is also an everyday word ("banker", banks, is also "knocks";
    /// "låne", the verb of "lån"): the matcher never marks it in running text, where it would
    /// mostly be the everyday word, and lookup does not know it either, but search takes it as
    /// the article's name, since a reader who types it into a glossary's search box means the
    /// term.
    pub search_only: bool,
}

impl<'a> Form<'a> {
    /// A form, with the length of its first word worked out.
    pub fn new(folded: &'a str, article: u32, exact: &'a str) -> Form<'a> {
        Form {
            folded,
            article,
            exact,
            word: len_u32(first_word(folded).len()),
            search_only: false,
        }
    }

    /// A form that search knows but the matcher and lookup never use (see
    /// [`Form::search_only`]).
    pub fn search_only(folded: &'a str, article: u32) -> Form<'a> {
        Form {
            search_only: true,
            ..Form::new(folded, article, "")
        }
    }

    /// The form's first word (see [`Form::word`]).
    pub fn first_word(&self) -> &'a str {
        self.folded.get(..self.word as usize).unwrap_or(self.folded)
    }
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
    /// stops at the first malformed varint; an article number past the end is the
    /// caller's to ignore ([`check`] proves neither happens in an index the compiler wrote).
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
    /// The content hashes of the chunk files that [`Body::Chunk`] bodies point into; empty when
    /// every body is inline.
    pub chunks: Vec<u64>,
}

/// Encodes `bundle` in the order given. The caller sorts articles by slug and forms by bytes.
pub fn write(bundle: &Bundle<'_>) -> Vec<u8> {
    let records = &bundle.articles;
    let mut text = String::new();
    let mut tables = Vec::new();
    let mut bodies = Vec::new();
    for r in records {
        for s in [r.slug, r.title, r.description, r.keywords] {
            put_varint(&mut tables, len_u32(s.len()));
            text.push_str(s);
        }
        match r.body {
            Body::Inline(html) => {
                put_varint(&mut tables, 0);
                put_varint(&mut tables, len_u32(html.len()));
                bodies.extend_from_slice(html);
            }
            Body::Chunk { chunk, start, end } => {
                put_varint(&mut tables, chunk.saturating_add(1));
                put_varint(&mut tables, start);
                put_varint(&mut tables, end.saturating_sub(start));
            }
        }
    }
    for form in &bundle.forms {
        put_varint(&mut tables, len_u32(form.folded.len()));
        debug_assert!(
            form.word as usize <= form.folded.len(),
            "form '{}' has a first word longer than itself",
            form.folded
        );
        put_varint(
            &mut tables,
            len_u32(form.folded.len()).saturating_sub(form.word),
        );
        text.push_str(form.folded);
        // The flag rides in the article number's lowest bit: a byte per form otherwise. (The
        // compiler numbers articles with `u32`, far below the 2^31 this leaves.)
        debug_assert!(
            form.article < 1 << 31,
            "article number {} too large",
            form.article
        );
        put_varint(
            &mut tables,
            form.article
                .saturating_mul(2)
                .saturating_add(u32::from(form.search_only)),
        );
        put_varint(&mut tables, len_u32(form.exact.len()));
        text.push_str(form.exact);
    }
    // One length per article, so the count is the article count.
    for (i, _) in records.iter().enumerate() {
        let length = bundle.lengths.get(i).copied().unwrap_or(0.0);
        tables.extend_from_slice(&length.to_le_bytes());
    }
    let mut postings = Vec::new();
    for term in &bundle.terms {
        put_varint(&mut tables, len_u32(term.stem.len()));
        text.push_str(term.stem);
        put_varint(&mut tables, len_u32(term.raw_postings.len()));
        postings.extend_from_slice(term.raw_postings);
    }

    let mut out =
        Vec::with_capacity(24 + text.len() + tables.len() + postings.len() + bodies.len());
    out.extend_from_slice(&MAGIC);
    for n in [
        VERSION,
        len_u32(records.len()),
        len_u32(bundle.forms.len()),
        len_u32(bundle.terms.len()),
        len_u32(bundle.chunks.len()),
    ] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    put_varint(&mut out, len_u32(text.len()));
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(&tables);
    out.extend_from_slice(&postings);
    for hash in &bundle.chunks {
        out.extend_from_slice(&hash.to_le_bytes());
    }
    out.extend_from_slice(&bodies);
    out
}

/// Decodes an index written by [`write()`], borrowing every string from `bytes`.
///
/// This is what runs at page load, so it checks only what it must to hand out valid values:
/// the header, that every length and number fits the data, UTF-8 (of the text block, once),
/// and that forms name existing articles. Postings and bodies are checked when used;
/// [`check`] checks them all, with what only makes answers right (the tables' order, where
/// first words end), and the compiler runs it on everything it writes.
///
/// # Errors
///
/// Fails when the magic or version do not match, when the data ends early, when the text is not
/// UTF-8 or a length cuts a character, when a form or body names an article or chunk that does
/// not exist, when a form's first word is longer than the form, or when bytes are left over.
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
    let counts = [cur.u32()?, cur.u32()?, cur.u32()?, cur.u32()?].map(|n| n as usize);
    let [count, form_count, term_count, chunk_count] = counts;
    // Every table entry takes at least one byte, so a count beyond the data is damage; checking
    // it first keeps a corrupt count from reserving a huge vector.
    // Summed with a check: on a 32-bit target (wasm32) four counts can wrap around to a small
    // total and get past this test.
    let total = counts.iter().try_fold(0usize, |sum, &n| sum.checked_add(n));
    if total.is_none_or(|total| total > bytes.len()) {
        return Err(Error::index(format!(
            "counts {counts:?} are too large for {} bytes",
            bytes.len()
        )));
    }
    let text_len = cur.varint()? as usize;
    let at = cur.pos;
    let text = std::str::from_utf8(cur.take(text_len)?)
        .map_err(|_| Error::index(format!("text at byte {at} is not utf-8")))?;
    let mut text = Text { text, pos: 0 };

    let mut records = Vec::with_capacity(count);
    let mut inline = Vec::with_capacity(count);
    for _ in 0..count {
        let slug = text.next(cur.varint()?)?;
        let title = text.next(cur.varint()?)?;
        let description = text.next(cur.varint()?)?;
        let keywords = text.next(cur.varint()?)?;
        let tag = cur.varint()?;
        let body = if tag == 0 {
            inline.push((records.len(), cur.varint()? as usize));
            Body::Inline(&[])
        } else {
            let chunk = tag - 1;
            let start = cur.varint()?;
            let end = start
                .checked_add(cur.varint()?)
                .ok_or_else(|| Error::index(format!("body of '{slug}' is out of range")))?;
            if chunk as usize >= chunk_count {
                return Err(Error::index(format!(
                    "body of '{slug}' names chunk {chunk} of {chunk_count}"
                )));
            }
            Body::Chunk { chunk, start, end }
        };
        records.push(Record {
            slug,
            title,
            description,
            keywords,
            body,
        });
    }
    let mut forms = Vec::with_capacity(form_count);
    for _ in 0..form_count {
        let len = cur.varint()?;
        let after = cur.varint()?;
        let folded = text.next(len)?;
        let numbered = cur.varint()?;
        let (article, search_only) = (numbered >> 1, numbered & 1 == 1);
        let exact = text.next(cur.varint()?)?;
        if article as usize >= count {
            return Err(Error::index(format!(
                "form '{folded}' names article {article} of {count}"
            )));
        }
        // Where the first word ends is checked by [`check`], at build time: a wrong length can
        // only make the matcher miss the form, never read out of bounds.
        let word = len.checked_sub(after).ok_or_else(|| {
            Error::index(format!(
                "form '{folded}' has a first word longer than itself"
            ))
        })?;
        forms.push(Form {
            folded,
            article,
            exact,
            word,
            search_only,
        });
    }
    let mut lengths = Vec::with_capacity(count);
    for _ in 0..count {
        let b = cur.take(4)?;
        lengths.push(f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    }
    let mut stems = Vec::with_capacity(term_count);
    let mut postings_len = 0usize;
    for _ in 0..term_count {
        let stem = text.next(cur.varint()?)?;
        let n = cur.varint()? as usize;
        postings_len = postings_len.saturating_add(n);
        stems.push((stem, n));
    }
    if text.pos != text.text.len() {
        return Err(Error::index(format!(
            "{} bytes of text are not used by any table",
            text.text.len() - text.pos
        )));
    }
    let mut postings = cur.take(postings_len)?;
    let mut terms = Vec::with_capacity(term_count);
    for (stem, n) in stems {
        let (raw_postings, rest) = postings.split_at(n);
        postings = rest;
        terms.push(Term { stem, raw_postings });
    }
    let mut chunks = Vec::with_capacity(chunk_count);
    for _ in 0..chunk_count {
        let b = cur.take(8)?;
        chunks.push(u64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ]));
    }
    for (i, n) in inline {
        let html = cur.take(n)?;
        if let Some(record) = records.get_mut(i) {
            record.body = Body::Inline(html);
        }
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
        chunks,
    })
}

/// Everything [`read`] leaves for later, checked now: the tables' order,
/// that each form's first word ends at a word boundary, that each inline body is UTF-8 and that
/// each term's postings decode and name existing articles. The compiler runs this on every
/// index it writes, so a reader meets only indexes that pass it.
///
/// # Errors
///
/// Names the first table out of order, or the first form, article or term that fails.
pub fn check(bundle: &Bundle<'_>) -> Result<(), Error> {
    check_order(bundle)?;
    for form in &bundle.forms {
        // The word must end where the text has a boundary. That it holds only word characters
        // is not checked: the stored length exists to spare the matcher that very search.
        let ends_word = form
            .folded
            .get(form.word as usize..)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !is_word_char(c)));
        if !ends_word {
            return Err(Error::index(format!(
                "form '{}' has no first word of {} bytes",
                form.folded, form.word
            )));
        }
    }
    for record in &bundle.articles {
        if let Body::Inline(_) = record.body {
            if record.html().is_none() {
                return Err(Error::index(format!(
                    "body of '{}' is not utf-8",
                    record.slug
                )));
            }
        }
    }
    for term in &bundle.terms {
        if term.checked_len(bundle.articles.len()).is_none() {
            return Err(Error::index(format!(
                "postings of term '{}' are malformed or name a missing article",
                term.stem
            )));
        }
    }
    Ok(())
}

/// Checks that the tables are in the order binary searches need: articles sorted by unique
/// slug, forms by unique bytes, terms by unique stem. Part of [`check`].
fn check_order(bundle: &Bundle<'_>) -> Result<(), Error> {
    if let Some(pair) = bundle.articles.windows(2).find(|w| w[0].slug >= w[1].slug) {
        return Err(Error::index(format!(
            "articles are not sorted by unique slug at '{}'",
            pair[1].slug
        )));
    }
    if let Some(pair) = bundle.forms.windows(2).find(|w| w[0].folded >= w[1].folded) {
        return Err(Error::index(format!(
            "forms are not sorted by unique bytes at '{}'",
            pair[1].folded
        )));
    }
    if let Some(pair) = bundle.terms.windows(2).find(|w| w[0].stem >= w[1].stem) {
        return Err(Error::index(format!(
            "search terms are not sorted by unique stem at '{}'",
            pair[1].stem
        )));
    }
    Ok(())
}

fn len_u32(n: usize) -> u32 {
    // Articles and strings beyond 4 GiB cannot be embedded in a Wasm module anyway.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The text block, handed out in order.
struct Text<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Text<'a> {
    fn next(&mut self, len: u32) -> Result<&'a str, Error> {
        let end = self.pos.saturating_add(len as usize);
        // `get` refuses a range past the end or through a character: damage, not a panic.
        let s = self.text.get(self.pos..end).ok_or_else(|| {
            Error::index(format!(
                "string of {len} bytes at text byte {} is out of range",
                self.pos
            ))
        })?;
        self.pos = end;
        Ok(s)
    }
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

    /// A number below 128 (nearly every number in an index: string lengths, small article
    /// gaps) is one byte, read inline; the general loop is a call.
    #[inline]
    fn varint(&mut self) -> Result<u32, Error> {
        match self.bytes.get(self.pos) {
            Some(&b) if b < 0x80 => {
                self.pos += 1;
                Ok(u32::from(b))
            }
            _ => self.long_varint(),
        }
    }

    #[inline(never)]
    fn long_varint(&mut self) -> Result<u32, Error> {
        let mut rest = self.bytes.get(self.pos..).unwrap_or_default();
        let before = rest.len();
        match varint(&mut rest) {
            Some(n) => {
                self.pos += before - rest.len();
                Ok(n)
            }
            None => Err(Error::index(format!(
                "number at byte {} is malformed or cut off",
                self.pos
            ))),
        }
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
                body: Body::Inline("<p>Æ ø å</p>".as_bytes()),
            },
            Record {
                slug: "b",
                body: Body::Chunk {
                    chunk: 0,
                    start: 3,
                    end: 10,
                },
                ..Record::default()
            },
        ];
        let forms = vec![
            Form::new("aktie", 0, ""),
            Form::search_only("aktier", 0),
            Form::new("bnp", 1, "BNP"),
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
            chunks: vec![content_hash(b"chunk")],
        }
    }

    #[test]
    fn round_trip() {
        let bundle = sample();
        let bytes = write(&bundle);
        let read = read(&bytes).unwrap();
        assert_eq!(read, bundle);
        let flags: Vec<bool> = read.forms.iter().map(|f| f.search_only).collect();
        assert_eq!(flags, [false, true, false], "the search-only flag survives");
        assert_eq!(read.articles[0].html(), Some("<p>Æ ø å</p>"));
        assert_eq!(read.articles[1].html(), None, "a chunk body is not inline");
        check(&read).unwrap();
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

    /// Changing any one byte gives an error or a different index, never a panic; whatever
    /// reads still answers `html()` and `postings()` without panicking.
    #[test]
    fn every_flipped_byte_reads_safely() {
        let bytes = write(&sample());
        for i in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xFF] {
                let mut damaged = bytes.clone();
                damaged[i] ^= flip;
                if let Ok(bundle) = read(&damaged) {
                    for r in &bundle.articles {
                        let _ = r.html();
                    }
                    for t in &bundle.terms {
                        let _ = t.postings().count();
                    }
                    let _ = check(&bundle);
                }
            }
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
        bundle.forms[2].article = 2;
        let err = read(&write(&bundle)).unwrap_err();
        assert!(
            err.to_string().contains("form 'bnp' names article 2 of 2"),
            "{err}"
        );
        // The flag's bit is not part of the number: a search-only form of the last article
        // reads, one past it does not.
        bundle.forms[2].article = 1;
        bundle.forms[1].article = 1;
        assert!(read(&write(&bundle)).is_ok());
        bundle.forms[1].article = 2;
        let err = read(&write(&bundle)).unwrap_err();
        assert!(
            err.to_string()
                .contains("form 'aktier' names article 2 of 2"),
            "{err}"
        );
    }

    /// Where a first word ends is checked at build time: `read`, which runs at page load,
    /// refuses only a length past the form's end.
    #[test]
    fn a_first_word_must_end_at_a_word_boundary() {
        let mut bundle = sample();
        bundle.forms[0].word = 2;
        let err = check(&read(&write(&bundle)).unwrap()).unwrap_err();
        assert!(
            err.to_string()
                .contains("form 'aktie' has no first word of 2 bytes"),
            "{err}"
        );
        bundle.forms[0].word = 5;
        check(&read(&write(&bundle)).unwrap()).unwrap();
        // The byte that says how far the form goes on past its first word (0 here; 1 for a
        // first word of 4 bytes) is the one byte where the two encodings differ. Past the
        // form's own length, it is damage.
        let mut bytes = write(&bundle);
        bundle.forms[0].word = 4;
        let other = write(&bundle);
        let at = (0..bytes.len()).find(|&i| bytes[i] != other[i]).unwrap();
        bytes[at] = 6;
        let err = read(&bytes).unwrap_err();
        assert!(
            err.to_string().contains("first word longer than itself"),
            "{err}"
        );
    }

    #[test]
    fn bodies_must_name_an_existing_chunk() {
        let mut bundle = sample();
        bundle.chunks.clear();
        let err = read(&write(&bundle)).unwrap_err();
        assert!(err.to_string().contains("names chunk 0 of 0"), "{err}");
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
    fn check_finds_postings_naming_missing_articles() {
        let mut bundle = sample();
        let bad: &'static [u8] = Box::leak(Term::encode(&[(5, 1.0)]).into_boxed_slice());
        bundle.terms[0].raw_postings = bad;
        let bytes = write(&bundle);
        let err = check(&read(&bytes).unwrap()).unwrap_err();
        assert!(
            err.to_string()
                .contains("malformed or name a missing article"),
            "{err}"
        );
    }

    #[test]
    fn check_finds_a_body_that_is_not_utf8() {
        let mut bundle = sample();
        bundle.articles[0].body = Body::Inline(&[0x3C, 0xFF]);
        let bytes = write(&bundle);
        let err = check(&read(&bytes).unwrap()).unwrap_err();
        assert!(err.to_string().contains("body of 'aktie'"), "{err}");
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
        // The header is 24 bytes and the text length one more; the text follows.
        bytes[25] = 0xFF;
        assert!(read(&bytes).unwrap_err().to_string().contains("not utf-8"));
    }

    #[test]
    fn a_length_through_a_character_is_an_error() {
        let bundle = Bundle {
            articles: vec![Record {
                slug: "æ",
                ..Record::default()
            }],
            lengths: vec![0.0],
            ..Bundle::default()
        };
        let mut bytes = write(&bundle);
        // The slug's length (2) follows the 24-byte header, the text length and the text.
        assert_eq!(bytes[27], 2);
        bytes[27] = 1;
        let err = read(&bytes).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
    }

    #[test]
    fn chunk_names_follow_the_content() {
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(chunk_name(0xab), "forklar-00000000000000ab.html");
    }
}
