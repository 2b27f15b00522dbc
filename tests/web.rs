//! Wasm tests that run in headless Chromium (`wasm-bindgen-test`), through the same exported
//! functions `forklar.js` calls. `cargo xtask test` runs them; on a native target this file
//! compiles to nothing.

#![cfg(target_arch = "wasm32")]
// Test code: a panic is a failed test with its message.
#![allow(clippy::unwrap_used)]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

/// The browser's own `JSON.parse` of an export's JSON text, as `forklar.js` does it.
fn parsed(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// The exported list, parsed by the browser, has one plain object per compiled article, in slug
/// order, and agrees with the index the crate reads.
#[wasm_bindgen_test]
fn articles_lists_the_bundled_set() {
    let list = js_sys::Array::from(&parsed(&forklar::api::articles().unwrap()));
    let glossary = forklar::bundled().unwrap();
    assert_eq!(list.length() as usize, glossary.articles().len());
    assert!(list.length() >= 40);
    let slugs: Vec<String> = list
        .iter()
        .map(|a| get(&a, "slug").as_string().unwrap())
        .collect();
    let mut sorted = slugs.clone();
    sorted.sort();
    assert_eq!(slugs, sorted);
    let seed = list
        .iter()
        .find(|a| get(a, "slug").as_string().as_deref() == Some("kundevendt"))
        .unwrap();
    assert_eq!(get(&seed, "title").as_string().unwrap(), "Kundevendt");
    assert_eq!(get(&seed, "keywords").as_string().unwrap(), "Business");
    assert!(get(&seed, "description")
        .as_string()
        .unwrap()
        .starts_with("Kundevendt refererer til"));
}

/// Lookups by inflected link text from the seed reach their articles in the browser too.
#[wasm_bindgen_test]
fn lookup_finds_terms_and_misses_unknowns() {
    let rows = [
        ("børsmæglere", "stockbroker"),
        ("Front office", "frontoffice"),
        ("ejendomsmæglere", "realtor"),
        ("klient-vendte", "kundevendt"),
        ("kundevendt", "kundevendt"),
    ];
    for (query, slug) in rows {
        let hit = parsed(&forklar::api::lookup(query).unwrap().unwrap());
        assert_eq!(
            get(&hit, "slug").as_string().as_deref(),
            Some(slug),
            "{query}"
        );
    }
    assert!(forklar::api::lookup("ikke et ord i ordbogen")
        .unwrap()
        .is_none());
}

/// A mark's description text is the article's description, by slug only (a term is not a
/// slug), and nothing for an unknown slug.
#[wasm_bindgen_test]
fn description_is_the_articles_by_slug() {
    for slug in ["kundevendt", "stockbroker", "frontoffice"] {
        let summary = parsed(&forklar::api::lookup(slug).unwrap().unwrap());
        let expected = get(&summary, "description").as_string();
        assert!(expected.as_deref().is_some_and(|d| !d.is_empty()), "{slug}");
        assert_eq!(forklar::api::description(slug).unwrap(), expected, "{slug}");
    }
    assert_eq!(forklar::api::description("børsmæglere").unwrap(), None);
    assert_eq!(forklar::api::description("findes-ikke").unwrap(), None);
}

/// Rendered HTML parses in a real DOM into the seed's headings and internal links.
#[wasm_bindgen_test]
fn render_produces_the_seed_in_the_dom() {
    let html = forklar::api::render("kundevendt").unwrap().unwrap();
    let document = web_document();
    let div = document.create_element("div").unwrap();
    div.set_inner_html(&html);
    let h2 = div.query_selector_all("h2").unwrap();
    assert!(h2.length() >= 5);
    let link = div
        .query_selector("a[href='/frontoffice']")
        .unwrap()
        .unwrap();
    assert_eq!(link.text_content().unwrap(), "front office");
    assert_eq!(
        link.get_attribute("data-forklar-slug").as_deref(),
        Some("frontoffice")
    );
    assert!(forklar::api::render("findes-ikke").unwrap().is_none());
}

fn web_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// `scan` returns UTF-16 offsets that slice the same JavaScript string to the mention, for
/// text with multi-unit characters before the mention.
#[wasm_bindgen_test]
fn scan_offsets_slice_the_javascript_string() {
    let text = "😀 Æble og børsmæglerne\u{0}BNP's vækst";
    let triples = forklar::api::scan(text).unwrap();
    let js = js_sys::JsString::from(text);
    let glossary = forklar::bundled().unwrap();
    let found: Vec<(String, &str)> = triples
        .chunks(3)
        .map(|t| {
            let slice = String::from(js.slice(t[0], t[1]));
            (slice, glossary.articles()[t[2] as usize].slug)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("børsmæglerne".to_string(), "stockbroker"),
            ("BNP's".to_string(), "gdp")
        ]
    );
}

/// `search` returns the JSON text of plain objects whose highlight ranges slice the snippet as
/// a JavaScript string.
#[wasm_bindgen_test]
fn search_returns_hits_with_highlights() {
    let hits = js_sys::Array::from(&parsed(&forklar::api::search("børsmæglerne", 3).unwrap()));
    assert!(hits.length() >= 1 && hits.length() <= 3);
    let first = hits.get(0);
    assert_eq!(
        get(&first, "slug").as_string().as_deref(),
        Some("stockbroker")
    );
    let snippet = js_sys::JsString::from(get(&first, "snippet"));
    let highlights = js_sys::Array::from(&get(&first, "highlights"));
    assert!(highlights.length() > 0);
    for range in highlights.iter() {
        let range = js_sys::Array::from(&range);
        let start = range.get(0).as_f64().unwrap() as u32;
        let end = range.get(1).as_f64().unwrap() as u32;
        let word = String::from(snippet.slice(start, end)).to_lowercase();
        assert!(word.starts_with("børsmægler"), "{word}");
    }
    assert_eq!(
        js_sys::Array::from(&parsed(&forklar::api::search("   ", 3).unwrap())).length(),
        0
    );
}

/// Regression: the reader's check that the header's counts fit the data summed them in a
/// `usize`, which on wasm32 is 32 bits: counts of 2^32 - 1 and 1 wrapped to 0, passed, and the
/// reader then reserved a vector of 2^32 - 1 articles (a trap). They must be an error.
#[wasm_bindgen_test]
fn corrupt_counts_that_wrap_on_wasm32_are_rejected() {
    let mut bytes = forklar::schema::write(&forklar::schema::Bundle::default());
    bytes[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    bytes[12..16].copy_from_slice(&1u32.to_le_bytes());
    let err = forklar::schema::read(&bytes).unwrap_err();
    assert!(err.to_string().contains("too large"), "{err}");
}
