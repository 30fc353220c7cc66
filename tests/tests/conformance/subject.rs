//! [`Subject`]: a client under test, either kind, behind one async `send`.

use std::time::Duration;

use ayolinx_proto::PrivateKey;
use ayolinx_proto::driver::{Call, Error};
use ayolinx_proto::retry::RetryPolicy;
use ayolinx_sandbox::SandboxHandle;

/// A client under test.
#[derive(Clone)]
pub(crate) enum Subject {
    Ureq(ayolinx_ureq::Client),
    Reqwest(ayolinx_reqwest::Client),
}

/// The settings every subject gets: short timeouts and quick retries.
#[derive(Clone, Copy)]
pub(crate) struct Setup {
    pub(crate) margin_seconds: u64,
    pub(crate) read_timeout: Duration,
}

impl Default for Setup {
    fn default() -> Self {
        Self {
            margin_seconds: 60,
            read_timeout: Duration::from_millis(1_500),
        }
    }
}

impl Subject {
    /// Both kinds of client for `base_url` with the sandbox's credentials.
    pub(crate) fn both_at(sandbox: &SandboxHandle, base_url: &str, setup: Setup) -> [Subject; 2] {
        let key = || PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap()).unwrap();
        let policy = RetryPolicy::new(3, 20, 100);
        let ureq = ayolinx_ureq::Client::builder(
            base_url,
            sandbox.client_key(),
            sandbox.client_secret().clone(),
            key(),
        )
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(setup.read_timeout)
        .retry_policy(policy)
        .token_refresh_margin_seconds(setup.margin_seconds)
        .build()
        .unwrap();
        let reqwest = ayolinx_reqwest::Client::builder(
            base_url,
            sandbox.client_key(),
            sandbox.client_secret().clone(),
            key(),
        )
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(setup.read_timeout)
        .retry_policy(policy)
        .token_refresh_margin_seconds(setup.margin_seconds)
        .build()
        .unwrap();
        [Subject::Ureq(ureq), Subject::Reqwest(reqwest)]
    }

    /// Both kinds of client of `sandbox`.
    pub(crate) fn both(sandbox: &SandboxHandle, setup: Setup) -> [Subject; 2] {
        Self::both_at(sandbox, sandbox.base_url(), setup)
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Ureq(_) => "ureq",
            Self::Reqwest(_) => "reqwest",
        }
    }

    /// The access token the next call will use.
    pub(crate) async fn access_token(
        &self,
    ) -> Result<ayolinx_proto::api::token::AccessToken, Error> {
        match self {
            Self::Ureq(client) => tokio::task::block_in_place(|| client.access_token()),
            Self::Reqwest(client) => client.access_token().await,
        }
    }

    /// One call. The blocking client runs on this worker thread, which the runtime hands
    /// over for the duration (so concurrent calls really are concurrent).
    pub(crate) async fn send<O: Call>(&self, request: &O) -> Result<O::Response, Error> {
        match self {
            Self::Ureq(client) => tokio::task::block_in_place(|| client.send(request)),
            Self::Reqwest(client) => client.send(request).await,
        }
    }
}
