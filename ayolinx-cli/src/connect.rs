//! The blocking Ayolinx client (`ayolinx-ureq`) configured from the global options.

use std::time::Duration;

use ayolinx_proto::body::BodyEncoding;
use ayolinx_proto::client::SANDBOX_BASE_URL;
use ayolinx_proto::retry::RetryPolicy;
use ayolinx_proto::{PrivateKey, Secret};
use ayolinx_ureq::{Call, Client, ClientBuilder};
use serde::Serialize;

use crate::failure::Failure;
use crate::global::{Global, Setting};
use crate::progress::Status;
use crate::response;
use crate::store::Store;

/// The base URL of the global options (default: Ayolinx's sandbox).
fn base_url(global: &Global) -> &str {
    global.base_url.as_deref().unwrap_or(SANDBOX_BASE_URL)
}

/// A client for `--base-url` (default: Ayolinx's sandbox) with the global credentials, its
/// access token in the `--store`, encoding request bodies with `encoding`.
///
/// A command-line call retries little (2 attempts, at most 1 s apart): the person at the prompt
/// sees the failure and decides.
pub(crate) fn client(global: &Global, encoding: BodyEncoding) -> Result<Client, Failure> {
    global.require(&[
        Setting::ClientKey,
        Setting::ClientSecret,
        Setting::PrivateKey,
    ])?;
    let private_key = global.require_private_key()?;
    let client_key = global.require_client_key()?;
    let mut builder = builder(
        base_url(global),
        client_key,
        global.require_client_secret()?.clone(),
        private_key,
    );
    if let Some(store) =
        Store::from_setting(global.store.as_ref())?.token_store(base_url(global), client_key)?
    {
        builder = builder.token_store(store);
    }
    builder
        .body_encoding(encoding)
        .build()
        .map_err(Failure::from)
}

/// A client for a base URL and credentials, with the command line's timeouts and retries.
pub(crate) fn build(
    base_url: &str,
    client_key: &str,
    client_secret: Secret,
    private_key: PrivateKey,
) -> Result<Client, Failure> {
    builder(base_url, client_key, client_secret, private_key)
        .build()
        .map_err(Failure::from)
}

/// The command line's timeouts and retries for a base URL and credentials.
fn builder(
    base_url: &str,
    client_key: &str,
    client_secret: Secret,
    private_key: PrivateKey,
) -> ClientBuilder {
    Client::builder(base_url, client_key, client_secret, private_key)
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(30))
        .retry_policy(RetryPolicy::new(2, 200, 1_000))
}

/// Sends one call (a status line on stderr while it waits) and prints its typed answer.
pub(crate) fn call<O>(global: &Global, client: &Client, request: &O) -> Result<(), Failure>
where
    O: Call,
    O::Response: Serialize,
{
    let answer = {
        let _status = Status::show(
            global.json,
            &format!("calling {} at {}", O::NAME, base_url(global)),
        );
        client.send(request)?
    };
    response::show(global.json, &answer)
}
