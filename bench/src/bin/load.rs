//! Load: the `ayolinx-ureq` client against the local sandbox over loopback, beside raw `ureq`
//! sending pre-signed bytes, with 1, 8 and 64 threads (the two take turns, three rounds each, each
//! round a third of SECONDS_PER_RUN). Prints one line per client and thread count:
//! `load <threads> <client> <requests per second> <p50 µs> <p99 µs> <requests>`.
//!
//! ```text
//! cargo run --release -p ayolinx-bench --bin load -- [SECONDS_PER_RUN] [THREADS,THREADS,…]
//! ```
//!
//! The call is a QRIS query of one existing order (every answer is a 200 with the same body).
//! `ayolinx-ureq` does the whole call each time: token from its cache, a fresh timestamp and
//! external id, body encoding, SHA-256, HMAC-SHA512, the HTTP exchange, and parsing the answer.
//! `raw ureq` sends requests signed before the run (each with its own `X-EXTERNAL-ID`, which the
//! sandbox requires unique) with an agent configured as `ayolinx-ureq` configures its own, and
//! reads the body without parsing it. Both share the machine with the sandbox's two server
//! threads, so the numbers say what the client adds, not what Ayolinx can take.
#![allow(clippy::print_stdout)] // the numbers are the output

use std::error::Error;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::client::BaseUrl;
use ayolinx_proto::{
    Amount, Client, ClientConfig, Environment, ExternalId, HttpRequest, Money, PrivateKey,
    Timestamp,
};
use ayolinx_sandbox::Sandbox;

/// Jakarta's UTC offset, the offset of every `X-TIMESTAMP`.
const JAKARTA_OFFSET_SECONDS: i32 = 7 * 3600;
const ORDER: &str = "LOAD-20240912-0001";

/// Rounds per thread count: the client and raw ureq take turns, so that a change in the
/// machine's load during the run falls on both.
const ROUNDS: u32 = 3;

/// Requests, time and latencies of one run, or of several added up.
#[derive(Default)]
struct Run {
    requests: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Run {
    fn add(&mut self, other: Run) {
        self.requests += other.requests;
        self.elapsed += other.elapsed;
        self.latencies.extend(other.latencies);
    }

    fn percentile_micros(&mut self, percent: usize) -> u128 {
        self.latencies.sort_unstable();
        let index =
            (self.latencies.len() * percent / 100).min(self.latencies.len().saturating_sub(1));
        self.latencies.get(index).map_or(0, Duration::as_micros)
    }
}

/// Runs `call` on `threads` threads for `duration` (or until it returns `Ok(false)`: no more
/// work), timing each call.
fn run(
    threads: usize,
    duration: Duration,
    call: &(dyn Fn() -> Result<bool, Box<dyn Error + Send + Sync>> + Sync),
) -> Result<Run, Box<dyn Error>> {
    let latencies = Mutex::new(Vec::new());
    let failure = Mutex::new(None);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut mine = Vec::new();
                while start.elapsed() < duration {
                    let before = Instant::now();
                    match call() {
                        Ok(true) => mine.push(before.elapsed()),
                        Ok(false) => break,
                        Err(error) => {
                            *failure.lock().unwrap_or_else(|e| e.into_inner()) =
                                Some(error.to_string());
                            break;
                        }
                    }
                }
                latencies
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(mine);
            });
        }
    });
    let elapsed = start.elapsed();
    if let Some(error) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(format!("a call failed under load: {error}").into());
    }
    let latencies = latencies.into_inner().unwrap_or_else(|e| e.into_inner());
    if latencies.is_empty() {
        return Err("no call completed".into());
    }
    Ok(Run {
        requests: latencies.len(),
        elapsed,
        latencies,
    })
}

fn print(threads: usize, client: &str, run: &mut Run) {
    println!(
        "load {threads} {client} {:.0} {} {} {}",
        run.requests as f64 / run.elapsed.as_secs_f64(),
        run.percentile_micros(50),
        run.percentile_micros(99),
        run.requests
    );
}

/// The time now, in Jakarta's offset.
fn now() -> Result<Timestamp, Box<dyn Error>> {
    let unix = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    Ok(Timestamp::from_unix_with_offset(
        i64::try_from(unix)?,
        JAKARTA_OFFSET_SECONDS,
    )?)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(3.0);
    let thread_counts: Vec<usize> = args
        .next()
        .unwrap_or_else(|| "1,8,64".to_owned())
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let duration = Duration::from_secs_f64(seconds);

    let sandbox = Sandbox::builder().timestamp_window_seconds(3600).start()?;
    let private_key = PrivateKey::from_pem(
        sandbox
            .merchant_private_key_pem()
            .ok_or("the sandbox has no default merchant key")?,
    )?;
    let client = ayolinx_ureq::Client::builder(
        sandbox.base_url(),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        private_key.clone(),
    )
    .build()?;
    client.qris().generate(&QrisGenerateRequest::new(
        ORDER,
        Money::idr(Amount::from_rupiah(15_000)?),
    ))?;
    let query = QrisQueryRequest::new(ORDER);
    let token = client.access_token()?;

    // Raw ureq: an agent configured as ayolinx-ureq configures its own, and requests signed
    // with the same token beforehand by the core.
    let agent = ureq::config::Config::builder()
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(30)))
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .new_agent();
    let signer = Client::new(ClientConfig::new(
        Environment::Custom(BaseUrl::parse(sandbox.base_url())?),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        private_key,
    ));
    let send_raw = |request: &HttpRequest| -> Result<bool, Box<dyn Error + Send + Sync>> {
        let mut call = agent.post(&request.url);
        for (name, value) in &request.headers {
            call = call.header(&**name, &**value);
        }
        let mut response = call.send(&request.body[..])?;
        let body = response.body_mut().read_to_vec()?;
        if response.status() != 200 || body.is_empty() {
            return Err(format!("raw ureq got HTTP {}", response.status()).into());
        }
        Ok(true)
    };
    let mut serial = 0u128;
    let slice = duration / ROUNDS;
    for &threads in &thread_counts {
        let (mut sdk, mut raw) = (Run::default(), Run::default());
        for _ in 0..ROUNDS {
            let turn = run(threads, slice, &|| {
                client.qris().query(&query)?;
                Ok(true)
            })?;
            // Enough pre-signed requests for twice the client's pace, each with its own
            // external id.
            let signed_at = now()?;
            let mut presigned = Vec::with_capacity(turn.requests * 2 + 100);
            for _ in 0..presigned.capacity() {
                serial += 1;
                let external_id = ExternalId::generate(&signed_at, serial.to_be_bytes());
                let prepared = signer.prepare(&query, &token, &signed_at, &external_id)?;
                presigned.push(prepared.into_request());
            }
            sdk.add(turn);
            let next = AtomicUsize::new(0);
            raw.add(run(threads, slice, &|| match presigned
                .get(next.fetch_add(1, Ordering::Relaxed))
            {
                Some(request) => send_raw(request),
                None => Ok(false),
            })?);
        }
        print(threads, "ayolinx-ureq", &mut sdk);
        print(threads, "raw-ureq", &mut raw);
    }
    sandbox.stop();
    Ok(())
}
