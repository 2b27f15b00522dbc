//! Searching the glossary as the reader types.
//!
//! # Ranking
//!
//! The index (built with the content, see [`crate::content`]) maps word stems to the articles
//! they occur in, with a weight per article that counts a title word 6, a word of an alias or
//! form 4, a category or description word 2 and a body word 1. A query is folded like page text
//! and split into words; each word finds index stems three ways, in order of trust:
//!
//! 1. **exact**: its Danish stem is an index stem ("aktierne" → "akti");
//! 2. **prefix**: for the last word while the reader is still typing it (no space after it), any
//!    stem that starts with it ("formue" → "formueforvaltning");
//! 3. **typo**: a stem within the edit budget of [`typo_budget`] — one edit from 4 characters,
//!    two from 8 ("kundevnedt", "obligatoin"), among the stems that start with the word's
//!    first or second letter (see `typo_range`).
//!
//! Everyday words ("på", "og", the list in `inflect/common_da.txt`) are left out of a query
//! that has other words. Legacy spellings are read too: "boersmaegler" also searches "børsmægler". Each match scores
//! BM25 (k1 = 1.2, b = 0.75) times the trust of its kind (1, 0.7, 0.45 or 0.3 for two edits); a
//! word takes its best match per article, an article sums its words, and the sum is scaled by
//! the square of the share of query words it matched, so articles that match every word come
//! first. Finally the whole query is compared with every article's names (title, aliases,
//! listed and generated forms, the page matcher's form table): equal to a name adds 20, the
//! start of a name up to 8. So "børsmæglerne" finds Børsmægler first, as on the page.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::index::Glossary;
use crate::inflect::is_common_word;
use crate::schema::Term;
use crate::text::{fold, fold_with_map, normalize_term, utf16_offsets, Case};
use crate::tokenize::{modern_spelling, stem, typo_budget, words, Distance};

/// At most this many query words are used: enough for any real query, a bound for pasted text.
const MAX_WORDS: usize = 12;
/// Words longer than this are cut: no stem is longer, and distances stay cheap.
const MAX_WORD_CHARS: usize = 40;
/// At most this many index stems (or names) are taken for one prefix.
const MAX_PREFIX_TERMS: usize = 64;
/// Snippets are cut to about this many characters.
const SNIPPET_CHARS: usize = 180;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit<'a> {
    /// The article's slug.
    pub slug: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its description.
    pub description: &'a str,
    /// The relevance score; higher is better.
    pub score: f32,
    /// The best-matching passage of the article body, as plain text.
    pub snippet: String,
    /// `[start, end]` ranges of the matched words in `snippet`, in UTF-16 code units (the unit
    /// of JavaScript strings), ascending.
    pub highlights: Vec<[u32; 2]>,
}

/// How a query word found an index stem.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Exact,
    Prefix,
    Typo(usize),
}

impl Kind {
    fn trust(self) -> f32 {
        match self {
            Kind::Exact => 1.0,
            Kind::Prefix => 0.7,
            Kind::Typo(1) => 0.45,
            Kind::Typo(_) => 0.3,
        }
    }
}

