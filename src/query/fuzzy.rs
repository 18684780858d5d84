//! The fuzzy matcher, kept behind this one module so the choice of engine stays local.
//!
//! We use nucleo-matcher (helix's matcher) rather than fuzzy-matcher, which the original design
//! named: fuzzy-matcher is archived, folds no accents ("sian" would miss "Siân") and measured
//! 2-3x slower here; see docs/matcher.md. Query syntax is fzf's extended syntax: words are
//! ANDed, `|` between words ORs them, and `'exact`, `^prefix`, `suffix$`, `!not` work per word.

use crate::dataset::{Lent, Str};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A searchable text converted once, at index time, to the matcher's representation
/// (nucleo's `Utf32String`, kept as its two forms so that a snapshot can lend the ASCII one,
/// see `crate::dataset::lent`).
#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub enum Haystack {
    /// Only ASCII (`Haystack::is_sound` checks a snapshot's).
    Ascii(#[rkyv(with = Lent)] Str),
    /// One char per grapheme, as nucleo keeps any other text.
    Unicode(Box<[char]>),
}

impl AsRef<Haystack> for Haystack {
    fn as_ref(&self) -> &Haystack {
        self
    }
}

impl Haystack {
    pub fn new(text: &str) -> Self {
        match Utf32String::from(text) {
            Utf32String::Ascii(text) => Haystack::Ascii(Str::Owned(text.into())),
            Utf32String::Unicode(chars) => Haystack::Unicode(chars),
        }
    }

    /// nucleo relies on the ASCII form holding only ASCII: a snapshot's is checked, never
    /// assumed.
    pub fn is_sound(&self) -> bool {
        match self {
            Haystack::Ascii(text) => text.is_ascii(),
            Haystack::Unicode(_) => true,
        }
    }

    fn slice(&self) -> Utf32Str<'_> {
        match self {
            Haystack::Ascii(text) => Utf32Str::Ascii(text.as_bytes()),
            Haystack::Unicode(chars) => Utf32Str::Unicode(chars),
        }
    }
}

/// How a query word is anchored, in fzf's extended syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// `word`: its letters in order, anywhere.
    Fuzzy,
    /// `'word`: a contiguous run.
    Substring,
    /// `^word`: the start of the text.
    Prefix,
    /// `word$`: the end of the text.
    Postfix,
    /// `^word$`: the whole text.
    Exact,
}

/// One word of a query as the word-level matchers (`query::words`) see it: its anchoring,
/// whether it is negated (`!word`), and its text folded as fields are (`fold`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    pub negative: bool,
    pub needle: String,
}

