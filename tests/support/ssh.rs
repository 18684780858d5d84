//! A served dashboard on 127.0.0.1:0 and a russh client to drive it, for tests and for the
//! serving benchmark (examples/serve_load.rs). Clients can connect from any 127.0.0.x so the
//! per-address limit can be tested (and kept at its default in measurements).
#![allow(dead_code)]

use nhs_leaders::query::SearchIndex;
use nhs_leaders::serve::log::Log;
use nhs_leaders::serve::{Options, Server};
use nhs_leaders::watch::Feed;
use nhs_leaders::{DataPath, Dataset};
use russh::client::{self, Handle};
use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData};
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use russh::{Channel, ChannelMsg};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn key(seed: u8) -> PrivateKey {
    let pair = Ed25519Keypair::from_seed(&[seed; 32]);
    PrivateKey::new(KeypairData::from(pair), format!("test key {seed}")).unwrap()
}

/// A running server with one authorized client key and a log kept in memory.
pub struct TestServer {
    pub server: Server,
    pub feed: Arc<Feed>,
    pub client_key: PrivateKey,
    pub log: Arc<Mutex<Vec<String>>>,
    pub dir: tempfile::TempDir,
}

impl TestServer {
    pub fn addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Waits until the server has `n` sessions open.
    pub async fn wait_sessions(&self, n: usize, limit: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.server.sessions() == n {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.server.sessions() == n
    }
}

/// The bundled dataset, shared.
pub fn bundled_feed() -> Arc<Feed> {
    feed_of(&DataPath::Bundled)
}

pub fn feed_of(path: &DataPath) -> Arc<Feed> {
    let ds = Arc::new(Dataset::load(path).expect("data loads").dataset);
    let index = Arc::new(SearchIndex::build(&ds));
    Feed::new(ds, index)
}

/// Starts a server over `feed` with the defaults of `nhs-leaders serve`, changed by `tune`.
pub async fn start(feed: Arc<Feed>, tune: impl FnOnce(&mut Options)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let client_key = key(7);
    let authorized: PathBuf = dir.path().join("authorized_keys");
    let mut f = std::fs::File::create(&authorized).unwrap();
    writeln!(f, "{}", client_key.public_key().to_openssh().unwrap()).unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let lines = Arc::clone(&log);
    let mut options = Options {
        listen: "127.0.0.1:0".parse().unwrap(),
        host_key: key(1),
        authorized_keys: Some(authorized),
        max_sessions: 64,
        max_per_address: 8,
        idle: Some(Duration::from_secs(1800)),
        auth_timeout: Duration::from_secs(10),
        theme: Default::default(),
        wire: Default::default(),
        log: Log::to(move |line| lines.lock().unwrap().push(line.to_owned())),
    };
    tune(&mut options);
    let server = Server::start(options, Arc::clone(&feed)).await.unwrap();
    TestServer {
        server,
        feed,
        client_key,
        log,
        dir,
    }
}

pub struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// Connects from `from` (any 127.0.0.x) without authenticating.
pub async fn connect_from(addr: SocketAddr, from: IpAddr) -> Handle<Client> {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    let stream = socket.connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(60)),
        ..Default::default()
    });
    client::connect_stream(config, stream, Client)
        .await
        .unwrap()
}

/// Connects from `from` and authenticates with `key`; `None` if the key is refused.
pub async fn login_from(
    addr: SocketAddr,
    from: IpAddr,
    key: &PrivateKey,
) -> Option<Handle<Client>> {
    let mut handle = connect_from(addr, from).await;
    let result = handle
        .authenticate_publickey(
            "tester",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .unwrap();
    result.success().then_some(handle)
}

pub async fn login(s: &TestServer) -> Handle<Client> {
    login_from(s.addr(), "127.0.0.1".parse().unwrap(), &s.client_key)
        .await
        .expect("the authorized key gets in")
}

/// What an exec request returned.
#[derive(Debug)]
pub struct Ran {
    pub out: String,
    pub err: String,
    pub code: Option<u32>,
}

pub async fn exec(handle: &Handle<Client>, command: &str) -> Ran {
    let mut channel = handle.channel_open_session().await.unwrap();
    channel.exec(true, command).await.unwrap();
    let (mut out, mut err, mut code) = (Vec::new(), Vec::new(), None);
    while let Some(msg) = tokio::time::timeout(Duration::from_secs(20), channel.wait())
        .await
        .expect("the exec finishes")
    {
        match msg {
            ChannelMsg::Data { data } => out.extend_from_slice(&data),
            ChannelMsg::ExtendedData { data, .. } => err.extend_from_slice(&data),
            ChannelMsg::ExitStatus { exit_status } => code = Some(exit_status),
            _ => {}
        }
    }
    Ran {
        out: String::from_utf8_lossy(&out).into_owned(),
        err: String::from_utf8_lossy(&err).into_owned(),
        code,
    }
}

/// A dashboard session seen through a terminal emulator.
pub struct Term {
    pub channel: Channel<client::Msg>,
    pub screen: vt100::Parser,
    /// Every byte received.
    pub bytes: Vec<u8>,
    pub exit: Option<u32>,
    pub closed: bool,
}

impl Term {
    /// Opens a session channel with a pty of `cols` x `rows` and asks for a shell.
    pub async fn open(handle: &Handle<Client>, cols: u16, rows: u16) -> Term {
        let channel = handle.channel_open_session().await.unwrap();
        channel
            .request_pty(true, "xterm-256color", cols.into(), rows.into(), 0, 0, &[])
            .await
            .unwrap();
        channel.request_shell(true).await.unwrap();
        Term {
            channel,
            screen: vt100::Parser::new(rows, cols, 0),
            bytes: Vec::new(),
            exit: None,
            closed: false,
        }
    }

    pub fn text(&self) -> String {
        self.screen.screen().contents()
    }

    /// Takes what has arrived within `wait`; false once the channel has closed.
    pub async fn pump(&mut self, wait: Duration) -> bool {
        match tokio::time::timeout(wait, self.channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => {
                self.bytes.extend_from_slice(&data);
                self.screen.process(&data);
            }
            Ok(Some(ChannelMsg::ExitStatus { exit_status })) => self.exit = Some(exit_status),
            Ok(Some(_)) => {}
            Ok(None) => {
                self.closed = true;
                return false;
            }
            Err(_) => {}
        }
        true
    }

    /// Reads until the screen shows `text`.
    pub async fn wait_for(&mut self, text: &str, limit: Duration) -> bool {
        let started = Instant::now();
        while !self.text().contains(text) {
            if started.elapsed() > limit || !self.pump(Duration::from_millis(50)).await {
                return self.text().contains(text);
            }
        }
        true
    }

    /// Reads until the channel closes.
    pub async fn wait_closed(&mut self, limit: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < limit {
            if !self.pump(Duration::from_millis(50)).await {
                return true;
            }
        }
        false
    }

    pub async fn send(&self, bytes: &[u8]) {
        self.channel.data_bytes(bytes.to_vec()).await.unwrap();
    }

    pub async fn resize(&mut self, cols: u32, rows: u32) {
        self.channel.window_change(cols, rows, 0, 0).await.unwrap();
    }
}
