//! `ayolinx` processes sharing a real `redis-server` through `--store` (feature
//! `redis-server-tests`; `.ci/install-redis.sh` installs the server): the API commands' one
//! access token (the Ayolinx side is `ayolinx-sandbox` in this process, whose request counts
//! are the proof), and three `ayolinx listen` processes as one fleet (their `--forward` target
//! is a loopback app in this process that counts what reaches it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../../ayolinx-axum/tests/support/mod.rs"]
mod axum_support;
#[path = "../../ayolinx-redis/tests/common/mod.rs"]
mod redis_server;
mod support;

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use ayolinx_proto::Secret;
use ayolinx_proto::callback::VaSignatureCheck;
use ayolinx_proto::callback::sign::{
    SignedRequest, VaPaymentSigning, sign_callback, sign_merchant_token_request, sign_va_payment,
};

use axum_support::{NOTIFIED, RETRY, post, send as deliver};
use ayolinx_sandbox::{Sandbox, SandboxHandle};
use redis_server::RedisServer;
use support::{Listener, assert_exit, stderr, success_json, unique_ref, vector_key};

/// A sandbox with the test's own client secret, and the global options that point `ayolinx` at
/// it.
struct Gateway {
    sandbox: SandboxHandle,
    globals: Vec<String>,
}

impl Gateway {
    fn start(name: &str) -> Self {
        let sandbox = Sandbox::builder()
            .client_key(support::CLIENT_KEY)
            .client_secret(support::CLIENT_SECRET)
            .start()
            .unwrap();
        let private_key = support::temp_file(
            &format!("{name}-merchant.pem"),
            sandbox.merchant_private_key_pem().unwrap().as_bytes(),
        );
        let globals = vec![
            "--base-url".into(),
            sandbox.base_url().to_owned(),
            "--client-key".into(),
            support::CLIENT_KEY.into(),
            "--client-secret".into(),
            support::CLIENT_SECRET.into(),
            "--private-key".into(),
            private_key.display().to_string(),
        ];
        Self { sandbox, globals }
    }

    /// `ayolinx` with `args` then the gateway's global options, started.
    fn spawn(&self, args: &[&str]) -> Child {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(self.globals.iter().map(String::as_str));
        support::command(&all)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        let output = self.spawn(args).wait_with_output().unwrap();
        support::assert_no_secret(&output);
        output
    }
}

fn qris_create<'a>(store: &'a str, reference: &'a str) -> [&'a str; 9] {
    [
        "--store", store, "qris", "create", "--ref", reference, "--amount", "1000.00", "--json",
    ]
}

#[test]
fn four_concurrent_and_then_consecutive_api_commands_share_one_token() {
    let redis = RedisServer::start();
    let gateway = Gateway::start("one-token");
    let store = redis.url();
    let references: Vec<String> = (0..4).map(|_| unique_ref("CLI-FLEET")).collect();
    let runs: Vec<Child> = references
        .iter()
        .map(|reference| gateway.spawn(&qris_create(&store, reference)))
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        support::assert_no_secret(&output);
        assert_eq!(success_json(&output)["responseCode"], "2004700");
    }
    assert_eq!(gateway.sandbox.request_count("qris.generate"), 4);
    assert_eq!(gateway.sandbox.request_count("token"), 1);

    // A later run, its store from the environment, uses the same token.
    let reference = unique_ref("CLI-FLEET");
    let mut later = support::command(&["qris", "query", "--ref", &references[0], "--json"]);
    later.args(&gateway.globals).env("AYOLINX_STORE", &store);
    let output = later.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(gateway.sandbox.request_count("token"), 1);

    // The memory store (the default) is the process's own: a token of its own.
    let output = gateway.run(&qris_create("memory", &reference));
    assert_eq!(success_json(&output)["responseCode"], "2004700");
    assert_eq!(gateway.sandbox.request_count("token"), 2);
}

