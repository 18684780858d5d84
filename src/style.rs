//! Styles, in named ANSI colours so the dashboard looks right in tmux, screen and 16-colour
//! terminals, on light and dark backgrounds. With `NO_COLOR` every colour is dropped but the
//! modifiers stay, so the selection is still visible in reverse video.
//!
//! Below both `app` (which keeps the user's theme and tags text with a `Tone`) and `ui` (which
//! turns tones into styles), so neither imports the other for it.
//!
//! Three themes (`dark`, the default; `light`; `high-contrast`) set a named colour for each
//! role; the settings file can change any role's colour.

pub mod dates;

pub use dates::DateStyle;
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

/// A theme's named colour for each role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub section: Color,
    pub date: Color,
    pub kind: Color,
    pub link: Color,
    pub dim: Color,
    pub key: Color,
    pub border: Color,
    pub year: Color,
}

/// The roles the settings file can colour, by name.
pub const ROLES: [&str; 8] = [
    "section", "date", "kind", "link", "dim", "key", "border", "year",
];

impl Palette {
    pub fn role_mut(&mut self, role: &str) -> Option<&mut Color> {
        Some(match role {
            "section" => &mut self.section,
            "date" => &mut self.date,
            "kind" => &mut self.kind,
            "link" => &mut self.link,
            "dim" => &mut self.dim,
            "key" => &mut self.key,
            "border" => &mut self.border,
            "year" => &mut self.year,
            _ => return None,
        })
    }
}

/// The themes to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// For dark backgrounds: cyan links and keys, green dates, magenta headings.
    #[default]
    Dark,
    /// For light backgrounds: blue links and keys.
    Light,
    /// No dimmed text; links underlined, keys and borders bold.
    HighContrast,
}

impl ThemeName {
    pub const NAMES: [&'static str; 3] = ["dark", "light", "high-contrast"];

    pub fn parse(name: &str) -> Option<ThemeName> {
        match name {
            "dark" => Some(ThemeName::Dark),
            "light" => Some(ThemeName::Light),
            "high-contrast" => Some(ThemeName::HighContrast),
            _ => None,
        }
    }

    pub fn palette(self) -> Palette {
        match self {
            ThemeName::Dark => Palette {
                section: Color::Magenta,
                date: Color::Green,
                kind: Color::Magenta,
                link: Color::Cyan,
                dim: Color::DarkGray,
                key: Color::Cyan,
                border: Color::Cyan,
                year: Color::Magenta,
            },
            ThemeName::Light => Palette {
                section: Color::Magenta,
                date: Color::Green,
                kind: Color::Magenta,
                link: Color::Blue,
                dim: Color::DarkGray,
                key: Color::Blue,
                border: Color::Blue,
                year: Color::Magenta,
            },
            ThemeName::HighContrast => Palette {
                section: Color::Reset,
                date: Color::Reset,
                kind: Color::Reset,
                link: Color::Reset,
                dim: Color::Reset,
                key: Color::Reset,
                border: Color::Reset,
                year: Color::Reset,
            },
        }
    }
}

/// The 16 named ANSI colours (and `default`) the settings file may use: they look right in
/// tmux, screen, the Linux console and over any ssh client.
pub const COLOUR_NAMES: [(&str, Color); 17] = [
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

/// A colour by name (`grey` is `gray`).
pub fn colour_named(name: &str) -> Option<Color> {
    let name = name.replace("grey", "gray");
    COLOUR_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
    pub palette: Palette,
    /// High contrast: nothing dimmed, links underlined, keys and borders bold.
    pub contrast: bool,
    /// How dates are written on screen.
    pub dates: DateStyle,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::named(ThemeName::Dark)
    }
}

impl Theme {
    pub fn named(name: ThemeName) -> Theme {
        Theme {
            colour: true,
            palette: name.palette(),
            contrast: name == ThemeName::HighContrast,
            dates: DateStyle::Iso,
        }
    }

    /// Colour unless `NO_COLOR` is set to anything non-empty (https://no-color.org).
    pub fn from_env() -> Theme {
        Theme::default().with_env()
    }

    /// This theme, without colours if `NO_COLOR` asks for none.
    pub fn with_env(mut self) -> Theme {
        self.colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        self
    }

    fn fg(&self, c: Color) -> Style {
        if self.colour && c != Color::Reset {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn tone(&self, tone: Tone) -> Style {
        let p = &self.palette;
        match tone {
            Tone::Plain => Style::new(),
            Tone::Title => Style::new().add_modifier(Modifier::BOLD),
            Tone::Section => self.fg(p.section).add_modifier(Modifier::BOLD),
            Tone::Dim => self.dim(),
            Tone::Date => self.fg(p.date),
            Tone::Unconfirmed => self.dim().add_modifier(Modifier::ITALIC),
            Tone::Kind => self.fg(p.kind),
            Tone::Link if self.contrast => self.fg(p.link).add_modifier(Modifier::UNDERLINED),
            Tone::Link => self.fg(p.link),
        }
    }

    pub fn dim(&self) -> Style {
        if self.contrast {
            self.fg(self.palette.dim)
        } else if self.colour {
            Style::new().fg(self.palette.dim)
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
        self.fg(self.palette.key).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.contrast) {
            (true, true) => self.fg(self.palette.border).add_modifier(Modifier::BOLD),
            (true, false) => self.fg(self.palette.border),
            (false, _) => self.dim(),
        }
    }

    /// A problem the user should fix (live data that no longer loads): red where there is
    /// colour, and bold in every theme so it reads without.
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn year(&self) -> Style {
        self.fg(self.palette.year).add_modifier(Modifier::BOLD)
    }

    pub fn approximate(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }
}
