//! Carrying out what the app asks of the local terminal: copying (OSC 52, or tmux's buffer),
//! writing an export, and opening an editor. Each reports back in the status line.

use crate::app::App;
use crate::app::export::ExportError;
use crate::app::outbox::{Effect, Status};
use crate::dataset::RecordRef;
use crate::wire::osc::{self, Passthrough};
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What the terminal's environment says about reaching the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clipboard {
    /// The terminal itself: OSC 52 (through screen's passthrough inside GNU screen).
    Terminal(Passthrough),
    /// Inside tmux, whose `set-clipboard` option decides: `on` takes our OSC 52 into its
    /// buffer and passes it on; `external` ignores it, so the text goes in with
    /// `tmux load-buffer -w` (which passes it on); `off` keeps it in tmux's buffer only.
    Tmux(String),
    /// A terminal with no clipboard to set (the Linux console, a dumb terminal).
    None,
}

impl Clipboard {
    /// Judged from `TERM`, `TMUX` and `STY`, asking tmux for its option when inside it.
    pub fn detect() -> Clipboard {
        let term = std::env::var("TERM").ok();
        if std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()) {
            let option = Command::new("tmux")
                .args(["show-options", "-gv", "set-clipboard"])
                .stderr(Stdio::null())
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
            return match option {
                Some(o) => Clipboard::Tmux(o),
                None => Clipboard::Terminal(Passthrough::Tmux),
            };
        }
        if !osc::hyperlinks_understood(term.as_deref()) {
            return Clipboard::None;
        }
        if std::env::var_os("STY").is_some_and(|v| !v.is_empty()) {
            return Clipboard::Terminal(Passthrough::Screen);
        }
        Clipboard::Terminal(Passthrough::None)
    }
}

/// Carries out every request the app made, reporting in its status line. `hand_over` is
/// called around anything that needs the terminal for itself (an editor): false to give it
/// up, true to take it back.
pub fn carry_out(
    app: &mut App,
    out: &mut dyn Write,
    hand_over: &mut dyn FnMut(bool) -> io::Result<()>,
) -> io::Result<()> {
    for effect in app.take_effects() {
        match effect {
            Effect::Copy { text, what } => copy(app, out, &text, &what)?,
            Effect::Export {
                path,
                contents,
                rows,
                overwrite,
            } => {
                let result = write_export(&path, &contents, overwrite);
                app.export_done(path, rows, result);
            }
            Effect::Edit { record } => {
                hand_over(false)?;
                let result = edit(app, record);
                hand_over(true)?;
                app.notify(result);
            }
        }
    }
    Ok(())
}

fn copy(app: &mut App, out: &mut dyn Write, text: &str, what: &str) -> io::Result<()> {
    match Clipboard::detect() {
        Clipboard::None => app.notify(Status::error(
            "this terminal has no clipboard to copy to (select the text with the mouse instead)",
        )),
        Clipboard::Terminal(via) => {
            out.write_all(&osc::osc52(text, via))?;
            out.flush()?;
        }
        Clipboard::Tmux(option) => match option.as_str() {
            "on" => {
                out.write_all(&osc::osc52(text, Passthrough::None))?;
                out.flush()?;
            }
            other => {
                let to_terminal = other == "external";
                let mut args = vec!["load-buffer"];
                if to_terminal {
                    args.push("-w");
                }
                args.push("-");
                let loaded = tmux_load(&args, text)
                    || (to_terminal && tmux_load(&["load-buffer", "-"], text));
                app.notify(if !loaded {
                    Status::error("tmux would not take the text (tmux load-buffer failed)")
                } else if to_terminal {
                    Status::info(format!("copied {what} (through tmux)"))
                } else {
                    Status::info(format!(
                        "copied {what} to tmux's paste buffer only: tmux's set-clipboard is off"
                    ))
                });
            }
        },
    }
    Ok(())
}

/// Runs `tmux ARGS` with `text` on its standard input; whether it worked.
fn tmux_load(args: &[&str], text: &str) -> bool {
    let child = Command::new("tmux")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    let wrote = child
        .stdin
        .take()
        .is_some_and(|mut stdin| stdin.write_all(text.as_bytes()).is_ok());
    child.wait().is_ok_and(|s| s.success()) && wrote
}

/// Writes an export; never over an existing file unless asked to.
pub fn write_export(path: &Path, contents: &str, overwrite: bool) -> Result<PathBuf, ExportError> {
    let mut options = OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => ExportError::Exists,
        io::ErrorKind::PermissionDenied => ExportError::Failed("permission denied".into()),
        io::ErrorKind::NotFound => ExportError::Failed("no such folder".into()),
        _ => ExportError::Failed(e.to_string()),
    })?;
    file.write_all(contents.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| ExportError::Failed(e.to_string()))?;
    Ok(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
}

/// The editor to run: `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// The arguments that open `file` at `line` in `editor` (most take `+LINE FILE`).
pub fn editor_args(editor: &str, file: &Path, line: usize) -> Vec<String> {
    let program = editor
        .split_whitespace()
        .next()
        .and_then(|p| Path::new(p).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let at = format!("{}:{line}", file.display());
    match program.as_str() {
        "code" | "code-insiders" | "codium" => vec!["--wait".into(), "--goto".into(), at],
        "subl" | "sublime_text" => vec!["--wait".into(), at],
        "hx" | "helix" | "zed" => vec![at],
        _ => vec![format!("+{line}"), file.display().to_string()],
    }
}

/// Opens the record in the editor and waits for it; what to say afterwards.
fn edit(app: &App, record: RecordRef) -> Status {
    let Some(place) = app.ds.origins.place(record) else {
        return Status::error(format!(
            "cannot find where the {} is written: its file can no longer be read",
            record.kind_name()
        ));
    };
    let Some(file) = place.real.clone() else {
        return Status::info("the bundled data is built into the program: open a copy with --data");
    };
    let editor = editor();
    let args = editor_args(&editor, &file, place.line);
    // Through the shell, so that an editor given with options ("emacs -nw") works.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg("nhs-leaders-editor")
        .args(&args)
        .status();
    match status {
        Ok(s) if s.success() => Status::info(format!(
            "edited {place}; the dashboard shows the data as it was loaded (restart to see the change)"
        )),
        Ok(s) => Status::error(format!("{editor} ended with {s} ({place})")),
        Err(e) => Status::error(format!("cannot run {editor}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_are_told_the_line_their_way() {
        let f = Path::new("data/people.toml");
        assert_eq!(editor_args("vim", f, 12), ["+12", "data/people.toml"]);
        assert_eq!(
            editor_args("/usr/bin/nano", f, 3),
            ["+3", "data/people.toml"]
        );
        assert_eq!(
            editor_args("code -n", f, 7),
            ["--wait", "--goto", "data/people.toml:7"]
        );
        assert_eq!(editor_args("hx", f, 7), ["data/people.toml:7"]);
    }

    #[test]
    fn exports_never_overwrite_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        assert!(write_export(&path, "a\n", false).is_ok());
        assert_eq!(write_export(&path, "b\n", false), Err(ExportError::Exists));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\n");
        assert!(write_export(&path, "b\n", true).is_ok());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b\n");
        let missing = dir.path().join("no/such/x.csv");
        assert!(matches!(
            write_export(&missing, "", false),
            Err(ExportError::Failed(_))
        ));
    }
}
