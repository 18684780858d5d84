//! One full pass of a query over every searchable line of a dataset, by nucleo-matcher (what
//! nhs-leaders uses, one thread, haystacks converted once) and by frizbee: on the original
//! lines (single-threaded and on 2 threads), and on the accent-folded copy the search index
//! keeps of every field (`fuzzy::fold`), with the query folded the same way and fzf's syntax
//! mapped onto frizbee's patterns. For the folded pass it also checks whether frizbee would
//! give the same answers: the same lines, the same top 20 in the same order, and the same
//! highlights once its positions are mapped back through the folding. Median of 5 per query.
//!
//! ```sh
//! cargo run --release --example matchers -- DIR
//! ```

use nhs_leaders::query::fuzzy::{Query, TermKind, fold, fold_with_origin};
use nhs_leaders::{DataPath, Dataset};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "chaudry", "smith j", "hospita", "wilkins", "ceallai", "zqxjvwk", "c", "ch",
];

/// The folded comparison adds first keystrokes, accents and the extended syntax.
const FOLDED_QUERIES: &[&str] = &[
    "c",
    "ch",
    "s",
    "sm",
    "chaudry",
    "smith j",
    "hospita",
    "wilkins",
    "ceallai",
    "o ceallaigh",
    "zqxjvwk",
    "'smith",
    "^dr",
    "trust$",
    "cio !deputy",
];

/// Lines compared for order and highlights.
const TOP: usize = 20;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir = std::env::args().nth(1).expect("a dataset folder");
    let ds = Dataset::load(&DataPath::Path(dir.into()))
        .expect("loads")
        .dataset;
    let mut lines: Vec<nhs_leaders::dataset::Str> = Vec::new();
    lines.extend(
        ds.people
            .iter()
            .flat_map(|p| std::iter::once(p.name.clone()).chain(p.aliases.clone())),
    );
    lines.extend(
        ds.organisations
            .iter()
            .flat_map(|o| std::iter::once(o.name.clone()).chain(o.aliases.clone())),
    );
    lines.extend(ds.programmes.iter().map(|p| p.name.clone()));
    lines.extend(ds.events.iter().map(|e| e.title.clone()));
    let hay: Vec<Utf32String> = lines.iter().map(|l| Utf32String::from(&**l)).collect();
    let mut nucleo = Matcher::new(Config::DEFAULT);
    println!("{} lines", lines.len());
    println!(
        "| query | nucleo (1 thread) | frizbee (1 thread) | frizbee (2 threads) | nucleo matches | frizbee matches |"
    );
    println!("|---|---|---|---|---|---|");
    for q in QUERIES {
        let pattern = Pattern::parse(q, CaseMatching::Smart, Normalization::Smart);
        let mut n_matches = 0;
        let n: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                n_matches = hay
                    .iter()
                    .filter(|h| pattern.score(h.slice(..), &mut nucleo).is_some())
                    .count();
                t.elapsed()
            })
            .collect();
        let config = frizbee::Config::default();
        let mut f_matches = 0;
        let f1: Vec<Duration> = (0..5)
            .map(|_| {
                let mut m = frizbee::Matcher::from_query(q, &config);
                let t = Instant::now();
                f_matches = m.match_list(&lines).len();
                t.elapsed()
            })
            .collect();
        let f2: Vec<Duration> = (0..5)
            .map(|_| {
                let mut m = frizbee::Matcher::from_query(q, &config);
                let t = Instant::now();
                std::hint::black_box(m.match_list_parallel(&lines, 2));
                t.elapsed()
            })
            .collect();
        println!(
            "| `{q}` | {:.1?} | {:.1?} | {:.1?} | {n_matches} | {f_matches} |",
            median(n),
            median(f1),
            median(f2)
        );
    }
    folded_comparison(&lines, &hay, &mut nucleo);
}

