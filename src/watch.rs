//! Live data. A [`Feed`] holds the dataset every dashboard shows, with its search index, and
//! tells its subscribers when that changes; [`watch`] follows a `--data` file or folder and
//! reloads it in the background (debounced: an editor's save is several events).
//!
//! A reload loads and validates off every dashboard's thread. If the data is valid it
//! replaces the old for every subscriber at once, as a whole: nothing mutates a `Dataset`.
//! If it is not, the old data stays and subscribers are told the first error (with its
//! file, line and column) until a later save fixes it. A save that changes nothing sends
//! nothing, so an idle dashboard is not redrawn.

use crate::dataset::diff;
use crate::dataset::{DataPath, Dataset};
use crate::query::SearchIndex;
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long the files must be quiet before a reload: long enough to take an editor's
/// write-rename-chmod as one save, short enough to feel immediate.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// What subscribers are told.
#[derive(Clone)]
pub enum Update {
    /// New data replaced the old; `notice` says what changed ("data updated: +3 people").
    Replaced {
        ds: Arc<Dataset>,
        index: Arc<SearchIndex>,
        notice: String,
    },
    /// The files no longer load; the old data stays. The first error, on one line.
    Failed(String),
}

type Subscriber = Box<dyn Fn(Update) + Send>;

struct State {
    ds: Arc<Dataset>,
    index: Arc<SearchIndex>,
    error: Option<String>,
    subscribers: Vec<(u64, Subscriber)>,
    next_id: u64,
}

/// The one dataset and search index every dashboard shares, and who to tell when it changes.
pub struct Feed {
    state: Mutex<State>,
}

/// What a reload did, for logs and measurements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Replaced; the notice subscribers were shown.
    Replaced(String),
    /// The files loaded but say the same as before; nobody was told.
    Unchanged,
    Failed(String),
}

