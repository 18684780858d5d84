//! Writes a deterministic synthetic dataset of any size, for benchmarks and load tests:
//!
//! ```sh
//! cargo run --release --example generate -- --people 100000 --out /tmp/nhs-100k
//! ```

#[path = "../benches/support/synth.rs"]
mod synth;

use clap::Parser;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Write a synthetic nhs-leaders dataset (a folder of TOML files)")]
struct Args {
    /// How many people (1 000 to 1 000 000); roles and events scale at about 3x and 2x.
    #[arg(long)]
    people: usize,
    /// The folder to write (created if missing).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let size = synth::Size::for_people(args.people);
    let started = Instant::now();
    match synth::generate(args.people, &args.out) {
        Ok(bytes) => {
            eprintln!(
                "wrote {} ({:.1} MB) in {:.1?}: {} people, {} organisations, {} programmes, {} roles, {} memberships, {} events, {} sources",
                args.out.display(),
                bytes as f64 / 1e6,
                started.elapsed(),
                size.people,
                size.organisations,
                size.programmes,
                size.roles,
                size.memberships,
                size.events,
                size.sources
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", args.out.display());
            std::process::ExitCode::FAILURE
        }
    }
}
