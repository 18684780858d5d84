//! Terminal input from an ssh channel: the bytes a client's terminal sends, as the key events
//! the dashboard takes. The decoding is terminput's (a maintained port of crossterm's own
//! input parser, so keys decode exactly as they do on a local terminal, with a crossterm
//! adapter); this only feeds it a byte at a time and decides what a lone Esc means.

use ratatui::crossterm::event::Event;

/// Longest escape sequence kept waiting for its end; past it the bytes are dropped, so a
/// client cannot grow the buffer without limit.
const MAX_PENDING: usize = 256;

/// Turns a stream of input bytes into events, across reads.
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
}

impl InputParser {
    /// The events in `bytes` (one read from the channel), in order. A read that ends inside
    /// an escape sequence keeps the start for the next read, except a lone Esc: a terminal
    /// sends an arrow key's bytes together, so an Esc that ends a read is the Esc key.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        for (i, &b) in bytes.iter().enumerate() {
            self.pending.push(b);
            let more = i + 1 < bytes.len();
            // Esc followed by more bytes may start a sequence: wait for them.
            if self.pending == [0x1b] && more {
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    self.pending.clear();
                    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                        events.push(event);
                    }
                }
                Ok(None) if self.pending.len() < MAX_PENDING => {}
                // Not a sequence anything sends, or too long to be one: drop it.
                Ok(None) | Err(_) => self.pending.clear(),
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn codes(events: &[Event]) -> Vec<KeyCode> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some(k.code),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn keys_arrows_and_a_lone_escape() {
        let mut p = InputParser::default();
        assert_eq!(
            codes(&p.feed(b"/ch\x1b[A\x1bOB\x7f\r")),
            vec![
                KeyCode::Char('/'),
                KeyCode::Char('c'),
                KeyCode::Char('h'),
                KeyCode::Up,
                KeyCode::Down,
                KeyCode::Backspace,
                KeyCode::Enter,
            ]
        );
        assert_eq!(codes(&p.feed(b"\x1b")), vec![KeyCode::Esc]);
        assert_eq!(codes(&p.feed(b"\x1b[6~")), vec![KeyCode::PageDown]);
    }

    #[test]
    fn a_sequence_split_across_reads_and_utf8_split_across_reads() {
        let mut p = InputParser::default();
        assert!(p.feed(b"\x1b[").is_empty());
        assert_eq!(codes(&p.feed(b"B")), vec![KeyCode::Down]);
        let e_acute = "é".as_bytes();
        assert!(p.feed(&e_acute[..1]).is_empty());
        assert_eq!(codes(&p.feed(&e_acute[1..])), vec![KeyCode::Char('é')]);
    }

    #[test]
    fn ctrl_c_is_a_key_and_garbage_is_dropped() {
        let mut p = InputParser::default();
        let events = p.feed(b"\x03");
        assert_eq!(
            events,
            vec![Event::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL
            ))]
        );
        let flood = [b'\x1b', b'[']
            .into_iter()
            .chain(std::iter::repeat_n(b'1', 10_000))
            .collect::<Vec<u8>>();
        p.feed(&flood);
        assert_eq!(codes(&p.feed(b"j")), vec![KeyCode::Char('j')]);
    }
}
