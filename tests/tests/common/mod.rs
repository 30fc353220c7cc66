//! Shared helpers of the end-to-end tests: the test key and a plain HTTP POST.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code, unreachable_pub)]

use ayolinx_proto::PrivateKey;

/// The throwaway RSA key of the core's test fixtures.
pub fn test_key_pem() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"
    );
    std::fs::read_to_string(path).unwrap()
}

pub fn test_key() -> PrivateKey {
    PrivateKey::from_pem(&test_key_pem()).unwrap()
}

/// POSTs `body` with `headers` and returns the status and body text, whatever the status.
pub fn post(url: &str, headers: &[(String, String)], body: &[u8]) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.post(url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

/// A client of `sandbox` with its merchant key, short timeouts and quick retries.
pub fn client_for(sandbox: &ayolinx_sandbox::SandboxHandle) -> ayolinx_ureq::ClientBuilder {
    let pem = sandbox.merchant_private_key_pem().unwrap();
    ayolinx_ureq::Client::builder(
        sandbox.base_url(),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        PrivateKey::from_pem(pem).unwrap(),
    )
    .connect_timeout(std::time::Duration::from_secs(2))
    .read_timeout(std::time::Duration::from_millis(1_500))
    .retry_policy(ayolinx_proto::retry::RetryPolicy::new(3, 20, 100))
}

/// Now, from the clock the merchant's router reads.
pub fn now() -> ayolinx_proto::Timestamp {
    use ayolinx_axum::Clock;
    ayolinx_proto::Timestamp::from_unix(ayolinx_axum::SystemClock.unix_seconds()).unwrap()
}

/// Rupiah as money.
pub fn idr(rupiah: u64) -> ayolinx_proto::Money {
    ayolinx_proto::Money::idr(ayolinx_proto::Amount::from_rupiah(rupiah).unwrap())
}
