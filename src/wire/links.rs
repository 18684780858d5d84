//! Source addresses as OSC 8 hyperlinks, added between ratatui and the terminal so that
//! nothing above knows: widths, the cell diff and the byte-saving layers see plain text.
//!
//! The draw records where addresses are on screen ([`Link`]s, handed over through a
//! [`LinkSlot`]); this backend wrapper, below `GapFill`, opens a link before the first cell
//! of each run it sends inside an address and closes it after the last. A terminal keeps a
//! cell's link until the cell is rewritten, so cells whose link changed but whose text did not
//! (an address gone from a spot that shows the same letters, or a new one over letters already
//! there) are sent again from a copy of the screen kept here.

use super::osc::{HYPERLINK_CLOSE, hyperlink_open};
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::sync::{Arc, Mutex};

/// An address drawn at (`x`, `y`), `width` cells wide, linking to `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub url: String,
}

/// Where the draw leaves the frame's links for the backend.
pub type LinkSlot = Arc<Mutex<Vec<Link>>>;

pub struct Hyperlinks<B: Backend> {
    inner: B,
    enabled: bool,
    slot: LinkSlot,
    size: Size,
    /// What the terminal shows, and the link (1-based index into `urls`; 0 none) of each cell.
    cells: Vec<Cell>,
    linked: Vec<usize>,
    urls: Vec<String>,
}

impl<B: Backend> Hyperlinks<B> {
    /// Wraps `inner`, whose screen is taken to be blank; `enabled` false passes everything
    /// through (for terminals that show OSC 8 as text, and `--no-hyperlinks`).
    pub fn new(inner: B, slot: LinkSlot, enabled: bool) -> Hyperlinks<B> {
        let size = inner.size().unwrap_or_default();
        Hyperlinks::with_size(inner, slot, enabled, size)
    }

