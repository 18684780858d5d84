//! The arguments of `nhs-leaders serve` (a contract: see docs/serving.md). The server itself
//! lives in `crate::serve`.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: SocketAddr,

    /// The server's private host key (OpenSSH format, unencrypted). Default: an ed25519 key
    /// created on first use under $XDG_DATA_HOME/nhs-leaders/ (~/.local/share/nhs-leaders/).
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,

    /// Let in the public keys listed in this OpenSSH authorized_keys file (re-read at each
    /// login, so adding a colleague needs no restart).
    #[arg(long, value_name = "FILE", conflicts_with = "open")]
    pub authorized_keys: Option<PathBuf>,

    /// Let anyone in, with any key or none (read-only, like every session).
    #[arg(long)]
    pub open: bool,

    /// Most sessions at once, over all clients.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_sessions: u32,

    /// Most sessions at once from one client address (raise it for a team behind one NAT).
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_per_address: u32,

    /// Close a session after this long without a key: 30m, 90s, 2h; 0 never closes it.
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub idle_timeout: Duration,

    /// Close a connection that has not authenticated within this long.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub auth_timeout: Duration,

    /// Do not reload the data when its files change.
    #[arg(long)]
    pub no_watch: bool,
}

/// `30m`, `90s`, `1h 30m`; a bare `0` is zero.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    if text.trim() == "0" {
        return Ok(Duration::ZERO);
    }
    humantime::parse_duration(text).map_err(|e| format!("{e} (write it like 30m, 90s or 2h)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("soon").unwrap_err().contains("30m"));
    }
}
