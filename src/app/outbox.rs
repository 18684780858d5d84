//! What the app asks of the frontend that runs it, and what it says back: `update` does no
//! I/O, so copying to the clipboard, writing an export and opening an editor are requests
//! ([`Effect`]) the frontend (the local terminal, or a served session) carries out and then
//! reports on in the status line. [`Frontend`] says what the frontend can do, so the app
//! offers only that.

use super::keymap::Binding;
use super::{Action, App};
use crate::dataset::RecordRef;
use std::path::PathBuf;

/// What the frontend running this app can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frontend {
    /// A session served over ssh (`serve`): exports are offered as copies (the files would
    /// land on the server) and `E` (an editor on the server) is not offered.
    pub served: bool,
    /// Mouse reports are on: clicks and the wheel reach the app.
    pub mouse: bool,
    /// Source addresses are written as OSC 8 hyperlinks.
    pub hyperlinks: bool,
}

impl Default for Frontend {
    fn default() -> Self {
        Frontend {
            served: false,
            mouse: true,
            hyperlinks: true,
        }
    }
}

/// A request to the frontend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put `text` on the clipboard (OSC 52, and tmux's buffer where it allows); `what` says
    /// what it is, for the status line.
    Copy { text: String, what: String },
    /// Write `contents` to `path` (relative to the working directory); only over an existing
    /// file if `overwrite`. The frontend answers with `App::export_done`.
    Export {
        path: PathBuf,
        contents: String,
        rows: usize,
        overwrite: bool,
    },
    /// Open the editor at the file and line that define `record`, handing it the terminal.
    Edit { record: RecordRef },
}

/// A message in the status line, shown until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    /// Something went wrong: the text says what, and it is drawn in the key colour.
    pub error: bool,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            error: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            error: true,
        }
    }
}

impl App {
    /// Whether the key for `action` does anything in this session (help and hints leave out
    /// what is not offered).
    pub fn offers(&self, action: Action) -> bool {
        match action {
            Action::Edit => self.can_edit(),
            _ => true,
        }
    }

    /// A binding's description for help, as this session offers it.
    pub fn describe(&self, b: &Binding) -> &'static str {
        match b.action {
            Action::Export if self.frontend.served => "copy as a table…",
            Action::Accept if self.frontend.served && b.scope == super::keymap::Scope::Export => {
                "copy it"
            }
            _ => b.description,
        }
    }
}
