//! Hostile terminals, end to end: the real binary in a real pseudo-terminal at odd sizes,
//! under a storm of resizes, killed by SIGTERM and SIGHUP, with its terminal closed under it
//! (as when ssh drops), with the snapshot it reads in place truncated under it, suspended with Ctrl-Z and continued, and with TERM=dumb, TERM=linux,
//! NO_COLOR and no terminal at all. Each must end promptly with the terminal restored and no
//! process left spinning.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};
use support::pty::{Pty, cpu_ticks};

const BIN: &str = env!("CARGO_BIN_EXE_nhs-leaders");
const QUIET: Duration = Duration::from_millis(300);
const LONG: Duration = Duration::from_secs(15);
const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";

fn start(cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
    let mut t = Pty::spawn(BIN, &[], cols, rows, env);
    let first = t.settle(QUIET, LONG);
    assert!(!first.is_empty(), "nothing drawn at {cols}x{rows}");
    t
}

fn assert_restored(t: &mut Pty) {
    // The last bytes may still be on their way from the pty.
    let _ = t.settle(Duration::from_millis(100), Duration::from_secs(2));
    let out = t.all_text();
    assert!(
        out.contains(LEAVE_ALTERNATE_SCREEN),
        "the alternate screen was not left"
    );
    assert!(!out.contains("panicked"), "a panic: {out}");
    if let Some((canonical, echo)) = t.cooked() {
        assert!(canonical && echo, "raw mode was left on");
    }
}

#[test]
fn odd_sizes_draw_and_quit_cleanly() {
    for (cols, rows) in [(0, 0), (1, 1), (2, 1), (19, 5), (500, 200)] {
        let mut t = Pty::spawn(BIN, &[], cols, rows, &[]);
        let _ = t.settle(QUIET, LONG);
        t.send(b"q");
        assert_eq!(
            t.wait_exit(LONG),
            Some(0),
            "at {cols}x{rows}: {}",
            t.all_text()
        );
        assert_restored(&mut t);
    }
}

#[test]
fn a_storm_of_resizes_then_quit() {
    let mut t = start(80, 24, &[]);
    for i in 0..100u16 {
        t.resize(20 + (i * 37) % 220, 5 + (i * 13) % 70);
    }
    t.resize(100, 30);
    let _ = t.settle(QUIET, LONG);
    t.send(b"q");
    assert_eq!(t.wait_exit(LONG), Some(0));
    assert_restored(&mut t);
}

#[test]
fn sigterm_ends_promptly_and_restores_the_terminal() {
    let mut t = start(80, 24, &[]);
    let asked = Instant::now();
    t.signal("TERM");
    assert_eq!(t.wait_exit(Duration::from_secs(3)), Some(128 + 15));
    assert!(asked.elapsed() < Duration::from_secs(3));
    assert_restored(&mut t);
}

#[test]
fn sighup_ends_promptly_and_restores_the_terminal() {
    let mut t = start(80, 24, &[]);
    t.signal("HUP");
    assert_eq!(t.wait_exit(Duration::from_secs(3)), Some(128 + 1));
    assert_restored(&mut t);
}

/// A warm start reads its snapshot in place; truncating that file under the dashboard turns
/// the next read into SIGBUS, which must still end with the terminal restored and a reason.
#[test]
fn a_snapshot_truncated_under_the_dashboard_ends_it_with_the_terminal_restored() {
    use nhs_leaders::{DataPath, dataset::read_files};
    let data = tempfile::tempdir().unwrap();
    for f in read_files(&DataPath::Bundled).unwrap() {
        let path = data.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f.text).unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    // A first command parses and leaves a snapshot.
    let made = Command::new(BIN)
        .args(["--data", dir, "search", "smart"])
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .unwrap();
    assert!(made.status.success());
    let snapshot = std::fs::read_dir(cache.path().join("nhs-leaders"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "snapshot"))
        .expect("a snapshot was written");
    let mut t = Pty::spawn(BIN, &["--data", dir, "--no-watch"], 100, 30, &env);
    assert!(t.wait_for("People", LONG), "no first frame");
    let _ = t.settle(QUIET, LONG);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&snapshot)
        .unwrap()
        .set_len(0)
        .unwrap();
    // Moving through the people reads their records' text from the snapshot.
    for _ in 0..20 {
        t.send(b"j");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(128 + 7), "SIGBUS");
    assert_restored(&mut t);
    assert!(
        t.all_text().contains("the snapshot cache) was truncated"),
        "no reason given"
    );
}

