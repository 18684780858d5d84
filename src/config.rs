//! The dashboard's settings file: `$XDG_CONFIG_HOME/nhs-leaders/config.toml` (or
//! `~/.config/nhs-leaders/config.toml`), or the file given with `--config`. It sets the theme
//! (a named theme or per-role named colours), the pane to open on, how dates are written,
//! whether the mouse and hyperlinks are used, and keys by the names the help shows. Unknown
//! settings and bad values are errors located at file:line:col with a suggestion, and the
//! dashboard refuses to start rather than guess.

use crate::app::Pane;
use crate::app::keymap::{self, Keymap};
use crate::dataset::diagnostic::LineIndex;
use crate::dataset::{Diagnostic, Report};
use crate::style::{self, DateStyle, Theme, ThemeName};
use crate::suggest;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What the settings file decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Colours and dates (`NO_COLOR` still turns colour off on top of it).
    pub theme: Theme,
    pub keymap: Keymap,
    /// The pane the dashboard opens on.
    pub pane: Pane,
    pub mouse: bool,
    pub hyperlinks: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: Theme::default(),
            keymap: Keymap::default(),
            pane: Pane::People,
            mouse: true,
            hyperlinks: true,
        }
    }
}

/// The settings the file may hold.
const SETTINGS: [&str; 6] = ["theme", "pane", "dates", "mouse", "hyperlinks", "keys"];

/// Where the settings file is looked for when `--config` is not given.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(base.join("nhs-leaders").join("config.toml"))
}

/// The file to read: the one given, else the default place.
pub fn path(given: Option<&Path>) -> Option<PathBuf> {
    given.map(Path::to_path_buf).or_else(default_path)
}

/// Reads the settings: from `given` (which must exist), else from the default place (where
/// having no file means the defaults).
pub fn load(given: Option<&Path>) -> Result<Config, Report> {
    let Some(path) = path(given) else {
        return Ok(Config::default());
    };
    let shown = crate::text::escape(&path.display().to_string()).into_owned();
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&shown, text.strip_prefix('\u{feff}').unwrap_or(&text)),
            Err(_) => Err(one(Diagnostic::error(format!("{shown} is not UTF-8 text"))
                .help("save the settings file as UTF-8"))),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && given.is_none() => {
            Ok(Config::default())
        }
        Err(e) => Err(one(Diagnostic::error(format!(
            "cannot read the settings file {shown}: {}",
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_owned(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
                _ => e.to_string(),
            }
        ))
        .help("`nhs-leaders config --print-default` prints a file to start from"))),
    }
}

fn one(d: Diagnostic) -> Report {
    Report {
        diagnostics: vec![d],
    }
}

/// Collects every problem with one file.
struct Reader<'a> {
    path: &'a str,
    lines: LineIndex<'a>,
    report: Report,
}