#[test]
fn a_password_in_the_store_url_is_used_and_never_printed() {
    const PASSWORD: &str = "hunter2-fleet-password";
    let redis = RedisServer::with_password(PASSWORD);
    let store = redis.url();
    let gateway = Gateway::start("password");
    for _ in 0..2 {
        let output = gateway.run(&qris_create(&store, &unique_ref("CLI-PASSWORD")));
        assert_eq!(success_json(&output)["responseCode"], "2004700");
        let printed = format!("{}{}", support::stdout(&output), stderr(&output));
        assert!(!printed.contains(PASSWORD), "{printed}");
    }
    assert_eq!(gateway.sandbox.request_count("token"), 1);

    // listen says where its store is, without the password, and uses it.
    let app = App::start(Duration::ZERO);
    let listener = listener(&store, &app, &["--max-requests", "1"]);
    assert!(
        listener.banner.contains("(store redis://***@127.0.0.1:"),
        "{}",
        listener.banner
    );
    let sent = notification("AYO-PASSWORD");
    assert_eq!(
        deliver(&listener.url("/webhooks/ayolinx"), &sent),
        (200, NOTIFIED.to_owned())
    );
    let listener_banner = listener.banner.clone();
    let (code, lines, rest) = listener.finish_text();
    assert_eq!(code, Some(0), "{rest}");
    assert_eq!(app.count(&sent), 1);
    let printed = format!("{}{lines:?}{rest}", listener_banner);
    assert!(!printed.contains(PASSWORD), "{printed}");
}

#[test]
fn a_store_that_is_not_a_url_is_a_usage_error_that_never_shows_the_password() {
    let gateway = Gateway::start("bad-store");
    for bad in [
        "redis://:hunter2@127.0.0.1:notaport/0",
        "redis://:hunter2@/0",
        "rediss-not://:hunter2@host",
        "redis://:hunter2@127.0.0.1:6379/zero",
    ] {
        let output = gateway.run(&qris_create(bad, "CLI-BAD-STORE"));
        assert_exit(&output, 2, "--store");
        let printed = format!("{}{}", support::stdout(&output), stderr(&output));
        assert!(!printed.contains("hunter2"), "{printed}");
    }
    let mut from_env = support::command(&["qris", "create", "--ref", "X", "--amount", "1.00"]);
    from_env
        .args(&gateway.globals)
        .env("AYOLINX_STORE", "memcached://:hunter2@host");
    let output = from_env.output().unwrap();
    assert_exit(&output, 2, "AYOLINX_STORE");
    assert!(!stderr(&output).contains("hunter2"));
    assert_eq!(gateway.sandbox.request_count("token"), 0);
}

#[test]
fn an_unreachable_redis_leaves_the_command_working_on_a_token_of_its_own() {
    let gateway = Gateway::start("no-redis");
    // A free port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let store = format!("redis://:hunter2@127.0.0.1:{port}/0");
    let output = gateway.run(&qris_create(&store, &unique_ref("CLI-NO-REDIS")));
    assert_eq!(success_json(&output)["responseCode"], "2004700");
    assert!(!stderr(&output).contains("hunter2"));
    assert_eq!(gateway.sandbox.request_count("token"), 1);
}

/// The merchant's app behind `--forward`: counts the notifications that reach it (by body),
/// answers each after `delay`, with 503 while `refusing` is above zero (counting it down).
struct App {
    url: String,
    received: Arc<Mutex<HashMap<Vec<u8>, usize>>>,
    refusing: Arc<Mutex<usize>>,
}

impl App {
    fn start(delay: Duration) -> Self {
        let socket = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/app", socket.local_addr().unwrap());
        let received: Arc<Mutex<HashMap<Vec<u8>, usize>>> = Arc::default();
        let refusing: Arc<Mutex<usize>> = Arc::default();
        let (counts, refusals) = (received.clone(), refusing.clone());
        std::thread::spawn(move || {
            for stream in socket.incoming() {
                let Ok(stream) = stream else { return };
                let (counts, refusals) = (counts.clone(), refusals.clone());
                std::thread::spawn(move || answer(stream, delay, &counts, &refusals));
            }
        });
        Self {
            url,
            received,
            refusing,
        }
    }

    /// How many times `sent`'s body reached the app (and was answered 2xx or not).
    fn count(&self, sent: &SignedRequest) -> usize {
        self.received
            .lock()
            .unwrap()
            .get(&sent.body)
            .copied()
            .unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.received.lock().unwrap().values().sum()
    }

    fn refuse_next(&self, times: usize) {
        *self.refusing.lock().unwrap() = times;
    }
}

/// Reads one request (headers, then `Content-Length` bytes), counts its body, answers.
fn answer(
    stream: std::net::TcpStream,
    delay: Duration,
    counts: &Mutex<HashMap<Vec<u8>, usize>>,
    refusing: &Mutex<usize>,
) {
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    *counts.lock().unwrap().entry(body).or_default() += 1;
    std::thread::sleep(delay);
    let status = {
        let mut refusing = refusing.lock().unwrap();
        if *refusing > 0 {
            *refusing -= 1;
            "503 Service Unavailable"
        } else {
            "200 OK"
        }
    };
    let mut stream = reader.into_inner();
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    )
    .ok();
}