/// A tmux session running an interactive shell, for what needs job control or a terminal
/// that disappears (a pty's session leader without a job-control shell ignores SIGTSTP).
struct Shell {
    socket: String,
}

impl Shell {
    fn start(name: &str) -> Option<Shell> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(std::env::var_os("CI").is_none(), "tmux missing under CI");
            eprintln!("skipping: tmux is not installed (run .ci/install-test-tools)");
            return None;
        }
        let shell = Shell {
            socket: format!("nhs-leaders-term-{}-{name}", std::process::id()),
        };
        let ok = shell
            .tmux(&[
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "100",
                "-y",
                "30",
                "bash --norc --noprofile -i",
            ])
            .success();
        assert!(ok);
        Some(shell)
    }

    fn tmux(&self, args: &[&str]) -> std::process::ExitStatus {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("TERM", "xterm-256color")
            .env("NHS_LEADERS_TODAY", "2026-12-01")
            .status()
            .unwrap()
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + LONG;
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the dashboard running in the shell.
    fn dashboard_pid(&self) -> Option<u32> {
        let out = Command::new("pgrep").args(["-f", BIN]).output().ok()?;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .find(|pid: &u32| {
                std::fs::read_to_string(format!("/proc/{pid}/environ"))
                    .is_ok_and(|e| e.contains(&self.socket))
            })
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// The second person in the People list, where `j` moves from the first.
fn second_person() -> String {
    use nhs_leaders::app::entity_pane::{EntityPane, ListKind};
    let ds = nhs_leaders::Dataset::load(&nhs_leaders::DataPath::Bundled)
        .unwrap()
        .dataset;
    let pane = EntityPane::new(&ds, ListKind::People);
    ds.people[pane.shown[1]].name.to_string()
}

fn launch(shell: &Shell) {
    // The marker in the environment lets the test find this dashboard's pid.
    shell.send(&[
        &format!(
            "env -u NHS_LEADERS_DATA MARK={} {BIN}; echo EXITED:$?",
            shell.socket
        ),
        "Enter",
    ]);
    shell.wait_for("People (");
}

#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    let Some(shell) = Shell::start("suspend") else {
        return;
    };
    launch(&shell);
    shell.send(&["C-z"]);
    let s = shell.wait_for("Stopped");
    assert!(
        !s.contains("People ("),
        "the dashboard is still on screen:\n{s}"
    );
    let pid = shell.dashboard_pid().expect("the stopped dashboard");
    shell.send(&["fg", "Enter"]);
    shell.wait_for("People (");
    shell.send(&["j"]);
    shell.wait_for(&format!("People: {}", second_person()));
    shell.send(&["q"]);
    let deadline = Instant::now() + LONG;
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(Instant::now() < deadline, "did not quit after fg");
        std::thread::sleep(Duration::from_millis(50));
    }
    let s = shell.wait_for("bash");
    assert!(
        !s.contains("People ("),
        "the screen was not handed back:\n{s}"
    );
}

