//! Text rules shared by the content compiler, the matcher and the lookup: what a slug is, what
//! a word character is, and how text is folded before two spellings are compared.
//!
//! # Folding
//!
//! [`fold`] maps text to the form the matcher compares. It is applied to glossary terms at build
//! time and to page text at run time, so the two always agree:
//!
//! - letters are lowercased (unless [`Case::Keep`]); **æ, ø and å are never folded** to other
//!   letters, because "får" is not "far";
//! - other accents are removed: "é" is "e", and a combining accent is dropped, except that
//!   "a" followed by a combining ring above (U+030A, decomposed å) becomes "å";
//! - invisible characters (soft hyphen, zero-width space, joiner and non-joiner, word joiner,
//!   byte order mark) are removed, so "kunde&shy;vendt" is "kundevendt";
//! - every run of white space, including non-breaking spaces and line breaks, becomes one space;
//! - typographic hyphens (U+2010, U+2011) become "-", and the typographic apostrophe (U+2019)
//!   becomes "'".

/// Characters that are invisible in running text and may sit inside a word without changing it.
pub const INVISIBLE: [char; 6] = [
    '\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}',
];

/// Whether `s` is a valid slug: one or more of `a-z`, `0-9` and `-`, not starting or ending
/// with `-`.
///
/// Slugs become URL paths (`/frontoffice`) and attribute values, so the alphabet is kept to
/// characters that need no escaping anywhere.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `c` is part of a word. Anything else (space, punctuation, brackets, quotes, dashes,
/// the end of the text) is a word boundary.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The first word of `text`: everything before its first character that is not a word
/// character ([`is_word_char`]). ASCII, nearly every byte of Danish text, is tested without
/// decoding a character.
pub fn first_word(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = 0;
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            end += 1;
        } else {
            match text.get(end..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_word_char(c) => end += c.len_utf8(),
                _ => break,
            }
        }
    }
    text.get(..end).unwrap_or(text)
}

/// Whether a term is an acronym, matched case-sensitively: the part before any apostrophe has
/// at least two letters and no lowercase letter ("BNP", "ATP", "BNP's"; not "Bank", "A").
pub fn is_acronym(term: &str) -> bool {
    let head = term.split(['\'', '\u{2019}']).next().unwrap_or("");
    head.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !head.chars().any(char::is_lowercase)
}

/// Whether letters keep their case when folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Lowercase every letter: the default comparison.
    Fold,
    /// Keep case: for acronyms such as "BNP", which must not match "bnp".
    Keep,
}

/// Folds `text` (see the module docs).
pub fn fold(text: &str, case: Case) -> String {
    fold_with_map(text, case).0
}

/// The comparison key of a term: [`fold`] with [`Case::Fold`], without leading or trailing
/// space. Two terms with one key are the same term.
pub fn normalize_term(term: &str) -> String {
    fold(term, Case::Fold).trim().to_string()
}

/// Where the characters of a folded text came from in the original.
///
/// Folding keeps most characters at the same byte length, so the distance between a folded
/// offset and its original offset only changes where folding dropped, merged or resized
/// characters (runs of white space, soft hyphens, accents). The map stores just those places,
/// which keeps it small: one entry per change, not one per byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoldMap {
    /// `(folded offset, original offset)` at every folded offset where the distance between the
    /// two changes, ascending. The first entry is `(0, x)`.
    shifts: Vec<(u32, u32)>,
}

impl FoldMap {
    /// The original byte offset of the folded character at `folded` (a character boundary of
    /// the folded text, or its end).
    pub fn original(&self, folded: usize) -> usize {
        let folded = u32::try_from(folded).unwrap_or(u32::MAX);
        let i = self.shifts.partition_point(|&(f, _)| f <= folded);
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            Some(&(f, o)) => (o + (folded - f)) as usize,
            None => folded as usize,
        }
    }

    fn note(&mut self, folded: usize, original: usize) {
        // Texts are handed over from a browser page in slices far below 4 GiB.
        let (f, o) = (folded as u32, original as u32);
        let same_shift = self
            .shifts
            .last()
            .is_some_and(|&(lf, lo)| o.wrapping_sub(f) == lo.wrapping_sub(lf));
        if !same_shift {
            self.shifts.push((f, o));
        }
    }
}

