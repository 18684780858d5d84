//! Pop-ups drawn over the panes: help (generated from the key table), global search, the
//! filter picker and a source's details.

use super::centred;
use super::lists::highlighted;
use crate::app::App;
use crate::app::entity_pane::OrgFacet;
use crate::app::keymap::{BINDINGS, Scope};
use crate::app::overlay::PickerItem;
use crate::query::views::SourceRow;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

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
    for scope in [
        Scope::Browse,
        Scope::Filterable,
        Scope::Chronology,
        Scope::Programmes,
        Scope::Panel,
        Scope::Input,
    ] {
        lines.push(Line::styled(
            scope.title(),
            theme.tone(crate::app::detail::Tone::Section),
        ));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<10} ", b.label()), theme.key()),
                Span::raw(b.description),
            ]));
        }
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
    let searching = app.is_searching(crate::app::SearchBox::Global);
    let g = &mut app.global;
    let count = if g.query.trim().is_empty() {
        "type a name, alias, programme or event".to_owned()
    } else {
        format!("{} of {} matches", g.hits.len(), g.total)
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
    let visible = g.cursor.visible(g.hits.len(), usize::from(body.height));
    for (row, i) in visible.enumerate() {
        let h = &g.hits[i];
        let base = if i == g.cursor.selected {
            theme.selected()
        } else {
            Style::new()
        };
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
            if app.pane == crate::app::Pane::Organisations {
                "Kind, sector or region"
            } else {
                "Kind or name"
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

pub fn source(app: &App, frame: &mut Frame, area: Rect, i: usize) {
    let theme = &app.theme;
    let s = SourceRow::of(&app.ds, i);
    let mut lines = vec![
        Line::styled(s.title.clone(), theme.tone(crate::app::detail::Tone::Title)),
        Line::raw(""),
        Line::from(vec![
            Span::styled("Publisher  ", theme.dim()),
            Span::raw(s.publisher.clone()),
        ]),
        Line::from(vec![
            Span::styled("Published  ", theme.dim()),
            Span::raw(s.published.clone()),
        ]),
    ];
    if let Some(a) = &s.author {
        lines.push(Line::from(vec![
            Span::styled("Author     ", theme.dim()),
            Span::raw(a.clone()),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("Address    ", theme.dim()),
        Span::styled(
            s.url.clone().unwrap_or_else(|| "not known".into()),
            theme.tone(crate::app::detail::Tone::Link),
        ),
    ]));
    if let Some(n) = &s.note {
        lines.push(Line::raw(""));
        lines.push(Line::raw(n.clone()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("id {}", s.id), theme.dim()));
    let w = area.width.saturating_sub(4).min(90);
    let inner = frame_box(frame, centred(area, w, 14), "Source", app);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