/// A parsed query: an AND of groups, each an OR of atoms.
#[derive(Debug, Clone)]
pub struct Query {
    raw: String,
    groups: Vec<Vec<Atom>>,
    /// The same groups as folded terms, for strong-match checks.
    terms: Vec<Vec<Term>>,
    /// The plain words of the query (no syntax), folded, for typo tolerance and initials.
    words: Vec<String>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut groups: Vec<Vec<Atom>> = Vec::new();
        let mut terms: Vec<Vec<Term>> = Vec::new();
        let mut words = Vec::new();
        let mut join_next = false;
        for token in text.split_whitespace() {
            if token == "|" {
                join_next = !groups.is_empty();
                continue;
            }
            let atom = Atom::parse(token, CaseMatching::Smart, Normalization::Smart);
            if atom.needle_text().is_empty() {
                continue;
            }
            let needle: String = fold(&atom.needle_text().chars().collect::<String>());
            if atom.kind == AtomKind::Fuzzy && !atom.negative {
                words.push(needle.clone());
            }
            let term = Term {
                kind: match atom.kind {
                    AtomKind::Fuzzy => TermKind::Fuzzy,
                    AtomKind::Substring => TermKind::Substring,
                    AtomKind::Prefix => TermKind::Prefix,
                    AtomKind::Postfix => TermKind::Postfix,
                    AtomKind::Exact => TermKind::Exact,
                    // nucleo may add kinds; treat an unknown one as a plain word.
                    _ => TermKind::Fuzzy,
                },
                negative: atom.negative,
                needle,
            };
            match (groups.last_mut(), terms.last_mut()) {
                (Some(group), Some(alternatives)) if join_next => {
                    group.push(atom);
                    alternatives.push(term);
                }
                _ => {
                    groups.push(vec![atom]);
                    terms.push(vec![term]);
                }
            }
            join_next = false;
        }
        Query {
            raw: text.to_owned(),
            groups,
            terms,
            words,
        }
    }

    pub fn raw(&self) -> &str {
        &self.raw
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The query's groups (ANDed) of terms (ORed), folded, for word-level matching.
    pub fn terms(&self) -> &[Vec<Term>] {
        &self.terms
    }

    /// Letters and digits (as `ascii_mask` bits) that every match must contain somewhere: the
    /// characters of each word that has no alternatives. A cheap test that skips most
    /// entries before the matcher runs.
    pub fn required_mask(&self) -> u64 {
        self.groups
            .iter()
            .filter(|g| g.len() == 1 && !g[0].negative)
            .flat_map(|g| g[0].needle_text().chars())
            .fold(0, |mask, c| mask | ascii_bit(c))
    }

    /// Plain fuzzy words (no `'`, `^`, `$`, `!`, `|`): the query a typo fallback can use.
    pub fn plain_words(&self) -> Option<&[String]> {
        let plain = !self.groups.is_empty()
            && self.groups.iter().all(|g| g.len() == 1)
            && self.words.len() == self.groups.len();
        plain.then_some(self.words.as_slice())
    }

    /// True when every match of `self` must also match `previous`, so a search for `self` may
    /// start from `previous`'s matches: the text only grew at the end, and the growth neither
    /// starts or extends an OR nor touches a negated word (which would match more, not less).
    pub fn narrows(&self, previous: &Query) -> bool {
        let Some(added) = self.raw.strip_prefix(previous.raw.as_str()) else {
            return false;
        };
        if added.contains('|') || previous.is_empty() {
            return false;
        }
        let last_token = self.raw.split_whitespace().last().unwrap_or("");
        let touches_last = !added.starts_with(char::is_whitespace);
        if added.contains('!') || touches_last && last_token.starts_with('!') {
            return false;
        }
        // Every OR group of the old query must survive with the same alternatives: typing
        // after a dangling `|` adds an alternative, which widens the match.
        self.groups.len() >= previous.groups.len()
            && previous
                .groups
                .iter()
                .zip(&self.groups)
                .all(|(old, new)| old.len() == new.len())
    }
}

thread_local! {
    static MATCHER: std::cell::RefCell<FuzzyMatcher> = std::cell::RefCell::new(FuzzyMatcher::default());
}

/// Runs `f` with this thread's matcher: one per thread, reused, because each holds about
/// 135 KB of scratch space.
pub fn with_matcher<R>(f: impl FnOnce(&mut FuzzyMatcher) -> R) -> R {
    MATCHER.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => f(&mut m),
        // Re-entered (not expected): use a fresh one rather than panic.
        Err(_) => f(&mut FuzzyMatcher::default()),
    })
}

/// The mask bit of an ASCII letter or digit (case-insensitive); 0 for anything else.
pub fn ascii_bit(c: char) -> u64 {
    match c.to_ascii_lowercase() {
        c @ 'a'..='z' => 1 << (c as u32 - 'a' as u32),
        c @ '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 0,
    }
}

/// Set in an entry's mask when it holds non-ASCII text, which the matcher may fold to ASCII
/// ("â" matches "a"): such entries are never skipped by the mask test.
pub const NON_ASCII: u64 = 1 << 63;

/// The mask of a text: its ASCII letters and digits, plus `NON_ASCII` if it has other
/// letters.
pub fn text_mask(text: &str) -> u64 {
    text.chars().fold(0, |m, c| {
        if c.is_ascii() {
            m | ascii_bit(c)
        } else if c.is_alphanumeric() {
            m | NON_ASCII
        } else {
            m
        }
    })
}

