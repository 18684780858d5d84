//! The serving targets of docs/performance.md, measured against the release binary: 50 (or
//! N) concurrent dashboard sessions on loopback typing searches (first byte back per
//! keystroke, p50 and p99), bytes sent to idle sessions, memory per idle session over the
//! one-session baseline, and a reload of the bundled data with every session open.
//!
//!   cargo build --release && cargo run --release --example serve_load -- [SESSIONS]
//!
//! Clients connect from 127.0.0.10, .11, ... eight to an address, so the server runs with its
//! default limits. The server is a separate process so that its memory can be read alone.

#[path = "../tests/support/ssh.rs"]
mod ssh;

use russh::ChannelMsg;
use ssh::Term;
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn from(n: usize) -> IpAddr {
    IpAddr::from([127, 0, 0, 10 + (n / 8) as u8])
}

/// Drains what arrives within `quiet` of silence; returns the bytes.
async fn settle(t: &mut Term, quiet: Duration) -> usize {
    let mut n = 0;
    loop {
        match tokio::time::timeout(quiet, t.channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => {
                n += data.len();
                t.screen.process(&data);
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return n,
        }
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sessions: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let root = env!("CARGO_MANIFEST_DIR");
    let bin = format!("{root}/target/release/nhs-leaders");
    let work = tempfile::tempdir().unwrap();
    // A copy of the bundled data, so that a reload can be made by changing a file.
    let files = nhs_leaders::dataset::read_files(&nhs_leaders::DataPath::Bundled).unwrap();
    for f in &files {
        let path = work.path().join("data").join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.text).unwrap();
    }
    let key = ssh::key(7);
    let keys = work.path().join("keys");
    std::fs::write(&keys, key.public_key().to_openssh().unwrap()).unwrap();
    let host = work.path().join("host");
    let mut h = std::fs::File::create(&host).unwrap();
    h.write_all(
        ssh::key(1)
            .to_openssh(russh::keys::ssh_key::LineEnding::LF)
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let port = 20000 + (std::process::id() % 20000) as u16;
    let mut server = Command::new(&bin)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--host-key",
        ])
        .arg(&host)
        .arg("--authorized-keys")
        .arg(&keys)
        .arg("--data")
        .arg(work.path().join("data"))
        .env("NHS_LEADERS_TODAY", "2026-12-01")
        .stderr(Stdio::piped())
        .spawn()
        .expect("run target/release/nhs-leaders (cargo build --release first)");
    let pid = server.id();
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let lines = Arc::clone(&log);
    let stderr = server.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            lines.lock().unwrap().push(line);
        }
    });
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let started = Instant::now();
    while !log
        .lock()
        .unwrap()
        .iter()
        .any(|l| l.contains("listening on"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // One session: the baseline.
    let mut handles = Vec::new();
    let mut terms = Vec::new();
    let first = ssh::login_from(addr, from(0), &key).await.unwrap();
    let mut t = Term::open(&first, 80, 24).await;
    settle(&mut t, Duration::from_millis(300)).await;
    handles.push(first);
    terms.push(t);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let baseline = rss_kib(pid);

    for n in 1..=sessions {
        let h = ssh::login_from(addr, from(n), &key).await.unwrap();
        let mut t = Term::open(&h, 80, 24).await;
        settle(&mut t, Duration::from_millis(100)).await;
        handles.push(h);
        terms.push(t);
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let loaded = rss_kib(pid);
    println!(
        "memory: {baseline} KiB with one session, {loaded} KiB with {} : {:.0} KiB per extra idle session",
        sessions + 1,
        (loaded.saturating_sub(baseline)) as f64 / sessions as f64
    );

    // Idle: nothing is sent to anyone for 5 s.
    let mut idle_bytes = 0;
    let idle_start = Instant::now();
    let mut idle_tasks = Vec::new();
    for mut t in terms.drain(..) {
        idle_tasks.push(tokio::spawn(async move {
            let n = settle(&mut t, Duration::from_secs(5)).await;
            (t, n)
        }));
    }
    for task in idle_tasks {
        let (t, n) = task.await.unwrap();
        idle_bytes += n;
        terms.push(t);
    }
    println!(
        "idle: {idle_bytes} B sent to {} sessions in {:.1?}",
        sessions + 1,
        idle_start.elapsed()
    );

    // Typing: every session types searches at once, a key every 100 ms.
    let script: Vec<&[u8]> = vec![
        b"/", b"c", b"h", b"a", b"u", b"d", b"r", b"y", b"\x7f", b"\x7f", b"\x1b", b"/", b"h",
        b"o", b"s", b"p", b"\x1b", b"j", b"j", b"k",
    ];
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let mut typing = Vec::new();
    let typists: Vec<Term> = terms.drain(1..).collect();
    for (n, mut t) in typists.into_iter().enumerate() {
        let latencies = Arc::clone(&latencies);
        let script = script.clone();
        typing.push(tokio::spawn(async move {
            // Spread the starts so the keys do not all land in the same millisecond.
            tokio::time::sleep(Duration::from_millis((n as u64 * 7) % 100)).await;
            for keys in script {
                let sent = Instant::now();
                t.send(keys).await;
                let mut got = None;
                while got.is_none() {
                    match tokio::time::timeout(Duration::from_secs(5), t.channel.wait()).await {
                        Ok(Some(ChannelMsg::Data { data })) => {
                            got = Some(sent.elapsed());
                            t.screen.process(&data);
                        }
                        Ok(Some(_)) => {}
                        _ => break,
                    }
                }
                if let Some(d) = got {
                    latencies.lock().unwrap().push(d);
                }
                let rest = Duration::from_millis(100).saturating_sub(sent.elapsed());
                settle(&mut t, rest.max(Duration::from_millis(1))).await;
            }
            t
        }));
    }
    let mut typed = Vec::new();
    for task in typing {
        typed.push(task.await.unwrap());
    }
    let mut all = latencies.lock().unwrap().clone();
    all.sort();
    println!(
        "typing: {} keystrokes over {sessions} sessions: first byte back p50 {:.2?}, p90 {:.2?}, p99 {:.2?}, max {:.2?}",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.9),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or_default()
    );

    // Reload with every session open: a person added to the folder.
    for t in &mut typed {
        settle(t, Duration::from_millis(50)).await;
    }
    let changed = Instant::now();
    std::fs::write(
        work.path().join("data/zz-load.toml"),
        "[[person]]\nid = \"load-test\"\nname = \"Lena Loadtest\"\n",
    )
    .unwrap();
    let mut waits = Vec::new();
    for mut t in typed {
        waits.push(tokio::spawn(async move {
            loop {
                match tokio::time::timeout(Duration::from_secs(10), t.channel.wait()).await {
                    Ok(Some(ChannelMsg::Data { data })) => {
                        t.screen.process(&data);
                        if t.screen.screen().contents().contains("data updated") {
                            return changed.elapsed();
                        }
                    }
                    Ok(Some(_)) => {}
                    _ => return Duration::MAX,
                }
            }
        }));
    }
    let mut seen = Vec::new();
    for w in waits {
        seen.push(w.await.unwrap());
    }
    seen.sort();
    let reload_line = log
        .lock()
        .unwrap()
        .iter()
        .find(|l| l.contains("reload:"))
        .cloned()
        .unwrap_or_default();
    println!("reload: server says {reload_line:?}");
    println!(
        "reload: from the file write (including the {} ms debounce) every session showed the notice after {:.1?} (first {:.1?})",
        nhs_leaders::watch::DEBOUNCE.as_millis(),
        seen.last().copied().unwrap_or_default(),
        seen.first().copied().unwrap_or_default()
    );
    drop(handles);
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = server.wait();
}
