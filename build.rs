//! Compiles the bundled dataset (`data/**/*.toml`) into the binary, so the installed program
//! works from any directory. Files are listed in byte order of their path, as `--data` does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// Every `*.toml` below `dir`, skipping names that start with `.`, as paths relative to the
/// manifest directory.
fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            toml_files(&path, out);
        } else if name.ends_with(".toml") {
            out.push(path);
        }
    }
}

/// An id for this build of the program's code: a snapshot (src/cache) written by another
/// build is never read, since the layout or the meaning of what it holds may have changed.
fn build_id() -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = vec![PathBuf::from("Cargo.lock"), PathBuf::from("build.rs")];
    sources(Path::new("src"), &mut files);
    files.sort();
    let mut h = DefaultHasher::new();
    env::var("CARGO_PKG_VERSION")
        .unwrap_or_default()
        .hash(&mut h);
    env::var("TARGET").unwrap_or_default().hash(&mut h);
    env::var("PROFILE").unwrap_or_default().hash(&mut h);
    for f in &files {
        f.hash(&mut h);
        fs::read(f).unwrap_or_default().hash(&mut h);
    }
    format!(
        "{}-{:016x}",
        env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        h.finish()
    )
}

fn main() {
    println!("cargo:rustc-env=NHS_LEADERS_BUILD_ID={}", build_id());
    println!("cargo:rerun-if-changed=data");
    let mut files = Vec::new();
    toml_files(Path::new("data"), &mut files);
    files.sort();
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut out = String::from("pub static BUNDLED: &[(&str, &str)] = &[\n");
    for rel in &files {
        let full = root.join(rel);
        println!("cargo:rerun-if-changed={}", full.display());
        let shown = rel.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            out,
            "    ({shown:?}, include_str!({:?})),",
            full.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("bundled.rs");
    fs::write(dest, out).unwrap_or_else(|e| panic!("cannot write bundled.rs: {e}"));
}