/// One character as every folded text has it: accents removed and case folded exactly as the
/// matcher does it, so that what nucleo matches and what the word-level checks see agree.
pub fn fold_char(c: char) -> char {
    nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c))
}

/// What `fold` does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// A letter or digit, folded.
    Keep(char),
    /// Dropped without a trace: combining accents and apostrophes ("O'Connell" is
    /// "oconnell", as people type it).
    Drop,
    /// Punctuation and spaces: one space between words.
    Space,
}

pub fn fold_class(c: char) -> Fold {
    if c.is_alphanumeric() {
        Fold::Keep(fold_char(c))
    } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`')
        || unicode_normalization::char::is_combining_mark(c)
    {
        Fold::Drop
    } else {
        Fold::Space
    }
}

/// A text as word matching sees it: lower case, without accents or apostrophes, words
/// separated by single spaces ("Guy's and St Thomas' NHS F.T." -> "guys and st thomas nhs f t").
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        match fold_class(c) {
            Fold::Keep(k) => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(k);
            }
            Fold::Drop => {}
            Fold::Space => space = true,
        }
    }
    out
}

/// `fold` that also says where each byte of the folded text came from: `origin[i]` is the
/// byte offset in `text` of the character that produced folded byte `i` (a space: the first
/// separator), so that matches found in folded text can be highlighted in the original.
pub fn fold_with_origin(text: &str) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut space: Option<usize> = None;
    for (at, c) in text.char_indices() {
        match fold_class(c) {
            Fold::Keep(k) => {
                if let Some(s) = space.take()
                    && !out.is_empty()
                {
                    out.push(' ');
                    origin.push(s as u32);
                }
                out.push(k);
                origin.extend(std::iter::repeat_n(at as u32, k.len_utf8()));
            }
            Fold::Drop => {}
            Fold::Space => {
                space.get_or_insert(at);
            }
        }
    }
    (out, origin)
}

/// A matcher and its scratch space.
pub struct FuzzyMatcher {
    matcher: Matcher,
}

impl Default for FuzzyMatcher {
    fn default() -> Self {
        FuzzyMatcher {
            matcher: Matcher::new(Config::DEFAULT),
        }
    }
}

/// How an entity's fields matched a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldMatch {
    pub score: u32,
    /// Which of the given fields contributed most.
    pub best_field: usize,
}

impl FuzzyMatcher {
    /// Scores an entity whose searchable fields are `fields`: each positive word must match
    /// some field (its best field counts), a negated word must match none.
    pub fn score<F: AsRef<Haystack>>(&mut self, query: &Query, fields: &[F]) -> Option<FieldMatch> {
        let mut total = 0u32;
        let mut per_field = [0u32; 16];
        for group in &query.groups {
            let mut group_best: Option<(u32, usize)> = None;
            for atom in group {
                if atom.negative {
                    let rejected = fields
                        .iter()
                        .any(|f| atom.score(f.as_ref().slice(), &mut self.matcher).is_none());
                    if !rejected {
                        group_best = group_best.or(Some((0, 0)));
                    }
                    continue;
                }
                for (i, f) in fields.iter().enumerate() {
                    if let Some(s) = atom.score(f.as_ref().slice(), &mut self.matcher) {
                        let s = u32::from(s);
                        if group_best.is_none_or(|(b, _)| s > b) {
                            group_best = Some((s, i));
                        }
                    }
                }
            }
            let (score, field) = group_best?;
            total += score;
            if let Some(slot) = per_field.get_mut(field) {
                *slot += score;
            }
        }
        let best_field = per_field
            .iter()
            .take(fields.len())
            .enumerate()
            .max_by_key(|&(i, s)| (*s, std::cmp::Reverse(i)))
            .map_or(0, |(i, _)| i);
        Some(FieldMatch {
            score: total,
            best_field,
        })
    }

    /// The positions (grapheme indices) in `field` that the query's positive words match.
    pub fn indices(&mut self, query: &Query, field: &Haystack) -> Vec<u32> {
        let mut all = Vec::new();
        for atom in query.groups.iter().flatten() {
            if atom.negative {
                continue;
            }
            let mut found = Vec::new();
            if atom
                .indices(field.slice(), &mut self.matcher, &mut found)
                .is_some()
            {
                all.extend(found);
            }
        }
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Byte ranges of `text` covering the grapheme positions in `indices`, merged where adjacent.
pub fn highlight_ranges(text: &str, indices: &[u32]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    if indices.is_empty() {
        return ranges;
    }
    for (n, (start, g)) in text.grapheme_indices(true).enumerate() {
        if indices.binary_search(&(n as u32)).is_ok() {
            let end = start + g.len();
            match ranges.last_mut() {
                Some(last) if last.end == start => last.end = end,
                _ => ranges.push(start..end),
            }
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(q: &str, fields: &[&str]) -> Option<FieldMatch> {
        let hay: Vec<Haystack> = fields.iter().map(|f| Haystack::new(f)).collect();
        FuzzyMatcher::default().score(&Query::parse(q), &hay)
    }

    #[test]
    fn only_ascii_text_may_take_the_ascii_form() {
        assert!(matches!(Haystack::new("Zafar Chaudry"), Haystack::Ascii(_)));
        assert!(matches!(Haystack::new("Siân Thomas"), Haystack::Unicode(_)));
        assert!(Haystack::new("Siân Thomas").is_sound());
        // What a tampered snapshot could hold: refused by `SearchIndex::fits`.
        assert!(!Haystack::Ascii(Str::Borrowed("Siân Thomas")).is_sound());
    }

    #[test]
    fn words_are_anded_in_any_order_across_fields() {
        assert!(score("chaudry zafar", &["Zafar Chaudry"]).is_some());
        assert!(
            score(
                "cuh trust",
                &["Cambridge University Hospitals NHS Foundation Trust", "CUH"]
            )
            .is_some()
        );
        assert!(score("zafar smart", &["Zafar Chaudry"]).is_none());
    }

    #[test]
    fn accents_fold() {
        assert!(score("sian", &["Siân Thomas"]).is_some());
    }

    #[test]
    fn extended_syntax() {
        assert!(score("'smart", &["Will Smart"]).is_some());
        assert!(score("'smrt", &["Will Smart"]).is_none());
        assert!(score("^will", &["Will Smart"]).is_some());
        assert!(score("^smart", &["Will Smart"]).is_none());
        assert!(score("smart$", &["Will Smart"]).is_some());
        assert!(score("will !smart", &["Will Smart"]).is_none());
        assert!(score("will !smart", &["Will Jones"]).is_some());
        assert!(score("smart | chaudry", &["Zafar Chaudry"]).is_some());
        assert!(score("smart | chaudry", &["Tim Kelsey"]).is_none());
        assert!(score("^tim kelsey | smart", &["Tim Kelsey"]).is_some());
    }

    #[test]
    fn the_best_field_is_reported() {
        let m = score("cuh", &["Cambridge University Hospitals", "CUH"]).unwrap();
        assert_eq!(m.best_field, 1);
    }

    #[test]
    fn narrowing_is_only_claimed_when_safe() {
        let q = |s: &str| Query::parse(s);
        assert!(q("chau").narrows(&q("cha")));
        assert!(q("cha d").narrows(&q("cha")));
        assert!(!q("ch").narrows(&q("cha")));
        assert!(!q("cha | d").narrows(&q("cha")));
        assert!(!q("cha !dx").narrows(&q("cha !d")));
        assert!(!q("cha !d").narrows(&q("cha")));
        assert!(!q("a").narrows(&q("")));
        assert!(!q("trust | i").narrows(&q("trust |")));
        assert!(!q("trust | i").narrows(&q("trust | ")));
        assert!(q("trust | ic").narrows(&q("trust | i")));
    }

    #[test]
    fn highlights_map_to_bytes() {
        let mut m = FuzzyMatcher::default();
        let text = "Siân Thomas";
        let idx = m.indices(&Query::parse("sian"), &Haystack::new(text));
        let ranges = highlight_ranges(text, &idx);
        let marked: String = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(marked, "Siân");
    }
}
