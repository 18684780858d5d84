//! The left-hand lists: people, organisations and programmes (with filter highlights) and
//! the chronology (with sticky year separators). Only visible rows are built, so drawing costs
//! the same for ten rows or a million.

use crate::app::chronology::{ChronoFilter, Row};
use crate::app::entity_pane::{EntityPane, ListKind};
use crate::app::{App, Focus, Mode, Pane, SearchBox};
use crate::dataset::Dataset;
use crate::model::PartialDate;
use crate::query::SearchIndex;
use crate::style::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use std::ops::Range;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect) {
    let focused = app.focus() == Focus::List && matches!(app.mode, Mode::Browse | Mode::Filter);
    let searching = SearchBox::of_pane(app.pane).is_some_and(|b| app.shows_searching(b));
    let (ds, index, theme) = (&app.ds, &app.index, app.theme);
    app.screen.list = area;
    let pane = match app.pane {
        Pane::Chronology => return chronology(app, frame, area, focused),
        Pane::Moves => return moves(app, frame, area, focused),
        Pane::Stats => return super::stats::list(app, frame, area, focused),
        Pane::People => &mut app.people,
        Pane::Organisations => &mut app.organisations,
        Pane::Programmes => &mut app.programmes,
    };
    entity_list(
        pane,
        (ds, index, &theme),
        frame,
        area,
        (focused, searching),
        &mut app.screen,
    );
}

/// Draws list row `row` of `area`; a selected row (`fill`: its style) is padded to the full
/// width so the highlight spans the row.
fn draw_row(
    frame: &mut Frame,
    area: Rect,
    row: usize,
    mut spans: Vec<Span<'static>>,
    fill: Option<Style>,
) {
    let mut used: usize = spans.iter().map(|s| s.width()).sum();
    if used > usize::from(area.width) {
        spans = cut_with_ellipsis(spans, usize::from(area.width));
        used = spans.iter().map(|s| s.width()).sum();
    }
    if let Some(style) = fill
        && used < usize::from(area.width)
    {
        spans.push(Span::styled(
            " ".repeat(usize::from(area.width) - used),
            style,
        ));
    }
    let line_area = Rect {
        y: area.y + row as u16,
        height: 1,
        ..area
    };
    frame.render_widget(Line::from(spans), line_area);
}

/// `spans` cut to `width` columns with the last one an ellipsis, so that a cut row says so.
fn cut_with_ellipsis(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let room = width.saturating_sub(1);
    let mut out = Vec::with_capacity(spans.len());
    let mut used = 0;
    let mut style = Style::new();
    for span in spans {
        style = span.style;
        let w = span.width();
        if used + w <= room {
            used += w;
            out.push(span);
            continue;
        }
        let mut kept = String::new();
        for c in span.content.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + cw > room {
                break;
            }
            used += cw;
            kept.push(c);
        }
        out.push(Span::styled(kept, span.style));
        break;
    }
    if width > 0 {
        out.push(Span::styled("…", style));
    }
    out
}

/// `text` cut to `width` columns, ending in "…" when cut.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `row` followed by a dimmed note of why it matched (" · summary", " · Epic Systems"),
/// its matched words marked by `mark`, the row cut so that the note shows within `width`.
fn with_reason(
    mut row: Vec<Span<'static>>,
    lead: usize,
    reasons: &[String],
    width: usize,
    mark: impl Fn(&str) -> Vec<Span<'static>>,
) -> Vec<Span<'static>> {
    if reasons.is_empty() {
        return row;
    }
    let note = fit(&format!(" · {}", reasons.join(", ")), width / 3);
    let note_width = unicode_width::UnicodeWidthStr::width(note.as_str());
    let room = width.saturating_sub(lead + note_width);
    let used: usize = row.iter().map(Span::width).sum();
    if used > room {
        row = cut_with_ellipsis(row, room);
    }
    row.extend(mark(&note));
    row
}

/// Spans for `text` with `ranges` (byte ranges) marked as matched.
pub fn highlighted(
    text: &str,
    ranges: &[Range<usize>],
    base: Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() {
            continue;
        }
        if r.start > at {
            spans.push(Span::styled(text[at..r.start].to_owned(), base));
        }
        spans.push(Span::styled(
            text[r.clone()].to_owned(),
            base.patch(theme.matched()),
        ));
        at = r.end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_owned(), base));
    }
    spans
}

fn block(title: String, focused: bool, theme: &Theme) -> Block<'static> {
    Block::bordered()
        .title(title)
        .border_style(theme.border(focused))
}

