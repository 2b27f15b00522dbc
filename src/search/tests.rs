//! Search over the bundled article set: a table of (query, slug expected in the top 1 or top 3).

use super::*;

fn glossary() -> &'static Glossary<'static> {
    crate::bundled().unwrap()
}

fn slugs(query: &str, limit: usize) -> Vec<&'static str> {
    glossary()
        .search(query, limit)
        .iter()
        .map(|h| h.slug)
        .collect()
}

/// (query, expected slug, must be within the first `n` results).
const QUERIES: &[(&str, &str, usize)] = &[
    // exact titles and names
    ("Kundevendt", "kundevendt", 1),
    ("aktie", "stock", 1),
    ("obligation", "bond", 1),
    ("front office", "frontoffice", 1),
    ("økonomisk planlægger", "financialplanner", 1),
    ("BNP", "gdp", 1),
    // inflected forms, through the same forms as the page matcher
    ("børsmæglerne", "stockbroker", 1),
    ("aktierne", "stock", 1),
    ("obligationens", "bond", 1),
    ("kundevendte", "kundevendt", 1),
    ("klient-vendte roller", "kundevendt", 1),
    // prefixes while typing
    ("formue", "wealthmanagement", 1),
    ("kundev", "kundevendt", 1),
    ("realkr", "mortgage", 1),
    ("børsm", "stockbroker", 1),
    // typos
    ("kundevnedt", "kundevendt", 1),
    ("obligatoin", "bond", 1),
    ("inflaton", "inflation", 1),
    ("ejendomsmæglr", "realtor", 3),
    ("formueforvalting", "wealthmanagement", 1),
    ("ofrmueforvaltning", "wealthmanagement", 1),
    // legacy spellings of æ, ø, å
    ("boersmaegler", "stockbroker", 1),
    ("aarsregnskab", "accounting", 3),
    ("oekonomisk planlaegger", "financialplanner", 1),
    // multi-word and descriptive queries
    ("rente på lån", "interest-rate", 3),
    ("skat på varer", "vat", 3),
    ("kontakt med kunder", "kundevendt", 3),
];

#[test]
fn queries_find_their_articles() {
    for (query, slug, n) in QUERIES {
        let got = slugs(query, 10);
        let rank = got.iter().position(|s| s == slug);
        assert!(
            rank.is_some_and(|r| r < *n),
            "{query:?}: expected {slug} in the top {n}, got {:?}",
            &got[..got.len().min(5)]
        );
    }
}

#[test]
fn one_letter_finds_names_starting_with_it() {
    let g = glossary();
    let hits = g.search("f", 10);
    assert!(!hits.is_empty());
    let with_f: Vec<&str> = g
        .forms()
        .iter()
        .filter(|f| f.folded.starts_with('f'))
        .map(|f| g.articles()[f.article as usize].slug)
        .collect();
    for hit in &hits {
        assert!(
            with_f.contains(&hit.slug),
            "{} has no name starting with f",
            hit.slug
        );
    }
}

#[test]
fn empty_and_blank_queries_find_nothing() {
    for query in ["", " ", "\n\t", ",.-", "\u{AD}"] {
        assert!(slugs(query, 10).is_empty(), "{query:?}");
    }
}

#[test]
fn limit_is_respected() {
    assert_eq!(slugs("a", 3).len().min(3), slugs("a", 3).len());
    assert!(slugs("bank", 0).is_empty());
    assert!(slugs("bank", 2).len() <= 2);
}

/// A pasted wall of text is cut to a bounded number of words and characters: no panic, and a
/// result list of the requested size at most.
#[test]
fn very_long_queries_are_bounded() {
    let long = "aktie obligation ".repeat(5000) + &"x".repeat(100_000);
    let hits = glossary().search(&long, 5);
    assert!(hits.len() <= 5);
    let word = "æ".repeat(50_000);
    assert!(glossary().search(&word, 5).len() <= 5);
}

#[test]
fn hits_carry_metadata_snippet_and_highlights() {
    let hits = glossary().search("børsmæglere", 3);
    let hit = &hits[0];
    assert_eq!(hit.slug, "stockbroker");
    assert_eq!(hit.title, "Børsmægler");
    assert!(!hit.description.is_empty());
    assert!(hit.score > 0.0);
    assert!(!hit.snippet.is_empty());
    assert!(!hit.highlights.is_empty(), "{hit:?}");
    let units: Vec<u16> = hit.snippet.encode_utf16().collect();
    for [start, end] in &hit.highlights {
        let word = String::from_utf16(&units[*start as usize..*end as usize]).unwrap();
        assert_eq!(stem(&fold(&word, Case::Fold)), stem("børsmægler"), "{word}");
    }
}

#[test]
fn exact_beats_prefix_beats_typo() {
    // "rente" is a title; "renter" a form of it; a typo "rentee" still finds it, lower.
    let exact = glossary().search("rente", 1)[0].score;
    let typo = glossary()
        .search("rentw ", 5)
        .iter()
        .find(|h| h.slug == "interest-rate")
        .map(|h| h.score)
        .unwrap_or(0.0);
    assert!(exact > typo, "{exact} vs {typo}");
}

#[test]
fn plain_text_strips_tags_and_decodes_entities() {
    assert_eq!(
        plain_text(
            "<h1>T</h1>\n<p>a &amp; b &lt;c&gt; <a href=\"/x\">d</a></p><ul><li>e</li></ul>"
        ),
        "T\n\na & b <c> d\ne\n"
    );
}
