//! The same names searched by nhs-leaders and by `fzf --filter` (Debian's fzf), per query:
//! every searchable text of a dataset (names, aliases, former names, short names, event
//! titles) is written one per line, then each query is timed both ways (median of 5).
//! fzf's time includes its process start and reading the list; ours is the search alone, so
//! both are printed.
//!
//! ```sh
//! cargo run --release --example vs_fzf -- DIR
//! ```

use nhs_leaders::query::{KindFilter, SearchIndex};
use nhs_leaders::{DataPath, Dataset};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "chaudry", "smith j", "hospita", "wilkins", "cio nhs", "ceallai", "zqxjvwk", "c",
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
    let index = SearchIndex::build(&ds);
    let mut lines = Vec::new();
    lines.extend(
        ds.people
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases)),
    );
    lines.extend(
        ds.organisations
            .iter()
            .flat_map(|o| std::iter::once(&o.name).chain(&o.aliases)),
    );
    lines.extend(
        ds.programmes
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases)),
    );
    lines.extend(ds.events.iter().map(|e| &e.title));
    let list = std::env::temp_dir().join("nhs-leaders-names.txt");
    let mut f = std::fs::File::create(&list).expect("names file");
    for l in &lines {
        writeln!(f, "{l}").expect("write");
    }
    drop(f);
    println!("{} entities, {} lines", index.len(), lines.len());
    println!(
        "| query | nhs-leaders (search only) | fzf --filter (process) | fzf / ours | fzf matches | our matches |"
    );
    println!("|---|---|---|---|---|---|");
    for q in QUERIES {
        let ours: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(index.search(&ds, q, KindFilter::ALL, 200));
                t.elapsed()
            })
            .collect();
        let our_matches = nhs_leaders::query::Searcher::default()
            .search_counted(&index, &ds, q, KindFilter::ALL, 1)
            .total;
        let mut fzf_matches = 0;
        let theirs: Vec<Duration> = (0..5)
            .map(|_| {
                let input = std::fs::File::open(&list).expect("names");
                let t = Instant::now();
                let out = Command::new("fzf")
                    .args(["--filter", q])
                    .stdin(Stdio::from(input))
                    .output()
                    .expect("fzf runs");
                let dt = t.elapsed();
                fzf_matches = out
                    .stdout
                    .split(|b| *b == b'\n')
                    .filter(|l| !l.is_empty())
                    .count();
                dt
            })
            .collect();
        let (o, t) = (median(ours), median(theirs));
        println!(
            "| `{q}` | {o:.1?} | {t:.1?} | {:.1}x | {fzf_matches} | {our_matches} |",
            t.as_secs_f64() / o.as_secs_f64()
        );
    }
}
