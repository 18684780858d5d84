//! What goes down the wire to the terminal, made small and understood everywhere. Over ssh
//! every byte of a keystroke's redraw is latency, and the terminal at the far end may be a
//! Linux console that knows only sixteen colours.
//!
//! [`GapFill`] sits between ratatui and crossterm and writes through short unchanged runs
//! where that beats a cursor jump; [`FrameWriter`] sits between crossterm and the terminal
//! and rewrites each frame's bytes: classic colour codes ([`colours`]) and blank runs as
//! erases ([`blanks`]).

pub mod blanks;
pub mod colours;
pub mod gaps;
pub mod links;
pub mod osc;

pub use gaps::GapFill;
pub use links::{Hyperlinks, Link, LinkSlot};

use std::io::{self, Write};

/// How frames are written: `Tight` (every saving above) or `Plain` (what ratatui and
/// crossterm write, colours aside), for a terminal that misdraws the tight form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    #[default]
    Tight,
    Plain,
}

/// Holds what crossterm writes until it is flushed (crossterm flushes once per frame), then
/// writes the frame rewritten.
pub struct FrameWriter<W: Write> {
    inner: W,
    frame: Vec<u8>,
    mode: Mode,
}

impl<W: Write> FrameWriter<W> {
    pub fn new(inner: W, mode: Mode) -> Self {
        FrameWriter {
            inner,
            frame: Vec::with_capacity(16 * 1024),
            mode,
        }
    }

    /// The writer underneath, for bytes that are not a frame (leaving the screen).
    pub fn inner_mut(&mut self) -> &mut W {
        &mut self.inner
    }
}

/// A frame's bytes as they should reach the terminal. Colours are made classic in either
/// mode: that is for the terminals that know no other kind, not for size.
pub fn rewrite(frame: &[u8], mode: Mode) -> Vec<u8> {
    let classic = colours::rewrite(frame);
    match mode {
        Mode::Tight => blanks::erase_runs(&classic),
        Mode::Plain => classic,
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.frame.is_empty() {
            let out = rewrite(&self.frame, self.mode);
            self.frame.clear();
            self.inner.write_all(&out)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_held_until_flush() {
        let mut w = FrameWriter::new(Vec::new(), Mode::Tight);
        w.write_all(b"\x1b[38;").unwrap();
        w.write_all(b"5;6mA").unwrap();
        assert!(w.inner.is_empty());
        w.flush().unwrap();
        assert_eq!(w.inner, b"\x1b[36mA");
    }
}
