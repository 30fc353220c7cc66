//! What never left the machine is "not sent", so a create is retried safely instead of being
//! reconciled (and possibly ending "outcome unknown"): a name that does not resolve, a TLS
//! handshake against a plain-HTTP port, a refused connection. And plain `http://` is refused
//! before anything is sent unless the host is this machine.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::api::qris::QrisGenerateRequest;
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::LeaseOutcome;
use ayolinx_proto::retry::RetryPolicy;
use ayolinx_proto::{Amount, Money, Secret, Timestamp};
use ayolinx_ureq::{Client, ConfigError, Error, MemoryTokenStore, TokenStore, TransportFailure};
use common::{
    CLIENT_KEY, CLIENT_SECRET, CountingRandomness, ManualClock, START, Server, TOKEN_PATH,
    private_key, token_answer,
};

/// A store that already holds a valid token, so that the create itself is the first request.
fn store_with_a_token() -> Arc<dyn TokenStore> {
    let store = MemoryTokenStore::default();
    let LeaseOutcome::Granted(lease) = store.try_lease() else {
        panic!("a fresh store is free")
    };
    store.put(
        lease,
        AccessToken::new("tok", 900, Timestamp::from_unix(START).unwrap()),
    );
    Arc::new(store)
}

/// Generates `ORD-1` against `base_url` with three attempts.
fn generate_at(base_url: &str) -> (Error, Arc<ManualClock>) {
    let clock = ManualClock::at(START);
    let client = Client::builder(
        base_url,
        CLIENT_KEY,
        Secret::new(CLIENT_SECRET),
        private_key(),
    )
    .clock(clock.clone())
    .randomness(Arc::new(CountingRandomness::default()))
    .token_store(store_with_a_token())
    .connect_timeout(Duration::from_secs(2))
    .retry_policy(RetryPolicy::new(3, 100, 1_000))
    .build()
    .unwrap();
    let order = QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000).unwrap()));
    (client.qris().generate(&order).unwrap_err(), clock)
}

fn assert_retried_as_not_sent(error: &Error, clock: &ManualClock) {
    assert_eq!(
        error.transport_failure(),
        Some(TransportFailure::NotSent),
        "{error:?}"
    );
    assert!(!matches!(error, Error::OutcomeUnknown { .. }));
    assert_eq!(clock.sleeps().len(), 2, "retried like any unsent request");
}

#[test]
fn a_name_that_does_not_resolve_is_not_sent_and_the_create_retried() {
    // `.invalid` never resolves (RFC 6761): the lookup fails on this machine, offline too.
    let started = std::time::Instant::now();
    let (error, clock) = generate_at("https://ayolinx-sdk-test.invalid");
    assert_retried_as_not_sent(&error, &clock);
    assert!(started.elapsed() < Duration::from_secs(10), "fails fast");
}

#[test]
fn a_tls_handshake_against_a_plain_http_port_is_not_sent() {
    let server = Server::start(|request| match request.path.as_str() {
        TOKEN_PATH => token_answer("tok", 900),
        _ => common::Reply::Drop,
    });
    let https = server.base_url().replace("http://", "https://");
    let (error, clock) = generate_at(&https);
    assert_retried_as_not_sent(&error, &clock);
}

#[test]
fn a_refused_connection_is_not_sent() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (error, clock) = generate_at(&format!("http://127.0.0.1:{port}"));
    assert_retried_as_not_sent(&error, &clock);
}

#[test]
fn plain_http_to_another_host_is_refused_before_anything_is_sent() {
    for url in [
        "http://openapi.ayolinx.id",
        "http://sandbox.ayolinx.id/",
        "HTTP://10.0.0.1:8080",
        "http://localhost.example.com",
    ] {
        let built = Client::builder(url, CLIENT_KEY, Secret::new(CLIENT_SECRET), private_key())
            .transport(
                |_| -> Result<ayolinx_proto::HttpResponse, TransportFailure> {
                    panic!("nothing may be sent")
                },
            )
            .build();
        let Err(Error::Config(ConfigError::BaseUrl(error))) = built else {
            panic!("{url}: expected a base URL error")
        };
        assert!(error.to_string().contains("use https://"), "{error}");
    }
    for url in [
        "http://127.0.0.1:9",
        "http://127.8.9.10",
        "http://[::1]:9",
        "http://localhost:9",
    ] {
        assert!(
            Client::builder(url, CLIENT_KEY, Secret::new(CLIENT_SECRET), private_key())
                .build()
                .is_ok(),
            "{url}"
        );
    }
}