impl Feed {
    pub fn new(ds: Arc<Dataset>, index: Arc<SearchIndex>) -> Arc<Feed> {
        Arc::new(Feed {
            state: Mutex::new(State {
                ds,
                index,
                error: None,
                subscribers: Vec::new(),
                next_id: 0,
            }),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A subscriber that panicked cannot have left the state half-changed: every change
        // is one assignment.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The data now, and the error of the last reload if it failed.
    pub fn current(&self) -> (Arc<Dataset>, Arc<SearchIndex>, Option<String>) {
        let s = self.lock();
        (Arc::clone(&s.ds), Arc::clone(&s.index), s.error.clone())
    }

    /// Calls `f` with every update from now on, until the subscription is dropped. `f` runs on
    /// the reloading thread and must not block (send to a channel).
    pub fn subscribe(self: &Arc<Self>, f: impl Fn(Update) + Send + 'static) -> Subscription {
        let mut s = self.lock();
        let id = s.next_id;
        s.next_id += 1;
        s.subscribers.push((id, Box::new(f)));
        Subscription {
            feed: Arc::clone(self),
            id,
        }
    }

    pub fn subscribers(&self) -> usize {
        self.lock().subscribers.len()
    }

    /// Loads and validates `path`, then replaces the data or reports the first error.
    pub fn reload(&self, path: &DataPath) -> Outcome {
        match Dataset::load(path) {
            Ok(loaded) => self.replace(loaded.dataset),
            Err(report) => {
                let first = report
                    .errors()
                    .next()
                    .map(|d| d.one_line())
                    .unwrap_or_else(|| "the data did not load".to_owned());
                self.fail(first)
            }
        }
    }

    /// Replaces the data with `ds` (already validated) unless it says the same as now.
    pub fn replace(&self, ds: Dataset) -> Outcome {
        let old = Arc::clone(&self.lock().ds);
        let changes = diff::changes(&old, &ds);
        let was_failing = self.lock().error.is_some();
        if changes.is_empty() && !was_failing {
            return Outcome::Unchanged;
        }
        // The index is built before anyone is told, so every dashboard swaps at once.
        let ds = Arc::new(ds);
        let index = Arc::new(SearchIndex::build(&ds));
        let notice = if was_failing {
            format!("data valid again: {changes}")
        } else {
            format!("data updated: {changes}")
        };
        let mut s = self.lock();
        s.ds = Arc::clone(&ds);
        s.index = Arc::clone(&index);
        s.error = None;
        for (_, tell) in &s.subscribers {
            tell(Update::Replaced {
                ds: Arc::clone(&ds),
                index: Arc::clone(&index),
                notice: notice.clone(),
            });
        }
        Outcome::Replaced(notice)
    }

    fn fail(&self, first: String) -> Outcome {
        let line = format!("data error, showing the last good data: {first}");
        let mut s = self.lock();
        if s.error.as_deref() != Some(line.as_str()) {
            s.error = Some(line.clone());
            for (_, tell) in &s.subscribers {
                tell(Update::Failed(line.clone()));
            }
        }
        Outcome::Failed(line)
    }
}

/// Stops the updates to one subscriber when dropped.
pub struct Subscription {
    feed: Arc<Feed>,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let id = self.id;
        self.feed.lock().subscribers.retain(|(i, _)| *i != id);
    }
}

/// Follows the files of a dataset; dropping it stops the watching and the reloading thread.
pub struct Watcher {
    _debouncer: notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
}

/// Whether a changed path is part of the dataset at `root`: the file itself, or a `.toml`
/// file under the folder (editors' swap and backup files are not).
fn concerns(root: &Path, is_dir: bool, changed: &Path) -> bool {
    if is_dir {
        changed.starts_with(root) && changed.extension().is_some_and(|e| e == "toml")
    } else {
        changed == root
    }
}

/// Watches `path` (a file or a folder) and reloads `feed` from it after each burst of
/// changes; `log` is told each reload's outcome and how long it took.
pub fn watch(
    path: &Path,
    feed: Arc<Feed>,
    log: impl Fn(&Outcome, Duration) + Send + 'static,
) -> Result<Watcher, String> {
    let root = path
        .canonicalize()
        .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
    let is_dir = root.is_dir();
    // A file is watched through its folder: editors save by writing a new file and renaming
    // it over the old one, which a watch on the old file would not see.
    let (watched, mode) = if is_dir {
        (root.clone(), RecursiveMode::Recursive)
    } else {
        let parent = root
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        (parent, RecursiveMode::NonRecursive)
    };
    let (tx, bursts) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, tx).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    debouncer
        .watcher()
        .watch(&watched, mode)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let data = DataPath::Path(path.to_path_buf());
    std::thread::Builder::new()
        .name("reload".into())
        .spawn(move || {
            // Ends when the debouncer (and with it the sender) is dropped.
            while let Ok(burst) = bursts.recv() {
                let mut relevant = matches!(&burst, Ok(events)
                    if events.iter().any(|e| concerns(&root, is_dir, &e.path)));
                // Changes that came while the last load ran: one more load covers them all.
                while let Ok(more) = bursts.try_recv() {
                    relevant |= matches!(&more, Ok(events)
                        if events.iter().any(|e| concerns(&root, is_dir, &e.path)));
                }
                if relevant {
                    let started = Instant::now();
                    let outcome = feed.reload(&data);
                    log(&outcome, started.elapsed());
                }
            }
        })
        .map_err(|e| format!("cannot start the reloading thread: {e}"))?;
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed() -> Arc<Feed> {
        let ds = Arc::new(Dataset::load(&DataPath::Bundled).unwrap().dataset);
        let index = Arc::new(SearchIndex::build(&ds));
        Feed::new(ds, index)
    }

    #[test]
    fn the_same_data_again_tells_nobody() {
        let f = feed();
        let (tx, rx) = mpsc::channel();
        let _s = f.subscribe(move |u| tx.send(u).unwrap());
        let again = Dataset::load(&DataPath::Bundled).unwrap().dataset;
        assert_eq!(f.replace(again), Outcome::Unchanged);
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn a_failure_is_told_once_and_cleared_by_the_next_good_load() {
        let f = feed();
        let (tx, rx) = mpsc::channel();
        let sub = f.subscribe(move |u| tx.send(u).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[[person]]\nid = \"x\"\nnaem = \"X\"\n").unwrap();
        let path = DataPath::Path(bad.clone());
        let Outcome::Failed(line) = f.reload(&path) else {
            panic!("bad data loaded")
        };
        assert!(
            line.contains("bad.toml:1:1: error: person is missing"),
            "{line}"
        );
        f.reload(&path);
        assert!(matches!(rx.try_recv(), Ok(Update::Failed(_))));
        assert!(rx.try_recv().is_err(), "the same error is told once");
        assert!(f.current().2.is_some());

        let again = Dataset::load(&DataPath::Bundled).unwrap().dataset;
        assert_eq!(
            f.replace(again),
            Outcome::Replaced("data valid again: no changes".into())
        );
        assert!(f.current().2.is_none());
        drop(sub);
        assert_eq!(f.subscribers(), 0);
    }

    #[test]
    fn only_toml_files_under_the_folder_concern_it() {
        let root = Path::new("/data");
        assert!(concerns(root, true, Path::new("/data/regions/london.toml")));
        assert!(!concerns(root, true, Path::new("/data/.london.toml.swp")));
        assert!(!concerns(root, true, Path::new("/other/x.toml")));
        assert!(concerns(
            Path::new("/d/one.toml"),
            false,
            Path::new("/d/one.toml")
        ));
        assert!(!concerns(
            Path::new("/d/one.toml"),
            false,
            Path::new("/d/two.toml")
        ));
    }
}
