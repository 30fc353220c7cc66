//! Load, async: the `ayolinx-reqwest` client against the local sandbox over loopback, beside raw
//! `reqwest` sending pre-signed bytes, with 1, 8 and 64 concurrent tokio tasks on a
//! multi-threaded runtime (the two take turns, three rounds each, each round a third of
//! SECONDS_PER_RUN). Prints one line per client and task count:
//! `load <tasks> <client> <requests per second> <p50 µs> <p99 µs> <requests>`.
//!
//! ```text
//! cargo run --release -p ayolinx-bench --bin load_async -- [SECONDS_PER_RUN] [TASKS,TASKS,…]
//! ```
//!
//! The call is the QRIS query of `load`. `ayolinx-reqwest` does the whole call each time (token
//! from its cache, fresh timestamp and external id, encoding, hashing, HMAC, the exchange,
//! parsing the answer); raw `reqwest` sends requests signed before the run through a
//! `reqwest::Client` configured as `ayolinx-reqwest` configures its own (connect timeout,
//! redirects off, a 30 s timeout per request) and reads the body without parsing it.
#![allow(clippy::print_stdout)] // the numbers are the output

use std::error::Error;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ayolinx_bench::load::{Bench, ORDER, ROUNDS, Run, arguments};
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::{Amount, HttpRequest, Money};

type CallResult = Result<bool, Box<dyn Error + Send + Sync>>;

/// Runs `call` on `tasks` tasks for `duration` (or until it returns `Ok(false)`: no more work),
/// timing each call.
async fn run<F, Fut>(tasks: usize, duration: Duration, call: F) -> Result<Run, Box<dyn Error>>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = CallResult> + Send,
{
    let start = Instant::now();
    let mut running = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        let call = call.clone();
        running.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while start.elapsed() < duration {
                let before = Instant::now();
                match call().await {
                    Ok(true) => mine.push(before.elapsed()),
                    Ok(false) => break,
                    Err(error) => return Err(error.to_string()),
                }
            }
            Ok(mine)
        }));
    }
    let mut latencies = Vec::new();
    for task in running {
        let mine = task
            .await?
            .map_err(|error| format!("a call failed under load: {error}"))?;
        latencies.extend(mine);
    }
    Run::of(latencies, start.elapsed())
}

/// Sends one pre-signed request as raw reqwest, reading the whole body.
async fn send_raw(http: &reqwest::Client, request: &HttpRequest) -> CallResult {
    let mut call = http
        .post(&request.url)
        .timeout(Duration::from_secs(30))
        .body(request.body.clone());
    for (name, value) in &request.headers {
        call = call.header(&**name, &**value);
    }
    let response = call.send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    if status != 200 || body.is_empty() {
        return Err(format!("raw reqwest got HTTP {status}").into());
    }
    Ok(true)
}

fn main() -> Result<(), Box<dyn Error>> {
    let (duration, task_counts) = arguments()?;
    let mut bench = Bench::start()?;
    let sandbox = &bench.sandbox;
    let client = ayolinx_reqwest::Client::builder(
        sandbox.base_url(),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        bench.private_key.clone(),
    )
    .build()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let query = Arc::new(QrisQueryRequest::new(ORDER));
    let order = QrisGenerateRequest::new(ORDER, Money::idr(Amount::from_rupiah(15_000)?));
    let token = runtime.block_on(async {
        client.qris().generate(&order).await?;
        client.access_token().await
    })?;

    // Raw reqwest: a client configured as ayolinx-reqwest configures its own.
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let slice = duration / ROUNDS;
    for &tasks in &task_counts {
        let (mut sdk, mut raw) = (Run::default(), Run::default());
        for _ in 0..ROUNDS {
            let (client, query_of_turn) = (client.clone(), Arc::clone(&query));
            let turn = runtime.block_on(run(tasks, slice, move || {
                let (client, query) = (client.clone(), Arc::clone(&query_of_turn));
                async move {
                    client.qris().query(&query).await?;
                    Ok(true)
                }
            }))?;
            // Enough pre-signed requests for twice the client's pace.
            let presigned = Arc::new(bench.presign(&query, &token, turn.requests * 2 + 100)?);
            sdk.add(turn);
            let next = Arc::new(AtomicUsize::new(0));
            let http = http.clone();
            raw.add(runtime.block_on(run(tasks, slice, move || {
                let (http, presigned, next) =
                    (http.clone(), Arc::clone(&presigned), Arc::clone(&next));
                async move {
                    match presigned.get(next.fetch_add(1, Ordering::Relaxed)) {
                        Some(request) => send_raw(&http, request).await,
                        None => Ok(false),
                    }
                }
            }))?);
        }
        println!("{}", sdk.line(tasks, "ayolinx-reqwest"));
        println!("{}", raw.line(tasks, "raw-reqwest"));
    }
    bench.sandbox.stop();
    Ok(())
}
