//! The right-hand detail view: the selected item's document, wrapped to the width, with the
//! selected link highlighted and kept in view.

use crate::app::detail::{Block as DocBlock, Tone};
use crate::app::{App, Focus, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &mut App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let focused = app.focus() == Focus::Detail && app.mode == Mode::Browse;
    let b = Block::bordered()
        .title(" Detail ")
        .border_style(theme.border(focused));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let Some(doc) = app.doc() else {
        frame.render_widget(Line::styled(" nothing selected", theme.dim()), inner);
        return;
    };
    let width = usize::from(inner.width.saturating_sub(1)).max(1);
    let selected_link = focused.then(|| app.detail_cursor().selected);

    // Lay the document out as visual lines, noting where the selected link is.
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_span = 0..0;
    let mut link_no = 0;
    for block in &doc.blocks {
        let is_selected = block.target.is_some() && selected_link == Some(link_no);
        let start = lines.len();
        lay_out(block, width, &theme, is_selected, &mut lines);
        if is_selected {
            selected_span = start..lines.len();
        }
        if block.target.is_some() {
            link_no += 1;
        }
    }
    let height = usize::from(inner.height);
    let cursor = app.detail_cursor_mut();
    if focused {
        if selected_span.start < cursor.offset {
            cursor.offset = selected_span.start;
        } else if selected_span.end > cursor.offset + height {
            cursor.offset = selected_span.end.saturating_sub(height);
        }
    } else {
        cursor.offset = 0;
    }
    cursor.offset = cursor.offset.min(lines.len().saturating_sub(1));
    for (row, line) in lines
        .into_iter()
        .skip(cursor.offset)
        .take(height)
        .enumerate()
    {
        let line_area = Rect {
            x: inner.x + 1,
            y: inner.y + row as u16,
            width: inner.width.saturating_sub(1),
            height: 1,
        };
        frame.render_widget(line, line_area);
    }
}

/// Appends a block's visual lines: wrapped (summaries) or cut (everything else).
fn lay_out(
    block: &DocBlock,
    width: usize,
    theme: &super::Theme,
    selected: bool,
    out: &mut Vec<Line<'static>>,
) {
    let base = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    for spans in &block.lines {
        if block.wrap {
            let text: String = spans.iter().map(|(t, _)| t.as_str()).collect();
            let tone = spans.first().map_or(Tone::Plain, |(_, t)| *t);
            for piece in textwrap::wrap(&text, width) {
                out.push(Line::styled(
                    piece.into_owned(),
                    base.patch(theme.tone(tone)),
                ));
            }
            continue;
        }
        let mut line: Vec<Span> = spans
            .iter()
            .map(|(t, tone)| {
                let mut style = base.patch(theme.tone(*tone));
                if *tone == Tone::Date && t.contains('~') {
                    style = style.patch(theme.approximate());
                }
                Span::styled(t.clone(), style)
            })
            .collect();
        if selected {
            let used: usize = line.iter().map(|s| s.content.width()).sum();
            if used < width {
                line.push(Span::styled(" ".repeat(width - used), base));
            }
        }
        out.push(Line::from(line));
    }
}
