//! Compiles the bundled dataset (`data/*.toml`) into the binary, so the installed program
//! works from any directory.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=data");
    let mut names: Vec<String> = fs::read_dir("data")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml") && !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub static BUNDLED: &[(&str, &str)] = &[\n");
    for name in &names {
        let full = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap_or_default())
            .join("data")
            .join(name);
        println!("cargo:rerun-if-changed={}", full.display());
        let _ = writeln!(
            out,
            "    (\"data/{name}\", include_str!({:?})),",
            full.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("bundled.rs");
    fs::write(dest, out).unwrap_or_else(|e| panic!("cannot write bundled.rs: {e}"));
}
