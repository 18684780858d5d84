//! Drives the real binary in a pseudo-terminal of a chosen size: send keys, count the bytes
//! it writes, signal it, close the terminal under it, and inspect the terminal modes it left.
//! Used by the end-to-end tests and by examples/pty_bytes.rs.

#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Pty {
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    output: Arc<Mutex<Vec<u8>>>,
    eof: Arc<AtomicBool>,
    /// Bytes already accounted for by `take`.
    mark: usize,
}

impl Pty {
    /// Starts `program args` in a `cols` x `rows` terminal with `env` set on top of a clean
    /// environment (TERM=xterm-256color unless given).
    pub fn spawn(program: &str, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        Pty::spawn_in(None, program, args, cols, rows, env)
    }

    /// As `spawn`, in the working directory `dir` when given.
    pub fn spawn_in(
        dir: Option<&std::path::Path>,
        program: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Pty {
        let system = native_pty_system();
        let pair = system
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        if let Some(d) = dir {
            cmd.cwd(d);
        }
        cmd.env_clear();
        // No settings file of the user's: each test gives its own where it needs one.
        cmd.env("XDG_CONFIG_HOME", "/nonexistent/nhs-leaders-test-config");
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env(
            "HOME",
            std::env::var("HOME").unwrap_or_else(|_| "/tmp".into()),
        );
        cmd.env("TERM", "xterm-256color");
        cmd.env("NHS_LEADERS_TODAY", "2026-12-01");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let output = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        let (out, done) = (Arc::clone(&output), Arc::clone(&eof));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => out.lock().unwrap().extend_from_slice(&buf[..n]),
                }
            }
            done.store(true, Ordering::SeqCst);
        });
        Pty {
            master: Some(pair.master),
            writer: Some(writer),
            child,
            output,
            eof,
            mark: 0,
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        if let Some(w) = self.writer.as_mut() {
            let _ = w.write_all(bytes);
            let _ = w.flush();
        }
    }

    pub fn len(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// Waits until no byte has arrived for `quiet` (or `max` passed), then returns the bytes
    /// written since the last call.
    pub fn settle(&mut self, quiet: Duration, max: Duration) -> Vec<u8> {
        let start = Instant::now();
        let mut last_len = self.len();
        let mut last_change = Instant::now();
        while start.elapsed() < max {
            std::thread::sleep(Duration::from_millis(10));
            let n = self.len();
            if n != last_len {
                last_len = n;
                last_change = Instant::now();
            } else if last_change.elapsed() >= quiet
                // Nothing at all yet: the program is still starting (a loaded machine can
                // take seconds), so wait for its first bytes rather than give up.
                && (n > self.mark || (n > 0 && start.elapsed() >= quiet * 2))
            {
                break;
            }
        }
        self.take()
    }

    /// Bytes written since the last `take` or `settle`.
    pub fn take(&mut self) -> Vec<u8> {
        let out = self.output.lock().unwrap();
        let bytes = out[self.mark..].to_vec();
        self.mark = out.len();
        bytes
    }

    /// Everything written so far, as text.
    pub fn all_text(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// Waits up to `max` for text to appear anywhere in the output.
    pub fn wait_for(&mut self, text: &str, max: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < max {
            if self.all_text().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        if let Some(m) = self.master.as_ref() {
            let _ = m.resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            });
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap_or(0)
    }

    /// Sends a signal by name (TERM, HUP, CONT...).
    pub fn signal(&self, name: &str) {
        let _ = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status();
    }

    /// Closes our side of the terminal, as a dropped ssh connection does.
    pub fn hang_up(&mut self) {
        self.writer = None;
        self.master = None;
    }

    /// Waits for the program to exit; its exit code, or None if it is still running.
    pub fn wait_exit(&mut self, max: Duration) -> Option<u32> {
        let start = Instant::now();
        while start.elapsed() < max {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// The terminal's modes now: (canonical input, echo), i.e. whether raw mode was undone.
    pub fn cooked(&self) -> Option<(bool, bool)> {
        let termios = self.master.as_ref()?.get_termios()?;
        use nix::sys::termios::LocalFlags;
        Some((
            termios.local_flags.contains(LocalFlags::ICANON),
            termios.local_flags.contains(LocalFlags::ECHO),
        ))
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// CPU time (user + system, in clock ticks) a process has used, from /proc.
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}
