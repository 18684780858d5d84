//! Every key binding, with its description, in one table: the hint bar and the `?` overlay
//! are generated from it, so what they say is what the keys do.

use super::cursor::Move;
use super::{Action, Pane};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Browsing any pane.
    Browse,
    /// Browsing the chronology only.
    Chronology,
    /// Browsing a pane that has a filter picker (organisations, chronology).
    Filterable,
    /// The Programmes pane.
    Programmes,
    /// A panel (succession, changes, sources, cohorts) is open.
    Panel,
    /// Typing into a search box (pane filter or global search).
    Input,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Browse => "Browsing",
            Scope::Chronology => "Chronology",
            Scope::Filterable => "Organisations, chronology, moves",
            Scope::Programmes => "Programmes",
            Scope::Panel => "In a panel",
            Scope::Input => "Typing a search or a date",
        }
    }
}

/// A key as the table writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub description: &'static str,
    /// Shown in the bottom hint bar (the rest only in `?`).
    pub hint: bool,
}

macro_rules! bind {
    ($scope:ident, [$($key:expr),+], $action:expr, $desc:literal, $hint:literal) => {
        Binding {
            scope: Scope::$scope,
            keys: &[$($key),+],
            action: $action,
            description: $desc,
            hint: $hint,
        }
    };
}

pub const BINDINGS: &[Binding] = &[
    bind!(
        Panel,
        [code(KeyCode::Down), k('j')],
        Action::Move(Move::Down),
        "next row",
        true
    ),
    bind!(
        Panel,
        [code(KeyCode::Up), k('k')],
        Action::Move(Move::Up),
        "previous row",
        true
    ),
    bind!(
        Panel,
        [k('g'), code(KeyCode::Home)],
        Action::Move(Move::Top),
        "first row",
        false
    ),
    bind!(
        Panel,
        [k('G'), code(KeyCode::End)],
        Action::Move(Move::Bottom),
        "last row",
        false
    ),
    bind!(
        Panel,
        [code(KeyCode::PageDown)],
        Action::Move(Move::PageDown),
        "page down",
        false
    ),
    bind!(
        Panel,
        [code(KeyCode::PageUp)],
        Action::Move(Move::PageUp),
        "page up",
        false
    ),
    bind!(
        Panel,
        [code(KeyCode::Enter)],
        Action::Activate,
        "follow the row",
        true
    ),
    bind!(Panel, [k('s')], Action::Sources, "the row's sources", true),
    bind!(
        Panel,
        [k('S')],
        Action::Succession,
        "the post's succession",
        false
    ),
    bind!(
        Panel,
        [code(KeyCode::Esc), k('q'), code(KeyCode::Backspace)],
        Action::Back,
        "close",
        true
    ),
    bind!(Panel, [ctrl('c')], Action::Quit, "quit", false),
    bind!(Browse, [k('q'), ctrl('c')], Action::Quit, "quit", true),
    bind!(Browse, [k('?')], Action::Help, "help", true),
    bind!(
        Browse,
        [code(KeyCode::Tab)],
        Action::NextPane,
        "next pane",
        false
    ),
    bind!(
        Browse,
        [code(KeyCode::BackTab)],
        Action::PrevPane,
        "previous pane",
        false
    ),
    bind!(
        Browse,
        [k('1')],
        Action::GoPane(Pane::People),
        "people",
        false
    ),
    bind!(
        Browse,
        [k('2')],
        Action::GoPane(Pane::Organisations),
        "organisations",
        false
    ),
    bind!(
        Browse,
        [k('3')],
        Action::GoPane(Pane::Programmes),
        "programmes",
        false
    ),
    bind!(
        Browse,
        [k('4')],
        Action::GoPane(Pane::Chronology),
        "chronology",
        false
    ),
    bind!(
        Browse,
        [k('5')],
        Action::GoPane(Pane::Moves),
        "career moves",
        false
    ),
    bind!(
        Browse,
        [k('j'), code(KeyCode::Down)],
        Action::Move(Move::Down),
        "down",
        false
    ),
    bind!(
        Browse,
        [k('k'), code(KeyCode::Up)],
        Action::Move(Move::Up),
        "up",
        false
    ),
    bind!(
        Browse,
        [k('g'), code(KeyCode::Home)],
        Action::Move(Move::Top),
        "first",
        false
    ),
    bind!(
        Browse,
        [k('G'), code(KeyCode::End)],
        Action::Move(Move::Bottom),
        "last",
        false
    ),
    bind!(
        Browse,
        [code(KeyCode::PageDown)],
        Action::Move(Move::PageDown),
        "page down",
        false
    ),
    bind!(
        Browse,
        [code(KeyCode::PageUp)],
        Action::Move(Move::PageUp),
        "page up",
        false
    ),
    bind!(
        Browse,
        [ctrl('d')],
        Action::Move(Move::HalfPageDown),
        "half page down",
        false
    ),
    bind!(
        Browse,
        [ctrl('u')],
        Action::Move(Move::HalfPageUp),
        "half page up",
        false
    ),
    bind!(
        Browse,
        [code(KeyCode::Enter)],
        Action::Activate,
        "open / follow link",
        true
    ),
    bind!(
        Browse,
        [k('l'), code(KeyCode::Right)],
        Action::FocusDetail,
        "into detail",
        false
    ),
    bind!(
        Browse,
        [k('h'), code(KeyCode::Left)],
        Action::FocusList,
        "back to list",
        false
    ),
    bind!(
        Browse,
        [code(KeyCode::Esc), code(KeyCode::Backspace)],
        Action::Back,
        "back",
        true
    ),
    bind!(Browse, [k('/')], Action::StartFilter, "filter", true),
    bind!(
        Browse,
        [k(':'), ctrl('p')],
        Action::StartGlobalSearch,
        "search all",
        true
    ),
    bind!(Browse, [ctrl('z')], Action::Suspend, "suspend", false),
    bind!(Browse, [k('t')], Action::AsOf, "as of a date…", true),
    bind!(Browse, [k('T')], Action::Today, "back to today", false),
    bind!(
        Browse,
        [k('<')],
        Action::StepMonths(-1),
        "a month earlier",
        false
    ),
    bind!(
        Browse,
        [k('>')],
        Action::StepMonths(1),
        "a month later",
        false
    ),
    bind!(
        Browse,
        [k('{')],
        Action::StepMonths(-12),
        "a year earlier",
        false
    ),
    bind!(
        Browse,
        [k('}')],
        Action::StepMonths(12),
        "a year later",
        false
    ),
    bind!(Browse, [k('c')], Action::Changes, "what changed…", false),
    bind!(
        Browse,
        [k('s')],
        Action::Sources,
        "sources of this line",
        false
    ),
    bind!(
        Browse,
        [k('S')],
        Action::Succession,
        "succession of this post",
        false
    ),
    bind!(Programmes, [k('x')], Action::Cohorts, "cohort grid", true),
    bind!(
        Filterable,
        [k('f')],
        Action::OpenPicker,
        "filter by kind, sector…",
        true
    ),
    bind!(
        Filterable,
        [k('F')],
        Action::ClearPicker,
        "clear the filters",
        false
    ),
    bind!(
        Chronology,
        [k('[')],
        Action::Year(-1),
        "previous year",
        true
    ),
    bind!(Chronology, [k(']')], Action::Year(1), "next year", true),
    bind!(
        Input,
        [code(KeyCode::Enter)],
        Action::Accept,
        "keep / jump",
        true
    ),
    bind!(
        Input,
        [code(KeyCode::Esc)],
        Action::Cancel,
        "clear and close",
        true
    ),
    bind!(
        Input,
        [code(KeyCode::Down), ctrl('n')],
        Action::Move(Move::Down),
        "next result",
        true
    ),
    bind!(
        Input,
        [code(KeyCode::Up), ctrl('p')],
        Action::Move(Move::Up),
        "previous result",
        false
    ),
    bind!(
        Input,
        [code(KeyCode::Backspace)],
        Action::DeleteChar,
        "delete a character",
        false
    ),
    bind!(
        Input,
        [ctrl('w')],
        Action::DeleteWord,
        "delete a word",
        false
    ),
    bind!(
        Input,
        [ctrl('u')],
        Action::ClearInput,
        "clear the query",
        false
    ),
    bind!(Input, [ctrl('c')], Action::Quit, "quit", false),
];

