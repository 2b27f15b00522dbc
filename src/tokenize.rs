//! Words for the search index, shared by the build (indexing) and the runtime (queries):
//! splitting folded text into words, stemming them, the legacy spellings a search box accepts,
//! and the edit distance that makes search typo tolerant.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::is_word_char;

/// The words of a folded text: maximal runs of word characters, with their byte offsets.
pub fn words(folded: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = folded.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if is_word_char(c) {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        folded.get(start..end).map(|w| (start, w))
    })
}

/// The Danish Snowball stem of a folded (lowercase) word: "aktierne" → "akti", "aktie" →
/// "akti". Search compares stems, so inflected forms find each other.
pub fn stem(word: &str) -> Cow<'_, str> {
    Stemmer::create(Algorithm::Danish).stem(word)
}

/// The word with the legacy spellings of æ, ø and å ("ae", "oe", "aa") replaced, when it has
/// any: what a reader without a Danish keyboard types ("boersmaegler" → "børsmægler"). The
/// letters themselves are never folded; this is an extra reading of the query, not of the text.
///
/// One pass from the left, each pair read once ("aae" is "åe"): the same as replacing "aa",
/// then "ae", then "oe", since a pair begins with "a" or "o" and the letter after it decides
/// which. Written as a loop over letters: `str::replace` with a pattern of two letters
/// compiled the standard library's substring searcher into the module (2 KB of code, with the
/// snippet's cut into sentences, which had a pattern of two letters too).
pub fn modern_spelling(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    let mut changed = false;
    let mut letters = word.chars().peekable();
    while let Some(c) = letters.next() {
        let modern = match (c, letters.peek()) {
            ('a', Some('a')) => 'å',
            ('a', Some('e')) => 'æ',
            ('o', Some('e')) => 'ø',
            _ => {
                out.push(c);
                continue;
            }
        };
        letters.next();
        out.push(modern);
        changed = true;
    }
    changed.then_some(out)
}

/// The Danish letters a plain letter may stand for when typed on a keyboard without them: "a"
/// for "å" and "æ", "o" for "ø", "e" for "æ" ("bors" for "børs", "lan" for "lån", "mengde" for
/// "mængde"). Empty for every other letter.
pub fn danish_readings(typed: char) -> &'static [char] {
    match typed {
        'a' => &['å', 'æ'],
        'o' => &['ø'],
        'e' => &['æ'],
        _ => &[],
    }
}

/// Whether a folded word is typed without æ, ø and å but has a letter that may stand for one
/// ([`danish_readings`]): only such a word is also read with the Danish letters. A word with
/// any of them was typed on a Danish keyboard and means what it says.
pub fn may_lack_danish_letters(word: &str) -> bool {
    !word.contains(['æ', 'ø', 'å']) && word.contains(['a', 'o', 'e'])
}

/// Whether `typed`, a letter of a query typed without æ, ø and å, matches `letter` of a stem:
/// the same letter, or a Danish letter it may stand for ([`danish_readings`]).
fn reads_as(typed: char, letter: char) -> bool {
    typed == letter || danish_readings(typed).contains(&letter)
}

/// How many edits a word of this many characters may have and still match: none for short
/// words, where one edit makes another word, one from 4 characters, two from 8. Search counts
/// the characters of the stems it compares, not of the typed word: "moms" has the stem "mom",
/// which is one edit from "om" and "mod".
pub fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Whether two letters are keys beside each other on a Danish keyboard: on the same row, or on
/// the next, where the rows are staggered so that each key touches the two below it ("g" the
/// "v" and "b"). A changed letter a reader's finger slipped to is one of these.
pub fn neighbours(x: char, y: char) -> bool {
    const ROWS: [&str; 3] = ["qwertyuiopå", "asdfghjklæø", "zxcvbnm"];
    let at = |c: char| {
        ROWS.iter()
            .enumerate()
            .find_map(|(r, row)| row.chars().position(|k| k == c).map(|col| (r, col)))
    };
    let (Some((rx, cx)), Some((ry, cy))) = (at(x), at(y)) else {
        return false;
    };
    let ((upper, cu), (lower, cl)) = if rx <= ry {
        ((rx, cx), (ry, cy))
    } else {
        ((ry, cy), (rx, cx))
    };
    match lower - upper {
        0 => cu.abs_diff(cl) == 1,
        1 => cl == cu || cl + 1 == cu,
        _ => false,
    }
}

