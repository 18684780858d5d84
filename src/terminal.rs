//! The terminal around the dashboard: checks that there is one, enters and leaves raw mode
//! and the alternate screen, restores it on every way out (quit, panic, SIGTERM, SIGHUP, a
//! closed terminal), and suspends on Ctrl-Z.

use crate::app::App;
use crate::app::worker::Reply;
use crate::ui;
use crate::wire::NamedColours;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use std::io::{self, IsTerminal};
use std::sync::mpsc::{self, Receiver};

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
                let _ = ratatui::try_restore();
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
pub fn run(mut app: App) -> io::Result<()> {
    watch_signals()?;
    let (tx, inbox) = mpsc::channel::<Msg>();
    if app.index.len() >= BACKGROUND_SEARCH_MIN {
        let replies = tx.clone();
        app.search_in_background(move |reply| {
            let _ = replies.send(Msg::Search(reply));
        })?;
    }
    let mut terminal = init()?;
    // Terminal input gets its own thread so that one blocking wait covers keys and search
    // results alike: nothing polls, and an idle dashboard writes nothing.
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let msg = match event::read() {
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
    let result = event_loop(&mut terminal, &mut app, &inbox);
    ratatui::restore();
    result
}

/// The terminal the dashboard draws on: crossterm, through the named-colour rewriter.
type Term = ratatui::Terminal<CrosstermBackend<NamedColours<io::Stdout>>>;

/// Raw mode, the alternate screen, and a panic hook that restores both before the panic
/// message prints (so a crash never leaves the terminal unusable).
fn init() -> io::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::try_restore();
        previous(info);
    }));
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    ratatui::Terminal::new(CrosstermBackend::new(NamedColours::new(io::stdout())))
}

fn event_loop(terminal: &mut Term, app: &mut App, inbox: &Receiver<Msg>) -> io::Result<()> {
    loop {
        terminal.draw(|frame| ui::render(app, frame))?;
        if app.quit {
            return Ok(());
        }
        match inbox.recv() {
            Ok(Msg::Input(Event::Key(key))) => app.handle_key(key),
            Ok(Msg::Input(Event::Resize(..))) => {}
            Ok(Msg::Input(_)) => continue,
            Ok(Msg::Search(reply)) => app.receive(reply),
            Ok(Msg::Closed) | Err(_) => return Ok(()),
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal)?;
        }
    }
}

/// Ctrl-Z: raw mode turns off the terminal's own job control, so hand the terminal back,
/// stop ourselves, and on `fg` take it again and redraw everything. (Not `Terminal::clear`:
/// it asks the terminal for the cursor position, a round trip the input thread would
/// swallow.)
fn suspend(terminal: &mut Term) -> io::Result<()> {
    ratatui::try_restore()?;
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}
