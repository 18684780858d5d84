//! `nhs-leaders serve`: the dashboard and the query subcommands over ssh, to a whole team,
//! from one shared, live copy of the data. The SSH protocol and its cryptography are russh's;
//! this module decides who gets in, what they get, and how much of the machine they may use.
//!
//! ```text
//!  TCP ──▶ accept loop ──▶ one task per connection (conn.rs: russh Handler)
//!                              │ auth: authorized_keys / --open, within --auth-timeout
//!                              │ pty + shell ──▶ session.rs: a thread running frontend::run
//!                              │                  with its own App over the shared Feed
//!                              │ exec ─────────▶ exec.rs: a query, on the blocking pool
//!                              │ anything else ─▶ refused
//!  watch.rs ── new data ──▶ Feed ──▶ every session's inbox
//! ```

mod conn;
pub mod exec;
pub mod forced;
pub mod input;
pub mod keys;
pub mod limits;
pub mod log;
pub mod session;

use crate::cli::serve::ServeArgs;
use crate::cli::{self, Cli};
use crate::frontend::Msg;
use crate::style::Theme;
use crate::watch::{self, Feed, Outcome};
use crate::wire;
use limits::Limits;
use log::{Log, lasted};
use russh::MethodKind;
use russh::keys::PrivateKey;
use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// Connections still authenticating at once (as OpenSSH's MaxStartups): more are dropped at
/// once, so a flood of idle TCP connections cannot hold the server.
const MAX_STARTUPS: usize = 32;

/// How long a connection may go without a word from the client (keepalive replies count)
/// before it is dropped: catches dead peers and clients that stop reading.
const DEAD_PEER: Duration = Duration::from_secs(180);
const KEEPALIVE: Duration = Duration::from_secs(30);

/// How the server runs.
pub struct Options {
    pub listen: SocketAddr,
    pub host_key: PrivateKey,
    /// `None`: anyone may log in (`--open`).
    pub authorized_keys: Option<PathBuf>,
    pub max_sessions: usize,
    pub max_per_address: usize,
    pub idle: Option<Duration>,
    pub auth_timeout: Duration,
    pub theme: Theme,
    pub wire: wire::Mode,
    pub log: Log,
}

/// What every connection shares.
pub(crate) struct Shared {
    feed: Arc<Feed>,
    authorized_keys: Option<PathBuf>,
    limits: Arc<Limits>,
    max_sessions: usize,
    idle: Option<Duration>,
    auth_timeout: Duration,
    theme: Theme,
    wire: wire::Mode,
    log: Log,
    runtime: tokio::runtime::Handle,
    config: Arc<russh::server::Config>,
    next_connection: AtomicU64,
    connections: AtomicUsize,
    authenticating: AtomicUsize,
    /// Running dashboards, to close on shutdown.
    sessions: Mutex<HashMap<String, Sender<Msg>>>,
}

impl Shared {
    fn register(&self, label: &str, input: Sender<Msg>) {
        if let Ok(mut s) = self.sessions.lock() {
            s.insert(label.to_owned(), input);
        }
    }

    fn unregister(&self, label: &str) {
        if let Ok(mut s) = self.sessions.lock() {
            s.remove(label);
        }
    }
}

