//! Progress on the normal screen while a slow dataset loads: nothing for the first
//! `QUIET_FOR`, then one line, redrawn in place, with the files, megabytes and records done
//! ("loading nhs-100000: parsing: 2 of 3 files, 68.2 of 102.3 MB, 200 000 records"), erased
//! when the load ends so the dashboard or the command's output starts on a clean line.
//!
//! The loader only counts (`dataset::Progress`); this module is one of its observers (a
//! served session's first frame can be another). Ctrl-C, SIGTERM or SIGHUP while the line is
//! up erase it and end the process the way the signal would have, so the terminal is left as
//! it was: cooked mode, cursor visible, no stray text.

use crate::dataset::Progress;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A load quicker than this shows nothing.
pub const QUIET_FOR: Duration = Duration::from_millis(200);
/// How often the line is redrawn while it is up.
const EVERY: Duration = Duration::from_millis(100);

/// Where the line goes, and whether it is on screen now.
struct Line {
    out: Box<dyn Write + Send>,
    shown: bool,
}

impl Line {
    fn draw(&mut self, text: &str) {
        let _ = write!(self.out, "\r\x1b[2K{text}");
        let _ = self.out.flush();
        self.shown = true;
    }

    fn erase(&mut self) {
        if self.shown {
            let _ = write!(self.out, "\r\x1b[2K");
            let _ = self.out.flush();
            self.shown = false;
        }
    }
}

/// Runs `load`, showing its progress on `out` (a terminal) once it has taken `QUIET_FOR`;
/// with `out` = `None`, just runs it. `label` names what is loading.
pub fn with_progress<T>(
    out: Option<Box<dyn Write + Send>>,
    label: &str,
    load: impl FnOnce(&Progress) -> T,
) -> T {
    let progress = Arc::new(Progress::new());
    let Some(out) = out else {
        return load(&progress);
    };
    let line = Arc::new(Mutex::new(Line { out, shown: false }));
    let loading = Arc::new(AtomicBool::new(true));
    watch_signals(&line, &loading, &progress);
    let (done, finished) = mpsc::channel::<()>();
    let ticker = {
        let (line, progress) = (Arc::clone(&line), Arc::clone(&progress));
        let label = label.to_owned();
        std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                let mut wait = QUIET_FOR;
                while let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(wait) {
                    let text = fit(&format!("loading {label}: {}", progress.status()));
                    if let Ok(mut l) = line.lock() {
                        l.draw(&text);
                    }
                    wait = EVERY;
                }
                if let Ok(mut l) = line.lock() {
                    l.erase();
                }
            })
            .ok()
    };
    let result = load(&progress);
    let _ = done.send(());
    if let Some(t) = ticker {
        let _ = t.join();
    }
    loading.store(false, Ordering::SeqCst);
    result
}

/// The line cut to the terminal's width, so that redrawing it in place never wraps.
fn fit(text: &str) -> String {
    let width = match ratatui::crossterm::terminal::size() {
        Ok((w, _)) if w > 0 => usize::from(w),
        _ => 80,
    };
    text.chars().take(width.saturating_sub(1)).collect()
}

/// While the load runs, a signal that ends the process first erases the line; afterwards the
/// signal does what it would have done had it not been caught. (A caught signal cannot be
/// given back: signal-hook leaves it ignored once unregistered, so the watcher stays.)
fn watch_signals(line: &Arc<Mutex<Line>>, loading: &Arc<AtomicBool>, progress: &Arc<Progress>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    else {
        return;
    };
    let (line, loading, progress) = (Arc::clone(line), Arc::clone(loading), Arc::clone(progress));
    let _ = std::thread::Builder::new()
        .name("load-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if loading.load(Ordering::SeqCst) {
                    progress.cancel();
                    if let Ok(mut l) = line.lock() {
                        l.erase();
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(sig);
                    std::process::exit(128 + sig);
                }
                if DASHBOARD.load(Ordering::SeqCst) {
                    // The dashboard's own handler restores the terminal and exits.
                    continue;
                }
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
        });
}

/// Set once the dashboard owns the terminal and its signals.
static DASHBOARD: AtomicBool = AtomicBool::new(false);

/// Hands signals over to the dashboard (`terminal::run`), which restores the terminal itself.
pub fn dashboard_takes_over() {
    DASHBOARD.store(true, Ordering::SeqCst);
}
