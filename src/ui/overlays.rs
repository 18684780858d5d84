//! Pop-ups drawn over the panes: help (generated from the key table), global search, the
//! filter picker and a source's details.

use super::centred;
use super::lists::highlighted;
use crate::app::App;
use crate::app::entity_pane::OrgFacet;
use crate::app::keymap::{self, Scope};
use crate::app::overlay::{GlobalRow, PickerItem};
use crate::query::views::SourceRow;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

fn frame_box(frame: &mut Frame, area: Rect, title: &str, app: &App) -> Rect {
    frame.render_widget(Clear, area);
    let b = Block::bordered()
        .title(format!(" {title} "))
        .border_style(app.theme.border(true));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    inner
}

/// Width of one column of the help overlay.
const HELP_COLUMN: u16 = 38;

pub fn help(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let mut lines = Vec::new();
    let section = theme.tone(crate::app::detail::Tone::Section);
    for scope in [
        Scope::Browse,
        Scope::Filterable,
        Scope::Chronology,
        Scope::Programmes,
        Scope::StatsChart,
        Scope::Panel,
        Scope::Input,
        Scope::Export,
    ] {
        lines.push(Line::styled(scope.title(), section));
        for (b, keys) in app.keymap.bindings().filter(|(b, _)| b.scope == scope) {
            if keys.is_empty() || !app.offers(b.action) {
                continue;
            }
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<10} ", keymap::label(keys)), theme.key()),
                Span::raw(app.describe(b)),
            ]));
        }
    }
    // The mouse, and how to select text with the terminal while the dashboard has it.
    lines.push(Line::styled("Mouse", section));
    let mouse: &[(&str, &str)] = if app.frontend.mouse {
        &[
            ("wheel", "scroll list or detail"),
            ("click", "select a row or pane"),
            ("click", "on a tab: switch pane"),
            ("click", "on a link: follow it"),
            ("S-drag", "select text to copy"),
            ("⌥-drag", "the same in iTerm2"),
            ("fn-drag", "the same in Terminal.app"),
        ]
    } else {
        &[("drag", "select text to copy")]
    };
    for (what, does) in mouse {
        lines.push(Line::from(vec![
            Span::styled(format!("  {what:<10} "), theme.key()),
            Span::raw(*does),
        ]));
    }
    // As many columns as fit; what still does not fit scrolls with j/k.
    let inner_h = usize::from(area.height.saturating_sub(2)).max(1);
    let fit = usize::from(area.width.saturating_sub(2) / HELP_COLUMN).max(1);
    let columns = lines.len().div_ceil(inner_h).clamp(1, fit);
    let rows = lines.len().div_ceil(columns);
    let scroll = app.help_scroll.min(rows.saturating_sub(inner_h));
    app.help_scroll = scroll;
    let title = if rows > inner_h {
        "Keys (j/k scroll, Esc closes)"
    } else {
        "Keys (Esc closes)"
    };
    let w = HELP_COLUMN * columns as u16 + 2;
    let b = centred(area, w, rows.min(inner_h) as u16 + 2);
    let inner = frame_box(frame, b, title, app);
    for c in 0..columns {
        let column: Vec<Line> = lines
            .iter()
            .skip(c * rows + scroll)
            .take(rows.min(usize::from(inner.height)).min(rows - scroll))
            .cloned()
            .collect();
        let x = inner.x + HELP_COLUMN * c as u16;
        if x >= inner.right() {
            break;
        }
        let col = Rect {
            x,
            width: HELP_COLUMN.min(inner.right() - x),
            ..inner
        };
        frame.render_widget(Paragraph::new(column), col);
    }
}

fn input_line(theme: &super::Theme, label: &str, query: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.key()),
        Span::raw(query.to_owned()),
        Span::styled("▏", theme.key()),
    ])
}

