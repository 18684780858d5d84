//! How the dashboard writes dates: as the data does (`2017-09-01`, ISO 8601) or the British
//! way (`1 Sep 2017`). The precision is kept either way: a month stays a month (`Sep 2017`), a
//! year a year, and an approximate date keeps its `~`. Only what the dashboard shows changes;
//! the command line, JSON and exports always write ISO dates.

use crate::model::{PartialDate, Precision};
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// `2017-09-01`, `2017-09`, `2017`.
    #[default]
    Iso,
    /// `1 Sep 2017`, `Sep 2017`, `2017`.
    Uk,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl DateStyle {
    pub const NAMES: [&'static str; 2] = ["iso", "uk"];

    pub fn parse(name: &str) -> Option<DateStyle> {
        match name {
            "iso" => Some(DateStyle::Iso),
            "uk" => Some(DateStyle::Uk),
            _ => None,
        }
    }

    /// One date in this style.
    pub fn date(self, d: &PartialDate) -> String {
        match self {
            DateStyle::Iso => d.to_string(),
            DateStyle::Uk => {
                let approx = if d.is_approximate() { "~" } else { "" };
                let month = d
                    .month()
                    .and_then(|m| MONTHS.get(usize::from(m).wrapping_sub(1)));
                match (d.precision(), month, d.day()) {
                    (Precision::Day, Some(m), Some(day)) => {
                        format!("{approx}{day} {m} {:04}", d.year())
                    }
                    (Precision::Month | Precision::Day, Some(m), _) => {
                        format!("{approx}{m} {:04}", d.year())
                    }
                    _ => d.to_string(),
                }
            }
        }
    }

    /// `text` with every date written as the data writes them (`2017-06`, `~2015-07-31`)
    /// rewritten in this style. The text keeps its width where it can: a longer date eats
    /// into the blanks that pad the text to a column, leaving at least one.
    pub fn text(self, text: &str) -> Cow<'_, str> {
        if self == DateStyle::Iso || !text.as_bytes().windows(5).any(is_year_month_start) {
            return Cow::Borrowed(text);
        }
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len() + 8);
        let mut i = 0;
        let mut copied = 0;
        while i < bytes.len() {
            let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            if boundary && let Some(len) = iso_date_at(&bytes[i..]) {
                let start = if i > 0 && bytes[i - 1] == b'~' {
                    i - 1
                } else {
                    i
                };
                if let Ok(d) = PartialDate::parse(&text[start..i + len]) {
                    out.push_str(&text[copied..start]);
                    out.push_str(&self.date(&d));
                    copied = i + len;
                }
                i += len;
                continue;
            }
            i += 1;
        }
        out.push_str(&text[copied..]);
        let (before, after) = (text.width(), out.width());
        if after > before {
            let trailing = out.len() - out.trim_end_matches(' ').len();
            let cut = (after - before).min(trailing.saturating_sub(1));
            out.truncate(out.len() - cut);
        }
        Cow::Owned(out)
    }
}

fn is_year_month_start(w: &[u8]) -> bool {
    w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'-'
}

/// The length of an ISO date (`YYYY-MM` or `YYYY-MM-DD`) at the start of `b`, ending at a
/// non-alphanumeric byte.
fn iso_date_at(b: &[u8]) -> Option<usize> {
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7)) {
        return None;
    }
    let len = if b.get(7) == Some(&b'-') && digits(8..10) {
        10
    } else {
        7
    };
    match b.get(len) {
        Some(c) if c.is_ascii_alphanumeric() || *c == b'-' => None,
        _ => Some(len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn uk_dates_keep_their_precision() {
        assert_eq!(DateStyle::Uk.date(&d("2017-09-01")), "1 Sep 2017");
        assert_eq!(DateStyle::Uk.date(&d("2017-09")), "Sep 2017");
        assert_eq!(DateStyle::Uk.date(&d("2017")), "2017");
        assert_eq!(DateStyle::Uk.date(&d("~2015-07")), "~Jul 2015");
        assert_eq!(DateStyle::Iso.date(&d("~2015-07")), "~2015-07");
    }

    #[test]
    fn dates_inside_text_are_rewritten_keeping_the_column() {
        let uk = DateStyle::Uk;
        assert_eq!(uk.text("2015-09 – 2017-10     "), "Sep 2015 – Oct 2017   ");
        assert_eq!(uk.text("by ~2004-12 – now"), "by ~Dec 2004 – now");
        assert_eq!(
            uk.text("2019-04 – ?  (last confirmed 2019-11)"),
            "Apr 2019 – ?  (last confirmed Nov 2019)"
        );
        assert_eq!(
            uk.text("2015-09-01 – 2017-10-31 "),
            "1 Sep 2015 – 31 Oct 2017 "
        );
        // Not dates: longer numbers, financial years, codes.
        assert_eq!(uk.text("12017-09 2017-18x RGT"), "12017-09 2017-18x RGT");
        assert_eq!(uk.text("2017"), "2017");
        assert_eq!(DateStyle::Iso.text("2015-09"), "2015-09");
    }
}
