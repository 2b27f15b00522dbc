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
//! - **Search-only forms are never matched.** A form flagged [`Form::search_only`] (a
//!   generated inflection that is also an everyday word, such as "banker") names its article
//!   for search only: "det banker på døren" has no mark.
//!
//! # How
//!
//! Every form starts with a whole word (its only word, or the first of several), and a match
//! must start at a word start, so at each word start of the text only the forms whose first
//! word is that very word can match. The matcher keeps a hash table from first words to their
//! forms, chained through one `u32` per form; it is built on the first scan rather than when
//! the glossary is read, so a page that never scans never pays for it. The cost of a scan is
//! then one pass over the folded text plus one hash lookup per word; the few words that are
//! some form's first word also compare those forms (usually one or two) with the text.
//!
//! The table is open addressing over two flat `u32` arrays, sized once for every form: a slot
//! holds the first form of a chain, and a probe compares the word with that form's first word
//! in place, so the table stores no keys. (With the standard
//! `HashMap` it replaced, growing as it went, the first scan on a cold page took 12-25 ms in
//! Chromium for the benchmark's 1,000-article set and its 14,700 forms; with this table it
//! took about 7 ms. Natively the first scan went from 1.9 to 0.95 ms, and scans after it are
//! as fast as before.)
//!
//! That first scan runs code the browser has not optimised yet, so what the build does per
//! form counts several times over there. The index therefore stores where each form's first
//! word ends ([`Form::word`]) instead of the build looking for it, and the hash takes eight
//! bytes per step instead of one: the first scan at 1,000 articles fell from 7.1 to 3.1 ms in
//! Chromium (medians of 16 cold pages), natively from 0.8 to 0.45 ms, and at 30,000 articles
//! natively from 88 to 55 ms.
//!
//! At 30,000 articles the slots are 8 MB, so placing the forms in table order sent each one to
//! memory far outside the processor's caches. The build therefore hashes every form's first
//! word in one pass down the table, sorts the results by slot (a radix sort) and fills the
//! slots in slot order (from the back, so that each chain comes out in table order): the first
//! mark on a cold page there fell from 49 to 35 ms in Chromium (medians of 10 pages), and at
//! 1,000 articles it stayed at 12 ms (30 pages). The price is
//! memory: the hashes and the sort's buffer take 16 bytes a form while the table is built, and
//! Wasm memory never shrinks, so after the first scan at 30,000 articles the module holds 86 MB
//! instead of 80.6 MB.
//!
//! (An earlier version walked the sorted form table by binary search one byte at a time. It
//! needed nothing built, but with 15,000 forms it scanned a 1 MB page in 56 ms natively, the
//! hash lookup in a fraction of that: measured by the benchmark's 1,000-article set.)
//!
//! # Example
//!
//! ```
//! use forklar::matcher::Matcher;
//! use forklar::schema::Form;
//!
//! let matcher = Matcher::new(vec![
//!     Form::new("planlægger", 1, ""),
//!     Form::new("økonomisk planlægger", 0, ""),
//! ]);
//! let text = "En Økonomisk\u{A0}planlægger, ikke en planlæggerske.";
//! let found: Vec<(&str, u32)> = matcher
//!     .find_all(text)
//!     .iter()
//!     .map(|m| (&text[m.start..m.end], m.article))
//!     .collect();
//! assert_eq!(found, [("Økonomisk\u{A0}planlægger", 0)]);
//! ```

use std::sync::OnceLock;

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
    /// The forms by first word, made on the first scan.
    words: OnceLock<Words>,
}

