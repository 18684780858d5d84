//! 200 connect/disconnect cycles leave no thread and no file descriptor behind. In its own
//! test binary, so that no other test's threads or files are counted.

#[path = "support/ssh.rs"]
mod ssh;

use ssh::{Term, login, start};
use std::time::{Duration, Instant};

fn count(dir: &str) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

/// Threads and open files of this process, once they stop changing.
async fn settled() -> (usize, usize) {
    let mut last = (count("/proc/self/task"), count("/proc/self/fd"));
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = (count("/proc/self/task"), count("/proc/self/fd"));
        if now == last {
            return now;
        }
        last = now;
    }
    last
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_connect_disconnect_cycles_leak_no_thread_or_file() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    // One cycle first, so that lazily started pieces are counted in the baseline.
    let cycle = || async {
        let h = login(&s).await;
        let mut t = Term::open(&h, 80, 24).await;
        assert!(t.wait_for("People (", Duration::from_secs(20)).await);
        drop(t);
        drop(h);
    };
    cycle().await;
    assert!(s.wait_sessions(0, Duration::from_secs(10)).await);
    let before = settled().await;
    for _ in 0..200 {
        cycle().await;
    }
    assert!(s.wait_sessions(0, Duration::from_secs(20)).await);
    let started = Instant::now();
    while s.server.connections() > 0 && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(s.server.connections(), 0);
    let after = settled().await;
    assert_eq!(
        after, before,
        "(threads, file descriptors) before and after 200 cycles"
    );
    assert_eq!(s.feed.subscribers(), 0, "every session unsubscribed");
}
