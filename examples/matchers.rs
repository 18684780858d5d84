//! One full pass of a query over every searchable line of a dataset, by nucleo-matcher (what
//! nhs-leaders uses, one thread, haystacks converted once) and by frizbee (single-threaded and
//! on 2 threads). Median of 5 per query.
//!
//! ```sh
//! cargo run --release --example matchers -- DIR
//! ```

use nhs_leaders::{DataPath, Dataset};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "chaudry", "smith j", "hospita", "wilkins", "ceallai", "zqxjvwk", "c", "ch",
];

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir = std::env::args().nth(1).expect("a dataset folder");
    let ds = Dataset::load(&DataPath::Path(dir.into()))
        .expect("loads")
        .dataset;
    let mut lines: Vec<String> = Vec::new();
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
    let hay: Vec<Utf32String> = lines
        .iter()
        .map(|l| Utf32String::from(l.as_str()))
        .collect();
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
}
