//! The snapshot cache: after a `--data` path has been parsed and validated, its dataset and
//! search index are written to the user's cache folder (`$XDG_CACHE_HOME/nhs-leaders`, else
//! `~/.cache/nhs-leaders`); the next start with the same files maps that snapshot instead of
//! parsing the TOML again (about 20x faster at 100 000 people; docs/performance.md).
//!
//! A snapshot is a convenience, never a source of truth: any doubt means a normal load
//! (`file::Reject` lists the reasons), and the only trace of a refused snapshot is the time
//! the parse takes (`NHS_LEADERS_TIMING=1` says why it was refused). The bundled dataset needs
//! none. `--no-cache` or `NHS_LEADERS_CACHE=off` turn it off; `check` never uses it.
//!
//! It sits above `query` because a snapshot holds the search index as well as the dataset;
//! the dataset's own part (rebuilding ids and judging statuses again) is
//! `Dataset::restore`.

pub mod file;
pub mod key;

use crate::dataset::{DataPath, Dataset, Diagnostic, Loaded, Progress, Report, Stage};
use crate::query::SearchIndex;
use file::{Contents, Pending, Reject};
use key::Fingerprint;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// `NHS_LEADERS_CACHE=off` turns the cache off.
pub const ENV: &str = "NHS_LEADERS_CACHE";

/// Snapshots not used for this long are deleted when another is written.
const UNUSED_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// Temporary files older than this were left by a process that died while writing.
const ABANDONED_AFTER: Duration = Duration::from_secs(3600);

/// Whether and where to keep snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settings {
    Off,
    /// The folder snapshots live in.
    Dir(PathBuf),
    /// On, but there is no cache folder (no `XDG_CACHE_HOME` and no `HOME`): why.
    Unavailable(String),
}

impl Settings {
    /// From `--no-cache` (`off`), `NHS_LEADERS_CACHE` and the XDG cache folder.
    pub fn from_env(off: bool) -> Settings {
        let env = std::env::var(ENV).unwrap_or_default();
        if off || is_off(&env) {
            return Settings::Off;
        }
        match dirs::cache_dir() {
            Some(dir) => Settings::Dir(dir.join("nhs-leaders")),
            None => Settings::Unavailable(
                "there is no cache folder (neither XDG_CACHE_HOME nor HOME is set)".to_owned(),
            ),
        }
    }
}

fn is_off(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "off" | "0" | "false" | "no"
    )
}

/// Where a dataset came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The bundled dataset, compiled in: nothing to cache.
    Bundled,
    /// Parsed, with the cache turned off.
    Off,
    /// Mapped from a snapshot.
    Snapshot,
    /// Parsed, because the snapshot could not be used.
    Parsed(Reject),
}

/// A loaded dataset, with its search index when a snapshot supplied it.
pub struct Opened {
    pub loaded: Loaded,
    pub origin: Origin,
    index: Option<Arc<SearchIndex>>,
    /// For a parsed load that may be saved: the files as they were before they were read.
    save: Option<(Fingerprint, PathBuf)>,
    /// Why the cache folder cannot be used, said once.
    unavailable: Option<String>,
}

/// Loads `path`: from its snapshot when one matches the files exactly, else by parsing.
pub fn open(path: &DataPath, settings: &Settings, progress: &Progress) -> Result<Opened, Report> {
    let parsed = |origin, save, unavailable| {
        Dataset::load_with(path, progress).map(|loaded| Opened {
            loaded,
            origin,
            index: None,
            save,
            unavailable,
        })
    };
    let DataPath::Path(data) = path else {
        return parsed(Origin::Bundled, None, None);
    };
    let dir = match settings {
        Settings::Off => return parsed(Origin::Off, None, None),
        Settings::Unavailable(why) => {
            return parsed(Origin::Off, None, Some(why.clone()));
        }
        Settings::Dir(dir) => dir,
    };
    let Some(now) = Fingerprint::take(data) else {
        // The files cannot be listed or examined: the parse says why.
        return parsed(Origin::Off, None, None);
    };
    let started = Instant::now();
    let snapshot = dir.join(key::file_name(&now.root()));
    match file::read(&snapshot, &now, crate::clock::today(), progress) {
        Ok(r) => {
            timing(&format!(
                "snapshot {} used in {:.1?}",
                snapshot.display(),
                started.elapsed()
            ));
            touch(&snapshot);
            progress.enter(Stage::Done);
            Ok(Opened {
                loaded: Loaded {
                    dataset: r.dataset,
                    warnings: r.warnings,
                    files: r.files,
                },
                origin: Origin::Snapshot,
                index: Some(Arc::new(r.index)),
                save: None,
                unavailable: None,
            })
        }
        Err(reject) => {
            timing(&format!("snapshot not used: {reject}"));
            parsed(Origin::Parsed(reject), Some((now, dir.clone())), None)
        }
    }
}

