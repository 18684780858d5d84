//! `nhs-leaders serve` end to end in process: a russh client against the server on
//! 127.0.0.1:0. Queries over exec, the dashboard over a pty, the limits, what is refused,
//! and live data while people type.

#[path = "support/ssh.rs"]
mod ssh;

use assert_cmd::Command;
use nhs_leaders::DataPath;
use ssh::{Term, exec, login, login_from, start};
use std::net::IpAddr;
use std::time::{Duration, Instant};

const SECS: Duration = Duration::from_secs(20);

fn local(n: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, n])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_answers_queries_with_their_output_and_exit_code() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    let h = login(&s).await;

    let ran = exec(&h, "search chaudry --json").await;
    assert_eq!(ran.code, Some(0), "{}", ran.err);
    let json: serde_json::Value = serde_json::from_str(&ran.out).unwrap();
    assert_eq!(json["hits"][0]["id"], "zafar-chaudry");

    let ran = exec(&h, "show cuh").await;
    assert_eq!(ran.code, Some(0));
    assert!(
        ran.out.contains("Cambridge University Hospitals"),
        "{}",
        ran.out
    );

    let ran = exec(&h, "at 2019").await;
    assert_eq!(ran.code, Some(0));
    assert!(!ran.out.is_empty());

    let ran = exec(&h, "show no-such-id").await;
    assert_eq!(
        ran.code,
        Some(1),
        "not found is exit 1, as on the command line"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_commands_serve_itself_and_a_client_chosen_data_path_are_refused() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    let h = login(&s).await;
    for (command, says) in [
        ("bash -i", "not something this server answers"),
        ("serve --open", "cannot be run over ssh"),
        ("ssh-command", "cannot be run over ssh"),
        ("search x --data /etc", "--data cannot be given over ssh"),
    ] {
        let ran = exec(&h, command).await;
        assert_eq!(ran.code, Some(2), "{command}");
        assert!(ran.out.is_empty(), "{command}: {}", ran.out);
        assert!(ran.err.contains(says), "{command}: {}", ran.err);
    }
    assert_eq!(s.server.sessions(), 0, "each refusal ended its session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_pty_and_no_command_gets_the_usage_and_other_requests_are_refused() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    let h = login(&s).await;

    let mut channel = h.channel_open_session().await.unwrap();
    channel.request_shell(true).await.unwrap();
    let mut out = Vec::new();
    while let Some(msg) = channel.wait().await {
        if let russh::ChannelMsg::Data { data } = msg {
            out.extend_from_slice(&data);
        }
    }
    assert!(String::from_utf8_lossy(&out).contains("ssh HOST search chaudry --json"));

    // sftp, environment variables: a failure reply each.
    let mut channel = h.channel_open_session().await.unwrap();
    channel.request_subsystem(true, "sftp").await.unwrap();
    channel
        .set_env(true, "LD_PRELOAD", "/tmp/x.so")
        .await
        .unwrap();
    let mut failures = 0;
    while failures < 2 {
        match tokio::time::timeout(SECS, channel.wait()).await.unwrap() {
            Some(russh::ChannelMsg::Failure) => failures += 1,
            Some(russh::ChannelMsg::Success) => panic!("a request was granted"),
            Some(_) => {}
            None => break,
        }
    }
    assert_eq!(failures, 2);

    // Port forwarding, both ways.
    assert!(
        h.channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5000)
            .await
            .is_err()
    );
    assert!(h.tcpip_forward("127.0.0.1", 0).await.is_err());
    assert!(s.log_text().contains("refused"), "{}", s.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_key_gets_no_session_and_the_log_names_its_fingerprint_only() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    let stranger = ssh::key(99);
    let got_in = login_from(s.addr(), local(1), &stranger).await;
    assert!(got_in.is_none(), "an unlisted key is refused");
    assert_eq!(s.server.sessions(), 0);

    let h = login(&s).await;
    let _ = exec(&h, "search chaudry").await;
    let log = s.log_text();
    let refused_fp = stranger
        .public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string();
    assert!(
        log.contains(&format!(
            "auth refused #1 user=\"tester\" key=ssh-ed25519 {refused_fp}"
        )),
        "{log}"
    );
    assert!(log.contains("auth accepted #2"), "{log}");
    assert!(
        log.contains("session start #2.1 exec \"search chaudry\""),
        "{log}"
    );
    assert!(log.contains("session end #2.1 exec exit 0"), "{log}");
    // Never a key itself: the base64 body of either public key.
    for key in [&stranger, &s.client_key] {
        let openssh = key.public_key().to_openssh().unwrap();
        let body = openssh.split_whitespace().nth(1).unwrap();
        assert!(!log.contains(body), "{log}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tcp_connection_that_sends_nothing_is_dropped_after_the_auth_timeout() {
    let s = start(ssh::bundled_feed(), |o| {
        o.auth_timeout = Duration::from_secs(1)
    })
    .await;
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(s.addr()).await.unwrap();
    let mut buf = [0u8; 256];
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(10) {
        use tokio::io::AsyncReadExt;
        match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            _ => {}
        }
    }
    let took = started.elapsed();
    assert!(closed, "still open after {took:?}");
    assert!(
        took >= Duration::from_millis(900),
        "closed too soon: {took:?}"
    );
    assert!(took < Duration::from_secs(4), "closed late: {took:?}");
    assert!(
        s.log_text().contains("no authentication within 1.0s"),
        "{}",
        s.log_text()
    );
    assert_eq!(s.server.connections(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_takes_keys_and_clamps_window_sizes() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    let h = login(&s).await;
    let mut t = Term::open(&h, 80, 24).await;
    assert!(t.wait_for("People (", SECS).await, "{}", t.text());
    t.send(b"/chaudry").await;
    assert!(
        t.wait_for("Filter people: chaudry", SECS).await,
        "{}",
        t.text()
    );
    assert!(t.wait_for("Zafar Chaudry", SECS).await);

    // 0x0 is drawn as 1x1 (the "too small" notice), and the session lives on.
    t.resize(0, 0).await;
    t.pump(Duration::from_millis(300)).await;
    t.resize(80, 24).await;
    assert!(t.wait_for("Zafar Chaudry", SECS).await, "{}", t.text());

    // 10000x10000 is drawn as 500x300: no cursor move beyond row 300 or column 500.
    let before = t.bytes.len();
    t.resize(10_000, 10_000).await;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        t.pump(Duration::from_millis(100)).await;
    }
    let frame = &t.bytes[before..];
    let (rows, cols) = max_cursor_position(frame);
    assert_eq!(rows, 300, "the frame fills the clamped height");
    assert!(cols <= 500, "column {cols}");
    assert_eq!(s.server.sessions(), 1);

    t.send(b"\x1b").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    t.send(b"q").await;
    assert!(t.wait_closed(SECS).await);
    assert_eq!(t.exit, Some(0));
    assert!(s.wait_sessions(0, SECS).await);
}

/// The largest row and column of `ESC [ row ; col H` moves in `bytes`.
fn max_cursor_position(bytes: &[u8]) -> (u32, u32) {
    let text = String::from_utf8_lossy(bytes);
    let (mut rows, mut cols) = (0, 0);
    for part in text.split("\x1b[").skip(1) {
        let Some(end) = part.find('H') else { continue };
        let mut nums = part[..end].split(';').map(|n| n.parse::<u32>());
        if let (Some(Ok(r)), Some(Ok(c)), None) = (nums.next(), nums.next(), nums.next()) {
            rows = rows.max(r);
            cols = cols.max(c);
        }
    }
    (rows, cols)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_gets_no_bytes_then_is_closed_politely() {
    let s = start(ssh::bundled_feed(), |o| {
        o.idle = Some(Duration::from_secs(2))
    })
    .await;
    let h = login(&s).await;
    let mut t = Term::open(&h, 80, 24).await;
    assert!(t.wait_for("People (", SECS).await);
    // Let the first frame finish arriving, then listen: nothing more comes until the timeout.
    t.pump(Duration::from_millis(300)).await;
    let before = t.bytes.len();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(1200) {
        t.pump(Duration::from_millis(100)).await;
    }
    assert_eq!(t.bytes.len(), before, "an idle dashboard is sent nothing");
    assert!(t.wait_closed(SECS).await);
    let tail = String::from_utf8_lossy(&t.bytes[before..]).into_owned();
    assert!(
        tail.contains("\x1b[?1049l"),
        "the client's screen is given back"
    );
    assert!(
        tail.contains("closed after 2.0s without a key press"),
        "{tail:?}"
    );
    assert!(s.log_text().contains("(idle)"), "{}", s.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_65_is_turned_away_politely_and_so_is_the_ninth_from_one_address() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    let mut held = Vec::new();
    for n in 0..64u8 {
        let from = local(10 + n / 8);
        let h = login_from(s.addr(), from, &s.client_key).await.unwrap();
        let t = Term::open(&h, 80, 24).await;
        held.push((h, t));
    }
    assert!(s.wait_sessions(64, SECS).await, "{}", s.server.sessions());

    let h = login_from(s.addr(), local(200), &s.client_key)
        .await
        .unwrap();
    let mut t = Term::open(&h, 80, 24).await;
    assert!(t.wait_closed(SECS).await);
    assert_eq!(t.exit, Some(1));
    let said = String::from_utf8_lossy(&t.bytes).into_owned();
    assert!(said.contains("the server is full (64 sessions"), "{said}");
    assert!(!said.contains("\x1b[?1049h"), "no dashboard was started");

    // One ends; the ninth from an address that has eight is still turned away.
    let (h0, t0) = held.remove(0);
    drop(t0);
    drop(h0);
    assert!(s.wait_sessions(63, SECS).await);
    let h = login_from(s.addr(), local(11), &s.client_key)
        .await
        .unwrap();
    let mut t = Term::open(&h, 80, 24).await;
    assert!(t.wait_closed(SECS).await);
    assert!(
        String::from_utf8_lossy(&t.bytes).contains("your address already has 8 sessions"),
        "{}",
        String::from_utf8_lossy(&t.bytes)
    );
    // From the address that now has seven, the 64th gets in.
    let h = login_from(s.addr(), local(10), &s.client_key)
        .await
        .unwrap();
    let mut t = Term::open(&h, 80, 24).await;
    assert!(t.wait_for("People (", SECS).await);
    assert!(s.log_text().contains("session refused"), "{}", s.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_dropped_mid_frame_ends_its_session_and_nothing_else() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    let h = login(&s).await;
    let mut t = Term::open(&h, 500, 300).await;
    assert!(t.pump(SECS).await);
    // Big frames in flight, then the connection goes without a word.
    for key in [b"j", b"2", b"3", b"4", b"1"] {
        t.send(key).await;
    }
    drop(t);
    drop(h);
    assert!(s.wait_sessions(0, SECS).await, "{}", s.server.sessions());
    // The server still serves.
    let h = login(&s).await;
    assert_eq!(exec(&h, "show cuh").await.code, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_change_while_people_type_loses_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let files = nhs_leaders::dataset::read_files(&DataPath::Bundled).unwrap();
    for f in &files {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.text).unwrap();
    }
    let data = DataPath::Path(dir.path().to_path_buf());
    let feed = ssh::feed_of(&data);
    let s = start(feed.clone(), |_| {}).await;
    let mut terms = Vec::new();
    for n in 0..3u8 {
        let h = login_from(s.addr(), local(20 + n), &s.client_key)
            .await
            .unwrap();
        let mut t = Term::open(&h, 100, 30).await;
        assert!(t.wait_for("People (", SECS).await);
        t.send(b"/").await;
        terms.push((h, t));
    }
    let extra = dir.path().join("zz-extra.toml");
    let query = "chaudryzafar";
    let reloader = {
        let feed = feed.clone();
        let data = data.clone();
        let extra = extra.clone();
        tokio::task::spawn_blocking(move || {
            for round in 0..6 {
                let text = match round % 3 {
                    0 => format!(
                        "[[person]]\nid = \"extra-{round}\"\nname = \"Extra Person {round}\"\n"
                    ),
                    1 => "[[person]]\nid = \"broken\"\nnaem = \"typo\"\n".to_owned(),
                    _ => String::new(),
                };
                std::fs::write(&extra, text).unwrap();
                feed.reload(&data);
                std::thread::sleep(Duration::from_millis(40));
            }
        })
    };
    for c in query.bytes() {
        for (_, t) in &terms {
            t.send(&[c]).await;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    reloader.await.unwrap();
    for (_, t) in &mut terms {
        assert!(
            t.wait_for(&format!("Filter people: {query}"), SECS).await,
            "{}",
            t.text()
        );
    }
    assert_eq!(s.server.sessions(), 3, "no session fell over");
    // The last round left an empty extra file: the data is valid and says so.
    for (_, t) in &mut terms {
        assert!(t.wait_for("data ", SECS).await, "{}", t.text());
    }
}

#[test]
fn with_no_authorization_the_server_refuses_to_start_and_says_why() {
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("XDG_DATA_HOME", tempfile::tempdir().unwrap().path())
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to start: nobody could log in"),
        "{err}"
    );
    assert!(
        err.contains("--authorized-keys FILE") && err.contains("--open"),
        "{err}"
    );

    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(["serve", "--authorized-keys", "/nonexistent/keys"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/keys"), "{err}");

    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(["serve", "--open", "--authorized-keys", "k"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "the two are exclusive");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_reaches_the_clients_terminal_and_the_mouse_is_given_back() {
    let s = start(ssh::bundled_feed(), |_| {}).await;
    let h = login(&s).await;
    let mut t = Term::open(&h, 80, 24).await;
    assert!(t.wait_for("People (", SECS).await);
    let text = String::from_utf8_lossy(&t.bytes).into_owned();
    assert!(text.contains("\x1b[?1000h\x1b[?1006h"), "mouse reports on");
    t.send(b"y").await;
    assert!(t.wait_for("copied", SECS).await, "{}", t.text());
    let text = String::from_utf8_lossy(&t.bytes).into_owned();
    assert!(
        text.contains("\x1b]52;c;"),
        "an OSC 52 copy for the client's clipboard"
    );
    // A wheel turn down the list moves the selection, as locally.
    let before = t.text();
    t.send(b"\x1b[<65;10;8M").await;
    t.pump(Duration::from_millis(300)).await;
    assert_ne!(t.text(), before, "the wheel scrolled");
    t.send(b"q").await;
    assert!(t.wait_closed(SECS).await);
    let text = String::from_utf8_lossy(&t.bytes).into_owned();
    assert!(
        text.contains("\x1b[?1006l\x1b[?1000l"),
        "mouse reports off at the end"
    );
}
