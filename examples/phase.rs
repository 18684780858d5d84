//! Where load time and memory go, phase by phase: `cargo run --release --example phase -- DIR`.
use std::time::Instant;

fn rss_mb() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / 1e6
}

fn main() {
    let dir = std::env::args().nth(1).expect("a dataset folder");
    let t = Instant::now();
    let files = nhs_leaders::dataset::read_files(&nhs_leaders::DataPath::Path(dir.into())).unwrap();
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    eprintln!(
        "read {:.1} MB in {:.1?}; rss {:.0} MB",
        bytes as f64 / 1e6,
        t.elapsed(),
        rss_mb()
    );
    let t = Instant::now();
    let loaded = nhs_leaders::Dataset::from_files("x".into(), &files).unwrap();
    eprintln!(
        "load + validate {:.1?} ({:.0} MB/s); rss {:.0} MB",
        t.elapsed(),
        bytes as f64 / 1e6 / t.elapsed().as_secs_f64(),
        rss_mb()
    );
    drop(files);
    eprintln!("files dropped; rss {:.0} MB", rss_mb());
    let t = Instant::now();
    let index = nhs_leaders::query::SearchIndex::build(&loaded.dataset);
    eprintln!(
        "search index {} entries in {:.1?}; rss {:.0} MB",
        index.len(),
        t.elapsed(),
        rss_mb()
    );
}
