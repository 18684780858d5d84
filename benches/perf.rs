//! Benchmarks behind docs/performance.md: load + validate per size, search per keystroke while
//! typing, "who held what on a date", rendering each pane at 120x40, a page of chronology
//! scrolling, and the Stats figures (computed on a filter or date change, then drawn). Datasets are generated once into target/bench-data/ (deterministic).
//!
//! `cargo bench` runs everything; `cargo bench -- search` runs one group.

#[path = "support/synth.rs"]
mod synth;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use nhs_leaders::app::App;
use nhs_leaders::model::PartialDate;
use nhs_leaders::query::{KindFilter, SearchIndex, Searcher, views};
use nhs_leaders::{DataPath, Dataset, ui};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A generated dataset of `people` people, written once and reused.
fn dataset_dir(people: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!("people-{people}"));
    if !dir.join("people-0001.toml").exists() {
        synth::generate(people, &dir).expect("write bench data");
    }
    dir
}

fn load(people: usize) -> Dataset {
    Dataset::load(&DataPath::Path(dataset_dir(people)))
        .expect("bench data loads")
        .dataset
}

/// People for a dataset of about `entities` searchable entities (people, organisations,
/// programmes and events: about 3.1 per person).
fn people_for_entities(entities: usize) -> usize {
    entities * 10 / 31
}

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for people in [1_000, 10_000, 100_000] {
        let dir = dataset_dir(people);
        let bytes: u64 = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0);
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(BenchmarkId::from_parameter(people), &dir, |b, dir| {
            b.iter(|| Dataset::load(&DataPath::Path(dir.clone())).expect("loads"));
        });
    }
    group.finish();
}

/// A warm start's load: the dataset and its search index mapped from a snapshot (written
/// once, outside the measurement), against the parse above.
fn bench_snapshot(c: &mut Criterion) {
    use nhs_leaders::cache::{self, Origin, Settings};
    use nhs_leaders::dataset::Progress;
    let mut group = c.benchmark_group("snapshot_load");
    group.sample_size(10);
    for people in [10_000, 100_000] {
        let path = DataPath::Path(dataset_dir(people));
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/cache");
        let settings = Settings::Dir(dir);
        let mut opened = cache::open(&path, &settings, &Progress::new()).expect("loads");
        if let Ok(Some(job)) = opened.snapshot_job() {
            let index = opened.index();
            let l = &opened.loaded;
            job.write(&l.dataset, &index, &l.warnings, l.files)
                .expect("snapshot written");
        }
        drop(opened);
        group.bench_with_input(BenchmarkId::from_parameter(people), &path, |b, path| {
            b.iter(|| {
                let opened = cache::open(path, &settings, &Progress::new()).expect("loads");
                assert_eq!(opened.origin, Origin::Snapshot);
                opened
            });
        });
    }
    group.finish();
}

/// The queries typed one character at a time (as in examples/keystrokes.rs).
const QUERIES: &[&str] = &["chaudry", "hospita", "smith j"];

fn bench_search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_keystroke");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for entities in [10_000, 100_000, 1_000_000] {
        let ds = load(people_for_entities(entities));
        let index = SearchIndex::build(&ds);
        let keystrokes: usize = QUERIES.iter().map(|q| q.len()).sum();
        group.throughput(Throughput::Elements(keystrokes as u64));
        group.bench_function(BenchmarkId::from_parameter(entities), |b| {
            b.iter(|| {
                for q in QUERIES {
                    let mut searcher = Searcher::default();
                    for end in 1..=q.len() {
                        black_box(searcher.search(&index, &ds, &q[..end], KindFilter::ALL, 200));
                    }
                }
            });
        });
    }
    group.finish();
}

fn bench_at(c: &mut Criterion) {
    let ds = load(100_000);
    let date = PartialDate::parse("2017-06").expect("a date");
    c.bench_function("at_date/100000", |b| {
        b.iter(|| black_box(views::at_indices(&ds, &date, None, None)));
    });
    c.bench_function("at_date_title/100000", |b| {
        b.iter(|| black_box(views::at_indices(&ds, &date, None, Some("cio"))));
    });
}

fn bench_render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_120x40");
    for people in [1_000, 100_000] {
        let ds = Arc::new(load(people));
        for (name, key) in [
            ("people", '1'),
            ("organisations", '2'),
            ("programmes", '3'),
            ("chronology", '4'),
        ] {
            let mut app = App::new(Arc::clone(&ds));
            app.handle_key(KeyEvent::from(KeyCode::Char(key)));
            group.bench_function(BenchmarkId::new(name, people), |b| {
                b.iter(|| black_box(ui::render_to_string(&mut app, 120, 40)));
            });
        }
    }
    group.finish();
}

fn bench_scroll(c: &mut Criterion) {
    let mut group = c.benchmark_group("chronology_page_down");
    for people in [1_000, 100_000] {
        let ds = Arc::new(load(people));
        let mut app = App::new(ds);
        app.handle_key(KeyEvent::from(KeyCode::Char('4')));
        let _ = ui::render_to_string(&mut app, 120, 40);
        group.bench_function(BenchmarkId::from_parameter(people), |b| {
            b.iter(|| {
                app.handle_key(KeyEvent::from(KeyCode::PageDown));
                black_box(ui::render_to_string(&mut app, 120, 40));
                if app.chronology.cursor.selected + 50 >= app.chronology.rows.len() {
                    app.handle_key(KeyEvent::from(KeyCode::Home));
                }
            });
        });
    }
    group.finish();
}

