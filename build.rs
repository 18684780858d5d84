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

fn main() {
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