/// How many slips of the fingers ([`Distance::slips_only`]) a word of this many characters may
/// have and still name an article: none under 4, one up to 11, two from 12. Fewer than
/// [`typo_budget`] allows a stem, for a second edit in a word of eight letters is as often a
/// letter changed for one elsewhere on the keyboard, spelled as one left out and one added
/// ("borgerne", read "børgerne", and the name "børser"), and a name's bonus weighs more than a
/// stem's match.
pub fn slip_budget(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=11 => 1,
        _ => 2,
    }
}

/// The optimal string alignment distance (Levenshtein plus swaps of neighbours) between `a`
/// and `b`, if it is at most `max`; `None` as soon as it must be larger.
pub fn distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    Distance::new(a).within(b, max)
}

/// [`distance_within`] from one word to many, reusing its buffers: search compares a query
/// word with every stem of similar length on each keystroke.
#[derive(Clone, Debug, Default)]
pub struct Distance {
    a: Vec<char>,
    b: Vec<char>,
    /// Whether a plain letter of `a` also matches the Danish letters it may stand for.
    danish: bool,
    /// Whether only a slip of the fingers counts as one edit ([`Distance::slips_only`]).
    slips: bool,
    /// Three rows of the table: two back (for swaps), one back, current.
    rows: [Vec<usize>; 3],
}

impl Distance {
    /// Prepares comparisons from `a`.
    pub fn new(a: &str) -> Distance {
        Distance {
            a: a.chars().collect(),
            ..Distance::default()
        }
    }

    /// Prepares comparisons from `a`, a word typed without æ, ø and å, in which a plain letter
    /// costs nothing where the other word has a Danish letter it may stand for
    /// ([`danish_readings`]): "bors" is 0 edits from "børs", "borss" 1. The reader did type
    /// what their keyboard has, so it is no typo.
    pub fn without_danish_letters(a: &str) -> Distance {
        Distance {
            danish: true,
            ..Distance::new(a)
        }
    }

    /// Counts as one edit only what a slip of the fingers makes: two letters swapped, one left
    /// out or added, or one changed for the key beside it on a Danish keyboard ([`neighbours`]).
    /// Any other changed letter costs two, as a letter left out and another added: "guld" is
    /// two edits from "gæld", which is another word, where "gæls" is one. Search asks this of
    /// a typo that would name an article, not of one that only finds a stem.
    pub fn slips_only(self) -> Distance {
        Distance {
            slips: true,
            ..self
        }
    }

    /// The distance from the prepared word to `b`, if it is at most `max`.
    pub fn within(&mut self, b: &str, max: usize) -> Option<usize> {
        self.table(b, max, false).ok()
    }

    /// The distance from the prepared word to the nearest beginning of `b` (`b` itself
    /// included), if it is at most `max`: "obligt" is one edit from "oblig", the beginning of
    /// "obligation". A reader still typing a word may have made a typo in what they typed so
    /// far, and the word's end is not there yet to compare.
    ///
    /// # Errors
    ///
    /// When every beginning is further than `max`: `Err(k)`, where the first `k` characters
    /// of `b` decided it, so that every word that begins with them is as far (a caller going
    /// through sorted words skips them all), or `usize::MAX` when `b` ended first.
    pub fn within_prefix(&mut self, b: &str, max: usize) -> Result<usize, usize> {
        self.table(b, max, true)
    }