/// A served session's keystroke without the network: the channel's bytes through the input
/// parser, the app, and a frame through the same writer a session uses, into memory.
fn bench_served_keystroke(c: &mut Criterion) {
    use nhs_leaders::serve::input::InputParser;
    use nhs_leaders::serve::session::{ClientBackend, WindowCell};
    use nhs_leaders::wire::{FrameWriter, GapFill, Mode};
    let ds = Arc::new(
        Dataset::load(&DataPath::Bundled)
            .expect("bundled data")
            .dataset,
    );
    let size = ratatui::layout::Size::new(80, 24);
    let backend = ClientBackend::new(
        FrameWriter::new(Vec::new(), Mode::Tight),
        WindowCell::new(size),
    );
    let mut terminal =
        ratatui::Terminal::new(GapFill::with_size(backend, size)).expect("a terminal");
    let mut app = App::new(ds);
    let mut parser = InputParser::default();
    for e in parser.feed(b"/") {
        if let ratatui::crossterm::event::Event::Key(k) = e {
            app.handle_key(k);
        }
    }
    let keys: &[&[u8]] = &[b"c", b"h", b"a", b"u", b"\x7f", b"\x7f", b"\x7f", b"\x7f"];
    c.bench_function("served_keystroke/bundled_80x24", |b| {
        b.iter(|| {
            for bytes in keys {
                for e in parser.feed(bytes) {
                    if let ratatui::crossterm::event::Event::Key(k) = e {
                        app.handle_key(k);
                    }
                }
                terminal.draw(|f| ui::render(&mut app, f)).expect("drawn");
            }
        });
    });
}

/// A reload of the bundled data with 50 sessions open, done one after another on one core
/// (the server does the sessions' part on every core): load and validate, say what changed,
/// build the index, then each session's app swaps to it and draws a frame.
fn bench_reload(c: &mut Criterion) {
    use nhs_leaders::dataset::diff;
    let first = Arc::new(
        Dataset::load(&DataPath::Bundled)
            .expect("bundled data")
            .dataset,
    );
    let index = Arc::new(SearchIndex::build(&first));
    let mut apps: Vec<App> = (0..50)
        .map(|_| App::with_index(Arc::clone(&first), Arc::clone(&index)))
        .collect();
    let mut group = c.benchmark_group("reload");
    group.sample_size(10);
    group.bench_function("bundled_50_sessions", |b| {
        b.iter(|| {
            let ds = Arc::new(Dataset::load(&DataPath::Bundled).expect("loads").dataset);
            black_box(diff::changes(&first, &ds));
            let index = Arc::new(SearchIndex::build(&ds));
            for app in &mut apps {
                app.replace_data(Arc::clone(&ds), Arc::clone(&index))
                    .expect("swapped");
                black_box(ui::render_to_string(app, 80, 24));
            }
        });
    });
    group.bench_function("bundled_load_diff_index", |b| {
        b.iter(|| {
            let ds = Dataset::load(&DataPath::Bundled).expect("loads").dataset;
            black_box(diff::changes(&first, &ds));
            black_box(SearchIndex::build(&ds));
        });
    });
    group.finish();
}

/// The Stats pane's figures: the per-dataset groundwork (once, on the first visit), the
/// figures computed when a filter or the as-of date changes (all posts, and CIOs in one
/// region), and the pane drawn.
fn bench_stats(c: &mut Criterion) {
    use nhs_leaders::query::posts::PostClass;
    use nhs_leaders::query::stats::{Prepared, StatsFilter, stats_prepared};
    let mut group = c.benchmark_group("stats");
    group.sample_size(10);
    for people in [1_000, 100_000] {
        let ds = Arc::new(load(people));
        group.bench_function(BenchmarkId::new("prepare", people), |b| {
            b.iter(|| black_box(Prepared::new(&ds)));
        });
        let prepared = Prepared::new(&ds);
        group.bench_function(BenchmarkId::new("all_posts", people), |b| {
            b.iter(|| black_box(stats_prepared(&ds, &prepared, &StatsFilter::default())));
        });
        let cio_london = StatsFilter {
            classes: vec![PostClass::Cio],
            region: Some("London".into()),
            ..StatsFilter::default()
        };
        group.bench_function(BenchmarkId::new("cio_london", people), |b| {
            b.iter(|| black_box(stats_prepared(&ds, &prepared, &cio_london)));
        });
        let mut app = App::new(Arc::clone(&ds));
        app.handle_key(KeyEvent::from(KeyCode::Char('6')));
        group.bench_function(BenchmarkId::new("render_120x40", people), |b| {
            b.iter(|| black_box(ui::render_to_string(&mut app, 120, 40)));
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_load,
    bench_snapshot,
    bench_search,
    bench_at,
    bench_render,
    bench_scroll,
    bench_served_keystroke,
    bench_reload,
    bench_stats
);
criterion_main!(benches);
