//! Searching the glossary as the reader types.
//!
//! # Ranking
//!
//! The index (built with the content, see [`crate::content`]) maps word stems to the articles
//! they occur in, with a weight per article that counts a title word 6, a word of an alias or
//! form 4, a category or description word 2 and a body word 1. A query is folded like page text
//! and split into words; each word finds index stems four ways, in order of trust:
//!
//! 1. **exact**: its Danish stem is an index stem ("aktierne" → "akti");
//! 2. **Danish letters**: a word typed without æ, ø and å is also read with them, a for å or
//!    æ, o for ø, e for æ ([`danish_readings`]), and such a reading is an index stem ("bors" →
//!    "børs", "lan" → "lån"), for words of any length. A reader on a keyboard without those
//!    letters typed what it has; that is no typo, so it is nearly as trusted as a match as
//!    typed, a little less so that a word that exists as typed ("bank") comes before its
//!    reading ("bænk"). A word with any of æ, ø and å means what it says.
//! 3. **prefix**: for the last word while the reader is still typing it (no space after it), any
//!    stem that starts with it, or with a reading of it with Danish letters ("formue" →
//!    "formueforvaltning"). When no stem is or begins with the word (whole-word typos (4) aside)
//!    and it is no compound (below), and it has five letters or more, a stem with the same first
//!    letter (or a Danish letter it may stand for) whose beginning is within the typo budget of
//!    the word is taken as a typo as well ("obilgat" → "obligation"): the reader may have
//!    mistyped what is there so far;
//! 4. **typo**: a stem within the edit budget of [`typo_budget`] — one edit from 4 characters,
//!    two from 8 ("kundevnedt", "obligatoin"), among the stems that start with the word's
//!    first or second letter, or with a Danish letter a plain first letter may stand for
//!    ("okonmoisk" → "økonomisk"; see `typo_range`). The budget follows the length of the stems
//!    compared, the shorter of the two: "moms" has the stem "mom", and a stem of under 4
//!    characters gets no edits, so "moms" is no typo of "om" or "mod", and "rente" ("rent")
//!    none of "ren". A typo's own stem is often no stem of anything, so the word as typed is
//!    compared too when it differs from its stem, with the budget of the shorter as well:
//!    "renet" ("rente" with two letters swapped) stems to "ren", which gets no edits, and is
//!    itself one edit from "rent". For a word typed without æ, ø and å, a plain letter where
//!    the stem has a Danish letter it may stand for costs nothing ("borsmalger" is one edit
//!    from "børsmægl").
//!
//! Everyday words ("på", "og", the list in `inflect/common_da.txt`) are left out of a query
//! that has other words, and so is a last word of one letter still being typed ("rente o" on
//! the way to "rente og inflation"): it says nothing yet, and would only lower every article
//! alike. A word of one letter finds no stems at all: in the text it is a piece of a name ("s"
//! of "BNP's", "e" of "e-mail"), and as a query it is the start of a name (see Names). Legacy spellings are read too: "boersmaegler" also searches "børsmægler" (and, as the
//! reader has no Danish keyboard, its readings with Danish letters).
//!
//! Each match scores BM25 (k1 = 1.2, b = 0.75) times the trust of its kind (1, 0.9, 0.7, 0.45
//! or 0.3 for two edits). A typo is a guess at what the reader meant, so two more rules keep
//! guesses in their place:
//!
//! - A word's typos all take the document frequency of the most frequent of them, and each
//!   counts the square root of its frequency's share of that one. IDF rewards rare stems, which
//!   is right for a word the reader typed and wrong for a guess: "aktiee" is one edit from
//!   "akti" (23 of 46 articles) and from "aktiv" (13), and the reader far more likely meant the
//!   common one. (Lucene's fuzzy queries blend frequencies the same way.)
//! - An article a word found as typed (exactly, by its Danish letters or as a prefix) never
//!   loses to one the same word found only by typos: the typo-only articles' scores for that
//!   word are scaled, all by one factor, so the best is at most what the weakest as-typed
//!   article would have scored by a one-edit typo (0.45 of it).
//!
//! A word takes its best match per article, an article sums its words, and the sum is scaled by
//! the square of the share of query words it matched, so articles that match every word come
//! first.
//!
//! # Names
//!
//! Finally the whole query is compared with every article's names (title, aliases, listed and
//! generated forms, the index's form table): equal to a name adds 20, the start of a name up
//! to 8, and 0.9 of that for a reading with Danish letters ("lan" is the name "lån"). So
//! "børsmæglerne" finds Børsmægler first, as on the page. The start of a name is looked for
//! among the names of up to 64 articles, so one typed letter lists the articles whose names
//! start with it, the shorter names first.
//!
//! A word that finds no stem at all, not even by a typo, may be a Danish compound the texts do
//! not use: when the index has the two words it is made of, it is searched as those two
//! ("obligationsrente" as "obligations rente", "skattefradrag" as "skatte fradrag"). And a
//! query's words are compared with the names written together too, so a name the reader
//! wrote apart ("stock broker", "real kredit") is still the name.
//!
//! In a query of several words, a word or a run of up to four words that is a name (taken
//! leftmost-longest, as the page matcher takes them; a run also written together, for a
//! compound written apart, "hvad betyder kunde vendt") adds 10 to its article, once: "hvordan
//! virker renten" asks about Rente, though Rente's text lacks "virker" and many other articles
//! have both words, so the share of words matched alone would put it fourth. A word that found
//! stems only as typos and is within [`slip_budget`] of a name or an inflection of one adds 10
//! times the trust of a typo of that many edits (4.5 for one), for the nearest names:
//! "aktier og obilgationer" is about Obligation too, and "obilgationer", one edit from the form
//! "obligationer" and three from the title, finds Obligation well ahead of the articles that
//! merely mention it. An article takes the largest of the bonuses its words give it.
//!
//! Wherever a typo earns a name's bonus (above, and the start of a name and the title typo
//! below), edits are counted as slips of the fingers ([`Distance::slips_only`]): letters
//! swapped, left out or added, or a key changed for its neighbour. A letter changed for one
//! elsewhere on the keyboard makes another word, which the reader meant: "guld" (gold) is no
//! typo of the name "gæld" (debt), though a stem it finds as a typo still counts as one.
//!
//! A generated form the page never
//! marks because it is an everyday word ([`Form::search_only`]: "banker") counts as a name when
//! the query equals it, not as the start of one, so a reader typing "bank" sees the same list
//! as without it.
//!
//! The query is compared as typed (folded, without space at either end) when a name begins
//! with it, so a name with punctuation inside ("back-office", "bnp's") is found as written;
//! else without what is not part of a word at either end, when a name begins with that; else as
//! its words joined by one space. So a question ("børsmægler?"), a name copied from a sentence
//! ("BNP."), quotes or brackets pasted with it (`"aktie`, "(rente)") and extra punctuation
//! between its words do not matter.
//!
//! A single word still being typed that no name begins with (from five letters, the query as
//! typed: see `name_prefix_typos`) is compared with the beginnings of the names with its first
//! letter, as a word being typed is with the beginnings of stems; the nearest names whose
//! beginning is within [`slip_budget`] get the start-of-name bonus times a typo's trust, unless
//! a typo of the title gave them a bonus already. A slip past the
//! end of a stem ("resultatpogørel", three edits from the stem "resultatopgør", one from the
//! beginning of "resultatopgørelse") otherwise finds nothing.
//!
//! When no name is or begins with the query, it may be a typo of one: it is compared, as its
//! words joined by one space, with the titles of the articles it found, and a title within
//! [`typo_budget`] of it (edits counted as slips, the budget of the shorter, plain letters
//! reading as æ, ø and å) adds 20 times the trust of a typo of that many edits (9 for
//! one, 6 for two). That is the one place a guess beats an article a word found as typed:
//! "renet" finds Kundeservice by the stem "ren" as typed and Rente only by the typo "rent",
//! yet a whole query one edit from the name Rente is a typo of it. The bonus stays below an
//! exact name's 20. The titles compared are those of the 64 best-scoring articles and of the 64
//! best of those a word found only by typos (by their scores before they were put below the
//! articles found as typed, where a title typo's article would be in a large glossary), each
//! with the query and its legacy spelling: at most 256 short comparisons per keystroke for
//! this, whatever the size of the glossary. A title equal to the query read as words ("back
//! office" for "Back-office", which no stored name begins with) gets the full name bonus.
//! Aliases and forms are not compared with the whole query this way (the form table is keyed by
//! form, and finding an article's forms would mean a scan of it); a typo of one finds its
//! article by its stems, and a word of the query that found only typos is compared with the
//! forms that begin with them, for the smaller name word bonus (see `typo_names`). A query whose
//! every word is an index stem as typed is made of words of the glossary's text and is taken as
//! meant, never as a typo of a name: "aktiv" (assets) is one edit from the title "Aktie".

