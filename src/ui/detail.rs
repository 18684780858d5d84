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
    if app.pane == crate::app::Pane::Stats {
        return super::stats::chart(app, frame, area);
    }
    let theme = app.theme;
    let focused = app.focus() == Focus::Detail && app.mode == Mode::Browse;
    let filter = app
        .detail_rows()
        .filter(|_| app.detail_filter.active_in(app.pane))
        .map(|(kept, rows)| (app.detail_filter.parsed(), kept, rows));
    let title = match &filter {
        Some((q, kept, rows)) => format!(" Detail /{} ({kept} of {rows} rows) ", q.raw()),
        None => " Detail ".to_owned(),
    };
    let b = Block::bordered()
        .title(title)
        .border_style(theme.border(focused || filter.is_some() && app.mode == Mode::Filter));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    app.screen.detail = area;
    let Some(doc) = app.doc() else {
        frame.render_widget(Line::styled(" nothing selected", theme.dim()), inner);
        return;
    };
    let width = usize::from(inner.width.saturating_sub(1)).max(1);
    // While the filter is typed the selected row stays marked, as the lists' does.
    let cursor_shown = focused || filter.is_some() && app.mode == Mode::Filter;
    let selected_link = cursor_shown.then(|| app.detail_cursor().selected);
    let marks = filter.as_ref().map(|(q, _, _)| q);

    // Lay the document out as visual lines, noting where the selected link is.
    let mut lines: Vec<Line> = Vec::new();
    // The link each line belongs to, and each link's first and last line.
    let mut line_links: Vec<Option<usize>> = Vec::new();
    let mut link_lines: Vec<(usize, usize)> = Vec::new();
    let mut selected_span = 0..0;
    let mut link_no = 0;
    for block in &doc.blocks {
        let is_selected = block.target.is_some() && selected_link == Some(link_no);
        let start = lines.len();
        lay_out(block, width, &theme, (is_selected, marks), &mut lines);
        if is_selected {
            selected_span = start..lines.len();
        }
        let link = block.target.map(|_| link_no);
        line_links.resize(lines.len(), link);
        if block.target.is_some() {
            link_lines.push((start, lines.len().saturating_sub(1).max(start)));
            link_no += 1;
        }
    }
    let height = usize::from(inner.height);
    let total = lines.len();
    let cursor = app.detail_cursor_mut();
    if cursor_shown {
        if selected_span.start < cursor.offset {
            cursor.offset = selected_span.start;
        } else if selected_span.end > cursor.offset + height {
            cursor.offset = selected_span.end.saturating_sub(height);
        }
    }
    // Unfocused, the detail stays where the wheel scrolled it (a new selection starts it at
    // the top), but never past its end.
    cursor.offset = cursor
        .offset
        .min(total.saturating_sub(if focused { 1 } else { height }));
    let offset = cursor.offset;
    app.screen.detail_lines = total;
    app.screen.detail_height = height;
    app.screen.detail_links = link_lines;
    for (row, line) in lines.into_iter().skip(offset).take(height).enumerate() {
        app.screen.detail_rows.push((
            inner.y + row as u16,
            line_links.get(offset + row).copied().flatten(),
        ));
        let line_area = Rect {
            x: inner.x + 1,
            y: inner.y + row as u16,
            width: inner.width.saturating_sub(1),
            height: 1,
        };
        frame.render_widget(line, line_area);
    }
}

/// Appends a block's visual lines: wrapped (summaries) or cut (everything else); with a
/// filter's query in `marks`, the words it matched marked.
fn lay_out(
    block: &DocBlock,
    width: usize,
    theme: &super::Theme,
    (selected, marks): (bool, Option<&crate::query::fuzzy::Query>),
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
        let styled: Vec<Span<'static>> = spans
            .iter()
            .flat_map(|(t, tone)| {
                let mut style = base.patch(theme.tone(*tone));
                if *tone == Tone::Date && t.contains('~') {
                    style = style.patch(theme.approximate());
                }
                let text = super::dated(theme, t, *tone);
                let ranges = marks.map_or_else(Vec::new, |q| {
                    crate::query::words::highlight(q, &text, crate::query::words::Mode::Name)
                });
                super::lists::highlighted(&text, &ranges, style, theme)
            })
            .collect();
        for mut line in hang(styled, width) {
            if selected {
                let used: usize = line.iter().map(|s| s.content.width()).sum();
                if used < width {
                    line.push(Span::styled(" ".repeat(width - used), base));
                }
            }
            out.push(Line::from(line));
        }
    }
}

