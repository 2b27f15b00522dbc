//! Danish inflection by suffix rules: the content compiler's way of knowing that
//! "børsmæglerne", "obligationens" and "kundevendte" are forms of "børsmægler", "obligation"
//! and "kundevendt".
//!
//! # Why rules and not a stemmer
//!
//! A stemmer maps words *to* stems at run time, and Danish stems collide: "børs" and "bør",
//! "kurs" and "kur", "rente" and "rent" share stems or come close. The matcher instead compares
//! exact surface forms, and the forms are generated here, *at build time*, from the base word:
//! definite (-en/-et), plural (-er/-e/-r), definite plural (-erne/-ene/-ne) and genitive (-s),
//! with the consonant doubling of short stems ("skat" → "skatten", "kredit" → "kreditter").
//! Generation overshoots on purpose: a form nobody writes ("aktieen") never matches anything,
//! so it costs a few bytes and no precision. What would cost precision — a generated form that
//! is an everyday word ("gæld" → "gælder", "lån" → "låne") — the compiler keeps out of the
//! matcher with the list in `inflect/common_da.txt` (such a form still names its article in
//! search), drops with the article's own `not:` list, and drops when two articles would share
//! it.
//!
//! Only the last word of a multi-word term is inflected ("front office" → "front officen");
//! inflected adjectives in front ("økonomiske planlæggere") are the article's explicit `forms:`.

/// The endings added to a base word, by how the word ends.
const AFTER_E: &[&str] = &[
    "n", "r", "rne", "s", "ns", "rs", "rnes", "t", "ts", "ne", "nes",
];
const AFTER_ER: &[&str] = &["en", "e", "ne", "ens", "es", "nes", "s"];
const AFTER_VOWEL: &[&str] = &["en", "er", "erne", "ens", "ers", "ernes", "s", "et", "ets"];
const AFTER_CONSONANT: &[&str] = &[
    "en", "et", "er", "erne", "ens", "ets", "ers", "ernes", "e", "ene", "enes", "es", "s",
];
const AFTER_DOUBLED: &[&str] = &[
    "en", "et", "er", "erne", "ens", "ets", "ers", "ernes", "e", "ene",
];

const FUNCTION_WORDS: &str = include_str!("inflect/function_da.txt");
const COMMON: &str = include_str!("inflect/common_da.txt");

/// The generated inflected forms of a normalised term (lowercase, single spaces), not
/// including the term itself. Terms whose last word is shorter than three letters, or which
/// contain a digit, get none.
pub fn forms(term: &str) -> Vec<String> {
    let (prefix, word) = match term.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), term),
    };
    let letters = word.chars().count();
    if letters < 3 || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
        return Vec::new();
    }
    let mut endings: Vec<String> = Vec::new();
    let push_all = |endings: &mut Vec<String>, stem: &str, list: &[&str]| {
        endings.extend(list.iter().map(|e| format!("{stem}{e}")));
    };
    if word.ends_with('e') {
        push_all(&mut endings, word, AFTER_E);
    } else if word.ends_with("er") {
        push_all(&mut endings, word, AFTER_ER);
    } else if word.ends_with(is_vowel) {
        push_all(&mut endings, word, AFTER_VOWEL);
    } else {
        let list: Vec<&str> = if word.ends_with('s') {
            // No genitive "-s" after a final "s": "børss" is not a word.
            AFTER_CONSONANT
                .iter()
                .copied()
                .filter(|e| *e != "s" && *e != "es")
                .collect()
        } else {
            AFTER_CONSONANT.to_vec()
        };
        push_all(&mut endings, word, &list);
        if let Some(doubled) = doubled_stem(word) {
            push_all(&mut endings, &doubled, AFTER_DOUBLED);
        }
    }
    endings
        .into_iter()
        .map(|w| format!("{prefix}{w}"))
        .collect()
}

/// Whether `word` is one the page must not mark as a generated form: a function word (which
/// the compiler drops) or another common Danish word that suffix rules reach ("banker", "låne",
/// which the compiler keeps for search only).
pub fn is_common_word(word: &str) -> bool {
    is_function_word(word) || in_list(COMMON, word)
}

