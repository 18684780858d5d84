//! Bytes the dashboard writes to a real pseudo-terminal: the first frame, one cursor move,
//! one page scroll, one search keystroke, and 10 s of idling, at 80x24 and 200x50:
//!
//! ```sh
//! cargo build --release && cargo run --release --example pty_bytes [-- DATA_DIR]
//! ```
//!
//! With `PTY_BYTES_DUMP=DIR` each step's bytes are saved there too; `NHS_LEADERS_WIRE=plain`
//! measures the dashboard writing frames as plain ratatui does.

#[path = "../tests/support/pty.rs"]
mod pty;

use std::time::Duration;

fn main() {
    let data = std::env::args().nth(1);
    let program = concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/nhs-leaders");
    let quiet = Duration::from_millis(300);
    let max = Duration::from_secs(30);
    println!(
        "| size | first frame | cursor move (j) | page scroll (PgDn) | search keystroke | 10 s idle |"
    );
    println!("|---|---|---|---|---|---|");
    for (cols, rows) in [(80u16, 24u16), (200, 50)] {
        let mut args: Vec<&str> = Vec::new();
        if let Some(d) = data.as_deref() {
            args.extend(["--data", d]);
        }
        let wire = std::env::var("NHS_LEADERS_WIRE").unwrap_or_else(|_| "tight".into());
        let mut t = pty::Pty::spawn(
            program,
            &args,
            cols,
            rows,
            &[("NHS_LEADERS_WIRE", wire.as_str())],
        );
        // Loading a big dataset takes a while: wait for the first frame before timing quiet.
        let _ = t.wait_for("\x1b[?25l", Duration::from_secs(120));
        let first = dump("first", cols, rows, t.settle(quiet, max));
        t.send(b"j");
        let mv = dump("move", cols, rows, t.settle(quiet, max));
        t.send(b"\x1b[6~");
        let page = dump("page", cols, rows, t.settle(quiet, max));
        t.send(b"/");
        let _ = t.settle(quiet, max);
        t.send(b"c");
        let key = dump("key", cols, rows, t.settle(quiet, max));
        t.send(b"\x1b");
        let _ = t.settle(quiet, max);
        std::thread::sleep(Duration::from_secs(10));
        let idle = t.take().len();
        t.send(b"q");
        let _ = t.wait_exit(Duration::from_secs(5));
        println!("| {cols}x{rows} | {first} B | {mv} B | {page} B | {key} B | {idle} B |");
    }
}

/// The length of `bytes`, which are also saved as `$PTY_BYTES_DUMP/NAME-COLSxROWS.bin` when
/// that is set, to see what a step wrote.
fn dump(name: &str, cols: u16, rows: u16, bytes: Vec<u8>) -> usize {
    if let Ok(dir) = std::env::var("PTY_BYTES_DUMP") {
        let _ = std::fs::write(format!("{dir}/{name}-{cols}x{rows}.bin"), &bytes);
    }
    bytes.len()
}
