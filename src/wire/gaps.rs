//! A backend wrapper that writes through short runs of unchanged cells when that is cheaper
//! than jumping over them.
//!
//! ratatui sends the backend only the cells that changed, and the backend moves the cursor
//! (`ESC[row;colH`, 6-8 bytes) before every cell that does not follow the previous one. When
//! the detail pane swaps one person for another, most rows change in scattered places (`Dr Paul
//! Altmann` over `Dr Bob Allen`), so a frame is full of jumps over one or two unchanged
//! letters. This wrapper keeps a copy of what the screen shows, and when the unchanged cells
//! between two changes cost fewer bytes to rewrite than the jump, it sends them too. What the
//! terminal shows is the same either way; only the byte count drops.
//!
//! It is conservative where the copy could be wrong: it never rewrites a wide character, the
//! column after one, or anything after a partial clear, until a full clear makes the copy
//! known again.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;

pub struct GapFill<B: Backend> {
    inner: B,
    screen: Screen,
    /// Off: pass the changes through as they come.
    enabled: bool,
}

/// What the terminal shows, cell by cell, as far as this wrapper knows.
struct Screen {
    width: u16,
    height: u16,
    /// `None` marks a cell whose content is not known for sure (behind a wide character).
    cells: Vec<Option<Cell>>,
    /// False after a partial clear: nothing is known until the next full clear.
    known: bool,
}

impl Screen {
    fn blank(size: Size) -> Screen {
        Screen {
            width: size.width,
            height: size.height,
            cells: vec![Some(Cell::EMPTY); usize::from(size.width) * usize::from(size.height)],
            known: true,
        }
    }

    fn index(&self, x: u16, y: u16) -> Option<usize> {
        (x < self.width && y < self.height)
            .then(|| usize::from(y) * usize::from(self.width) + usize::from(x))
    }

    fn get(&self, x: u16, y: u16) -> Option<&Cell> {
        if !self.known {
            return None;
        }
        self.index(x, y).and_then(|i| self.cells[i].as_ref())
    }

    /// Records that `cell` was written at (x, y), and what that did to its neighbours.
    fn write(&mut self, x: u16, y: u16, cell: &Cell) {
        let Some(i) = self.index(x, y) else {
            return;
        };
        // Writing into the right half of a wide character erases its left half too.
        if x > 0 && self.cells[i - 1].as_ref().is_some_and(|c| width(c) != 1) {
            self.cells[i - 1] = None;
        }
        // Writing over a wide character blanks its right half on most terminals, not all.
        if self.cells[i].as_ref().is_some_and(|c| width(c) > 1) {
            self.forget(x + 1, y);
        }
        let w = width(cell);
        self.cells[i] = Some(cell.clone());
        for dx in 1..w.max(1) {
            self.forget(x.saturating_add(dx), y);
        }
    }

    fn forget(&mut self, x: u16, y: u16) {
        if let Some(i) = self.index(x, y) {
            self.cells[i] = None;
        }
    }
}

fn width(cell: &Cell) -> u16 {
    u16::try_from(cell.symbol().width()).unwrap_or(u16::MAX)
}

impl<B: Backend> GapFill<B> {
    /// Wraps `inner`, whose screen is taken to be blank (as the alternate screen is on entry).
    pub fn new(inner: B) -> GapFill<B> {
        let size = inner.size().unwrap_or_default();
        GapFill::with_size(inner, size)
    }

    /// Wraps `inner` showing a blank screen of `size`, for a backend that cannot tell its size
    /// (one writing into memory).
    pub fn with_size(inner: B, size: Size) -> GapFill<B> {
        GapFill {
            inner,
            screen: Screen::blank(size),
            enabled: true,
        }
    }

