//! A loopback HTTP server whose answers each test scripts, a clock moved by hand and a
//! counting random source.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    dead_code,
    unreachable_pub
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ayolinx_proto::api::qris::{QrisQueryRequest, QrisQueryResponse};
use ayolinx_proto::retry::RetryPolicy;
use ayolinx_proto::{PrivateKey, Secret};
use ayolinx_ureq::{Client, ClientBuilder, Clock, Error, Randomness};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Answer this status and JSON body.
    Json(u16, String),
    /// Wait, then answer.
    After(Duration, Box<Reply>),
    /// Close the connection without answering.
    Drop,
    /// Write these bytes (status line, headers and body) and close.
    Raw(Vec<u8>),
}

pub fn json(status: u16, body: serde_json::Value) -> Reply {
    Reply::Json(status, body.to_string())
}

/// The answer to a token request, valid for `expires_in` seconds.
pub fn token_answer(token: &str, expires_in: u64) -> Reply {
    json(
        200,
        serde_json::json!({"responseCode":"2007300","responseMessage":"Successful","accessToken":token,"tokenType":"Bearer","expiresIn":expires_in.to_string()}),
    )
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

/// A server on 127.0.0.1 that stops when dropped.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    pub fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let accept = {
            let (stop, received) = (stop.clone(), received.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (handler, received) = (handler.clone(), received.clone());
                    std::thread::spawn(move || serve(stream, &*handler, &received));
                }
            })
        };
        Self {
            addr,
            stop,
            accept: Some(accept),
            received,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests reached this path.
    pub fn count(&self, path: &str) -> usize {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .count()
    }

    pub fn requests(&self, path: &str) -> Vec<Received> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// The longest a client may take to send its whole request; then the connection is closed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// Limits the next read on `stream` to what is left until `deadline`; false once it passed.
fn before(stream: &TcpStream, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now());
    !left.is_zero() && stream.set_read_timeout(Some(left)).is_ok()
}

fn serve(stream: TcpStream, handler: &Handler, received: &Mutex<Vec<Received>>) {
    let deadline = Instant::now() + REQUEST_TIMEOUT;
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if !before(&stream, deadline) || reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if !before(&stream, deadline) || reader.read_line(&mut header).unwrap_or(0) == 0 {
            return;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    if !before(&stream, deadline) || reader.read_exact(&mut body).is_err() {
        return;
    }
    let request = Received {
        path,
        headers,
        body,
    };
    received.lock().unwrap().push(request.clone());
    let mut reply = handler(&request);
    let mut stream = stream;
    loop {
        match reply {
            Reply::After(delay, then) => {
                std::thread::sleep(delay);
                reply = *then;
            }
            Reply::Drop => return,
            Reply::Raw(bytes) => {
                let _ = stream.write_all(&bytes);
                let _ = stream.flush();
                return;
            }
            Reply::Json(status, body) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body.as_bytes());
                let _ = stream.flush();
                return;
            }
        }
    }
}

/// A clock that moves only when told; `sleep` records the wait and moves the clock by it.
#[derive(Debug, Default)]
pub struct ManualClock {
    millis: AtomicI64,
    pub sleeps: Mutex<Vec<Duration>>,
}

impl ManualClock {
    pub fn at(unix_seconds: i64) -> Arc<Self> {
        let clock = Self::default();
        clock.millis.store(unix_seconds * 1000, Ordering::SeqCst);
        Arc::new(clock)
    }

    pub fn advance(&self, seconds: i64) {
        self.millis.fetch_add(seconds * 1000, Ordering::SeqCst);
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Clock for ManualClock {
    fn unix_seconds(&self) -> i64 {
        self.millis.load(Ordering::SeqCst) / 1000
    }

    fn sleep(&self, duration: Duration) {
        self.sleeps.lock().unwrap().push(duration);
        self.millis.fetch_add(
            i64::try_from(duration.as_millis()).unwrap(),
            Ordering::SeqCst,
        );
    }
}

/// Distinct, predictable bytes: a counter, big-endian, in the last eight bytes.
#[derive(Debug, Default)]
pub struct CountingRandomness {
    next: AtomicU64,
}

impl Randomness for CountingRandomness {
    fn fill(&self, dest: &mut [u8]) -> std::io::Result<()> {
        let value = self.next.fetch_add(1, Ordering::SeqCst).to_be_bytes();
        dest.fill(0);
        let start = dest.len().saturating_sub(8);
        let take = dest.len() - start;
        dest[start..].copy_from_slice(&value[8 - take..]);
        Ok(())
    }
}

pub const CLIENT_KEY: &str = "CK-test-client-key";
pub const CLIENT_SECRET: &str = "SK-test-client-secret-9f8e7d";
/// 2024-09-12T12:55:00+07:00.
pub const START: i64 = 1_726_120_500;

pub fn private_key() -> PrivateKey {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"
    );
    PrivateKey::from_pem(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A client of `server` with a manual clock, counting randomness, short timeouts and three
/// attempts with 100 ms base backoff.
pub fn builder(server: &Server, clock: &Arc<ManualClock>) -> ClientBuilder {
    Client::builder(
        server.base_url(),
        CLIENT_KEY,
        Secret::new(CLIENT_SECRET),
        private_key(),
    )
    .clock(clock.clone())
    .randomness(Arc::new(CountingRandomness::default()))
    .connect_timeout(Duration::from_secs(2))
    .read_timeout(Duration::from_millis(800))
    .retry_policy(RetryPolicy::new(3, 100, 1_000))
}

/// A client of `server` as [`builder`] makes it, and its clock, set at [`START`].
pub fn client_of(server: &Server) -> (Client, Arc<ManualClock>) {
    let clock = ManualClock::at(START);
    let client = builder(server, &clock).build().unwrap();
    (client, clock)
}

/// The QRIS query for `ORD-1`, the one most tests send.
pub fn query_ord_1(client: &Client) -> Result<QrisQueryResponse, Error> {
    client.qris().query(&QrisQueryRequest::new("ORD-1"))
}

pub const TOKEN_PATH: &str = "/v1.0/access-token/b2b";
pub const QRIS_GENERATE: &str = "/v1.0/qr/qr-mpm-generate";
pub const QRIS_QUERY: &str = "/v1.0/qr/qr-mpm-query";
