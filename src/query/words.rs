//! Word-level matching: what makes a match *strong*, and matching in running text.
//!
//! The fuzzy matcher accepts any text that holds a query's letters in order, which is what a
//! ranked list wants (the best matches come first, whatever the tail holds) but not what a
//! list that keeps its own order wants: "epic" matches "Delivering 21st Century IT Support"
//! letter by letter. So a query word is *strong* in a field when it is found there
//!
//! * as the start of a word ("epic" in "Epic go-live", "chau" in "Chaudry"), or as a
//!   contiguous run of three letters or more inside one ("ital" in "Hospital"; "sm" in
//!   "dismantled" is too short to mean anything);
//! * as the initials of a field's first words, small words skippable ("cuh":
//!   **C**ambridge **U**niversity **H**ospitals; "lhcre": **L**ocal **H**ealth and **C**are
//!   **R**ecord **E**xemplars; "cio": interim **c**hief **i**nformation **o**fficer), since
//!   acronyms are made from the start of a name (Whipps Cross University Hospital is not
//!   "cuh");
//! * within the typo allowance of one of its words (one edit from four letters, two from
//!   eight: "chaudhry" for "Chaudry");
//!
//! and a match is strong when every query word (or one alternative of each `|` group) is
//! strong in some field. fzf's anchored forms keep their meaning: `'run` is a contiguous
//! run, `^start` the start of a field, `end$` its end, `^whole$` the whole field, and `!not`
//! rejects a match whose fields contain it.
//!
//! Running text (summaries, notes) is matched by words only: a query word must begin a word
//! of the text ("epic" finds "Epic's" and "epics", not "Department" or "tepic").
//!
//! Everything here works on folded text (`fuzzy::fold`: lower case, no accents or
//! apostrophes, single spaces), so "sian" is strong in "Siân" and "oconnell" in "O'Connell".

use super::fuzzy::{Query, Term, TermKind, fold_with_origin};
use std::ops::Range;

/// How a field is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Names and titles: runs, initials and typos.
    Name,
    /// Running text: words that begin with the query word.
    Text,
}

/// Words too small to carry an initial: "Local Health and Care Record Exemplars" is LHCRE.
const SMALL_WORDS: &[&str] = &["of", "and", "the", "for", "in", "at", "on", "to", "a"];

/// Words before a post's name that are not part of its acronym: an "interim chief
/// information officer" is an interim CIO (as `posts::post_key` reads titles).
const QUALIFIERS: &[&str] = &["interim", "acting", "temporary", "joint"];

/// Whether `term` is satisfied by a record whose fields are `fields` (folded, each with its
/// mode): a positive term must be strong in one of them, a negated one must occur in none.
pub fn term_satisfied(term: &Term, fields: &[(&str, Mode)]) -> bool {
    if term.negative {
        !fields.iter().any(|(f, _)| occurs(term, f))
    } else {
        fields.iter().any(|(f, mode)| strong(term, f, *mode))
    }
}

/// Whether every group of `query` has a satisfied term in `fields`: the record is a strong
/// match. An empty query matches everything.
pub fn strong_match(query: &Query, fields: &[(&str, Mode)]) -> bool {
    query
        .terms()
        .iter()
        .all(|group| group.iter().any(|t| term_satisfied(t, fields)))
}

/// Whether a negated term's text occurs in `field` (as fzf's `!word`: a plain occurrence, or
/// with its anchors).
pub fn occurs(term: &Term, field: &str) -> bool {
    let n = term.needle.as_str();
    match term.kind {
        TermKind::Fuzzy | TermKind::Substring => field.contains(n),
        TermKind::Prefix => field.starts_with(n),
        TermKind::Postfix => field.ends_with(n),
        TermKind::Exact => field == n,
    }
}