/// The best `limit` articles for `query`, best first. An empty or blank query finds nothing.
pub fn search<'a>(glossary: &Glossary<'a>, query: &str, limit: usize) -> Vec<Hit<'a>> {
    let folded = fold(query, Case::Fold);
    let typing = !folded.ends_with(' ');
    let mut query_words: Vec<String> = words(&folded)
        .take(MAX_WORDS)
        .map(|(_, w)| w.chars().take(MAX_WORD_CHARS).collect())
        .collect();
    // In a query of several words, everyday words ("på", "og") carry no meaning of their own;
    // a query of only such words keeps them.
    if query_words.iter().any(|w| !is_common_word(w)) {
        query_words.retain(|w| !is_common_word(w));
    }
    let articles = glossary.articles();
    if query_words.is_empty() || limit == 0 || articles.is_empty() {
        return Vec::new();
    }
    let terms = glossary.terms();
    let lengths = glossary.lengths();
    let average = glossary.average_length();
    let n = articles.len() as f32;

    let mut scores = Scores::new(articles.len());
    let mut matched = vec![0u8; articles.len()];
    let mut found_stems: BTreeSet<&str> = BTreeSet::new();
    // A word's best match per article, emptied after each word.
    let mut best = Scores::new(articles.len());
    let mut postings: Vec<(u32, f32)> = Vec::new();
    for (i, word) in query_words.iter().enumerate() {
        let last = i + 1 == query_words.len();
        for (term, kind) in candidates(terms, word, last && typing) {
            found_stems.insert(term.stem);
            // Decoded once: the count is the document frequency, and the pairs are scored.
            postings.clear();
            postings.extend(term.postings());
            let df = postings.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(article, weight) in &postings {
                let a = article as usize;
                let len = lengths.get(a).copied().unwrap_or(average);
                let bm25 =
                    idf * weight * (K1 + 1.0) / (weight + K1 * (1.0 - B + B * len / average));
                best.raise(a, bm25 * kind.trust());
            }
        }
        for (a, score) in best.drain() {
            scores.add(a, score);
            if let Some(m) = matched.get_mut(a) {
                *m = m.saturating_add(1);
            }
        }
    }
    let words_n = query_words.len() as f32;
    for &a in &scores.scored {
        let m = matched.get(a).copied().unwrap_or(0);
        let share = f32::from(m) / words_n;
        if let Some(score) = scores.total.get_mut(a) {
            *score *= share * share;
        }
    }
    name_bonus(glossary, query, typing, &mut scores);

    let mut ranked: Vec<(usize, f32)> = scores
        .scored
        .iter()
        .map(|&a| (a, scores.total.get(a).copied().unwrap_or(0.0)))
        .filter(|(_, s)| *s > 0.0)
        .collect();
    // Best score first, then by title; the article number settles equal titles, so the order
    // is total and the unstable selection and sort below give exactly the order a stable sort
    // of `ranked` (ascending by article) would.
    let order = |x: &(usize, f32), y: &(usize, f32)| {
        y.1.total_cmp(&x.1)
            .then_with(|| articles[x.0].title.cmp(articles[y.0].title))
            .then(x.0.cmp(&y.0))
    };
    // A short query matches a good part of a large glossary (at 30,000 articles, often
    // thousands, with many equal scores whose titles must then be compared), and only `limit`
    // are shown: selecting them first is linear, where sorting all was most of the time of a
    // keystroke.
    if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit - 1, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(order);
    ranked
        .into_iter()
        .map(|(a, score)| {
            let article = &articles[a];
            let last_prefix = typing.then(|| query_words.last()).flatten();
            // A body in a chunk file not fetched yet has no snippet; the card shows the
            // description instead.
            let (snippet, highlights) = glossary
                .plain(a)
                .map(|plain| snippet(plain, &found_stems, last_prefix))
                .unwrap_or_default();
            Hit {
                slug: article.slug,
                title: article.title,
                description: article.description,
                score,
                snippet,
                highlights,
            }
        })
        .collect()
}

/// Every article's score, with the list of the articles that have one. A query finds a small
/// part of a large glossary; the passes after scoring visit that list instead of every
/// article, and the order of the list does not matter (the ranking's order is total).
struct Scores {
    total: Vec<f32>,
    scored: Vec<usize>,
}

impl Scores {
    fn new(articles: usize) -> Scores {
        Scores {
            total: vec![0.0; articles],
            scored: Vec::new(),
        }
    }

    /// Adds `points` (not negative) to article `a`'s score.
    fn add(&mut self, a: usize, points: f32) {
        if let Some(score) = self.total.get_mut(a) {
            if *score == 0.0 && points > 0.0 {
                self.scored.push(a);
            }
            *score += points;
        }
    }