fn entity_list(
    pane: &mut EntityPane,
    (ds, index, theme): (&Dataset, &SearchIndex, &Theme),
    frame: &mut Frame,
    area: Rect,
    (focused, searching): (bool, bool),
    screen: &mut crate::app::mouse::ScreenMap,
) {
    let noun = match pane.kind {
        ListKind::People => "People",
        ListKind::Organisations => "Organisations",
        ListKind::Programmes => "Programmes",
    };
    let mut title = format!(" {noun} ");
    if !pane.org_filter.is_empty() {
        title.push_str(&format!("[{}] ", pane.org_filter.label()));
    }
    if pane.query.is_empty() {
        title.push_str(&format!("({}) ", pane.shown.len()));
    } else {
        title.push_str(&format!(
            "/{} ({}{} of {}) ",
            pane.query,
            pane.matched.min(pane.shown.len()),
            if pane.weak { " loose" } else { "" },
            pane.total()
        ));
    }
    if searching {
        title.push_str("searching… ");
    }
    let b = block(title, focused, theme);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    screen.list_height = usize::from(inner.height);
    if pane.shown.is_empty() {
        let msg = if pane.query.is_empty() {
            "nothing here"
        } else {
            "no matches"
        };
        frame.render_widget(Line::styled(format!(" {msg}"), theme.dim()), inner);
        return;
    }
    let visible = pane
        .cursor
        .visible(pane.shown.len(), usize::from(inner.height));
    for (row, i) in visible.clone().enumerate() {
        screen.list_rows.push((inner.y + row as u16, i));
        let entity_ix = pane.shown[i];
        let entity = pane.kind.entity(entity_ix);
        let selected = i == pane.cursor.selected;
        let base = theme.row(selected, focused);
        // Organisations go by the name they had on the as-of date.
        let name = match (entity, pane.as_of) {
            (crate::dataset::EntityRef::Organisation(o), Some(d)) => ds.organisation_name_on(o, &d),
            _ => ds.name_of(entity),
        };
        let hit = pane.hits.get(i).filter(|h| h.entity == entity);
        let mut spans = vec![Span::styled(" ", base)];
        match hit {
            Some(h) if h.matched == name => {
                spans.extend(highlighted(
                    name,
                    &index.highlights(h, &pane.query),
                    base,
                    theme,
                ));
            }
            Some(h) => {
                spans.push(Span::styled(name.to_owned(), base));
                spans.push(Span::styled(
                    format!(" ({} ", h.field.as_str()),
                    base.patch(theme.dim()),
                ));
                spans.extend(highlighted(
                    &h.matched,
                    &index.highlights(h, &pane.query),
                    base,
                    theme,
                ));
                spans.push(Span::styled(")", base.patch(theme.dim())));
            }
            None => spans.push(Span::styled(name.to_owned(), base)),
        }
        let suffix = match entity {
            crate::dataset::EntityRef::Organisation(o) => {
                Some(ds.organisations[o].kind.label().to_owned())
            }
            crate::dataset::EntityRef::Programme(p) => {
                ds.programmes[p].short.as_deref().map(str::to_owned)
            }
            _ => None,
        };
        if let Some(s) = suffix {
            spans.push(Span::styled(format!(" · {s}"), base.patch(theme.dim())));
        }
        draw_row(frame, inner, row, spans, selected.then_some(base));
    }
}

/// A date as shown in lists: approximate dates in italics as well as with their `~`.
pub fn date_span(d: &PartialDate, width: usize, theme: &Theme, base: Style) -> Span<'static> {
    let style = if d.is_approximate() {
        base.patch(theme.tone(crate::app::detail::Tone::Date))
            .patch(theme.approximate())
    } else {
        base.patch(theme.tone(crate::app::detail::Tone::Date))
    };
    Span::styled(format!("{:<width$}", theme.dates.date(d)), style)
}

