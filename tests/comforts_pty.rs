//! The comforts where the terminal matters, through the real binary in a real pseudo-terminal:
//! the clipboard (OSC 52) and hyperlink (OSC 8) sequences on the wire, and their absence on
//! the Linux console and with the option off; mouse reports moving the selection (and
//! ignored with --no-mouse); an export landing in the working directory; E handing the
//! terminal to $EDITOR at the record's line and taking it back.

mod support;

use base64::Engine;
use std::path::Path;
use std::time::Duration;
use support::pty::Pty;

const BIN: &str = env!("CARGO_BIN_EXE_nhs-leaders");
const QUIET: Duration = Duration::from_millis(400);
const LONG: Duration = Duration::from_secs(20);

fn start_in(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Pty {
    let mut t = Pty::spawn_in(dir, BIN, args, 100, 30, env);
    assert!(
        t.wait_for("People", LONG),
        "nothing drawn: {}",
        t.all_text()
    );
    let _ = t.settle(QUIET, LONG);
    t
}

fn start(args: &[&str], env: &[(&str, &str)]) -> Pty {
    start_in(None, args, env)
}

/// Sends keys and returns what the dashboard wrote in answer.
fn keys(t: &mut Pty, bytes: &[u8]) -> Vec<u8> {
    t.send(bytes);
    t.settle(QUIET, LONG)
}

/// The screen after everything written so far, as a terminal emulator shows it.
fn screen(t: &Pty) -> String {
    let mut vt = vt100::Parser::new(30, 100, 0);
    vt.process(t.all_text().as_bytes());
    vt.screen().contents()
}

fn quit(t: &mut Pty) {
    t.send(b"q");
    assert_eq!(t.wait_exit(LONG), Some(0), "{}", t.all_text());
    let out = t.all_text();
    if out.contains("\x1b[?1000h") {
        assert!(
            out.rfind("\x1b[?1000l") > out.rfind("\x1b[?1000h"),
            "mouse reports left on"
        );
    }
}

/// The text of every OSC 52 sequence in `bytes`.
fn clipboard(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b]52;c;")
        .skip(1)
        .map(|rest| {
            let b64 = &rest[..rest.find('\x1b').unwrap()];
            let raw = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            String::from_utf8(raw).unwrap()
        })
        .collect()
}

/// Keys that open the first person's last source in its pop-up: into the detail, to its last
/// link (a source), Enter.
const OPEN_A_SOURCE: &[u8] = b"lG\r";

fn has_hyperlink(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.contains("\x1b]8;id=nl1;http") && text.contains("\x1b]8;;\x1b\\")
}

#[test]
fn y_puts_the_selection_on_the_clipboard_through_osc52() {
    let mut t = start(&[], &[]);
    let wrote = keys(&mut t, b"y");
    assert_eq!(clipboard(&wrote), ["Steve Abbott (steve-abbott)"]);
    assert!(screen(&t).contains("copied Steve Abbott (steve-abbott)"));
    let wrote = keys(&mut t, OPEN_A_SOURCE);
    assert!(
        has_hyperlink(&wrote),
        "{:?}",
        String::from_utf8_lossy(&wrote)
    );
    let wrote = keys(&mut t, b"Y");
    let url = clipboard(&wrote).pop().expect("an address copied");
    assert!(url.starts_with("http"), "{url}");
    // The address on screen is the link's target.
    assert!(
        t.all_text().contains(&format!(";{url}\x1b\\")),
        "link to {url}"
    );
    keys(&mut t, b"\x1b");
    quit(&mut t);
}

#[test]
fn the_linux_console_gets_neither_clipboard_nor_hyperlinks() {
    let mut t = start(&[], &[("TERM", "linux")]);
    let wrote = keys(&mut t, b"y");
    assert!(clipboard(&wrote).is_empty());
    assert!(screen(&t).contains("no clipboard"), "{}", screen(&t));
    let wrote = keys(&mut t, OPEN_A_SOURCE);
    assert!(screen(&t).contains("Address"), "{}", screen(&t));
    assert!(!String::from_utf8_lossy(&wrote).contains("\x1b]8;"));
    keys(&mut t, b"\x1b");
    quit(&mut t);
    assert!(!t.all_text().contains("\x1b]8;"));
}

#[test]
fn hyperlinks_off_by_option_or_settings_file() {
    let mut t = start(&["--no-hyperlinks"], &[]);
    let wrote = keys(&mut t, OPEN_A_SOURCE);
    assert!(screen(&t).contains("Address"));
    assert!(!String::from_utf8_lossy(&wrote).contains("\x1b]8;"));
    keys(&mut t, b"\x1b");
    quit(&mut t);

    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nhs-leaders");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(conf.join("config.toml"), "hyperlinks = false\n").unwrap();
    let home = dir.path().to_string_lossy().into_owned();
    let mut t = start(&[], &[("XDG_CONFIG_HOME", &home)]);
    let wrote = keys(&mut t, OPEN_A_SOURCE);
    assert!(screen(&t).contains("Address"));
    assert!(!String::from_utf8_lossy(&wrote).contains("\x1b]8;"));
    keys(&mut t, b"\x1b");
    quit(&mut t);
}