impl Opened {
    /// The search index: the snapshot's, or built now (and kept).
    pub fn index(&mut self) -> Arc<SearchIndex> {
        if self.index.is_none() {
            self.index = Some(Arc::new(SearchIndex::build(&self.loaded.dataset)));
        }
        self.index.clone().unwrap_or_default()
    }

    /// Whether the search index is already at hand.
    pub fn has_index(&self) -> bool {
        self.index.is_some()
    }

    /// Prepares to save a snapshot of a parsed load: `Ok(None)` when there is nothing to save,
    /// `Err` with one line to show the user when the cache folder cannot be written (the
    /// dataset is fine; it just will not be cached).
    pub fn snapshot_job(&mut self) -> Result<Option<Job>, String> {
        if let Some(why) = self.unavailable.take() {
            return Err(format!("nhs-leaders: not caching the dataset: {why}"));
        }
        let Some((key, dir)) = self.save.take() else {
            return Ok(None);
        };
        let name = key::file_name(&key.root());
        match Pending::create(&dir, &name) {
            Ok(pending) => Ok(Some(Job { pending, key, dir })),
            Err(e) => Err(format!(
                "nhs-leaders: cannot write the snapshot cache in {} ({}); loading without it (NHS_LEADERS_CACHE=off silences this)",
                crate::text::escape(&dir.display().to_string()),
                io_reason(&e)
            )),
        }
    }
}

/// A snapshot waiting to be written (possibly on another thread, while the dashboard runs).
pub struct Job {
    pending: Pending,
    key: Fingerprint,
    dir: PathBuf,
}

impl Job {
    /// Writes the snapshot of `dataset`, unless its files changed while they were being
    /// loaded (then the next start parses them again). Returns where it was written.
    pub fn write(
        self,
        dataset: &Dataset,
        index: &SearchIndex,
        warnings: &Vec<Diagnostic>,
        files: usize,
    ) -> std::io::Result<Option<PathBuf>> {
        let started = Instant::now();
        if Fingerprint::take(&self.key.root()).as_ref() != Some(&self.key) {
            timing("snapshot not written: the files changed while they were loaded");
            return Ok(None);
        }
        let contents = Contents {
            dataset,
            index,
            orders: dataset.orders(),
            warnings,
            files: files as u64,
        };
        let name = key::file_name(&self.key.root());
        let written = self.pending.write(&self.key, &contents)?;
        timing(&format!(
            "snapshot {} written in {:.1?}",
            written.display(),
            started.elapsed()
        ));
        prune(&self.dir, &name);
        Ok(Some(written))
    }
}

/// Deletes what is no longer worth keeping: snapshots whose data path is gone or that have
/// not been used for `UNUSED_FOR`, and temporary files abandoned by a process that died.
fn prune(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        let path = entry.path();
        let remove = if name.starts_with(".nhs-leaders-") && name.ends_with(".tmp") {
            age > ABANDONED_AFTER
        } else if name.ends_with(".snapshot") && name != keep {
            age > UNUSED_FOR || orphaned(&path)
        } else {
            false
        };
        if remove {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether a snapshot's data path no longer exists.
fn orphaned(snapshot: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(snapshot).and_then(|f| f.take(1 << 20).read_to_end(&mut head));
    match read.ok().map(|_| file::read_key(&head)) {
        Some(Ok(key)) => !key.root().exists(),
        _ => false,
    }
}

/// Marks a snapshot as used, so pruning keeps it.
fn touch(snapshot: &Path) {
    if let Ok(f) = std::fs::File::options().write(true).open(snapshot) {
        let _ = f.set_modified(SystemTime::now());
    }
}

pub(crate) fn timing(line: &str) {
    if std::env::var_os("NHS_LEADERS_TIMING").is_some() {
        eprintln!("timing: {line}");
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::ReadOnlyFilesystem => "read-only file system".to_owned(),
        std::io::ErrorKind::NotADirectory => "a file is in the way".to_owned(),
        _ => e.to_string(),
    }
}
