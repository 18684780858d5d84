//! What goes down the wire to the terminal. crossterm writes even the sixteen named colours
//! in 256-colour form (`ESC[38;5;2m`), which 16-colour terminals (the Linux console, some
//! serial and old ssh clients) do not understand; this writer holds a frame until it is
//! flushed and rewrites those to the classic codes (`ESC[32m`), which every terminal knows and
//! which are shorter too.

use std::io::{self, Write};

pub struct NamedColours<W: Write> {
    inner: W,
    frame: Vec<u8>,
}

impl<W: Write> NamedColours<W> {
    pub fn new(inner: W) -> Self {
        NamedColours {
            inner,
            frame: Vec::with_capacity(16 * 1024),
        }
    }
}

impl<W: Write> Write for NamedColours<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.frame.is_empty() {
            let out = rewrite(&self.frame);
            self.frame.clear();
            self.inner.write_all(&out)?;
        }
        self.inner.flush()
    }
}

/// Rewrites every SGR sequence (`ESC [ params m`) of `bytes`; everything else is copied.
pub fn rewrite(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            let start = i + 2;
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b';') {
                end += 1;
            }
            if bytes.get(end) == Some(&b'm') {
                out.extend_from_slice(b"\x1b[");
                out.extend_from_slice(&sgr(&bytes[start..end]));
                out.push(b'm');
                i = end + 1;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The parameters of one SGR sequence with `38;5;n` / `48;5;n` for n < 16 made classic.
fn sgr(params: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(params);
    let parts: Vec<&str> = text.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        if (p == "38" || p == "48")
            && parts.get(i + 1) == Some(&"5")
            && let Some(n) = parts.get(i + 2).and_then(|n| n.parse::<u8>().ok())
            && n < 16
        {
            let base = match (p, n < 8) {
                ("38", true) => 30,
                ("38", false) => 90,
                (_, true) => 40,
                (_, false) => 100,
            };
            out.push((base + u16::from(n % 8)).to_string());
            i += 3;
            continue;
        }
        out.push(p.to_owned());
        i += 1;
    }
    out.join(";").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_colours_become_classic_codes() {
        let s = |b: &[u8]| String::from_utf8(rewrite(b)).unwrap();
        assert_eq!(s(b"\x1b[38;5;2;49mhi"), "\x1b[32;49mhi");
        assert_eq!(s(b"\x1b[38;5;8mx\x1b[48;5;14my"), "\x1b[90mx\x1b[106my");
        assert_eq!(s(b"\x1b[38;5;200mx"), "\x1b[38;5;200mx");
        assert_eq!(s(b"\x1b[1;7m\x1b[2;3Hz"), "\x1b[1;7m\x1b[2;3Hz");
        assert_eq!(s("é\x1b[38;5;5m─".as_bytes()), "é\x1b[35m─");
    }

    #[test]
    fn writes_are_held_until_flush() {
        let mut w = NamedColours::new(Vec::new());
        w.write_all(b"\x1b[38;").unwrap();
        w.write_all(b"5;6mA").unwrap();
        assert!(w.inner.is_empty());
        w.flush().unwrap();
        assert_eq!(w.inner, b"\x1b[36mA");
    }
}
