//! The terminal around the dashboard: checks that there is one, enters and leaves raw mode
//! and the alternate screen, restores it on every way out (quit, panic, SIGTERM, SIGHUP, a
//! closed terminal), and suspends on Ctrl-Z.

use crate::app::App;
use crate::ui;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use std::io::{self, IsTerminal};

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

/// Runs the dashboard until the user quits; the terminal is restored on return.
pub fn run(mut app: App) -> io::Result<()> {
    watch_signals()?;
    // try_init installs a panic hook that restores the terminal before the message prints.
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> io::Result<()> {
    loop {
        terminal.draw(|frame| ui::render(app, frame))?;
        if app.quit {
            return Ok(());
        }
        // Block until something happens: no timer, so an idle dashboard writes nothing.
        match event::read() {
            Ok(Event::Key(key)) => app.handle_key(key),
            Ok(Event::Resize(..)) => {}
            Ok(_) => continue,
            // The terminal went away (EOF/EIO after an ssh drop): leave instead of spinning.
            Err(_) => return Ok(()),
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal)?;
        }
    }
}

/// Ctrl-Z: raw mode turns off the terminal's own job control, so hand the terminal back,
/// stop ourselves, and on `fg` take it again and redraw everything.
fn suspend(terminal: &mut ratatui::DefaultTerminal) -> io::Result<()> {
    ratatui::try_restore()?;
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    terminal.clear()
}