fn chronology(app: &mut App, frame: &mut Frame, area: Rect, focused: bool) {
    let theme = app.theme;
    let ds = &app.ds;
    let pane = &app.chronology;
    let mut title = " Chronology ".to_owned();
    match pane.filter {
        Some(ChronoFilter::Kind(k)) => title.push_str(&format!("[{}] ", k.label())),
        Some(ChronoFilter::Entity(e)) => title.push_str(&format!("[{}] ", ds.name_of(e))),
        None => {}
    }
    if !pane.query.is_empty() {
        title.push_str(&format!("/{} ", pane.query));
    }
    title.push_str(&format!("({}) ", pane.events));
    if app.shows_searching(SearchBox::Chronology) {
        title.push_str("searching… ");
    }
    let pane = &mut app.chronology;
    let b = block(title, focused, &theme);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if pane.rows.is_empty() {
        frame.render_widget(Line::styled(" no events", theme.dim()), inner);
        return;
    }
    if inner.height < 2 {
        return;
    }
    let header_area = Rect { height: 1, ..inner };
    let body = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    let height = usize::from(body.height);
    app.screen.list_height = height;
    let mut range = pane.cursor.visible(pane.rows.len(), height);
    let top_year = pane.year_at(ds, range.start);
    // The sticky header already names the top row's year; do not repeat its separator.
    if let Some(Row::Year(_)) = pane.rows.get(range.start)
        && range.len() > 1
        && pane.cursor.selected != range.start
    {
        range = (range.start + 1)..(range.end + 1).min(pane.rows.len());
    }
    if let Some(y) = top_year {
        frame.render_widget(year_line(y, inner.width, &theme), header_area);
    }
    let query = pane.query.clone();
    for (row, r) in range.enumerate() {
        app.screen.list_rows.push((body.y + row as u16, r));
        match pane.rows[r] {
            Row::Year(y) => {
                let line_area = Rect {
                    y: body.y + row as u16,
                    height: 1,
                    ..body
                };
                frame.render_widget(year_line(y, body.width, &theme), line_area);
            }
            Row::Event(i) => {
                let e = &ds.events[i];
                let selected = r == pane.cursor.selected;
                let base = theme.row(selected, focused);
                let mut spans = vec![
                    Span::styled(" ", base),
                    date_span(&e.date, 11, &theme, base),
                    Span::styled(
                        format!("{:<9}", e.kind.tag()),
                        base.patch(theme.tone(crate::app::detail::Tone::Kind)),
                    ),
                ];
                let ranges = if query.is_empty() {
                    Vec::new()
                } else {
                    app.index.highlight_text(&query, &e.title)
                };
                // Matched through its summary or a linked name: say which.
                let reasons = if query.is_empty() {
                    Vec::new()
                } else {
                    crate::query::ordered::event_reasons(ds, &app.index, &query, i)
                };
                let lead: usize = spans.iter().map(Span::width).sum();
                let dim = base.patch(theme.dim());
                spans.extend(with_reason(
                    highlighted(&e.title, &ranges, base, &theme),
                    lead,
                    &reasons,
                    usize::from(body.width),
                    |note| highlighted(note, &app.index.highlight_text(&query, note), dim, &theme),
                ));
                draw_row(frame, body, row, spans, selected.then_some(base));
            }
        }
    }
}

fn year_line(year: i32, width: u16, theme: &Theme) -> Line<'static> {
    let label = format!("── {year} ");
    let rest = usize::from(width).saturating_sub(label.chars().count());
    Line::styled(format!("{label}{}", "─".repeat(rest)), theme.year())
}

fn moves(app: &mut App, frame: &mut Frame, area: Rect, focused: bool) {
    let theme = app.theme;
    let index = &app.index;
    let query = app.moves.query.clone();
    let pane = &mut app.moves;
    let mut title = " Moves ".to_owned();
    if let Some((label, _, _)) = pane
        .preset
        .and_then(|p| crate::app::moves_pane::PRESETS.get(p))
    {
        title.push_str(&format!("[{label}] "));
    }
    if let Some(y) = pane.year {
        title.push_str(&format!("[{y}] "));
    }
    if !pane.query.is_empty() {
        title.push_str(&format!("/{} ", pane.query));
    }
    title.push_str(&format!("({} of {}) ", pane.shown.len(), pane.total()));
    let b = block(title, focused, &theme);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    app.screen.list_height = usize::from(inner.height);
    if pane.shown.is_empty() {
        frame.render_widget(Line::styled(" no moves", theme.dim()), inner);
        return;
    }
    let visible = pane
        .cursor
        .visible(pane.shown.len(), usize::from(inner.height));
    let selected_row = pane.cursor.selected;
    for (row, i) in visible.enumerate() {
        app.screen.list_rows.push((inner.y + row as u16, i));
        let Some(m) = pane.get(i) else { continue };
        let base = theme.row(i == selected_row, focused);
        let date = m.when.map_or_else(
            || Span::styled(format!("{:<11}", "?"), base),
            |d| date_span(&d, 11, &theme, base),
        );
        let marked = |text: &str| {
            let ranges = if query.is_empty() {
                Vec::new()
            } else {
                index.highlight_text(&query, text)
            };
            highlighted(text, &ranges, base, &theme)
        };
        let mut spans = vec![Span::styled(" ", base), date];
        let lead: usize = spans.iter().map(Span::width).sum();
        let mut text = marked(&m.person.name);
        text.push(Span::styled(": ", base.patch(theme.dim())));
        text.extend(marked(&m.from.organisation.name));
        text.push(Span::styled(" → ", base.patch(theme.dim())));
        text.extend(marked(&m.to.organisation.name));
        if !m.also_to.is_empty() {
            text.push(Span::styled(
                format!(" + {} more", m.also_to.len()),
                base.patch(theme.dim()),
            ));
        }
        // Matched through a post title the row does not show: say which.
        let reasons = if query.is_empty() {
            Vec::new()
        } else {
            crate::query::ordered::move_reasons(&app.ds, index, &query, m)
        };
        let dim = base.patch(theme.dim());
        spans.extend(with_reason(
            text,
            lead,
            &reasons,
            usize::from(inner.width),
            |note| highlighted(note, &index.highlight_text(&query, note), dim, &theme),
        ));
        draw_row(
            frame,
            inner,
            row,
            spans,
            (i == selected_row).then_some(base),
        );
    }
}
