//! Incremental search gives exactly what a full re-score gives, keystroke by keystroke and
//! through backspace; and searches run on the worker thread land in the dashboard the same.

#[path = "../benches/support/synth.rs"]
mod synth;

use nhs_leaders::app::{App, SearchBox};
use nhs_leaders::query::{KindFilter, SearchIndex, Searcher};
use nhs_leaders::{DataPath, Dataset};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

fn synthetic() -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    synth::generate(2_000, dir.path()).unwrap();
    Dataset::load(&DataPath::Path(dir.path().to_path_buf()))
        .unwrap()
        .dataset
}

fn summary(hits: &[nhs_leaders::query::Hit]) -> Vec<(String, u32, &'static str)> {
    hits.iter()
        .map(|h| (format!("{:?}", h.entity), h.score, h.field.as_str()))
        .collect()
}

#[test]
fn typing_and_backspacing_matches_a_fresh_search_every_time() {
    let ds = synthetic();
    let index = SearchIndex::build(&ds);
    for query in [
        "chaudry",
        "smith j",
        "hospital",
        "cio !deputy",
        "trust | ics",
        "'leeds",
        "zqxjvwk",
    ] {
        let mut incremental = Searcher::default();
        let mut typed = String::new();
        let mut steps: Vec<String> = query
            .chars()
            .map(|c| {
                typed.push(c);
                typed.clone()
            })
            .collect();
        // ...then backspace all the way.
        let back: Vec<String> = steps.iter().rev().skip(1).cloned().collect();
        steps.extend(back);
        for q in steps {
            let a = incremental.search_counted(&index, &ds, &q, KindFilter::ALL, 50);
            let b = Searcher::default().search_counted(&index, &ds, &q, KindFilter::ALL, 50);
            assert_eq!(summary(&a.hits), summary(&b.hits), "query {q:?}");
            assert_eq!(a.total, b.total, "query {q:?}");
        }
    }
}

fn key(app: &mut App, c: char) {
    app.handle_key(KeyEvent::from(KeyCode::Char(c)));
}

#[test]
fn background_search_delivers_the_newest_results_only() {
    let ds = Arc::new(synthetic());
    let mut inline = App::new(Arc::clone(&ds));
    let mut background = App::new(Arc::clone(&ds));
    let (tx, rx) = mpsc::channel();
    background
        .search_in_background(move |reply| {
            let _ = tx.send(reply);
        })
        .unwrap();
    for app in [&mut inline, &mut background] {
        key(app, '/');
        for c in "chaudry".chars() {
            key(app, c);
        }
    }
    // The query echoes at once, whatever the worker is doing.
    assert_eq!(background.query(), "chaudry");
    while background.is_searching(SearchBox::People) {
        let reply = rx.recv_timeout(Duration::from_secs(10)).expect("a reply");
        background.receive(reply);
    }
    assert_eq!(background.people.shown, inline.people.shown);
    assert!(!background.people.shown.is_empty());
    // Replies to superseded queries were dropped, not shown over newer ones.
    while let Ok(late) = rx.try_recv() {
        background.receive(late);
    }
    assert_eq!(background.people.shown, inline.people.shown);
}
