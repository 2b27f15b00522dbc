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

/// The letter-count test never rules out a stem within the edit budget: checked for every pair
/// of the bundled index's stems that share a first letter, and for every single and double
/// edit (insert, delete, substitute, swap) of a sample of them, æ, ø and å included.
#[test]
fn letter_counts_never_rule_out_a_near_stem() {
    let stems: Vec<&str> = glossary().terms().iter().map(|t| t.stem).collect();
    let mut pairs = 0;
    for (i, a) in stems.iter().enumerate() {
        let letters = Letters::of(a);
        let mut distance = Distance::new(a);
        for b in stems[i..]
            .iter()
            .take_while(|b| b.chars().next() == a.chars().next())
        {
            for budget in 1..=2 {
                if distance.within(b, budget).is_some() {
                    assert!(!letters.too_far(b, budget), "{a} / {b} within {budget}");
                    pairs += 1;
                }
            }
        }
    }
    assert!(pairs > stems.len(), "the table has near pairs to check");
    let edits = |word: &str| -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        let mut out = Vec::new();
        for i in 0..=chars.len() {
            for c in ['a', 'e', 'f', 'x', 'æ', 'ø', 'å'] {
                let mut w = chars.clone();
                w.insert(i, c);
                out.push(w.iter().collect());
                if i < chars.len() {
                    let mut w = chars.clone();
                    w[i] = c;
                    out.push(w.iter().collect());
                }
            }
            if i < chars.len() {
                let mut w = chars.clone();
                w.remove(i);
                out.push(w.iter().collect());
            }
            if i + 1 < chars.len() {
                let mut w = chars.clone();
                w.swap(i, i + 1);
                out.push(w.iter().collect());
            }
        }
        out
    };
    for a in stems.iter().step_by(97) {
        let letters = Letters::of(a);
        for one in edits(a) {
            assert!(!letters.too_far(&one, 1), "{a} / {one}");
            for two in edits(&one).iter().step_by(5) {
                assert!(!letters.too_far(two, 2), "{a} / {two}");
            }
        }
    }
    // And it does rule out what is far.
    assert!(Letters::of("kundevendt").too_far("kassekredit", 2));
    assert!(Letters::of("obligation").too_far("obl", 2));
}

/// Selecting the best `limit` before sorting gives the first `limit` of the full ranking, ties
/// (equal scores, settled by title) included.
#[test]
fn a_short_list_is_the_start_of_a_long_one() {
    for query in ["a", "ba", "kunde", "obligatoin", "rente på lån", "s"] {
        let long = glossary().search(query, 1000);
        for limit in [1, 3, 10] {
            let short = glossary().search(query, limit);
            assert_eq!(short, long[..limit.min(long.len())], "{query:?}, {limit}");
        }
    }
}

/// A body that does not open with a heading has its first paragraph as a passage too (it was
/// always skipped, as if it were the title, so such a hit had no snippet).
#[test]
fn regression_snippet_from_the_first_paragraph_without_heading() {
    let aktier = stem("aktier").into_owned();
    let stems = BTreeSet::from([aktier.as_str()]);
    let (text, highlights) = snippet(
        &Plain::new("<p>Aktier er gode. Aktien stiger.</p>\n"),
        &stems,
        None,
    );
    assert_eq!(text, "Aktier er gode.");
    assert_eq!(highlights, [[0, 6]]);
    // With a heading, the heading is never the passage, even where it matches best.
    let plain = Plain::new("<h1>Aktier og aktier</h1>\n<p>Om aktier.</p>\n");
    assert_eq!(snippet(&plain, &stems, None).0, "Om aktier.");
}