    pub fn with_size(inner: B, slot: LinkSlot, enabled: bool, size: Size) -> Hyperlinks<B> {
        let n = usize::from(size.width) * usize::from(size.height);
        Hyperlinks {
            inner,
            enabled,
            slot,
            size,
            cells: vec![Cell::EMPTY; n],
            linked: vec![0; n],
            urls: Vec::new(),
        }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    pub fn inner_mut(&mut self) -> &mut B {
        &mut self.inner
    }

    fn index(&self, x: u16, y: u16) -> Option<usize> {
        (x < self.size.width && y < self.size.height)
            .then(|| usize::from(y) * usize::from(self.size.width) + usize::from(x))
    }

    fn reset(&mut self, size: Size) {
        let n = usize::from(size.width) * usize::from(size.height);
        self.size = size;
        self.cells = vec![Cell::EMPTY; n];
        self.linked = vec![0; n];
    }

    /// Each cell's link in the frame being drawn (1-based into `urls`, 0 for none).
    fn links_of_frame(&mut self) -> Vec<usize> {
        let mut map = vec![0; self.cells.len()];
        let links = match self.slot.lock() {
            Ok(l) => l.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        for link in &links {
            let id = match self.urls.iter().position(|u| *u == link.url) {
                Some(i) => i + 1,
                None => {
                    self.urls.push(link.url.clone());
                    self.urls.len()
                }
            };
            for dx in 0..link.width {
                if let Some(i) = self.index(link.x.saturating_add(dx), link.y) {
                    map[i] = id;
                }
            }
        }
        map
    }
}

impl<B: Backend> Backend for Hyperlinks<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if !self.enabled {
            return self.inner.draw(content);
        }
        let map = self.links_of_frame();
        let mut sent = vec![false; self.cells.len()];
        let mut out: Vec<(u16, u16, Cell)> = Vec::new();
        for (x, y, cell) in content {
            if let Some(i) = self.index(x, y) {
                self.cells[i] = cell.clone();
                sent[i] = true;
            }
            out.push((x, y, cell.clone()));
        }
        // Cells whose link changed but whose text did not: send them again.
        let width = usize::from(self.size.width.max(1));
        for i in 0..self.cells.len() {
            if !sent[i] && map[i] != self.linked[i] && self.cells[i].symbol() != "" {
                let (x, y) = ((i % width) as u16, (i / width) as u16);
                out.push((x, y, self.cells[i].clone()));
            }
        }
        out.sort_by_key(|(x, y, _)| (*y, *x));
        self.linked = map;
        // Open a link at the first cell of each run inside one, close it after the last.
        let link_at = |x: u16, y: u16| -> usize {
            if x < self.size.width && y < self.size.height {
                self.linked[usize::from(y) * width + usize::from(x)]
            } else {
                0
            }
        };
        for k in 0..out.len() {
            let (x, y) = (out[k].0, out[k].1);
            let id = link_at(x, y);
            if id == 0 {
                continue;
            }
            let prev_same = k > 0 && {
                let (px, py, _) = &out[k - 1];
                *py == y && px + 1 == x && link_at(*px, *py) == id
            };
            let next_same = out
                .get(k + 1)
                .is_some_and(|(nx, ny, _)| *ny == y && *nx == x + 1 && link_at(*nx, *ny) == id);
            let mut symbol = String::new();
            if !prev_same {
                symbol.push_str(&hyperlink_open(&self.urls[id - 1], id));
            }
            symbol.push_str(out[k].2.symbol());
            if !next_same {
                symbol.push_str(HYPERLINK_CLOSE);
            }
            out[k].2.set_symbol(&symbol);
        }
        self.inner.draw(out.iter().map(|(x, y, c)| (*x, *y, c)))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
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
        // After any clear, what is known of the screen is only that it holds no links where
        // it was cleared; a full clear starts afresh.
        let size = self.inner.size().unwrap_or(self.size);
        self.reset(size);
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

    fn cells(text: &str, y: u16) -> Vec<(u16, u16, Cell)> {
        text.chars()
            .enumerate()
            .map(|(x, c)| (x as u16, y, Cell::from(c)))
            .collect()
    }

    /// Draws `changes` with `links` and returns what reached the inner backend's cells.
    fn draw(h: &mut Hyperlinks<TestBackend>, links: Vec<Link>, changes: &[(u16, u16, Cell)]) {
        *h.slot.lock().unwrap() = links;
        h.draw(changes.iter().map(|(x, y, c)| (*x, *y, c))).unwrap();
    }

    #[test]
    fn a_run_inside_an_address_is_opened_once_and_closed_once() {
        let slot = LinkSlot::default();
        let mut h = Hyperlinks::with_size(TestBackend::new(10, 2), slot, true, Size::new(10, 2));
        let link = Link {
            x: 2,
            y: 0,
            width: 3,
            url: "https://x.y/".into(),
        };
        draw(&mut h, vec![link], &cells("ab:cde", 0));
        let buf = h.inner().buffer();
        assert!(
            buf[(2, 0)]
                .symbol()
                .starts_with("\x1b]8;id=nl1;https://x.y/\x1b\\:")
        );
        assert_eq!(buf[(3, 0)].symbol(), "c");
        assert!(buf[(4, 0)].symbol().ends_with("d\x1b]8;;\x1b\\"));
        assert_eq!(buf[(5, 0)].symbol(), "e");
    }

    #[test]
    fn cells_that_lose_their_link_are_sent_again() {
        let slot = LinkSlot::default();
        let mut h = Hyperlinks::with_size(TestBackend::new(10, 1), slot, true, Size::new(10, 1));
        let link = Link {
            x: 0,
            y: 0,
            width: 2,
            url: "u".into(),
        };
        draw(&mut h, vec![link], &cells("ab", 0));
        // Nothing changed in the text, but the link is gone: both cells are rewritten plain.
        draw(&mut h, Vec::new(), &[]);
        let buf = h.inner().buffer();
        assert_eq!((buf[(0, 0)].symbol(), buf[(1, 0)].symbol()), ("a", "b"));
    }

    #[test]
    fn off_passes_cells_through() {
        let slot = LinkSlot::default();
        let mut h = Hyperlinks::with_size(TestBackend::new(4, 1), slot, false, Size::new(4, 1));
        let link = Link {
            x: 0,
            y: 0,
            width: 2,
            url: "u".into(),
        };
        draw(&mut h, vec![link], &cells("ab", 0));
        assert_eq!(h.inner().buffer()[(0, 0)].symbol(), "a");
    }
}
