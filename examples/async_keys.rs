//! The dashboard's answer times while typing with searches on the worker thread: how long a
//! key takes to echo (update + draw a 120x40 frame) and how long until that key's results are
//! on screen. Keys are typed at `GAP_MS` intervals, like a fast typist.
//!
//! ```sh
//! cargo run --release --example async_keys -- DIR
//! ```

use nhs_leaders::app::{App, SearchBox};
use nhs_leaders::{DataPath, Dataset, ui};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const GAP_MS: u64 = 60;
const QUERIES: &[&str] = &["chaudry", "hospita", "smith j", "wilkins", "ceallai"];

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

fn main() {
    let dir = std::env::args().nth(1).expect("a dataset folder");
    let ds = Arc::new(
        Dataset::load(&DataPath::Path(dir.into()))
            .expect("loads")
            .dataset,
    );
    let mut app = App::new(ds);
    let (tx, rx) = mpsc::channel();
    app.search_in_background(move |r| {
        let _ = tx.send((Instant::now(), r));
    })
    .expect("worker");
    let entities = app.index.len();
    let mut echo = Vec::new();
    let mut fresh = Vec::new();
    for q in QUERIES {
        app.handle_key(KeyEvent::from(KeyCode::Char(':')));
        for c in q.chars() {
            let pressed = Instant::now();
            app.handle_key(KeyEvent::from(KeyCode::Char(c)));
            let _ = ui::render_to_string(&mut app, 120, 40);
            echo.push(pressed.elapsed());
            // Apply replies as the event loop would, until this key's results are shown or
            // the next key is due.
            let due = pressed + Duration::from_millis(GAP_MS);
            loop {
                let wait = due.saturating_duration_since(Instant::now());
                match rx.recv_timeout(if app.is_searching(SearchBox::Global) {
                    wait.max(Duration::from_millis(500))
                } else {
                    wait
                }) {
                    Ok((_, reply)) => {
                        app.receive(reply);
                        let _ = ui::render_to_string(&mut app, 120, 40);
                        if !app.is_searching(SearchBox::Global) {
                            fresh.push(pressed.elapsed());
                        }
                    }
                    Err(_) => break,
                }
                if !app.is_searching(SearchBox::Global) {
                    std::thread::sleep(due.saturating_duration_since(Instant::now()));
                    break;
                }
            }
        }
        app.handle_key(KeyEvent::from(KeyCode::Esc));
    }
    println!(
        "entities {entities}, {} keys, {} ms apart",
        echo.len(),
        GAP_MS
    );
    println!(
        "echo (key -> frame with the query): median {:.1?}, p99 {:.1?}, worst {:.1?}",
        pct(&mut echo, 0.5),
        pct(&mut echo, 0.99),
        pct(&mut echo, 1.0)
    );
    println!(
        "fresh results (key -> frame with its results), {} of {} keys: median {:.1?}, p99 {:.1?}, worst {:.1?}",
        fresh.len(),
        echo.len(),
        pct(&mut fresh, 0.5),
        pct(&mut fresh, 0.99),
        pct(&mut fresh, 1.0)
    );
}
