//! "Loading…" on standard error for what takes longer than a moment before the dashboard
//! can draw (a large `--data` folder): nothing for a quick load, a line after a moment, and
//! the line erased when done. Only on a terminal.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

/// How long a load goes unannounced: the bundled data and small folders never show it.
const MOMENT: Duration = Duration::from_millis(400);

/// A notice shown if it is still alive after a moment; dropping it ends it.
pub struct Notice {
    done: Option<Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Notice {
    pub fn after(text: String) -> Notice {
        if !std::io::stderr().is_terminal() {
            return Notice {
                done: None,
                thread: None,
            };
        }
        let (done, wait) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(MOMENT) {
                    let mut err = std::io::stderr();
                    let _ = write!(err, "nhs-leaders: {text}");
                    let _ = err.flush();
                    let _ = wait.recv();
                    let _ = write!(err, "\r\x1b[2K");
                    let _ = err.flush();
                }
            })
            .ok();
        Notice {
            done: Some(done),
            thread,
        }
    }
}

impl Drop for Notice {
    fn drop(&mut self) {
        drop(self.done.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