use std::collections::BTreeSet;

use crate::index::Glossary;
use crate::inflect::is_function_word;
use crate::schema::{Form, Term};
use crate::text::{fold, fold_with_map, is_word_char, utf16_offsets, Case};
use crate::tokenize::{
    danish_readings, may_lack_danish_letters, modern_spelling, slip_budget, stem, typo_budget,
    words, Distance,
};

/// At most this many query words are used: enough for any real query, a bound for pasted text.
const MAX_WORDS: usize = 12;
/// Words longer than this are cut: no stem is longer, and distances stay cheap.
const MAX_WORD_CHARS: usize = 40;
/// A query is cut after this many characters, as many as its words may fill: the rules that
/// compare the whole query or its words as typed (names, compounds) would otherwise take time
/// that grows with the square of a pasted text's longest word (a review pasted a token of
/// 1.2 MB, and the tab froze for 31 s).
const MAX_QUERY_CHARS: usize = MAX_WORDS * (MAX_WORD_CHARS + 1);
/// At most this many index stems (or articles, by their names) are taken for one prefix.
const MAX_PREFIX_TERMS: usize = 64;
/// At most this many forms are looked at to find the articles whose names begin with a prefix.
const MAX_PREFIX_FORMS: usize = 16 * MAX_PREFIX_TERMS;
/// A word still being typed is compared with the beginnings of stems, as a typo, from this
/// many letters (see `prefix_typos`).
const MIN_PREFIX_TYPO_CHARS: usize = 5;
/// The bonus of an article one of whose names is a word, or a run of words, of a longer query.
const NAME_WORD_BONUS: f32 = 10.0;
/// The longest run of query words compared with names ("økonomisk planlægger" is two).
const MAX_NAME_WORDS: usize = 4;
/// The bonus of an article named by a part of a compound query word ([`compound_names`]): half
/// a name word's, so that an article whose text has the whole compound several times keeps its
/// place above one the compound only mentions by a part.
const COMPOUND_NAME_BONUS: f32 = NAME_WORD_BONUS / 2.0;
/// The share of a compound's bonus that a name in its first part gets when its last part is a
/// name too. A Danish compound is a kind of what its last part names ("lånerente" is an
/// interest rate, "banklån" a loan); the first part narrows it down. A compound whose last part
/// names nothing ("pensionsopsparing") is about its first part's name, which keeps the whole.
const FIRST_PART_SHARE: f32 = 0.5;
/// At most this many readings of a word with æ, ø or å are followed at once (see `readings`).
const MAX_READINGS: usize = 16;
/// At most this many of the best articles a query found, and as many of those it found only by
/// typos, have their titles compared with a query no name begins with (see `name_typo_bonus`).
const MAX_NAME_TYPOS: usize = 64;
/// The bonus of a query equal to an article's name.
const NAME_BONUS: f32 = 20.0;
/// The bonus of a query that is the start of an article's name, times the share of the name
/// it is (see `name_bonus_for`).
const NAME_START_BONUS: f32 = 8.0;
/// Snippets are cut to about this many characters.
const SNIPPET_CHARS: usize = 180;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One search result.
#[derive(Clone, Debug, PartialEq)]
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
    /// The word typed without æ, ø and å is the stem with them ("bors" → "børs").
    Danish,
    Prefix,
    Typo(usize),
}

impl Kind {
    fn trust(self) -> f32 {
        match self {
            Kind::Exact => 1.0,
            Kind::Danish => DANISH_TRUST,
            Kind::Prefix => 0.7,
            Kind::Typo(1) => 0.45,
            Kind::Typo(_) => 0.3,
        }
    }

    fn is_typo(self) -> bool {
        matches!(self, Kind::Typo(_))
    }
}

/// The trust of a reading of a word typed without æ, ø and å, against the word as typed: a
/// little under an exact match, so that a word that exists as typed ("bank") comes before the
/// same letters read with æ, ø or å ("bænk"), and far above a typo, which it is not.
const DANISH_TRUST: f32 = 0.9;

