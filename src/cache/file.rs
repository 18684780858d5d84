//! The snapshot file. Layout (little-endian):
//!
//! ```text
//!  0   magic "NHSLSNAP"        8   format (u32)       12  zero
//! 16   build id (u128: this program's code, see build.rs)
//! 32   key length (u64)       40  payload length (u64)
//! 48   payload checksum (xxh3) 56  key checksum (xxh3)
//! 64   key: an rkyv archive of the `Fingerprint` the snapshot was made from
//!  …   zero padding to a multiple of 64
//!  …   payload: an rkyv archive of `Contents` (dataset, search index, list orders, warnings)
//! ```
//!
//! Reading checks, in order of cost: the header (another program or format: refused), the
//! length (truncated: refused), the key against the files now (changed: refused, and the
//! reason is known without reading further), the payload's checksum (a flipped byte in a
//! string would pass rkyv's structural validation), rkyv's validation, and finally the
//! meaning of what it holds (`Dataset::restore`, `SearchIndex::fits`).
//!
//! A snapshot that passes is mapped for the rest of the process: the dataset's and the
//! index's text is read in place (`crate::dataset::lent`), not copied out.
//!
//! Writing goes to a temporary file in the same folder, renamed over the old snapshot only
//! when complete, so a reader sees the old snapshot or the new one and never half of one. No
//! fsync: a snapshot torn by a power cut fails its length or checksum and is simply parsed
//! again.

use super::key::Fingerprint;
use crate::dataset::order::Orders;
use crate::dataset::{Dataset, Diagnostic, Progress, Stage};
use crate::query::SearchIndex;
use rkyv::rancor::Error as RkyvError;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"NHSLSNAP";
/// The layout above; the build id covers everything inside the archives.
const FORMAT: u32 = 1;
const HEADER: usize = 64;
const ALIGN: usize = 64;

/// This build of the program: a snapshot written by any other is refused.
fn build_id() -> u128 {
    xxhash_rust::xxh3::xxh3_128(env!("NHS_LEADERS_BUILD_ID").as_bytes())
}

/// What a snapshot holds besides its key. Written from references (`Inline`), read back
/// field by field.
#[derive(rkyv::Archive, rkyv::Serialize)]
pub struct Contents<'a> {
    #[rkyv(with = rkyv::with::Inline)]
    pub dataset: &'a Dataset,
    #[rkyv(with = rkyv::with::Inline)]
    pub index: &'a SearchIndex,
    /// The lists' display orders (`Dataset::orders`): a first frame needs them.
    #[rkyv(with = rkyv::with::Inline)]
    pub orders: &'a Orders,
    #[rkyv(with = rkyv::with::Inline)]
    pub warnings: &'a Vec<Diagnostic>,
    pub files: u64,
}

/// What a snapshot gave back.
pub struct Restored {
    pub dataset: Dataset,
    pub index: SearchIndex,
    pub warnings: Vec<Diagnostic>,
    pub files: usize,
}

/// Why a snapshot was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reject {
    /// There is none yet.
    Missing,
    Unreadable(String),
    /// Written by another version of the program, or in another format.
    OtherVersion,
    /// Shorter than its header says.
    Truncated,
    /// Bytes that fail the checksum or rkyv's validation.
    Corrupt(String),
    /// The data files differ from those it was made from.
    Stale(super::key::Change),
    /// Well-formed, but what it holds does not make a valid dataset today.
    Invalid(String),
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reject::Missing => f.write_str("there is no snapshot yet"),
            Reject::Unreadable(why) => write!(f, "the snapshot cannot be read ({why})"),
            Reject::OtherVersion => {
                f.write_str("the snapshot was written by another version of nhs-leaders")
            }
            Reject::Truncated => f.write_str("the snapshot is truncated"),
            Reject::Corrupt(why) => write!(f, "the snapshot is corrupt ({why})"),
            Reject::Stale(change) => write!(f, "{change} since the snapshot was made"),
            Reject::Invalid(why) => write!(f, "the snapshot does not hold a valid dataset ({why})"),
        }
    }
}

struct Header {
    build: u128,
    key_len: u64,
    payload_len: u64,
    payload_hash: u64,
    key_hash: u64,
}

impl Header {
    fn encode(&self) -> [u8; HEADER] {
        let mut b = [0u8; HEADER];
        b[0..8].copy_from_slice(MAGIC);
        b[8..12].copy_from_slice(&FORMAT.to_le_bytes());
        b[16..32].copy_from_slice(&self.build.to_le_bytes());
        b[32..40].copy_from_slice(&self.key_len.to_le_bytes());
        b[40..48].copy_from_slice(&self.payload_len.to_le_bytes());
        b[48..56].copy_from_slice(&self.payload_hash.to_le_bytes());
        b[56..64].copy_from_slice(&self.key_hash.to_le_bytes());
        b
    }