    /// Passes changes through untouched unless `mode` is tight.
    pub fn mode(mut self, mode: super::Mode) -> GapFill<B> {
        self.enabled = mode == super::Mode::Tight;
        self
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    pub fn inner_mut(&mut self) -> &mut B {
        &mut self.inner
    }
}

/// The cells to send for `changes`: the changes themselves, plus the unchanged cells between
/// two changes on a row wherever rewriting them costs fewer bytes than the cursor jump.
fn with_gaps_filled<'a>(
    screen: &'a Screen,
    changes: &[(u16, u16, &'a Cell)],
) -> Vec<(u16, u16, &'a Cell)> {
    let mut out: Vec<(u16, u16, &Cell)> = Vec::with_capacity(changes.len());
    let mut last: Option<(u16, u16, &Cell)> = None;
    for &(x, y, cell) in changes {
        if let Some((lx, ly, lcell)) = last
            && ly == y
            && width(lcell) == 1
            && lx + 1 < x
            && let Some(gap) = unchanged_run(screen, lx + 1, x, y)
            && fill_cost(lcell, &gap, cell) < jump_cost(x, y) + style_cost(lcell, cell)
        {
            out.extend(gap.into_iter().zip(lx + 1..).map(|(c, gx)| (gx, y, c)));
        }
        out.push((x, y, cell));
        last = Some((x, y, cell));
    }
    out
}

/// The known, single-width cells from `from` up to (not including) `to` on row `y`; `None`
/// if any of them is unknown or not exactly one column wide.
fn unchanged_run(screen: &Screen, from: u16, to: u16, y: u16) -> Option<Vec<&Cell>> {
    // A jump costs at most 10 bytes, so longer runs never pay.
    if to - from > 10 {
        return None;
    }
    (from..to)
        .map(|x| screen.get(x, y).filter(|c| width(c) == 1))
        .collect()
}

/// Bytes of `ESC[row;colH` for the 0-based (x, y).
fn jump_cost(x: u16, y: u16) -> usize {
    4 + digits(x + 1) + digits(y + 1)
}

fn digits(n: u16) -> usize {
    n.to_string().len()
}

/// Bytes to rewrite `gap` after `last` and then write `next` without a jump.
fn fill_cost(last: &Cell, gap: &[&Cell], next: &Cell) -> usize {
    let mut cost = 0;
    let mut prev = last;
    for &c in gap {
        cost += style_cost(prev, c) + c.symbol().len();
        prev = c;
    }
    cost + style_cost(prev, next)
}

/// A close estimate of the bytes of the style codes between two cells, as the crossterm
/// backend writes them (one code for both colours, one per changed attribute).
fn style_cost(from: &Cell, to: &Cell) -> usize {
    let mut cost = 0;
    if from.fg != to.fg || from.bg != to.bg {
        cost += 3 + colour_cost(to.fg) + colour_cost(to.bg);
    }
    if from.underline_color != to.underline_color {
        cost += 3 + colour_cost(to.underline_color);
    }
    let changed = (from.modifier ^ to.modifier).bits().count_ones() as usize;
    cost + changed * 5
}

/// Bytes of one colour's parameters once `colours` has made named colours classic (`32`).
fn colour_cost(c: Color) -> usize {
    match c {
        Color::Rgb(..) => 16,
        Color::Indexed(_) => 8,
        _ => 3,
    }
}

impl<B: Backend> Backend for GapFill<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if !self.enabled {
            return self.inner.draw(content);
        }
        let changes: Vec<(u16, u16, &Cell)> = content.collect();
        let cells = with_gaps_filled(&self.screen, &changes);
        self.inner.draw(cells.into_iter())?;
        for &(x, y, cell) in &changes {
            self.screen.write(x, y, cell);
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.screen.known = false;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)?;
        self.screen = match clear_type {
            ClearType::All => Screen::blank(self.inner.size()?),
            _ => Screen {
                known: false,
                ..Screen::blank(Size::default())
            },
        };
        Ok(())
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    fn plan(screen_rows: &[&str], next_rows: &[&str]) -> Vec<(u16, u16, String)> {
        let w = screen_rows[0].chars().count() as u16;
        let mut screen = Screen::blank(Size::new(w, screen_rows.len() as u16));
        let next: Vec<Vec<Cell>> = next_rows
            .iter()
            .map(|r| r.chars().map(Cell::from).collect())
            .collect();
        for (y, r) in screen_rows.iter().enumerate() {
            for (x, c) in r.chars().enumerate() {
                screen.write(x as u16, y as u16, &Cell::from(c));
            }
        }
        let mut changes = Vec::new();
        for (y, r) in screen_rows.iter().enumerate() {
            for (x, c) in r.chars().enumerate() {
                if next[y][x].symbol() != c.to_string() {
                    changes.push((x as u16, y as u16, &next[y][x]));
                }
            }
        }
        with_gaps_filled(&screen, &changes)
            .into_iter()
            .map(|(x, y, c)| (x, y, c.symbol().to_string()))
            .collect()
    }

    #[test]
    fn short_unchanged_runs_between_changes_are_written_through() {
        // "Dr Bob Allen" -> "Dr Paul Altmann": one jump over "Al" costs 7 bytes, 2 letters 2.
        let sent = plan(&["Dr Bob Allen    "], &["Dr Paul Altmann "]);
        let text: String = sent.iter().map(|(_, _, s)| s.as_str()).collect();
        assert_eq!(text, "Paul Altmann");
        assert_eq!(sent.first().map(|c| c.0), Some(3));
        assert!(sent.windows(2).all(|w| w[1].0 == w[0].0 + 1), "{sent:?}");
    }

    #[test]
    fn long_unchanged_runs_are_still_jumped() {
        let sent = plan(&["a               b"], &["x               y"]);
        assert_eq!(
            sent,
            vec![(0, 0, "x".to_string()), (16, 0, "y".to_string())]
        );
    }

    #[test]
    fn wide_characters_are_never_rewritten_from_memory() {
        let mut screen = Screen::blank(Size::new(8, 1));
        for (x, c) in [(0, "a"), (1, "漢"), (3, "b")] {
            let mut cell = Cell::EMPTY;
            cell.set_symbol(c);
            screen.write(x, 0, &cell);
        }
        let (x0, x4) = (Cell::from('x'), Cell::from('y'));
        let sent = with_gaps_filled(&screen, &[(0, 0, &x0), (4, 0, &x4)]);
        assert_eq!(
            sent.len(),
            2,
            "the wide character and the cell behind it are not resent"
        );
        // Overwriting the right half of a wide character forgets the left half too.
        screen.write(2, 0, &Cell::from('z'));
        assert!(screen.get(1, 0).is_none() && screen.get(2, 0).is_some());
    }

    // That the screen looks the same with and without GapFill is tested through a terminal
    // emulator in tests/wire.rs.

    #[test]
    fn a_partial_clear_stops_filling_until_a_full_clear() {
        let mut g = GapFill::new(TestBackend::new(10, 1));
        g.clear_region(ClearType::CurrentLine).unwrap();
        assert!(g.screen.get(0, 0).is_none());
        g.clear_region(ClearType::All).unwrap();
        assert_eq!(g.screen.get(0, 0), Some(&Cell::EMPTY));
    }
}