impl Reader<'_> {
    fn error(&mut self, span: Range<usize>, message: String, help: String) {
        let at = self.lines.locate(self.path, span);
        self.report
            .push(Diagnostic::error(message).at(Some(at)).help(help));
    }

    /// "did you mean 'x'?", or the list of what is allowed.
    fn suggestion<'c>(word: &str, allowed: impl IntoIterator<Item = &'c str> + Clone) -> String {
        match suggest::nearest(word, allowed.clone()) {
            Some(s) => format!("did you mean '{s}'?"),
            None => format!(
                "use one of: {}",
                allowed.into_iter().collect::<Vec<_>>().join(", ")
            ),
        }
    }

    /// A string value, or an error saying what was expected.
    fn string<'v>(
        &mut self,
        key: &str,
        value: &'v Spanned<DeValue<'_>>,
        expected: &str,
    ) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                self.error(
                    value.span(),
                    format!("{key} must be {expected}, not {}", other.type_str()),
                    format!(
                        "write it in quotes, for example {key} = \"{}\"",
                        expected_example(expected)
                    ),
                );
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                let help = match other.as_str() {
                    Some("true" | "yes" | "on") => format!("write {key} = true, without quotes"),
                    Some("false" | "no" | "off") => format!("write {key} = false, without quotes"),
                    _ => format!("write {key} = true or {key} = false"),
                };
                self.error(
                    value.span(),
                    format!("{key} must be true or false, not {}", other.type_str()),
                    help,
                );
                None
            }
        }
    }

    fn theme(&mut self, value: &Spanned<DeValue<'_>>, theme: &mut Theme) {
        match value.get_ref() {
            DeValue::String(name) => {
                if let Some(t) = self.theme_name(name, value.span()) {
                    let dates = theme.dates;
                    *theme = Theme::named(t);
                    theme.dates = dates;
                }
            }
            DeValue::Table(table) => {
                if let Some((_, base)) = table.iter().find(|(k, _)| k.get_ref() == "base")
                    && let Some(name) = self.string("theme.base", base, "a theme name")
                    && let Some(t) = self.theme_name(name, base.span())
                {
                    let dates = theme.dates;
                    *theme = Theme::named(t);
                    theme.dates = dates;
                }
                for (key, colour) in table.iter() {
                    let role = key.get_ref().as_ref();
                    if role == "base" {
                        continue;
                    }
                    let Some(slot) = theme.palette.role_mut(role) else {
                        let mut allowed = vec!["base"];
                        allowed.extend(style::ROLES);
                        self.error(
                            key.span(),
                            format!("unknown theme role '{role}'"),
                            Self::suggestion(role, allowed.iter().copied()),
                        );
                        continue;
                    };
                    let Some(name) = self.string(&format!("theme.{role}"), colour, "a colour name")
                    else {
                        continue;
                    };
                    match style::colour_named(name) {
                        Some(c) => *slot = c,
                        None => {
                            let names = style::COLOUR_NAMES.iter().map(|(n, _)| *n);
                            let help = if name.starts_with('#') || name.starts_with("rgb") {
                                format!(
                                    "only the 16 named colours work everywhere (over ssh, in tmux, on the Linux console): {}",
                                    names.collect::<Vec<_>>().join(", ")
                                )
                            } else {
                                Self::suggestion(name, names)
                            };
                            self.error(colour.span(), format!("unknown colour '{name}'"), help);
                        }
                    }
                }
            }
            other => self.error(
                value.span(),
                format!(
                    "theme must be a theme name or a table of colours, not {}",
                    other.type_str()
                ),
                "write theme = \"dark\", \"light\" or \"high-contrast\", or a [theme] table".into(),
            ),
        }
    }

    fn theme_name(&mut self, name: &str, span: Range<usize>) -> Option<ThemeName> {
        let t = ThemeName::parse(name);
        if t.is_none() {
            self.error(
                span,
                format!("unknown theme '{name}'"),
                Self::suggestion(name, ThemeName::NAMES),
            );
        }
        t
    }

    fn keys(&mut self, value: &Spanned<DeValue<'_>>, keymap: &mut Keymap) {
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                value.span(),
                format!("keys must be a table, not {}", value.get_ref().type_str()),
                "write a [keys] table with lines such as copy = \"y\"".into(),
            );
            return;
        };
        let names = keymap::names();
        // Where each binding's new keys were written, to point at a clash.
        let mut written: Vec<(String, Vec<KeyAt>)> = Vec::new();
        for (name, keys) in table.iter() {
            let n = name.get_ref().as_ref();
            if !names.iter().any(|x| x == n) {
                let help = match keymap.clone().rebind(n, &[]) {
                    Err(why) if why.contains("typing") => {
                        "keys for typing in a search box cannot be changed".to_owned()
                    }
                    _ => Self::suggestion(n, names.iter().map(String::as_str)),
                };
                self.error(name.span(), format!("unknown action '{n}' in [keys]"), help);
                continue;
            }
            let items: Vec<&Spanned<DeValue<'_>>> = match keys.get_ref() {
                DeValue::Array(list) => list.iter().collect(),
                _ => vec![keys],
            };
            let mut parsed = Vec::new();
            for item in items {
                let Some(text) = self.string(&format!("keys.{n}"), item, "a key") else {
                    continue;
                };
                match keymap::parse_key(text) {
                    Ok(k) => parsed.push((k, item.span())),
                    Err(why) => self.error(item.span(), format!("bad key for {n}"), why),
                }
            }
            let just: Vec<keymap::Key> = parsed.iter().map(|(k, _)| *k).collect();
            if keymap.rebind(n, &just).is_ok() {
                written.push((n.to_owned(), parsed));
            }
        }
        // In file order, so that a clash points at the later of two places.
        written.sort_by_key(|(_, ks)| ks.first().map_or(0, |(_, span)| span.start));
        for clash in keymap.clashes() {
            let (a, b) = (clash.first.name(), clash.second.name());
            // Point at where the key was given; the later binding when both were.
            let site = written
                .iter()
                .rev()
                .filter(|(n, _)| *n == a || *n == b)
                .find_map(|(_, ks)| ks.iter().find(|(k, _)| *k == clash.key))
                .map(|(_, span)| span.clone())
                .unwrap_or_else(|| value.span());
            self.error(
                site,
                format!(
                    "key '{}' is bound twice: to '{a}' and to '{b}'",
                    clash.key.label()
                ),
                format!("give '{a}' or '{b}' another key in [keys]"),
            );
        }
    }
}

/// A key as written in the file, and where.
type KeyAt = (keymap::Key, Range<usize>);

fn expected_example(expected: &str) -> &'static str {
    match expected {
        "a theme name" => "dark",
        "a colour name" => "cyan",
        "a key" => "y",
        "a pane name" => "people",
        _ => "iso",
    }
}