    fn decode(b: &[u8]) -> Result<Header, Reject> {
        if b.len() < HEADER {
            return Err(if MAGIC.starts_with(&b[..b.len().min(8)]) {
                Reject::Truncated
            } else {
                Reject::Corrupt("not a snapshot".to_owned())
            });
        }
        let u64_at = |at: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&b[at..at + 8]);
            u64::from_le_bytes(a)
        };
        if &b[0..8] != MAGIC {
            return Err(Reject::Corrupt("not a snapshot".to_owned()));
        }
        let mut format = [0u8; 4];
        format.copy_from_slice(&b[8..12]);
        let mut build = [0u8; 16];
        build.copy_from_slice(&b[16..32]);
        let build = u128::from_le_bytes(build);
        if u32::from_le_bytes(format) != FORMAT || build != build_id() {
            return Err(Reject::OtherVersion);
        }
        Ok(Header {
            build,
            key_len: u64_at(32),
            payload_len: u64_at(40),
            payload_hash: u64_at(48),
            key_hash: u64_at(56),
        })
    }
}

fn padded(n: usize) -> usize {
    n.div_ceil(ALIGN) * ALIGN
}

/// The fingerprint a snapshot was made from, read from its header and key alone (cheap: the
/// payload is not touched). Also used to find snapshots whose data is gone.
pub fn read_key(bytes: &[u8]) -> Result<Fingerprint, Reject> {
    let header = Header::decode(bytes)?;
    let key_end = HEADER
        .checked_add(usize::try_from(header.key_len).map_err(|_| Reject::Truncated)?)
        .ok_or(Reject::Truncated)?;
    let key = bytes.get(HEADER..key_end).ok_or(Reject::Truncated)?;
    if xxhash_rust::xxh3::xxh3_64(key) != header.key_hash {
        return Err(Reject::Corrupt("its key fails its checksum".to_owned()));
    }
    let archived = rkyv::access::<rkyv::Archived<Fingerprint>, RkyvError>(key)
        .map_err(|e| Reject::Corrupt(format!("its key: {e}")))?;
    rkyv::deserialize::<Fingerprint, RkyvError>(archived)
        .map_err(|e| Reject::Corrupt(format!("its key: {e}")))
}

