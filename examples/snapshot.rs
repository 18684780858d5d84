//! Snapshot cache costs, phase by phase: a cold load (parse, index, write the snapshot), then
//! warm loads from it. `cargo run --release --example snapshot -- DIR [RUNS]`.
use nhs_leaders::DataPath;
use nhs_leaders::cache::{self, Origin, Settings};
use nhs_leaders::dataset::Progress;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("a dataset folder");
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let path = DataPath::Path(dir.into());
    let cache_dir = tempfile::tempdir().expect("a temporary folder");
    let settings = Settings::Dir(cache_dir.path().to_owned());

    let t = Instant::now();
    let mut opened = cache::open(&path, &settings, &Progress::new()).expect("it loads");
    let parsed = t.elapsed();
    let t = Instant::now();
    let index = opened.index();
    let indexed = t.elapsed();
    let t = Instant::now();
    let job = opened.snapshot_job().expect("writable").expect("a job");
    let l = &opened.loaded;
    let written = job
        .write(&l.dataset, &index, &l.warnings, l.files)
        .expect("written")
        .expect("not changed");
    let size = std::fs::metadata(&written).map(|m| m.len()).unwrap_or(0);
    println!(
        "cold: parse + validate {parsed:.1?}, index {indexed:.1?}, write {:.1?} ({:.1} MB)",
        t.elapsed(),
        size as f64 / 1e6
    );
    drop(opened);
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let opened = cache::open(&path, &settings, &Progress::new()).expect("it loads");
        times.push(t.elapsed());
        assert_eq!(opened.origin, Origin::Snapshot);
        let t = Instant::now();
        drop(opened);
        eprintln!(
            "  warm {:.1?} (drop {:.1?})",
            times.last().unwrap(),
            t.elapsed()
        );
    }
    times.sort();
    println!(
        "warm: median {:.1?}, best {:.1?} ({runs} runs)",
        times[runs / 2],
        times[0]
    );
}