/// A running server.
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Arc<tokio::sync::Notify>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Binds and starts serving `feed`'s data; returns at once.
    pub async fn start(options: Options, feed: Arc<Feed>) -> io::Result<Server> {
        let listener = TcpListener::bind(options.listen).await?;
        let addr = listener.local_addr()?;
        let mut methods = russh::MethodSet::empty();
        methods.push(MethodKind::PublicKey);
        if options.authorized_keys.is_none() {
            methods.push(MethodKind::None);
        }
        let config = russh::server::Config {
            server_id: russh::SshId::Standard(
                concat!("SSH-2.0-nhs-leaders_", env!("CARGO_PKG_VERSION")).into(),
            ),
            methods,
            auth_rejection_time: Duration::from_millis(500),
            // OpenSSH clients probe with "none" first; that probe is not worth a delay.
            auth_rejection_time_initial: Some(Duration::ZERO),
            keys: vec![options.host_key],
            inactivity_timeout: Some(DEAD_PEER),
            keepalive_interval: Some(KEEPALIVE),
            keepalive_max: 3,
            max_auth_attempts: 6,
            nodelay: true,
            ..Default::default()
        };
        let shared = Arc::new(Shared {
            feed,
            authorized_keys: options.authorized_keys,
            limits: Limits::new(options.max_sessions, options.max_per_address),
            max_sessions: options.max_sessions,
            idle: options.idle,
            auth_timeout: options.auth_timeout,
            theme: options.theme,
            wire: options.wire,
            log: options.log,
            runtime: tokio::runtime::Handle::current(),
            config: Arc::new(config),
            next_connection: AtomicU64::new(1),
            connections: AtomicUsize::new(0),
            authenticating: AtomicUsize::new(0),
            sessions: Mutex::new(HashMap::new()),
        });
        let stop = Arc::new(tokio::sync::Notify::new());
        let accepting = tokio::spawn(accept(listener, Arc::clone(&shared), Arc::clone(&stop)));
        Ok(Server {
            shared,
            addr,
            stop,
            accepting,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Sessions (dashboards and queries) open now.
    pub fn sessions(&self) -> usize {
        self.shared.limits.open()
    }

    /// TCP connections open now.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Stops accepting, ends every dashboard (each gives its client's screen back), and waits
    /// up to `grace` for the sessions to finish.
    pub async fn stop(self, grace: Duration) {
        self.stop.notify_one();
        let _ = self.accepting.await;
        let inputs: Vec<Sender<Msg>> = self
            .shared
            .sessions
            .lock()
            .map(|s| s.values().cloned().collect())
            .unwrap_or_default();
        for input in inputs {
            let _ = input.send(Msg::Closed);
        }
        let deadline = Instant::now() + grace;
        while self.shared.limits.open() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>, stop: Arc<tokio::sync::Notify>) {
    loop {
        let (socket, peer) = tokio::select! {
            _ = stop.notified() => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, usually: wait rather than spin.
                    shared.log.line(format_args!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let id = shared.next_connection.fetch_add(1, Ordering::SeqCst);
        let busy = shared.authenticating.load(Ordering::SeqCst) >= MAX_STARTUPS
            || shared.connections.load(Ordering::SeqCst) >= 2 * shared.max_sessions + MAX_STARTUPS;
        if busy {
            shared.log.line(format_args!(
                "refused #{id} from {peer}: too many connections at once"
            ));
            drop(socket);
            continue;
        }
        tokio::spawn(connection(Arc::clone(&shared), socket, peer, id));
    }
}

/// Counts a connection while it lives.
struct Counted<'a>(&'a AtomicUsize);

impl<'a> Counted<'a> {
    fn new(counter: &'a AtomicUsize) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        Counted(counter)
    }
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn connection(shared: Arc<Shared>, socket: tokio::net::TcpStream, peer: SocketAddr, id: u64) {
    let _open = Counted::new(&shared.connections);
    let began = Instant::now();
    shared.log.line(format_args!("connect #{id} from {peer}"));
    let (authed_tx, mut authed) = tokio::sync::watch::channel(false);
    let handler = conn::Conn::new(Arc::clone(&shared), id, peer, authed_tx);
    let deadline = tokio::time::Instant::now() + shared.auth_timeout;
    let timeout = lasted(shared.auth_timeout);
    let authenticating = Counted::new(&shared.authenticating);
    // The key exchange and authentication must both finish before the deadline; a client
    // that sends nothing at all is dropped with its socket.
    let running = match tokio::time::timeout_at(
        deadline,
        russh::server::run_stream(Arc::clone(&shared.config), socket, handler),
    )
    .await
    {
        Ok(Ok(running)) => running,
        Ok(Err(e)) => {
            shared.log.line(format_args!("disconnect #{id}: {e}"));
            return;
        }
        Err(_) => {
            shared.log.line(format_args!(
                "disconnect #{id}: no authentication within {timeout}"
            ));
            return;
        }
    };
    let handle = running.handle();
    let mut running = std::pin::pin!(running);
    let in_time = async {
        tokio::time::timeout_at(deadline, authed.wait_for(|a| *a))
            .await
            .is_ok_and(|r| r.is_ok())
    };
    let waited = tokio::select! {
        result = &mut running => Some(result),
        in_time = in_time => {
            if !in_time {
                shared.log.line(format_args!(
                    "disconnect #{id}: no authentication within {timeout}"
                ));
                let _ = handle
                    .disconnect(
                        russh::Disconnect::ByApplication,
                        "authentication timed out".into(),
                        "en".into(),
                    )
                    .await;
            }
            None
        }
    };
    drop(authenticating);
    let result = match waited {
        Some(result) => result,
        None => running.await,
    };
    let how = match result {
        Ok(()) => String::new(),
        Err(e) => format!(" ({e})"),
    };
    shared.log.line(format_args!(
        "disconnect #{id} after {}{how}",
        lasted(began.elapsed())
    ));
}

/// `nhs-leaders serve`: checks everything it can before listening, says how to connect, and
/// serves until SIGTERM or SIGINT.
pub fn run(cli: &Cli, args: &ServeArgs) -> i32 {
    let fail = |why: &str| {
        eprintln!("nhs-leaders serve: {why}");
        cli::EXIT_USAGE
    };
    if args.authorized_keys.is_none() && !args.open {
        return fail(
            "refusing to start: nobody could log in. Give --authorized-keys FILE (an OpenSSH \
             authorized_keys file: each key in it may log in), or --open to let anyone in.",
        );
    }
    if let Some(path) = &args.authorized_keys {
        match keys::read_authorized(path) {
            Err(e) => return fail(&e),
            Ok(a) => {
                for (line, why) in &a.problems {
                    eprintln!(
                        "nhs-leaders serve: warning: {}:{line}: this key cannot be read and \
                         will not be let in: {why}",
                        path.display()
                    );
                }
                if a.keys.is_empty() {
                    return fail(&format!(
                        "refusing to start: {} holds no key that can be read, so nobody could \
                         log in",
                        path.display()
                    ));
                }
            }
        }
    }
    let (host_key, key_path, created) = match keys::host_key(args.host_key.as_deref()) {
        Ok(k) => k,
        Err(e) => return fail(&e),
    };
    let mut err = io::stderr();
    // From the snapshot cache when it matches the files (see docs/cli.md), else parsed.
    let Some((mut opened, job)) = cli::open_or_report(cli, &mut err, None) else {
        return cli::EXIT_NOT_FOUND;
    };
    let index = opened.index();
    let ds = Arc::new(opened.loaded.dataset);
    if let Some(job) = job {
        let (ds, index, warnings) = (Arc::clone(&ds), Arc::clone(&index), opened.loaded.warnings);
        let files = opened.loaded.files;
        std::thread::spawn(move || {
            if let Err(e) = job.write(&ds, &index, &warnings, files) {
                eprintln!("nhs-leaders serve: cannot write the snapshot cache: {e}");
            }
        });
    }
    let feed = Feed::new(ds, index);
    let log = Log::stderr();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("serve")
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(&format!("cannot start: {e}")),
    };
    let fingerprint = keys::fingerprint(host_key.public_key());
    let options = Options {
        listen: args.listen,
        host_key,
        authorized_keys: args.authorized_keys.clone(),
        max_sessions: args.max_sessions as usize,
        max_per_address: args.max_per_address as usize,
        idle: (!args.idle_timeout.is_zero()).then_some(args.idle_timeout),
        auth_timeout: args.auth_timeout,
        theme: Theme::from_env(),
        wire: cli.wire,
        log: log.clone(),
    };
    runtime.block_on(async move {
        let server = match Server::start(options, Arc::clone(&feed)).await {
            Ok(s) => s,
            Err(e) => {
                return fail(&format!("cannot listen on {}: {e}", args.listen));
            }
        };
        let addr = server.local_addr();
        eprintln!(
            "nhs-leaders serve: listening on {addr}\n  host key {} ({}){}\n  connect with: ssh -p {} {}",
            fingerprint,
            key_path.display(),
            if created { ", created now" } else { "" },
            addr.port(),
            addr.ip()
        );
        match &args.authorized_keys {
            Some(p) => eprintln!("  letting in the keys in {}", p.display()),
            None => eprintln!(
                "  WARNING: --open: ANYONE who can reach {addr} gets in, with any key or none. \
                 Sessions are read-only, but everything in the data is shown to them."
            ),
        }
        let _watcher = match (&cli.data, args.no_watch) {
            (Some(path), false) => {
                let reload_log = log.clone();
                match watch::watch(path, Arc::clone(&feed), move |outcome, took| match outcome {
                    Outcome::Replaced(notice) => reload_log.line(format_args!(
                        "reload: {notice} in {}",
                        lasted(took)
                    )),
                    Outcome::Unchanged => {}
                    Outcome::Failed(why) => reload_log.line(format_args!("reload: {why}")),
                }) {
                    Ok(w) => {
                        eprintln!("  watching {} for changes", path.display());
                        Some(w)
                    }
                    Err(e) => {
                        eprintln!("nhs-leaders serve: warning: {e}; changes need a restart");
                        None
                    }
                }
            }
            _ => None,
        };
        wait_for_signal().await;
        log.line(format_args!(
            "shutting down: closing {} sessions",
            server.sessions()
        ));
        server.stop(Duration::from_secs(3)).await;
        cli::EXIT_OK
    })
}

async fn wait_for_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
        signal(SignalKind::hangup()),
    ) else {
        std::future::pending::<()>().await;
        return;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
        _ = hup.recv() => {}
    }
}
