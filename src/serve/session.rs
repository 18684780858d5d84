//! One dashboard served over an ssh channel: its own `App` over the shared dataset, on its
//! own thread, running the same event loop as the local dashboard (`frontend::run`). Keys
//! arrive as messages from the connection's task; frames go out through the same
//! byte-saving writer as the local dashboard, into the channel. A slow client slows only its
//! own session: the thread waits for the channel's window, never the server.

use crate::app::App;
use crate::app::outbox::{Effect, Frontend, Status};
use crate::frontend::{self, End, Msg};
use crate::style::Theme;
use crate::watch::Feed;
use crate::wire::osc;
use crate::wire::{self, FrameWriter, GapFill};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use russh::ChannelId;
use russh::server::Handle;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Window sizes are clamped to this: a client cannot make the server draw a screen of a
/// billion cells, nor one with no cells at all.
pub const MIN_SIZE: (u16, u16) = (1, 1);
pub const MAX_SIZE: (u16, u16) = (500, 300);

/// A window size from the client, clamped.
pub fn clamp_size(cols: u32, rows: u32) -> Size {
    let clamp =
        |v: u32, lo: u16, hi: u16| u16::try_from(v.clamp(lo.into(), hi.into())).unwrap_or(hi);
    Size::new(
        clamp(cols, MIN_SIZE.0, MAX_SIZE.0),
        clamp(rows, MIN_SIZE.1, MAX_SIZE.1),
    )
}

/// The client's window size, set by the connection and read by the session's backend.
#[derive(Debug, Default)]
pub struct WindowCell(AtomicU32);

impl WindowCell {
    pub fn new(size: Size) -> Arc<WindowCell> {
        let cell = Arc::new(WindowCell::default());
        cell.set(size);
        cell
    }

    pub fn set(&self, size: Size) {
        self.0.store(
            u32::from(size.width) << 16 | u32::from(size.height),
            Ordering::SeqCst,
        );
    }

    pub fn get(&self) -> Size {
        let v = self.0.load(Ordering::SeqCst);
        Size::new((v >> 16) as u16, (v & 0xffff) as u16)
    }
}

/// Writes each frame into the channel as one data message; waits while the client's window
/// is full. Fails once the channel or connection has gone, which ends the session.
#[derive(Clone)]
pub struct ChannelWriter {
    handle: Handle,
    channel: ChannelId,
    runtime: tokio::runtime::Handle,
}

impl ChannelWriter {
    pub fn new(handle: Handle, channel: ChannelId, runtime: tokio::runtime::Handle) -> Self {
        ChannelWriter {
            handle,
            channel,
            runtime,
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.runtime
            .block_on(self.handle.data(self.channel, buf.to_vec()))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the ssh channel has closed"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A crossterm backend whose size is the client's window, not the server's terminal (it has
/// none): crossterm's own size and cursor queries talk to the process's tty, so they are
/// answered here instead.
pub struct ClientBackend<W: Write> {
    inner: CrosstermBackend<W>,
    size: Arc<WindowCell>,
}

impl<W: Write> ClientBackend<W> {
    /// A backend writing frames to `writer` for a window of `size`.
    pub fn new(writer: W, size: Arc<WindowCell>) -> Self {
        ClientBackend {
            inner: CrosstermBackend::new(writer),
            size,
        }
    }
}

impl<W: Write> Backend for ClientBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }
    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }
    fn size(&self) -> io::Result<Size> {
        Ok(self.size.get())
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size.get(),
            pixels: Size::default(),
        })
    }
    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

type ClientTerminal = ratatui::Terminal<GapFill<ClientBackend<FrameWriter<ChannelWriter>>>>;

/// What a session needs to start.
pub struct Start {
    pub feed: Arc<Feed>,
    pub size: Arc<WindowCell>,
    pub writer: ChannelWriter,
    pub idle: Option<Duration>,
    pub theme: Theme,
    pub wire: wire::Mode,
    /// Called once when the session has ended, with how and after how long.
    pub ended: Box<dyn FnOnce(End, Duration) + Send>,
}

/// The alternate screen, cursor hidden, mouse reports on (clicks and the wheel, never motion);
/// and back.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?1000h\x1b[?1006h";
const LEAVE: &[u8] = b"\x1b[?1006l\x1b[?1000l\x1b[?25h\x1b[?1049l";

/// Where a session's input goes, and where it reads it.
pub fn inbox() -> (Sender<Msg>, Receiver<Msg>) {
    mpsc::channel()
}

/// Starts a session's thread reading `inbox`; `own` is a sender to it (for search replies and
/// new data).
pub fn spawn(start: Start, own: Sender<Msg>, inbox: Receiver<Msg>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("session".into())
        .spawn(move || run(start, &own, &inbox))?;
    Ok(())
}

fn run(start: Start, own: &Sender<Msg>, inbox: &Receiver<Msg>) {
    let began = Instant::now();
    let Start {
        feed,
        size,
        mut writer,
        idle,
        theme,
        wire,
        ended,
    } = start;
    let end = (|| -> io::Result<End> {
        let (ds, index, error) = feed.current();
        let mut app = App::with_index(ds, index);
        app.theme = theme;
        app.live.error = error;
        app.frontend = Frontend {
            served: true,
            mouse: true,
            hyperlinks: false,
        };
        if app.index.len() >= crate::terminal::BACKGROUND_SEARCH_MIN {
            let replies = Mutex::new(own.clone());
            app.search_in_background(move |reply| {
                if let Ok(tx) = replies.lock() {
                    let _ = tx.send(Msg::Search(reply));
                }
            })?;
        }
        let updates = Mutex::new(own.clone());
        let _subscription = feed.subscribe(move |update| {
            if let Ok(tx) = updates.lock() {
                let _ = tx.send(Msg::Data(update));
            }
        });
        writer.write_all(ENTER)?;
        let mut after = writer.clone();
        let screen = size.get();
        let backend = ClientBackend::new(FrameWriter::new(writer, wire), size);
        let mut terminal: ClientTerminal =
            ratatui::Terminal::new(GapFill::with_size(backend, screen).mode(wire))?;
        let mut clipboard = after.clone();
        let mut drawn = |_: &App| {};
        let mut effects = |_: &mut ClientTerminal, app: &mut App| -> io::Result<()> {
            for effect in app.take_effects() {
                match effect {
                    // The client's terminal is the one whose clipboard the user means.
                    Effect::Copy { text, .. } => {
                        clipboard.write_all(&osc::osc52(&text, osc::Passthrough::None))?;
                    }
                    // A served app offers neither (the file or the editor would be the
                    // server's); say so should one come.
                    Effect::Export { .. } | Effect::Edit { .. } => app.notify(Status::error(
                        "files and editors are not available over ssh; copy instead (y)",
                    )),
                }
            }
            // Ctrl-Z means nothing here: the client's shell is not ours to stop.
            app.suspend = false;
            Ok(())
        };
        let hooks = frontend::Hooks {
            drawn: &mut drawn,
            effects: &mut effects,
        };
        let end = frontend::run(&mut terminal, &mut app, inbox, idle, hooks);
        let _ = Backend::flush(terminal.backend_mut());
        drop(terminal);
        let writer = &mut after;
        let _ = writer.write_all(LEAVE);
        if end.as_ref().is_ok_and(|e| *e == End::Idle) {
            let after = super::log::lasted(idle.unwrap_or_default());
            let _ = writer.write_all(
                format!("nhs-leaders: closed after {after} without a key press.\r\n").as_bytes(),
            );
        }
        end
    })();
    ended(end.unwrap_or(End::Closed), began.elapsed());
}
