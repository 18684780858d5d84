//! The client half of scripts/ssh-e2e.sh: runs `ssh -tt` in a pseudo-terminal to a loopback
//! server (the system sshd, or `nhs-leaders serve`), drives the dashboard on the far side,
//! measures bytes per keystroke and round trips, then kills the ssh client and checks the
//! remote dashboard exits without spinning.
//!
//!   ssh_session PORT KEY PROGRAM [REMOTE COMMAND...]
//!
//! PROGRAM is what to look for among the processes to check the remote dashboard went
//! (`-` for the built-in server, where a session is a thread and its log says it ended);
//! without a remote command the server chooses (a forced command, or the built-in dashboard).

#[path = "../tests/support/pty.rs"]
mod pty;

use std::process::Command;
use std::time::{Duration, Instant};

fn remote_pids(program: &str) -> Vec<u32> {
    let out = Command::new("pgrep").args(["-f", program]).output();
    out.map(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    })
    .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (port, key, program) = (&args[0], &args[1], &args[2]);
    let remote: Vec<&str> = args[3..].iter().map(String::as_str).collect();
    let mut ssh_args = vec![
        "-tt",
        "-i",
        key,
        "-p",
        port,
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "root@127.0.0.1",
    ];
    ssh_args.extend(remote);
    let built_in = program == "-";
    let before = if built_in {
        Vec::new()
    } else {
        remote_pids(program)
    };
    let mut t = pty::Pty::spawn("ssh", &ssh_args, 80, 24, &[]);
    let started = Instant::now();
    if !t.wait_for("\x1b[?25l", Duration::from_secs(20)) {
        eprintln!(
            "ssh-e2e: FAILED: no first frame over ssh:\n{}",
            t.all_text()
        );
        std::process::exit(1);
    }
    let first_frame = started.elapsed();
    let first_bytes = t
        .settle(Duration::from_millis(300), Duration::from_secs(10))
        .len();
    let mut rows = Vec::new();
    for (name, keys) in [
        ("cursor move (j)", &b"j"[..]),
        ("page down", b"\x1b[6~"),
        ("open filter (/)", b"/"),
        ("search keystroke (c)", b"c"),
        ("close filter (Esc)", b"\x1b"),
    ] {
        let base = t.len();
        let sent = Instant::now();
        t.send(keys);
        while t.len() == base && sent.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_micros(200));
        }
        let round_trip = sent.elapsed();
        let bytes = t
            .settle(Duration::from_millis(300), Duration::from_secs(10))
            .len();
        rows.push((name, bytes, round_trip));
    }
    std::thread::sleep(Duration::from_secs(3));
    let idle = t.take().len();
    println!("over ssh on loopback, 80x24: first frame {first_frame:.0?} ({first_bytes} B)");
    println!("| action | bytes | first byte back |");
    println!("|---|---|---|");
    for (name, bytes, rtt) in &rows {
        println!("| {name} | {bytes} B | {rtt:.1?} |");
    }
    println!("| 3 s idle | {idle} B | |");
    // Kill the client hard, as a dropped connection would: the remote side must go.
    let remote: Vec<u32> = if built_in {
        Vec::new()
    } else {
        remote_pids(program)
            .into_iter()
            .filter(|p| !before.contains(p))
            .collect()
    };
    t.kill();
    let killed = Instant::now();
    loop {
        let alive: Vec<u32> = remote
            .iter()
            .copied()
            .filter(|p| std::path::Path::new(&format!("/proc/{p}")).exists())
            .collect();
        if alive.is_empty() {
            if !built_in {
                println!(
                    "ssh client killed: the remote dashboard exited after {:.0?}",
                    killed.elapsed()
                );
            }
            break;
        }
        if killed.elapsed() > Duration::from_secs(5) {
            let ticks: Vec<_> = alive.iter().map(|p| pty::cpu_ticks(*p)).collect();
            eprintln!(
                "ssh-e2e: FAILED: remote dashboard {alive:?} still running 5 s after the client died (cpu ticks {ticks:?})"
            );
            for p in alive {
                let _ = Command::new("kill").args(["-9", &p.to_string()]).status();
            }
            std::process::exit(1);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if idle != 0 {
        eprintln!("ssh-e2e: FAILED: {idle} bytes written while idle");
        std::process::exit(1);
    }
}
