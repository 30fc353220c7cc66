//! Load: the `ayolinx-ureq` client against the local sandbox over loopback, beside raw `ureq`
//! sending pre-signed bytes, with 1, 8 and 64 threads (the two take turns, three rounds each, each
//! round a third of SECONDS_PER_RUN). `load_async` is the same for `ayolinx-reqwest` on tasks. Prints one line per client and thread count:
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
use std::time::{Duration, Instant};

use ayolinx_bench::load::{Bench, ORDER, ROUNDS, Run, arguments};
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::{Amount, HttpRequest, Money};

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
    Run::of(
        latencies.into_inner().unwrap_or_else(|e| e.into_inner()),
        elapsed,
    )
}

fn main() -> Result<(), Box<dyn Error>> {
    let (duration, thread_counts) = arguments()?;
    let mut bench = Bench::start()?;
    let sandbox = &bench.sandbox;
    let client = ayolinx_ureq::Client::builder(
        sandbox.base_url(),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        bench.private_key.clone(),
    )
    .build()?;
    client.qris().generate(&QrisGenerateRequest::new(
        ORDER,
        Money::idr(Amount::from_rupiah(15_000)?),
    ))?;
    let query = QrisQueryRequest::new(ORDER);
    let token = client.access_token()?;

    // Raw ureq: an agent configured as ayolinx-ureq configures its own.
    let agent = ureq::config::Config::builder()
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(30)))
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .new_agent();
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
    let slice = duration / ROUNDS;
    for &threads in &thread_counts {
        let (mut sdk, mut raw) = (Run::default(), Run::default());
        for _ in 0..ROUNDS {
            let turn = run(threads, slice, &|| {
                client.qris().query(&query)?;
                Ok(true)
            })?;
            // Enough pre-signed requests for twice the client's pace.
            let presigned = bench.presign(&query, &token, turn.requests * 2 + 100)?;
            sdk.add(turn);
            let next = AtomicUsize::new(0);
            raw.add(run(threads, slice, &|| match presigned
                .get(next.fetch_add(1, Ordering::Relaxed))
            {
                Some(request) => send_raw(request),
                None => Ok(false),
            })?);
        }
        println!("{}", sdk.line(threads, "ayolinx-ureq"));
        println!("{}", raw.line(threads, "raw-ureq"));
    }
    bench.sandbox.stop();
    Ok(())
}
