//! End to end: the real binary in a real pseudo-terminal (a tmux pane), driven by keys and
//! read back from the screen. tmux is installed by `.ci/install-test-tools`; on a machine
//! without it these tests say so and pass, except under CI where a missing tmux fails.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn available() -> bool {
        let ok = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is missing under CI; .ci/install-test-tools should have installed it"
            );
            eprintln!("skipping: tmux is not installed (run .ci/install-test-tools)");
        }
        ok
    }

    /// Starts `command` in a detached session of `w` x `h`.
    fn start(name: &str, w: u16, h: u16, command: &str) -> Tmux {
        let socket = format!("nhs-leaders-test-{}-{name}", std::process::id());
        let t = Tmux { socket };
        let status = t
            .cmd()
            .args([
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .arg(command)
            .env("TERM", "xterm-256color")
            .status()
            .unwrap();
        assert!(status.success());
        t.cmd()
            .args(["set-option", "-t", "t", "remain-on-exit", "on"])
            .status()
            .unwrap();
        t
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    fn send(&self, keys: &[&str]) {
        let status = self
            .cmd()
            .args(["send-keys", "-t", "t"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen contains `text`, or fails with what it shows.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; screen:\n{s}"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

fn program() -> String {
    format!(
        "env -u NHS_LEADERS_DATA {} ; echo EXITED:$?; sleep 30",
        env!("CARGO_BIN_EXE_nhs-leaders")
    )
}

#[test]
fn dashboard_in_a_real_terminal_filters_jumps_and_quits_cleanly() {
    if !Tmux::available() {
        return;
    }
    let t = Tmux::start("journey", 100, 30, &program());
    let s = t.wait_for("People (");
    assert!(s.contains("nhs-leaders"), "{s}");
    assert!(s.contains("q quit"), "{s}");

    t.send(&["/", "c", "h", "a", "u"]);
    t.wait_for("Filter people: chau");
    t.send(&["Enter"]);
    t.wait_for("People /chau");
    t.send(&["Enter"]);
    let s = t.wait_for("Posts (");
    assert!(s.contains("Zafar Chaudry"), "{s}");

    t.send(&["4"]);
    t.wait_for("Chronology (");
    t.send(&["?"]);
    t.wait_for("Esc closes)");
    t.send(&["Escape"]);
    t.send(&["q"]);
    let s = t.wait_for("EXITED:0");
    // The alternate screen is gone: nothing of the dashboard is left on the terminal.
    assert!(!s.contains("Chronology ("), "{s}");
}

#[test]
fn resize_redraws_and_tiny_sizes_show_the_notice() {
    if !Tmux::available() {
        return;
    }
    let t = Tmux::start("resize", 100, 30, &program());
    t.wait_for("People (");
    t.cmd()
        .args(["resize-window", "-t", "t", "-x", "15", "-y", "5"])
        .status()
        .unwrap();
    t.wait_for("Terminal");
    t.cmd()
        .args(["resize-window", "-t", "t", "-x", "120", "-y", "40"])
        .status()
        .unwrap();
    t.wait_for("People (");
    t.send(&["q"]);
    t.wait_for("EXITED:0");
}
