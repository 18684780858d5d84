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
    /// The Stats pane's chart, when it has the keyboard.
    StatsChart,
    /// A panel (succession, changes, sources, cohorts) is open.
    Panel,
    /// Typing into a search box (pane filter or global search).
    Input,
    /// Typing a file name at the export prompt.
    Export,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Browse => "Browsing",
            Scope::Chronology => "Chronology",
            Scope::Filterable => "Orgs, chronology, moves, stats",
            Scope::Programmes => "Programmes",
            Scope::StatsChart => "Stats chart",
            Scope::Panel => "In a panel",
            Scope::Input => "Typing a search or a date",
            Scope::Export => "Exporting",
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

#[derive(Debug)]
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
    bind!(Panel, [k('y')], Action::Copy, "copy the row", false),
    bind!(
        Panel,
        [k('Y')],
        Action::CopyUrl,
        "copy the row's address",
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
        [k('6')],
        Action::GoPane(Pane::Stats),
        "statistics",
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
    bind!(Browse, [k('y')], Action::Copy, "copy", false),
    bind!(Browse, [k('Y')], Action::CopyUrl, "copy the address", false),
    bind!(Browse, [k('e')], Action::Export, "export…", false),
    bind!(Browse, [k('E')], Action::Edit, "edit the record", false),
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
        StatsChart,
        [code(KeyCode::Left), k('h')],
        Action::Bar(Move::Up),
        "previous bar",
        true
    ),
    bind!(
        StatsChart,
        [code(KeyCode::Right), k('l')],
        Action::Bar(Move::Down),
        "next bar",
        true
    ),
    bind!(
        StatsChart,
        [code(KeyCode::Home), k('g')],
        Action::Bar(Move::Top),
        "first bar",
        false
    ),
    bind!(
        StatsChart,
        [code(KeyCode::End), k('G')],
        Action::Bar(Move::Bottom),
        "last bar",
        false
    ),
    bind!(
        StatsChart,
        [code(KeyCode::Enter)],
        Action::Activate,
        "the bar's records",
        true
    ),
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
    bind!(
        Export,
        [code(KeyCode::Tab)],
        Action::NextFormat,
        "next format",
        true
    ),
    bind!(
        Export,
        [code(KeyCode::Enter)],
        Action::Accept,
        "write the file",
        true
    ),
    bind!(Export, [code(KeyCode::Esc)], Action::Cancel, "cancel", true),
];

/// Scopes that are in force together: a key may not do two things within one of these.
/// (The Stats chart's keys shadow browsing ones on purpose: only clashes within it count.)
const TOGETHER: [&[Scope]; 8] = [
    &[Scope::Browse],
    &[Scope::StatsChart],
    &[Scope::Browse, Scope::Filterable],
    &[Scope::Browse, Scope::Filterable, Scope::Chronology],
    &[Scope::Browse, Scope::Programmes],
    &[Scope::Panel],
    &[Scope::Input],
    &[Scope::Export, Scope::Input],
];

/// Named keys as the help writes them (and the settings file may), with other spellings.
const NAMED: &[(&str, KeyCode)] = &[
    ("Tab", KeyCode::Tab),
    ("S-Tab", KeyCode::BackTab),
    ("↓", KeyCode::Down),
    ("Down", KeyCode::Down),
    ("↑", KeyCode::Up),
    ("Up", KeyCode::Up),
    ("←", KeyCode::Left),
    ("Left", KeyCode::Left),
    ("→", KeyCode::Right),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PgDn", KeyCode::PageDown),
    ("PageDown", KeyCode::PageDown),
    ("PgUp", KeyCode::PageUp),
    ("PageUp", KeyCode::PageUp),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Bksp", KeyCode::Backspace),
    ("Backspace", KeyCode::Backspace),
    ("Space", KeyCode::Char(' ')),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
];

