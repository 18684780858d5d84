//! How far a load has got, for whoever shows it: the loader only counts, into atomics, and
//! never prints. A terminal line (`crate::loading`), a served session's first frame or a test
//! reads `Progress::status` whenever it likes, from any thread; `cancel` asks the loader to
//! stop at its next checkpoint (between files and between chunks of a big file).

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering::Relaxed};

/// A load's counters, shared between the loading threads and any observers.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    files_total: AtomicU64,
    files_done: AtomicU64,
    bytes_total: AtomicU64,
    bytes_done: AtomicU64,
    records: AtomicU64,
    cancelled: AtomicBool,
}

/// What the load is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    #[default]
    Starting,
    /// Reading the files' text.
    Reading,
    /// Parsing TOML into records.
    Parsing,
    /// Resolving references and checking the records.
    Checking,
    /// Building the search index.
    Indexing,
    /// Reading a snapshot of an earlier load instead (`crate::cache`).
    Snapshot,
    Done,
}

impl Stage {
    const ALL: [Stage; 7] = [
        Stage::Starting,
        Stage::Reading,
        Stage::Parsing,
        Stage::Checking,
        Stage::Indexing,
        Stage::Snapshot,
        Stage::Done,
    ];

    fn verb(self) -> &'static str {
        match self {
            Stage::Starting => "starting",
            Stage::Reading => "reading",
            Stage::Parsing => "parsing",
            Stage::Checking => "checking",
            Stage::Indexing => "indexing",
            Stage::Snapshot => "reading snapshot",
            Stage::Done => "done",
        }
    }
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Status {
    pub stage: Stage,
    pub files_done: u64,
    pub files_total: u64,
    /// Bytes read, parsed or mapped so far in this stage, and in all.
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// Records parsed so far.
    pub records: u64,
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    /// The counters now.
    pub fn status(&self) -> Status {
        let stage = Stage::ALL
            .get(usize::from(self.stage.load(Relaxed)))
            .copied()
            .unwrap_or_default();
        let bytes_total = self.bytes_total.load(Relaxed);
        Status {
            stage,
            files_done: self.files_done.load(Relaxed),
            files_total: self.files_total.load(Relaxed),
            // A chunked file whose chunks did not parse is parsed again whole: never show
            // more than all.
            bytes_done: self.bytes_done.load(Relaxed).min(bytes_total),
            bytes_total,
            records: self.records.load(Relaxed),
        }
    }

    /// Asks the load to stop; it returns an error at its next checkpoint.
    pub fn cancel(&self) {
        self.cancelled.store(true, Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Relaxed)
    }

    /// Moves to `stage`; files and bytes are counted again for the stage's own work.
    pub fn enter(&self, stage: Stage) {
        let ix = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        self.stage.store(ix as u8, Relaxed);
        self.files_done.store(0, Relaxed);
        self.bytes_done.store(0, Relaxed);
    }

    /// How many files and bytes there are in all.
    pub fn expect(&self, files: u64, bytes: u64) {
        self.files_total.store(files, Relaxed);
        self.bytes_total.store(bytes, Relaxed);
    }

    /// One file read (`Stage::Reading`).
    pub fn file_read(&self, bytes: u64) {
        self.files_done.fetch_add(1, Relaxed);
        self.bytes_done.fetch_add(bytes, Relaxed);
    }

    /// Some text parsed, holding `records` records.
    pub fn parsed(&self, bytes: u64, records: u64) {
        self.bytes_done.fetch_add(bytes, Relaxed);
        self.records.fetch_add(records, Relaxed);
    }

    /// Some bytes of a snapshot checked.
    pub fn mapped(&self, bytes: u64) {
        self.bytes_done.fetch_add(bytes, Relaxed);
    }
}

/// "parsing: 2 of 3 files, 68.2 of 102.3 MB, 200 000 records".
impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mb = |b: u64| b as f64 / 1e6;
        write!(f, "{}", self.stage.verb())?;
        match self.stage {
            Stage::Starting | Stage::Done => return Ok(()),
            Stage::Snapshot => {
                return write!(
                    f,
                    ": {:.1} of {:.1} MB",
                    mb(self.bytes_done),
                    mb(self.bytes_total)
                );
            }
            _ => {}
        }
        let files = if self.files_total == 1 {
            "file"
        } else {
            "files"
        };
        if matches!(self.stage, Stage::Reading | Stage::Parsing) {
            write!(
                f,
                ": {} of {} {files}, {:.1} of {:.1} MB",
                self.files_done,
                self.files_total,
                mb(self.bytes_done),
                mb(self.bytes_total)
            )?;
        } else {
            write!(
                f,
                ": {} {files}, {:.1} MB",
                self.files_total,
                mb(self.bytes_total)
            )?;
        }
        if self.stage != Stage::Reading {
            write!(f, ", {} records", thousands(self.records))?;
        }
        Ok(())
    }
}

/// 1234567 -> "1 234 567", as docs/performance.md writes counts.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_reads_as_a_sentence_at_each_stage() {
        let p = Progress::new();
        assert_eq!(p.status().to_string(), "starting");
        p.expect(3, 102_300_000);
        p.enter(Stage::Reading);
        p.file_read(50_000_000);
        assert_eq!(
            p.status().to_string(),
            "reading: 1 of 3 files, 50.0 of 102.3 MB"
        );
        p.file_read(52_300_000);
        p.file_read(0);
        p.enter(Stage::Parsing);
        p.parsed(68_200_000, 200_000);
        p.file_read(0);
        p.file_read(0);
        assert_eq!(
            p.status().to_string(),
            "parsing: 2 of 3 files, 68.2 of 102.3 MB, 200 000 records"
        );
        p.parsed(90_000_000, 1_234_567);
        assert_eq!(p.status().bytes_done, 102_300_000, "never more than all");
        p.enter(Stage::Checking);
        assert_eq!(
            p.status().to_string(),
            "checking: 3 files, 102.3 MB, 1 434 567 records"
        );
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
    }
}