/// An SGR mouse report: button `b` at 1-based (`col`, `row`).
fn mouse(b: u8, col: u16, row: u16) -> Vec<u8> {
    format!("\x1b[<{b};{col};{row}M\x1b[<{b};{col};{row}m").into_bytes()
}

fn crumb(t: &Pty) -> String {
    screen(t).lines().nth(1).unwrap_or("").trim().to_owned()
}

#[test]
fn mouse_reports_move_the_selection() {
    let mut t = start(&[], &[]);
    assert!(
        t.all_text().contains("\x1b[?1000h\x1b[?1006h"),
        "mouse reports on"
    );
    assert_eq!(crumb(&t), "People: Steve Abbott");
    // The fifth person's row: screen row 8 (title, breadcrumb, border, then four rows).
    keys(&mut t, &mouse(0, 6, 8));
    assert_eq!(crumb(&t), "People: Paul Altmann");
    // Three notches down scroll nine rows; the selection, left above, comes to the top.
    for _ in 0..3 {
        keys(&mut t, &mouse(65, 6, 12));
    }
    let after_wheel = crumb(&t);
    assert_ne!(after_wheel, "People: Paul Altmann");
    // A click on a tab switches pane.
    let title = screen(&t).lines().next().unwrap().to_owned();
    let col = title.find("2 Orgs").unwrap() as u16 + 2;
    keys(&mut t, &mouse(0, col, 1));
    assert!(crumb(&t).starts_with("Organisations:"), "{}", crumb(&t));
    quit(&mut t);
}

#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let mut t = start(&["--no-mouse"], &[]);
    assert!(!t.all_text().contains("\x1b[?1000h"));
    keys(&mut t, &mouse(0, 6, 8));
    assert_eq!(crumb(&t), "People: Steve Abbott");
    quit(&mut t);
}

#[test]
fn e_writes_the_export_in_the_working_directory_and_never_overwrites_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start_in(Some(dir.path()), &[], &[]);
    keys(&mut t, b"/zafar chaudry\r");
    keys(&mut t, b"e");
    assert!(
        screen(&t).contains("File: people-zafar-chaudry.csv"),
        "{}",
        screen(&t)
    );
    keys(&mut t, b"\r");
    let file = dir.path().join("people-zafar-chaudry.csv");
    let want = "name,id,latest_post,organisation,organisation_id,tenure\r\n\
                Zafar Chaudry,zafar-chaudry,senior vice president and chief digital and \
                information officer,Seattle Children's,seattle-childrens,~2017 – now\r\n";
    assert_eq!(std::fs::read_to_string(&file).unwrap(), want);
    let full = file.canonicalize().unwrap();
    assert!(
        screen(&t).contains(&format!("exported 1 row to {}", full.display())),
        "{}",
        screen(&t)
    );
    // Again, as Markdown over the same name: asked first, and n keeps the file.
    std::fs::write(&file, "mine\n").unwrap();
    keys(&mut t, b"e\r");
    assert!(
        screen(&t).contains("exists: overwrite it? y/n"),
        "{}",
        screen(&t)
    );
    keys(&mut t, b"n\x1b");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
    quit(&mut t);
}

#[test]
fn capital_e_opens_the_editor_at_the_record_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("tiny.toml");
    std::fs::write(
        &data,
        "[[source]]\nid = \"s1\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2020\"\n\n\
         [[organisation]]\nid = \"o\"\nname = \"Org\"\nkind = \"trust\"\nregion = \"London\"\n\n\
         [[person]]\nid = \"p\"\nname = \"Pat\"\n\n\
         [[role]]\nperson = \"p\"\norganisation = \"o\"\ntitle = \"CIO\"\nstart = \"2019\"\n\
         sources = [\"s1\"]\n",
    )
    .unwrap();
    let args_file = dir.path().join("args");
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            args_file.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data_arg = data.to_string_lossy().into_owned();
    let editor_env = editor.to_string_lossy().into_owned();
    let mut t = Pty::spawn(
        BIN,
        &["--data", &data_arg],
        100,
        30,
        &[("EDITOR", &editor_env)],
    );
    assert!(t.wait_for("Pat", LONG));
    let _ = t.settle(QUIET, LONG);
    let back = keys(&mut t, b"E");
    let args = std::fs::read_to_string(&args_file).expect("the editor ran");
    assert_eq!(args, format!("+13\n{data_arg}\n"));
    // The terminal was handed over (main screen, mouse off) and taken back.
    let back = String::from_utf8_lossy(&back);
    assert!(
        back.contains("\x1b[?1049l") && back.contains("\x1b[?1049h"),
        "{back:?}"
    );
    assert!(
        screen(&t).contains(&format!("edited {data_arg}:13")),
        "{}",
        screen(&t)
    );
    quit(&mut t);
}