/// How a positive term matched a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Not strong: letters strung across words, or not at all.
    Weak,
    /// Only within the typo allowance. A near spelling stands in for a word that is found
    /// nowhere as typed; where it is found, the lists ignore near spellings ("nhsx" is one
    /// edit from every "NHS", "chaudry" from "Chaudhry").
    Near,
    /// As typed: a run, a word start, initials, or an anchored form.
    Exact,
}

/// Whether a positive term is strong in one folded field (typos allowed).
pub fn strong(term: &Term, field: &str, mode: Mode) -> bool {
    strength(term, field, mode) != Strength::Weak
}

/// How a positive term matched one folded field.
pub fn strength(term: &Term, field: &str, mode: Mode) -> Strength {
    strength_with(term, field, mode, true)
}

/// `strength`, looking for near spellings only with `typos` (without, a near spelling is
/// `Weak`): the costly part, needed only when nothing matches as typed.
pub fn strength_with(term: &Term, field: &str, mode: Mode, typos: bool) -> Strength {
    let n = term.needle.as_str();
    if n.is_empty() {
        // Only punctuation ("&"): nothing to hold it to.
        return Strength::Exact;
    }
    let exact = match (term.kind, mode) {
        (TermKind::Fuzzy, Mode::Name) => {
            if run_at(n, field).is_some() || is_initials(n, field) {
                return Strength::Exact;
            }
            return if typos && typo_word(n, field).is_some() {
                Strength::Near
            } else {
                Strength::Weak
            };
        }
        (TermKind::Fuzzy, Mode::Text) => word_start(n, field).is_some(),
        (TermKind::Substring, _) => field.contains(n),
        (TermKind::Prefix, _) => field.starts_with(n),
        (TermKind::Postfix, _) => field.ends_with(n),
        (TermKind::Exact, _) => field == n,
    };
    if exact {
        Strength::Exact
    } else {
        Strength::Weak
    }
}

/// Where a positive term is strong in a folded field, as folded byte ranges (several for
/// initials); `None` if it is not.
pub fn strong_ranges(term: &Term, field: &str, mode: Mode) -> Option<Vec<Range<usize>>> {
    let n = term.needle.as_str();
    if n.is_empty() {
        return Some(Vec::new());
    }
    let run = |at: usize| Some(std::iter::once(at..at + n.len()).collect::<Vec<_>>());
    match (term.kind, mode) {
        (TermKind::Fuzzy, Mode::Name) => {
            if let Some(at) = run_at(n, field) {
                return run(at);
            }
            if let Some(r) = initials_at(n, field) {
                return Some(r);
            }
            typo_word(n, field).map(|r| std::iter::once(r).collect())
        }
        (TermKind::Fuzzy, Mode::Text) => word_start(n, field).and_then(run),
        (TermKind::Substring, _) => field.find(n).and_then(run),
        (TermKind::Prefix, _) => field.starts_with(n).then_some(0).and_then(run),
        (TermKind::Postfix, _) => field
            .ends_with(n)
            .then(|| field.len() - n.len())
            .and_then(run),
        (TermKind::Exact, _) => (field == n).then_some(0).and_then(run),
    }
}

/// Shortest run that counts inside a word (shorter ones must start a word).
pub const MID_WORD_RUN: usize = 3;

/// Where `needle` is a strong run in a name: the first word it starts, or else (three
/// letters or more) the first place it occurs.
fn run_at(needle: &str, field: &str) -> Option<usize> {
    word_start(needle, field).or_else(|| {
        (needle.chars().count() >= MID_WORD_RUN)
            .then(|| field.find(needle))
            .flatten()
    })
}

/// The first place `needle` begins a word of `field`.
pub fn word_start(needle: &str, field: &str) -> Option<usize> {
    let (n, f) = (needle.as_bytes(), field.as_bytes());
    let first = *n.first()?;
    // Only word starts can begin a match: check the field's first byte, then each byte
    // after a space, instead of searching the whole field.
    if f.starts_with(n) {
        return Some(0);
    }
    let mut at = 0;
    while let Some(space) = f[at..].iter().position(|&b| b == b' ') {
        let start = at + space + 1;
        if f.get(start) == Some(&first) && f[start..].starts_with(n) {
            return Some(start);
        }
        at = start;
    }
    None
}

