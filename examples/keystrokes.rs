//! Per-keystroke search latency while typing queries one character at a time, as the
//! dashboard's global search does (a fresh `Searcher` per query, reused across keystrokes):
//!
//! ```sh
//! cargo run --release --example keystrokes -- DIR [ROUNDS]
//! ```
//! Prints median, p99 and worst per keystroke over every query and round.

use nhs_leaders::query::{KindFilter, SearchIndex, Searcher};
use nhs_leaders::{DataPath, Dataset};
use std::time::{Duration, Instant};

/// Seven-character queries: names, words in titles, an acronym, a typo, and one that matches
/// nothing, so both broad and narrow keystrokes are measured.
pub const QUERIES: &[&str] = &[
    "chaudry", "smith j", "hospita", "wilkins", "cio nhs", "go-live", "ceallai", "zqxjvwk",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("a dataset folder");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let ds = Dataset::load(&DataPath::Path(dir.into()))
        .expect("dataset loads")
        .dataset;
    let t = Instant::now();
    let index = SearchIndex::build(&ds);
    eprintln!(
        "index of {} entities built in {:.1?}",
        index.len(),
        t.elapsed()
    );
    let mut times: Vec<Duration> = Vec::new();
    let mut per_query: Vec<(String, Duration, Duration)> = Vec::new();
    let mut by_position = [Duration::ZERO; 7];
    for q in QUERIES {
        let mut worst = Duration::ZERO;
        let mut total = Duration::ZERO;
        for _ in 0..rounds {
            let mut searcher = Searcher::default();
            for end in 1..=q.len() {
                let t = Instant::now();
                let hits = searcher.search(&index, &ds, &q[..end], KindFilter::ALL, 200);
                let dt = t.elapsed();
                std::hint::black_box(hits);
                times.push(dt);
                if let Some(slot) = by_position.get_mut(end - 1) {
                    *slot = (*slot).max(dt);
                }
                worst = worst.max(dt);
                total += dt;
            }
        }
        per_query.push((q.to_string(), total / (rounds * q.len()) as u32, worst));
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!("entities {}  keystrokes {}", index.len(), times.len());
    println!(
        "median {:.2?}  p99 {:.2?}  worst {:.2?}",
        pct(0.5),
        pct(0.99),
        times[times.len() - 1]
    );
    println!(
        "worst by keystroke: {}",
        by_position
            .iter()
            .enumerate()
            .map(|(i, d)| format!("#{} {:.1?}", i + 1, d))
            .collect::<Vec<_>>()
            .join("  ")
    );
    for (q, mean, worst) in per_query {
        println!("  {q:<8} mean {mean:>9.2?}  worst {worst:>9.2?}");
    }
}