    /// Raises article `a`'s score to `points` if that is more.
    fn raise(&mut self, a: usize, points: f32) {
        if let Some(score) = self.total.get_mut(a) {
            if points > *score {
                if *score == 0.0 {
                    self.scored.push(a);
                }
                *score = points;
            }
        }
    }

    /// The articles with a score and their scores, leaving every score at zero again; visits
    /// only those articles, not the whole glossary.
    fn drain(&mut self) -> impl Iterator<Item = (usize, f32)> + '_ {
        let total = &mut self.total;
        self.scored.drain(..).map(move |a| {
            let score = total.get_mut(a).map_or(0.0, std::mem::take);
            (a, score)
        })
    }
}

/// The index stems a query word finds, each with the most trusted way it found it.
fn candidates<'t, 'a>(
    terms: &'t [Term<'a>],
    word: &str,
    prefix: bool,
) -> Vec<(&'t Term<'a>, Kind)> {
    let mut spellings = vec![word.to_string()];
    spellings.extend(modern_spelling(word));
    let mut out: Vec<(&Term, Kind)> = Vec::new();
    let add = |term: &'t Term<'a>, kind: Kind, out: &mut Vec<(&'t Term<'a>, Kind)>| match out
        .iter_mut()
        .find(|(t, _)| std::ptr::eq(*t, term))
    {
        Some((_, k)) if k.trust() >= kind.trust() => {}
        Some((_, k)) => *k = kind,
        None => out.push((term, kind)),
    };
    for spelling in &spellings {
        let stemmed = stem(spelling);
        for key in [stemmed.as_ref(), spelling.as_str()] {
            if let Ok(i) = terms.binary_search_by(|t| t.stem.cmp(key)) {
                add(&terms[i], Kind::Exact, &mut out);
            }
        }
        if prefix && spelling.chars().count() >= 2 {
            let start = terms.partition_point(|t| t.stem < spelling.as_str());
            for term in terms[start..]
                .iter()
                .take_while(|t| t.stem.starts_with(spelling.as_str()))
                .take(MAX_PREFIX_TERMS)
            {
                add(term, Kind::Prefix, &mut out);
            }
        }
        let budget = typo_budget(spelling.chars().count());
        if budget > 0 {
            let mut distance = Distance::new(&stemmed);
            let letters = Letters::of(&stemmed);
            for term in typo_range(terms, &stemmed) {
                // Byte lengths differ by at most 2 per edit (æ, ø, å are 2 bytes).
                if term.stem.len().abs_diff(stemmed.len()) > 2 * budget {
                    continue;
                }
                // Thousands of stems share a first letter in a large glossary, and nearly all
                // are far from the word; counting letters rules them out for a fraction of the
                // cost of the distance table, and never rules out one within the budget.
                if letters.too_far(term.stem, budget) {
                    continue;
                }
                if let Some(d) = distance.within(term.stem, budget) {
                    if d > 0 {
                        add(term, Kind::Typo(d), &mut out);
                    }
                }
            }
        }
    }
    out
}

/// How often each letter occurs in a word, for a cheap test that another word is too far from
/// it ([`Letters::too_far`]). Letters are counted in 32 buckets by their code point modulo 32:
/// a to z each have their own, and æ, ø and å share with f, x and e. Sharing only weakens the
/// test, never makes it wrong.
#[derive(Clone, Copy, Debug)]
struct Letters {
    counts: [i16; 32],
    len: usize,
}

impl Letters {
    fn of(word: &str) -> Letters {
        let mut counts = [0i16; 32];
        let mut len = 0;
        for c in word.chars() {
            let slot = &mut counts[c as usize % 32];
            *slot = slot.saturating_add(1);
            len += 1;
        }
        Letters { counts, len }
    }