/// Whether `word` is a Danish function word ("og", "på", "med"), which carries no meaning of
/// its own in a search query of several words.
pub fn is_function_word(word: &str) -> bool {
    in_list(FUNCTION_WORDS, word)
}

/// Whether `word` is in a word list: words separated by white space, `#` starting a comment.
fn in_list(list: &str, word: &str) -> bool {
    list.lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .any(|w| w == word)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'æ' | 'ø' | 'å')
}

/// "skat" → "skatt", "kredit" → "kreditt": a word ending in one consonant after one short
/// vowel doubles the consonant before an ending that starts with a vowel.
fn doubled_stem(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let (&last, &vowel, &before) = (
        chars.get(n - 1)?,
        chars.get(n.checked_sub(2)?)?,
        chars.get(n.checked_sub(3)?)?,
    );
    let doubles = matches!(
        last,
        'b' | 'd' | 'g' | 'k' | 'l' | 'm' | 'n' | 'p' | 's' | 't'
    );
    let short_vowel = matches!(vowel, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'æ' | 'ø');
    (doubles && short_vowel && !is_vowel(before)).then(|| format!("{word}{last}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (base, forms that must be generated).
    const GENERATED: &[(&str, &[&str])] = &[
        ("kundevendt", &["kundevendte"]),
        (
            "børsmægler",
            &[
                "børsmægleren",
                "børsmæglere",
                "børsmæglerne",
                "børsmæglerens",
                "børsmæglers",
            ],
        ),
        (
            "obligation",
            &[
                "obligationen",
                "obligationer",
                "obligationerne",
                "obligationens",
            ],
        ),
        (
            "aktie",
            &["aktien", "aktier", "aktierne", "aktiens", "akties"],
        ),
        ("udbytte", &["udbyttet", "udbytter"]),
        ("rente", &["renten", "renter", "renterne", "rentens"]),
        ("valuta", &["valutaen", "valutaer", "valutaerne"]),
        ("risiko", &["risikoen", "risikoens"]),
        ("skat", &["skatten", "skatter", "skatterne"]),
        ("kredit", &["kreditten", "kreditter"]),
        ("budget", &["budgettet", "budgetter"]),
        ("overskud", &["overskuddet"]),
        ("børs", &["børsen", "børser", "børserne"]),
        ("front office", &["front officen"]),
        ("økonomisk planlægger", &["økonomisk planlæggere"]),
    ];

    #[test]
    fn generates_inflected_forms() {
        for (base, expected) in GENERATED {
            let got = forms(base);
            for form in *expected {
                assert!(
                    got.iter().any(|g| g == form),
                    "{base}: missing {form} in {got:?}"
                );
            }
            assert!(
                !got.iter().any(|g| g == base),
                "{base}: the base is not a generated form"
            );
        }
    }

    /// (base, forms that must not be generated).
    const NOT_GENERATED: &[(&str, &[&str])] = &[
        ("børs", &["bør", "børss", "børses"]),
        ("rente", &["rent"]),
        ("bank", &["bankk", "bankken"]),
        ("lån", &["lånnen"]),
    ];

    #[test]
    fn does_not_generate_wrong_stems() {
        for (base, unwanted) in NOT_GENERATED {
            let got = forms(base);
            for form in *unwanted {
                assert!(!got.iter().any(|g| g == form), "{base}: generated {form}");
            }
        }
    }

    #[test]
    fn short_and_numeric_terms_get_no_forms() {
        assert!(forms("ab").is_empty());
        assert!(forms("covid19").is_empty());
    }

    #[test]
    fn common_words_list() {
        for word in ["gælder", "låne", "banker", "og", "bør"] {
            assert!(is_common_word(word), "{word}");
        }
        for word in ["børsen", "aktie", "renten", "#", ""] {
            assert!(!is_common_word(word), "{word}");
        }
        // Function words are common words; nouns a suffix rule reaches are not function words.
        for word in ["og", "på", "med", "af"] {
            assert!(is_function_word(word) && is_common_word(word), "{word}");
        }
        for word in ["banker", "låner", "balancer", "gælder", "aktie", "#", ""] {
            assert!(!is_function_word(word), "{word}");
        }
    }
}
