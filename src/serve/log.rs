//! The server's log: plain lines on stderr, one per event (connect, authentication accepted or
//! refused with the key's fingerprint, session start and end with its duration, reloads).
//! Never a key, a password or anything a client typed into the dashboard; text from a client
//! (a user name, an exec command) is escaped so it cannot forge a line or move a cursor.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Where log lines go: stderr for the server, a buffer in tests.
#[derive(Clone)]
pub struct Log {
    sink: Arc<dyn Fn(&str) + Send + Sync>,
}

impl Log {
    pub fn stderr() -> Log {
        Log::to(|line| eprintln!("{line}"))
    }

    pub fn to(sink: impl Fn(&str) + Send + Sync + 'static) -> Log {
        Log {
            sink: Arc::new(sink),
        }
    }

    /// One line, stamped with the UTC time.
    pub fn line(&self, what: fmt::Arguments<'_>) {
        let stamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
        (self.sink)(&format!("{stamp} {what}"));
    }
}

/// Client-supplied text for a log line: escaped, and cut to a readable length.
pub fn quoted(text: &str) -> String {
    const MAX: usize = 120;
    let escaped = crate::text::escape(text);
    let mut cut: String = escaped.chars().take(MAX).collect();
    if escaped.chars().count() > MAX {
        cut.push('…');
    }
    format!("{cut:?}")
}

/// "3m12s", "850ms": how long something lasted, to the unit that matters.
pub fn lasted(d: Duration) -> String {
    let secs = d.as_secs();
    if secs == 0 {
        format!("{}ms", d.as_millis())
    } else if secs < 60 {
        format!("{:.1}s", d.as_secs_f64())
    } else if secs < 3600 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_text_cannot_forge_a_line() {
        let q = quoted("alice\n2026-12-01T00:00:00Z auth accepted\x1b[2J");
        assert!(!q.contains('\n') && !q.contains('\x1b'), "{q}");
    }

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(lasted(Duration::from_millis(850)), "850ms");
        assert_eq!(lasted(Duration::from_secs(192)), "3m12s");
        assert_eq!(lasted(Duration::from_secs(7260)), "2h01m");
    }
}
