//! The terminal around the dashboard: checks that there is one, enters and leaves raw mode
//! and the alternate screen, restores it on every way out (quit, panic, SIGTERM, SIGHUP, a
//! closed terminal), and suspends on Ctrl-Z.

mod effects;

pub use effects::{Clipboard, editor_args, write_export};

use crate::app::App;
use crate::app::mouse::Pointer;
use crate::app::worker::Reply;
use crate::ui;
use crate::wire::{self, FrameWriter, GapFill, Hyperlinks, LinkSlot};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
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
}

/// Takes the terminal (again): raw mode, alternate screen, and mouse reports when wanted.
fn take(mouse: bool) -> io::Result<()> {
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

/// How long a search may run before the screen says "searching…".
const SLOW_SEARCH: Duration = Duration::from_millis(100);

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
const BACKGROUND_SEARCH_MIN: usize = 50_000;

/// What wakes the event loop: a terminal event, the terminal going away, or search results.
enum Msg {
    Input(Event),
    Closed,
    Search(Reply),
}

/// Runs the dashboard until the user quits; the terminal is restored on return.
pub fn run(mut app: App, wire: wire::Mode) -> io::Result<()> {
    watch_signals()?;
    let (tx, inbox) = mpsc::channel::<Msg>();
    if app.index.len() >= BACKGROUND_SEARCH_MIN {
        let replies = tx.clone();
        app.search_in_background(move |reply| {
            let _ = replies.send(Msg::Search(reply));
        })?;
    }
    let links = LinkSlot::default();
    let mut terminal = init(wire, &app, &links)?;
    // Terminal input gets its own thread so that one blocking wait covers keys and search
    // results alike: nothing polls, and an idle dashboard writes nothing.
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
    let result = event_loop(&mut terminal, &mut app, &inbox, &links, &gate);
    restore();
    result
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

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    inbox: &Receiver<Msg>,
    links: &LinkSlot,
    gate: &InputGate,
) -> io::Result<()> {
    let mut changed = true;
    // The search the "searching…" clock runs for, and when it says so.
    let mut clock: Option<(u64, Instant)> = None;
    loop {
        if changed {
            terminal.draw(|frame| {
                ui::render(app, frame);
                if let Ok(mut slot) = links.lock() {
                    slot.clone_from(&app.screen.hyperlinks);
                }
            })?;
        }
        if app.quit {
            return Ok(());
        }
        clock = match (app.running_search(), clock) {
            (None, _) => None,
            (Some(g), Some((c, at))) if c == g => Some((c, at)),
            (Some(g), _) => Some((g, Instant::now() + SLOW_SEARCH)),
        };
        let first = match clock.filter(|_| !app.search_slow) {
            Some((_, at)) => match inbox.recv_timeout(at.saturating_duration_since(Instant::now()))
            {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => {
                    // A deadline, not a timer: it fires once, for a search still running.
                    app.search_slow = true;
                    changed = true;
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            },
            None => match inbox.recv() {
                Ok(msg) => msg,
                Err(_) => return Ok(()),
            },
        };
        let Some(redraw) = apply(app, first) else {
            return Ok(());
        };
        let Some(more) = gather(app, inbox) else {
            return Ok(());
        };
        changed = redraw || more;
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
            changed = true;
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal, app.frontend.mouse)?;
            changed = true;
        }
    }
}

/// After the terminal was given away: draw everything anew on the next frame.
fn redraw_all(terminal: &mut Term) -> io::Result<()> {
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Applies one message; `None` when the terminal has gone, else whether the screen may have
/// changed.
fn apply(app: &mut App, msg: Msg) -> Option<bool> {
    match msg {
        Msg::Input(Event::Key(key)) => app.handle_key(key),
        Msg::Input(Event::Mouse(m)) => match Pointer::from_crossterm(&m) {
            Some(p) => app.handle_pointer(p),
            None => return Some(false),
        },
        Msg::Input(Event::Resize(..)) => {}
        Msg::Input(_) => return Some(false),
        Msg::Search(reply) => app.receive(reply),
        Msg::Closed => return None,
    }
    Some(true)
}

/// At most this many queued messages are applied before a frame is drawn.
const BATCH: usize = 64;

/// Applies what else has already arrived after a message, so that it shows in the same
/// frame: a paste, key repeat over a slow link, search results. (Waiting a few ms for the
/// results of the search a key started was tried: at 100k entities it saved the "searching…"
/// frame for a third of the keys but delayed every echo from 1 ms to 9 ms, so keys are drawn
/// at once.) `None` if the terminal has gone, else whether the screen may have changed.
fn gather(app: &mut App, inbox: &Receiver<Msg>) -> Option<bool> {
    let mut changed = false;
    for _ in 0..BATCH {
        if app.quit || app.suspend {
            break;
        }
        match inbox.try_recv() {
            Ok(msg) => changed |= apply(app, msg)?,
            Err(_) => break,
        }
    }
    Some(changed)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DataPath, Dataset};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};
    use std::sync::Arc;

    fn key(c: char) -> Msg {
        Msg::Input(Event::Key(KeyEvent::from(KeyCode::Char(c))))
    }

    fn app() -> App {
        App::new(Arc::new(Dataset::load(&DataPath::Bundled).unwrap().dataset))
    }

    #[test]
    fn keys_already_queued_are_applied_before_the_next_frame() {
        let (mut one, mut three) = (app(), app());
        one.handle_key(KeyEvent::from(KeyCode::Char('j')));
        let (tx, inbox) = mpsc::channel();
        for _ in 0..3 {
            tx.send(key('j')).unwrap();
        }
        assert_eq!(gather(&mut three, &inbox), Some(true));
        assert!(inbox.try_recv().is_err(), "all three were taken");
        let screen = |a: &mut App| ui::render_to_string(a, 80, 24);
        one.handle_key(KeyEvent::from(KeyCode::Char('j')));
        one.handle_key(KeyEvent::from(KeyCode::Char('j')));
        assert_eq!(screen(&mut three), screen(&mut one));
    }

    #[test]
    fn gathering_stops_at_quit_and_reports_a_closed_terminal() {
        let mut a = app();
        let (tx, inbox) = mpsc::channel();
        tx.send(key('q')).unwrap();
        tx.send(key('j')).unwrap();
        assert_eq!(gather(&mut a, &inbox), Some(true));
        assert!(a.quit);
        assert!(inbox.try_recv().is_ok(), "nothing is applied after quit");

        let mut a = app();
        tx.send(Msg::Closed).unwrap();
        assert_eq!(gather(&mut a, &inbox), None);

        let mouse = MouseEvent {
            kind: MouseEventKind::Moved,
            column: 0,
            row: 0,
            modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
        };
        tx.send(Msg::Input(Event::Mouse(mouse))).unwrap();
        assert_eq!(gather(&mut a, &inbox), Some(false), "nothing to redraw");
    }
}