/// Whether `needle` (two letters or more, no spaces) spells the initials of the first words
/// of `field`, small words and leading qualifiers skippable; the ranges of those initials.
fn initials_at(needle: &str, field: &str) -> Option<Vec<Range<usize>>> {
    let mut ranges = Vec::new();
    walk_initials(needle, field, |r| ranges.push(r)).then_some(ranges)
}

/// `initials_at` without the ranges, for the hot path: no allocation.
fn is_initials(needle: &str, field: &str) -> bool {
    walk_initials(needle, field, |_| {})
}

/// Walks `field`'s first words against `needle`'s letters, reporting each initial matched;
/// true when every letter (two or more, all letters or digits) was.
fn walk_initials(needle: &str, field: &str, mut found: impl FnMut(Range<usize>)) -> bool {
    let mut letters = needle.chars().peekable();
    if needle.len() < 2 || needle.contains(' ') {
        return false;
    }
    let mut matched = 0;
    let mut at = 0;
    for w in field.split(' ') {
        let start = at;
        at += w.len() + 1;
        let (Some(c), Some(&want)) = (w.chars().next(), letters.peek()) else {
            break;
        };
        if c == want {
            found(start..start + c.len_utf8());
            letters.next();
            matched += 1;
            if letters.peek().is_none() {
                return matched >= 2;
            }
        } else if !(SMALL_WORDS.contains(&w) || matched == 0 && QUALIFIERS.contains(&w)) {
            return false;
        }
    }
    false
}

/// A word of `field` within the typo allowance of `needle` (four letters or more): its range.
fn typo_word(needle: &str, field: &str) -> Option<Range<usize>> {
    if needle.chars().count() < 4 {
        return None;
    }
    let mut at = 0;
    for w in field.split(' ') {
        if word_edits(needle, w).is_some() {
            return Some(at..at + w.len());
        }
        at += w.len() + 1;
    }
    None
}

/// Edits between a query word and a field word, if few enough to count as a typo: words
/// under four letters must start the field word; longer ones may be one edit away (two from
/// eight letters). Most pairs are rejected by length and first letters before any distance
/// is computed.
pub fn word_edits(w: &str, hw: &str) -> Option<u32> {
    if w.len() < 4 {
        return hw.starts_with(w).then_some(0);
    }
    let allowed = if w.len() >= 8 { 2 } else { 1 };
    if hw.len().abs_diff(w.len()) > allowed {
        return None;
    }
    let (a, b) = (w.as_bytes(), hw.as_bytes());
    if a.first() != b.first() && a.get(1) != b.get(1) {
        return None;
    }
    let d = strsim::osa_distance(w, hw);
    (d <= allowed).then_some(d as u32)
}

/// Byte ranges of `text` where `query` is strong (each positive term's first strong place in
/// a name, every word it starts in running text), merged and sorted: what a list that keeps
/// its order highlights.
pub fn highlight(query: &Query, text: &str, mode: Mode) -> Vec<Range<usize>> {
    let (folded, origin) = fold_with_origin(text);
    let mut folded_ranges: Vec<Range<usize>> = Vec::new();
    for term in query.terms().iter().flatten() {
        if term.negative {
            continue;
        }
        match (mode, term.kind) {
            // In running text every place the word starts is marked, as a reader scans for it.
            (Mode::Text, TermKind::Fuzzy) if !term.needle.is_empty() => {
                let n = term.needle.as_str();
                folded_ranges.extend(
                    folded
                        .match_indices(n)
                        .filter(|&(at, _)| at == 0 || folded.as_bytes()[at - 1] == b' ')
                        .map(|(at, _)| at..at + n.len()),
                );
            }
            _ => {
                if let Some(rs) = strong_ranges(term, &folded, mode) {
                    folded_ranges.extend(rs);
                }
            }
        }
    }
    to_original(text, &origin, folded_ranges)
}