    /// Whether `other` is surely more than `budget` edits (with swaps, as [`Distance`] counts
    /// them) from the counted word. An insertion or a deletion changes one count by one, a
    /// substitution takes one from a count and adds one to another, and a swap changes none;
    /// so each edit lowers by at most one the letters `other` has and the word lacks
    /// (`surplus`), and as much the letters the word has and `other` lacks. The second is
    /// `surplus` plus the difference in length, so both are known in one pass over `other`,
    /// which can stop as soon as `surplus` alone is over the budget.
    fn too_far(&self, other: &str, budget: usize) -> bool {
        let mut counts = self.counts;
        let mut surplus = 0usize;
        let mut len = 0usize;
        for c in other.chars() {
            len += 1;
            let slot = &mut counts[c as usize % 32];
            *slot = slot.saturating_sub(1);
            if *slot < 0 {
                surplus += 1;
                if surplus > budget {
                    return true;
                }
            }
        }
        (surplus + self.len).saturating_sub(len) > budget
    }
}

/// The stems a misspelling is compared with: those that start with the word's first letter or
/// with its second. That covers typos after the first letter, a swap of the first two letters
/// and a stray letter typed first, and skips most of the index: the stems are sorted, so each
/// letter's stems are one binary-searched range. A wrong or missing first letter
/// ("ønflation", "bligation") is what this gives up, for a scan that stays small as the
/// glossary grows.
fn typo_range<'t, 'a>(terms: &'t [Term<'a>], word: &str) -> impl Iterator<Item = &'t Term<'a>> {
    let mut letters: Vec<char> = word.chars().take(2).collect();
    letters.dedup();
    letters.into_iter().flat_map(move |c| {
        let mut buf = [0u8; 4];
        let start = c.encode_utf8(&mut buf).to_string();
        let lo = terms.partition_point(|t| t.stem < start.as_str());
        let hi = lo + terms[lo..].partition_point(|t| t.stem.starts_with(start.as_str()));
        terms[lo..hi].iter()
    })
}

/// Adds the bonus for a query that is one of an article's names, or the start of one.
fn name_bonus(glossary: &Glossary<'_>, query: &str, typing: bool, scores: &mut Scores) {
    let key = normalize_term(query);
    let mut keys = vec![key.clone()];
    keys.extend(modern_spelling(&key));
    let forms = glossary.forms();
    for key in keys.iter().filter(|k| !k.is_empty()) {
        if let Ok(i) = forms.binary_search_by(|f| f.folded.cmp(key.as_str())) {
            scores.add(forms[i].article as usize, 20.0);
        }
        // Even one typed letter finds the terms whose names start with it: a reader expects the
        // list to react to the first keystroke.
        if typing {
            let start = forms.partition_point(|f| f.folded < key.as_str());
            let mut given: BTreeSet<u32> = BTreeSet::new();
            for form in forms[start..]
                .iter()
                .take_while(|f| f.folded.starts_with(key.as_str()))
                .take(MAX_PREFIX_TERMS)
            {
                if form.folded.len() > key.len() && given.insert(form.article) {
                    let share = key.len() as f32 / form.folded.len() as f32;
                    scores.add(form.article as usize, 8.0 * share);
                }
            }
        }
    }
}

