//! The terminal around the dashboard: checks that there is one, enters and leaves raw mode
//! and the alternate screen, restores it on every way out (quit, panic, SIGTERM, SIGHUP, a
//! closed terminal, SIGBUS from a snapshot truncated under it), and suspends on Ctrl-Z.

mod bus_error;
mod effects;

pub use effects::{Clipboard, editor_args, write_export};

use crate::app::App;
use crate::frontend::{self, Msg};
use crate::watch::Feed;
use crate::wire::{self, FrameWriter, GapFill, Hyperlinks, LinkSlot};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Whether mouse reports are on now, so every way out turns them off again.
static MOUSE_ON: AtomicBool = AtomicBool::new(false);

/// Hands the terminal back as it was: mouse reports off, raw mode off, main screen.
fn restore() {
    if MOUSE_ON.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        let _ = out.write_all(wire::osc::MOUSE_OFF.as_bytes());
        let _ = out.flush();
    }
    let _ = ratatui::try_restore();
    bus_error::disarm();
}

/// Takes the terminal (again): raw mode, alternate screen, and mouse reports when wanted.
fn take(mouse: bool) -> io::Result<()> {
    bus_error::arm();
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    if mouse {
        let mut out = io::stdout();
        out.write_all(wire::osc::MOUSE_ON.as_bytes())?;
        out.flush()?;
        MOUSE_ON.store(true, Ordering::SeqCst);
    }
    Ok(())
}

