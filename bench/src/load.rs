//! What the two loopback load benchmarks (`load`: `ayolinx-ureq` on threads, `load_async`:
//! `ayolinx-reqwest` on tokio tasks) share: the sandbox with its one QRIS order, the requests
//! pre-signed for the raw client, and the tally of a run.

use std::error::Error;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ayolinx_proto::api::qris::QrisQueryRequest;
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::client::BaseUrl;
use ayolinx_proto::{
    Client, ClientConfig, Environment, ExternalId, HttpRequest, PrivateKey, Timestamp,
};
use ayolinx_sandbox::{Sandbox, SandboxHandle};

/// Jakarta's UTC offset, the offset of every `X-TIMESTAMP`.
const JAKARTA_OFFSET_SECONDS: i32 = 7 * 3600;

/// The one order every load call queries.
pub const ORDER: &str = "LOAD-20240912-0001";

/// Rounds per concurrency: the client and its raw counterpart take turns, so that a change in
/// the machine's load during the run falls on both.
pub const ROUNDS: u32 = 3;

/// The loopback load's arguments: seconds per client and concurrency (default 3), and the
/// concurrencies (default `1,8,64`).
pub fn arguments() -> Result<(Duration, Vec<usize>), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(3.0);
    let counts = args
        .next()
        .unwrap_or_else(|| "1,8,64".to_owned())
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    Ok((Duration::from_secs_f64(seconds), counts))
}

/// Requests, time and latencies of one run, or of several added up.
#[derive(Debug, Default)]
pub struct Run {
    /// Calls completed.
    pub requests: usize,
    /// Time taken.
    pub elapsed: Duration,
    /// Each call's latency.
    pub latencies: Vec<Duration>,
}

impl Run {
    /// A run of `elapsed` with these latencies; an error when no call completed.
    pub fn of(latencies: Vec<Duration>, elapsed: Duration) -> Result<Self, Box<dyn Error>> {
        if latencies.is_empty() {
            return Err("no call completed".into());
        }
        Ok(Self {
            requests: latencies.len(),
            elapsed,
            latencies,
        })
    }

    /// Adds another run's calls and time.
    pub fn add(&mut self, other: Run) {
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

    /// The line `load <concurrency> <client> <requests per second> <p50 µs> <p99 µs> <requests>`.
    pub fn line(&mut self, concurrency: usize, client: &str) -> String {
        format!(
            "load {concurrency} {client} {:.0} {} {} {}",
            self.requests as f64 / self.elapsed.as_secs_f64(),
            self.percentile_micros(50),
            self.percentile_micros(99),
            self.requests
        )
    }
}

/// The sandbox on loopback (timestamps accepted within an hour, so that pre-signed requests stay
/// valid), the merchant's key, and the core client that pre-signs requests.
pub struct Bench {
    /// The running sandbox.
    pub sandbox: SandboxHandle,
    /// The merchant's private key.
    pub private_key: PrivateKey,
    /// Signs the raw clients' requests.
    signer: Client,
    /// Numbers the pre-signed requests' external ids.
    serial: u128,
}

impl Bench {
    /// Starts the sandbox.
    pub fn start() -> Result<Self, Box<dyn Error>> {
        let sandbox = Sandbox::builder().timestamp_window_seconds(3600).start()?;
        let private_key = PrivateKey::from_pem(
            sandbox
                .merchant_private_key_pem()
                .ok_or("the sandbox has no default merchant key")?,
        )?;
        let signer = Client::new(ClientConfig::new(
            Environment::Custom(BaseUrl::parse(sandbox.base_url())?),
            sandbox.client_key(),
            sandbox.client_secret().clone(),
            private_key.clone(),
        ));
        Ok(Self {
            sandbox,
            private_key,
            signer,
            serial: 0,
        })
    }

    /// `count` queries of `query` signed now with `token`, each with its own `X-EXTERNAL-ID`
    /// (the sandbox refuses a repeated one, as Ayolinx does).
    pub fn presign(
        &mut self,
        query: &QrisQueryRequest,
        token: &AccessToken,
        count: usize,
    ) -> Result<Vec<HttpRequest>, Box<dyn Error>> {
        let signed_at = now()?;
        let mut presigned = Vec::with_capacity(count);
        for _ in 0..count {
            self.serial += 1;
            let external_id = ExternalId::generate(&signed_at, self.serial.to_be_bytes());
            let prepared = self
                .signer
                .prepare(query, token, &signed_at, &external_id)?;
            presigned.push(prepared.into_request());
        }
        Ok(presigned)
    }
}

/// The time now, in Jakarta's offset.
fn now() -> Result<Timestamp, Box<dyn Error>> {
    let unix = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    Ok(Timestamp::from_unix_with_offset(
        i64::try_from(unix)?,
        JAKARTA_OFFSET_SECONDS,
    )?)
}