/// The visible text of rendered article HTML: tags removed, the entities the renderer writes
/// decoded, block ends as line breaks.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find(['<', '&']) {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            let block = [
                "</p",
                "</h",
                "</li",
                "</blockquote",
                "<br",
                "</td",
                "</th",
                "</pre",
            ];
            if block.iter().any(|b| tag.starts_with(b)) && !out.ends_with('\n') {
                out.push('\n');
            }
            rest = &rest[end..];
        } else {
            let entities = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&#39;", '\''),
                ("&#x27;", '\''),
            ];
            match entities.iter().find(|(e, _)| rest.starts_with(e)) {
                Some((e, c)) => {
                    out.push(*c);
                    rest = &rest[e.len()..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// An article's visible text, folded for matching, kept after the first search that shows the
/// article: snippets are made on every keystroke, and the text does not change.
#[derive(Debug)]
pub struct Plain {
    text: String,
    /// Each word: its byte span in `text`, its folded form and its stem.
    words: Vec<(usize, usize, String, String)>,
    /// Whether the text's first line is a heading (most articles open with their title), which
    /// says nothing a hit's title does not.
    heading: bool,
}

impl Plain {
    /// The plain text of rendered article HTML, and its words.
    pub fn new(html: &str) -> Plain {
        let text = plain_text(html);
        let (folded, map) = fold_with_map(&text, Case::Fold);
        let words = words(&folded)
            .map(|(i, w)| {
                let span = (map.original(i), map.original(i + w.len()));
                (span.0, span.1, w.to_string(), stem(w).into_owned())
            })
            .collect();
        let heading = html
            .trim_start()
            .strip_prefix("<h")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        Plain {
            text,
            words,
            heading,
        }
    }
}

/// The passage of an article with the most matched words, and where they are.
fn snippet(
    plain: &Plain,
    stems: &BTreeSet<&str>,
    prefix: Option<&String>,
) -> (String, Vec<[u32; 2]>) {
    let text = plain.text.as_str();
    let spans = matches_in(plain, stems, prefix);
    // Passages are lines (blocks) cut into sentences, apart from an opening heading.
    let mut best: Option<(usize, usize, usize)> = None; // (matches, start, end)
    let mut line_start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let mut at = line_start;
        line_start += line.len();
        if n == 0 && plain.heading {
            continue;
        }
        for sentence in line.split_inclusive(". ") {
            let lead = sentence.len() - sentence.trim_start().len();
            let start = at + lead;
            let end = at + sentence.trim_end().len();
            at += sentence.len();
            if end <= start {
                continue;
            }
            let hits = spans
                .iter()
                .filter(|(s, e)| *s >= start && *e <= end)
                .count();
            if best.is_none_or(|(b, _, _)| hits > b) {
                best = Some((hits, start, end));
            }
        }
    }
    let Some((_, p_start, p_end)) = best else {
        return (String::new(), Vec::new());
    };
    let passage = &text[p_start..p_end];
    let spans: Vec<(usize, usize)> = spans
        .iter()
        .filter(|(s, e)| *s >= p_start && *e <= p_end)
        .map(|(s, e)| (s - p_start, e - p_start))
        .collect();
    // A window of about SNIPPET_CHARS characters, starting a little before the first match.
    let chars: Vec<(usize, char)> = passage.char_indices().collect();
    let first = spans.first().map_or(0, |s| s.0);
    let first_char = chars.iter().position(|(i, _)| *i >= first).unwrap_or(0);
    let start_char = first_char.saturating_sub(40);
    let end_char = (start_char + SNIPPET_CHARS).min(chars.len());
    let start = chars.get(start_char).map_or(0, |c| c.0);
    let end = chars.get(end_char).map_or(passage.len(), |c| c.0);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let lead = out.len();
    out.push_str(&passage[start..end]);
    if end < passage.len() {
        out.push('…');
    }
    // The spans are ascending, so one pass of `utf16_offsets` converts all their ends.
    let bytes: Vec<u32> = spans
        .iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .flat_map(|(s, e)| [lead + s - start, lead + e - start])
        .map(|o| u32::try_from(o).unwrap_or(u32::MAX))
        .collect();
    let highlights = utf16_offsets(&out, &bytes)
        .chunks_exact(2)
        .map(|pair| [pair[0], pair[1]])
        .collect();
    (out, highlights)
}

/// Byte spans of the words of the text whose stem was found, or that start with the prefix.
fn matches_in(
    plain: &Plain,
    stems: &BTreeSet<&str>,
    prefix: Option<&String>,
) -> Vec<(usize, usize)> {
    let prefix = prefix.filter(|p| p.chars().count() >= 2);
    plain
        .words
        .iter()
        .filter(|(_, _, word, stemmed)| {
            stems.contains(stemmed.as_str()) || prefix.is_some_and(|p| word.starts_with(p.as_str()))
        })
        .map(|(start, end, _, _)| (*start, *end))
        .collect()
}

#[cfg(test)]
#[path = "search/tests.rs"]
mod tests;
