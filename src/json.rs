//! The JSON text of what the JavaScript edge hands to the page: article metadata and search
//! hits.
//!
//! Each export that returns records returns one string, which `forklar.js` parses with
//! `JSON.parse`. The alternative, building the objects from Wasm one property at a time
//! (`serde-wasm-bindgen`, used before), took 10 KB of the module's code (3.4 KB brotli) for the
//! calls, a cache of property names and the serializer, and a call into JavaScript per string;
//! writing JSON is a few hundred bytes of code, one copy of the text into the page, and one
//! parse there, which the engine does natively.
//!
//! Strings are escaped as JSON requires (`"`, `\` and the control characters below U+0020);
//! everything else, æ, ø, å and U+2028 included, is written as it is, which JSON and
//! `JSON.parse` accept. A score is written with three decimals: the ranking's order is the
//! list's, and a score is for display and debugging.

use std::fmt::Write;

use crate::index::Summary;
use crate::search::Hit;

/// The article metadata as a JSON object: `{"slug":…,"title":…,"description":…,"keywords":…}`.
pub fn summary(s: &Summary<'_>) -> String {
    let mut out = String::new();
    write_summary(&mut out, s);
    out
}

/// The article metadata of `list` as a JSON array of [`summary`] objects.
pub fn summaries<'a>(list: impl IntoIterator<Item = Summary<'a>>) -> String {
    let mut out = String::from("[");
    for (i, s) in list.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_summary(&mut out, &s);
    }
    out.push(']');
    out
}

/// Search hits as a JSON array of `{"slug":…,"title":…,"description":…,"snippet":…,
/// "score":…,"highlights":[[start,end],…]}` objects, in their order.
pub fn hits(hits: &[Hit<'_>]) -> String {
    let mut out = String::from("[");
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let texts = [
            ("slug", hit.slug),
            ("title", hit.title),
            ("description", hit.description),
            ("snippet", hit.snippet.as_str()),
        ];
        write_texts(&mut out, &texts);
        // Thousandths, rounded, from a score that is never negative (0 for one that is not a
        // number, which ranking never gives): no float formatting in the module.
        let thousandths = (hit.score * 1000.0).round();
        let thousandths = if thousandths >= 0.0 {
            thousandths as u64
        } else {
            0
        };
        let _ = write!(
            out,
            ",\"score\":{}.{:03},\"highlights\":[",
            thousandths / 1000,
            thousandths % 1000
        );
        for (j, [start, end]) in hit.highlights.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let _ = write!(out, "[{start},{end}]");
        }
        out.push_str("]}");
    }
    out.push(']');
    out
}

fn write_summary(out: &mut String, s: &Summary<'_>) {
    let texts = [
        ("slug", s.slug),
        ("title", s.title),
        ("description", s.description),
        ("keywords", s.keywords),
    ];
    write_texts(out, &texts);
    out.push('}');
}

/// An object's opening brace and its text fields, without the closing brace.
fn write_texts(out: &mut String, fields: &[(&str, &str)]) {
    for (i, (key, value)) in fields.iter().enumerate() {
        out.push(if i == 0 { '{' } else { ',' });
        write_string(out, key);
        out.push(':');
        write_string(out, value);
    }
}

/// `s` as a JSON string.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::{json, Value};

    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    /// Every character a title or snippet may hold comes back from a JSON parser unchanged.
    #[test]
    fn strings_survive_a_json_parser() {
        let hard = [
            "",
            "plain",
            "\"citat\" og \\skråstreg\\",
            "linje\nskift\tog\r\u{0}\u{1f}\u{7f}",
            "æøå ÆØÅ é ß",
            "\u{2028}\u{2029} </script> <!-- &amp;",
            "emoji 🙂 og 𝄞",
        ];
        for text in hard {
            let s = Summary {
                slug: text,
                title: text,
                description: text,
                keywords: text,
            };
            let value = parse(&summary(&s));
            let want = json!({"slug": text, "title": text, "description": text, "keywords": text});
            assert_eq!(value, want, "{text:?}");
        }
    }

    #[test]
    fn summaries_are_an_array_in_order() {
        let a = Summary {
            slug: "a",
            title: "A",
            description: "første",
            keywords: "",
        };
        let b = Summary { slug: "b", ..a };
        assert_eq!(parse(&summaries([])), json!([]));
        let value = parse(&summaries([a, b]));
        assert_eq!(value[0]["slug"], "a");
        assert_eq!(value[1]["slug"], "b");
        assert_eq!(value[1]["description"], "første");
        assert_eq!(value.as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn hits_carry_every_field() {
        let hit = Hit {
            slug: "bond",
            title: "Obligation",
            description: "Et \"gældsbevis\".",
            score: 12.3456,
            snippet: "…en obligation er…".to_string(),
            highlights: vec![[1, 4], [10, 20]],
        };
        let zero = Hit {
            score: 0.0,
            highlights: Vec::new(),
            ..hit.clone()
        };
        let value = parse(&hits(&[hit, zero]));
        assert_eq!(
            value[0],
            json!({
                "slug": "bond",
                "title": "Obligation",
                "description": "Et \"gældsbevis\".",
                "snippet": "…en obligation er…",
                "score": 12.346,
                "highlights": [[1, 4], [10, 20]],
            })
        );
        assert_eq!(value[1]["score"], json!(0.0));
        assert_eq!(value[1]["highlights"], json!([]));
        assert_eq!(parse(&hits(&[])), json!([]));
    }

    /// The bundled glossary's real records, through a parser: what the page gets.
    #[test]
    fn the_bundled_glossary_round_trips() {
        let glossary = crate::bundled().unwrap();
        let all = parse(&summaries(glossary.articles().iter().map(|a| a.summary())));
        let list = all.as_array().unwrap();
        assert_eq!(list.len(), glossary.articles().len());
        for (value, article) in list.iter().zip(glossary.articles()) {
            assert_eq!(value["slug"], article.slug);
            assert_eq!(value["description"], article.description);
        }
        let found = glossary.search("børsmæglerne", 3);
        let value = parse(&hits(&found));
        for (v, hit) in value.as_array().unwrap().iter().zip(&found) {
            assert_eq!(v["snippet"], hit.snippet.as_str());
            let score = v["score"].as_f64().unwrap();
            assert!((score - f64::from(hit.score)).abs() <= 0.0005, "{score}");
            let ranges: Vec<[u32; 2]> = serde_json::from_value(v["highlights"].clone()).unwrap();
            assert_eq!(ranges, hit.highlights);
        }
    }
}