/// Lets the main thread take the terminal's input away from the input thread while another
/// program (an editor) reads it. Where no editor can be opened the input thread blocks in a
/// plain read; where one can, it waits in slices of `SLICE` so that it can stand aside.
struct InputGate {
    pausable: bool,
    state: Mutex<Gate>,
    changed: Condvar,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gate {
    Open,
    /// The main thread asks the input thread to stop reading.
    Closing,
    /// The input thread has stopped reading.
    Closed,
}

/// How long the input thread waits for input before looking whether to stand aside.
const SLICE: Duration = Duration::from_millis(200);

impl InputGate {
    fn new(pausable: bool) -> InputGate {
        InputGate {
            pausable,
            state: Mutex::new(Gate::Open),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Gate> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The next terminal event, for the input thread.
    fn next_event(&self) -> io::Result<Event> {
        if !self.pausable {
            return event::read();
        }
        loop {
            {
                let mut state = self.lock();
                if *state != Gate::Open {
                    *state = Gate::Closed;
                    self.changed.notify_all();
                    while *state != Gate::Open {
                        state = self
                            .changed
                            .wait(state)
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                    }
                }
            }
            if event::poll(SLICE)? {
                return event::read();
            }
        }
    }

    /// Stops the input thread reading (waiting at most a slice for it).
    fn close(&self) {
        if !self.pausable {
            return;
        }
        let mut state = self.lock();
        *state = Gate::Closing;
        let deadline = Instant::now() + SLICE * 3;
        while *state != Gate::Closed && Instant::now() < deadline {
            let (s, _) = self
                .changed
                .wait_timeout(state, SLICE)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            state = s;
        }
    }

    fn open(&self) {
        *self.lock() = Gate::Open;
        self.changed.notify_all();
    }
}

/// Why the dashboard cannot start here, if it cannot.
pub fn unusable_terminal() -> Option<String> {
    let hint = "For scripts and pipes use the subcommands instead: nhs-leaders search QUERY, \
                show ID, at DATE, timeline (see nhs-leaders --help).";
    if !io::stdout().is_terminal() {
        return Some(format!(
            "nhs-leaders: the dashboard needs a terminal, but standard output is not one. {hint}"
        ));
    }
    if !io::stdin().is_terminal() {
        return Some(format!(
            "nhs-leaders: the dashboard needs a terminal, but standard input is not one. {hint}"
        ));
    }
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return Some(format!(
            "nhs-leaders: TERM=dumb cannot draw the dashboard (it has no cursor movement). {hint}"
        ));
    }
    None
}

/// Signals that end the process; the handler restores the terminal first. A dropped ssh
/// connection arrives as SIGHUP (and crossterm's reader can spin on the dead tty, so waiting
/// for the event loop to notice is not enough).
fn watch_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                restore();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

/// Searchable entities from which searches run on the worker thread. Below it a search
/// takes well under a millisecond, and answering inline saves the extra "searching…" frame.
pub const BACKGROUND_SEARCH_MIN: usize = 50_000;

/// Runs the dashboard until the user quits; the terminal is restored on return. With a
/// `feed`, new data replaces the shown data as it is loaded.
pub fn run(mut app: App, wire: wire::Mode, feed: Option<Arc<Feed>>) -> io::Result<()> {
    watch_signals()?;
    let (tx, inbox) = mpsc::channel::<Msg>();
    if app.index.len() >= BACKGROUND_SEARCH_MIN {
        let replies = tx.clone();
        app.search_in_background(move |reply| {
            let _ = replies.send(Msg::Search(reply));
        })?;
    }
    let _subscription = feed.map(|feed| {
        let updates = tx.clone();
        feed.subscribe(move |update| {
            let _ = updates.send(Msg::Data(update));
        })
    });
    let links = LinkSlot::default();
    let mut terminal = init(wire, &app, &links)?;
    // Terminal input gets its own thread so that one blocking wait covers keys, search
    // results and new data alike: nothing polls, and an idle dashboard writes nothing.
    let gate = Arc::new(InputGate::new(app.can_edit()));
    let input_gate = Arc::clone(&gate);
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let msg = match input_gate.next_event() {
                    Ok(ev) => Msg::Input(ev),
                    // EOF/EIO after an ssh drop: tell the loop instead of spinning.
                    Err(_) => Msg::Closed,
                };
                let closed = matches!(msg, Msg::Closed);
                if tx.send(msg).is_err() || closed {
                    return;
                }
            }
        })?;
    let mut drawn = |app: &App| {
        if let Ok(mut slot) = links.lock() {
            slot.clone_from(&app.screen.hyperlinks);
        }
    };
    let mut effects = |terminal: &mut Term, app: &mut App| -> io::Result<()> {
        if !app.effects.is_empty() {
            let mouse = app.frontend.mouse;
            let mut hand_over = |back: bool| -> io::Result<()> {
                if back {
                    take(mouse)?;
                    gate.open();
                    redraw_all(terminal)
                } else {
                    gate.close();
                    restore();
                    Ok(())
                }
            };
            effects::carry_out(app, &mut io::stdout(), &mut hand_over)?;
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal, app.frontend.mouse)?;
        }
        Ok(())
    };
    let hooks = frontend::Hooks {
        drawn: &mut drawn,
        effects: &mut effects,
    };
    let result = frontend::run(&mut terminal, &mut app, &inbox, None, hooks);
    restore();
    result.map(|_| ())
}

/// The terminal the dashboard draws on: crossterm, writing through short unchanged runs
/// where that beats a cursor jump, through the named-colour rewriter.
type Term = ratatui::Terminal<GapFill<Hyperlinks<CrosstermBackend<FrameWriter<io::Stdout>>>>>;

/// Raw mode, the alternate screen, and a panic hook that restores both before the panic
/// message prints (so a crash never leaves the terminal unusable).
fn init(wire: wire::Mode, app: &App, links: &LinkSlot) -> io::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    take(app.frontend.mouse)?;
    let writer = FrameWriter::new(io::stdout(), wire);
    let linked = Hyperlinks::new(
        CrosstermBackend::new(writer),
        LinkSlot::clone(links),
        app.frontend.hyperlinks,
    );
    ratatui::Terminal::new(GapFill::new(linked).mode(wire))
}

/// After the terminal was given away: draw everything anew on the next frame.
fn redraw_all(terminal: &mut Term) -> io::Result<()> {
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Ctrl-Z: raw mode turns off the terminal's own job control, so hand the terminal back,
/// stop ourselves, and on `fg` take it again and redraw everything. (Not `Terminal::clear`:
/// it asks the terminal for the cursor position, a round trip the input thread would
/// swallow.)
fn suspend(terminal: &mut Term, mouse: bool) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    take(mouse)?;
    redraw_all(terminal)
}