/// frizbee over the folded lines against nucleo over the originals.
fn folded_comparison(
    lines: &[nhs_leaders::dataset::Str],
    hay: &[Utf32String],
    nucleo: &mut Matcher,
) {
    let t = Instant::now();
    let folded: Vec<(String, Vec<u32>)> = lines.iter().map(|l| fold_with_origin(l)).collect();
    let folded_text: Vec<&str> = folded.iter().map(|(f, _)| f.as_str()).collect();
    println!(
        "\nfolded copies of {} lines made in {:.1?} (the index keeps them already)",
        lines.len(),
        t.elapsed()
    );
    println!(
        "| query | nucleo, original (1 thread) | frizbee, folded (1 thread) | matches nucleo / frizbee | same lines | same top {TOP}, same order | same highlights in top {TOP} |"
    );
    println!("|---|---|---|---|---|---|---|");
    for q in FOLDED_QUERIES {
        let pattern = Pattern::parse(q, CaseMatching::Smart, Normalization::Smart);
        let mut n_hits: Vec<(u32, usize)> = Vec::new();
        let n: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                n_hits = hay
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| pattern.score(h.slice(..), nucleo).map(|s| (s, i)))
                    .collect();
                t.elapsed()
            })
            .collect();
        let patterns = frizbee_patterns(q);
        let config = frizbee::Config::default();
        let mut f_hits: Vec<frizbee::Match> = Vec::new();
        let f: Vec<Duration> = (0..5)
            .map(|_| {
                let mut m = frizbee::Matcher::from_patterns(&patterns, &config);
                let t = Instant::now();
                f_hits = m.match_list(&folded_text);
                t.elapsed()
            })
            .collect();
        let n_set: BTreeSet<usize> = n_hits.iter().map(|&(_, i)| i).collect();
        let f_set: BTreeSet<usize> = f_hits.iter().map(|m| m.index as usize).collect();
        let same_lines = if n_set == f_set {
            "yes".to_owned()
        } else {
            format!(
                "no: {} only nucleo, {} only frizbee",
                n_set.difference(&f_set).count(),
                f_set.difference(&n_set).count()
            )
        };
        n_hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let n_top: Vec<usize> = n_hits.iter().take(TOP).map(|&(_, i)| i).collect();
        let f_top: Vec<usize> = f_hits.iter().take(TOP).map(|m| m.index as usize).collect();
        let same_top = n_top == f_top;
        let same_order = n_top.iter().zip(&f_top).take_while(|(a, b)| a == b).count();
        // Highlights of nucleo's top lines: nucleo's positions against frizbee's, mapped back.
        let mut m = frizbee::Matcher::from_patterns(&patterns, &config);
        let top_folded: Vec<&str> = n_top.iter().map(|&i| folded_text[i]).collect();
        let f_indices = m.match_list_indices(&top_folded);
        let mut same_marks = 0;
        for (k, &i) in n_top.iter().enumerate() {
            let n_marks = nucleo_marks(&pattern, &hay[i], &lines[i], nucleo);
            let f_marks = f_indices
                .iter()
                .find(|x| x.index as usize == k)
                .map(|x| {
                    let (_, origin) = &folded[i];
                    x.indices
                        .iter()
                        .filter_map(|&b| origin.get(b as usize).map(|&o| o as usize))
                        .collect::<BTreeSet<usize>>()
                })
                .unwrap_or_default();
            if n_marks == f_marks {
                same_marks += 1;
            }
        }
        println!(
            "| `{q}` | {:.1?} | {:.1?} | {} / {} | {same_lines} | {} | {same_marks} of {} |",
            median(n),
            median(f),
            n_set.len(),
            f_set.len(),
            if same_top {
                "yes".to_owned()
            } else {
                format!("no (first {same_order} agree)")
            },
            n_top.len()
        );
    }
}

/// fzf's syntax, parsed as nhs-leaders parses it, as frizbee patterns over folded text (no
/// typos: nhs-leaders has its own typo pass).
fn frizbee_patterns(q: &str) -> Vec<frizbee::Pattern> {
    Query::parse(q)
        .terms()
        .iter()
        .flatten()
        .map(|t| {
            let matching = match t.kind {
                TermKind::Fuzzy if t.negative => frizbee::Matching::Substring,
                TermKind::Fuzzy => frizbee::Matching::Fuzzy,
                TermKind::Substring => frizbee::Matching::Substring,
                TermKind::Prefix => frizbee::Matching::Prefix,
                TermKind::Postfix => frizbee::Matching::Suffix,
                TermKind::Exact => frizbee::Matching::Exact,
            };
            frizbee::Pattern::new(&fold(&t.needle), frizbee::PatternConfig::default())
                .matching(Some(matching))
                .max_typos(Some(0))
                .negated(t.negative)
        })
        .collect()
}

/// The byte offsets (each matched character's first byte) nucleo highlights in a line.
fn nucleo_marks(
    pattern: &Pattern,
    hay: &Utf32String,
    line: &str,
    nucleo: &mut Matcher,
) -> BTreeSet<usize> {
    let mut indices = Vec::new();
    pattern.indices(hay.slice(..), nucleo, &mut indices);
    let starts: Vec<usize> = {
        use unicode_segmentation::UnicodeSegmentation;
        line.grapheme_indices(true).map(|(b, _)| b).collect()
    };
    indices
        .iter()
        .filter_map(|&g| starts.get(g as usize).copied())
        .collect()
}
