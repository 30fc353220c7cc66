//! Shared helpers of the end-to-end tests: the test key, a plain HTTP POST, a merchant server.
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

#[allow(unused_imports, reason = "not every test posts by hand")]
pub use merchant::post;

/// The merchant side: the `ayolinx-axum` router of its tests (handlers that keep what they
/// receive, served on loopback), shared with them rather than written twice.
#[path = "../../../ayolinx-axum/tests/support/mod.rs"]
pub mod merchant;

/// An `ayolinx-axum` merchant (in-memory store) on loopback, keeping what its handlers receive.
pub struct MerchantServer {
    server: merchant::Server,
    received: merchant::Received,
}

impl MerchantServer {
    /// Serves notifications at `/webhooks/ayolinx` and `/other` (a second callback URL, where a
    /// callback signed for the first must be refused) and the SNAP VA flow with `client_key`
    /// and `client_secret`.
    pub fn start(client_key: &str, client_secret: &str) -> Self {
        let received = merchant::Received::default();
        let store = std::sync::Arc::new(ayolinx_store::MemoryStore::new());
        let router = merchant::merchant_with(&received, store, client_key, client_secret)
            .notification_path("/other")
            .router()
            .unwrap();
        Self {
            server: merchant::Server::start(router),
            received,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        self.server.url("")
    }

    /// What the merchant's handlers received.
    pub fn merchant(&self) -> &merchant::Received {
        &self.received
    }
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

/// Rupiah as money.
pub fn idr(rupiah: u64) -> ayolinx_proto::Money {
    ayolinx_proto::Money::idr(ayolinx_proto::Amount::from_rupiah(rupiah).unwrap())
}
