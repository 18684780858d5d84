//! Loads a dataset and builds everything the dashboard holds (search index, panes), draws one
//! 120x40 frame, and exits: run it under `/usr/bin/time -v` for the dashboard's peak memory.
//!
//! ```sh
//! cargo build --release --example dashboard_memory
//! /usr/bin/time -v target/release/examples/dashboard_memory [DIR]
//! ```

use nhs_leaders::app::App;
use nhs_leaders::{DataPath, Dataset, ui};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let path = match std::env::args().nth(1) {
        Some(dir) => DataPath::Path(dir.into()),
        None => DataPath::Bundled,
    };
    let t = Instant::now();
    let ds = Dataset::load(&path).expect("loads").dataset;
    let loaded = t.elapsed();
    let mut app = App::new(Arc::new(ds));
    let _ = ui::render_to_string(&mut app, 120, 40);
    eprintln!(
        "{}: loaded in {loaded:.1?}, first frame at {:.1?}",
        app.ds.counts(),
        t.elapsed()
    );
}
