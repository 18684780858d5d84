//! What a snapshot is keyed by: the data path, made canonical, and for each of its files the
//! relative path, size, modification time, change time, inode and device. Change time and
//! inode catch what size and modification time alone would miss: a file rewritten within the
//! same clock tick at the same size, or replaced by a copy that kept its old modification
//! time (`cp -p`, `rsync -t`, `touch -d`, a git checkout); no user tool can set the change
//! time back. The list's hash names the snapshot's state in its header, so a stale snapshot is
//! refused without reading it.

use crate::dataset::list_files;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// One data file as the file system describes it.
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Stamp {
    /// The path below the data path (empty when the data path is the file itself), as bytes.
    pub path: Vec<u8>,
    pub size: u64,
    pub modified: (i64, u32),
    pub changed: (i64, u32),
    pub inode: u64,
    pub device: u64,
}

/// The state of a data path's files at one moment.
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Fingerprint {
    /// The canonical data path, as bytes.
    pub root: Vec<u8>,
    /// The data path as given: messages and `show --where` name files through it, so a
    /// snapshot made through another spelling of the same folder would name them wrongly.
    pub given: Vec<u8>,
    pub files: Vec<Stamp>,
}

/// How the files differ from those a snapshot was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Changed(String),
    Added(String),
    Removed(String),
    /// Same files, but the snapshot was made from another data path.
    OtherPath,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Changed(p) => write!(f, "{p} changed"),
            Change::Added(p) => write!(f, "{p} was added"),
            Change::Removed(p) => write!(f, "{p} was removed"),
            Change::OtherPath => {
                f.write_str("the data path was given another way (files are named through it)")
            }
        }
    }
}

impl Fingerprint {
    /// The data path's files now; `None` when they cannot all be listed and examined (the
    /// load that follows will say why).
    pub fn take(path: &Path) -> Option<Fingerprint> {
        let root = fs::canonicalize(path).ok()?;
        let files = list_files(&root).ok()?;
        let files = files
            .iter()
            .map(|f| stamp(&root, f))
            .collect::<Option<Vec<Stamp>>>()?;
        Some(Fingerprint {
            root: bytes(&root),
            given: bytes(path),
            files,
        })
    }

    /// The canonical data path.
    pub fn root(&self) -> PathBuf {
        from_bytes(&self.root)
    }

    /// A hash of the whole list, for the snapshot's header and its file name's neighbour.
    pub fn hash(&self) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for b in [&self.root, &self.given] {
            h.update(&(b.len() as u64).to_le_bytes());
            h.update(b);
        }
        for f in &self.files {
            h.update(&(f.path.len() as u64).to_le_bytes());
            h.update(&f.path);
            for n in [f.size, f.inode, f.device] {
                h.update(&n.to_le_bytes());
            }
            for (s, ns) in [f.modified, f.changed] {
                h.update(&s.to_le_bytes());
                h.update(&ns.to_le_bytes());
            }
        }
        h.digest()
    }

    /// The first difference between `self` (now) and `then` (the snapshot's), if any.
    pub fn change_since(&self, then: &Fingerprint) -> Option<Change> {
        if self.root != then.root || self.given != then.given {
            return Some(Change::OtherPath);
        }
        let shown = |s: &Stamp| {
            let rel = from_bytes(&s.path);
            let full = if s.path.is_empty() {
                self.root()
            } else {
                self.root().join(rel)
            };
            crate::text::escape(&full.display().to_string()).into_owned()
        };
        for now in &self.files {
            match then.files.iter().find(|t| t.path == now.path) {
                None => return Some(Change::Added(shown(now))),
                Some(t) if t != now => return Some(Change::Changed(shown(now))),
                Some(_) => {}
            }
        }
        then.files
            .iter()
            .find(|t| !self.files.iter().any(|n| n.path == t.path))
            .map(|t| Change::Removed(shown(t)))
    }
}

fn stamp(root: &Path, file: &Path) -> Option<Stamp> {
    let meta = fs::metadata(file).ok()?;
    let rel = file.strip_prefix(root).unwrap_or(Path::new(""));
    #[cfg(unix)]
    let (modified, changed, inode, device) = {
        use std::os::unix::fs::MetadataExt;
        (
            (meta.mtime(), meta.mtime_nsec() as u32),
            (meta.ctime(), meta.ctime_nsec() as u32),
            meta.ino(),
            meta.dev(),
        )
    };
    #[cfg(not(unix))]
    let (modified, changed, inode, device) = {
        let t = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        ((t.as_secs() as i64, t.subsec_nanos()), (0, 0), 0, 0)
    };
    Some(Stamp {
        path: bytes(rel),
        size: meta.len(),
        modified,
        changed,
        inode,
        device,
    })
}

#[cfg(unix)]
fn bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().as_bytes().to_vec()
}

#[cfg(unix)]
fn from_bytes(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn from_bytes(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// The name of a data path's snapshot in the cache folder: one per data path, so a changed
/// dataset replaces its old snapshot rather than adding another.
pub fn file_name(root: &Path) -> String {
    format!("{:016x}.snapshot", xxhash_rust::xxh3::xxh3_64(&bytes(root)))
}
