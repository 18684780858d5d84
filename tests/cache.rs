//! The snapshot cache: a snapshot is used only when it matches the files exactly, and every
//! reason to refuse one (a changed, added or removed file, another version, corrupt bytes, a
//! truncated file, an unwritable cache folder, a "today" before its data) ends in a load that
//! equals a fresh parse.

use assert_cmd::Command;
use nhs_leaders::cache::file::Reject;
use nhs_leaders::cache::key::Change;
use nhs_leaders::cache::{self, Opened, Origin, Settings};
use nhs_leaders::dataset::{Progress, read_files};
use nhs_leaders::{DataPath, Dataset};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}

/// A copy of the bundled dataset's files in a fresh folder, and an empty cache folder.
struct Fixture {
    data: TempDir,
    cache: TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        pin_today();
        let data = tempfile::tempdir().unwrap();
        for f in read_files(&DataPath::Bundled).unwrap() {
            let path = data.path().join(&f.path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, f.text).unwrap();
        }
        Fixture {
            data,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> DataPath {
        DataPath::Path(self.data.path().to_owned())
    }

    fn settings(&self) -> Settings {
        Settings::Dir(self.cache.path().to_owned())
    }

    fn open(&self) -> Opened {
        cache::open(&self.path(), &self.settings(), &Progress::new()).expect("it loads")
    }

    /// Opens, and writes the snapshot when the load was a parse.
    fn open_and_save(&self) -> Opened {
        let mut opened = self.open();
        if let Some(job) = opened.snapshot_job().expect("the cache folder is writable") {
            let index = opened.index();
            let l = &opened.loaded;
            job.write(&l.dataset, &index, &l.warnings, l.files)
                .expect("written")
                .expect("files unchanged while loading");
        }
        opened
    }

    fn snapshot(&self) -> PathBuf {
        let mut found: Vec<PathBuf> = fs::read_dir(self.cache.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "snapshot"))
            .collect();
        assert_eq!(found.len(), 1, "one snapshot: {found:?}");
        found.pop().unwrap()
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.data.path().join(rel)
    }
}

/// Everything a load produces, as text: the dataset with its ids, the search index and the
/// warnings. A snapshot must give back exactly what a parse gives.
fn fingerprint(mut opened: Opened) -> String {
    let index = opened.index();
    let ds: &Dataset = &opened.loaded.dataset;
    let _ = ds.ids().count();
    let _ = ds.orders();
    format!(
        "{ds:?}\n{index:?}\n{:?}\n{}",
        opened.loaded.warnings, opened.loaded.files
    )
}

fn parsed(fx: &Fixture) -> String {
    fingerprint(cache::open(&fx.path(), &Settings::Off, &Progress::new()).unwrap())
}

/// Writes a snapshot, applies `spoil`, and expects the next open to parse for `expected`
/// reasons, with the same result as a parse.
fn refused_after(spoil: impl FnOnce(&Fixture), expected: impl Fn(&Reject) -> bool) -> Fixture {
    let fx = Fixture::new();
    let first = fx.open_and_save();
    assert_eq!(first.origin, Origin::Parsed(Reject::Missing));
    assert_eq!(fx.open().origin, Origin::Snapshot, "the snapshot is used");
    spoil(&fx);
    let opened = fx.open();
    match &opened.origin {
        Origin::Parsed(why) => assert!(expected(why), "refused for the wrong reason: {why:?}"),
        other => panic!("the snapshot was used after all: {other:?}"),
    }
    assert_eq!(
        fingerprint(opened),
        parsed(&fx),
        "the load is a correct parse"
    );
    fx
}

fn flip(path: &Path, at: impl Fn(usize) -> usize) {
    let mut bytes = fs::read(path).unwrap();
    let i = at(bytes.len());
    bytes[i] ^= 0x5a;
    fs::write(path, bytes).unwrap();
}

const FIRST: &str = "data/national.toml";

#[test]
fn a_snapshot_gives_back_exactly_what_a_parse_gives() {
    let fx = Fixture::new();
    let parse = fingerprint(fx.open_and_save());
    let opened = fx.open();
    assert_eq!(opened.origin, Origin::Snapshot);
    assert_eq!(fingerprint(opened), parse);
    assert_eq!(parse, parsed(&fx));
}

