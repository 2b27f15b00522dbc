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
//! magic "FKLR" | version | article count | article*
//! article = slug | title | description | keywords | html | aliases (list) | forms (list)
//! ```
//!
//! Articles are stored sorted by slug, so the reader can binary search without a table. The
//! reader borrows every string from the bytes: nothing is copied at start-up.

use crate::error::Error;

/// The first four bytes of every compiled index.
pub const MAGIC: [u8; 4] = *b"FKLR";

/// The format version. Bump it whenever the layout changes; the reader refuses other versions
/// rather than misreading them.
pub const VERSION: u32 = 1;

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

/// Encodes `records` in the order given. The caller sorts them by slug.
pub fn write(records: &[Record<'_>]) -> Vec<u8> {
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
    out
}

/// Decodes an index written by [`write()`], borrowing every string from `bytes`.
///
/// # Errors
///
/// Fails when the magic or version do not match, when the data ends early, when a string is
/// not UTF-8, or when bytes are left over.
pub fn read(bytes: &[u8]) -> Result<Vec<Record<'_>>, Error> {
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
    if cur.pos != bytes.len() {
        return Err(Error::index(format!(
            "{} unexpected bytes after the last article",
            bytes.len() - cur.pos
        )));
    }
    Ok(records)
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

    fn sample() -> Vec<Record<'static>> {
        vec![
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
        ]
    }

    #[test]
    fn round_trip() {
        let records = sample();
        let bytes = write(&records);
        assert_eq!(read(&bytes).unwrap(), records);
    }

    #[test]
    fn empty_index_round_trips() {
        assert_eq!(read(&write(&[])).unwrap(), vec![]);
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
        let mut bytes = write(&[]);
        bytes[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read(&bytes).unwrap_err().to_string().contains("too large"));
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        let mut bytes = write(&sample());
        // The first string (the slug "aktie") starts at byte 16.
        bytes[16] = 0xFF;
        assert!(read(&bytes).unwrap_err().to_string().contains("not utf-8"));
    }
}
