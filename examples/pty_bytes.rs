//! Bytes the dashboard writes to a real pseudo-terminal: the first frame, one cursor move,
//! one page scroll, one search keystroke, and 10 s of idling, at 80x24 and 200x50:
//!
//! ```sh
//! cargo build --release && cargo run --release --example pty_bytes [-- DATA_DIR]
//! ```

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
        let mut t = pty::Pty::spawn(program, &args, cols, rows, &[]);
        // Loading a big dataset takes a while: wait for the first frame before timing quiet.
        let _ = t.wait_for("\x1b[?25l", Duration::from_secs(120));
        let first = t.settle(quiet, max).len();
        t.send(b"j");
        let mv = t.settle(quiet, max).len();
        t.send(b"\x1b[6~");
        let page = t.settle(quiet, max).len();
        t.send(b"/");
        let _ = t.settle(quiet, max);
        t.send(b"c");
        let key = t.settle(quiet, max).len();
        t.send(b"\x1b");
        let _ = t.settle(quiet, max);
        std::thread::sleep(Duration::from_secs(10));
        let idle = t.take().len();
        t.send(b"q");
        let _ = t.wait_exit(Duration::from_secs(5));
        println!("| {cols}x{rows} | {first} B | {mv} B | {page} B | {key} B | {idle} B |");
    }
}
