//! Helpers shared by the integration tests: a merchant client built on the core and sent with
//! ureq, and a tiny callback receiver.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    dead_code,
    unreachable_pub
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ayolinx_proto::api::Transactional;
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::callback::{CallbackVerifier, Notification};
use ayolinx_proto::client::BaseUrl;
use ayolinx_proto::{
    Client, ClientConfig, Environment, ExternalId, HttpRequest, PrivateKey, Timestamp,
};
use ayolinx_sandbox::SandboxHandle;
use serde_json::Value;

/// Now, in Jakarta time.
pub fn now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    Timestamp::from_unix(i64::try_from(secs).unwrap()).unwrap()
}

/// Whole rupiah.
pub fn idr(rupiah: u64) -> ayolinx_proto::Money {
    ayolinx_proto::Money::idr(ayolinx_proto::Amount::from_rupiah(rupiah).unwrap())
}

/// A fresh numeric X-EXTERNAL-ID.
pub fn external_id() -> ExternalId {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    ExternalId::new(format!("{}{n:06}", nanos % 1_000_000_000_000_000)).unwrap()
}

/// A blocking HTTP client that reports every status as a response.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// POSTs `body` to the control API's `/sandbox/v1/transactions/{reference}/pay`; the status.
pub fn control_pay(sandbox: &SandboxHandle, reference: &str, body: &[u8]) -> u16 {
    control_settle(sandbox, reference, "pay", body).0
}

/// POSTs `body` to the control API's `/sandbox/v1/transactions/{reference}/{transition}`; the
/// status and the JSON answer.
pub fn control_settle(
    sandbox: &SandboxHandle,
    reference: &str,
    transition: &str,
    body: &[u8],
) -> (u16, Value) {
    let mut answer = agent()
        .post(format!(
            "{}/sandbox/v1/transactions/{reference}/{transition}",
            sandbox.base_url()
        ))
        .send(body)
        .unwrap();
    let status = answer.status().as_u16();
    let body = answer.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&body).unwrap())
}

/// GETs the control API's `/sandbox/v1/{path}` and reads its JSON body as `T`.
pub fn control_json<T: serde::de::DeserializeOwned>(sandbox: &SandboxHandle, path: &str) -> T {
    let mut answer = agent()
        .get(format!("{}/sandbox/v1/{path}", sandbox.base_url()))
        .call()
        .unwrap();
    serde_json::from_slice(&answer.body_mut().read_to_vec().unwrap()).unwrap()
}

/// An answer: status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn code(&self) -> String {
        self.json()["responseCode"].as_str().unwrap().to_owned()
    }
}

/// Sends a core request as it is, byte for byte.
pub fn send(agent: &ureq::Agent, request: &HttpRequest) -> Result<Answer, ureq::Error> {
    let mut builder = agent.post(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(&**name, &**value);
    }
    let mut response = builder.send(&request.body[..])?;
    Ok(Answer {
        status: response.status().as_u16(),
        body: response.body_mut().read_to_vec()?,
    })
}

/// A merchant of the sandbox: the core's client with the sandbox's credentials.
pub struct Merchant {
    pub client: Client,
    pub agent: ureq::Agent,
    pub token: AccessToken,
}

pub fn client_for(sandbox: &SandboxHandle) -> Client {
    Client::new(ClientConfig::new(
        Environment::Custom(BaseUrl::parse(sandbox.base_url()).unwrap()),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap()).unwrap(),
    ))
}

impl Merchant {
    /// Gets a token from the sandbox.
    pub fn new(sandbox: &SandboxHandle) -> Self {
        let client = client_for(sandbox);
        let agent = agent();
        let now = now();
        let prepared = client.prepare_token(&now).unwrap();
        let answer = send(&agent, prepared.request()).unwrap();
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        let token = client
            .parse_token(
                &ayolinx_proto::HttpResponse::new(answer.status, answer.body),
                now,
            )
            .unwrap();
        Self {
            client,
            agent,
            token,
        }
    }

