//! crossterm writes even the sixteen named colours in 256-colour form (`ESC[38;5;2m`), which
//! 16-colour terminals (the Linux console, some serial and old ssh clients) do not understand;
//! a frame's bytes are rewritten to the classic codes (`ESC[32m`), which every terminal knows
//! and which are shorter too.
//!
//! The style codes are also said once instead of several times: back-to-back codes become one
//! (`ESC[1m ESC[35;49m` is `ESC[1;35m`), a colour that is already set is not set again
//! (crossterm always sends both colours when either changes), and codes that a reset right
//! after them makes moot are dropped (every frame ends with `ESC[39m ESC[49m ESC[59m ESC[0m`,
//! which says no more than `ESC[0m`).

/// The colours in force, as their (classic) codes; `None` when unknown.
#[derive(Clone, PartialEq)]
struct Pen {
    fg: Option<String>,
    bg: Option<String>,
}

impl Pen {
    /// After a reset, and at the start of every frame: crossterm draws each frame from the
    /// reset the last one ended with.
    fn reset() -> Pen {
        Pen {
            fg: Some("39".into()),
            bg: Some("49".into()),
        }
    }
}

/// Rewrites every run of SGR sequences (`ESC [ params m`) of `bytes`; everything else is
/// copied.
pub fn rewrite(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut pen = Pen::reset();
    let mut run: Vec<String> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some((params, end)) = sgr_at(bytes, i) {
            for group in groups(&params) {
                add(&mut run, &mut pen, group);
            }
            i = end;
            continue;
        }
        flush_run(&mut out, &mut run);
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b']') {
            // An OSC (a hyperlink, a title) changes no colour: copy it whole.
            let end = osc_end(bytes, i);
            out.extend_from_slice(&bytes[i..end]);
            i = end;
            continue;
        }
        if bytes[i] == 0x1b && !moves_only(bytes, i) {
            // Something other than a cursor move or an erase: assume nothing about colours.
            pen = Pen { fg: None, bg: None };
        }
        out.push(bytes[i]);
        i += 1;
    }
    flush_run(&mut out, &mut run);
    out
}

/// The index just past the OSC starting at `i`: after its BEL or ST, or the end.
fn osc_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 2;
    while j < bytes.len() {
        if bytes[j] == 0x07 {
            return j + 1;
        }
        if bytes[j] == 0x1b && bytes.get(j + 1) == Some(&b'\\') {
            return j + 2;
        }
        j += 1;
    }
    bytes.len()
}

/// The parameters and end of an SGR sequence starting at `i`.
fn sgr_at(bytes: &[u8], i: usize) -> Option<(String, usize)> {
    if bytes[i] != 0x1b || bytes.get(i + 1) != Some(&b'[') {
        return None;
    }
    let start = i + 2;
    let mut end = start;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b';') {
        end += 1;
    }
    (bytes.get(end) == Some(&b'm')).then(|| {
        (
            String::from_utf8_lossy(&bytes[start..end]).into_owned(),
            end + 1,
        )
    })
}

/// Whether the escape sequence at `i` only moves the cursor, erases, or shows or hides the
/// cursor, none of which touches colours.
fn moves_only(bytes: &[u8], i: usize) -> bool {
    let Some(rest) = bytes.get(i + 1..) else {
        return false;
    };
    let Some(body) = rest.strip_prefix(b"[") else {
        return false;
    };
    let params = body
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b';' || **c == b'?')
        .count();
    matches!(
        body.get(params),
        Some(b'H' | b'X' | b'l' | b'h' | b'J' | b'K')
    ) && !body[..params].starts_with(b"?1049")
}

/// One code with its arguments: `1`, `32`, `38;5;200`, `48;2;1;2;3`; named colours made
/// classic.
fn groups(params: &str) -> Vec<String> {
    let parts: Vec<&str> = params.split(';').collect();
    let mut out = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        let arity = match (p, parts.get(i + 1).copied()) {
            ("38" | "48" | "58", Some("5")) => 2,
            ("38" | "48" | "58", Some("2")) => 4,
            _ => 0,
        };
        let args = &parts[i + 1..(i + 1 + arity).min(parts.len())];
        let classic = match (p, args) {
            ("38" | "48", ["5", n]) => n.parse::<u8>().ok().filter(|n| *n < 16).map(|n| {
                let base = match (p, n < 8) {
                    ("38", true) => 30,
                    ("38", false) => 90,
                    (_, true) => 40,
                    (_, false) => 100,
                };
                (base + u16::from(n % 8)).to_string()
            }),
            _ => None,
        };
        out.push(classic.unwrap_or_else(|| {
            std::iter::once(p)
                .chain(args.iter().copied())
                .collect::<Vec<_>>()
                .join(";")
        }));
        i += 1 + arity;
    }
    out
}

