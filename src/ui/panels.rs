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
    let mut y = inner.y;
    for head in &panel.header {
        if y >= inner.bottom() {
            return;
        }
        let spans: Vec<Span> = head
            .iter()
            .map(|(t, tone)| Span::styled(t.clone(), theme.tone(*tone)))
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
        let base = if i == panel.cursor.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut spans: Vec<Span> = row
            .spans
            .iter()
            .map(|(t, tone)| Span::styled(t.clone(), base.patch(theme.tone(*tone))))
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
}

pub fn prompt(app: &App, frame: &mut Frame, area: Rect, kind: Prompt) {
    let theme = &app.theme;
    let (title, label, example) = match kind {
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