/// A row of columns (date, title, organisation) as visual lines: as it is when it fits, else
/// word-wrapped with its continuation lines starting under the column that overflowed (or
/// the nearest one before it that leaves a readable width), so that a long post title or
/// source name is read whole rather than cut. Rows whose columns all start too far right, or
/// that are one column, continue indented by two.
fn hang(mut spans: Vec<Span<'static>>, width: usize) -> Vec<Vec<Span<'static>>> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= width || width < 4 {
        return vec![spans];
    }
    let readable = (width / 2).min(16);
    // A continuation row (an organisation under its post) whose padding leaves no readable
    // width starts at the indent instead.
    let pad = spans
        .iter()
        .take_while(|s| s.content.trim().is_empty())
        .count();
    let pad_width: usize = spans[..pad].iter().map(|s| s.content.width()).sum();
    if pad > 0 && width.saturating_sub(pad_width) < readable {
        spans.splice(..pad, [Span::raw("  ")]);
    }
    // Continue under the rightmost column, up to the one that overflows, that leaves a
    // readable width.
    let mut start = 0;
    let mut indent = 2;
    for s in &spans {
        if start > 0 && width.saturating_sub(start) >= readable && !s.content.trim().is_empty() {
            indent = start;
        }
        let w = s.content.width();
        if start + w > width {
            break;
        }
        start += w;
    }
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut col = 0;
    for span in &spans {
        for (token, blank) in tokens(&span.content) {
            let w = token.width();
            if blank {
                // Blanks carry a row's alignment; at a break they are dropped.
                let starts_continuation = col == indent && !lines.is_empty();
                if !starts_continuation && col + w <= width {
                    line.push(Span::styled(token.to_string(), span.style));
                    col += w;
                }
                continue;
            }
            let mut word = token;
            while !word.is_empty() {
                if col + word.width() <= width {
                    line.push(Span::styled(word.to_string(), span.style));
                    col += word.width();
                    break;
                }
                if col > indent && word.width() <= width - indent {
                    break_line(&mut lines, &mut line, &mut col, indent);
                    continue;
                }
                // A word wider than the room left: as much of it as fits, the rest below.
                let (head, tail) = split_at_width(word, width - col);
                if head.is_empty() {
                    break_line(&mut lines, &mut line, &mut col, indent);
                    continue;
                }
                line.push(Span::styled(head.to_string(), span.style));
                break_line(&mut lines, &mut line, &mut col, indent);
                word = tail;
            }
        }
    }
    if col > indent || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Ends the current line (dropping its trailing blanks) and starts one indented by `indent`.
fn break_line(
    lines: &mut Vec<Vec<Span<'static>>>,
    line: &mut Vec<Span<'static>>,
    col: &mut usize,
    indent: usize,
) {
    while line.last().is_some_and(|s| s.content.trim().is_empty()) {
        line.pop();
    }
    lines.push(std::mem::replace(line, vec![Span::raw(" ".repeat(indent))]));
    *col = indent;
}

/// Runs of blanks and of non-blanks, in order, each with whether it is blank.
fn tokens(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let blank = first.is_whitespace();
        let end = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace() != blank)
            .map_or(rest.len(), |(i, _)| i);
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some((token, blank))
    })
}

/// The longest prefix of `word` at most `room` columns wide, and the rest.
fn split_at_width(word: &str, room: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in word.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            return word.split_at(i);
        }
        used += w;
    }
    (word, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(spans: &[&str], width: usize) -> Vec<String> {
        let spans = spans.iter().map(|s| Span::raw(s.to_string())).collect();
        hang(spans, width)
            .into_iter()
            .map(|l| l.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn a_row_that_fits_is_left_alone() {
        assert_eq!(
            rows(&["  2015 – 2017    ", "IT director"], 40),
            ["  2015 – 2017    IT director"]
        );
    }

    #[test]
    fn a_long_last_column_wraps_under_itself() {
        assert_eq!(
            rows(
                &["  2015 – 2017  ", "chief clinical information officer"],
                40
            ),
            [
                "  2015 – 2017  chief clinical",
                "               information officer",
            ]
        );
    }

    #[test]
    fn with_no_readable_room_the_continuation_is_indented_by_two() {
        assert_eq!(
            rows(&["2004-11 – ~2005-05   ", "implementation lead"], 30),
            ["2004-11 – ~2005-05", "  implementation lead"]
        );
        // Padding that leaves no room is dropped.
        assert_eq!(
            rows(
                &["                     ", "Trent Strategic Health Authority"],
                30
            ),
            ["  Trent Strategic Health", "  Authority"]
        );
    }

    #[test]
    fn words_longer_than_the_room_are_broken_and_wide_letters_count_double() {
        assert_eq!(
            rows(&["ab ", "abcdefghijklmnop"], 8),
            ["ab abcde", "   fghij", "   klmno", "   p"]
        );
        for line in rows(&["x ", "漢字漢字漢字漢字漢字漢字"], 9) {
            assert!(line.width() <= 9, "{line:?}");
        }
        // Nothing is lost.
        let text: String = rows(&["x ", "漢字漢字漢字漢字漢字漢字"], 9)
            .concat()
            .replace(' ', "");
        assert_eq!(text, "x漢字漢字漢字漢字漢字漢字");
    }
}
