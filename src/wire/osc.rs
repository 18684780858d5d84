//! Operating-system commands the dashboard sends besides its frames: OSC 52 (put text on the
//! clipboard of the terminal the user sits at, which works over ssh) and OSC 8 (hyperlinks).
//! Both frontends (the local terminal and a served session) write these; deciding whether a
//! terminal can take them is here too.

use base64::Engine;

/// How a clipboard sequence gets past a terminal multiplexer between us and the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passthrough {
    /// Straight to the terminal (or to tmux with `set-clipboard on`, which takes OSC 52
    /// itself).
    None,
    /// Wrapped for tmux's passthrough (`allow-passthrough on`).
    Tmux,
    /// Wrapped for GNU screen, in pieces short enough for its DCS buffer.
    Screen,
}

/// Screen passes DCS strings through in pieces of at most this many bytes of payload.
const SCREEN_PIECE: usize = 76;

/// The OSC 52 sequence that sets the clipboard to `text` (the caller keeps it within
/// `app::copy::COPY_LIMIT`).
pub fn osc52(text: &str, via: Passthrough) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let plain = format!("\x1b]52;c;{b64}\x1b\\");
    match via {
        Passthrough::None => plain.into_bytes(),
        Passthrough::Tmux => {
            // Inside tmux's DCS every ESC of the wrapped sequence is doubled.
            let inner = plain.replace('\x1b', "\x1b\x1b");
            format!("\x1bPtmux;{inner}\x1b\\").into_bytes()
        }
        Passthrough::Screen => {
            // ST would end screen's DCS early: the wrapped sequence ends with BEL instead.
            let inner = format!("\x1b]52;c;{b64}\x07");
            let mut out = Vec::with_capacity(inner.len() * 2);
            for piece in inner.as_bytes().chunks(SCREEN_PIECE) {
                out.extend_from_slice(b"\x1bP");
                out.extend_from_slice(piece);
                out.extend_from_slice(b"\x1b\\");
            }
            out
        }
    }
}

/// Mouse reports for presses, releases and the wheel (1000), in SGR form (1006) so that
/// columns past 223 work. Not 1002/1003: drags and motion would send a report for every cell
/// the pointer crosses, all the way up an ssh connection, for nothing the dashboard uses.
pub const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
pub const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1000l";

/// Opens an OSC 8 hyperlink to `url`; cells drawn until [`HYPERLINK_CLOSE`] link to it.
/// Pieces of one address (wrapped over lines) share `id`, so terminals treat them as one.
pub fn hyperlink_open(url: &str, id: usize) -> String {
    format!("\x1b]8;id=nl{id};{}\x1b\\", uri_bytes(url))
}

pub const HYPERLINK_CLOSE: &str = "\x1b]8;;\x1b\\";

/// A URI as OSC 8 carries it: printable ASCII only, everything else percent-encoded (so no
/// byte of it can end the sequence).
fn uri_bytes(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if (0x21..=0x7e).contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether a terminal called `term` shows OSC 8 hyperlinks or at least ignores them. The
/// Linux console prints the sequences' text instead, and a dumb terminal prints everything.
pub fn hyperlinks_understood(term: Option<&str>) -> bool {
    !matches!(term, Some("linux" | "dumb" | "") | None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52("hi", Passthrough::None), b"\x1b]52;c;aGk=\x1b\\");
        assert_eq!(
            osc52("hi", Passthrough::Tmux),
            b"\x1bPtmux;\x1b\x1b]52;c;aGk=\x1b\x1b\\\x1b\\"
        );
        let long = "x".repeat(200);
        let screen = osc52(&long, Passthrough::Screen);
        let pieces = screen.windows(2).filter(|w| w == b"\x1bP").count();
        assert!(pieces > 2, "{pieces}");
        assert!(!screen.windows(2).any(|w| w == b"]5") || screen.starts_with(b"\x1bP\x1b]52"));
    }

    #[test]
    fn hyperlink_addresses_cannot_break_out() {
        assert_eq!(
            hyperlink_open("https://a.b/é x\x1b", 3),
            "\x1b]8;id=nl3;https://a.b/%C3%A9%20x%1B\x1b\\"
        );
        assert!(hyperlinks_understood(Some("xterm-256color")));
        assert!(!hyperlinks_understood(Some("linux")));
        assert!(!hyperlinks_understood(Some("dumb")));
        assert!(!hyperlinks_understood(None));
    }
}
