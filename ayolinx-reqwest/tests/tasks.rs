//! What the async client adds: `Send` futures that `tokio::spawn` takes, clones sharing one
//! cache, cancellation safety (a future dropped mid-refresh or mid-reconciliation leaves the
//! cache usable and never causes a second create), and the caller's own `reqwest::Client`.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::time::{Duration, Instant};

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::retry::RetryPolicy;
use ayolinx_proto::{Amount, Money, PrivateKey, TransactionStatus};
use ayolinx_reqwest::{Client, ClientBuilder, Error};
use ayolinx_sandbox::{Fault, FaultKind, FaultTarget, Sandbox, SandboxHandle};

fn builder(sandbox: &SandboxHandle) -> ClientBuilder {
    Client::builder(
        sandbox.base_url(),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap()).unwrap(),
    )
    .read_timeout(Duration::from_secs(5))
    .retry_policy(RetryPolicy::new(3, 20, 100))
}

fn order(reference: &str) -> QrisGenerateRequest {
    QrisGenerateRequest::new(reference, Money::idr(Amount::from_rupiah(15_000).unwrap()))
}

fn slow(sandbox: &SandboxHandle, operation: &str, millis: u64) {
    sandbox.add_fault(
        Fault::new(
            FaultTarget::Operation(operation.into()),
            FaultKind::Latency { millis },
        )
        .times(1),
    );
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::test(flavor = "multi_thread")]
async fn every_call_is_a_send_future_that_tokio_spawn_takes() {
    let sandbox = Sandbox::builder().start().unwrap();
    let client = builder(&sandbox).build().unwrap();
    let request = order("SPAWN-1");
    // Borrowing futures are Send too, not only the 'static ones spawned below.
    drop(assert_send(client.qris().generate(&request)));
    drop(assert_send(client.access_token()));
    let spawned = tokio::spawn({
        let client = client.clone();
        async move { client.qris().generate(&order("SPAWN-1")).await }
    });
    let qr = spawned.await.unwrap().unwrap();
    assert!(qr.qr_content.starts_with("000201"));
    let status =
        tokio::spawn(async move { client.qris().query(&QrisQueryRequest::new("SPAWN-1")).await });
    assert_eq!(
        status.await.unwrap().unwrap().latest_transaction_status,
        Some(TransactionStatus::Initiated)
    );
    assert_eq!(
        sandbox.request_count("token"),
        1,
        "the clones share one token"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_future_dropped_mid_refresh_leaves_the_cache_usable() {
    let sandbox = Sandbox::builder().start().unwrap();
    let client = builder(&sandbox).build().unwrap();
    slow(&sandbox, "token", 1_500);
    // The first caller takes the lease and is cancelled while its token request is in flight.
    let cancelled = tokio::time::timeout(Duration::from_millis(300), client.access_token()).await;
    assert!(cancelled.is_err(), "still refreshing");
    // The next caller does not wait for the abandoned refresh: it takes the lease at once.
    let started = Instant::now();
    let token = client.access_token().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(!token.secret().expose_secret().is_empty());
    client.qris().generate(&order("AFTER-1")).await.unwrap();
    assert_eq!(sandbox.request_count("token"), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_waiter_takes_over_when_the_refreshing_task_is_cancelled() {
    let sandbox = Sandbox::builder().start().unwrap();
    let client = builder(&sandbox).build().unwrap();
    slow(&sandbox, "token", 1_500);
    let refreshing = tokio::spawn({
        let client = client.clone();
        async move { client.access_token().await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { client.qris().generate(&order("WAIT-1")).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    refreshing.abort();
    assert!(refreshing.await.unwrap_err().is_cancelled());
    let started = Instant::now();
    waiting.await.unwrap().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(sandbox.request_count("token"), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_future_dropped_mid_reconciliation_never_causes_a_second_create() {
    let sandbox = Sandbox::builder().start().unwrap();
    let client = builder(&sandbox).build().unwrap();
    client.access_token().await.unwrap();
    sandbox.add_fault(
        Fault::new(
            FaultTarget::Operation("qris.generate".into()),
            FaultKind::DropConnection,
        )
        .times(1),
    );
    slow(&sandbox, "qris.query", 1_500);
    let cancelled = tokio::time::timeout(
        Duration::from_millis(500),
        client.qris().generate(&order("REC-1")),
    )
    .await;
    assert!(
        cancelled.is_err(),
        "cancelled while the reconciliation query was in flight"
    );
    assert_eq!(sandbox.request_count("qris.generate"), 1);
    // The caller tries again: the duplicate is refused and reconciled, never created twice.
    let again = client.qris().generate(&order("REC-1")).await.unwrap_err();
    assert!(matches!(again, Error::Existing { .. }), "{again:?}");
    assert_eq!(sandbox.transactions().len(), 1);
    assert_eq!(sandbox.request_count("token"), 1, "the cache survived");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_callers_own_reqwest_client_sends_the_calls() {
    let sandbox = Sandbox::builder().start().unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("merchant-service/1.0")
        .build()
        .unwrap();
    let client = builder(&sandbox).http_client(http).build().unwrap();
    let qr = client.qris().generate(&order("OWN-1")).await.unwrap();
    assert!(qr.qr_content.starts_with("000201"));
}