    /// The edit table of the prepared word against `b`, or against the beginnings of `b`
    /// (`prefix`): the same table, read at its last column or at the least cell of its last
    /// row. A beginning longer than the word by more than `max` letters is more than `max`
    /// edits from it, so `b` is cut there.
    ///
    /// A failure says how many of `b`'s characters decided it (see [`Distance::within_prefix`]):
    /// the cells of the rows computed read no further than the band, `max` past the row.
    fn table(&mut self, b: &str, max: usize, prefix: bool) -> Result<usize, usize> {
        // A word longer than the prepared one by more than `max` is too far in full, and its
        // beginnings past that length are: one more character tells the two apart.
        self.b.clear();
        self.b.extend(b.chars().take(self.a.len() + max + 1));
        let full = self.b.len();
        // Said only when `b` goes on past the first `k` characters: where it ends within them,
        // a longer word that begins with all of it may have cells within the band that `b` has
        // not.
        let decided = |k: usize| if k < full { k } else { usize::MAX };
        if prefix {
            self.b.truncate(self.a.len() + max);
        }
        let (a, b) = (&self.a, &self.b);
        if b.len() + max < a.len() || (!prefix && b.len() > a.len() + max) {
            return Err(usize::MAX);
        }
        let (danish, slips) = (self.danish, self.slips);
        let same = |x: char, y: char| if danish { reads_as(x, y) } else { x == y };
        // A changed letter costs 1, or 2 (a deletion and an insertion) for a key that is no
        // neighbour when only slips count. The band stays as it is: it bounds insertions and
        // deletions, which still cost 1.
        let change = |x: char, y: char| match (same(x, y), slips) {
            (true, _) => 0,
            (false, false) => 1,
            (false, true) => 2 - usize::from(neighbours(x, y)),
        };
        // Only the cells within `max` of the diagonal can lead to a distance within `max`, so
        // each row computes those alone (Ukkonen's band): 3 or 5 cells, not the stem's length.
        // A cell outside the band reads as `far`, more than `max`: the cells right of it were
        // never written (the rows start at `far`), and the one left of it is set so each row,
        // since the rows are reused in turn and hold older values there.
        let far = max + 1;
        let width = b.len() + 1;
        for row in &mut self.rows {
            row.clear();
            row.resize(width, far);
        }
        let rows = &mut self.rows;
        for (j, cell) in rows[0].iter_mut().enumerate().take(far) {
            *cell = j;
        }
        for i in 1..=a.len() {
            let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
            let lo = i.saturating_sub(max).max(1);
            let hi = (i + max).min(width - 1);
            rows[cur][0] = i;
            rows[cur][lo - 1] = if lo == 1 { i } else { far };
            let mut row_min = i;
            for j in lo..=hi {
                let cost = change(a[i - 1], b[j - 1]);
                let mut d = (rows[prev][j] + 1)
                    .min(rows[cur][j - 1] + 1)
                    .min(rows[prev][j - 1] + cost);
                if i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) {
                    d = d.min(rows[prev2][j - 2] + 1);
                }
                rows[cur][j] = d;
                row_min = row_min.min(d);
            }
            if row_min > max {
                return Err(decided(i + max));
            }
        }
        let n = a.len();
        let last = &rows[n % 3];
        let d = if prefix {
            // The beginnings within the band; the cells left of it may hold older rows' values.
            last.get(n.saturating_sub(max)..=(n + max).min(width - 1))
                .and_then(|band| band.iter().copied().min())
                .unwrap_or(far)
        } else {
            last[b.len()]
        };
        if d <= max {
            Ok(d)
        } else {
            Err(decided(n + max))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words() {
        let got: Vec<(usize, &str)> = words("(kundevendt), klient-vendte 2024").collect();
        assert_eq!(
            got,
            [
                (1, "kundevendt"),
                (14, "klient"),
                (21, "vendte"),
                (28, "2024")
            ]
        );
        assert_eq!(words(" ,. ").count(), 0);
    }

    #[test]
    fn inflections_share_a_stem() {
        let rows: &[(&str, &str)] = &[
            ("aktie", "aktierne"),
            ("børsmægler", "børsmæglerne"),
            ("obligation", "obligationens"),
            ("kundevendt", "kundevendte"),
        ];
        for (a, b) in rows {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
    }

    /// (a, b, neighbours on a Danish keyboard)
    #[test]
    fn neighbouring_keys() {
        let rows = [
            ('q', 'w', true),
            ('q', 'a', true),
            ('w', 'a', true),
            ('w', 's', true),
            ('s', 'z', true),
            ('s', 'x', true),
            ('g', 'v', true),
            ('g', 'b', true),
            ('n', 'm', true),
            ('p', 'å', true),
            ('l', 'æ', true),
            ('æ', 'ø', true),
            ('å', 'ø', true),
            ('d', 's', true),
            ('u', 'æ', false),
            ('g', 'n', false),
            ('q', 'z', false),
            ('a', 'z', true),
            ('k', 't', false),
            ('a', 'a', false),
            ('a', '1', false),
            ('e', 'é', false),
        ];
        for (x, y, want) in rows {
            assert_eq!(neighbours(x, y), want, "{x} {y}");
            assert_eq!(neighbours(y, x), want, "{y} {x}");
        }
    }

    /// (a, b, distance counting every change, counting slips only)
    #[test]
    fn slips_only_charge_a_changed_letter_that_is_no_neighbour_twice() {
        let rows: &[(&str, &str, Option<usize>, Option<usize>)] = &[
            ("guld", "gæld", Some(1), Some(2)),
            ("skak", "skat", Some(1), Some(2)),
            ("rentw", "rente", Some(1), Some(1)),
            ("bamk", "bank", Some(1), Some(1)),
            ("renet", "rente", Some(1), Some(1)),
            ("obilgationer", "obligationer", Some(1), Some(1)),
            ("likvidtet", "likviditet", Some(1), Some(1)),
            ("aktiie", "aktie", Some(1), Some(1)),
            ("isolation", "inflation", Some(2), None),
        ];
        for &(a, b, all, slips) in rows {
            assert_eq!(Distance::new(a).within(b, 2), all, "{a} {b}");
            assert_eq!(Distance::new(a).slips_only().within(b, 2), slips, "{a} {b}");
        }
        // A plain letter read as the Danish one it stands for is no edit at all.
        let mut plain = Distance::without_danish_letters("borsmalger").slips_only();
        assert_eq!(plain.within("børsmægler", 2), Some(1));
    }

    #[test]
    fn legacy_spellings() {
        assert_eq!(
            modern_spelling("boersmaegler").as_deref(),
            Some("børsmægler")
        );
        assert_eq!(
            modern_spelling("aarsregnskab").as_deref(),
            Some("årsregnskab")
        );
        assert_eq!(modern_spelling("bank"), None);
    }

    /// The one pass of `modern_spelling` against the three replacements it stands for, on every
    /// word of up to seven letters from a, e, o, å and x: pairs that overlap ("aae", "oae",
    /// "aaa") are where the two could differ.
    #[test]
    fn legacy_spellings_in_one_pass_are_the_three_replacements() {
        let letters = ['a', 'e', 'o', 'å', 'x'];
        let mut words = vec![String::new()];
        let mut compared = 0;
        for _ in 0..7 {
            let mut longer = Vec::new();
            for word in &words {
                for c in letters {
                    let mut w = word.clone();
                    w.push(c);
                    let replaced = w.replace("aa", "å").replace("ae", "æ").replace("oe", "ø");
                    let expected = (replaced != w).then_some(replaced);
                    assert_eq!(modern_spelling(&w), expected, "{w}");
                    compared += 1;
                    longer.push(w);
                }
            }
            words = longer;
        }
        assert_eq!(compared, (1..=7).map(|n| 5usize.pow(n)).sum::<usize>());
    }

    #[test]
    fn plain_letters_stand_for_danish_ones() {
        assert!(may_lack_danish_letters("bors"));
        assert!(may_lack_danish_letters("lan"));
        assert!(!may_lack_danish_letters("børs"));
        assert!(!may_lack_danish_letters("aktiebørs"));
        assert!(!may_lack_danish_letters("kurs"));
        let rows: &[(&str, &str, usize, Option<usize>)] = &[
            ("bors", "børs", 1, Some(0)),
            ("lan", "lån", 1, Some(0)),
            ("larer", "lærer", 1, Some(0)),
            ("lerer", "lærer", 1, Some(0)),
            ("okonomisk", "økonomisk", 1, Some(0)),
            ("borss", "børs", 1, Some(1)),
            ("obrs", "børs", 1, Some(1)),
            ("bors", "bors", 1, Some(0)),
            // Only the Danish letter a plain one may stand for, and not the other way round.
            ("bars", "børs", 1, Some(1)),
            ("bors", "bårs", 1, Some(1)),
            ("børs", "bors", 1, Some(1)),
            ("bors", "bøøs", 1, Some(1)),
            ("lan", "løn", 0, None),
        ];
        for (a, b, max, expected) in rows {
            assert_eq!(
                Distance::without_danish_letters(a).within(b, *max),
                *expected,
                "{a} / {b} within {max}"
            );
        }
        // The plain distance is unchanged.
        assert_eq!(distance_within("bors", "børs", 1), Some(1));
    }

    #[test]
    fn bounded_distance() {
        let rows: &[(&str, &str, usize, Option<usize>)] = &[
            ("kundevendt", "kundevendt", 2, Some(0)),
            ("kundevnedt", "kundevendt", 1, Some(1)),
            ("obligatoin", "obligation", 1, Some(1)),
            ("sygeplejeske", "sygeplejerske", 1, Some(1)),
            ("bank", "bænk", 1, Some(1)),
            ("bank", "bøsse", 1, None),
            ("abc", "abcdef", 2, None),
            ("", "ab", 2, Some(2)),
        ];
        for (a, b, max, expected) in rows {
            assert_eq!(
                distance_within(a, b, *max),
                *expected,
                "{a} / {b} within {max}"
            );
        }
    }

    /// The full table, every cell, as the distance was computed before it kept to the band
    /// near the diagonal: the banded one must agree with it on every pair.
    fn reference(a: &str, b: &str, danish: bool, slips: bool, prefix: bool) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let same = |x: char, y: char| if danish { reads_as(x, y) } else { x == y };
        let change = |x: char, y: char| {
            if same(x, y) {
                0
            } else if slips && !neighbours(x, y) {
                2
            } else {
                1
            }
        };
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in t.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in t[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = change(a[i - 1], b[j - 1]);
                let mut d = (t[i - 1][j] + 1)
                    .min(t[i][j - 1] + 1)
                    .min(t[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) {
                    d = d.min(t[i - 2][j - 2] + 1);
                }
                t[i][j] = d;
            }
        }
        if prefix {
            t[a.len()].iter().copied().min().unwrap_or(0)
        } else {
            t[a.len()][b.len()]
        }
    }

    #[test]
    fn the_band_agrees_with_the_whole_table() {
        let words = [
            "obligation",
            "obligationer",
            "obilgat",
            "oblgati",
            "kundevendt",
            "kundevnedt",
            "børsmægler",
            "borsmagler",
            "boersmaegler",
            "aktie",
            "aktiee",
            "aktiv",
            "akti",
            "rente",
            "renet",
            "ren",
            "rent",
            "moms",
            "mom",
            "om",
            "a",
            "ab",
            "ba",
            "abba",
            "formueforvaltning",
            "ofrmueforvaltning",
            "formeuforv",
            "risiko",
            "risk",
            "ærø",
            "aero",
            "åben",
            "aaben",
            "sygeplejerske",
            "sygeplejeske",
            "guld",
            "gæld",
            "gæls",
            "skat",
            "skak",
            "",
        ];
        let mut compared = 0;
        for a in words {
            for b in words {
                for (danish, slips) in [(false, false), (true, false), (false, true), (true, true)]
                {
                    for prefix in [false, true] {
                        let full = reference(a, b, danish, slips, prefix);
                        for max in 0..=3 {
                            let mut d = if danish {
                                Distance::without_danish_letters(a)
                            } else {
                                Distance::new(a)
                            };
                            if slips {
                                d = d.slips_only();
                            }
                            let got = if prefix {
                                d.within_prefix(b, max).ok()
                            } else {
                                d.within(b, max)
                            };
                            let want = (full <= max).then_some(full);
                            assert_eq!(
                                got, want,
                                "{a:?} / {b:?} within {max}, danish {danish}, slips {slips}, prefix {prefix}"
                            );
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(compared, words.len() * words.len() * 32);
    }

    /// The distance to the nearest beginning of the other word: what a reader typed so far,
    /// with a typo in it, against a stem it may be the start of.
    #[test]
    fn bounded_distance_to_a_beginning() {
        let rows: &[(&str, &str, usize, Option<usize>)] = &[
            // A beginning as typed is no edit at all; the whole word is a beginning too.
            ("oblig", "obligation", 1, Some(0)),
            ("obligation", "obligation", 1, Some(0)),
            // One letter wrong, missing, extra or swapped in the part typed so far.
            ("obligt", "obligation", 1, Some(1)),
            ("oblgat", "obligation", 1, Some(1)),
            ("obliigat", "obligation", 1, Some(1)),
            ("olbigat", "obligation", 1, Some(1)),
            ("risk", "risiko", 1, Some(1)),
            // Two edits, where the budget allows them.
            ("obilgatoin", "obligation", 2, Some(2)),
            ("obilgatoin", "obligation", 1, None),
            // Far from every beginning, or longer than the word by more than the budget.
            ("kunde", "obligation", 2, None),
            ("obligationer", "obligation", 1, None),
            ("obligatione", "obligation", 1, Some(1)),
        ];
        for (a, b, max, expected) in rows {
            assert_eq!(
                Distance::new(a).within_prefix(b, *max).ok(),
                *expected,
                "{a} / beginning of {b} within {max}"
            );
        }
        // Letters typed without æ, ø and å read as them here too.
        assert_eq!(
            Distance::without_danish_letters("borsmag")
                .within_prefix("børsmægler", 1)
                .ok(),
            Some(0)
        );
    }
}
