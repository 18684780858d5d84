//! One ssh connection: authentication against the authorized keys (or anyone, with
//! `--open`), and its session channels. A channel with a pseudo-terminal and a shell request
//! gets a dashboard; an exec request gets a query's output and exit code; a channel with
//! neither gets the usage text. Everything else a client may ask of an ssh server (port,
//! agent and X11 forwarding, subsystems such as sftp, environment variables) is refused.

use super::Shared;
use super::exec;
use super::input::InputParser;
use super::keys;
use super::limits::{Full, Slot};
use super::log::{lasted, quoted};
use super::session::{self, ChannelWriter, WindowCell, clamp_size};
use crate::frontend::{End, Msg};
use ratatui::crossterm::event::Event;
use ratatui::layout::Size;
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg as RusshMsg, Session};
use russh::server::{PublicKeyOffer, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Instant;

/// Session channels one connection may have open at once (ssh multiplexing can open many).
const CHANNELS_PER_CONNECTION: usize = 8;

/// A running dashboard's ends, as the connection holds them.
struct Dashboard {
    input: Sender<Msg>,
    parser: InputParser,
    size: Arc<WindowCell>,
}

#[derive(Default)]
struct Chan {
    /// `#connection.channel`, for the log.
    label: String,
    pty: Option<Size>,
    dashboard: Option<Dashboard>,
    /// A shell or exec request has been answered; a second is refused.
    started: bool,
}

pub struct Conn {
    shared: Arc<Shared>,
    id: u64,
    peer: SocketAddr,
    authed: tokio::sync::watch::Sender<bool>,
    channels: HashMap<ChannelId, Chan>,
    opened: u32,
}

impl Conn {
    pub fn new(
        shared: Arc<Shared>,
        id: u64,
        peer: SocketAddr,
        authed: tokio::sync::watch::Sender<bool>,
    ) -> Conn {
        Conn {
            shared,
            id,
            peer,
            authed,
            channels: HashMap::new(),
            opened: 0,
        }
    }

    /// Whether `key` may log in, and if not, why (for the log).
    fn admits(&self, key: &PublicKey) -> Result<(), String> {
        let Some(path) = &self.shared.authorized_keys else {
            return Ok(());
        };
        let authorized = keys::read_authorized(path)?;
        if keys::is_authorized(&authorized.keys, key) {
            Ok(())
        } else {
            Err("not in the authorized keys".into())
        }
    }

    fn key_label(key: &PublicKey) -> String {
        format!("{} {}", key.algorithm().as_str(), keys::fingerprint(key))
    }

    fn accept(&self, user: &str, how: &str) -> Auth {
        let _ = self.authed.send(true);
        self.shared.log.line(format_args!(
            "auth accepted #{} user={} {how}",
            self.id,
            quoted(user)
        ));
        Auth::Accept
    }

    fn refuse(&self, user: &str, key: &PublicKey, why: &str) -> Auth {
        self.shared.log.line(format_args!(
            "auth refused #{} user={} key={}: {why}",
            self.id,
            quoted(user),
            Self::key_label(key)
        ));
        Auth::reject()
    }

    fn label(&self, channel: ChannelId) -> String {
        self.channels
            .get(&channel)
            .map(|c| c.label.clone())
            .unwrap_or_else(|| format!("#{}", self.id))
    }

    /// Takes a session slot, or tells the client politely why not and closes the channel.
    fn slot(
        &self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<Option<Slot>, russh::Error> {
        match self.shared.limits.acquire(self.peer.ip()) {
            Ok(slot) => Ok(Some(slot)),
            Err(full) => {
                let why = match full {
                    Full::Server(n) => format!("the server has {n} sessions"),
                    Full::Address(n) => format!("{} has {n} sessions", self.peer.ip()),
                };
                self.shared.log.line(format_args!(
                    "session refused {}: {why}",
                    self.label(channel)
                ));
                session.channel_success(channel)?;
                session.data(channel, full.message().into_bytes())?;
                finish(session, channel, 1)?;
                Ok(None)
            }
        }
    }

    fn start_dashboard(
        &mut self,
        channel: ChannelId,
        size: Size,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let Some(slot) = self.slot(channel, session)? else {
            return Ok(());
        };
        session.channel_success(channel)?;
        let label = self.label(channel);
        let window = WindowCell::new(size);
        let handle = session.handle();
        let log = self.shared.log.clone();
        let runtime = self.shared.runtime.clone();
        let shared = Arc::clone(&self.shared);
        let ended_label = label.clone();
        let ended = Box::new(move |end: End, took| {
            drop(slot);
            shared.unregister(&ended_label);
            let how = match end {
                End::Quit => "quit",
                End::Closed => "closed by the client",
                End::Idle => "idle",
            };
            log.line(format_args!(
                "session end {ended_label} after {} ({how})",
                lasted(took)
            ));
            runtime.spawn(async move {
                let _ = handle.exit_status_request(channel, 0).await;
                let _ = handle.eof(channel).await;
                let _ = handle.close(channel).await;
            });
        });
        let start = session::Start {
            feed: Arc::clone(&self.shared.feed),
            size: Arc::clone(&window),
            writer: ChannelWriter::new(session.handle(), channel, self.shared.runtime.clone()),
            idle: self.shared.idle,
            theme: self.shared.theme,
            wire: self.shared.wire,
            ended,
        };
        let (input, inbox) = session::inbox();
        self.shared.register(&label, input.clone());
        match session::spawn(start, input.clone(), inbox) {
            Ok(()) => {
                self.shared.log.line(format_args!(
                    "session start {label} dashboard {}x{}",
                    size.width, size.height
                ));
                if let Some(c) = self.channels.get_mut(&channel) {
                    c.dashboard = Some(Dashboard {
                        input,
                        parser: InputParser::default(),
                        size: window,
                    });
                }
            }
            Err(e) => {
                // The slot went with the unstarted thread's closure.
                self.shared.unregister(&label);
                self.shared
                    .log
                    .line(format_args!("session failed {label}: {e}"));
                session.data(
                    channel,
                    b"nhs-leaders: the server could not start a session.\r\n".to_vec(),
                )?;
                finish(session, channel, 1)?;
            }
        }
        Ok(())
    }

    fn run_exec(
        &mut self,
        channel: ChannelId,
        command: String,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let Some(slot) = self.slot(channel, session)? else {
            return Ok(());
        };
        session.channel_success(channel)?;
        let label = self.label(channel);
        self.shared.log.line(format_args!(
            "session start {label} exec {}",
            quoted(&command)
        ));
        let tty = self.channels.get(&channel).is_some_and(|c| c.pty.is_some());
        let (ds, index, _) = self.shared.feed.current();
        let handle = session.handle();
        let log = self.shared.log.clone();
        self.shared.runtime.spawn(async move {
            let began = Instant::now();
            // A query can take a while on a big dataset: off the connection tasks.
            let answer =
                tokio::task::spawn_blocking(move || exec::answer(&ds, &index, &command, tty)).await;
            let code = match answer {
                Ok(a) => {
                    if !a.out.is_empty() {
                        let _ = handle.data(channel, a.out).await;
                    }
                    if !a.err.is_empty() {
                        let _ = handle.extended_data(channel, 1, a.err).await;
                    }
                    a.code
                }
                Err(_) => {
                    let _ = handle
                        .extended_data(channel, 1, b"nhs-leaders: the query failed\n".to_vec())
                        .await;
                    1
                }
            };
            let _ = handle
                .exit_status_request(channel, u32::try_from(code).unwrap_or(1))
                .await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
            drop(slot);
            log.line(format_args!(
                "session end {label} exec exit {code} after {}",
                lasted(began.elapsed())
            ));
        });
        Ok(())
    }

    fn refuse_channel(&self, what: &str) {
        self.shared
            .log
            .line(format_args!("refused #{}: {what}", self.id));
    }

    /// Refuses a channel the server never offers (X11, forwarding), saying so in the log.
    async fn prohibit(&self, what: &str, reply: ChannelOpenHandle) {
        self.refuse_channel(what);
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
    }
}

/// Exit status, end of data, close.
fn finish(session: &mut Session, channel: ChannelId, code: u32) -> Result<(), russh::Error> {
    session.exit_status_request(channel, code)?;
    session.eof(channel)?;
    session.close(channel)
}

impl Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if self.shared.authorized_keys.is_none() {
            return Ok(self.accept(user, "(open server, no key)"));
        }
        Ok(Auth::reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(match self.admits(offer.public_key) {
            Ok(()) => Auth::Accept,
            Err(why) => self.refuse(user, offer.public_key, &why),
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(match self.admits(key.public_key) {
            Ok(()) => self.accept(user, &format!("key={}", Self::key_label(key.public_key))),
            Err(why) => self.refuse(user, key.public_key, &why),
        })
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<RusshMsg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channels.len() >= CHANNELS_PER_CONNECTION {
            self.refuse_channel("too many channels on one connection");
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        self.opened += 1;
        let chan = Chan {
            label: format!("#{}.{}", self.id, self.opened),
            ..Chan::default()
        };
        self.channels.insert(channel.id(), chan);
        // Input arrives through `data` below; the channel's own queue is not read, so it is
        // dropped (russh then skips it instead of waiting for room in it).
        drop(channel);
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<RusshMsg>,
        _address: &str,
        _port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.prohibit("X11 channel", reply).await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<RusshMsg>,
        _host: &str,
        _port: u32,
        _originator: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.prohibit("port forwarding", reply).await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<RusshMsg>,
        _socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.prohibit("socket forwarding", reply).await;
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse_channel("remote port forwarding");
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse_channel("remote socket forwarding");
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // OpenSSH sends LANG and LC_* by default; refusing is routine, so it is not logged.
        session.channel_failure(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_channel(&format!("subsystem {}", quoted(name)));
        session.channel_failure(channel)
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get_mut(&channel) {
            Some(c) if !c.started => {
                c.pty = Some(clamp_size(cols, rows));
                session.channel_success(channel)
            }
            _ => session.channel_failure(channel),
        }
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(c) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        if std::mem::replace(&mut c.started, true) {
            return session.channel_failure(channel);
        }
        match c.pty {
            Some(size) => self.start_dashboard(channel, size, session),
            None => {
                self.shared.log.line(format_args!(
                    "session {}: no terminal and no command; sent the usage",
                    self.label(channel)
                ));
                session.channel_success(channel)?;
                let usage = exec::usage().into_bytes();
                session.data(channel, usage)?;
                finish(session, channel, 0)
            }
        }
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(c) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        if std::mem::replace(&mut c.started, true) {
            return session.channel_failure(channel);
        }
        let command = String::from_utf8_lossy(data).into_owned();
        self.run_exec(channel, command, session)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let size = clamp_size(cols, rows);
        if let Some(c) = self.channels.get_mut(&channel) {
            match &c.dashboard {
                Some(d) => {
                    d.size.set(size);
                    let _ = d
                        .input
                        .send(Msg::Input(Event::Resize(size.width, size.height)));
                }
                None => c.pty = c.pty.map(|_| size),
            }
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(d) = self
            .channels
            .get_mut(&channel)
            .and_then(|c| c.dashboard.as_mut())
        {
            for event in d.parser.feed(data) {
                let _ = d.input.send(Msg::Input(event));
            }
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // No more keys will come: a dashboard has nothing left to do.
        if let Some(d) = self
            .channels
            .get(&channel)
            .and_then(|c| c.dashboard.as_ref())
        {
            let _ = d.input.send(Msg::Closed);
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(d) = self.channels.remove(&channel).and_then(|c| c.dashboard) {
            let _ = d.input.send(Msg::Closed);
        }
        Ok(())
    }
}

impl Drop for Conn {
    /// The connection has gone (however it went): every dashboard on it ends.
    fn drop(&mut self) {
        for c in self.channels.values() {
            if let Some(d) = &c.dashboard {
                let _ = d.input.send(Msg::Closed);
            }
        }
    }
}