pub fn global(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let w = (area.width * 4 / 5).max(40);
    let h = (area.height * 4 / 5).max(8);
    let inner = frame_box(frame, centred(area, w, h), "Search everything", app);
    if inner.height == 0 {
        return;
    }
    frame.render_widget(
        input_line(&theme, "Find", &app.global.query),
        Rect { height: 1, ..inner },
    );
    let searching = app.shows_searching(crate::app::SearchBox::Global);
    let g = &mut app.global;
    let count = if g.query.trim().is_empty() {
        "type a name, alias, programme or event, or words from a summary or note".to_owned()
    } else {
        let names = if g.weak {
            format!("no close match; {} loose matches", g.total)
        } else {
            format!("{} of {} matches", g.hits.len(), g.total)
        };
        match g.mentioned {
            0 => names,
            1 => format!("{names} · 1 more mentioned in text"),
            n => format!("{names} · {n} more mentioned in text"),
        }
    };
    let count = if searching {
        format!("{count} · searching…")
    } else {
        count
    };
    if inner.height > 1 {
        frame.render_widget(
            Line::styled(count, theme.dim()),
            Rect {
                y: inner.y + 1,
                height: 1,
                ..inner
            },
        );
    }
    let body = Rect {
        y: inner.y + 2,
        height: inner.height.saturating_sub(2),
        ..inner
    };
    let rows = g.rows();
    let query = crate::query::fuzzy::Query::parse(&g.query);
    let visible = g.cursor.visible(rows.len(), usize::from(body.height));
    for (row, r) in visible.enumerate() {
        let base = if r == g.cursor.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let spans = match rows[r] {
            GlobalRow::Heading => vec![Span::styled(
                " Mentioned in",
                theme.tone(crate::app::detail::Tone::Section),
            )],
            GlobalRow::Hit(i) => {
                let h = &g.hits[i];
                let mut spans = vec![Span::styled(
                    format!(" {:<13}", h.entity.kind_name()),
                    base.patch(theme.dim()),
                )];
                let name = app.ds.name_of(h.entity);
                let ranges = app.index.highlights(h, &g.query);
                if h.matched == name {
                    spans.extend(highlighted(name, &ranges, base, &theme));
                } else {
                    spans.push(Span::styled(name.to_owned(), base));
                    spans.push(Span::styled(
                        format!(" ({} ", h.field.as_str()),
                        base.patch(theme.dim()),
                    ));
                    spans.extend(highlighted(&h.matched, &ranges, base, &theme));
                    spans.push(Span::styled(")", base.patch(theme.dim())));
                }
                spans
            }
            GlobalRow::Mention(i) => {
                let m = &g.mentions[i];
                let text = &app.index.text;
                // A long name (an event's title) or note label leaves room for the snippet.
                let width = usize::from(body.width);
                let name =
                    super::lists::fit(app.ds.name_of(m.entity), width.saturating_sub(14) / 3);
                let mut spans = vec![
                    Span::styled(
                        format!(" {:<13}", m.entity.kind_name()),
                        base.patch(theme.dim()),
                    ),
                    Span::styled(name, base),
                ];
                let label = match text.context(&app.ds, m) {
                    Some(c) => format!("{} on {c}", m.field.as_str()),
                    None => m.field.as_str().to_owned(),
                };
                let label = format!("  {}: ", super::lists::fit(&label, width / 4));
                spans.push(Span::styled(label, base.patch(theme.dim())));
                let used: usize = spans.iter().map(Span::width).sum();
                let room = width.saturating_sub(used).max(12);
                let snippet = text.snippet(&app.ds, m, &query, room);
                spans.extend(highlighted(
                    &snippet.text,
                    &snippet.highlights,
                    base,
                    &theme,
                ));
                spans
            }
        };
        frame.render_widget(
            Line::from(spans),
            Rect {
                y: body.y + row as u16,
                height: 1,
                ..body
            },
        );
    }
}

