//! "Today", for freshness: the system date, or `NHS_LEADERS_TODAY=YYYY-MM-DD` for reproducible
//! runs and tests. Whether an open post is current depends on it, so every caller asks here.

use chrono::NaiveDate;
use std::sync::OnceLock;

/// The environment variable that fixes today's date.
pub const ENV: &str = "NHS_LEADERS_TODAY";

static PINNED: OnceLock<NaiveDate> = OnceLock::new();

/// Today's date: pinned (tests), else `NHS_LEADERS_TODAY` when it holds a valid date, else the
/// local system date. `from_env` reports a malformed variable; here it is ignored.
pub fn today() -> NaiveDate {
    if let Some(d) = PINNED.get() {
        return *d;
    }
    from_env()
        .ok()
        .flatten()
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The date in `NHS_LEADERS_TODAY`, `None` when it is unset or empty, or why it is unusable.
pub fn from_env() -> Result<Option<NaiveDate>, String> {
    match std::env::var(ENV) {
        Ok(v) if !v.trim().is_empty() => NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                format!(
                    "{ENV}={} is not a date; write it as YYYY-MM-DD, e.g. {ENV}=2026-12-01",
                    crate::text::escape(&v)
                )
            }),
        _ => Ok(None),
    }
}

/// Fixes today for this process (tests); the first call wins.
pub fn pin(date: NaiveDate) {
    let _ = PINNED.set(date);
}

/// The date `months` calendar months before `date` (clamped to the month's last day).
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}
