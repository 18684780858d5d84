//! Per-keystroke search latency while typing queries one character at a time, as the
//! dashboard's global search does (a fresh `Searcher` per query, reused across keystrokes):
//!
//! ```sh
//! cargo run --release --example keystrokes -- DIR [ROUNDS]
//! ```
//! Prints median, p99 and worst per keystroke over every query and round; then, for a
//! machine shared with other work, the same over each keystroke's best round ("best of N",
//! what the search costs when it has the cores) and the CPU time each keystroke used on all
//! threads (`CLOCK_PROCESS_CPUTIME_ID`), which other processes do not inflate.

use nhs_leaders::query::{KindFilter, SearchIndex, Searcher};
use nhs_leaders::{DataPath, Dataset};
use std::time::{Duration, Instant};

/// CPU time used so far by every thread of this process (the search's worker threads
/// included), as the kernel accounts it.
fn cpu_time() -> Duration {
    nix::time::clock_gettime(nix::time::ClockId::CLOCK_PROCESS_CPUTIME_ID)
        .map(Duration::from)
        .unwrap_or_default()
}

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
    // Per keystroke (query, position): the best wall time and the least CPU time of its rounds.
    let mut best: Vec<(Duration, Duration)> = Vec::new();
    for q in QUERIES {
        let mut worst = Duration::ZERO;
        let mut total = Duration::ZERO;
        let first = best.len();
        best.extend(std::iter::repeat_n((Duration::MAX, Duration::MAX), q.len()));
        for _ in 0..rounds {
            let mut searcher = Searcher::default();
            for end in 1..=q.len() {
                let cpu = cpu_time();
                let t = Instant::now();
                let hits = searcher.search(&index, &ds, &q[..end], KindFilter::ALL, 200);
                let dt = t.elapsed();
                let used = cpu_time().saturating_sub(cpu);
                let slot = &mut best[first + end - 1];
                *slot = (slot.0.min(dt), slot.1.min(used));
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
    let stats = |mut v: Vec<Duration>| {
        v.sort();
        let at = |p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
        format!(
            "median {:.2?}  p99 {:.2?}  worst {:.2?}",
            at(0.5),
            at(0.99),
            v[v.len() - 1]
        )
    };
    println!(
        "best of {rounds}, per keystroke: {}",
        stats(best.iter().map(|b| b.0).collect())
    );
    println!(
        "CPU time, all threads, per keystroke: {}",
        stats(best.iter().map(|b| b.1).collect())
    );
    // Which keystrokes cost most: the first ones match nearly everything.
    let mut at = 0;
    let mut cpu_by_position = [Duration::ZERO; 7];
    for q in QUERIES {
        for (i, b) in best[at..at + q.len()].iter().enumerate() {
            if let Some(slot) = cpu_by_position.get_mut(i) {
                *slot = (*slot).max(b.1);
            }
        }
        at += q.len();
    }
    if std::env::var_os("KEYSTROKES_DETAIL").is_some() {
        let mut at = 0;
        for q in QUERIES {
            let row: Vec<String> = best[at..at + q.len()]
                .iter()
                .map(|b| format!("{:.1}", b.1.as_secs_f64() * 1e3))
                .collect();
            println!("  CPU ms {q:<8} {}", row.join(" "));
            at += q.len();
        }
    }
    println!(
        "CPU time by keystroke, worst query: {}",
        cpu_by_position
            .iter()
            .enumerate()
            .map(|(i, d)| format!("#{} {:.1?}", i + 1, d))
            .collect::<Vec<_>>()
            .join("  ")
    );
}