/// Reads a key as the help writes it: `y`, `C-x`, `Enter`, `PgDn`, `S-Tab`, `F5`, `Space`.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let (ctrl, rest) = match text.strip_prefix("C-") {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, text),
    };
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => KeyCode::Char(c),
        _ => match NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
            Some((_, code)) => *code,
            None => match rest
                .strip_prefix(['F', 'f'])
                .and_then(|n| n.parse::<u8>().ok())
            {
                Some(n @ 1..=12) => KeyCode::F(n),
                _ => {
                    return Err(format!(
                        "'{text}' is not a key: write a character (y), C- and a character (C-y), \
                         F1 to F12, or one of {}",
                        NAMED
                            .iter()
                            .filter(|(n, _)| n.is_ascii())
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            },
        },
    };
    if ctrl && !matches!(code, KeyCode::Char(c) if c.is_ascii_alphabetic()) {
        return Err(format!("'{text}': C- goes with a letter only (C-a to C-z)"));
    }
    let code = match code {
        KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
        c => c,
    };
    Ok(Key { code, ctrl })
}

/// The key table in force: each binding of `BINDINGS` with its keys, which the settings file
/// may have changed. Help and the hint bar read it, so they show the keys that work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            keys: BINDINGS.iter().map(|b| b.keys.to_vec()).collect(),
        }
    }
}

/// A key that two bindings in force together both claim.
#[derive(Debug, Clone)]
pub struct Clash {
    pub key: Key,
    pub first: &'static Binding,
    pub second: &'static Binding,
}

impl Keymap {
    /// Every binding with the keys it has now, in table order.
    pub fn bindings(&self) -> impl Iterator<Item = (&'static Binding, &[Key])> + '_ {
        BINDINGS.iter().zip(self.keys.iter().map(Vec::as_slice))
    }

    /// The action a key performs in `scopes`, which are in order of precedence: the first
    /// scope that binds the key wins (the Stats chart's arrows shadow the browsing ones).
    pub fn lookup(&self, event: &KeyEvent, scopes: &[Scope]) -> Option<Action> {
        scopes.iter().find_map(|scope| {
            self.bindings()
                .filter(|(b, _)| b.scope == *scope)
                .find(|(_, keys)| keys.iter().any(|key| matches(key, event)))
                .map(|(b, _)| b.action)
        })
    }

    /// The bindings shown in the hint bar for `scopes`: scope by scope in order of
    /// precedence, each in table order, leaving out those with no key and those whose key an
    /// earlier scope takes.
    pub fn hints<'a>(
        &'a self,
        scopes: &'a [Scope],
    ) -> impl Iterator<Item = (&'static Binding, &'a [Key])> + 'a {
        scopes.iter().enumerate().flat_map(move |(n, scope)| {
            self.bindings().filter(move |(b, keys)| {
                let shadowed = keys.first().is_some_and(|key| {
                    self.bindings()
                        .any(|(o, ok)| scopes[..n].contains(&o.scope) && ok.contains(key))
                });
                b.hint && b.scope == *scope && !keys.is_empty() && !shadowed
            })
        })
    }

    /// Gives every binding called `name` (outside typing, whose keys are fixed) these keys.
    /// `Err` says why not: no such name, or a name only typing has.
    pub fn rebind(&mut self, name: &str, keys: &[Key]) -> Result<(), String> {
        let mut found = false;
        for (i, b) in BINDINGS.iter().enumerate() {
            if b.name() == name && !matches!(b.scope, Scope::Input | Scope::Export) {
                self.keys[i] = keys.to_vec();
                found = true;
            }
        }
        if found {
            return Ok(());
        }
        if BINDINGS.iter().any(|b| b.name() == name) {
            return Err(format!(
                "'{name}' is a key for typing in a search box, which cannot be changed"
            ));
        }
        Err(format!("no action is called '{name}'"))
    }

    /// Keys bound to two things at once, each pair reported once.
    pub fn clashes(&self) -> Vec<Clash> {
        let mut out = Vec::new();
        let all: Vec<(&'static Binding, &[Key])> = self.bindings().collect();
        for (i, (a, ka)) in all.iter().enumerate() {
            for (b, kb) in &all[i + 1..] {
                let together = TOGETHER
                    .iter()
                    .any(|set| set.contains(&a.scope) && set.contains(&b.scope));
                if !together || a.action == b.action {
                    continue;
                }
                for key in ka.iter().filter(|k| kb.contains(k)) {
                    out.push(Clash {
                        key: *key,
                        first: a,
                        second: b,
                    });
                }
            }
        }
        out
    }
}

