//! The way out for SIGBUS.
//!
//! A warm start reads the snapshot in place (`crate::dataset::lent`). If something outside
//! truncates that file while the dashboard runs, the next read of a page past its new end
//! raises SIGBUS, which would kill the process with the terminal still raw and on the
//! alternate screen. Nothing can be read from the snapshot any more, so the handler puts the
//! terminal back as it found it, says why, and exits. A signal handler may only make
//! async-signal-safe calls: `write(2)`, `tcsetattr(3)` with the attributes saved before raw
//! mode, and `_exit(2)`.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The terminal's attributes before raw mode, and the descriptor they belong to.
static SAVED: OnceLock<(libc::c_int, libc::termios)> = OnceLock::new();
/// Whether the dashboard holds the terminal now (raw mode, alternate screen).
static HELD: AtomicBool = AtomicBool::new(false);

const LEAVE: &[u8] = b"\x1b[?1006l\x1b[?1000l\x1b[?25h\x1b[?1049l";
const SAID: &[u8] = b"\r\nnhs-leaders: bus error: a mapped file (the snapshot cache) was truncated or replaced in place while in use; start again to load the data afresh\r\n";

/// Installs the handler (once) and saves the terminal's attributes: call just before
/// entering raw mode.
pub fn arm() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // SAFETY: the handler makes only async-signal-safe calls (see the module comment).
        let _ = unsafe { signal_hook::low_level::register(libc::SIGBUS, on_bus_error) };
    });
    if SAVED.get().is_none() {
        // The descriptor crossterm puts in raw mode: standard input when it is a terminal.
        // SAFETY: isatty and tcgetattr only read; `attrs` is written before it is read.
        unsafe {
            if libc::isatty(0) == 1 {
                let mut attrs: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(0, &mut attrs) == 0 {
                    let _ = SAVED.set((0, attrs));
                }
            }
        }
    }
    HELD.store(true, Ordering::SeqCst);
}

/// The terminal was handed back the ordinary way.
pub fn disarm() {
    HELD.store(false, Ordering::SeqCst);
}

fn on_bus_error() {
    // SAFETY: write, tcsetattr and _exit are async-signal-safe; SAVED is only read.
    unsafe {
        if HELD.load(Ordering::SeqCst) {
            // Mouse reports off (harmless when they were not on), cursor shown, main screen.
            let _ = libc::write(1, LEAVE.as_ptr().cast(), LEAVE.len());
            if let Some((fd, attrs)) = SAVED.get() {
                let _ = libc::tcsetattr(*fd, libc::TCSANOW, attrs);
            }
        }
        let _ = libc::write(2, SAID.as_ptr().cast(), SAID.len());
        libc::_exit(128 + libc::SIGBUS);
    }
}
