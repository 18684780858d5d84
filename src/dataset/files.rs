//! Finding and reading dataset files: one file, a folder of them, or the bundled copy.

use super::diagnostic::{Diagnostic, LineIndex};
use super::progress::{Progress, Stage};
use crate::text;
use std::fs;
use std::path::{Path, PathBuf};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataPath {
    /// The `data/` folder compiled into the binary.
    Bundled,
    /// A TOML file or a folder of them.
    Path(PathBuf),
}

impl DataPath {
    /// A short name for title bars.
    pub fn display_name(&self) -> String {
        match self {
            DataPath::Bundled => "bundled".to_owned(),
            DataPath::Path(p) => {
                let name = p
                    .canonicalize()
                    .ok()
                    .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .unwrap_or_else(|| p.display().to_string());
                text::clean(&name).text
            }
        }
    }
}

/// One file's text, with the path used in messages.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    /// The file on disk, for opening it again (`None` for text that came from elsewhere).
    pub real: Option<PathBuf>,
    /// The bundled text, for the data compiled into the program.
    pub bundled: Option<&'static str>,
}

/// Reads every file of a dataset, in the order their records are merged.
pub fn read_files(path: &DataPath) -> Result<Vec<SourceFile>, Diagnostic> {
    read_files_with(path, &Progress::new())
}

/// Like `read_files`, counting files and bytes into `progress`.
pub fn read_files_with(
    path: &DataPath,
    progress: &Progress,
) -> Result<Vec<SourceFile>, Diagnostic> {
    progress.enter(Stage::Reading);
    let files = match path {
        DataPath::Bundled => bundled::BUNDLED
            .iter()
            .map(|(path, text)| SourceFile {
                path: (*path).to_owned(),
                text: (*text).to_owned(),
                real: None,
                bundled: Some(*text),
            })
            .collect(),
        DataPath::Path(p) => read_path(p, progress)?,
    };
    let bytes = files.iter().map(|f| f.text.len() as u64).sum();
    progress.expect(files.len() as u64, bytes);
    Ok(files)
}

fn shown(path: &Path) -> String {
    text::escape(&path.display().to_string()).into_owned()
}

fn read_path(path: &Path, progress: &Progress) -> Result<Vec<SourceFile>, Diagnostic> {
    let paths = list_files(path)?;
    let sizes: Vec<u64> = paths
        .iter()
        .map(|p| fs::metadata(p).map_or(0, |m| m.len()))
        .collect();
    progress.expect(paths.len() as u64, sizes.iter().sum());
    let mut files = Vec::with_capacity(paths.len());
    for p in &paths {
        if progress.is_cancelled() {
            return Err(cancelled());
        }
        let file = read_one(p)?;
        progress.file_read(file.text.len() as u64);
        files.push(file);
    }
    Ok(files)
}

/// The one problem of a load that was asked to stop.
pub fn cancelled() -> Diagnostic {
    Diagnostic::error("loading was cancelled")
}

/// The files of a `--data` path in the order they are read: the file itself, or every
/// `*.toml` below the folder in byte order of their paths.
pub fn list_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let meta = fs::metadata(path).map_err(|e| {
        Diagnostic::error(format!("cannot open {}: {}", shown(path), io_reason(&e)))
            .help("pass --data a .toml file or a folder of .toml files")
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut found = Vec::new();
    collect_toml(path, &mut found)?;
    if found.is_empty() {
        return Err(
            Diagnostic::error(format!("{} holds no .toml files", shown(path)))
                .help("a dataset folder needs at least one .toml file; see docs/data-format.md"),
        );
    }
    found.sort();
    Ok(found)
}

/// Every `*.toml` below `dir`, skipping hidden files and folders (editor backups, `.git`).
fn collect_toml(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), Diagnostic> {
    let entries = fs::read_dir(dir)
        .map_err(|e| Diagnostic::error(format!("cannot list {}: {}", shown(dir), io_reason(&e))))?;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let p = entry.path();
        if p.is_dir() {
            collect_toml(&p, found)?;
        } else if p.extension().is_some_and(|e| e == "toml") {
            found.push(p);
        }
    }
    Ok(())
}

fn read_one(path: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read {}: {}", shown(path), io_reason(&e)))
    })?;
    let display = shown(path);
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
            let mut loc = LineIndex::new(&prefix).locate(&display, good..good);
            loc.excerpt = String::new();
            loc.underline = 0..0;
            let byte = bytes.get(good).copied().unwrap_or(0);
            return Err(Diagnostic::error(format!(
                "{display} is not UTF-8 text: byte 0x{byte:02X} at offset {good} is not valid UTF-8"
            ))
            .at(Some(loc))
            .help("save the file as UTF-8 (most editors offer this under 'encoding')"));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(SourceFile {
        path: display,
        text,
        real: Some(path.to_path_buf()),
        bundled: None,
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}