/// Every name the settings file can rebind, once each, in table order.
pub fn names() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for b in BINDINGS
        .iter()
        .filter(|b| !matches!(b.scope, Scope::Input | Scope::Export))
    {
        let n = b.name();
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Keys as help writes them: `j ↓`.
pub fn label(keys: &[Key]) -> String {
    keys.iter().map(Key::label).collect::<Vec<_>>().join(" ")
}

impl Key {
    /// How the key is written in help: `q`, `C-c`, `↓`, `PgDn`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".into(),
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
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("C-{base}") } else { base }
    }
}

impl Binding {
    /// The name the settings file knows it by: its description in lower case, words joined
    /// by `-` ("as of a date…" is `as-of-a-date`, "the row's sources" `the-rows-sources`).
    pub fn name(&self) -> String {
        let mut out = String::new();
        for word in self
            .description
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .map(|w| w.replace('\'', ""))
            .filter(|w| !w.is_empty())
        {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(&word.to_lowercase());
        }
        out
    }

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

/// The action a key performs in `scopes` with the default keys (see `Keymap::lookup`).
pub fn lookup(event: &KeyEvent, scopes: &[Scope]) -> Option<Action> {
    scopes.iter().find_map(|scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == *scope)
            .find(|b| b.keys.iter().any(|key| matches(key, event)))
            .map(|b| b.action)
    })
}

/// The bindings shown in the hint bar for `scopes` with the default keys (see
/// `Keymap::hints`).
pub fn hints(scopes: &[Scope]) -> impl Iterator<Item = &'static Binding> + '_ {
    scopes.iter().enumerate().flat_map(move |(n, scope)| {
        BINDINGS.iter().filter(move |b| {
            let shadowed = b.keys.first().is_some_and(|key| {
                BINDINGS
                    .iter()
                    .any(|o| scopes[..n].contains(&o.scope) && o.keys.contains(key))
            });
            b.hint && b.scope == *scope && !shadowed
        })
    })
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
    fn names_come_from_the_descriptions() {
        let names = names();
        for n in [
            "as-of-a-date",
            "the-rows-sources",
            "open-follow-link",
            "copy",
            "export",
        ] {
            assert!(names.contains(&n.to_owned()), "{n} in {names:?}");
        }
        assert!(!names.contains(&"delete-a-word".to_owned()));
    }

    #[test]
    fn keys_parse_as_help_writes_them() {
        for text in [
            "y", "C-x", "Enter", "PgDn", "S-Tab", "F5", "Space", "↓", "?",
        ] {
            let key = parse_key(text).unwrap();
            assert_eq!(parse_key(&key.label()), Ok(key), "{text}");
        }
        assert!(parse_key("C-1").is_err());
        assert!(parse_key("Ctrl-x").is_err());
        assert!(parse_key("").is_err());
    }

    #[test]
    fn rebinding_moves_a_key_and_clashes_are_found() {
        let mut map = Keymap::default();
        assert!(map.clashes().is_empty(), "{:?}", map.clashes());
        map.rebind("copy", &[parse_key("c").unwrap()]).unwrap();
        let clash = &map.clashes()[0];
        assert_eq!(clash.key.label(), "c");
        assert_eq!(
            (clash.first.name(), clash.second.name()),
            ("what-changed".to_owned(), "copy".to_owned())
        );
        map.rebind("what-changed", &[parse_key("C").unwrap()])
            .unwrap();
        assert!(map.clashes().is_empty());
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(map.lookup(&c, &[Scope::Browse]), Some(Action::Copy));
        assert!(map.rebind("delete-a-word", &[]).is_err());
        assert!(map.rebind("no-such-thing", &[]).is_err());
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