#[test]
fn a_closed_terminal_ends_the_process_without_spinning() {
    let Some(shell) = Shell::start("hangup") else {
        return;
    };
    launch(&shell);
    let pid = shell.dashboard_pid().expect("the dashboard's pid");
    // Killing the server closes the terminal under the shell and the dashboard, as an ssh
    // server does when the connection drops.
    shell.tmux(&["kill-server"]);
    let deadline = Instant::now() + Duration::from_secs(3);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        if Instant::now() > deadline {
            let before = cpu_ticks(pid).unwrap_or(0);
            std::thread::sleep(Duration::from_secs(1));
            let after = cpu_ticks(pid).unwrap_or(0);
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!(
                "still running 3 s after its terminal closed ({} CPU ticks in 1 s)",
                after - before
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn no_color_draws_no_colours_but_keeps_reverse_video() {
    let mut t = start(100, 30, &[("NO_COLOR", "1")]);
    t.send(b"q");
    assert_eq!(t.wait_exit(LONG), Some(0));
    let out = t.all_text();
    assert!(out.contains("\x1b[7m"), "no reverse video");
    // Every SGR parameter must be an attribute or a colour reset, never a colour.
    for sgr in out
        .split("\x1b[")
        .filter_map(|s| s.split_once('m').map(|(p, _)| p))
    {
        if !sgr.bytes().all(|b| b.is_ascii_digit() || b == b';') {
            continue;
        }
        for p in sgr.split(';').filter(|p| !p.is_empty()) {
            let n: u32 = p.parse().unwrap_or(0);
            let colour =
                (30..=38).contains(&n) || (40..=48).contains(&n) || (90..=107).contains(&n);
            assert!(!colour, "colour code {n} in ESC[{sgr}m with NO_COLOR");
        }
    }
}

#[test]
fn term_linux_works() {
    let mut t = start(80, 24, &[("TERM", "linux")]);
    t.send(b"2");
    let _ = t.settle(QUIET, LONG);
    t.send(b"q");
    assert_eq!(t.wait_exit(LONG), Some(0));
    assert_restored(&mut t);
}

#[test]
fn term_dumb_explains_and_points_to_the_cli() {
    let mut t = Pty::spawn(BIN, &[], 80, 24, &[("TERM", "dumb")]);
    assert_eq!(t.wait_exit(LONG), Some(1));
    let out = t.all_text();
    assert!(out.contains("TERM=dumb"), "{out}");
    assert!(out.contains("nhs-leaders search"), "{out}");
    assert!(
        !out.contains("\x1b[?1049h"),
        "entered the alternate screen anyway"
    );
}

#[test]
fn without_a_terminal_it_says_so_and_writes_no_escapes() {
    let out = Command::new(BIN)
        .env_remove("NHS_LEADERS_DATA")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "wrote to the pipe: {:?}", out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the dashboard needs a terminal"), "{err}");
    assert!(err.contains("nhs-leaders search QUERY"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn bytes_on_the_wire_stay_small_and_idle_writes_nothing() {
    let mut t = start(80, 24, &[]);
    t.send(b"j");
    let cursor_move = t.settle(QUIET, LONG).len();
    // The target is 400 B; the detail pane follows the selection, so a move rewrites a
    // person's posts too, long titles wrapped whole (758 B measured, see
    // docs/performance.md). This guards against regressions.
    assert!(
        cursor_move <= 850,
        "one cursor move wrote {cursor_move} bytes"
    );
    t.send(b"/");
    let _ = t.settle(QUIET, LONG);
    t.send(b"c");
    let keystroke = t.settle(QUIET, LONG).len();
    assert!(
        keystroke <= 1700,
        "one search keystroke wrote {keystroke} bytes"
    );
    t.send(b"\x1b");
    let _ = t.settle(QUIET, LONG);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(t.take().len(), 0, "wrote while idle");
    t.send(b"q");
    assert_eq!(t.wait_exit(LONG), Some(0));
}

/// The screen the dashboard's bytes so far draw, as text.
fn screen_of(t: &Pty, cols: u16, rows: u16) -> String {
    let mut parser = vt100::Parser::new(rows, cols, 0);
    parser.process(t.all_text().as_bytes());
    parser.screen().contents()
}

#[test]
fn the_local_dashboard_follows_its_data_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = nhs_leaders::dataset::read_files(&nhs_leaders::DataPath::Bundled).unwrap();
    for f in &files {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.text).unwrap();
    }
    let data = dir.path().to_str().unwrap();
    let mut t = Pty::spawn(BIN, &["--data", data], 100, 30, &[]);
    t.settle(QUIET, LONG);
    let wait = |t: &mut Pty, text: &str| {
        let deadline = Instant::now() + LONG;
        while !screen_of(t, 100, 30).contains(text) {
            assert!(
                Instant::now() < deadline,
                "no {text:?}:\n{}",
                screen_of(t, 100, 30)
            );
            t.settle(Duration::from_millis(50), Duration::from_secs(1));
        }
    };
    // The bundled data grows with research: count its people rather than pin a number.
    let people = files
        .iter()
        .map(|f| f.text.lines().filter(|l| l.trim() == "[[person]]").count())
        .sum::<usize>();
    let (before, after) = (
        format!("People ({people})"),
        format!("People ({})", people + 1),
    );
    wait(&mut t, &before);
    let extra = dir.path().join("zz-extra.toml");
    std::fs::write(&extra, "[[person]]\nid = \"lena\"\nname = \"Lena Live\"\n").unwrap();
    wait(&mut t, "data updated: +1 person");
    wait(&mut t, &after);
    // A broken save keeps the data and says where it broke, until it is fixed.
    std::fs::write(&extra, "[[person]]\nid = \"lena\"\nnmae = \"Lena Live\"\n").unwrap();
    wait(&mut t, "zz-extra.toml:1:1");
    wait(&mut t, &after);
    std::fs::write(&extra, "").unwrap();
    wait(&mut t, "data valid again: -1 person");
    wait(&mut t, &before);
    t.send(b"q");
    assert!(t.wait_exit(LONG).is_some());
    assert_restored(&mut t);
}