/// Reads settings from `text` (`path` is used in messages).
pub fn parse(path: &str, text: &str) -> Result<Config, Report> {
    let mut r = Reader {
        path,
        lines: LineIndex::new(text),
        report: Report::default(),
    };
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().lines().next().unwrap_or("").trim().to_owned();
            r.error(
                span,
                format!("the settings file is not valid TOML: {message}"),
                "`nhs-leaders config --print-default` prints a valid file to start from".into(),
            );
            return Err(r.report);
        }
    };
    let mut config = Config::default();
    let mut dates = DateStyle::Iso;
    // The theme first: the theme table replaces what came before, dates are kept.
    let entries: Vec<_> = doc.get_ref().iter().collect();
    for (key, value) in entries.iter().filter(|(k, _)| k.get_ref() == "theme") {
        let _ = key;
        r.theme(value, &mut config.theme);
    }
    for (key, value) in entries {
        let name = key.get_ref().as_ref();
        match name {
            "theme" => {}
            "pane" => {
                if let Some(p) = r.string("pane", value, "a pane name") {
                    let names: Vec<String> =
                        Pane::ALL.iter().map(|p| p.title().to_lowercase()).collect();
                    match Pane::ALL.iter().find(|x| x.title().eq_ignore_ascii_case(p)) {
                        Some(found) => config.pane = *found,
                        None => r.error(
                            value.span(),
                            format!("unknown pane '{p}'"),
                            Reader::suggestion(p, names.iter().map(String::as_str)),
                        ),
                    }
                }
            }
            "dates" => {
                if let Some(d) = r.string("dates", value, "iso or uk") {
                    match DateStyle::parse(d) {
                        Some(style) => dates = style,
                        None => r.error(
                            value.span(),
                            format!("unknown date style '{d}'"),
                            format!(
                                "{} (\"iso\" writes 2017-09-01, \"uk\" writes 1 Sep 2017)",
                                Reader::suggestion(d, DateStyle::NAMES)
                            ),
                        ),
                    }
                }
            }
            "mouse" => {
                if let Some(b) = r.boolean("mouse", value) {
                    config.mouse = b;
                }
            }
            "hyperlinks" => {
                if let Some(b) = r.boolean("hyperlinks", value) {
                    config.hyperlinks = b;
                }
            }
            "keys" => r.keys(value, &mut config.keymap),
            other => r.error(
                key.span(),
                format!("unknown setting '{other}'"),
                Reader::suggestion(other, SETTINGS),
            ),
        }
    }
    config.theme.dates = dates;
    r.report.sort();
    if r.report.has_errors() {
        Err(r.report)
    } else {
        Ok(config)
    }
}

/// A commented settings file holding the defaults, for `config --print-default`.
pub const DEFAULT_FILE: &str = r#"# nhs-leaders: settings for the dashboard.
#
# The dashboard reads $XDG_CONFIG_HOME/nhs-leaders/config.toml (or
# ~/.config/nhs-leaders/config.toml), or the file given with --config FILE. Every setting is
# optional; the values below are the defaults. An unknown setting or a bad value is an error:
# the dashboard says where it is and does not start. `nhs-leaders config` checks this file.

# Colours: "dark" (for dark backgrounds), "light" or "high-contrast" (nothing dimmed, links
# underlined). NO_COLOR=1 in the environment turns colours off whatever this says. To colour
# each role yourself, remove this line and use the [theme] table at the end instead.
theme = "dark"

# The pane the dashboard opens on: people, organisations, programmes, chronology, moves or
# stats.
pane = "people"

# How the dashboard writes dates: "iso" (2017-09-01, 2017-09) or "uk" (1 Sep 2017, Sep 2017).
# The command line and exports always write ISO dates.
dates = "iso"

# Wheel scrolling and clicking. false leaves the mouse to the terminal (as --no-mouse does).
# With the mouse on, hold Shift while dragging to select text (Option in iTerm2, fn in
# Terminal.app).
mouse = true

# Source addresses as clickable OSC 8 hyperlinks (as --no-hyperlinks turns off). Always off
# on the Linux console (TERM=linux) and dumb terminals, which would print them.
hyperlinks = true

# Keys, by the names of the actions: the help's (?) descriptions in lower case with words
# joined by "-" ("as of a date…" is as-of-a-date, "the row's sources" the-rows-sources).
# A key is written as the help writes it: y, Y, C-x, Enter, Esc, Tab, S-Tab, Bksp, PgDn,
# PgUp, Home, End, Up, Down, Left, Right, F1 to F12, Space. Give one key or a list. A key
# bound to two actions at once is an error. Keys for typing in a search box are fixed.
[keys]
# copy = "y"
# copy-the-address = "Y"
# export = "e"
# edit-the-record = "E"
# search-all = [":", "C-p"]
# as-of-a-date = "t"

# Colours by role, from a base theme, with the 16 named colours: default, black, red, green,
# yellow, blue, magenta, cyan, gray, dark-gray, light-red, light-green, light-yellow,
# light-blue, light-magenta, light-cyan, white. Roles: section, date, kind, link, dim, key,
# border, year.
# [theme]
# base = "light"
# link = "blue"
# date = "green"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_reads_as_the_defaults() {
        assert_eq!(
            parse("config.toml", DEFAULT_FILE).unwrap(),
            Config::default()
        );
        let uncommented: String = DEFAULT_FILE
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") || rest == "[theme]" => rest.to_owned(),
                _ => l.to_owned(),
            })
            .filter(|l| *l != "theme = \"dark\"")
            .collect::<Vec<_>>()
            .join("\n");
        let c = parse("config.toml", &uncommented).unwrap();
        assert_eq!(c.theme.palette, ThemeName::Light.palette());
    }
}
