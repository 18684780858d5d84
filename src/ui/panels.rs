//! Panels (succession, what changed, a fact's sources, the cohort grid) and the date prompt,
//! drawn over the panes.

use super::centred;
use crate::app::{App, Prompt};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};
use unicode_width::UnicodeWidthStr;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let Some(panel) = app.panels.last_mut() else {
        return;
    };
    let widest = panel
        .rows
        .iter()
        .map(|r| r.spans.iter().map(|(t, _)| t.width()).sum::<usize>())
        .chain(
            panel
                .header
                .iter()
                .map(|h| h.iter().map(|(t, _)| t.width()).sum()),
        )
        .chain(std::iter::once(panel.title.width()))
        .max()
        .unwrap_or(20);
    let w = (widest as u16 + 4).min(area.width);
    let h = (panel.rows.len() + panel.header.len()) as u16 + 2;
    let outer = centred(area, w.max(30), h.min(area.height));
    frame.render_widget(Clear, outer);
    let b = Block::bordered()
        .title(format!(" {} ", panel.title))
        .title_bottom(" Enter follow · s sources · Esc close ")
        .border_style(theme.border(true));
    let inner = b.inner(outer);
    frame.render_widget(b, outer);
    let mut map = crate::app::mouse::ScreenMap {
        panel: outer,
        ..Default::default()
    };
    let mut y = inner.y;
    for head in &panel.header {
        if y >= inner.bottom() {
            break;
        }
        let spans: Vec<Span> = head
            .iter()
            .map(|(t, tone)| Span::styled(super::dated(&theme, t, *tone), theme.tone(*tone)))
            .collect();
        frame.render_widget(
            Line::from(spans),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
        y += 1;
    }
    let body = Rect {
        y,
        height: inner.bottom().saturating_sub(y),
        ..inner
    };
    let visible = panel
        .cursor
        .visible(panel.rows.len(), usize::from(body.height));
    for (n, i) in visible.enumerate() {
        let row = &panel.rows[i];
        let y = body.y + n as u16;
        map.panel_rows.push((y, i));
        if let (Some(url), Some((shown, _))) = (&row.url, row.spans.last()) {
            let before: usize = row.spans.iter().rev().skip(1).map(|(t, _)| t.width()).sum();
            let x = body
                .x
                .saturating_add(u16::try_from(before).unwrap_or(u16::MAX));
            let room = body.right().saturating_sub(x);
            let width = u16::try_from(shown.width()).unwrap_or(u16::MAX).min(room);
            if width > 0 && shown == url {
                map.hyperlinks.push(crate::app::mouse::Hyperlink {
                    x,
                    y,
                    width,
                    url: url.clone(),
                });
            }
        }
        let base = if i == panel.cursor.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut spans: Vec<Span> = row
            .spans
            .iter()
            .map(|(t, tone)| {
                Span::styled(
                    super::dated(&theme, t, *tone),
                    base.patch(theme.tone(*tone)),
                )
            })
            .collect();
        let used: usize = spans.iter().map(|s| s.width()).sum();
        if i == panel.cursor.selected && used < usize::from(body.width) {
            spans.push(Span::styled(
                " ".repeat(usize::from(body.width) - used),
                base,
            ));
        }
        frame.render_widget(
            Line::from(spans),
            Rect {
                y: body.y + n as u16,
                height: 1,
                ..body
            },
        );
    }
    app.screen.panel = map.panel;
    app.screen.panel_rows = map.panel_rows;
    app.screen.hyperlinks.extend(map.hyperlinks);
}

pub fn prompt(app: &App, frame: &mut Frame, area: Rect, kind: Prompt) {
    let theme = &app.theme;
    if kind == Prompt::Export {
        return export_prompt(app, frame, area);
    }
    let (title, label, example) = match kind {
        Prompt::Export => return,
        Prompt::AsOf => (
            "As of",
            "Date",
            "2017, 2017-06 or 2017-06-30; Enter shows that day",
        ),
        Prompt::Changes => ("What changed", "From and to", "two dates: 2019-01 2019-06"),
    };
    let outer = centred(area, 64, 5);
    frame.render_widget(Clear, outer);
    let b = Block::bordered()
        .title(format!(" {title} "))
        .border_style(theme.border(true));
    let inner = b.inner(outer);
    frame.render_widget(b, outer);
    let line = Line::from(vec![
        Span::styled(format!("{label}: "), theme.key()),
        Span::raw(app.prompt.clone()),
        Span::styled("▏", theme.key()),
    ]);
    frame.render_widget(line, Rect { height: 1, ..inner });
    let note = match (&app.prompt_error, app.as_of, kind) {
        (Some(e), _, _) => Line::styled(e.clone(), theme.key()),
        (None, Some(d), Prompt::AsOf) => Line::styled(
            format!("now {d}; {example}; T goes back to today"),
            theme.dim(),
        ),
        (None, _, _) => Line::styled(example, theme.dim()),
    };
    note_line(frame, inner, note);
}

/// The second line of a prompt.
fn note_line(frame: &mut Frame, inner: Rect, note: Line) {
    if inner.height > 1 {
        frame.render_widget(
            note,
            Rect {
                y: inner.y + 1,
                height: 1,
                ..inner
            },
        );
    }
}

/// The export prompt: a file name to write (or, served, a format to copy as), with the
/// format Tab cycles and, when the file exists, the question whether to overwrite it.
fn export_prompt(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let Some(x) = &app.export else {
        return;
    };
    let served = app.frontend.served;
    let outer = centred(area, 72, 5);
    frame.render_widget(Clear, outer);
    let verb = if served { "Copy" } else { "Export" };
    let b = Block::bordered()
        .title(format!(" {verb}: {} ", x.what))
        .border_style(theme.border(true));
    let inner = b.inner(outer);
    frame.render_widget(b, outer);
    let format_name = match x.format {
        crate::table::Format::Csv => "CSV",
        crate::table::Format::Json => "JSON",
        crate::table::Format::Md => "Markdown",
        crate::table::Format::Tsv => "TSV",
        crate::table::Format::Table => "text",
    };
    let line = if served {
        Line::from(vec![
            Span::styled("Copy as: ", theme.key()),
            Span::raw(format_name),
        ])
    } else {
        Line::from(vec![
            Span::styled("File: ", theme.key()),
            Span::raw(app.prompt.clone()),
            Span::styled("▏", theme.key()),
        ])
    };
    frame.render_widget(line, Rect { height: 1, ..inner });
    let note = match (&x.confirm, &app.prompt_error) {
        (Some(path), _) => Line::styled(
            format!("{} exists: overwrite it? y/n", path.display()),
            theme.key(),
        ),
        (None, Some(e)) => Line::styled(e.clone(), theme.key()),
        (None, None) if served => Line::styled(
            "Tab: CSV, JSON or Markdown; Enter copies to the clipboard",
            theme.dim(),
        ),
        (None, None) => Line::styled(
            format!("{format_name}; Tab: CSV, JSON or Markdown; in the working directory"),
            theme.dim(),
        ),
    };
    note_line(frame, inner, note);
}