/// Folds `text` and returns the [`FoldMap`] back to it: a match found in the folded text at
/// `start..end` is `map.original(start)..map.original(end)` in `text`.
pub fn fold_with_map(text: &str, case: Case) -> (String, FoldMap) {
    let mut out = String::with_capacity(text.len());
    let mut map = FoldMap::default();
    let bytes = text.as_bytes();
    let mut in_space = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII is most of the text, and folds without decoding.
        if b < 0x80 {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
                if !in_space {
                    map.note(out.len(), i);
                    out.push(' ');
                    in_space = true;
                }
            } else {
                in_space = false;
                map.note(out.len(), i);
                out.push(char::from(if case == Case::Fold {
                    b.to_ascii_lowercase()
                } else {
                    b
                }));
            }
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let at = i;
        i += c.len_utf8();
        if INVISIBLE.contains(&c) {
            continue;
        }
        if c.is_whitespace() {
            if !in_space {
                map.note(out.len(), at);
                out.push(' ');
                in_space = true;
            }
            continue;
        }
        if is_combining(c) {
            // Decomposed text folds like precomposed text: an accent that folding keeps joins
            // the letter just written ("a" + ring above is "å", "u" + diaeresis "ü"), and every
            // other one is dropped, as `strip_accent` drops it. A dropped mark after a space
            // leaves the space as it was, so a multi-word term still matches.
            if let Some(composed) = out.chars().next_back().and_then(|base| compose(base, c)) {
                out.pop();
                out.push(composed);
            }
            continue;
        }
        in_space = false;
        map.note(out.len(), at);
        match case {
            Case::Fold => {
                for lower in c.to_lowercase() {
                    if !is_combining(lower) {
                        out.push(strip_accent(lower));
                    }
                }
            }
            Case::Keep => out.push(strip_accent(c)),
        }
    }
    map.note(out.len(), text.len());
    (out, map)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}')
}

/// The precomposed letter for `base` followed by the combining `mark`, where folding keeps that
/// accent (the accented letters `strip_accent` leaves alone); `None` where it drops it.
fn compose(base: char, mark: char) -> Option<char> {
    Some(match (base, mark) {
        ('a', '\u{30A}') => 'å',
        ('A', '\u{30A}') => 'Å',
        ('a', '\u{308}') => 'ä',
        ('A', '\u{308}') => 'Ä',
        ('o', '\u{308}') => 'ö',
        ('O', '\u{308}') => 'Ö',
        ('u', '\u{308}') => 'ü',
        ('U', '\u{308}') => 'Ü',
        ('y', '\u{308}') => 'ÿ',
        ('Y', '\u{308}') => 'Ÿ',
        ('y', '\u{301}') => 'ý',
        ('Y', '\u{301}') => 'Ý',
        _ => return None,
    })
}

/// The base letters of Latin Extended-A (U+0100 to U+017F), in code point order: "č" is "c",
/// "ł" is "l". `_` keeps the letter: the ligatures "ĳ" and "œ", letters with no base letter
/// ("ĸ", "ŋ", "ŉ"), and "Ÿ", which stays as "ÿ" does.
const LATIN_EXTENDED_A: &[u8; 128] =
    b"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi__JjKk_LlLlLlLlLlNnNnNn___OoOoOo__RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYy_ZzZzZzs";

/// Removes accents that Danish does not treat as letters of their own. Æ, ø, å stay; so do
/// ä, ö and ü, which are separate letters in the neighbouring languages, and ý and ÿ.
///
/// Whatever a combining accent is dropped from (see [`compose`]), the same letter written
/// precomposed must lose its accent too, or "Dvořák" and its decomposed spelling would fold
/// differently; hence the whole of Latin Extended-A, which holds the accented letters of the
/// European languages that Latin-1 lacks.
fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' => 'A',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ò' | 'ó' | 'ô' | 'õ' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' => 'O',
        'ù' | 'ú' | 'û' => 'u',
        'Ù' | 'Ú' | 'Û' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        '\u{100}'..='\u{17F}' => LATIN_EXTENDED_A
            .get(c as usize - 0x100)
            .filter(|&&base| base != b'_')
            .map_or(c, |&base| char::from(base)),
        '\u{2010}' | '\u{2011}' => '-',
        '\u{2019}' => '\'',
        other => other,
    }
}

