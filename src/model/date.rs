//! Dates that keep the precision their source gave them.
//!
//! A source that says "in 2017" must never turn into "2017-01-01" on screen, and an "as of"
//! question about 2017-06 must treat "2017" as the whole year it covers. So a date here is a
//! year with an optional month and day, an "approximately" flag, and the span of days it covers.

use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use std::fmt;

/// How much of a date the source gave.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A year, year-month or full date, possibly approximate ("~2015-07").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct PartialDate {
    year: i32,
    month: u8,
    day: u8,
    precision: Precision,
    approximate: bool,
}

/// Why a date string was rejected; worded for a data curator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const FORMS: &str = "write a year, year-month or full date such as \"2017\", \"2017-10\" or \"2017-10-31\", optionally with a leading ~ for approximate";

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally prefixed by `~`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        let (approximate, body) = match trimmed.strip_prefix('~') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        if body.is_empty() {
            return Err(DateError(format!("empty date; {FORMS}")));
        }
        let mut parts = [""; 3];
        let mut count = 0;
        for part in body.split('-') {
            if count == 3 {
                count += 1;
                break;
            }
            parts[count] = part;
            count += 1;
        }
        let parts = &parts[..count.min(3)];
        let bad_shape = || DateError(format!("'{body}' is not a date; {FORMS}"));
        if count > 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad_shape());
        }
        if parts[0].len() != 4 {
            return Err(DateError(format!(
                "the year in '{body}' must have four digits; {FORMS}"
            )));
        }
        let year: i32 = parts[0].parse().map_err(|_| bad_shape())?;
        let mut date = PartialDate {
            year,
            month: 1,
            day: 1,
            precision: Precision::Year,
            approximate,
        };
        if let Some(m) = parts.get(1) {
            if m.len() != 2 {
                return Err(DateError(format!(
                    "the month in '{body}' must have two digits (\"2017-03\")"
                )));
            }
            let month: u8 = m.parse().map_err(|_| bad_shape())?;
            if !(1..=12).contains(&month) {
                return Err(DateError(format!(
                    "month {month} in '{body}' does not exist; months run from 01 to 12"
                )));
            }
            date.month = month;
            date.precision = Precision::Month;
        }
        if let Some(d) = parts.get(2) {
            if d.len() != 2 {
                return Err(DateError(format!(
                    "the day in '{body}' must have two digits (\"2017-03-09\")"
                )));
            }
            let day: u8 = d.parse().map_err(|_| bad_shape())?;
            if NaiveDate::from_ymd_opt(year, u32::from(date.month), u32::from(day)).is_none() {
                return Err(DateError(format!(
                    "{body} does not exist: {} {} has {} days",
                    month_name(date.month),
                    year,
                    days_in_month(year, date.month)
                )));
            }
            date.day = day;
            date.precision = Precision::Day;
        }
        Ok(date)
    }

    /// A full, exact date.
    pub fn from_naive(date: NaiveDate) -> Self {
        PartialDate {
            year: date.year(),
            month: date.month() as u8,
            day: date.day() as u8,
            precision: Precision::Day,
            approximate: false,
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, if the source gave one.
    pub fn month(&self) -> Option<u8> {
        (self.precision >= Precision::Month).then_some(self.month)
    }

    /// The day, if the source gave one.
    pub fn day(&self) -> Option<u8> {
        (self.precision == Precision::Day).then_some(self.day)
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    pub fn is_approximate(&self) -> bool {
        self.approximate
    }

    /// The first day the date covers.
    pub fn earliest(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.month), u32::from(self.day))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The last day the date covers.
    pub fn latest(&self) -> NaiveDate {
        let (month, day) = match self.precision {
            Precision::Year => (12, 31),
            Precision::Month => (self.month, days_in_month(self.year, self.month)),
            Precision::Day => (self.month, self.day),
        };
        NaiveDate::from_ymd_opt(self.year, u32::from(month), u32::from(day))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The first day covered as a sortable number (yyyymmdd), without building a calendar
    /// date: comparisons of date spans are on every hot path (sorting, "as of").
    pub fn first_key(&self) -> i64 {
        i64::from(self.year) * 10_000 + i64::from(self.month) * 100 + i64::from(self.day)
    }

    /// The last day covered as a sortable number (yyyymmdd).
    pub fn last_key(&self) -> i64 {
        let (month, day) = match self.precision {
            Precision::Year => (12, 31),
            Precision::Month => (self.month, days_in_month(self.year, self.month)),
            Precision::Day => (self.month, self.day),
        };
        i64::from(self.year) * 10_000 + i64::from(month) * 100 + i64::from(day)
    }

    /// Whether the spans of the two dates share at least one day.
    pub fn overlaps(&self, other: &PartialDate) -> bool {
        self.first_key() <= other.last_key() && other.first_key() <= self.last_key()
    }

    /// Whether this date's whole span ends before `other` begins.
    pub fn before(&self, other: &PartialDate) -> bool {
        self.last_key() < other.first_key()
    }

    /// The date without its "approximately" mark, as the precision allows.
    pub fn plain(&self) -> String {
        match self.precision {
            Precision::Year => format!("{:04}", self.year),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

/// Chronological order: by first day covered, then the coarser date first (a year before the
/// months inside it), then exact before approximate.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_key()
            .cmp(&other.first_key())
            .then(self.precision.cmp(&other.precision))
            .then(self.approximate.cmp(&other.approximate))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Shown exactly as a dataset would write it: `2017`, `2017-10`, `~2015-07`.
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approximate {
            f.write_str("~")?;
        }
        f.write_str(&self.plain())
    }
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
        2 => 28,
        _ => 0,
    }
}

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn keeps_precision_and_approximation() {
        assert_eq!(d("2017").to_string(), "2017");
        assert_eq!(d("2017-10").to_string(), "2017-10");
        assert_eq!(d("2017-10-31").to_string(), "2017-10-31");
        assert_eq!(d("~2015-07").to_string(), "~2015-07");
        assert!(d("~2015-07").is_approximate());
        assert_eq!(d("2017-10").day(), None);
    }

    #[test]
    fn partial_dates_cover_spans() {
        assert_eq!(d("2016").latest().to_string(), "2016-12-31");
        assert_eq!(d("2016-02").latest().to_string(), "2016-02-29");
        assert_eq!(d("2019-02").latest().to_string(), "2019-02-28");
        assert!(d("2017").overlaps(&d("2017-06-01")));
        assert!(!d("2017").overlaps(&d("2018-01")));
    }

    #[test]
    fn rejects_impossible_dates() {
        let err = PartialDate::parse("2019-02-30").unwrap_err().0;
        assert_eq!(err, "2019-02-30 does not exist: February 2019 has 28 days");
        assert!(
            PartialDate::parse("2019-13")
                .unwrap_err()
                .0
                .contains("month 13")
        );
        assert!(PartialDate::parse("2019-00").is_err());
        assert!(PartialDate::parse("17-10").is_err());
        assert!(PartialDate::parse("2017/10").is_err());
        assert!(PartialDate::parse("2017-1").is_err());
        assert!(PartialDate::parse("").is_err());
        assert!(PartialDate::parse("~").is_err());
        assert!(PartialDate::parse("2017-10-31-1").is_err());
        assert!(PartialDate::parse("+2017").is_err());
    }

    #[test]
    fn orders_coarse_before_fine_on_the_same_start() {
        let mut v = [d("2017-01-05"), d("2017-01"), d("2017"), d("2016-12")];
        v.sort();
        let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert_eq!(s, ["2016-12", "2017", "2017-01", "2017-01-05"]);
    }
}
