//! Styles, in named ANSI colours so the dashboard looks right in tmux, screen and 16-colour
//! terminals, on light and dark backgrounds. With `NO_COLOR` every colour is dropped but the
//! modifiers stay, so the selection is still visible in reverse video.
//!
//! Below both `app` (which keeps the user's theme and tags text with a `Tone`) and `ui` (which
//! turns tones into styles), so neither imports the other for it.

use ratatui::style::{Color, Modifier, Style};

/// What a piece of text is, for the theme to style (never colour alone: dates that are
/// approximate carry a `~`, current posts say "now", unconfirmed ones "?").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Title,
    Section,
    Dim,
    Date,
    /// The tenure of a post with no end that no source has shown held for 24 months.
    Unconfirmed,
    Kind,
    Link,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { colour: true }
    }
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (https://no-color.org).
    pub fn from_env() -> Theme {
        Theme {
            colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Plain => Style::new(),
            Tone::Title => Style::new().add_modifier(Modifier::BOLD),
            Tone::Section => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Tone::Dim => self.dim(),
            Tone::Date => self.fg(Color::Green),
            Tone::Unconfirmed => self.dim().add_modifier(Modifier::ITALIC),
            Tone::Kind => self.fg(Color::Magenta),
            Tone::Link => self.fg(Color::Cyan),
        }
    }

    pub fn dim(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// The selected row: reverse video in every theme.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A list row's base style: reverse video when selected in the focused list, underlined
    /// when selected in a list without the keyboard, plain otherwise.
    pub fn row(&self, selected: bool, focused: bool) -> Style {
        match (selected, focused) {
            (true, true) => self.selected(),
            (true, false) => self.selected_unfocused(),
            _ => Style::new(),
        }
    }

    /// A selected row in a pane that does not have the keyboard.
    pub fn selected_unfocused(&self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// Matched characters: bold and underlined, no colour, so they read on any background
    /// and cost few bytes per keystroke.
    pub fn matched(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn bar(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
        } else {
            self.dim()
        }
    }

    pub fn year(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn approximate(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }
}
