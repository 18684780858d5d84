//! Text from data files is untrusted: a name may carry an escape sequence that rewrites the
//! terminal's title or clipboard, a bidi override that makes a line read backwards, or a
//! zero-width character that breaks column arithmetic. Everything is cleaned once, at load,
//! and anything echoed in an error message is escaped, so nothing later has to remember.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Characters that never reach the screen: C0/C1 controls and DEL (escape sequences),
/// bidirectional controls, and zero-width or invisible format characters.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // bidi marks, embeddings, overrides and isolates
        | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // zero-width space, joiners, word joiner and invisible operators, BOM
        | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}'
        // soft hyphen and line/paragraph separators
        | '\u{ad}' | '\u{2028}' | '\u{2029}'
        // variation selectors (their width differs between terminals) and tag characters
        | '\u{fe00}'..='\u{fe0f}' | '\u{e0000}'..='\u{e007f}'
        // interlinear annotation and object replacement controls
        | '\u{fff9}'..='\u{fffb}'
    )
}

/// Whitespace-like characters that become a single space rather than vanish.
fn is_spacing(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The outcome of cleaning one string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    /// Characters removed (line breaks and tabs turned into spaces do not count).
    pub removed: Vec<char>,
}

/// Normalises to NFC, turns line breaks and tabs into spaces, removes unsafe characters,
/// collapses runs of spaces and trims.
pub fn clean(input: &str) -> Cleaned {
    let mut text = String::with_capacity(input.len());
    let mut removed = Vec::new();
    let mut pending_space = false;
    for c in input.nfc() {
        if is_spacing(c) || c == ' ' {
            pending_space = !text.is_empty();
            continue;
        }
        if is_unsafe(c) {
            removed.push(c);
            continue;
        }
        if pending_space {
            text.push(' ');
            pending_space = false;
        }
        text.push(c);
    }
    Cleaned { text, removed }
}

/// Fast path for the common case: returns the input untouched when it is already clean.
pub fn needs_cleaning(input: &str) -> bool {
    let mut previous_space = true;
    for c in input.chars() {
        if is_unsafe(c) || is_spacing(c) || !c.is_ascii() {
            return true;
        }
        if c == ' ' {
            if previous_space {
                return true;
            }
            previous_space = true;
        } else {
            previous_space = false;
        }
    }
    previous_space && !input.is_empty()
}

/// Escapes unsafe characters as `\u{1b}` so a message can show what was there without
/// letting it act on the terminal.
pub fn escape(input: &str) -> Cow<'_, str> {
    if !input.chars().any(is_unsafe) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A short description of removed characters for a warning: `U+001B, U+202E`.
pub fn describe_removed(removed: &[char]) -> String {
    let mut codes: Vec<String> = Vec::new();
    for c in removed {
        let code = format!("U+{:04X}", *c as u32);
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let shown = codes.len().min(5);
    let mut text = codes[..shown].join(", ");
    if codes.len() > shown {
        text.push_str(&format!(" and {} more", codes.len() - shown));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_bidi_and_zero_width() {
        let c = clean("Evil\u{1b}]52;c;aGk=\u{7}Name\u{202e}x\u{200b}y");
        assert_eq!(c.text, "Evil]52;c;aGk=Namexy");
        assert_eq!(c.removed, vec!['\u{1b}', '\u{7}', '\u{202e}', '\u{200b}']);
    }

    #[test]
    fn line_breaks_become_single_spaces() {
        assert_eq!(clean("  a\n\n b\tc  ").text, "a b c");
    }

    #[test]
    fn composes_accents() {
        assert_eq!(clean("Sia\u{302}n").text, "Siân");
    }

    #[test]
    fn clean_text_is_left_alone() {
        assert!(!needs_cleaning("Zafar Chaudry"));
        assert!(needs_cleaning("Zafar  Chaudry"));
        assert!(needs_cleaning(" x"));
        assert!(needs_cleaning("x "));
        assert!(needs_cleaning("Siân"));
    }

    #[test]
    fn escapes_for_messages() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("plain"), "plain");
    }
}