/// The best `limit` articles for `query`, best first. An empty or blank query finds nothing.
pub fn search<'a>(glossary: &Glossary<'a>, query: &str, limit: usize) -> Vec<Hit<'a>> {
    let query = query
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(query, |(at, _)| &query[..at]);
    let folded = fold(query, Case::Fold);
    let typing = !folded.ends_with(' ');
    let mut query_words: Vec<String> = words(&folded)
        .take(MAX_WORDS)
        .map(|(_, w)| w.chars().take(MAX_WORD_CHARS).collect())
        .collect();
    // In a query of several words, function words ("på", "og") carry no meaning of their own;
    // a query of only such words keeps them.
    let mut last_is_prefix = typing;
    drop_weak(&mut query_words, &mut last_is_prefix, is_function_word);
    // So is a word of one letter in a query with longer ones: still being typed last, it says
    // nothing yet ("rente o" on the way to "rente og inflation"); elsewhere, and on its own,
    // it finds no stems (see `candidates`), for in an article's text one letter is a piece of
    // a name ("e" of "e-mail", "s" of "BNP's", "p" of "S&P"), and such pieces outscored every
    // name that starts with the letter typed first. The name bonus still compares the whole
    // query.
    drop_weak(&mut query_words, &mut last_is_prefix, |w| {
        w.chars().count() < 2
    });
    let articles = glossary.articles();
    if query_words.is_empty() || limit == 0 || articles.is_empty() {
        return Vec::new();
    }
    let terms = glossary.terms();
    // Each word with the index stems it finds. A word that finds none, not even by a typo, may
    // be a Danish compound of two words the index has: it is searched as those two words
    // ("obligationsrente" as "obligation rente"; see `compound_parts`).
    let mut split: Vec<(String, [String; 2])> = Vec::new();
    let mut planned: Vec<(String, Vec<(&Term, Kind)>)> = Vec::new();
    let count = query_words.len();
    for (i, word) in query_words.into_iter().enumerate() {
        let prefix = i + 1 == count && last_is_prefix;
        // The word, then in its place the two parts of a compound (last first, as they are
        // popped): one call of `candidates`, whose code the module then holds once.
        let mut todo = vec![(word, prefix, true)];
        while let Some((word, prefix, whole)) = todo.pop() {
            let found = candidates(terms, &word, prefix);
            if let Some((parts, first_known)) = (found.is_empty() && whole)
                .then(|| compound_parts(terms, glossary.forms(), &word))
                .flatten()
            {
                let [first, second] = parts.clone();
                todo.push((second, prefix, false));
                // A first part the index lacks ("studie" of "studielån") would find nothing,
                // and halve the share of the query's words an article matches.
                if first_known {
                    todo.push((first, false, false));
                }
                split.push((word, parts));
            } else {
                // Nothing as typed: a typo in the part typed so far? A whole-word typo found
                // instead is often of some other, shorter word ("valtu" of the stem of
                // "vælter", on the way to "valuta"), so it does not stop the question.
                let mut found = found;
                if prefix && found.iter().all(|(_, kind)| kind.is_typo()) {
                    prefix_typos(terms, &word, &mut found);
                }
                planned.push((word, found));
            }
        }
    }
    let query_words: Vec<&str> = planned.iter().map(|(w, _)| w.as_str()).collect();
    let lengths = glossary.lengths();
    let average = glossary.average_length();
    let n = articles.len() as f32;

    let mut scores = Scores::new(articles.len());
    let mut matched = vec![0u8; articles.len()];
    let mut found_stems: BTreeSet<&str> = BTreeSet::new();
    // A word's best match per article, by the stems it found as typed (exact, read with æ, ø
    // and å, or as a prefix) and by those it found only as typos; emptied after each word.
    let mut typed = Scores::new(articles.len());
    let mut typos = Scores::new(articles.len());
    let mut postings: Vec<(u32, f32)> = Vec::new();
    // The articles a word found only by typos and scaled below those it found as typed, with
    // their scores before: a typo of a name may be among them (see `name_typo_bonus`).
    let mut guessed: Vec<(usize, f32)> = Vec::new();
    for (_, found) in planned.iter() {
        // The typos of a word share the document frequency of the most frequent of them, and
        // each counts the square root of its own frequency's share of that one. A rare stem
        // has a high IDF, which is right for a word the reader typed and wrong for a guess at
        // what they meant: "aktiee" is one edit from "akti" (23 of 46 articles) and from
        // "aktiv" (13), and the reader far more likely meant the common one. (Lucene's fuzzy
        // queries blend frequencies the same way; the square root keeps an article about a
        // rarer stem in reach.) A typo shares only with those as close as it or closer: a guess
        // one edit away is not made less likely by a common stem two edits away ("investeringfo"
        // is one edit from the beginning of "investeringsforening" and two from "investering").
        // The most frequent typo of each distance, by index (0 unused).
        let mut typo_df = [0usize; 3];
        for (term, kind) in found {
            if let Kind::Typo(d) = kind {
                let slot = &mut typo_df[(*d).min(2)];
                *slot = (*slot).max(term.postings().count());
            }
        }
        typo_df[2] = typo_df[2].max(typo_df[1]);
        for &(term, kind) in found {
            found_stems.insert(term.stem);
            // Decoded once: the count is the document frequency, and the pairs are scored.
            postings.clear();
            postings.extend(term.postings());
            let (df, best, prior) = if let Kind::Typo(d) = kind {
                let df = postings.len().max(typo_df[d.min(2)]) as f32;
                (df, &mut typos, (postings.len() as f32 / df).sqrt())
            } else {
                (postings.len() as f32, &mut typed, 1.0)
            };
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(article, weight) in &postings {
                let a = article as usize;
                let len = lengths.get(a).copied().unwrap_or(average);
                let bm25 =
                    idf * weight * (K1 + 1.0) / (weight + K1 * (1.0 - B + B * len / average));
                best.raise(a, bm25 * kind.trust() * prior);
            }
        }
        // An article the word found as typed never loses to one it found only by a typo: the
        // word's scores of the typo-only articles are scaled down, all by one factor (so their
        // order stays), until the best of them is at most what the weakest as-typed article
        // would score had it been found by one typo. "rente" finds Rente exactly and
        // Bruttonationalprodukt by "renset", whose weight and rarity would otherwise win.
        let mut weakest = f32::INFINITY;
        for (a, score) in typed.drain() {
            let score = score.max(typos.take(a));
            weakest = weakest.min(score);
            scores.add(a, score);
            if let Some(m) = matched.get_mut(a) {
                *m = m.saturating_add(1);
            }
        }
        let ceiling = weakest * Kind::Typo(1).trust();
        let strongest = typos.max();
        let scale = if strongest > ceiling {
            ceiling / strongest
        } else {
            1.0
        };
        for (a, score) in typos.drain() {
            if score > 0.0 {
                if scale < 1.0 {
                    guessed.push((a, score));
                }
                scores.add(a, score * scale);
                if let Some(m) = matched.get_mut(a) {
                    *m = m.saturating_add(1);
                }
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
    // A query whose every word is an index stem as typed is made of words of the glossary's
    // text, and taken as meant, not as a typo of a name: "aktiv" (assets) is one edit from the
    // title "Aktie". A typo's stem may be one ("renet" stems to "ren"), the typo itself rarely.
    let is_stem = |w: &str| has_stem(terms, w);
    let meant = query_words
        .iter()
        .all(|w| is_stem(w) || modern_spelling(w).is_some_and(|m| is_stem(&m)));
    let guessed = if meant { None } else { Some(&guessed[..]) };
    // Best score first, then by title; the article number settles equal titles, so the order
    // is total and [`best`] gives exactly the order a stable sort of `ranked` (ascending by
    // article) would. The name typo bonus chooses its candidates by it too (see [`Order`]).
    let order: Order<'_> = &|x: &(usize, f32), y: &(usize, f32)| {
        y.1.total_cmp(&x.1)
            .then_with(|| articles[x.0].title.cmp(articles[y.0].title))
            .then(x.0.cmp(&y.0))
    };
    // A question names its subject after its function words ("hvad er moms", "hvad er en
    // obligation"): the name bonus also compares what follows them, so that a question still
    // being typed ("hvad er m") lists the names its last letters begin, as the letters alone
    // would, where it listed nothing.
    let asked = words(&folded)
        .find(|(_, w)| !is_function_word(w))
        .filter(|&(at, _)| at > 0)
        .map(|(at, _)| &folded[at..]);
    let (given, starts) = name_bonus(
        glossary,
        &folded,
        asked,
        typing,
        &mut scores,
        guessed,
        order,
    );
    name_word_bonus(
        glossary,
        &folded,
        &split,
        &planned,
        &given,
        starts,
        &mut scores,
    );

    // A short query matches a good part of a large glossary (at 30,000 articles, often
    // thousands, with many equal scores whose titles must then be compared), and only `limit`
    // are shown: selecting them is one pass, where sorting all was most of the time of a
    // keystroke.
    best(&scores.ranked(), limit, order)
        .into_iter()
        .map(|(a, score)| {
            let article = &articles[a];
            let last_prefix = last_is_prefix
                .then(|| query_words.last().copied())
                .flatten();
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

/// Leaves out of `words` those that are `weak`, unless every word is. When the last word goes,
/// the word now last is complete (a space or another word follows it), not a prefix still
/// being typed.
fn drop_weak(words: &mut Vec<String>, last_is_prefix: &mut bool, weak: impl Fn(&str) -> bool) {
    if words.iter().all(|w| weak(w)) {
        return;
    }
    if words.last().is_some_and(|w| weak(w)) {
        *last_is_prefix = false;
    }
    words.retain(|w| !weak(w));
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

    /// The articles with a score above zero, with their scores, in no particular order.
    fn ranked(&self) -> Vec<(usize, f32)> {
        self.scored
            .iter()
            .map(|&a| (a, self.total.get(a).copied().unwrap_or(0.0)))
            .filter(|(_, s)| *s > 0.0)
            .collect()
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

    /// Article `a`'s score, leaving it at zero (the article stays in the list, with no score).
    fn take(&mut self, a: usize) -> f32 {
        self.total.get_mut(a).map_or(0.0, std::mem::take)
    }

    /// The highest score, 0 when none.
    fn max(&self) -> f32 {
        self.scored
            .iter()
            .filter_map(|&a| self.total.get(a))
            .fold(0.0, |m, &s| m.max(s))
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

/// Adds `term`, found as `kind`, to the stems a word found; a stem found before keeps the more
/// trusted of the two ways. (Whichever way came first must not decide: "oblgiatio" is two
/// edits from the whole stem "obligation", found first, and one from its beginning.)
// One copy in the module: inlined at each of its callers it took 1 KB more of the module (and
// 0.4 KB brotli), which the size budget has no room for; a call per stem found costs nothing
// measurable.
#[inline(never)]
fn add<'t, 'a>(term: &'t Term<'a>, kind: Kind, out: &mut Vec<(&'t Term<'a>, Kind)>) {
    match out.iter_mut().find(|(t, _)| std::ptr::eq(*t, term)) {
        Some((_, had)) if had.trust() >= kind.trust() => {}
        Some((_, had)) => *had = kind,
        None => out.push((term, kind)),
    }
}

/// The index stems a query word finds, each with the most trusted way it found it.
fn candidates<'t, 'a>(
    terms: &'t [Term<'a>],
    word: &str,
    prefix: bool,
) -> Vec<(&'t Term<'a>, Kind)> {
    let mut out: Vec<(&Term, Kind)> = Vec::new();
    // One letter is no word a reader looks up in the text (see `search`); as a query, it is the
    // start of a name, which the name bonus answers.
    if word.chars().count() < 2 {
        return out;
    }
    let mut spellings = vec![word.to_string()];
    spellings.extend(modern_spelling(word));
    let prefix = prefix && word.chars().count() >= 2;
    // A word typed without æ, ø and å is also read with them, found by binary searches (see
    // `readings`), for words of any length: "lan" is "lån", "bors" is "børs". Its legacy
    // spelling too ("borsmaegler" → "borsmægler" → "børsmægler"): a reader who types "ae" for
    // "æ" has no "ø" key either.
    let danish = may_lack_danish_letters(word);
    for spelling in &spellings {
        let stemmed = stem(spelling);
        for key in [stemmed.as_ref(), spelling.as_str()] {
            if let Ok(i) = terms.binary_search_by(|t| t.stem.cmp(key)) {
                add(&terms[i], Kind::Exact, &mut out);
            }
        }
        if prefix {
            let start = terms.partition_point(|t| t.stem < spelling.as_str());
            for term in terms[start..]
                .iter()
                .take_while(|t| t.stem.starts_with(spelling.as_str()))
                .take(MAX_PREFIX_TERMS)
            {
                add(term, Kind::Prefix, &mut out);
            }
        }
        if danish {
            let keys: &[&str] = if stemmed == spelling.as_str() {
                &[spelling.as_str()]
            } else {
                &[stemmed.as_ref(), spelling.as_str()]
            };
            for &key in keys {
                for (reading, range) in readings(terms, |t| t.stem, key) {
                    if let Some(term) = range.first().filter(|t| t.stem == reading) {
                        add(term, Kind::Danish, &mut out);
                    }
                    if prefix && key == spelling.as_str() {
                        for term in range.iter().take(MAX_PREFIX_TERMS) {
                            add(term, Kind::Prefix, &mut out);
                        }
                    }
                }
            }
        }
        // The budget follows the length of what is compared: "moms" is 4 letters, but its stem
        // "mom" is 3, one edit from "om" and "mod". A typo'd word's stem is often no stem of
        // anything ("renet", "rente" with two letters swapped, stems to "ren"), so the word as
        // typed is compared too when it differs from its stem: "renet" is one edit from
        // "rent". Both are compared in one pass over the stems they share first letters with
        // (a stem mostly begins with the word, so it is the same range).
        let mut keys = vec![TypoKey::new(stemmed.as_ref(), danish)];
        if stemmed != spelling.as_str() {
            keys.push(TypoKey::new(spelling, danish));
        }
        keys.retain(|k| k.budget > 0);
        // Sorted without repeats, by insertion: at most eight letters, and no sort to compile.
        // A first letter typed without æ, ø and å may stand for one ("okonmoisk" is a slip in
        // "økonomisk"), so the stems that start with it are compared too.
        let mut first: Vec<char> = Vec::new();
        for key in &keys {
            let second = key.key.chars().nth(1);
            for c in first_letters(key.key, danish).into_iter().chain(second) {
                if let Err(at) = first.binary_search(&c) {
                    first.insert(at, c);
                }
            }
        }
        for term in typo_range(terms, first) {
            for key in &mut keys {
                let Some(d) = key.distance(term.stem) else {
                    continue;
                };
                if d == 0 {
                    // Equal but for letters typed without æ, ø and å.
                    if term.stem != key.key {
                        add(term, Kind::Danish, &mut out);
                    }
                } else if d <= typo_budget(term.stem.chars().count()) {
                    // A stem shorter than the word gets the budget of its own length: "rente"
                    // is not a typo of "ren".
                    add(term, Kind::Typo(d), &mut out);
                }
            }
        }
    }
    out
}

/// The stems whose beginning is within the typo budget of `word`, a word still being typed
/// that no stem is or begins with ([`candidates`] found typos of whole stems at most, and
/// [`compound_parts`] nothing): it may hold a typo in what is there so far ("obilgat" on the
/// way to "obligation"), which no stem is, begins or is a typo of while the stem is longer.
/// The stems compared start with the word's first letter (or a Danish letter it may stand for,
/// [`first_letters`]), at most `MAX_PREFIX_TERMS` are taken for each, and the word needs five
/// letters: a typo in four would be the beginning of nearly
/// every stem that shares three of them. Stems that start with the word's second letter, which
/// the whole-word typos look at too, gave everyday words that are no terms absurd hits here
/// ("musik" found Risiko by "usikkerhed", "umulig" Markedsværdi by "mulighederne"), for no
/// gain on a term typed with a typo.
fn prefix_typos<'t, 'a>(terms: &'t [Term<'a>], word: &str, found: &mut Vec<(&'t Term<'a>, Kind)>) {
    for c in first_letters(word, may_lack_danish_letters(word)) {
        let range = letter_range(terms, c);
        let found_here = beginnings_within(
            range.len(),
            &|i| range[i].stem,
            word,
            MAX_PREFIX_TERMS,
            false,
        );
        for (i, d) in found_here {
            let kind = if d == 0 { Kind::Prefix } else { Kind::Typo(d) };
            add(&range[i], kind, found);
        }
    }
}

/// The first letter of `word` and, where `danish` (a word typed without æ, ø and å), the Danish
/// letters it may stand for ([`danish_readings`]): the letters the stems or names compared with
/// a misspelling start with. Empty for an empty word.
fn first_letters(word: &str, danish: bool) -> Vec<char> {
    let mut letters: Vec<char> = word.chars().take(1).collect();
    if let Some(&c) = letters.first().filter(|_| danish) {
        letters.extend_from_slice(danish_readings(c));
    }
    letters
}

/// The positions of the first `limit` of `count` sorted keys (read by `key`) whose beginning
/// is within the typo budget of `word`, with its distance, for a word of at least
/// [`MIN_PREFIX_TYPO_CHARS`] (none for a shorter one). The stems of [`prefix_typos`] and the
/// names of [`name_prefix_typos`]: one copy of the code for both, so the keys are read through
/// a function rather than a generic type.
fn beginnings_within<'k>(
    count: usize,
    key: &dyn Fn(usize) -> &'k str,
    word: &str,
    limit: usize,
    slips: bool,
) -> Vec<(usize, usize)> {
    let chars = word.chars().count();
    let mut out = Vec::new();
    if chars < MIN_PREFIX_TYPO_CHARS {
        return out;
    }
    let budget = if slips {
        slip_budget(chars)
    } else {
        typo_budget(chars)
    };
    let mut distance = if may_lack_danish_letters(word) {
        Distance::without_danish_letters(word)
    } else {
        Distance::new(word)
    };
    if slips {
        distance = distance.slips_only();
    }
    let mut at = 0;
    while at < count && out.len() < limit {
        let this = key(at);
        match distance.within_prefix(this, budget) {
            Ok(d) => {
                out.push((at, d));
                at += 1;
            }
            // The key's first `k` letters put every beginning out of reach, so they do for
            // every key that begins with them, which follow it in order: a large glossary has
            // thousands of stems per first letter, nearly all out of reach after three or four.
            Err(k) => {
                let same = this.char_indices().nth(k).and_then(|(i, _)| this.get(..i));
                let (mut lo, mut hi) = (at + 1, count);
                if let Some(same) = same {
                    while lo < hi {
                        let mid = lo + (hi - lo) / 2;
                        if key(mid).starts_with(same) {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                }
                at = lo;
            }
        }
    }
    out
}

/// A word (or stem) compared with index stems in the typo step of [`candidates`], with what
/// makes the comparisons cheap.
struct TypoKey<'w> {
    key: &'w str,
    /// The edits allowed by the length of `key` ([`typo_budget`]); a stem compared may allow
    /// fewer.
    budget: usize,
    distance: Distance,
    letters: Letters,
    /// How much shorter and longer, in bytes, a stem may be and still be within the budget.
    shorter: usize,
    longer: usize,
}

impl<'w> TypoKey<'w> {
    /// `key`, read with æ, ø and å where `danish` (a word typed without them).
    fn new(key: &'w str, danish: bool) -> TypoKey<'w> {
        TypoKey::with_budget(key, danish, typo_budget(key.chars().count()))
    }

    /// The key, with edits counted as slips of the fingers ([`Distance::slips_only`]), within
    /// `budget`: for a typo that would name an article. The letter counts stay a lower bound,
    /// since a changed letter only costs more.
    fn slips(key: &'w str, danish: bool, budget: usize) -> TypoKey<'w> {
        let key = TypoKey::with_budget(key, danish, budget);
        TypoKey {
            distance: key.distance.slips_only(),
            ..key
        }
    }

    fn with_budget(key: &'w str, danish: bool, budget: usize) -> TypoKey<'w> {
        let (distance, letters) = if danish {
            (
                Distance::without_danish_letters(key),
                Letters::without_danish_letters(key),
            )
        } else {
            (Distance::new(key), Letters::of(key))
        };
        // Byte lengths differ by at most 2 per edit (æ, ø, å are 2 bytes), and, for a word
        // read with æ, ø and å, by 1 more for each a, o or e that reads as one.
        let shorter = 2 * budget;
        let longer = 2 * budget
            + if danish {
                key.matches(['a', 'o', 'e']).count()
            } else {
                0
            };
        TypoKey {
            key,
            budget,
            distance,
            letters,
            shorter,
            longer,
        }
    }

    /// The distance from the key to `stem`, if it is within the key's budget.
    fn distance(&mut self, stem: &str) -> Option<usize> {
        if stem.len() + self.shorter < self.key.len() || stem.len() > self.key.len() + self.longer {
            return None;
        }
        // Thousands of stems share a first letter in a large glossary, and nearly all are far
        // from the word; counting letters rules them out for a fraction of the cost of the
        // distance table, and never rules out one within the budget.
        if self.letters.too_far(stem, self.budget) {
            return None;
        }
        self.distance.within(stem, self.budget)
    }
}

/// The readings of `word`, typed without æ, ø and å, with the Danish letters its plain letters
/// may stand for ([`danish_readings`]), that begin at least one key of `sorted` (sorted by
/// `key`): each with the keys that begin with it, the first of which is the reading itself
/// when it is a key. Only readings with at least one Danish letter are returned.
///
/// The readings are built letter by letter, and a reading that begins no key is dropped at
/// once, so a word with many a, o and e (3 × 2 × … readings) costs a few binary searches per
/// letter, not one per reading; at most `MAX_READINGS` are followed at a time.
fn readings<'s, T>(
    sorted: &'s [T],
    key: impl Fn(&T) -> &str,
    word: &str,
) -> Vec<(String, &'s [T])> {
    // (the reading so far, its keys, whether it has a Danish letter)
    let mut live: Vec<(String, &'s [T], bool)> = vec![(String::new(), sorted, false)];
    for typed in word.chars() {
        let mut next = Vec::new();
        for (reading, keys, danish) in &live {
            let letters = std::iter::once((typed, false))
                .chain(danish_readings(typed).iter().map(|&c| (c, true)));
            for (letter, is_danish) in letters {
                if next.len() == MAX_READINGS {
                    break;
                }
                let mut longer = reading.clone();
                longer.push(letter);
                let start = keys.partition_point(|k| key(k) < longer.as_str());
                let rest = &keys[start..];
                let end = rest.partition_point(|k| key(k).starts_with(longer.as_str()));
                if end > 0 {
                    next.push((longer, &rest[..end], *danish || is_danish));
                }
            }
        }
        live = next;
        if live.is_empty() {
            break;
        }
    }
    live.into_iter()
        .filter(|(_, _, danish)| *danish)
        .map(|(reading, keys, _)| (reading, keys))
        .collect()
}

/// How often each letter occurs in a word, for a cheap test that another word is too far from
/// it ([`Letters::too_far`]). Letters are counted in 32 buckets by their code point modulo 32:
/// a to z each have their own, and æ, ø and å share with f, x and e. Sharing only weakens the
/// test, never makes it wrong.
#[derive(Clone, Copy, Debug)]
struct Letters {
    counts: [i16; 32],
    len: usize,
    /// Whether the other word's æ, ø and å count as the plain letters typed for them.
    danish: bool,
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
        Letters {
            counts,
            len,
            danish: false,
        }
    }

    /// The letters of a word typed without æ, ø and å (or a legacy spelling of one, which has
    /// the æ, ø and å it spelled "ae", "oe", "aa"), to be compared as
    /// [`Distance::without_danish_letters`] does. In both words å counts as a and ø as o, as
    /// each only matches what shares its count. An æ of the other word, which a or e may stand
    /// for, is taken to match one of the word's letters and lowers no count: the test stays a
    /// lower bound, only a weaker one.
    fn without_danish_letters(word: &str) -> Letters {
        let plain: String = word
            .chars()
            .map(|c| match c {
                'å' => 'a',
                'ø' => 'o',
                c => c,
            })
            .collect();
        Letters {
            danish: true,
            ..Letters::of(&plain)
        }
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
            let c = match c {
                'å' if self.danish => 'a',
                'ø' if self.danish => 'o',
                'æ' if self.danish => continue,
                c => c,
            };
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
/// with its second, or with a Danish letter a plain first letter may stand for (`letters`,
/// sorted and without repeats; for a word and its stem, those of both). That covers typos after the first letter, a swap of the first two letters and a stray
/// letter typed first, and skips most of the index: the stems are sorted, so each letter's
/// stems are one binary-searched range. A wrong or missing first letter ("ønflation",
/// "bligation") is what this gives up, for a scan that stays small as the glossary grows.
fn typo_range<'t, 'a>(
    terms: &'t [Term<'a>],
    letters: Vec<char>,
) -> impl Iterator<Item = &'t Term<'a>> {
    letters
        .into_iter()
        .flat_map(move |c| letter_range(terms, c).iter())
}

/// The stems that start with `c`: one range, the stems being sorted.
fn letter_range<'t, 'a>(terms: &'t [Term<'a>], c: char) -> &'t [Term<'a>] {
    let mut buf = [0u8; 4];
    let start: &str = c.encode_utf8(&mut buf);
    let lo = terms.partition_point(|t| t.stem < start);
    let hi = lo + terms[lo..].partition_point(|t| t.stem.starts_with(start));
    &terms[lo..hi]
}

/// Adds the bonus for a query that is one of an article's names, or the start of one, and, when
/// no name is or begins with it, for a query within the typo budget of the title of an article
/// it found ([`name_typo_bonus`]). `folded` is the whole query, folded, and `asked` what follows
/// its leading function words, compared when no name begins with the whole; `guessed`, the articles
/// a word found only by typos that were put below the articles it found as typed, with their
/// scores before that, or `None` for a query taken as meant, never as a typo of a name.
/// Returns the articles given a bonus for a typo of their title, and the bonuses for a name
/// typed with a slip ([`name_prefix_typos`]), which [`name_word_bonus`] weighs with its own.
fn name_bonus(
    glossary: &Glossary<'_>,
    folded: &str,
    asked: Option<&str>,
    typing: bool,
    scores: &mut Scores,
    guessed: Option<&[(usize, f32)]>,
    order: Order<'_>,
) -> (Vec<u32>, Vec<(u32, f32)>) {
    let forms = glossary.forms();
    let begin = |key: &str| forms_beginning(forms, key);
    // The query as typed; without what is not part of a word at either end (a question or a
    // name copied from a sentence: "børsmægler?", "BNP.", a pasted `"aktie` or "(rente)"); its
    // words joined by one space (whatever stands between them). The first that a name begins
    // with is compared, so a name with punctuation in it ("back-office", "bnp's") is still
    // compared as typed; when no name begins with any, the words are.
    let typed = folded.trim();
    let trimmed = typed.trim_matches(|c: char| !is_word_char(c));
    let joined = name_key(folded);
    // Last, the words written together: a name split by the reader ("stock broker" for
    // "stockbroker", "real kredit") is one word to the glossary.
    let closed = joined.replace(' ', "");
    let asked = asked.map(|a| a.trim().trim_matches(|c: char| !is_word_char(c)));
    let key = [typed, trimmed]
        .into_iter()
        .find(|k| !k.is_empty() && !begin(k).is_empty())
        .or_else(|| (closed != joined && !begin(&closed).is_empty()).then_some(closed.as_str()))
        .or_else(|| asked.filter(|a| !a.is_empty() && !begin(a).is_empty()))
        .unwrap_or(joined.as_str());
    let mut keys = vec![key.to_string()];
    keys.extend(modern_spelling(key));
    let mut named = false;
    for key in keys.iter().filter(|k| !k.is_empty()) {
        let keyed = begin(key);
        named |= !keyed.is_empty();
        name_bonus_for(key, keyed, 1.0, typing, scores);
    }
    // A query typed without æ, ø and å is also read with them ("lan" is the name "lån"), a
    // little below the query as typed, as for stems.
    let danish = may_lack_danish_letters(key);
    if danish {
        for key in &keys {
            // Only the readings that begin a name are returned.
            for (reading, keyed) in readings(forms, form_key, key) {
                named = true;
                name_bonus_for(&reading, keyed, DANISH_TRUST, typing, scores);
            }
        }
    }
    let mut given = Vec::new();
    let mut starts = Vec::new();
    if let Some(guessed) = guessed.filter(|_| !named) {
        name_typo_bonus(glossary, &keys, danish, scores, guessed, order, &mut given);
        // One word, as long as a query word may be (a pasted text is no name being typed).
        if typing && !key.contains(' ') && key.chars().nth(MAX_WORD_CHARS).is_none() {
            starts = name_prefix_typos(forms, key, &given);
        }
    }
    (given, starts)
}

/// Adds [`NAME_WORD_BONUS`] to each article one of whose names is a word, or a run of words,
/// of a query of several words: "hvordan virker renten" is a question about Rente, though
/// Rente's text lacks "virker" and many other articles have both words. The runs are taken
/// leftmost-longest, as the page matcher takes them ("økonomisk planlægger" names Økonomisk
/// planlægger, not Planlægger too), at most [`MAX_NAME_WORDS`] words long; a run that is the
/// whole query is the name bonus's ([`name_bonus`]), and a function word alone names nothing.
/// Each article gets the bonus once, the largest any of the query's words or runs gives it
/// (the order of the words does not matter: "guld og gæld" and "gæld og guld" are the same
/// question), and none that a typo of its title gave the name bonus (`given`). `starts`, the
/// bonuses for a name being typed with a slip ([`name_prefix_typos`]), are weighed the same
/// way: one guess at a name gives one bonus, the largest.
///
/// A word that names nothing and found stems only as typos may be a typo of a name: the
/// articles whose names (or their inflections) are closest to the word, within
/// [`slip_budget`] counted as slips of the fingers, get the bonus times the trust of a typo of
/// that many edits ([`typo_names`]). "aktier og obilgationer" asks about
/// Obligation as much as about Aktie, and "obilgationer" alone is three edits from the title,
/// too far for the title typo of [`name_bonus`], and one from the name's inflection
/// "obligationer".
fn name_word_bonus(
    glossary: &Glossary<'_>,
    folded: &str,
    split: &[(String, [String; 2])],
    planned: &[(String, Vec<(&Term<'_>, Kind)>)],
    given: &[u32],
    starts: Vec<(u32, f32)>,
    scores: &mut Scores,
) {
    let forms = glossary.forms();
    // A compound searched as its two words (`split`, see `compound_parts`) is two words here.
    // With each word, whether it is the first part of such a compound, which only says what
    // kind of thing the last part is ("studie" of "studielån").
    let mut all: Vec<&str> = Vec::new();
    let mut firsts: Vec<bool> = Vec::new();
    for (_, word) in words(folded).take(MAX_WORDS) {
        match split.iter().find(|(compound, _)| compound == word) {
            Some((_, [first, second])) => {
                all.extend([first.as_str(), second.as_str()]);
                firsts.extend([true, false]);
            }
            None => {
                all.push(word);
                firsts.push(false);
            }
        }
    }
    let mut bonuses = starts;
    let mut i = 0;
    while i < all.len() {
        let longest = (1..=MAX_NAME_WORDS.min(all.len() - i)).rev().find_map(|n| {
            let run = all.get(i..i + n)?;
            if run.len() == all.len() || (n == 1 && is_function_word(run.first()?)) {
                return None;
            }
            // A Danish compound name is often written apart ("kunde vendt" for "kundevendt"):
            // a run of words is also compared written together.
            named(forms, &run.join(" "))
                .or_else(|| (n > 1).then(|| named(forms, &run.concat())).flatten())
                .map(|named| (n, named))
        });
        let Some((n, (article, trust))) = longest else {
            // A word that names nothing may be a compound of the glossary's text with a name
            // in it: "pensionsopsparing" is about Pension, and the one article whose text has
            // the whole word came first without this.
            let word = all.get(i).copied().unwrap_or_default();
            let names = compound_names(glossary, word);
            let last_names = names.iter().any(|&(_, last)| last);
            for (article, last) in names {
                let share = if last_names && !last {
                    FIRST_PART_SHARE
                } else {
                    1.0
                };
                keep_best(&mut bonuses, article, COMPOUND_NAME_BONUS * share);
            }
            if let Some((_, found)) = planned.iter().find(|(w, _)| w == word) {
                typo_names(forms, word, found, &mut bonuses);
            }
            i += 1;
            continue;
        };
        let first_part = n == 1 && firsts.get(i).copied().unwrap_or(false);
        let last_named = || all.get(i + 1).is_some_and(|w| named(forms, w).is_some());
        let share = if first_part && last_named() {
            FIRST_PART_SHARE
        } else {
            1.0
        };
        keep_best(&mut bonuses, article, NAME_WORD_BONUS * trust * share);
        i += n;
    }
    for (article, bonus) in bonuses {
        if !given.contains(&article) {
            scores.add(article as usize, bonus);
        }
    }
}

/// The articles named by a part of `word`, a Danish compound that is a word of the index as
/// typed (a typo is left to the typo rules) but no name itself, each with whether it is named
/// by the last part: "pensionsopsparing" names Pension by "pensions" (first), "udbytteskat"
/// names Udbytte (first) and Skat (last). The part beside a name must be a word of the index
/// too, and each has at least three letters ([`compound_cuts`]), so that a name at the start
/// of an unrelated word ("bank" in "bankerot") names nothing.
fn compound_names(glossary: &Glossary<'_>, word: &str) -> Vec<(u32, bool)> {
    let (forms, terms) = (glossary.forms(), glossary.terms());
    let known = |w: &str| is_index_word(terms, w);
    let mut found: Vec<(u32, bool)> = Vec::new();
    let cuts = compound_cuts(word);
    if cuts.is_empty() || !known(word) || named(forms, word).is_some() {
        return found;
    }
    // A word that stems to a part of itself is that word inflected or derived, not a compound:
    // "gældende" (in force) stems to "gæld" (debt), and "ende" is a word too.
    let whole = stem(word);
    for (firsts, second) in cuts {
        if firsts[0].is_some_and(|first| stem(first) == whole) {
            continue;
        }
        // Parts are compared as typed: the whole word is one of the index as typed, so its
        // parts need no reading with æ, ø and å, which would cost a search per cut.
        let named_first = firsts
            .into_iter()
            .flatten()
            .find_map(|f| named_as_typed(forms, f));
        let named_second = named_as_typed(forms, second);
        let first_known = named_first.is_some() || firsts.into_iter().flatten().any(known);
        let second_known = named_second.is_some() || ends_compound(terms, second);
        let pairs = [
            (named_first, second_known, false),
            (named_second, first_known, true),
        ];
        for (name, other_known, last) in pairs {
            if let Some(name) = name.filter(|_| other_known) {
                match found.iter_mut().find(|(a, _)| *a == name) {
                    Some((_, was_last)) => *was_last |= last,
                    None => found.push((name, last)),
                }
            }
        }
    }
    found
}

/// Adds to `out` the articles of which `word` is likeliest a typo of a name, with
/// [`NAME_WORD_BONUS`] times the trust of a typo of that many edits, when every stem the word
/// `found` is a typo (so it is no word of the glossary's text as typed: "aktiver" finds "aktiv"
/// and names no Aktie).
///
/// The names compared are the forms (names and inflections) that begin with those stems
/// ("obligation", "obligationer", …), compared with the word and its legacy spelling as the typo
/// step compares stems, within the budget of the shorter; only the nearest count, so a word one
/// edit from a name does not also lift the articles two edits away. Edits are counted as slips
/// ([`Distance::slips_only`]): letters swapped, dropped or doubled ("obilgationer",
/// "likvidtet") or a neighbouring key; a letter changed for one elsewhere on the keyboard
/// counts two, for it makes another word, which a reader who asks "er guld en god investering"
/// means ("guld" is no slip from "gæld", nor "skak" from "skat", "profil" from "profit"). At most
/// [`MAX_PREFIX_FORMS`] forms are looked at for a word; search-only forms are everyday words,
/// which a typo does not name.
fn typo_names(
    forms: &[Form<'_>],
    word: &str,
    found: &[(&Term<'_>, Kind)],
    out: &mut Vec<(u32, f32)>,
) {
    if found.iter().any(|(_, kind)| !kind.is_typo()) {
        return;
    }
    let modern = modern_spelling(word);
    let mut keys: Vec<TypoKey<'_>> = std::iter::once(word)
        .chain(modern.as_deref())
        .map(|k| {
            TypoKey::slips(
                k,
                may_lack_danish_letters(k),
                slip_budget(k.chars().count()),
            )
        })
        .collect();
    // (article, edits), the nearest names only.
    let mut near: Vec<(u32, usize)> = Vec::new();
    let mut looked = 0;
    'stems: for (term, _) in found {
        for form in forms_beginning(forms, term.stem) {
            looked += 1;
            if looked > MAX_PREFIX_FORMS {
                break 'stems;
            }
            if form.search_only {
                continue;
            }
            for key in &mut keys {
                // The name's own budget (the shorter's) is counted only for a name within the
                // key's: most of the forms looked at are ruled out by their length first.
                let Some(d) = key
                    .distance(form.folded)
                    .filter(|&d| d > 0 && d <= slip_budget(form.folded.chars().count()))
                else {
                    continue;
                };
                let nearest = near.first().map_or(usize::MAX, |&(_, e)| e);
                if d < nearest {
                    near.clear();
                }
                if d <= nearest && !near.iter().any(|&(a, _)| a == form.article) {
                    near.push((form.article, d));
                }
            }
        }
    }
    for (article, d) in near {
        keep_best(out, article, NAME_WORD_BONUS * Kind::Typo(d).trust());
    }
}

/// Puts `bonus` for `article` in `out`, or raises the one it has there to it.
fn keep_best(out: &mut Vec<(u32, f32)>, article: u32, bonus: f32) {
    match out.iter_mut().find(|(a, _)| *a == article) {
        Some((_, had)) => *had = had.max(bonus),
        None => out.push((article, bonus)),
    }
}

/// The start-of-name bonus for a query still being typed that no name begins with, but one
/// has a beginning within the typo budget of ([`beginnings_within`], as for stems, but with
/// edits counted as slips of the fingers, [`Distance::slips_only`]): [`NAME_START_BONUS`]
/// times the share of the name typed and the trust of a typo of that many edits, for the
/// nearest names only. "resultatpogørel" on the way to "resultatopgørelse" is one edit from its
/// beginning, and three from the stem "resultatopgør", whose end it has passed; a long compound
/// name is where a slip is most likely. An everyday word being typed is often a changed letter
/// from a name ("langt" from "lånet"), which is no slip unless the keys are neighbours.
///
/// The names compared begin with the query's first letter (or a Danish letter it may stand
/// for); at most [`MAX_PREFIX_FORMS`] of them within the budget and [`MAX_PREFIX_TERMS`]
/// articles are taken. Articles in `given` (a typo of the title already gave them a name bonus)
/// get nothing more. The bonuses are returned, not added: the name word bonus, which may guess
/// at the same name from the finished word ("obligationermes"), weighs them with its own and
/// gives each article the larger.
fn name_prefix_typos(forms: &[Form<'_>], key: &str, given: &[u32]) -> Vec<(u32, f32)> {
    // (article, bonus) at the nearest distance found so far.
    let mut best: Vec<(u32, f32)> = Vec::new();
    let mut nearest = usize::MAX;
    for c in first_letters(key, may_lack_danish_letters(key)) {
        let mut buf = [0u8; 4];
        let range = forms_beginning(forms, c.encode_utf8(&mut buf));
        let within = beginnings_within(
            range.len(),
            &|i| range[i].folded,
            key,
            MAX_PREFIX_FORMS,
            true,
        );
        for (i, d) in within {
            let form = &range[i];
            if d == 0 || d > nearest || form.search_only || given.contains(&form.article) {
                continue;
            }
            if d < nearest {
                nearest = d;
                best.clear();
            }
            if best.len() == MAX_PREFIX_TERMS {
                break;
            }
            let share = (key.len() as f32 / form.folded.len() as f32).min(1.0);
            keep_best(
                &mut best,
                form.article,
                NAME_START_BONUS * share * Kind::Typo(d).trust(),
            );
        }
    }
    best
}

/// The two words of a Danish compound that is no word of the index, when both are
/// ("obligationsrente" → "obligations", "rente"; "momsfradrag" → "moms", "fradrag"), compared
/// as the index compares words ([`is_index_word`]), with `true`; or else, when the second part
/// is an article's name as typed, that cut with `false`: the first part is no word of the
/// index, and a compound names what its last part names ("studielån" is a loan, "firmapension"
/// a pension). A linking "s" or "e" that makes the first part no word ("skatte-" where only
/// "skat" is known) is dropped. The first word is taken as long as it can be, the name as long
/// as it can be. [`search`] asks only for a word that finds no stem at all, not even by a typo:
/// a typo of a known word stays a typo.
fn compound_parts(
    terms: &[Term<'_>],
    forms: &[Form<'_>],
    word: &str,
) -> Option<([String; 2], bool)> {
    let known = |w: &str| is_index_word(terms, w);
    if known(word) {
        return None;
    }
    let cuts = compound_cuts(word);
    for (firsts, second) in cuts.iter().rev() {
        if !ends_compound(terms, second) {
            continue;
        }
        if let Some(first) = firsts.iter().flatten().find(|f| known(f)) {
            return Some(([first.to_string(), second.to_string()], true));
        }
    }
    for ([first, _], second) in cuts {
        if named_as_typed(forms, second).is_some() && !is_function_word(second) {
            return Some(([first?.to_string(), second.to_string()], false));
        }
    }
    None
}

/// The ways to cut `word` into the two words of a compound, the first part shortest first: the
/// first part as written and, when a linking "s" or "e" ends it and three letters are left,
/// without it ("pensions-", "skatte-"); then the second part. Each part has at least three
/// letters, so that short stems ("om", "ret") do not make compounds of everything; a word of
/// fewer than six has none.
fn compound_cuts(word: &str) -> Vec<([Option<&str>; 2], &str)> {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    if n < 6 {
        return Vec::new();
    }
    starts[3..=n - 3]
        .iter()
        .map(|&at| {
            let (first, second) = word.split_at(at);
            let bare = first
                .strip_suffix(['s', 'e'])
                .filter(|b| b.chars().count() >= 3);
            ([Some(first), bare], second)
        })
        .collect()
}

/// The article of which `key` is a name, as typed or in its modern spelling, or else either read
/// with æ, ø and å (trusted a little less); search-only forms count, as for the name bonus. A
/// reader who types "ae" for "æ" has no "ø" key either: "borsmaegler" is "borsmægler" in the
/// modern spelling, and that is "børsmægler" read with ø, as [`candidates`] reads it too.
fn named(forms: &[Form<'_>], key: &str) -> Option<(u32, f32)> {
    if let Some(article) = named_as_typed(forms, key) {
        return Some((article, 1.0));
    }
    if !may_lack_danish_letters(key) {
        return None;
    }
    std::iter::once(key.to_string())
        .chain(modern_spelling(key))
        .find_map(|spelling| {
            readings(forms, form_key, &spelling)
                .into_iter()
                .find_map(|(reading, keyed)| keyed.first().filter(|f| f.folded == reading))
        })
        .map(|f| (f.article, DANISH_TRUST))
}

/// The article of which `key` is a name as typed or in its modern spelling. Kept out of line:
/// inlined at its callers it took 0.7 KB of the module.
#[inline(never)]
fn named_as_typed(forms: &[Form<'_>], key: &str) -> Option<u32> {
    let exact = |key: &str| {
        forms_beginning(forms, key)
            .first()
            .filter(|f| f.folded == key)
            .map(|f| f.article)
    };
    exact(key).or_else(|| modern_spelling(key).and_then(|m| exact(&m)))
}

/// Whether the index has `key` as a stem.
fn has_stem(terms: &[Term<'_>], key: &str) -> bool {
    terms.binary_search_by(|t| t.stem.cmp(key)).is_ok()
}

/// Whether `word` can be the second part of a compound: a word of the index, and one of
/// content. A Danish compound ends in one: "dividend" is no "divid" and "end" (than), which
/// found Likviditet by a stem of "dividere" alone. (The index is asked first: the function
/// words' list is read through on each question.)
fn ends_compound(terms: &[Term<'_>], word: &str) -> bool {
    is_index_word(terms, word) && !is_function_word(word)
}

/// Whether `word` is a word of the index, compared as the index compares words: stemmed, or as
/// written.
fn is_index_word(terms: &[Term<'_>], word: &str) -> bool {
    has_stem(terms, &stem(word)) || has_stem(terms, word)
}

/// The forms (sorted by `folded`) that begin with `key`; the first is `key` itself when it is
/// a form.
fn forms_beginning<'f, 'a>(forms: &'f [Form<'a>], key: &str) -> &'f [Form<'a>] {
    let start = forms.partition_point(|f| f.folded < key);
    let end = start + forms[start..].partition_point(|f| f.folded.starts_with(key));
    &forms[start..end]
}

/// A form's sort key, for [`readings`]: one function, so the module holds one copy of it for
/// forms.
fn form_key<'f>(form: &'f Form<'_>) -> &'f str {
    form.folded
}

/// The name a query is compared with, and a title is when it is compared with a query: the
/// words of a folded text ([`words`]) joined by one space.
fn name_key(folded: &str) -> String {
    let mut key = String::with_capacity(folded.len());
    for (_, word) in words(folded) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// The bonus for a query that is a typo of an article's title, given to the articles among the
/// best the query found (see the module docs): 20 times the trust of a typo of that many edits,
/// so a name typo comes before the articles found by the same words as typed, and below an
/// exact name. `keys` are the query's words joined by one space and its legacy spelling,
/// compared as typed without æ, ø and å where `danish`.
///
/// What bounds the work, whatever the size of the glossary: two selections ([`best`]), each
/// linear in the articles the query found (as the ranking's own selection is), then at most
/// `2 * MAX_NAME_TYPOS` titles, each folded and compared by a count of letters and, unless that
/// rules it out, a distance table of the title's length by the query's, which differ by at most
/// two (the budget; [`Distance::within`] stops before the table on a larger difference).
fn name_typo_bonus(
    glossary: &Glossary<'_>,
    keys: &[String],
    danish: bool,
    scores: &mut Scores,
    guessed: &[(usize, f32)],
    order: Order<'_>,
    given: &mut Vec<u32>,
) {
    // The same keys as the typo step's, so the same letter counts and distance tables.
    let mut keys: Vec<TypoKey<'_>> = keys
        .iter()
        .map(|k| TypoKey::slips(k, danish, typo_budget(k.chars().count())))
        .filter(|k| k.budget > 0)
        .collect();
    if keys.is_empty() {
        return;
    }
    // The best articles by score, and the best of those a word found only by typos by their
    // score before they were put below the articles it found as typed: "renet" finds the many
    // articles with "ren" as typed and Rente only by the typo "rent", and in a large glossary
    // Rente would not be among the best by score.
    let mut candidates = top(&scores.ranked(), MAX_NAME_TYPOS, order);
    // At most 2 × MAX_NAME_TYPOS: a linear check for repeats costs less code than a sort.
    for a in top(guessed, MAX_NAME_TYPOS, order) {
        if !candidates.contains(&a) {
            candidates.push(a);
        }
    }
    let articles = glossary.articles();
    for a in candidates {
        let Some(article) = articles.get(a) else {
            continue;
        };
        let title = name_key(&fold(article.title, Case::Fold));
        // The budget of the shorter, as in the typo step: the key's within `distance`, the
        // title's here.
        let title_budget = typo_budget(title.chars().count());
        if title_budget == 0 {
            continue;
        }
        let edits = keys
            .iter_mut()
            .filter_map(|k| k.distance(&title))
            .filter(|&d| d <= title_budget)
            .min();
        // No edits: the title read as words, as the query is ("back office" for "Back-office"):
        // the name itself, though no stored name begins with the query.
        if let Some(d) = edits {
            let trust = if d == 0 { 1.0 } else { Kind::Typo(d).trust() };
            scores.add(a, NAME_BONUS * trust);
            given.extend(u32::try_from(a));
        }
    }
}

/// The ranking order of `(article, score)` pairs that [`search`] defines: best score first,
/// then by title and article. One order, passed by reference everywhere, so that the selection
/// and sorting code is compiled once (each comparator would add about 6 KB to the module).
type Order<'o> = &'o dyn Fn(&(usize, f32), &(usize, f32)) -> std::cmp::Ordering;

/// The articles of the `n` best scores in `scored`.
fn top(scored: &[(usize, f32)], n: usize, order: Order<'_>) -> Vec<usize> {
    best(scored, n, order).into_iter().map(|(a, _)| a).collect()
}

/// The first `n` of `items` in `order`, in that order.
///
/// A heap of the best `n` so far, the last of them on top: an item that does not come before
/// it costs one comparison, one that does replaces it in `log n` steps, so the work is
/// `items × log n` whatever order the items come in; the kept ones are then heap-sorted. Written
/// out rather than the standard library's `select_nth_unstable_by` and `sort_unstable_by`,
/// whose selection and pattern-defeating quicksort were about 14 KB of the module's code. (A
/// sorted vector with insertion, tried first, is as small but moves up to `n` items per
/// insertion: 5 ms for 30,000 items with equal scores and descending titles at `n` = 100.)
fn best(items: &[(usize, f32)], n: usize, order: Order<'_>) -> Vec<(usize, f32)> {
    let mut heap: Vec<(usize, f32)> = Vec::with_capacity(n.min(items.len()));
    for item in items {
        if heap.len() < n {
            heap.push(*item);
            let mut i = heap.len() - 1;
            while i > 0 {
                let parent = (i - 1) / 2;
                if order(&heap[i], &heap[parent]).is_le() {
                    break;
                }
                heap.swap(i, parent);
                i = parent;
            }
        } else if heap.first().is_some_and(|last| order(item, last).is_lt()) {
            heap[0] = *item;
            sift_down(&mut heap, order);
        }
    }
    // The last kept goes to the end, then the last of the rest before it, and so on.
    for end in (1..heap.len()).rev() {
        heap.swap(0, end);
        sift_down(&mut heap[..end], order);
    }
    heap
}

/// Restores [`best`]'s heap (every item comes after its children in `order`) after its top was
/// replaced.
fn sift_down(heap: &mut [(usize, f32)], order: Order<'_>) {
    let mut i = 0;
    loop {
        let left = 2 * i + 1;
        if left >= heap.len() {
            return;
        }
        let right = left + 1;
        let child = if right < heap.len() && order(&heap[right], &heap[left]).is_gt() {
            right
        } else {
            left
        };
        if order(&heap[child], &heap[i]).is_le() {
            return;
        }
        heap.swap(i, child);
        i = child;
    }
}

/// The name bonus for one reading of the query, `key`, given the forms that begin with it
/// (sorted), times `trust`.
fn name_bonus_for(key: &str, keyed: &[Form<'_>], trust: f32, typing: bool, scores: &mut Scores) {
    if let Some(form) = keyed.first().filter(|f| f.folded == key) {
        scores.add(form.article as usize, NAME_BONUS * trust);
    }
    // Even one typed letter finds the terms whose names start with it: a reader expects the
    // list to react to the first keystroke. Search-only forms are left out here (see the
    // module docs).
    //
    // The bound is on articles, not forms: every name has a dozen or more inflections, so the
    // first 64 forms starting with "f" were the names of two or three articles, and Front office
    // was not among them. The forms looked at are bounded too, for a glossary of many
    // thousands of names starting with the letter.
    if typing {
        let mut given: BTreeSet<u32> = BTreeSet::new();
        let mut previous = None;
        let marked = keyed.iter().filter(|f| !f.search_only);
        for form in marked.take(MAX_PREFIX_FORMS) {
            if given.len() == MAX_PREFIX_TERMS {
                break;
            }
            // An article's inflections mostly sort together: the set is asked once for them.
            if form.folded.len() <= key.len() || previous == Some(form.article) {
                continue;
            }
            previous = Some(form.article);
            if given.insert(form.article) {
                let share = key.len() as f32 / form.folded.len() as f32;
                scores.add(form.article as usize, NAME_START_BONUS * share * trust);
            }
        }
    }
}

/// The visible text of rendered article HTML: tags removed, the entities the renderer writes
/// decoded, block ends as line breaks.
///
/// Any other line break is a space, as a browser shows it: the renderer writes a soft break
/// (a Markdown source wrapped within a paragraph) as a line break, and a snippet, which takes
/// lines for blocks, would otherwise cut a sentence where the source happened to wrap. Only
/// preformatted text (a code block) keeps its line breaks.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut pre = false;
    while let Some(lt) = rest.find(['<', '&']) {
        push_text(&mut out, &rest[..lt], pre);
        rest = &rest[lt..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            if tag.starts_with("<pre") {
                pre = true;
            } else if tag.starts_with("</pre") {
                pre = false;
            }
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
    push_text(&mut out, rest, pre);
    out
}

/// Appends text found between tags to `out`: verbatim in preformatted text, otherwise with
/// line breaks as spaces.
fn push_text(out: &mut String, text: &str, pre: bool) {
    if pre {
        out.push_str(text);
        return;
    }
    // White space right after a block end (the renderer's line break between blocks) is not
    // text of the next block.
    let text = if out.is_empty() || out.ends_with('\n') {
        text.trim_start()
    } else {
        text
    };
    out.extend(text.chars().map(|c| if c == '\n' { ' ' } else { c }));
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

/// The sentences of a line: each ends after ". " (the space kept with it), the last where the
/// line does. The same pieces as `line.split_inclusive(". ")`, which compiled the standard
/// library's substring searcher into the module for this one pattern (with
/// [`modern_spelling`]'s, 2 KB of code).
fn sentences(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        let end = rest
            .as_bytes()
            .windows(2)
            .position(|pair| pair == b". ")
            .map_or(rest.len(), |at| at + 2);
        // ". " is two ASCII bytes, so `end` is a character boundary.
        let sentence = rest.get(..end).filter(|s| !s.is_empty())?;
        rest = rest.get(end..).unwrap_or_default();
        Some(sentence)
    })
}

/// The passage of an article with the most matched words, and where they are.
fn snippet(plain: &Plain, stems: &BTreeSet<&str>, prefix: Option<&str>) -> (String, Vec<[u32; 2]>) {
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
        for sentence in sentences(line) {
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
fn matches_in(plain: &Plain, stems: &BTreeSet<&str>, prefix: Option<&str>) -> Vec<(usize, usize)> {
    let prefix = prefix.filter(|p| p.chars().count() >= 2);
    plain
        .words
        .iter()
        .filter(|(_, _, word, stemmed)| {
            stems.contains(stemmed.as_str()) || prefix.is_some_and(|p| word.starts_with(p))
        })
        .map(|(start, end, _, _)| (*start, *end))
        .collect()
}

#[cfg(test)]
#[path = "search/tests.rs"]
mod tests;
