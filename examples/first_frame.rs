//! Start-up to first frame in a real pseudo-terminal: from spawning the release binary to the
//! complete first frame (its hint bar) arriving. `cargo run --release --example first_frame`.

#[path = "../tests/support/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let program = concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/nhs-leaders");
    let mut times = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let mut t = pty::Pty::spawn(program, &args, 120, 40, &[]);
        while !t.all_text().contains("\x1b[?25l") {
            std::thread::sleep(Duration::from_micros(200));
            assert!(start.elapsed() < Duration::from_secs(60), "no first frame");
        }
        times.push(start.elapsed());
        t.send(b"q");
        let _ = t.wait_exit(Duration::from_secs(5));
    }
    times.sort();
    println!(
        "first frame at 120x40: median {:.1?}, p90 {:.1?}, worst {:.1?} (20 runs)",
        times[10], times[18], times[19]
    );
}
