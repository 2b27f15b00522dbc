//! Table tests for the matcher: each row is (name, terms, text, expected matches), where a term
//! is `(form, article)` and a match is `(matched text, article)`. Terms written in capitals are
//! case-sensitive, as the content compiler makes acronyms; a term written with a leading `~` is
//! search-only, as the compiler makes a generated form that is a common word.

use super::*;
use crate::text::{first_word, is_acronym, normalize_term};

type Row = (
    &'static str,
    &'static [(&'static str, u32)],
    &'static str,
    &'static [(&'static str, u32)],
);

fn table(terms: &[(&'static str, u32)]) -> Vec<(String, u32, String, bool)> {
    let mut forms: Vec<(String, u32, String, bool)> = terms
        .iter()
        .map(|(t, a)| {
            let (t, search_only) = match t.strip_prefix('~') {
                Some(rest) => (rest, true),
                None => (*t, false),
            };
            let exact = if is_acronym(t) {
                fold(t, Case::Keep)
            } else {
                String::new()
            };
            (normalize_term(t), *a, exact, search_only)
        })
        .collect();
    forms.sort();
    forms
}

fn run(rows: &[Row]) {
    for (name, terms, text, expected) in rows {
        let owned = table(terms);
        let forms: Vec<Form> = owned
            .iter()
            .map(|(f, a, e, search_only)| Form {
                search_only: *search_only,
                ..Form::new(f, *a, e)
            })
            .collect();
        let got: Vec<(&str, u32)> = Matcher::new(forms)
            .find_all(text)
            .iter()
            .map(|m| (&text[m.start..m.end], m.article))
            .collect();
        assert_eq!(
            got, *expected,
            "\nrow: {name}\nterms: {terms:?}\ntext: {text:?}"
        );
    }
}

const BASICS: &[Row] = &[
    (
        "single word",
        &[("aktie", 0)],
        "En aktie er en andel.",
        &[("aktie", 0)],
    ),
    (
        "at start and end",
        &[("aktie", 0)],
        "aktie",
        &[("aktie", 0)],
    ),
    (
        "several",
        &[("aktie", 0), ("obligation", 1)],
        "aktie og obligation",
        &[("aktie", 0), ("obligation", 1)],
    ),
    (
        "repeated",
        &[("aktie", 0)],
        "aktie, aktie",
        &[("aktie", 0), ("aktie", 0)],
    ),
    ("nothing", &[("aktie", 0)], "Ingen termer her.", &[]),
    ("empty text", &[("aktie", 0)], "", &[]),
];

const LONGEST: &[Row] = &[
    (
        "multi-word beats its last word",
        &[("planlægger", 1), ("økonomisk planlægger", 0)],
        "en økonomisk planlægger hjælper",
        &[("økonomisk planlægger", 0)],
    ),
    (
        "longer form beats its prefix",
        &[("front", 1), ("front office", 0)],
        "i front office.",
        &[("front office", 0)],
    ),
    (
        "falls back to the shorter form when the longer is cut off by a letter",
        &[("front", 1), ("front office", 0)],
        "front officer",
        &[("front", 1)],
    ),
    (
        "a longer form that does not complete falls back",
        &[("kunde", 0), ("service", 1), ("kunde service desk", 2)],
        "kunde service",
        &[("kunde", 0), ("service", 1)],
    ),
    (
        "no overlap: the scan resumes after a match",
        &[("front office", 0), ("office medarbejder", 1)],
        "front office medarbejder",
        &[("front office", 0)],
    ),
];

const BOUNDARIES: &[Row] = &[
    (
        "parentheses",
        &[("kundevendt", 0)],
        "(kundevendt)",
        &[("kundevendt", 0)],
    ),
    (
        "comma",
        &[("kundevendt", 0)],
        "kundevendt, og",
        &[("kundevendt", 0)],
    ),
    (
        "full stop",
        &[("kundevendt", 0)],
        "er kundevendt.",
        &[("kundevendt", 0)],
    ),
    (
        "quotes",
        &[("kundevendt", 0)],
        "»kundevendt« “kundevendt”",
        &[("kundevendt", 0), ("kundevendt", 0)],
    ),
    (
        "dash ends a word",
        &[("vendt", 0)],
        "klient-vendt",
        &[("vendt", 0)],
    ),
    (
        "seed punctuation",
        &[("front office", 0)],
        "[front office],. hvilket",
        &[("front office", 0)],
    ),
    (
        "letters never end a word: bør in børs",
        &[("bør", 0)],
        "børs",
        &[],
    ),
    ("rent is not rente", &[("rent", 0)], "renten og rente", &[]),
    (
        "not inside a compound",
        &[("bank", 0)],
        "centralbanken",
        &[],
    ),
    ("digits are word characters", &[("moms", 0)], "moms2", &[]),
    (
        "apostrophe is a boundary",
        &[("bnp", 0)],
        "bnp's vækst",
        &[("bnp", 0)],
    ),
    (
        "text node separator is a boundary",
        &[("front office", 0)],
        "front\u{0}office front",
        &[],
    ),
];

const CASE: &[Row] = &[
    (
        "case-insensitive",
        &[("børsmægler", 0)],
        "BØRSMÆGLER Børsmægler",
        &[("BØRSMÆGLER", 0), ("Børsmægler", 0)],
    ),
    (
        "æ ø å never fold: får is not far",
        &[("far", 0)],
        "Han får",
        &[],
    ),
    ("å is not aa", &[("får", 0)], "faar", &[]),
    (
        "acronym matches only in capitals",
        &[("BNP", 0)],
        "BNP og bnp og Bnp",
        &[("BNP", 0)],
    ),
    (
        "acronym genitive",
        &[("BNP", 0), ("BNP's", 0)],
        "BNP's vækst",
        &[("BNP's", 0)],
    ),
];

const UNICODE: &[Row] = &[
    (
        "soft hyphen inside a word",
        &[("kundevendt", 0)],
        "kunde\u{AD}vendt",
        &[("kunde\u{AD}vendt", 0)],
    ),
    (
        "zero-width joiner inside a word",
        &[("kundevendt", 0)],
        "kunde\u{200D}vendt",
        &[("kunde\u{200D}vendt", 0)],
    ),
    (
        "line break inside a multi-word term",
        &[("front office", 0)],
        "front\n   office",
        &[("front\n   office", 0)],
    ),
    (
        "no-break space inside a multi-word term",
        &[("front office", 0)],
        "front\u{A0}office",
        &[("front\u{A0}office", 0)],
    ),
    (
        "decomposed å",
        &[("får", 0)],
        "fa\u{30A}r",
        &[("fa\u{30A}r", 0)],
    ),
    ("other accents fold", &[("cafe", 0)], "Café", &[("Café", 0)]),
    (
        "non-breaking hyphen",
        &[("klient-vendt", 0)],
        "klient\u{2011}vendt",
        &[("klient\u{2011}vendt", 0)],
    ),
    (
        "emoji around",
        &[("aktie", 0)],
        "😀aktie😀",
        &[("aktie", 0)],
    ),
];

const INFLECTION: &[Row] = &[
    (
        "forms are just more terms",
        &[("børsmægler", 0), ("børsmæglere", 0), ("børsmæglerne", 0)],
        "Børsmæglerne og børsmæglere",
        &[("Børsmæglerne", 0), ("børsmæglere", 0)],
    ),
    (
        "hyphen and closed variants",
        &[
            ("klient-vendt", 0),
            ("klientvendt", 0),
            ("klient-vendte", 0),
        ],
        "klient-vendte roller, klientvendt",
        &[("klient-vendte", 0), ("klientvendt", 0)],
    ),
];

const SEARCH_ONLY: &[Row] = &[
    (
        "a search-only form is never matched",
        &[("bank", 0), ("~banker", 0)],
        "Det banker på døren i en bank.",
        &[("bank", 0)],
    ),
    (
        "a form with a search-only form's word as its first word still matches",
        &[("~banker", 0), ("banker i byen", 1)],
        "to banker i byen, tre banker",
        &[("banker i byen", 1)],
    ),
    (
        "a search-only longer form leaves the shorter one matched",
        &[("aktie", 0), ("~aktie kurs", 1)],
        "aktie kurs",
        &[("aktie", 0)],
    ),
];

#[test]
fn basics() {
    run(BASICS);
}

#[test]
fn longest() {
    run(LONGEST);
}

#[test]
fn boundaries() {
    run(BOUNDARIES);
}

#[test]
fn case() {
    run(CASE);
}

#[test]
fn unicode() {
    run(UNICODE);
}

#[test]
fn search_only() {
    run(SEARCH_ONLY);
}

#[test]
fn inflection() {
    run(INFLECTION);
}

/// A slot is the hash's low bits, so those must differ for words that differ anywhere: here
/// only in their fourth to sixth byte, or only in their length. (The low half of the
/// multiplication's product would fail this: its low 24 bits depend only on "ord".)
#[test]
fn first_word_hash_spreads_over_the_low_bits() {
    let words: Vec<String> = (0..4096).map(|i| format!("ord{i}")).collect();
    let mut load = vec![0u32; 4096];
    for word in &words {
        load[hash(word.as_bytes()) as usize & 4095] += 1;
    }
    let taken = load.iter().filter(|&&n| n > 0).count();
    // 4,096 keys in 4,096 slots taken at random leave about 1 - 1/e = 63% of the slots taken.
    assert!(taken > 2400, "{taken} of 4096 slots taken");
    assert!(
        load.iter().all(|&n| n <= 8),
        "a slot holds {:?}",
        load.iter().max()
    );
    let zeros: Vec<u32> = (0..64).map(|n| hash(&vec![0u8; n]) & 63).collect();
    let distinct: std::collections::BTreeSet<u32> = zeros.iter().copied().collect();
    assert!(distinct.len() > 32, "lengths share slots: {zeros:?}");
}

/// Every form knows its first word, written and read with the index as a length.
#[test]
fn forms_know_their_first_word() {
    for (folded, word) in [
        ("aktie", "aktie"),
        ("økonomisk planlægger", "økonomisk"),
        ("klient-vendte", "klient"),
        ("bnp's", "bnp"),
        ("p/e-tal", "p"),
        ("a1 b", "a1"),
        ("é", "é"),
    ] {
        assert_eq!(Form::new(folded, 0, "").first_word(), word, "{folded}");
    }
}

/// Every form is found through the table, in chains in table order, among thousands of first
/// words (so slots collide and probes run on, past the table's end too), and a word that is no
/// form's first word is not.
#[test]
fn first_word_table_finds_every_chain() {
    let mut owned: Vec<String> = Vec::new();
    for i in 0..3000 {
        owned.push(format!("ord{i}"));
        if i % 3 == 0 {
            owned.push(format!("ord{i} og mere"));
            owned.push(format!("ord{i}-x"));
        }
    }
    // Two more forms whose words both hash to the last slot of the table these 5,002 forms get
    // (16,384 slots), so that one probe must wrap around to the start.
    let last = (5002usize * 2).next_power_of_two() - 1;
    let enders: Vec<String> = (0..)
        .map(|j| format!("w{j}"))
        .filter(|w| hash(w.as_bytes()) as usize & last == last)
        .take(2)
        .collect();
    owned.extend(enders.iter().cloned());
    owned.sort();
    let forms: Vec<Form> = owned
        .iter()
        .enumerate()
        .map(|(i, f)| Form::new(f, i as u32, ""))
        .collect();
    let words = Words::new(&forms);
    let mask = words.slots.len() - 1;
    assert_eq!(mask, last);
    let taken = words.slots.iter().filter(|s| s[1] != NONE).count();
    assert!(taken * 2 <= words.slots.len());
    // Entries away from their hash's slot (collisions), and one before it (the wrap).
    let home =
        |(slot, s): (usize, &[u32; 2])| (s[1] != NONE).then_some((s[0] as usize & mask, slot));
    let placed: Vec<(usize, usize)> = words.slots.iter().enumerate().filter_map(home).collect();
    assert!(placed.iter().any(|(h, slot)| h < slot), "no collisions");
    assert!(
        placed.iter().any(|(h, slot)| h > slot),
        "no probe wrapped around"
    );
    let firsts = (0..3000)
        .map(|i| format!("ord{i}"))
        .chain(enders.iter().cloned());
    for word in firsts {
        let mut chain = Vec::new();
        let mut at = words
            .head(&forms, &word)
            .expect("every first word is in the table");
        while at != NONE {
            chain.push(forms[at as usize].folded);
            at = words.next[at as usize];
        }
        let mut expected: Vec<&str> = owned
            .iter()
            .filter(|f| first_word(f) == word)
            .map(String::as_str)
            .collect();
        expected.sort();
        assert_eq!(chain, expected, "chain of {word}");
    }
    for absent in ["ord", "ord3000", "og", "mere", "x", "ord1og"] {
        assert_eq!(words.head(&forms, absent), None, "{absent}");
    }
}

/// The table is filled in slot order: `sort_by_slot` orders entries by the low `bits` bits of
/// their hash, in one pass or several (11 bits a pass, the last one narrower), and keeps the
/// order of entries with the same slot, which the chains' order depends on.
#[test]
fn entries_sort_by_slot_keeping_their_order() {
    let mut state = 0x2545_f491_u64;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (bits, count) in [
        (1, 10),
        (5, 300),
        (11, 3000),
        (12, 3000),
        (15, 20_000),
        (23, 5000),
    ] {
        // Hashes from a few hundred values, so that many entries share a slot; numbers ascending.
        let entries: Vec<u64> = (0..count)
            .map(|_| ((random() % 400) as u32).wrapping_mul(0x9e37_79b9) as u64)
            .enumerate()
            .map(|(i, h)| h << 32 | i as u64)
            .collect();
        let slot = |e: &u64| (e >> 32) & ((1 << bits) - 1);
        let mut expected = entries.clone();
        expected.sort_by_key(slot); // stable
        let mut sorted = entries;
        sort_by_slot(&mut sorted, bits);
        assert_eq!(sorted, expected, "{bits} bits");
    }
}