/// `ayolinx listen` on a free port with Ayolinx's (test) public key, its ledger in `store`,
/// forwarding to `app`.
fn listener(store: &str, app: &App, extra: &[&str]) -> Listener {
    let mut args = vec!["--store", store, "--forward", &app.url];
    args.extend_from_slice(extra);
    Listener::start(&vector_key("test_merchant_public.pem"), &args)
}

/// A paid notification of `reference`, signed now for `/webhooks/ayolinx`.
fn notification(reference: &str) -> SignedRequest {
    let body = format!(
        r#"{{"originalReferenceNo":"{reference}","originalPartnerReferenceNo":"ORD-{reference}","latestTransactionStatus":"00","amount":{{"currency":"IDR","value":"15000.00"}}}}"#
    );
    sign_callback(
        &support::ayolinx_test_key(),
        "/webhooks/ayolinx",
        body.as_bytes(),
        &support::now(),
    )
}

#[test]
fn twenty_notifications_to_three_listeners_at_once_are_each_forwarded_once() {
    let redis = RedisServer::start();
    // A slow app, so that the deliveries overlap the first one's forward.
    let app = App::start(Duration::from_millis(400));
    let listeners: Vec<Listener> = (0..3).map(|_| listener(&redis.url(), &app, &[])).collect();
    let urls: Vec<String> = listeners
        .iter()
        .map(|listener| listener.url("/webhooks/ayolinx"))
        .collect();
    let notifications: Vec<SignedRequest> = (0..20)
        .map(|n| notification(&format!("AYO-FLEET-{n}")))
        .collect();

    // Each notification to the three listeners at the same moment.
    let start = Arc::new(Barrier::new(notifications.len() * urls.len()));
    let deliveries: Vec<_> = notifications
        .iter()
        .enumerate()
        .flat_map(|(n, sent)| urls.iter().map(move |url| (n, url.clone(), sent.clone())))
        .map(|(n, url, sent)| {
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                (n, deliver(&url, &sent))
            })
        })
        .collect();
    let mut answers: Vec<Vec<(u16, String)>> = vec![Vec::new(); notifications.len()];
    for delivery in deliveries {
        let (n, answer) = delivery.join().unwrap();
        answers[n].push(answer);
    }
    for (sent, answers) in notifications.iter().zip(&answers) {
        assert_eq!(app.count(sent), 1, "{answers:?}");
        assert!(
            answers
                .iter()
                .any(|(status, body)| *status == 200 && body == NOTIFIED)
        );
        assert!(answers.iter().all(|(status, body)| {
            (*status == 200 && body == NOTIFIED) || (*status == 500 && body == RETRY)
        }));
    }
    let refused = answers
        .iter()
        .flatten()
        .filter(|(status, _)| *status == 500);
    assert!(refused.count() > 0, "no delivery overlapped: {answers:?}");

    // Ayolinx's later retries, to every listener: acknowledged, never forwarded again.
    for sent in &notifications {
        for url in &urls {
            assert_eq!(deliver(url, sent), (200, NOTIFIED.to_owned()));
        }
    }
    assert_eq!(app.total(), notifications.len());
}

#[test]
fn a_forward_the_app_refuses_releases_the_claim_for_another_listener() {
    let redis = RedisServer::start();
    let app = App::start(Duration::ZERO);
    let listeners: Vec<Listener> = (0..2).map(|_| listener(&redis.url(), &app, &[])).collect();
    let sent = notification("AYO-REFUSED");
    app.refuse_next(1);
    assert_eq!(
        deliver(&listeners[0].url("/webhooks/ayolinx"), &sent),
        (500, RETRY.to_owned())
    );
    // The retry reaches the other listener, which takes the released claim and forwards it.
    assert_eq!(
        deliver(&listeners[1].url("/webhooks/ayolinx"), &sent),
        (200, NOTIFIED.to_owned())
    );
    assert_eq!(
        deliver(&listeners[0].url("/webhooks/ayolinx"), &sent),
        (200, NOTIFIED.to_owned())
    );
    assert_eq!(app.count(&sent), 2);
}

