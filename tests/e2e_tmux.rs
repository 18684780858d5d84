//! End to end: the real binary in a real pseudo-terminal (a tmux pane), driven by keys and
//! read back from the screen. tmux is installed by `.ci/install-test-tools`; on a machine
//! without it these tests say so and pass, except under CI where a missing tmux fails.

use nhs_leaders::app::App;
use nhs_leaders::{DataPath, Dataset, ui};
use std::process::Command;
use std::sync::Arc;
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
        c.env("NHS_LEADERS_TODAY", "2026-12-01");
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
        self.capture(&[])
    }

    /// The screen with its colours and attributes, as tmux holds them (`capture-pane -e`).
    fn styled_screen(&self) -> String {
        self.capture(&["-e"])
    }

    fn capture(&self, flags: &[&str]) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "t"])
            .args(flags)
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
    program_with("")
}

fn program_with(env: &str) -> String {
    format!(
        "env -u NHS_LEADERS_DATA {env} {} ; echo EXITED:$?; sleep 30",
        env!("CARGO_BIN_EXE_nhs-leaders")
    )
}

mod support;
use support::keys::keys;

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

/// The byte-saving wire (writing through unchanged runs, ECH for blank runs) against a real
/// terminal emulator: after every key of a walk through the dashboard, tmux shows the text the
/// dashboard drew, with exactly the colours and attributes it shows for the plain wire.
#[test]
fn tight_and_plain_wire_leave_the_same_screen_in_tmux() {
    if !Tmux::available() {
        return;
    }
    // (tmux key, the same key for the in-process app)
    const WALK: &[(&str, &str)] = &[
        ("j", "j"),
        ("j", "j"),
        ("k", "k"),
        ("PageDown", "<PgDn>"),
        ("End", "<End>"),
        ("Home", "<Home>"),
        ("/", "/"),
        ("c", "c"),
        ("h", "h"),
        ("BSpace", "<Bksp>"),
        ("Enter", "<Enter>"),
        ("Enter", "<Enter>"),
        ("Escape", "<Esc>"),
        ("2", "2"),
        ("j", "j"),
        ("j", "j"),
        ("4", "4"),
        ("PageDown", "<PgDn>"),
        ("5", "5"),
        ("j", "j"),
        ("?", "?"),
        ("Escape", "<Esc>"),
        ("1", "1"),
        ("j", "j"),
    ];
    let (w, h) = (80, 24);
    let tight = Tmux::start("tight", w, h, &program());
    let plain = Tmux::start("plain", w, h, &program_with("NHS_LEADERS_WIRE=plain"));
    let mut app = App::new(Arc::new(
        {
            pin_today();
            Dataset::load(&DataPath::Bundled)
        }
        .unwrap()
        .dataset,
    ));
    let expected = |app: &mut App| -> String {
        ui::render_to_string(app, w, h)
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let shown = |t: &Tmux| -> String {
        t.screen()
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let settle = |t: &Tmux, want: &str, after: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while shown(t) != want {
            assert!(
                Instant::now() < deadline,
                "after {after}: tmux shows\n{}\nbut the dashboard drew\n{want}",
                shown(t)
            );
            sleep(Duration::from_millis(30));
        }
    };
    let first = expected(&mut app);
    settle(&tight, &first, "start");
    settle(&plain, &first, "start");
    for (tmux_key, key) in WALK {
        tight.send(&[tmux_key]);
        plain.send(&[tmux_key]);
        keys(&mut app, key);
        let want = expected(&mut app);
        settle(&tight, &want, tmux_key);
        settle(&plain, &want, tmux_key);
        assert_eq!(
            visible_cells(&tight.styled_screen(), w, h),
            visible_cells(&plain.styled_screen(), w, h),
            "colours or attributes differ after {tmux_key}"
        );
    }
}

/// What each cell of a `capture-pane -e` screen looks like, read back through a terminal
/// emulator: its text, background, reverse video and underline everywhere, and its text colour
/// and weight only where there is text (an erased blank and a blank written in grey look
/// the same).
fn visible_cells(styled: &str, w: u16, h: u16) -> Vec<String> {
    let mut vt = vt100::Parser::new(h, w, 0);
    vt.process(styled.replace('\n', "\r\n").as_bytes());
    let screen = vt.screen();
    let mut out = Vec::new();
    for r in 0..h {
        for c in 0..w {
            let cell = screen.cell(r, c).unwrap();
            let text = cell.contents();
            let blank = text.trim().is_empty();
            out.push(format!(
                "{r},{c} {text:?} bg={:?} r={} u={} fg={:?} b={} i={}",
                cell.bgcolor(),
                cell.inverse(),
                cell.underline(),
                if blank { None } else { Some(cell.fgcolor()) },
                !blank && cell.bold(),
                !blank && cell.italic(),
            ));
        }
    }
    out
}

/// Statuses of open posts depend on today: judge them on a fixed date.
fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}

/// `y` inside tmux lands in tmux's paste buffer whatever `set-clipboard` says: with `on`
/// tmux takes the OSC 52 itself; with `external` (tmux's default, which ignores OSC 52 from
/// programs) and `off` the text goes in with `tmux load-buffer`, and the status line says
/// whether it reached the terminal's clipboard too.
#[test]
fn y_inside_tmux_fills_tmuxs_buffer_for_each_set_clipboard() {
    if !Tmux::available() {
        return;
    }
    for (option, says) in [
        ("on", "copied Steve Abbott (steve-abbott)"),
        ("external", "(through tmux)"),
        ("off", "tmux's paste buffer only"),
    ] {
        let t = Tmux::start(&format!("clip-{option}"), 100, 30, &program());
        t.cmd()
            .args(["set-option", "-s", "set-clipboard", option])
            .status()
            .unwrap();
        t.wait_for("People (");
        t.send(&["y"]);
        let s = t.wait_for("copied");
        assert!(s.contains(says), "set-clipboard {option}: {s}");
        let deadline = Instant::now() + Duration::from_secs(5);
        let buffer = loop {
            let out = t.cmd().args(["show-buffer"]).output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            if text.contains("Steve Abbott") || Instant::now() > deadline {
                break text;
            }
            sleep(Duration::from_millis(50));
        };
        assert_eq!(
            buffer, "Steve Abbott (steve-abbott)",
            "set-clipboard {option}"
        );
        t.send(&["q"]);
        t.wait_for("EXITED:0");
    }
}