    /// The prepared request of an operation, signed now with a fresh external id.
    pub fn prepare<O: Transactional>(&self, operation: &O) -> HttpRequest {
        self.client
            .prepare(operation, &self.token, &now(), &external_id())
            .unwrap()
            .into_request()
    }

    /// Sends an operation; the raw answer.
    pub fn call<O: Transactional>(&self, operation: &O) -> Answer {
        send(&self.agent, &self.prepare(operation)).unwrap()
    }

    /// Sends an operation and parses the answer with the core.
    pub fn ok<O: Transactional>(&self, operation: &O) -> O::Response {
        let answer = self.call(operation);
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        self.client
            .parse::<O>(&ayolinx_proto::HttpResponse::new(
                answer.status,
                answer.body,
            ))
            .unwrap()
    }
}

/// A request the receiver got.
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

    pub fn inbound(&self) -> ayolinx_proto::callback::InboundRequest<'_> {
        ayolinx_proto::callback::InboundRequest::new("POST", &self.path, &self.headers, &self.body)
    }
}

type Responder = dyn Fn(&Received) -> (u16, String) + Send + Sync;

/// A tiny HTTP/1.1 server standing in for the merchant (one request per connection).
pub struct Receiver {
    pub base_url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Receiver {
    /// Answers every request with `respond`.
    pub fn start(respond: impl Fn(&Received) -> (u16, String) + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let respond: Arc<Responder> = Arc::new(respond);
        let thread = {
            let received = Arc::clone(&received);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    if let Some(request) = read_request(&stream) {
                        received.lock().unwrap().push(request.clone());
                        let (status, body) = respond(&request);
                        let mut stream = stream;
                        let _ = write!(
                            stream,
                            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        );
                    }
                }
            })
        };
        Self {
            base_url,
            received,
            stop,
            thread: Some(thread),
        }
    }

    /// An acknowledging receiver, a sandbox sending its callbacks to the receiver's `path`, and
    /// a merchant of that sandbox.
    pub fn with_sandbox(path: &str) -> (Self, SandboxHandle, Merchant) {
        let receiver = Self::acknowledging();
        let sandbox = ayolinx_sandbox::Sandbox::builder()
            .callback_url(format!("{}{path}", receiver.base_url))
            .start()
            .unwrap();
        let merchant = Merchant::new(&sandbox);
        (receiver, sandbox, merchant)
    }

    /// The first callback received (waiting up to 10 s), verified with `sandbox`'s Ayolinx key
    /// and read as a notification.
    pub fn first_notification(&self, sandbox: &SandboxHandle) -> Notification {
        let callback = &self.wait_for(1, Duration::from_secs(10))[0];
        CallbackVerifier::new(sandbox.ayolinx_public_key().clone())
            .verify(&callback.inbound(), now())
            .unwrap()
            .notification()
            .unwrap()
    }

    /// Acknowledges every notification as the core's `ack::notify` does.
    pub fn acknowledging() -> Self {
        Self::start(|_| {
            (
                200,
                r#"{"responseCode":"2005600","responseMessage":"Successful"}"#.to_owned(),
            )
        })
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until `count` requests arrived.
    pub fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let start = std::time::Instant::now();
        loop {
            let requests = self.requests();
            if requests.len() >= count {
                return requests;
            }
            assert!(
                start.elapsed() < timeout,
                "only {} of {count} requests arrived",
                requests.len()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.base_url.trim_start_matches("http://"));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Limits the next read on `stream` to what is left until `deadline`; `None` once it passed.
fn before(stream: &TcpStream, deadline: Instant) -> Option<()> {
    let left = deadline
        .checked_duration_since(Instant::now())
        .filter(|left| !left.is_zero())?;
    stream.set_read_timeout(Some(left)).ok()
}

/// Reads one request; a client that has not sent all of it within 5 s is dropped.
fn read_request(stream: &TcpStream) -> Option<Received> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    before(stream, deadline)?;
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        before(stream, deadline)?;
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    before(stream, deadline)?;
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        path,
        headers,
        body,
    })
}