impl Key {
    /// How the key is written in help: `q`, `C-c`, `↓`, `PgDn`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Bksp".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("C-{base}") } else { base }
    }
}

impl Binding {
    /// Every key of the binding, for help: `j ↓`.
    pub fn label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The first key only, for the hint bar.
    pub fn short_label(&self) -> String {
        self.keys.first().map(Key::label).unwrap_or_default()
    }
}

fn matches(key: &Key, event: &KeyEvent) -> bool {
    let has_ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    if key.ctrl != has_ctrl {
        return false;
    }
    match (key.code, event.code) {
        // Terminals report shifted letters with or without SHIFT; compare the characters.
        (KeyCode::Char(a), KeyCode::Char(b)) => a == b || (key.ctrl && a.eq_ignore_ascii_case(&b)),
        (a, b) => a == b,
    }
}

/// The action a key performs in `scopes`, first match wins.
pub fn lookup(event: &KeyEvent, scopes: &[Scope]) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| scopes.contains(&b.scope))
        .find(|b| b.keys.iter().any(|key| matches(key, event)))
        .map(|b| b.action)
}

/// The bindings shown in the hint bar for `scopes`, in table order.
pub fn hints(scopes: &[Scope]) -> impl Iterator<Item = &'static Binding> + '_ {
    BINDINGS
        .iter()
        .filter(move |b| b.hint && scopes.contains(&b.scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn every_key_is_bound_once_per_scope() {
        for a in BINDINGS {
            for b in BINDINGS {
                if std::ptr::eq(a, b) || a.scope != b.scope {
                    continue;
                }
                for ka in a.keys {
                    assert!(
                        !b.keys.contains(ka),
                        "{ka:?} bound twice in {:?}: {} / {}",
                        a.scope,
                        a.description,
                        b.description
                    );
                }
            }
        }
    }

    #[test]
    fn looks_up_plain_shifted_and_control_keys() {
        let browse = [Scope::Browse];
        assert_eq!(
            lookup(&key(KeyCode::Char('q'), KeyModifiers::NONE), &browse),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(&key(KeyCode::Char('c'), KeyModifiers::CONTROL), &browse),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(&key(KeyCode::Char('G'), KeyModifiers::SHIFT), &browse),
            Some(Action::Move(Move::Bottom))
        );
        assert_eq!(
            lookup(&key(KeyCode::Char('x'), KeyModifiers::NONE), &browse),
            None
        );
        assert_eq!(
            lookup(&key(KeyCode::Char('['), KeyModifiers::NONE), &browse),
            None
        );
        assert_eq!(
            lookup(
                &key(KeyCode::Char('['), KeyModifiers::NONE),
                &[Scope::Chronology]
            ),
            Some(Action::Year(-1))
        );
    }
}
