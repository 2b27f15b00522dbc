//! Finds mentions of glossary terms in text.
//!
//! # Rules
//!
//! The matcher reports **non-overlapping, whole-word, leftmost-longest** matches of the surface
//! forms in the compiled form table:
//!
//! - **Whole words.** A match starts where a word starts and ends where a word ends. Word
//!   characters are letters and digits ([`is_word_char`]); everything else — space,
//!   punctuation, brackets, quotes, dashes, the ends of the text — is a boundary. So
//!   "(kundevendt)", "kundevendt," and "kundevendt." match, while "bør" does not match inside
//!   "børs" and "rent" does not match "rente".
//! - **Leftmost-longest.** Scanning from the left, the first word start where some form matches
//!   wins, and there the longest form that ends at a word boundary: "økonomisk planlægger"
//!   beats "planlægger", "front office" beats "front". The scan resumes after the match.
//! - **Folded comparison.** Text and forms are compared after [`fold`]: case-insensitive,
//!   never folding æ, ø and å, other accents removed, soft hyphens and zero-width characters
//!   ignored, any run of white space (line breaks and non-breaking spaces too) equal to one
//!   space, so multi-word terms match across line breaks.
//! - **Case-sensitive forms.** A form with an `exact` spelling (acronyms such as "BNP") only
//!   matches text with exactly that case.
//!
//! # How
//!
//! The form table is sorted by bytes at build time. At each word start the matcher narrows the
//! range of forms that share the text's next byte, by binary search, one byte at a time: a walk
//! down an implicit trie that costs nothing to build at start-up. The walk stops as soon as the
//! range is empty, which for ordinary words happens within a few bytes, so the cost is one pass
//! over the text plus a short walk per word. The first step uses a table of where each first
//! byte's range starts, built once when the glossary is read.
//!
//! # Example
//!
//! ```
//! use forklar::matcher::Matcher;
//! use forklar::schema::Form;
//!
//! let matcher = Matcher::new(vec![
//!     Form { folded: "planlægger", article: 1, exact: "" },
//!     Form { folded: "økonomisk planlægger", article: 0, exact: "" },
//! ]);
//! let text = "En Økonomisk\u{A0}planlægger, ikke en planlæggerske.";
//! let found: Vec<(&str, u32)> = matcher
//!     .find_all(text)
//!     .iter()
//!     .map(|m| (&text[m.start..m.end], m.article))
//!     .collect();
//! assert_eq!(found, [("Økonomisk\u{A0}planlægger", 0)]);
//! ```

use crate::schema::Form;
use crate::text::{fold, fold_with_map, is_word_char, Case, FoldMap};

/// A mention: byte offsets into the searched text and the article it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Byte offset of the first character of the mention.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
    /// The index of the article in the glossary.
    pub article: u32,
}

/// A form table ready for matching.
#[derive(Clone, Debug, Default)]
pub struct Matcher<'a> {
    /// Sorted by `folded` bytes, each form once.
    forms: Vec<Form<'a>>,
    /// `first[b]..first[b + 1]` is the range of forms whose first byte is `b`.
    first: Vec<u32>,
}

impl<'a> Matcher<'a> {
    /// Prepares `forms`, which must be sorted by `folded` bytes with no form twice, as the
    /// content compiler writes them.
    pub fn new(forms: Vec<Form<'a>>) -> Matcher<'a> {
        let mut first = vec![0u32; 257];
        for form in &forms {
            if let Some(&b) = form.folded.as_bytes().first() {
                first[usize::from(b) + 1] += 1;
            }
        }
        for b in 1..first.len() {
            first[b] += first[b - 1];
        }
        Matcher { forms, first }
    }

    /// The form table.
    pub fn forms(&self) -> &[Form<'a>] {
        &self.forms
    }

    /// Every match in `text`, in order, by the rules in the module docs.
    pub fn find_all(&self, text: &str) -> Vec<Match> {
        let forms = &self.forms[..];
        let mut matches = Vec::new();
        if forms.is_empty() || text.is_empty() {
            return matches;
        }
        let (folded, map) = fold_with_map(text, Case::Fold);
        let bytes = folded.as_bytes();
        let mut prev_is_word = false;
        let mut resume_at = 0;
        for (i, c) in folded.char_indices() {
            let is_word = is_word_char(c);
            let word_start = is_word && !prev_is_word;
            prev_is_word = is_word;
            if !word_start || i < resume_at {
                continue;
            }
            let Some(&b) = bytes.get(i) else { break };
            let lo = self.first[usize::from(b)] as usize;
            let hi = self.first[usize::from(b) + 1] as usize;
            if lo == hi {
                continue;
            }
            if let Some((len, form)) = longest_at(&forms[lo..hi], &folded, bytes, i, text, &map) {
                let end = i + len;
                matches.push(Match {
                    start: map.original(i),
                    end: map.original(end),
                    article: form.article,
                });
                resume_at = end;
            }
        }
        matches
    }
}

/// The longest form that matches the folded text at `start` and ends at a word boundary.
fn longest_at<'f>(
    forms: &'f [Form<'f>],
    folded: &str,
    bytes: &[u8],
    start: usize,
    original: &str,
    map: &FoldMap,
) -> Option<(usize, &'f Form<'f>)> {
    let (mut lo, mut hi) = (0, forms.len());
    let mut best = None;
    let mut depth = 0;
    while let Some(&b) = bytes.get(start + depth) {
        // All forms in lo..hi share the `depth` bytes walked so far; the ones that are exactly
        // that long sort first. Narrow to the forms whose next byte is `b`.
        let range = forms.get(lo..hi)?;
        let first =
            range.partition_point(|f| f.folded.as_bytes().get(depth).is_none_or(|&fb| fb < b));
        let same = range
            .get(first..)?
            .partition_point(|f| f.folded.as_bytes().get(depth) == Some(&b));
        lo += first;
        hi = lo + same;
        if lo == hi {
            break;
        }
        depth += 1;
        let end = start + depth;
        if let Some(form) = forms.get(lo).filter(|f| f.folded.len() == depth) {
            let at_boundary = folded
                .get(end..)
                .and_then(|rest| rest.chars().next())
                .is_none_or(|next| !is_word_char(next));
            if at_boundary && exact_case_ok(form, original, map, start, end) {
                best = Some((depth, form));
            }
        }
    }
    best
}

/// A case-sensitive form matches only text with exactly its case.
fn exact_case_ok(form: &Form<'_>, original: &str, map: &FoldMap, start: usize, end: usize) -> bool {
    if form.exact.is_empty() {
        return true;
    }
    original
        .get(map.original(start)..map.original(end))
        .is_some_and(|slice| fold(slice, Case::Keep).trim_end() == form.exact)
}

// An explicit path keeps tools that read this file outside the crate (rustfmt through the
// build script) pointed at the right file.
#[cfg(test)]
#[path = "matcher/tests.rs"]
mod tests;