/// Reads the snapshot at `path` if it was made from exactly the files `now` describes, by this
/// build, and holds a dataset valid `today`.
pub fn read(
    path: &Path,
    now: &Fingerprint,
    today: chrono::NaiveDate,
    progress: &Progress,
) -> Result<Restored, Reject> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Reject::Missing),
        Err(e) => return Err(Reject::Unreadable(e.to_string())),
    };
    // SAFETY: snapshots are only ever replaced by renaming a complete new file over them,
    // never written in place, so the mapped file does not change under us; every byte is
    // checked (checksum, then rkyv's validation) before anything is built from it.
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }
        .map_err(|e| Reject::Unreadable(e.to_string()))?;
    let bytes: &[u8] = &map;
    let t0 = std::time::Instant::now();
    let header = Header::decode(bytes)?;
    let then = read_key(bytes)?;
    if let Some(change) = now.change_since(&then) {
        return Err(Reject::Stale(change));
    }
    let start = padded(HEADER + header.key_len as usize);
    let end = start
        .checked_add(usize::try_from(header.payload_len).map_err(|_| Reject::Truncated)?)
        .ok_or(Reject::Truncated)?;
    if bytes.len() < end {
        return Err(Reject::Truncated);
    }
    if bytes.len() > end {
        return Err(Reject::Corrupt("bytes after its end".to_owned()));
    }
    let payload = &bytes[start..end];
    progress.expect(now.files.len() as u64, payload.len() as u64);
    progress.enter(Stage::Snapshot);
    // Both read the mapping only, and rkyv's validation is safe on any bytes, so they run
    // side by side; a failed checksum is the reason given when both fail.
    let (sum, valid) = rayon::join(
        || checksum(payload, progress),
        || rkyv::access::<ArchivedContents<'_>, RkyvError>(payload).map(|_| ()),
    );
    if sum != header.payload_hash {
        return Err(Reject::Corrupt("it fails its checksum".to_owned()));
    }
    valid.map_err(|e| Reject::Corrupt(e.to_string()))?;
    let t2 = t0.elapsed();
    // The dataset's text is read in place (`crate::dataset::lent`), so the mapping now lives
    // as long as the process. Only a snapshot that passed every check above is kept: a
    // process reads at most one (reloads parse), and a rejected one is unmapped on return.
    let map: &'static memmap2::Mmap = Box::leak(Box::new(map));
    let payload: &'static [u8] = &map[start..end];
    // SAFETY: these very bytes passed `rkyv::access` (rkyv's validation) just above, and a
    // snapshot's mapping never changes (see the mapping's SAFETY note).
    let archived = unsafe { rkyv::access_unchecked::<ArchivedContents<'_>>(payload) };
    let lender = crate::dataset::Lender::new(payload);
    if archived.files.to_native() != now.files.len() as u64 {
        return Err(Reject::Invalid(
            "it counts another number of files".to_owned(),
        ));
    }
    let corrupt = |e: RkyvError| Reject::Corrupt(e.to_string());
    let ((dataset, index), warnings) = rayon::join(
        || {
            rayon::join(
                || crate::dataset::snapshot::from_archived(&archived.dataset, lender),
                || SearchIndex::from_archived(&archived.index, lender),
            )
        },
        || rkyv::deserialize::<Vec<Diagnostic>, RkyvError>(&archived.warnings),
    );
    let (mut dataset, index, warnings) = (
        dataset.map_err(corrupt)?,
        index.map_err(corrupt)?,
        warnings.map_err(corrupt)?,
    );
    let t3 = t0.elapsed();
    dataset.restore(today).map_err(Reject::Invalid)?;
    let orders = rkyv::deserialize::<Orders, RkyvError>(&archived.orders).map_err(corrupt)?;
    if !dataset.keep_orders(orders) {
        return Err(Reject::Invalid(
            "its list orders do not fit its dataset".to_owned(),
        ));
    }
    super::timing(&format!(
        "snapshot: checksum and validate {t2:.1?}, deserialize {:.1?}, restore {:.1?}",
        t3 - t2,
        t0.elapsed() - t3
    ));
    if !index.fits(&dataset) {
        return Err(Reject::Invalid(
            "its search index does not fit its dataset".to_owned(),
        ));
    }
    Ok(Restored {
        dataset,
        index,
        warnings,
        files: now.files.len(),
    })
}

/// The payload's checksum, counted into `progress` as it goes.
fn checksum(payload: &[u8], progress: &Progress) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for chunk in payload.chunks(8 << 20) {
        h.update(chunk);
        progress.mapped(chunk.len() as u64);
    }
    h.digest()
}

/// A snapshot being written: a temporary file in the cache folder, created before the work
/// starts so that an unwritable folder is known at once.
pub struct Pending {
    file: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Pending {
    /// Creates the cache folder if needed and a temporary file in it, for the snapshot that
    /// will be `dir/name`.
    pub fn create(dir: &Path, name: &str) -> io::Result<Pending> {
        std::fs::create_dir_all(dir)?;
        let file = tempfile::Builder::new()
            .prefix(".nhs-leaders-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Pending {
            file,
            target: dir.join(name),
        })
    }

    /// Writes the snapshot and renames it into place.
    pub fn write(mut self, key: &Fingerprint, contents: &Contents<'_>) -> io::Result<PathBuf> {
        let to_io = |e: RkyvError| io::Error::other(e.to_string());
        let key_bytes = rkyv::to_bytes::<RkyvError>(key).map_err(to_io)?;
        let file = self.file.as_file_mut();
        let start = padded(HEADER + key_bytes.len());
        let mut head = vec![0u8; start];
        head[HEADER..HEADER + key_bytes.len()].copy_from_slice(&key_bytes);
        file.write_all(&head)?;
        let mut out = Hashing {
            inner: BufWriter::with_capacity(1 << 20, &mut *file),
            hash: xxhash_rust::xxh3::Xxh3::new(),
            len: 0,
        };
        rkyv::api::high::to_bytes_in::<_, RkyvError>(
            contents,
            rkyv::ser::writer::IoWriter::new(&mut out),
        )
        .map_err(to_io)?;
        out.inner.flush()?;
        let (payload_len, payload_hash) = (out.len, out.hash.digest());
        drop(out);
        let header = Header {
            build: build_id(),
            key_len: key_bytes.len() as u64,
            payload_len,
            payload_hash,
            key_hash: xxhash_rust::xxh3::xxh3_64(&key_bytes),
        };
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header.encode())?;
        file.flush()?;
        let target = self.target.clone();
        self.file.persist(&target).map_err(|e| e.error)?;
        Ok(target)
    }
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hash: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
