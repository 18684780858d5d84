//! What every frontend of the dashboard shares: the messages that wake it and the loop that
//! applies them and draws. The local terminal (`terminal.rs`) and a session served over ssh
//! (`serve/session.rs`) are this loop with different ends: where the events come from (
//! crossterm's reader, or bytes from an ssh channel through a terminal input parser), and the
//! `io::Write` the frames go to (stdout, or the channel), always through the byte-saving
//! writer of `wire`.

use crate::app::App;
use crate::app::mouse::Pointer;
use crate::app::outbox::Status;
use crate::app::worker::Reply;
use crate::ui;
use crate::watch::Update;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;
use std::io;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What wakes a dashboard.
pub enum Msg {
    /// A key, a resize, a mouse event.
    Input(Event),
    /// The terminal or connection has gone.
    Closed,
    Search(Reply),
    /// New data, or why the files no longer load.
    Data(Update),
}

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Quit,
    Closed,
    /// No key for the idle timeout.
    Idle,
}

/// At most this many queued messages are applied before a frame is drawn.
const BATCH: usize = 64;

/// How long a search may run before the screen says "searching…".
const SLOW_SEARCH: Duration = Duration::from_millis(100);

/// What only a frontend can do, called by the loop.
pub struct Hooks<'a, B: Backend> {
    /// After each frame is drawn (the local terminal hands the frame's hyperlinks to its
    /// writer).
    pub drawn: &'a mut dyn FnMut(&App),
    /// When the app has asked for effects (copy, export, edit) or to suspend: carry them out
    /// and leave the screen ready for a complete redraw if it was given away.
    pub effects: &'a mut dyn FnMut(&mut Terminal<B>, &mut App) -> io::Result<()>,
}

/// Draws, then waits for messages and applies them, drawing after each batch, until the user
/// quits, the input ends, or nothing is typed for `idle`. Nothing is drawn without a message
/// (or once, for a search still running after `SLOW_SEARCH`): an idle dashboard writes
/// nothing.
pub fn run<B>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    inbox: &Receiver<Msg>,
    idle: Option<Duration>,
    hooks: Hooks<'_, B>,
) -> io::Result<End>
where
    B: Backend<Error = io::Error>,
{
    let mut changed = true;
    // The search the "searching…" clock runs for, and when it says so.
    let mut clock: Option<(u64, Instant)> = None;
    loop {
        if changed {
            terminal.draw(|frame| {
                ui::render(app, frame);
                (hooks.drawn)(app);
            })?;
        }
        if app.quit {
            return Ok(End::Quit);
        }
        clock = match (app.running_search(), clock) {
            (None, _) => None,
            (Some(g), Some((c, at))) if c == g => Some((c, at)),
            (Some(g), _) => Some((g, Instant::now() + SLOW_SEARCH)),
        };
        let wait = match clock.filter(|_| !app.search_slow) {
            Some((_, at)) => Some(at.saturating_duration_since(Instant::now())),
            None => idle,
        };
        let first = match wait {
            Some(limit) => match inbox.recv_timeout(limit) {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) if clock.is_some() && !app.search_slow => {
                    // A deadline, not a timer: it fires once, for a search still running.
                    app.search_slow = true;
                    changed = true;
                    continue;
                }
                Err(RecvTimeoutError::Timeout) => return Ok(End::Idle),
                Err(RecvTimeoutError::Disconnected) => return Ok(End::Closed),
            },
            None => match inbox.recv() {
                Ok(msg) => msg,
                Err(_) => return Ok(End::Closed),
            },
        };
        let Some(redraw) = apply(app, first) else {
            return Ok(End::Closed);
        };
        let Some(more) = gather(app, inbox) else {
            return Ok(End::Closed);
        };
        changed = redraw || more;
        if !app.effects.is_empty() || app.suspend {
            (hooks.effects)(terminal, app)?;
            app.suspend = false;
            changed = true;
        }
    }
}

/// Applies one message; `None` when the input has gone, else whether the screen may have
/// changed.
pub fn apply(app: &mut App, msg: Msg) -> Option<bool> {
    match msg {
        Msg::Input(Event::Key(key)) => app.handle_key(key),
        Msg::Input(Event::Mouse(m)) => match Pointer::from_crossterm(&m) {
            Some(p) => app.handle_pointer(p),
            None => return Some(false),
        },
        Msg::Input(Event::Resize(..)) => {}
        Msg::Input(_) => return Some(false),
        Msg::Search(reply) => app.receive(reply),
        Msg::Data(Update::Replaced { ds, index, notice }) => {
            // A worker that cannot be restarted leaves the old data on screen; say so.
            match app.replace_data(ds, index) {
                Ok(()) => {
                    app.notify(Status::info(notice));
                    app.live.error = None;
                }
                Err(e) => app.live.error = Some(format!("cannot show the new data: {e}")),
            }
        }
        Msg::Data(Update::Failed(error)) => {
            // The error outranks whatever the status line said before it.
            app.status = None;
            app.live.error = Some(error);
        }
        Msg::Closed => return None,
    }
    Some(true)
}

/// Applies what else has already arrived after a message, so that it shows in the same
/// frame: a paste, key repeat over a slow link, search results. (Waiting a few ms for the
/// results of the search a key started was tried: at 100k entities it saved the "searching…"
/// frame for a third of the keys but delayed every echo from 1 ms to 9 ms, so keys are drawn
/// at once.) `None` if the input has gone, else whether the screen may have changed.
pub fn gather(app: &mut App, inbox: &Receiver<Msg>) -> Option<bool> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DataPath, Dataset};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};
    use std::sync::Arc;
    use std::sync::mpsc;

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

    #[test]
    fn a_reload_notice_shows_until_the_next_key_and_an_error_until_fixed() {
        let mut a = app();
        let ds = Arc::clone(&a.ds);
        let index = Arc::clone(&a.index);
        let (tx, inbox) = mpsc::channel();
        tx.send(Msg::Data(Update::Failed(
            "data error: x.toml:3:1: oops".into(),
        )))
        .unwrap();
        gather(&mut a, &inbox);
        let screen = ui::render_to_string(&mut a, 80, 24);
        assert!(screen.contains("x.toml:3:1: oops"), "{screen}");
        tx.send(key('j')).unwrap();
        gather(&mut a, &inbox);
        assert!(
            a.live.error.is_some(),
            "an error stays until the data loads"
        );

        tx.send(Msg::Data(Update::Replaced {
            ds,
            index,
            notice: "data valid again: no changes".into(),
        }))
        .unwrap();
        gather(&mut a, &inbox);
        let screen = ui::render_to_string(&mut a, 80, 24);
        assert!(screen.contains("data valid again"), "{screen}");
        assert!(!screen.contains("oops"));
        tx.send(key('j')).unwrap();
        gather(&mut a, &inbox);
        assert_eq!(a.status, None, "the notice goes with the next key");
    }
}