/// Converts sorted UTF-8 byte offsets into `text` to UTF-16 code unit offsets, the unit of
/// JavaScript strings and DOM `Text` offsets, in one pass over the text.
///
/// Offsets must be ascending and on character boundaries; an offset past the end maps to the
/// text's UTF-16 length.
pub fn utf16_offsets(text: &str, sorted_bytes: &[u32]) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(sorted_bytes.len());
    let mut pos = 0usize;
    let mut units: u32 = 0;
    for &target in sorted_bytes {
        let target = (target as usize).min(bytes.len());
        if let Some(span) = bytes.get(pos..target) {
            // Every byte that starts a character is one UTF-16 unit, and a 4-byte character
            // (a lead byte of 0xF0 or more) is two.
            for &b in span {
                units += u32::from(b & 0xC0 != 0x80) + u32::from(b >= 0xF0);
            }
            pos = target;
        }
        out.push(units);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let rows: &[(&str, bool)] = &[
            ("kundevendt", true),
            ("retail-sales", true),
            ("a1", true),
            ("", false),
            ("-a", false),
            ("a-", false),
            ("Kunde", false),
            ("børs", false),
            ("a/b", false),
            ("a b", false),
        ];
        for (slug, ok) in rows {
            assert_eq!(is_slug(slug), *ok, "is_slug({slug:?})");
        }
    }

    #[test]
    fn folding() {
        let rows: &[(&str, Case, &str)] = &[
            ("Kundevendt", Case::Fold, "kundevendt"),
            ("  Front   office ", Case::Fold, " front office "),
            ("front\u{A0}office", Case::Fold, "front office"),
            ("front\r\n\t office", Case::Fold, "front office"),
            ("kunde\u{AD}vendt", Case::Fold, "kundevendt"),
            ("kunde\u{200D}vendt", Case::Fold, "kundevendt"),
            ("BØRS", Case::Fold, "børs"),
            ("ÆØÅ æøå", Case::Fold, "æøå æøå"),
            ("får", Case::Fold, "får"),
            ("fa\u{30A}r", Case::Fold, "får"),
            ("FA\u{30A}R", Case::Fold, "får"),
            ("FA\u{30A}R", Case::Keep, "FÅR"),
            ("café", Case::Fold, "cafe"),
            ("cafe\u{301}", Case::Fold, "cafe"),
            ("Crème brûlée", Case::Fold, "creme brulee"),
            ("München", Case::Fold, "münchen"),
            // Regression: decomposed accents that folding keeps were dropped, so "München"
            // did not match text copied from where it is stored decomposed.
            ("Mu\u{308}nchen", Case::Fold, "münchen"),
            ("MU\u{308}NCHEN", Case::Keep, "MÜNCHEN"),
            ("Y\u{301}x Y\u{308}", Case::Fold, "ýx ÿ"),
            ("ÝX Ÿ", Case::Fold, "ýx ÿ"),
            ("Cre\u{300}me", Case::Fold, "creme"),
            // Regression: a stray mark after a space made two spaces.
            ("front \u{301} office", Case::Fold, "front office"),
            ("klient\u{2011}vendt", Case::Fold, "klient-vendt"),
            ("BNP\u{2019}s", Case::Keep, "BNP's"),
            ("BNP", Case::Keep, "BNP"),
            ("İ", Case::Fold, "i"),
            // Regression: a decomposed accent that `compose` does not know was dropped, but the
            // same letter precomposed kept it, so "Dvořák" and "Dvor\u{30C}a\u{301}k" folded
            // differently. Latin Extended-A now loses its accents like Latin-1.
            ("Škoda Dvořák", Case::Fold, "skoda dvorak"),
            (
                "S\u{30C}koda Dvor\u{30C}a\u{301}k",
                Case::Fold,
                "skoda dvorak",
            ),
            ("ŁÓDŹ", Case::Keep, "LODZ"),
            ("Łódź Ğ ő ű ſ", Case::Fold, "lodz g o u s"),
            ("œuvre Ĳssel ŋ", Case::Fold, "œuvre ĳssel ŋ"),
        ];
        for (input, case, expected) in rows {
            assert_eq!(fold(input, *case), *expected, "fold({input:?}, {case:?})");
        }
    }

    #[test]
    fn acronyms() {
        let rows: &[(&str, bool)] = &[
            ("BNP", true),
            ("BNP's", true),
            ("BNP\u{2019}s", true),
            ("ATP-bidrag", false),
            ("Bank", false),
            ("A", false),
            ("EU 27", true),
            ("front office", false),
        ];
        for (term, expected) in rows {
            assert_eq!(is_acronym(term), *expected, "is_acronym({term:?})");
        }
    }

    #[test]
    fn normalized_terms() {
        assert_eq!(
            normalize_term("  Økonomisk\u{A0} Planlægger "),
            "økonomisk planlægger"
        );
    }

    /// Every folded byte maps back to the start of the original character it came from.
    #[test]
    fn fold_map_points_into_the_original() {
        let text = "Å\u{AD}r  fa\u{30A}r Él";
        let (folded, map) = fold_with_map(text, Case::Fold);
        assert_eq!(folded, "år får el");
        let originals: Vec<&str> = folded
            .char_indices()
            .map(|(i, _)| {
                let from = map.original(i);
                let c = text[from..].chars().next().unwrap();
                &text[from..from + c.len_utf8()]
            })
            .collect();
        assert_eq!(originals, ["Å", "r", " ", "f", "a", "r", " ", "É", "l"]);
        assert_eq!(map.original(folded.len()), text.len());
        // The space after "får" maps past the ring: folded "å" is 2 bytes, "a\u{30A}" is 3.
        assert_eq!(
            map.original(folded.find(" el").unwrap()),
            text.find(" Él").unwrap()
        );
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        // "æ" is 2 UTF-8 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
        let text = "æ😀b";
        assert_eq!(utf16_offsets(text, &[0, 2, 6, 7, 99]), [0, 1, 3, 4, 4]);
    }
}
