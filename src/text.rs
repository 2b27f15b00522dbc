//! Small text rules shared by the content compiler and the runtime: what a slug is, and how a
//! term is normalised before two spellings are compared.

/// Characters that are invisible in running text and may sit inside a word without changing it:
/// the soft hyphen and the zero-width space, non-joiner, joiner and word joiner.
pub const INVISIBLE: [char; 5] = ['\u{AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}'];

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

/// The comparison key of a term: lowercase, invisible characters removed, and every run of
/// white space (including non-breaking spaces and line breaks) turned into one space.
///
/// Two term strings that normalise to the same key are the same term: the content compiler
/// refuses to let two articles claim one key, and [`crate::Glossary::lookup`] finds an article
/// by key.
pub fn normalize_term(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    let mut pending_space = false;
    for c in term.chars() {
        if INVISIBLE.contains(&c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
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
    fn normalized_terms() {
        let rows: &[(&str, &str)] = &[
            ("Kundevendt", "kundevendt"),
            ("  Front   office ", "front office"),
            ("front\u{A0}office", "front office"),
            ("front\n\toffice", "front office"),
            ("kunde\u{AD}vendt", "kundevendt"),
            ("BØRS", "børs"),
            ("Økonomisk Planlægger", "økonomisk planlægger"),
        ];
        for (input, expected) in rows {
            assert_eq!(
                normalize_term(input),
                *expected,
                "normalize_term({input:?})"
            );
        }
    }
}
