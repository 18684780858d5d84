//! A selection over a list of `len` rows that may be far longer than the screen: only the
//! selected row and the scroll offset are stored, so moving costs the same at any size.

/// Selection and scroll offset of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

/// A movement of the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
}

impl Cursor {
    /// Applies a move within `len` rows when `page` rows are visible.
    pub fn apply(&mut self, m: Move, len: usize, page: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let page = page.max(1);
        let last = len - 1;
        self.selected = match m {
            Move::Up => self.selected.saturating_sub(1),
            Move::Down => (self.selected + 1).min(last),
            Move::Top => 0,
            Move::Bottom => last,
            Move::PageUp => self.selected.saturating_sub(page),
            Move::PageDown => (self.selected + page).min(last),
            Move::HalfPageUp => self.selected.saturating_sub(page / 2),
            Move::HalfPageDown => (self.selected + page / 2).min(last),
        };
        // A page move scrolls the view by a page too, as in less and vim.
        match m {
            Move::PageDown => self.offset = (self.offset + page).min(last),
            Move::PageUp => self.offset = self.offset.saturating_sub(page),
            _ => {}
        }
    }

    /// Scrolls the view by `delta` rows of `len` when `height` show at once; the selection
    /// stays where it is unless it would leave the view.
    pub fn scroll(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            return;
        }
        let height = height.max(1);
        let max = len.saturating_sub(height);
        self.offset = self.offset.min(max).saturating_add_signed(delta).min(max);
        let last = (self.offset + height).min(len) - 1;
        self.selected = self.selected.clamp(self.offset, last);
    }

    /// Clamps to `len` rows (after a filter shrank the list).
    pub fn clamp(&mut self, len: usize) {
        if len == 0 {
            *self = Cursor::default();
        } else {
            self.selected = self.selected.min(len - 1);
            self.offset = self.offset.min(self.selected);
        }
    }

    /// Adjusts the offset so the selection is visible in `height` rows of `len`, and returns
    /// the visible range.
    pub fn visible(&mut self, len: usize, height: usize) -> std::ops::Range<usize> {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
        self.offset..(self.offset + height).min(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_in_bounds() {
        let mut c = Cursor::default();
        c.apply(Move::Up, 10, 5);
        assert_eq!(c.selected, 0);
        c.apply(Move::Bottom, 10, 5);
        assert_eq!(c.selected, 9);
        c.apply(Move::Down, 10, 5);
        assert_eq!(c.selected, 9);
        c.apply(Move::PageUp, 10, 5);
        assert_eq!(c.selected, 4);
        c.apply(Move::HalfPageUp, 10, 5);
        assert_eq!(c.selected, 2);
        c.apply(Move::Down, 0, 5);
        assert_eq!(c, Cursor::default());
    }

    #[test]
    fn scrolling_keeps_the_selection_until_it_would_leave() {
        let mut c = Cursor {
            selected: 5,
            offset: 0,
        };
        c.scroll(3, 100, 10);
        assert_eq!((c.offset, c.selected), (3, 5));
        c.scroll(3, 100, 10);
        assert_eq!((c.offset, c.selected), (6, 6));
        c.scroll(1000, 100, 10);
        assert_eq!((c.offset, c.selected), (90, 90));
        c.scroll(-3, 100, 10);
        assert_eq!((c.offset, c.selected), (87, 90));
        c.scroll(-1000, 100, 10);
        assert_eq!((c.offset, c.selected), (0, 9));
    }

    #[test]
    fn visible_window_follows_the_selection() {
        let mut c = Cursor {
            selected: 30,
            offset: 0,
        };
        assert_eq!(c.visible(100, 10), 21..31);
        c.selected = 5;
        assert_eq!(c.visible(100, 10), 5..15);
        c.selected = 99;
        assert_eq!(c.visible(100, 10), 90..100);
        let mut short = Cursor::default();
        assert_eq!(short.visible(3, 10), 0..3);
    }
}