#[test]
fn with_redis_stopped_callbacks_get_5xx_unforwarded_and_their_retries_are_processed_once() {
    let redis = RedisServer::start();
    let app = App::start(Duration::ZERO);
    let listeners: Vec<Listener> = (0..3).map(|_| listener(&redis.url(), &app, &[])).collect();
    let url = |n: usize| listeners[n].url("/webhooks/ayolinx");
    let before = notification("AYO-BEFORE");
    assert_eq!(deliver(&url(0), &before), (200, NOTIFIED.to_owned()));

    let port = redis.stop();
    let during = notification("AYO-DURING");
    for n in 0..3 {
        assert_eq!(deliver(&url(n), &during), (500, RETRY.to_owned()));
    }
    assert_eq!(app.count(&during), 0, "forwarded without a claim");

    // Back (empty: no persistence) on the same port: Ayolinx's retries, until one is taken.
    let _redis = RedisServer::on(port);
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut turn = 0;
    loop {
        let (status, body) = deliver(&url(turn % 3), &during);
        if status == 200 {
            assert_eq!(body, NOTIFIED);
            break;
        }
        assert_eq!((status, body.as_str()), (500, RETRY), "a retry was refused");
        assert!(
            Instant::now() < deadline,
            "the listeners never used Redis again"
        );
        turn += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
    for n in 0..3 {
        assert_eq!(deliver(&url(n), &during), (200, NOTIFIED.to_owned()));
    }
    assert_eq!(app.count(&during), 1);
    assert_eq!(app.count(&before), 1);
}

/// A round-robin proxy in front of `backends`: each request (one per connection) goes to the
/// next one, path, headers and body unchanged; its answer comes back.
fn round_robin(backends: Vec<String>) -> String {
    let socket = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", socket.local_addr().unwrap());
    let next = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in socket.incoming() {
            let Ok(stream) = stream else { return };
            let backend = &backends[next.fetch_add(1, Ordering::SeqCst) % backends.len()];
            proxy(stream, backend);
        }
    });
    url
}

fn proxy(stream: std::net::TcpStream, backend: &str) {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let path = request_line.split(' ').nth(1).unwrap().to_owned();
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let Some((name, value)) = line.trim_end().split_once(':') else {
            break;
        };
        let (name, value) = (name.to_owned(), value.trim().to_owned());
        if name.eq_ignore_ascii_case("content-length") {
            length = value.parse().unwrap();
        } else if !["host", "connection"].contains(&name.to_ascii_lowercase().as_str()) {
            headers.push((name, value));
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let (status, answer) = post(&format!("{backend}{path}"), &headers, &body);
    let mut stream = reader.into_inner();
    write!(
        stream,
        "HTTP/1.1 {status} -\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    )
    .ok();
}

#[test]
fn the_va_flow_through_a_round_robin_proxy_takes_the_token_at_one_listener_the_payment_at_another()
{
    let redis = RedisServer::start();
    let app = App::start(Duration::ZERO);
    let client_key = "CK-fleet-va";
    let snap_va = [
        "--client-key",
        client_key,
        "--client-secret",
        support::CLIENT_SECRET,
    ];
    let listeners: Vec<Listener> = (0..3)
        .map(|_| listener(&redis.url(), &app, &snap_va))
        .collect();
    let proxy = round_robin(listeners.iter().map(|listener| listener.url("")).collect());
    let now = support::now();

    // To the first listener.
    let token_request = sign_merchant_token_request(&support::ayolinx_test_key(), client_key, &now);
    let (status, answer) = deliver(&format!("{proxy}/v1.0/access-token/b2b"), &token_request);
    assert_eq!(status, 200, "{answer}");
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let token = Secret::new(answer["accessToken"].as_str().unwrap());

    // To the second, then its redelivery to the third: accepted once, acknowledged twice.
    let client_secret = Secret::new(support::CLIENT_SECRET);
    let signing = VaPaymentSigning {
        path: "/v1.0/transfer-va/payment",
        access_token: &token,
        client_secret: &client_secret,
        partner_id: client_key,
        external_id: "418075533589",
        algorithm: VaSignatureCheck::HmacSha512,
    };
    let payment = br#"{"partnerServiceId":"   12345","customerNo":"0001","virtualAccountNo":"   123450001","trxId":"INV-FLEET","paymentRequestId":"PR-FLEET","paidAmount":{"value":"25000.00","currency":"IDR"}}"#;
    let sent = sign_va_payment(&signing, payment, &now);
    let url = format!("{proxy}/v1.0/transfer-va/payment");
    let (status, first) = deliver(&url, &sent);
    assert_eq!(status, 200, "{first}");
    assert!(first.starts_with(r#"{"responseCode":"2002500""#), "{first}");
    assert_eq!(deliver(&url, &sent), (200, first));
}
