//! Runs of blanks sent as one erase (`ESC[nX`, ECH) instead of n spaces.
//!
//! When the detail pane swaps a long summary for a short one, every cell of the old text is
//! overwritten with a space: 30 blanks, 30 bytes. ECH erases n cells from the cursor in 4-5
//! bytes, and every terminal since the VT220 has it (xterm and its descendants, the Linux
//! console, tmux, screen, Windows Terminal). It leaves the cursor where it was, so a run is
//! only replaced where the next thing written is an absolute cursor move or the end of the
//! frame; and it fills with the default background, so only where no background colour,
//! reverse video or line attribute would have shown on the blanks.

/// Shortest run worth replacing: `ESC[5X` is 4 bytes.
const MIN_RUN: usize = 5;

/// `frame` with each eligible run of spaces replaced by an erase.
pub fn erase_runs(frame: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(frame.len());
    // Each frame starts from the reset the previous one ended with.
    let mut pen = Pen::default();
    let mut i = 0;
    while i < frame.len() {
        match frame[i] {
            0x1b => {
                let end = escape_end(frame, i);
                if let Some(params) = sgr_params(&frame[i..end]) {
                    pen = pen.apply(params);
                }
                out.extend_from_slice(&frame[i..end]);
                i = end;
            }
            b' ' => {
                let end = frame[i..]
                    .iter()
                    .position(|&b| b != b' ')
                    .map_or(frame.len(), |n| i + n);
                let n = end - i;
                if pen.is_plain() && n >= MIN_RUN && cursor_is_moved_after(frame, end) {
                    out.extend_from_slice(format!("\x1b[{n}X").as_bytes());
                } else {
                    out.extend_from_slice(&frame[i..end]);
                }
                i = end;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The index just past the escape sequence starting at `start` (which holds ESC): a CSI runs
/// to its final byte, an OSC to BEL or ST, anything else is two bytes.
fn escape_end(b: &[u8], start: usize) -> usize {
    match b.get(start + 1) {
        Some(b'[') => b[start + 2..]
            .iter()
            .position(|c| (0x40..=0x7e).contains(c))
            .map_or(b.len(), |n| start + 2 + n + 1),
        Some(b']') => {
            let mut j = start + 2;
            while j < b.len() {
                if b[j] == 0x07 {
                    return j + 1;
                }
                if b[j] == 0x1b && b.get(j + 1) == Some(&b'\\') {
                    return j + 2;
                }
                j += 1;
            }
            b.len()
        }
        Some(_) => start + 2,
        None => b.len(),
    }
}

/// The parameters of an SGR sequence (`ESC [ params m`), or `None` for any other sequence.
fn sgr_params(seq: &[u8]) -> Option<&[u8]> {
    let inner = seq.strip_prefix(b"\x1b[")?.strip_suffix(b"m")?;
    inner
        .iter()
        .all(|c| c.is_ascii_digit() || *c == b';' || *c == b':')
        .then_some(inner)
}

/// What of the current style would show on a blank cell.
#[derive(Clone, Copy, Default)]
struct Pen {
    background: bool,
    reverse: bool,
    underline: bool,
    blink: bool,
    strike: bool,
    overline: bool,
}

impl Pen {
    /// Blanks drawn with this pen look exactly like erased cells.
    fn is_plain(self) -> bool {
        !(self.background
            || self.reverse
            || self.underline
            || self.blink
            || self.strike
            || self.overline)
    }

    /// The pen after an SGR sequence with `params`.
    fn apply(mut self, params: &[u8]) -> Pen {
        let text = String::from_utf8_lossy(params);
        let mut parts = text.split(';');
        while let Some(p) = parts.next() {
            match p {
                "" | "0" => self = Pen::default(),
                "7" => self.reverse = true,
                "27" => self.reverse = false,
                "4:0" | "24" => self.underline = false,
                "4" | "21" => self.underline = true,
                u if u.starts_with("4:") => self.underline = true,
                "5" | "6" => self.blink = true,
                "25" => self.blink = false,
                "9" => self.strike = true,
                "29" => self.strike = false,
                "53" => self.overline = true,
                "55" => self.overline = false,
                "49" => self.background = false,
                "48" => {
                    skip_extended_colour(&mut parts);
                    self.background = true;
                }
                "38" | "58" => skip_extended_colour(&mut parts),
                c if matches!(c.parse::<u8>(), Ok(40..=47 | 100..=107)) => self.background = true,
                _ => {}
            }
        }
        self
    }
}

/// `38;5;n` and `38;2;r;g;b` carry their own parameters, which are not codes.
fn skip_extended_colour<'a>(parts: &mut impl Iterator<Item = &'a str>) {
    let skip = match parts.next() {
        Some("5") => 1,
        Some("2") => 3,
        _ => 0,
    };
    for _ in 0..skip {
        parts.next();
    }
}

/// Whether, after the spaces ending at `from`, the next thing that matters is an absolute
/// cursor move or the end of the frame (style codes and hiding the cursor in between do not
/// move it).
fn cursor_is_moved_after(b: &[u8], from: usize) -> bool {
    let mut i = from;
    loop {
        if i >= b.len() {
            return true;
        }
        if b[i] != 0x1b || b.get(i + 1) != Some(&b'[') {
            return false;
        }
        let end = escape_end(b, i);
        let seq = &b[i..end];
        if seq.ends_with(b"H")
            && seq[2..seq.len() - 1]
                .iter()
                .all(|c| c.is_ascii_digit() || *c == b';')
        {
            return true;
        }
        if sgr_params(seq).is_none() && seq != b"\x1b[?25l" {
            return false;
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(b: &[u8]) -> String {
        String::from_utf8(erase_runs(b)).unwrap()
    }

    #[test]
    fn blank_runs_before_a_move_or_the_end_become_erases() {
        assert_eq!(s(b"ab          \x1b[3;4Hc"), "ab\x1b[10X\x1b[3;4Hc");
        assert_eq!(s(b"ab      \x1b[0m\x1b[?25l"), "ab\x1b[6X\x1b[0m\x1b[?25l");
        assert_eq!(s(b"x     "), "x\x1b[5X");
    }

    #[test]
    fn blanks_stay_where_the_cursor_position_after_them_matters() {
        // Text follows: the cursor must have advanced past the blanks.
        assert_eq!(s(b"a      b"), "a      b");
        assert_eq!(s(b"a      \x1b[32mb"), "a      \x1b[32mb");
        // Showing the cursor: it would show at the wrong place.
        assert_eq!(s(b"a      \x1b[?25h"), "a      \x1b[?25h");
        // Too short to pay.
        assert_eq!(s(b"a    \x1b[1;1H"), "a    \x1b[1;1H");
    }

    #[test]
    fn blanks_that_show_a_style_are_kept() {
        for code in [
            "7",
            "4",
            "4:3",
            "9",
            "44",
            "104",
            "48;5;2",
            "48;2;1;2;3",
            "53",
            "5",
        ] {
            let frame = format!("\x1b[{code}m      \x1b[1;1H");
            assert_eq!(s(frame.as_bytes()), frame, "SGR {code}");
        }
        // Colours of the text, bold and dim do not show on a blank.
        assert_eq!(
            s(b"\x1b[1;32;49m      \x1b[1;1H"),
            "\x1b[1;32;49m\x1b[6X\x1b[1;1H"
        );
        assert_eq!(
            s(b"\x1b[38;5;44m      \x1b[1;1H"),
            "\x1b[38;5;44m\x1b[6X\x1b[1;1H"
        );
        // Turning the style off again, or resetting, makes blanks plain.
        assert_eq!(
            s(b"\x1b[7m\x1b[27m      \x1b[1;1H"),
            "\x1b[7m\x1b[27m\x1b[6X\x1b[1;1H"
        );
        assert_eq!(
            s(b"\x1b[44;4m\x1b[0m      \x1b[1;1H"),
            "\x1b[44;4m\x1b[0m\x1b[6X\x1b[1;1H"
        );
        assert_eq!(
            s(b"\x1b[7;44m\x1b[27;49m      "),
            "\x1b[7;44m\x1b[27;49m\x1b[6X"
        );
    }

    #[test]
    fn spaces_inside_escape_sequences_are_not_blanks() {
        let cursor_style = b"\x1b[2      q\x1b[1;1H";
        assert_eq!(erase_runs(cursor_style), cursor_style);
        let title = b"\x1b]0;a      b\x07\x1b[1;1H";
        assert_eq!(erase_runs(title), title);
    }
}