/// A warm start reads the records' text in place instead of copying it out of the snapshot:
/// every string of the dataset and of its search haystacks is borrowed from the mapping, and
/// the list orders come back with it instead of being sorted again.
#[test]
fn a_snapshot_lends_its_text_and_keeps_the_list_orders() {
    use std::borrow::Cow;
    let fx = Fixture::new();
    let parsed = fx.open_and_save();
    assert!(matches!(
        parsed.loaded.dataset.people[0].name,
        Cow::Owned(_)
    ));
    let parsed_orders = parsed.loaded.dataset.orders().clone();
    let opened = fx.open();
    assert_eq!(opened.origin, Origin::Snapshot);
    let ds = &opened.loaded.dataset;
    let texts = ds
        .people
        .iter()
        .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases).chain(&p.summary))
        .chain(ds.roles.iter().map(|r| &r.title))
        .chain(ds.events.iter().map(|e| &e.title))
        .chain(ds.sources.iter().flat_map(|s| [&s.id, &s.title]));
    let (mut lent, mut copied) = (0, 0);
    for t in texts {
        match t {
            Cow::Borrowed(_) => lent += 1,
            Cow::Owned(_) => copied += 1,
        }
    }
    assert!(lent > 3000, "{lent} lent");
    assert_eq!(copied, 0, "{copied} strings copied out of the snapshot");
    assert_eq!(ds.orders(), &parsed_orders);
}

#[test]
fn a_changed_file_is_parsed_again() {
    let fx = refused_after(
        |fx| {
            let path = fx.file(FIRST);
            let text = fs::read_to_string(&path).unwrap();
            fs::write(
                &path,
                format!("{text}\n[[person]]\nid = \"new-person\"\nname = \"New Person\"\n"),
            )
            .unwrap();
        },
        |why| matches!(why, Reject::Stale(Change::Changed(p)) if p.ends_with(FIRST)),
    );
    assert!(fx.open().loaded.dataset.get("new-person").is_some());
}

#[test]
fn a_change_that_keeps_size_and_modification_time_is_still_seen() {
    refused_after(
        |fx| {
            let path = fx.file(FIRST);
            let modified = fs::metadata(&path).unwrap().modified().unwrap();
            let text = fs::read_to_string(&path).unwrap();
            // Same length, same modification time: only the change time and content differ.
            let changed = text.replacen("Digital", "Digitax", 1);
            assert_ne!(changed, text);
            fs::write(&path, changed).unwrap();
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(modified)
                .unwrap();
        },
        |why| matches!(why, Reject::Stale(Change::Changed(_))),
    );
}

#[test]
fn an_added_file_is_parsed_again() {
    let fx = refused_after(
        |fx| {
            fs::write(
                fx.file("zz-added.toml"),
                "[[person]]\nid = \"added-person\"\nname = \"Added Person\"\n",
            )
            .unwrap();
        },
        |why| matches!(why, Reject::Stale(Change::Added(p)) if p.ends_with("zz-added.toml")),
    );
    assert!(fx.open().loaded.dataset.get("added-person").is_some());
}

#[test]
fn a_removed_file_is_parsed_again() {
    let fx = Fixture::new();
    let extra = fx.file("data/zz-extra.toml");
    fs::write(
        &extra,
        "[[person]]\nid = \"extra-person\"\nname = \"Extra Person\"\n",
    )
    .unwrap();
    fx.open_and_save();
    let opened = fx.open();
    assert_eq!(opened.origin, Origin::Snapshot);
    assert!(opened.loaded.dataset.get("extra-person").is_some());
    fs::remove_file(&extra).unwrap();
    let opened = fx.open();
    assert!(
        matches!(&opened.origin, Origin::Parsed(Reject::Stale(Change::Removed(p))) if p.ends_with("zz-extra.toml")),
        "{:?}",
        opened.origin
    );
    assert!(opened.loaded.dataset.get("extra-person").is_none());
    assert_eq!(fingerprint(opened), parsed(&fx));
}

#[test]
fn a_snapshot_from_another_version_is_refused() {
    refused_after(
        |fx| flip(&fx.snapshot(), |_| 20),
        |why| *why == Reject::OtherVersion,
    );
}

#[test]
fn corrupt_bytes_are_refused() {
    refused_after(
        |fx| flip(&fx.snapshot(), |len| len / 2),
        |why| matches!(why, Reject::Corrupt(_)),
    );
}

#[test]
fn bytes_that_fail_validation_are_refused_even_with_a_matching_checksum() {
    refused_after(
        |fx| {
            let path = fx.snapshot();
            let mut bytes = fs::read(&path).unwrap();
            let len = bytes.len();
            // The root object sits at the end of an rkyv archive: aim its relative pointers
            // (the search index's and the warnings' lists) out of the buffer.
            for b in &mut bytes[len - 40..len - 8] {
                *b ^= 0xff;
            }
            let payload_len = u64::from_le_bytes(bytes[40..48].try_into().unwrap()) as usize;
            let hash = xxhash_rust::xxh3::xxh3_64(&bytes[len - payload_len..]);
            bytes[48..56].copy_from_slice(&hash.to_le_bytes());
            fs::write(&path, bytes).unwrap();
        },
        |why| matches!(why, Reject::Corrupt(_)),
    );
}

