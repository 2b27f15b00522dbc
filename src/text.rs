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
    let mut out = String::with_capacity(text.len());
    fold_into(text, case, &mut out, &mut |_| {});
    out
}

/// The comparison key of a term: [`fold`] with [`Case::Fold`], without leading or trailing
/// space. Two terms with one key are the same term.
pub fn normalize_term(term: &str) -> String {
    fold(term, Case::Fold).trim().to_string()
}

/// Folds `text` and also returns, for every byte of the folded text and for its end, the byte
/// offset in `text` where that folded character came from. A match found in the folded text at
/// `start..end` is `map[start]..map[end]` in the original.
pub fn fold_with_map(text: &str, case: Case) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    fold_into(text, case, &mut out, &mut |(from, added)| {
        // Texts are handed over from a browser page in slices far below 4 GiB.
        let from = u32::try_from(from).unwrap_or(u32::MAX);
        map.extend(std::iter::repeat_n(from, added));
    });
    map.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
    (out, map)
}

/// The folding loop. `mark((offset, n))` is told that `n` folded bytes came from the original
/// character at byte `offset`.
fn fold_into(text: &str, case: Case, out: &mut String, mark: &mut dyn FnMut((usize, usize))) {
    let mut in_space = false;
    for (offset, c) in text.char_indices() {
        if INVISIBLE.contains(&c) {
            continue;
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                mark((offset, 1));
                in_space = true;
            }
            continue;
        }
        in_space = false;
        if is_combining(c) {
            // Decomposed "å" is "a" + ring above: the ring turns the "a" just written into
            // "å" (two bytes, both from the "a"'s offset). Every other combining accent is
            // dropped, like the precomposed accents below.
            if c == '\u{30A}' && (out.ends_with('a') || out.ends_with('A')) {
                let upper = out.ends_with('A');
                out.pop();
                let ring = if upper && case == Case::Keep {
                    'Å'
                } else {
                    'å'
                };
                out.push(ring);
                mark((offset, 1));
            }
            continue;
        }
        let before = out.len();
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
        mark((offset, out.len() - before));
    }
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}')
}

/// Removes accents that Danish does not treat as letters of their own. Æ, ø, å stay; so do
/// ä, ö and ü, which are separate letters in the neighbouring languages.
fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ā' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ā' => 'A',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => 'E',
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
    let mut out = Vec::with_capacity(sorted_bytes.len());
    let mut chars = text.char_indices().peekable();
    let mut units: u32 = 0;
    for &target in sorted_bytes {
        while let Some(&(offset, c)) = chars.peek() {
            if offset as u64 >= u64::from(target) {
                break;
            }
            // At most 2 units per char, so no overflow for texts under 2 GiB.
            units += c.len_utf16() as u32;
            chars.next();
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
            ("klient\u{2011}vendt", Case::Fold, "klient-vendt"),
            ("BNP\u{2019}s", Case::Keep, "BNP's"),
            ("BNP", Case::Keep, "BNP"),
            ("İ", Case::Fold, "i"),
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
        assert_eq!(map.len(), folded.len() + 1);
        let originals: Vec<&str> = folded
            .char_indices()
            .map(|(i, _)| {
                let from = map[i] as usize;
                let c = text[from..].chars().next().unwrap();
                &text[from..from + c.len_utf8()]
            })
            .collect();
        assert_eq!(originals, ["Å", "r", " ", "f", "a", "r", " ", "É", "l"]);
        assert_eq!(*map.last().unwrap() as usize, text.len());
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        // "æ" is 2 UTF-8 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
        let text = "æ😀b";
        assert_eq!(utf16_offsets(text, &[0, 2, 6, 7, 99]), [0, 1, 3, 4, 4]);
    }
}
