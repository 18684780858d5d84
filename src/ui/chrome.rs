//! The frame around the panes: title bar, breadcrumb or filter input, hint bar, and the
//! "too small" notice.

use super::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Mode, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn title_bar(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let c = app.ds.counts();
    let long_stats = format!(
        "{} · {} people · {} organisations · {} programmes · {} events ",
        app.ds.name, c.people, c.organisations, c.programmes, c.events
    );
    let medium_stats = format!(
        "{} · {} people · {} orgs · {} progs · {} events ",
        app.ds.name, c.people, c.organisations, c.programmes, c.events
    );
    let short_stats = format!(
        "{} · {}p {}o {}e ",
        app.ds.name, c.people, c.organisations, c.events
    );
    let width = usize::from(area.width);
    let as_of = app
        .as_of
        .map(|d| format!(" as of {} ", theme.dates.date(&d)));
    let (long_stats, medium_stats, short_stats) = match &as_of {
        Some(a) => (
            format!("{a}· {long_stats}"),
            format!("{a}· {medium_stats}"),
            a.clone(),
        ),
        None => (long_stats, medium_stats, short_stats),
    };
    // The widest arrangement that fits: long labels first, then short, then no counts; tabs
    // close up rather than lose the as-of date.
    let choices = [
        (Tabs::Long, Some(&long_stats)),
        (Tabs::Short, Some(&long_stats)),
        (Tabs::Short, Some(&medium_stats)),
        (Tabs::Short, Some(&short_stats)),
        (Tabs::Tight, as_of.as_ref().map(|_| &short_stats)),
        (Tabs::Short, None),
    ];
    let mut chosen = (Tabs::Tight, None);
    for (tabs, stats) in choices {
        if tabs == Tabs::Tight && stats.is_none() {
            continue;
        }
        let used: usize = Pane::ALL.iter().map(|p| label(*p, tabs).width() + 1).sum();
        if 13 + used + stats.map_or(0, |s| s.width()) <= width {
            chosen = (tabs, stats);
            break;
        }
    }
    let (short, stats) = chosen;
    let mut spans = vec![Span::styled(" nhs-leaders ", theme.bar())];
    let mut x = area.x + 13;
    let mut tabs = Vec::new();
    for pane in Pane::ALL {
        let w = u16::try_from(label(pane, short).width()).unwrap_or(0);
        tabs.push((Rect::new(x + 1, area.y, w, 1).intersection(area), pane));
        x = x.saturating_add(w + 1);
        let style = if pane == app.pane {
            theme
                .selected()
                .add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            Style::new()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(label(pane, short), style));
    }
    if let Some(stats) = stats {
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        let room = width.saturating_sub(used + stats.width());
        spans.push(Span::raw(" ".repeat(room)));
        // The as-of date stands out: the whole screen is about that day.
        let style = if as_of.is_some() {
            theme.bar()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(stats.clone(), style));
    }
    frame.render_widget(Line::from(spans), area);
    app.screen.tabs = tabs;
}

/// How wide the pane tabs are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tabs {
    Long,
    Short,
    /// Short names without padding.
    Tight,
}

fn label(pane: Pane, tabs: Tabs) -> String {
    let n = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0) + 1;
    let name = match (pane, tabs) {
        (Pane::Organisations, Tabs::Short | Tabs::Tight) => "Orgs",
        (Pane::Programmes, Tabs::Short | Tabs::Tight) => "Progs",
        (Pane::Chronology, Tabs::Short | Tabs::Tight) => "Chrono",
        (p, _) => p.title(),
    };
    if tabs == Tabs::Tight {
        format!("{n} {name}")
    } else {
        format!(" {n} {name} ")
    }
}

pub fn crumb_or_input(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let line = if app.mode == Mode::Filter && app.filtering_detail() {
        let (kept, rows) = app.detail_rows().unwrap_or((0, 0));
        Line::from(vec![
            Span::styled(" Filter the detail's rows: ", theme.key()),
            Span::raw(app.query().to_owned()),
            Span::styled("▏", theme.key()),
            Span::styled(format!("  {kept} of {rows} rows"), theme.dim()),
        ])
    } else if app.mode == Mode::Filter {
        let shown = match app.pane {
            Pane::People => app.people.shown.len(),
            Pane::Organisations => app.organisations.shown.len(),
            Pane::Programmes => app.programmes.shown.len(),
            Pane::Chronology => app.chronology.events,
            Pane::Moves => app.moves.shown.len(),
            Pane::Stats => app.stats.rows.len(),
        };
        Line::from(vec![
            Span::styled(
                format!(" Filter {}: ", app.pane.title().to_lowercase()),
                theme.key(),
            ),
            Span::raw(app.query().to_owned()),
            Span::styled("▏", theme.key()),
            Span::styled(format!("  {shown} shown"), theme.dim()),
        ])
    } else {
        let trail = app.trail();
        let mut text = format!(" {}: {}", app.pane.title(), trail.join(" › "));
        let max = usize::from(area.width);
        if text.width() > max {
            // Keep the end of the trail: where we are matters more than where we started.
            let mut cut = String::new();
            for c in text.chars().rev() {
                if cut.width() + 2 >= max {
                    break;
                }
                cut.insert(0, c);
            }
            text = format!(" …{cut}");
        }
        Line::styled(text, theme.dim())
    };
    frame.render_widget(line, area);
}

/// The bottom line: the status message while there is one (what was copied, where an export
/// went, a search that is taking a while), else the hints.
pub fn hint_bar(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    if let Some(status) = &app.status {
        let style = if status.error {
            theme.key()
        } else {
            Style::new()
        };
        frame.render_widget(Line::styled(format!(" {}", status.text), style), area);
        return;
    }
    // Live data whose files no longer load: the first error, until a reload succeeds.
    if let Some(error) = &app.live.error {
        frame.render_widget(Line::styled(format!(" {error} "), theme.error()), area);
        return;
    }
    let mut spans = Vec::new();
    let mut width = 0;
    if app.search_slow && app.running_search().is_some() {
        spans.push(Span::styled(" searching… ", theme.dim()));
        width += 12;
    }
    let scopes = app.scopes();
    for (b, keys) in app
        .keymap
        .hints(&scopes)
        .filter(|(b, _)| app.offers(b.action))
    {
        let key = format!(" {} ", keys.first().map(|k| k.label()).unwrap_or_default());
        let desc = format!("{} ", app.describe(b));
        let w = key.width() + desc.width();
        if width + w > usize::from(area.width) {
            break;
        }
        width += w;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(desc));
    }
    if matches!(app.mode, Mode::Help | Mode::Source(_)) {
        spans = vec![Span::styled(" Esc ", theme.key()), Span::raw("close")];
    }
    frame.render_widget(Line::from(spans), area);
}

pub fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small ({}x{}); need {MIN_WIDTH}x{MIN_HEIGHT}. q quits.",
        area.width, area.height
    );
    let p = Paragraph::new(text)
        .style(app.theme.dim())
        .wrap(Wrap { trim: true });
    frame.render_widget(p, area);
}