/// Folded byte ranges as byte ranges of the original text, sorted and merged.
fn to_original(text: &str, origin: &[u32], mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end && r.end <= origin.len());
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        let start = origin[r.start] as usize;
        let last = origin[r.end - 1] as usize;
        let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
        match out.last_mut() {
            Some(prev) if start <= prev.end => prev.end = prev.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// A short piece of running text around the first place a query matched it, for "Mentioned
/// in" results: about `width` characters, cut at word boundaries, with "…" where cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` that the query matched.
    pub highlights: Vec<Range<usize>>,
}

pub fn snippet(query: &Query, text: &str, width: usize) -> Snippet {
    let ranges = highlight(query, text, Mode::Text);
    let first = ranges.first().map_or(0, |r| r.start);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let total = chars.len();
    let at = chars.partition_point(|&(b, _)| b < first);
    if total <= width {
        return Snippet {
            text: text.to_owned(),
            highlights: ranges,
        };
    }
    // A third of the room before the match, the rest after; then back to word boundaries.
    let mut from = at.saturating_sub(width / 3);
    let mut to = (from + width).min(total);
    from = to.saturating_sub(width).min(from);
    if from > 0 {
        while from < at && !chars[from - 1].1.is_whitespace() {
            from += 1;
        }
    }
    if to < total {
        while to > at + 1 && !chars[to].1.is_whitespace() {
            to -= 1;
        }
    }
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let (start, end) = (byte(from), byte(to));
    let body = text[start..end].trim();
    let lead = text[start..end].len() - text[start..end].trim_start().len();
    let start = start + lead;
    let mut out = String::new();
    let mut shift = 0isize - start as isize;
    if from > 0 {
        out.push('…');
        shift += '…'.len_utf8() as isize;
    }
    out.push_str(body);
    if to < total {
        out.push('…');
    }
    let highlights = ranges
        .into_iter()
        .filter(|r| r.start >= start && r.end <= start + body.len())
        .map(|r| (r.start as isize + shift) as usize..(r.end as isize + shift) as usize)
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fuzzy::fold;

    fn is_strong(q: &str, field: &str) -> bool {
        let f = fold(field);
        strong_match(&Query::parse(q), &[(f.as_str(), Mode::Name)])
    }

    fn in_text(q: &str, text: &str) -> bool {
        let f = fold(text);
        strong_match(&Query::parse(q), &[(f.as_str(), Mode::Text)])
    }

    #[test]
    fn runs_prefixes_initials_and_typos_are_strong() {
        assert!(is_strong("epic", "Epic go-live at CUH"));
        assert!(is_strong("chau", "Zafar Chaudry"));
        assert!(
            is_strong("ital", "Hospital"),
            "a run inside a word is still a run"
        );
        assert!(is_strong(
            "cuh",
            "Cambridge University Hospitals NHS Foundation Trust"
        ));
        assert!(
            !is_strong("nft", "Cambridge University Hospitals NHS Foundation Trust"),
            "initials start at the first word"
        );
        assert!(is_strong("rfh", "The Royal Free Hospital"));
        assert!(is_strong("cio", "interim chief information officer"));
        assert!(is_strong("lhcre", "Local Health and Care Record Exemplars"));
        assert!(is_strong("chaudhry", "Zafar Chaudry"));
        let near =
            |q: &str, f: &str| strength(&Query::parse(q).terms()[0][0], &fold(f), Mode::Name);
        assert_eq!(near("chaudhry", "Zafar Chaudry"), Strength::Near);
        assert_eq!(near("chaudry", "Zafar Chaudry"), Strength::Exact);
        assert_eq!(near("nhsx", "NHS England"), Strength::Near);
        assert!(is_strong("wilkinsen", "Sarah Wilkinson"));
        assert!(is_strong("sian", "Siân Thomas"));
        assert!(is_strong("oconnell", "Seán O'Connell"));
        assert!(is_strong("o'connell", "Seán O'Connell"));
    }

    #[test]
    fn letters_strung_across_words_are_weak() {
        assert!(!is_strong(
            "epic",
            "Department of Health publishes 'Delivering 21st Century IT Support for the NHS'"
        ));
        assert!(!is_strong(
            "streams",
            "Sarah Thomas reaches a mutual settlement"
        ));
        assert!(!is_strong("willsm", "William Smart"));
        assert!(
            !is_strong("sm", "NPfIT will be dismantled"),
            "two letters inside a word"
        );
        assert!(is_strong("sm", "Will Smart"));
        assert!(is_strong("ant", "NPfIT will be dismantled"));
        assert!(
            !is_strong("cuh", "Charles Underwood Trust Hospital"),
            "not consecutive"
        );
    }

    #[test]
    fn every_word_must_be_strong_somewhere() {
        let name = fold("Will Smart");
        let alias = fold("CIO of NHS England");
        let fields = [(name.as_str(), Mode::Name), (alias.as_str(), Mode::Name)];
        assert!(strong_match(&Query::parse("will sm"), &fields));
        assert!(strong_match(&Query::parse("smart cio"), &fields));
        assert!(!strong_match(&Query::parse("will xyz"), &fields));
        assert!(strong_match(&Query::parse("xyz | will"), &fields));
    }

    #[test]
    fn the_extended_syntax_keeps_its_meaning() {
        assert!(is_strong("'smart", "Will Smart"));
        assert!(!is_strong("'smrt", "Will Smart"));
        assert!(is_strong("^will", "Will Smart"));
        assert!(!is_strong("^smart", "Will Smart"));
        assert!(is_strong("smart$", "Will Smart"));
        assert!(is_strong("^will smart$", "Will Smart"));
        assert!(!is_strong("will !smart", "Will Smart"));
        assert!(is_strong("will !smart", "Will Jones"));
    }

    #[test]
    fn text_is_matched_by_word_starts() {
        assert!(in_text("epic", "the trust runs Epic's record"));
        assert!(in_text("wachter", "commissioned the Wachter review"));
        assert!(!in_text("epic", "the Department of Health"));
        assert!(in_text("epic", "Epics and stories"), "a word prefix");
        assert!(!in_text("view", "the Wachter review"));
        assert!(
            in_text("'view", "the Wachter review"),
            "'run still finds runs"
        );
        assert!(
            !in_text("wachtr", "the Wachter review"),
            "no typos in running text"
        );
        assert!(in_text("e-referral", "the NHS e-Referral Service"));
    }

    #[test]
    fn highlights_land_on_the_original_text() {
        let q = Query::parse("sian oconnell");
        let text = "Siân O'Connell";
        let marked: Vec<&str> = highlight(&q, text, Mode::Name)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["Siân", "O'Connell"]);
        let text = "Cambridge University Hospitals";
        let marked: Vec<&str> = highlight(&Query::parse("cuh"), text, Mode::Name)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(marked, ["C", "U", "H"]);
    }

    #[test]
    fn snippets_cut_at_words_around_the_match() {
        let text = "Cambridge University Hospitals' ten-year, £200m digital transformation \
                    programme: an Epic electronic patient record that went live in a big bang \
                    in October 2014 across Addenbrooke's and the Rosie.";
        let s = snippet(&Query::parse("epic"), text, 50);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(s.text.chars().count() <= 52, "{}", s.text);
        let marked: Vec<&str> = s.highlights.iter().map(|r| &s.text[r.clone()]).collect();
        assert_eq!(marked, ["Epic"]);
        let short = snippet(&Query::parse("rosie"), "The Rosie.", 50);
        assert_eq!(short.text, "The Rosie.");
        assert_eq!(&short.text[short.highlights[0].clone()], "Rosie");
    }
}