#[test]
fn a_truncated_snapshot_is_refused() {
    refused_after(
        |fx| {
            let path = fx.snapshot();
            let len = fs::metadata(&path).unwrap().len();
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(len / 2)
                .unwrap();
        },
        |why| *why == Reject::Truncated,
    );
    refused_after(
        |fx| {
            fs::File::options()
                .write(true)
                .open(fx.snapshot())
                .unwrap()
                .set_len(12)
                .unwrap();
        },
        |why| *why == Reject::Truncated,
    );
}

#[test]
fn an_unwritable_cache_folder_means_no_cache_and_one_line_saying_so() {
    let fx = Fixture::new();
    // A file where the folder should be: refused even to root, who ignores permissions.
    let blocker = fx.cache.path().join("blocker");
    fs::write(&blocker, "").unwrap();
    let settings = Settings::Dir(blocker.join("nhs-leaders"));
    let mut opened = cache::open(&fx.path(), &settings, &Progress::new()).unwrap();
    let line = match opened.snapshot_job() {
        Err(line) => line,
        Ok(_) => panic!("a snapshot job in an unwritable folder"),
    };
    assert!(!line.contains('\n'), "one line: {line}");
    assert!(line.contains("cannot write the snapshot cache"), "{line}");
    assert!(line.contains("blocker"), "names the folder: {line}");
    assert_eq!(fingerprint(opened), parsed(&fx));
}

#[test]
fn a_read_only_cache_folder_means_no_cache_and_a_correct_load() {
    use std::os::unix::fs::PermissionsExt;
    let fx = Fixture::new();
    let dir = fx.cache.path().join("nhs-leaders");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let writable = fs::write(dir.join("probe"), "").is_ok();
    let mut opened =
        cache::open(&fx.path(), &Settings::Dir(dir.clone()), &Progress::new()).unwrap();
    let job = opened.snapshot_job();
    if writable {
        // Root writes anyway; the refusal itself is covered by the test above.
        assert!(job.is_ok());
    } else {
        let line = job.err().expect("a line saying the cache is not written");
        assert!(line.contains("permission denied"), "{line}");
    }
    assert_eq!(fingerprint(opened), parsed(&fx));
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn the_bundled_dataset_and_a_cache_turned_off_write_nothing() {
    let fx = Fixture::new();
    let mut bundled = cache::open(&DataPath::Bundled, &fx.settings(), &Progress::new()).unwrap();
    assert_eq!(bundled.origin, Origin::Bundled);
    assert!(bundled.snapshot_job().unwrap().is_none());
    let mut off = cache::open(&fx.path(), &Settings::Off, &Progress::new()).unwrap();
    assert_eq!(off.origin, Origin::Off);
    assert!(off.snapshot_job().unwrap().is_none());
    assert_eq!(fs::read_dir(fx.cache.path()).unwrap().count(), 0);
}

#[test]
fn settings_follow_the_flag_and_the_environment() {
    assert_eq!(Settings::from_env(true), Settings::Off);
}

// The binary: XDG_CACHE_HOME, --no-cache, NHS_LEADERS_CACHE=off, check, and today.

fn bin(cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("nhs-leaders").unwrap();
    cmd.env("NHS_LEADERS_TODAY", "2026-12-01")
        .env("XDG_CACHE_HOME", cache)
        .env("NHS_LEADERS_TIMING", "1")
        .env_remove("NHS_LEADERS_CACHE")
        .env_remove("NHS_LEADERS_DATA");
    cmd
}

fn stderr_of(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn snapshots_in(cache: &Path) -> usize {
    fs::read_dir(cache.join("nhs-leaders"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "snapshot"))
            })
            .count()
        })
        .unwrap_or(0)
}

#[test]
fn the_second_command_maps_the_snapshot_and_answers_the_same() {
    let fx = Fixture::new();
    let data = fx.data.path().to_str().unwrap().to_owned();
    let args = ["--data", &data, "search", "chaudry", "--json"];
    let (first, err) = stderr_of(bin(fx.cache.path()).args(args));
    assert!(
        err.contains("snapshot not used: there is no snapshot yet"),
        "{err}"
    );
    assert!(err.contains("written"), "{err}");
    assert_eq!(snapshots_in(fx.cache.path()), 1);
    let (second, err) = stderr_of(bin(fx.cache.path()).args(args));
    assert!(err.contains("used in"), "{err}");
    assert!(!err.contains("timing: parse"), "no parse: {err}");
    assert_eq!(first, second);
}

