//! Keystroke latency end to end, in a real pseudo-terminal: the release binary runs in a
//! 120x40 pty; queries are typed into the global search one key at a time, and each key is
//! timed from writing it to the terminal until the screen (a vt100 emulator fed the bytes the
//! dashboard wrote) shows that key's results: the query echoed, and no "searching…". The echo
//! alone (the query on screen) is timed too.
//!
//! ```sh
//! cargo build --release && cargo run --release --example pty_keys -- [DATA_DIR] [ROUNDS]
//! ```
//!
//! `NHS_LEADERS_BIN=path/to/nhs-leaders` measures another build the same way.

#[path = "../tests/support/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

/// The queries of examples/keystrokes.rs.
const QUERIES: &[&str] = &[
    "chaudry", "smith j", "hospita", "wilkins", "cio nhs", "go-live", "ceallai", "zqxjvwk",
];

/// Pause after a key's results, as between a typist's keys.
const GAP: Duration = Duration::from_millis(40);

struct Screen {
    term: pty::Pty,
    vt: vt100::Parser,
}

impl Screen {
    /// Feeds what the dashboard wrote since last time to the emulator.
    fn pump(&mut self) {
        let bytes = self.term.take();
        if !bytes.is_empty() {
            self.vt.process(&bytes);
        }
    }

    fn text(&self) -> String {
        self.vt.screen().contents()
    }

    /// Polls until `done` holds for the screen (or `max` passes); the time it took.
    fn until(&mut self, max: Duration, done: impl Fn(&str) -> bool) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < max {
            self.pump();
            if done(&self.text()) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_micros(100));
        }
        None
    }
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 * p) as usize).min(v.len().saturating_sub(1))]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let data = args.next();
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    // Another build can be measured the same way: NHS_LEADERS_BIN=path/to/nhs-leaders.
    let program = std::env::var("NHS_LEADERS_BIN").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/nhs-leaders").to_owned()
    });
    let program = program.as_str();
    let mut argv: Vec<&str> = Vec::new();
    if let Some(d) = data.as_deref() {
        argv.extend(["--data", d]);
    }
    let (cols, rows) = (120u16, 40u16);
    let term = pty::Pty::spawn(program, &argv, cols, rows, &[]);
    let mut s = Screen {
        term,
        vt: vt100::Parser::new(rows, cols, 0),
    };
    s.until(Duration::from_secs(300), |t| t.contains("People"))
        .expect("a first frame");
    std::thread::sleep(Duration::from_millis(500));
    let (mut fresh, mut echo) = (Vec::new(), Vec::new());
    let mut by_position = [Duration::ZERO; 7];
    for _ in 0..rounds {
        for q in QUERIES {
            s.term.send(b":");
            s.until(Duration::from_secs(10), |t| t.contains("Search everything"))
                .expect("the search box");
            std::thread::sleep(GAP);
            for (n, c) in q.chars().enumerate() {
                let prefix: String = q.chars().take(n + 1).collect();
                let typed = format!("Find: {prefix}▏");
                s.term.send(c.to_string().as_bytes());
                let shown = s.until(Duration::from_secs(10), |t| t.contains(&typed));
                let done = s.until(Duration::from_secs(30), |t| {
                    t.contains(&typed) && !t.contains("searching…")
                });
                let (Some(shown), Some(done)) = (shown, done) else {
                    eprintln!("no results for {prefix:?}");
                    continue;
                };
                // Each wait starts where the previous one ended, the first just after the key.
                let took = shown + done;
                echo.push(shown);
                fresh.push(took);
                if let Some(slot) = by_position.get_mut(n) {
                    *slot = (*slot).max(took);
                }
                std::thread::sleep(GAP);
            }
            s.term.send(b"\x1b");
            s.until(Duration::from_secs(10), |t| {
                !t.contains("Search everything")
            });
            std::thread::sleep(GAP);
        }
    }
    s.term.send(b"q");
    let _ = s.term.wait_exit(Duration::from_secs(5));
    println!(
        "{} keys at {cols}x{rows}, {} rounds, data: {}",
        fresh.len(),
        rounds,
        data.as_deref().unwrap_or("bundled")
    );
    println!(
        "key -> its results on screen: median {:.1?}, p99 {:.1?}, max {:.1?}",
        pct(&mut fresh, 0.5),
        pct(&mut fresh, 0.99),
        pct(&mut fresh, 1.0)
    );
    println!(
        "key -> query echoed: median {:.1?}, p99 {:.1?}, max {:.1?}",
        pct(&mut echo, 0.5),
        pct(&mut echo, 0.99),
        pct(&mut echo, 1.0)
    );
    println!(
        "worst by keystroke: {}",
        by_position
            .iter()
            .enumerate()
            .map(|(i, d)| format!("#{} {:.1?}", i + 1, d))
            .collect::<Vec<_>>()
            .join("  ")
    );
}
