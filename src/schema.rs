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
//! article = slug | title | description | keywords | html | aliases (list) | forms (list)
//! form    = folded form | article number | exact form
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
pub const VERSION: u32 = 2;

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

/// Everything an index holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bundle<'a> {
    /// The articles, sorted by slug.
    pub articles: Vec<Record<'a>>,
    /// The form table, sorted by `folded`, each form once.
    pub forms: Vec<Form<'a>>,
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
    if cur.pos != bytes.len() {
        return Err(Error::index(format!(
            "{} unexpected bytes after the last article",
            bytes.len() - cur.pos
        )));
    }
    Ok(Bundle {
        articles: records,
        forms,
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
        Bundle { articles, forms }
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
    fn invalid_utf8_is_an_error() {
        let mut bytes = write(&sample());
        // The first string (the slug "aktie") starts at byte 16.
        bytes[16] = 0xFF;
        assert!(read(&bytes).unwrap_err().to_string().contains("not utf-8"));
    }
}