pub fn picker(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let h = (app.picker.items.len() as u16 + 4).clamp(6, area.height);
    let inner = frame_box(frame, centred(area, 56, h), "Filter by", app);
    if inner.height == 0 {
        return;
    }
    let p = &mut app.picker;
    frame.render_widget(
        input_line(
            &theme,
            match app.pane {
                crate::app::Pane::Organisations => "Kind, sector or region",
                crate::app::Pane::Stats => "Post, sector, region or body",
                _ => "Kind or name",
            },
            &p.query,
        ),
        Rect { height: 1, ..inner },
    );
    let body = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let visible = p.cursor.visible(p.items.len(), usize::from(body.height));
    for (row, i) in visible.enumerate() {
        let base = if i == p.cursor.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let text = match &p.items[i] {
            PickerItem::OrgFacet(facet, n, chosen) => {
                let (group, label) = match facet {
                    OrgFacet::Kind(k) => ("kind", k.label().to_owned()),
                    OrgFacet::Sector(s) => ("sector", s.label().to_owned()),
                    OrgFacet::Region(r) => ("region", r.clone()),
                };
                let mark = if *chosen { "✓" } else { " " };
                format!("{mark}{group:<7} {label:<28} {n}")
            }
            PickerItem::EventKind(k, n) => format!(" {:<24} {n}", k.label()),
            PickerItem::Entity(e) => format!(" {:<13}{}", e.kind_name(), app.ds.name_of(*e)),
            PickerItem::MovePreset(i) => format!(
                " {}",
                crate::app::moves_pane::PRESETS.get(*i).map_or("", |p| p.0)
            ),
            PickerItem::Year(y) => format!(" moves in {y}"),
            PickerItem::StatsFacet(facet, chosen) => {
                let (group, label) = facet.describe();
                let mark = if *chosen { "✓" } else { " " };
                format!("{mark}{group:<7} {label}")
            }
        };
        frame.render_widget(
            Line::styled(text, base),
            Rect {
                y: body.y + row as u16,
                height: 1,
                ..body
            },
        );
    }
}

/// Width of the field names in the source pop-up ("Publisher  ").
const FIELD: usize = 11;

pub fn source(app: &mut App, frame: &mut Frame, area: Rect, i: usize) {
    let theme = app.theme;
    let s = SourceRow::of(&app.ds, i);
    let w = area.width.saturating_sub(4).min(90);
    let inner = frame_box(frame, centred(area, w, 14), "Source", app);
    let width = usize::from(inner.width).max(FIELD + 8);
    let mut lines: Vec<Line> = Vec::new();
    let wrapped = |text: &str, indent: usize| -> Vec<String> {
        let pad = " ".repeat(indent);
        let options = textwrap::Options::new(width)
            .initial_indent(&pad)
            .subsequent_indent(&pad);
        textwrap::wrap(text, options)
            .into_iter()
            .map(|l| l.get(indent..).unwrap_or("").to_owned())
            .collect()
    };
    let title = theme.tone(crate::app::detail::Tone::Title);
    for l in wrapped(&s.title, 0) {
        lines.push(Line::styled(l, title));
    }
    lines.push(Line::raw(""));
    let field = |lines: &mut Vec<Line>, name: &str, value: &str| {
        for (n, l) in wrapped(value, FIELD).into_iter().enumerate() {
            let head = if n == 0 { name } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{head:<FIELD$}"), theme.dim()),
                Span::raw(l),
            ]));
        }
    };
    field(&mut lines, "Publisher", &s.publisher);
    field(&mut lines, "Published", &theme.dates.text(&s.published));
    if let Some(a) = &s.author {
        field(&mut lines, "Author", a);
    }
    // The address is cut into pieces of the width (it has no spaces to wrap at), each an OSC 8
    // hyperlink to the whole address.
    let link = theme.tone(crate::app::detail::Tone::Link);
    match &s.url {
        Some(url) => {
            for (n, piece) in pieces(url, width - FIELD).into_iter().enumerate() {
                let head = if n == 0 { "Address" } else { "" };
                let y = inner.y + lines.len() as u16;
                if y < inner.bottom() {
                    app.screen.hyperlinks.push(crate::app::mouse::Hyperlink {
                        x: inner.x + FIELD as u16,
                        y,
                        width: u16::try_from(piece.width()).unwrap_or(0),
                        url: url.clone(),
                    });
                }
                lines.push(Line::from(vec![
                    Span::styled(format!("{head:<FIELD$}"), theme.dim()),
                    Span::styled(piece, link),
                ]));
            }
        }
        None => field(&mut lines, "Address", "not known"),
    }
    if let Some(n) = &s.note {
        lines.push(Line::raw(""));
        for l in wrapped(n, 0) {
            lines.push(Line::raw(l));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("id {}", s.id), theme.dim()));
    for (row, line) in lines
        .into_iter()
        .take(usize::from(inner.height))
        .enumerate()
    {
        let line_area = Rect {
            y: inner.y + row as u16,
            height: 1,
            ..inner
        };
        frame.render_widget(line, line_area);
    }
}

/// `text` cut into pieces at most `width` columns wide.
fn pieces(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            out.push(String::new());
            used = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
        used += w;
    }
    out
}