enum Kind {
    Reset,
    Fg,
    Bg,
    Other,
}

fn kind(group: &str) -> Kind {
    let code = group.split(';').next().unwrap_or("");
    match code.parse::<u8>() {
        Err(_) if code.is_empty() => Kind::Reset,
        Ok(0) => Kind::Reset,
        Ok(30..=39 | 90..=97) => Kind::Fg,
        Ok(40..=49 | 100..=107) => Kind::Bg,
        _ => Kind::Other,
    }
}

/// Adds one code to the pending run, leaving out what changes nothing.
fn add(run: &mut Vec<String>, pen: &mut Pen, group: String) {
    match kind(&group) {
        Kind::Reset => {
            run.clear();
            run.push("0".into());
            *pen = Pen::reset();
        }
        Kind::Fg if pen.fg.as_deref() == Some(group.as_str()) => {}
        Kind::Bg if pen.bg.as_deref() == Some(group.as_str()) => {}
        Kind::Fg => {
            run.retain(|g| !matches!(kind(g), Kind::Fg));
            pen.fg = Some(group.clone());
            run.push(group);
        }
        Kind::Bg => {
            run.retain(|g| !matches!(kind(g), Kind::Bg));
            pen.bg = Some(group.clone());
            run.push(group);
        }
        Kind::Other => run.push(group),
    }
}

fn flush_run(out: &mut Vec<u8>, run: &mut Vec<String>) {
    if !run.is_empty() {
        out.extend_from_slice(b"\x1b[");
        out.extend_from_slice(run.join(";").as_bytes());
        out.push(b'm');
        run.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(b: &[u8]) -> String {
        String::from_utf8(rewrite(b)).unwrap()
    }

    #[test]
    fn named_colours_become_classic_codes() {
        assert_eq!(s(b"\x1b[38;5;2;49mhi"), "\x1b[32mhi");
        assert_eq!(s(b"\x1b[38;5;8mx\x1b[48;5;14my"), "\x1b[90mx\x1b[106my");
        assert_eq!(s(b"\x1b[38;5;200mx"), "\x1b[38;5;200mx");
        assert_eq!(s(b"\x1b[48;2;1;2;3;38;5;9mx"), "\x1b[48;2;1;2;3;91mx");
        assert_eq!(s(b"\x1b[1;7m\x1b[2;3Hz"), "\x1b[1;7m\x1b[2;3Hz");
        assert_eq!(s("é\x1b[38;5;5m─".as_bytes()), "é\x1b[35m─");
    }

    #[test]
    fn back_to_back_codes_become_one_and_repeats_are_left_out() {
        assert_eq!(s(b"\x1b[1m\x1b[38;5;5;49mA"), "\x1b[1;35mA");
        // The background is already the default; the text colour is already green.
        assert_eq!(
            s(b"\x1b[32;49mA\x1b[2;3H\x1b[32;49mB"),
            "\x1b[32mA\x1b[2;3HB"
        );
        assert_eq!(s(b"\x1b[32;44mA\x1b[39;44mB"), "\x1b[32;44mA\x1b[39mB");
        // A later colour in the same run replaces an earlier one.
        assert_eq!(s(b"\x1b[32m\x1b[35mA"), "\x1b[35mA");
        // After anything but a move, colours are not assumed.
        assert_eq!(
            s(b"\x1b[32mA\x1b[?1049h\x1b[32mB"),
            "\x1b[32mA\x1b[?1049h\x1b[32mB"
        );
    }

    #[test]
    fn codes_undone_by_a_reset_are_dropped() {
        assert_eq!(
            s(b"x\x1b[39m\x1b[49m\x1b[59m\x1b[0m\x1b[?25l"),
            "x\x1b[0m\x1b[?25l"
        );
        assert_eq!(s(b"\x1b[1m\x1b[m"), "\x1b[0m");
        assert_eq!(s(b"\x1b[0m\x1b[1m"), "\x1b[0;1m");
        // A reset only undoes what came before it, and only within one run of codes.
        assert_eq!(s(b"\x1b[1mA\x1b[0m\x1b[32mB"), "\x1b[1mA\x1b[0;32mB");
        assert_eq!(s(b"\x1b[1m\x1b[2;3H\x1b[0m"), "\x1b[1m\x1b[2;3H\x1b[0m");
    }
}
