//! Where each record is written: its file and the byte offset of its `[[kind]]` header, kept
//! from the load (8 bytes a record; lines are counted only when asked), so that `show --where`
//! and the dashboard's `E` can open the file at the record.

use super::SourceFile;
use super::diagnostic::SourceMap;
use super::parse::{RawDataset, Rec};
use std::path::PathBuf;

/// A record of any kind, by its index in the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordRef {
    Source(usize),
    Organisation(usize),
    Person(usize),
    Role(usize),
    Programme(usize),
    Membership(usize),
    Event(usize),
}

impl RecordRef {
    /// The record kind's name as data files spell it.
    pub fn kind_name(self) -> &'static str {
        match self {
            RecordRef::Source(_) => "source",
            RecordRef::Organisation(_) => "organisation",
            RecordRef::Person(_) => "person",
            RecordRef::Role(_) => "role",
            RecordRef::Programme(_) => "programme",
            RecordRef::Membership(_) => "membership",
            RecordRef::Event(_) => "event",
        }
    }
}

impl From<super::EntityRef> for RecordRef {
    fn from(e: super::EntityRef) -> RecordRef {
        use super::EntityRef as E;
        match e {
            E::Person(i) => RecordRef::Person(i),
            E::Organisation(i) => RecordRef::Organisation(i),
            E::Programme(i) => RecordRef::Programme(i),
            E::Event(i) => RecordRef::Event(i),
            E::Source(i) => RecordRef::Source(i),
        }
    }
}

/// A file of the dataset: the path as messages show it, and the real one for opening it
/// (`None` for the bundled data, which is inside the program).
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct OriginFile {
    pub shown: String,
    #[rkyv(with = rkyv::with::Map<rkyv::with::AsString>)]
    pub real: Option<PathBuf>,
    /// The text, for the bundled data (whose files cannot be read back; never snapshotted).
    #[rkyv(with = rkyv::with::Skip)]
    pub bundled: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Origin {
    file: u32,
    offset: u32,
}

/// Where every record is.
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Origins {
    pub files: Vec<OriginFile>,
    sources: Vec<Origin>,
    organisations: Vec<Origin>,
    people: Vec<Origin>,
    roles: Vec<Origin>,
    programmes: Vec<Origin>,
    memberships: Vec<Origin>,
    events: Vec<Origin>,
}

/// A record's place: its file and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The path as messages show it (`data/people.toml` for the bundled data).
    pub shown: String,
    /// The file to open; `None` for the bundled data.
    pub real: Option<PathBuf>,
    pub line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.shown, self.line)
    }
}

impl Origins {
    /// Records where each raw record is, before validation consumes them (validation keeps
    /// records in their raw order).
    pub(super) fn collect(files: &[SourceFile], map: &SourceMap<'_>, raw: &RawDataset<'_>) -> Self {
        fn each<T>(map: &SourceMap<'_>, recs: &[Rec<T>]) -> Vec<Origin> {
            recs.iter()
                .map(|r| {
                    let (file, offset) = map.file_offset(r.file, r.span.start);
                    Origin {
                        file: u32::try_from(file).unwrap_or(u32::MAX),
                        offset: u32::try_from(offset).unwrap_or(u32::MAX),
                    }
                })
                .collect()
        }
        Origins {
            files: files
                .iter()
                .map(|f| OriginFile {
                    shown: f.path.clone(),
                    real: f.real.clone(),
                    bundled: f.bundled,
                })
                .collect(),
            sources: each(map, &raw.sources),
            organisations: each(map, &raw.organisations),
            people: each(map, &raw.people),
            roles: each(map, &raw.roles),
            programmes: each(map, &raw.programmes),
            memberships: each(map, &raw.memberships),
            events: each(map, &raw.events),
        }
    }

    /// Whether the records come from the data compiled into the program.
    pub fn bundled(&self) -> bool {
        !self.files.is_empty() && self.files.iter().all(|f| f.bundled.is_some())
    }

    /// Where `record` is written, reading its file to count lines (the bundled text is at
    /// hand). `None` if the record is unknown or the file can no longer be read.
    pub fn place(&self, record: RecordRef) -> Option<Place> {
        let list = match record {
            RecordRef::Source(_) => &self.sources,
            RecordRef::Organisation(_) => &self.organisations,
            RecordRef::Person(_) => &self.people,
            RecordRef::Role(_) => &self.roles,
            RecordRef::Programme(_) => &self.programmes,
            RecordRef::Membership(_) => &self.memberships,
            RecordRef::Event(_) => &self.events,
        };
        let i = match record {
            RecordRef::Source(i)
            | RecordRef::Organisation(i)
            | RecordRef::Person(i)
            | RecordRef::Role(i)
            | RecordRef::Programme(i)
            | RecordRef::Membership(i)
            | RecordRef::Event(i) => i,
        };
        let origin = list.get(i)?;
        let file = self.files.get(origin.file as usize)?;
        let text: std::borrow::Cow<'_, [u8]> = match (file.bundled, &file.real) {
            (Some(t), _) => t.as_bytes().into(),
            (None, Some(path)) => std::fs::read(path).ok()?.into(),
            (None, None) => return None,
        };
        let upto = (origin.offset as usize).min(text.len());
        let line = text[..upto].iter().filter(|&&b| b == b'\n').count() + 1;
        Some(Place {
            shown: file.shown.clone(),
            real: file.real.clone(),
            line,
        })
    }
}
