//! Callbacks: verified notifications per second through the `ayolinx-axum` router over loopback,
//! with its in-memory ledger and with the Redis ledger (`ayolinx-redis`), beside the bare verify
//! (RSA + typed parse) of the core on one thread. Prints one line per case:
//! `callbacks <case> <threads> <callbacks per second> <p50 µs> <p99 µs> <callbacks>`.
//!
//! ```text
//! cargo run --release -p ayolinx-bench --bin callbacks -- [SECONDS] [THREADS] [REDIS_URL]
//! ```
//!
//! Every callback is a distinct notification, signed beforehand, so each one goes the whole
//! way: verified over the raw bytes, claimed in the ledger, handed to the (empty) handler on its
//! own task, recorded as completed, acknowledged. A run ends after SECONDS or when the signed
//! callbacks run out. The client threads (ureq), the router's two runtime threads and Redis
//! share the machine, so the numbers compare the ledgers, not a production server's capacity.
#![allow(clippy::print_stdout)] // the numbers are the output

use std::error::Error;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ayolinx_axum::Merchant;
use ayolinx_proto::callback::CallbackVerifier;
use ayolinx_proto::callback::sign::{SignedRequest, sign_callback};
use ayolinx_proto::{PrivateKey, Timestamp};
use ayolinx_store::{Ledger, MemoryStore};

const PATH: &str = "/webhooks/ayolinx";
const ACKNOWLEDGED: &str = r#"{"responseCode":"2005600","responseMessage":"Successful"}"#;

type Failure = Box<dyn Error + Send + Sync>;

fn percentile_micros(sorted: &[Duration], percent: usize) -> u128 {
    let index = (sorted.len() * percent / 100).min(sorted.len().saturating_sub(1));
    sorted.get(index).map_or(0, Duration::as_micros)
}

fn print(case: &str, threads: usize, elapsed: Duration, mut latencies: Vec<Duration>) {
    latencies.sort_unstable();
    println!(
        "callbacks {case} {threads} {:.0} {} {} {}",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile_micros(&latencies, 50),
        percentile_micros(&latencies, 99),
        latencies.len()
    );
}

/// `count` distinct paid notifications, signed at `now` for [`PATH`].
fn signed(key: &PrivateKey, count: usize, now: &Timestamp) -> Vec<SignedRequest> {
    (0..count)
        .map(|n| {
            let body = format!(
                r#"{{"originalReferenceNo":"AYO-BENCH-{n}","originalPartnerReferenceNo":"ORD-{n}","latestTransactionStatus":"00","amount":{{"currency":"IDR","value":"15000.00"}},"additionalInfo":{{"channel":"BNC_QRIS"}}}}"#
            );
            sign_callback(key, PATH, body.as_bytes(), now)
        })
        .collect()
}

/// The core alone: verify and parse the signed callbacks in turn on one thread.
fn bare_verify(
    verifier: &CallbackVerifier,
    callbacks: &[SignedRequest],
    now: Timestamp,
    duration: Duration,
) -> Result<(), Failure> {
    let mut latencies = Vec::new();
    let start = Instant::now();
    for callback in callbacks.iter().cycle() {
        if start.elapsed() >= duration {
            break;
        }
        let before = Instant::now();
        verifier
            .verify(&callback.as_inbound(), now)?
            .into_notification()?;
        latencies.push(before.elapsed());
    }
    print("verify-and-parse", 1, start.elapsed(), latencies);
    Ok(())
}

/// The router with `ledger`, served on loopback by a two-thread runtime, fed `callbacks` by
/// `threads` client threads.
fn through_router(
    case: &str,
    ledger: impl Ledger + 'static,
    key: &PrivateKey,
    callbacks: &[SignedRequest],
    threads: usize,
    duration: Duration,
) -> Result<(), Failure> {
    let app = Merchant::new(key.public_key())
        .notification_path(PATH)
        .on_notification(|_| async { Ok::<(), Failure>(()) })
        .ledger(ledger)
        .router()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let url = format!("http://{}{PATH}", listener.local_addr()?);
    let server = runtime.spawn(async move { axum::serve(listener, app).await });

    let next = AtomicUsize::new(0);
    let start = Instant::now();
    let per_thread: Vec<Result<Vec<Duration>, Failure>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let agent = ureq::config::Config::builder()
                        .http_status_as_error(false)
                        .build()
                        .new_agent();
                    let mut latencies = Vec::new();
                    while start.elapsed() < duration {
                        let Some(callback) = callbacks.get(next.fetch_add(1, Ordering::Relaxed))
                        else {
                            break;
                        };
                        let before = Instant::now();
                        let mut request = agent.post(&url);
                        for (name, value) in &callback.headers {
                            request = request.header(name, value);
                        }
                        let mut response = request.send(&callback.body[..])?;
                        let body = response.body_mut().read_to_string()?;
                        if response.status() != 200 || body != ACKNOWLEDGED {
                            return Err(format!("HTTP {}: {body}", response.status()).into());
                        }
                        latencies.push(before.elapsed());
                    }
                    Ok(latencies)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err("a client thread panicked".into()))
            })
            .collect()
    });
    let elapsed = start.elapsed();
    server.abort();
    let mut latencies = Vec::new();
    for thread in per_thread {
        latencies.extend(thread?);
    }
    print(case, threads, elapsed, latencies);
    Ok(())
}

fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(3.0);
    let threads: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(8);
    let redis_url = args.next();
    let duration = Duration::from_secs_f64(seconds);

    let key = PrivateKey::from_pem(include_str!(
        "../../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"
    ))?;
    let unix = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs())?;
    let now = Timestamp::from_unix(unix)?;
    // Enough for several thousand callbacks per second over the run (RSA signing, about 4 000
    // a second, is the slow part of the set-up).
    let count = usize::try_from((seconds * 6_000.0) as u64)?.max(1_000);
    let callbacks = signed(&key, count, &now);

    bare_verify(
        &CallbackVerifier::new(key.public_key()),
        &callbacks,
        now,
        duration,
    )?;
    through_router(
        "router-memory-ledger",
        MemoryStore::new(),
        &key,
        &callbacks,
        threads,
        duration,
    )?;
    if let Some(url) = redis_url {
        // A prefix of this run's own, so that every callback is new to the ledger.
        let prefix = format!("ayolinx-bench-{unix}-{}:", std::process::id());
        let ledger = ayolinx_redis::RedisStore::open_with_prefix(&url, &prefix)?;
        through_router(
            "router-redis-ledger",
            ledger,
            &key,
            &callbacks,
            threads,
            duration,
        )?;
    }
    Ok(())
}