#[test]
fn no_cache_and_cache_off_neither_read_nor_write() {
    let fx = Fixture::new();
    let data = fx.data.path().to_str().unwrap().to_owned();
    let (_, err) = stderr_of(bin(fx.cache.path()).args([
        "--data",
        &data,
        "--no-cache",
        "show",
        "nhs-england",
    ]));
    assert!(!err.contains("snapshot"), "{err}");
    assert_eq!(snapshots_in(fx.cache.path()), 0);
    stderr_of(bin(fx.cache.path()).args(["--data", &data, "show", "nhs-england"]));
    assert_eq!(snapshots_in(fx.cache.path()), 1);
    let (_, err) = stderr_of(bin(fx.cache.path()).args([
        "--data",
        &data,
        "--no-cache",
        "show",
        "nhs-england",
    ]));
    assert!(err.contains("timing: parse"), "parsed: {err}");
    assert!(!err.contains("snapshot"), "{err}");
    let (_, err) = stderr_of(bin(fx.cache.path()).env("NHS_LEADERS_CACHE", "off").args([
        "--data",
        &data,
        "show",
        "nhs-england",
    ]));
    assert!(err.contains("timing: parse"), "parsed: {err}");
    assert!(!err.contains("snapshot"), "{err}");
}

#[test]
fn check_always_parses() {
    let fx = Fixture::new();
    let data = fx.data.path().to_str().unwrap().to_owned();
    stderr_of(bin(fx.cache.path()).args(["--data", &data, "show", "nhs-england"]));
    assert_eq!(snapshots_in(fx.cache.path()), 1);
    let (out, err) = stderr_of(bin(fx.cache.path()).args(["--data", &data, "check"]));
    assert!(out.starts_with("ok: "), "{out}");
    assert!(err.contains("timing: parse"), "parsed: {err}");
    assert!(!err.contains("snapshot"), "{err}");
}

#[test]
fn an_unwritable_cache_home_prints_one_line_and_answers() {
    let fx = Fixture::new();
    let blocker = fx.cache.path().join("blocker");
    fs::write(&blocker, "").unwrap();
    let data = fx.data.path().to_str().unwrap().to_owned();
    let out = bin(&blocker)
        .env_remove("NHS_LEADERS_TIMING")
        .args(["--data", &data, "show", "nhs-england"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot write the snapshot cache"), "{err}");
    let expected = bin(fx.cache.path())
        .args(["--data", &data, "--no-cache", "show", "nhs-england"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, expected.stdout);
}

/// A dataset with a post confirmed in November 2026.
const CONFIRMED: &str = r#"
[[source]]
id = "s"
title = "Board papers"
publisher = "Trust"
published = "2026-11-20"

[[organisation]]
id = "t"
name = "A Trust"
kind = "trust"

[[person]]
id = "p"
name = "Pat Example"

[[role]]
person = "p"
organisation = "t"
title = "Chief Digital Officer"
start = "2020-01"
confirmed = "2026-11"
sources = ["s"]
"#;

#[test]
fn statuses_are_judged_against_the_day_the_snapshot_is_read() {
    let data = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    fs::write(data.path().join("d.toml"), CONFIRMED).unwrap();
    let d = data.path().to_str().unwrap().to_owned();
    let show = |today: &str, extra: &[&str]| {
        let out = bin(cache.path())
            .env("NHS_LEADERS_TODAY", today)
            .args(["--data", &d, "show", "p", "--json"])
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (_, written, _) = show("2026-12-01", &[]);
    assert!(written.contains("\"current\""), "{written}");
    // Three years on, the same snapshot: the post is no longer current.
    let (_, later, err) = show("2029-12-01", &[]);
    assert!(err.contains("used in"), "the snapshot was used: {err}");
    assert!(later.contains("\"unconfirmed\""), "{later}");
    assert_eq!(later, show("2029-12-01", &["--no-cache"]).1);
    // Before the confirmation: the snapshot cannot stand, and the parse says why.
    let (code, _, err) = show("2026-10-01", &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("snapshot not used"), "{err}");
    assert!(err.contains("is in the future"), "{err}");
}

#[test]
fn processes_starting_together_never_read_half_a_snapshot() {
    let fx = Fixture::new();
    let data = fx.data.path().to_str().unwrap().to_owned();
    let expected = stderr_of(bin(fx.cache.path()).args([
        "--data",
        &data,
        "--no-cache",
        "search",
        "digital",
        "--json",
    ]))
    .0;
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_nhs-leaders"))
                .env("NHS_LEADERS_TODAY", "2026-12-01")
                .env("XDG_CACHE_HOME", fx.cache.path())
                .env_remove("NHS_LEADERS_CACHE")
                .args(["--data", &data, "search", "digital", "--json"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    }
    let (out, err) =
        stderr_of(bin(fx.cache.path()).args(["--data", &data, "search", "digital", "--json"]));
    assert!(err.contains("used in"), "{err}");
    assert_eq!(out, expected);
    assert_eq!(snapshots_in(fx.cache.path()), 1);
    let leftovers = fs::read_dir(fx.cache.path().join("nhs-leaders"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0, "no temporary files left behind");
}