/// First word -> forms: `slots` is an open-addressing hash table (linear probing, a power of
/// two long, at most half full) whose entries are a first word's hash and the first form of
/// its chain, or [`NONE`]; `next[i]` is the next form with the same first word as form `i`, or
/// [`NONE`]. The hash spares a probe most comparisons with forms that have another first word.
#[derive(Clone, Debug, Default)]
struct Words {
    slots: Vec<[u32; 2]>,
    next: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// The multiplier of FxHash (the Rust compiler's own hasher).
const SEED: u64 = 0x517c_c1b7_2722_0a95;

/// A word's hash: eight bytes per multiply, then the high half of a last product, the bits a
/// multiply mixes best (a table slot is the hash's low bits). A table of forms fixed at build time needs
/// no protection against chosen keys, which is what slower hashes buy; what costs here is the
/// first scan, which hashes the first word of every form (15,000 at 1,000 articles) with code
/// the browser has not optimised yet, so the fewer steps per byte the better. (It replaced
/// FNV-1a, one multiply per byte.)
fn hash(bytes: &[u8]) -> u32 {
    let mix = |h: u64, chunk: &[u8]| {
        let mut word = [0u8; 8];
        if let Some(head) = word.get_mut(..chunk.len()) {
            head.copy_from_slice(chunk);
        }
        (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED)
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut h = (bytes.len() as u64).wrapping_mul(SEED);
    for chunk in &mut chunks {
        h = mix(h, chunk);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix(h, rest);
    }
    // One more multiply of the two halves folded together: one alone left words that differ
    // only in a few digits in a quarter of the slots they should take.
    ((h ^ (h >> 32)).wrapping_mul(SEED) >> 32) as u32
}

impl Words {
    fn new(forms: &[Form<'_>]) -> Words {
        let size = (forms.len() * 2).next_power_of_two().max(2);
        // Every form a scan may reach, as its first word's hash (high half) and its number (low
        // half), in one pass down the table. A search-only form is in no chain, so no scan ever
        // reaches it.
        let mut entries: Vec<u64> = Vec::with_capacity(forms.len());
        for (i, form) in (0u32..).zip(forms) {
            if !form.search_only {
                let h = hash(form.first_word().as_bytes());
                entries.push(u64::from(h) << 32 | u64::from(i));
            }
        }
        // Filled in table order, each form went to a slot anywhere in the table, which at
        // 30,000 articles (450,000 forms, 8 MB of slots) is far past the processor's caches:
        // the first scan mostly waited for memory. Sorted by slot, the table is filled in slot
        // order: the first mark on a cold page there took 35 instead of 49 ms in Chromium, and
        // at 1,000 articles 11.9 ms both ways (medians of 10 and 30 pages).
        sort_by_slot(&mut entries, size.trailing_zeros());
        // The table is made once the sort's second buffer is freed: Wasm memory never shrinks,
        // and at 30,000 articles the module held 87.8 MB after the first scan with the table
        // made first, 86.0 MB this way, against 80.6 MB when it was filled in table order.
        let mut words = Words {
            slots: vec![[0, NONE]; size],
            next: vec![NONE; forms.len()],
        };
        // Backwards, so that each chain, built from its head, runs in table order.
        for &entry in entries.iter().rev() {
            let (h, index) = ((entry >> 32) as u32, entry as u32);
            // The form's own word is read only where the hashes agree, so most forms are read
            // only once, above, in table order.
            let same = |head: u32| match (forms.get(head as usize), forms.get(index as usize)) {
                (Some(head), Some(form)) => head.first_word() == form.first_word(),
                _ => false,
            };
            let Some(slot) = words.slot(h, same) else {
                continue;
            };
            if let (Some(next), Some(entry)) = (
                words.next.get_mut(index as usize),
                words.slots.get_mut(slot),
            ) {
                // A free slot's head is NONE, which ends the new chain.
                *next = entry[1];
                *entry = [h, index];
            }
        }
        words
    }

    /// The first form whose first word is `word`, which must consist of word characters.
    fn head(&self, forms: &[Form<'_>], word: &str) -> Option<u32> {
        let same = |head: u32| {
            forms
                .get(head as usize)
                .is_some_and(|f| f.first_word() == word)
        };
        let slot = self.slot(hash(word.as_bytes()), same)?;
        let head = self.slots.get(slot)?[1];
        (head != NONE).then_some(head)
    }

    /// The slot of the word whose hash is `h`: the one holding its chain, whose head `same`
    /// says has that word, or the free slot where the probe ends. At most half the slots are
    /// taken, so a probe always ends; `None` only for a table without slots.
    fn slot(&self, h: u32, same: impl Fn(u32) -> bool) -> Option<usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut slot = h as usize & mask;
        loop {
            let [slot_hash, head] = *self.slots.get(slot)?;
            if head == NONE || (slot_hash == h && same(head)) {
                return Some(slot);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Sorts `entries` (a hash in the high half, a form number in the low half) by their slot,
/// the low `bits` bits of the hash, keeping the order of entries with the same slot. It is a
/// radix sort of up to 11 bits a pass (two passes for a table of up to 4 million slots), each
/// a count and a move into a second buffer of 8 bytes a form (3.6 MB at 30,000 articles), freed
/// on return. The standard library's sorts need no buffer, or a smaller one, but
/// each comparator compiles another copy of their code into the module.
fn sort_by_slot(entries: &mut Vec<u64>, bits: u32) {
    const DIGIT: u32 = 11;
    let mut other = vec![0u64; entries.len()];
    let mut shift = 32;
    while shift < 32 + bits {
        let width = DIGIT.min(32 + bits - shift);
        let digit = |entry: u64| ((entry >> shift) & ((1 << width) - 1)) as usize;
        // How many entries have each digit, then where the first of each goes.
        let mut starts = vec![0usize; 1 << width];
        for &entry in entries.iter() {
            if let Some(n) = starts.get_mut(digit(entry)) {
                *n += 1;
            }
        }
        let mut at = 0;
        for n in &mut starts {
            (*n, at) = (at, at + *n);
        }
        for &entry in entries.iter() {
            if let Some(n) = starts.get_mut(digit(entry)) {
                if let Some(place) = other.get_mut(*n) {
                    *place = entry;
                }
                *n += 1;
            }
        }
        std::mem::swap(entries, &mut other);
        shift += width;
    }
}

impl<'a> Matcher<'a> {
    /// Prepares `forms`, which must be sorted by `folded` bytes with no form twice, as the
    /// content compiler writes them.
    pub fn new(forms: Vec<Form<'a>>) -> Matcher<'a> {
        Matcher {
            forms,
            words: OnceLock::new(),
        }
    }

    fn words(&self) -> &Words {
        self.words.get_or_init(|| Words::new(&self.forms))
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
        let words = self.words();
        let (folded, map) = fold_with_map(text, Case::Fold);
        let mut word_start = None;
        let mut resume_at = 0;
        // One extra step past the end closes the last word.
        let chars = folded.char_indices().map(Some).chain(std::iter::once(None));
        for step in chars {
            let (i, is_word) = match step {
                Some((i, c)) => (i, is_word_char(c)),
                None => (folded.len(), false),
            };
            match (word_start, is_word) {
                (None, true) => word_start = Some(i),
                (Some(start), false) => {
                    word_start = None;
                    if start < resume_at {
                        continue;
                    }
                    let Some(head) = folded.get(start..i).and_then(|w| words.head(forms, w)) else {
                        continue;
                    };
                    let found = longest_at(forms, &words.next, head, &folded, start, text, &map);
                    if let Some((len, form)) = found {
                        let end = start + len;
                        matches.push(Match {
                            start: map.original(start),
                            end: map.original(end),
                            article: form.article,
                        });
                        resume_at = end;
                    }
                }
                _ => {}
            }
        }
        matches
    }
}

/// The longest form, among those chained from `head` (all with the text's word at `start` as
/// their first word), that matches the folded text at `start` and ends at a word boundary.
fn longest_at<'f>(
    forms: &'f [Form<'f>],
    next: &[u32],
    head: u32,
    folded: &str,
    start: usize,
    original: &str,
    map: &FoldMap,
) -> Option<(usize, &'f Form<'f>)> {
    let rest = folded.get(start..)?;
    let mut best: Option<(usize, &Form)> = None;
    let mut at = head;
    while let Some(form) = forms.get(at as usize) {
        let len = form.folded.len();
        let longer = best.is_none_or(|(best_len, _)| len > best_len);
        if longer && rest.starts_with(form.folded) {
            let at_boundary = rest
                .get(len..)
                .and_then(|after| after.chars().next())
                .is_none_or(|after| !is_word_char(after));
            if at_boundary && exact_case_ok(form, original, map, start, start + len) {
                best = Some((len, form));
            }
        }
        at = next.get(at as usize).copied().unwrap_or(NONE);
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
