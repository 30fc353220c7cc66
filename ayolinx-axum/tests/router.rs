//! The router over real loopback HTTP, fed requests signed the way Ayolinx signs them.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ayolinx_axum::{BuildError, Merchant, Router};
use ayolinx_proto::callback::sign::SignedRequest;
use ayolinx_store::{
    Ack, Claim, Completion, Extension, IssuedTokens, Lease, Ledger, MemoryStore, Release,
    StoreError, StoreErrorKind, StoreFuture, TokenEntry,
};
use support::{
    NOTIFIED, RETRY, Received, Server, ayolinx_key, issued_token, merchant, notification, post,
    send, token_request, va_payment,
};

fn memory() -> Arc<MemoryStore> {
    Arc::new(MemoryStore::new())
}

#[test]
fn a_notification_is_processed_once_and_its_duplicates_acknowledged() {
    let received = Received::default();
    let server = Server::start(merchant(&received, memory()).router().unwrap());
    let signed = notification("/webhooks/ayolinx", "AYO-1");
    let url = server.url("/webhooks/ayolinx");
    for _ in 0..3 {
        assert_eq!(send(&url, &signed), (200, NOTIFIED.to_owned()));
    }
    assert_eq!(received.calls(), 1);
    let stored = received.notifications();
    assert_eq!(stored[0].original_partner_reference_no(), Some("ORD-AYO-1"));
    assert!(stored[0].is_paid());

    // Signed for another path: refused. One byte changed: refused. Neither reaches the handler.
    let other = notification("/elsewhere", "AYO-2");
    let (status, answer) = send(&url, &other);
    assert_eq!(status, 401);
    assert!(answer.contains("4015600"), "{answer}");
    let mut tampered = signed.body.clone();
    tampered[20] ^= 1;
    assert_eq!(post(&url, &signed.headers, &tampered).0, 401);
    assert_eq!(received.calls(), 1);
}

/// A notification handler whose first run waits, inside the handler, until released; a later
/// run (a second processing: the bug these tests look for) answers at once.
#[derive(Clone, Default)]
struct HeldHandler {
    started: Arc<tokio::sync::Notify>,
    release: Arc<tokio::sync::Notify>,
    calls: Arc<AtomicUsize>,
}

impl HeldHandler {
    /// `merchant` with this as its handler of notifications at `/cb`.
    fn router(&self, merchant: Merchant) -> Router {
        let held = self.clone();
        merchant
            .notification_path("/cb")
            .on_notification(move |_| {
                let first = held.calls.fetch_add(1, Ordering::SeqCst) == 0;
                let (started, release) = (held.started.clone(), held.release.clone());
                async move {
                    if first {
                        started.notify_one();
                        release.notified().await;
                    }
                    Ok::<(), String>(())
                }
            })
            .router()
            .unwrap()
    }

    /// Sends `signed` to `url` on a thread of its own, and returns once the handler runs it.
    fn send_first(
        &self,
        url: &str,
        signed: &SignedRequest,
    ) -> std::thread::JoinHandle<(u16, String)> {
        let (url, signed) = (url.to_owned(), signed.clone());
        let first = std::thread::spawn(move || send(&url, &signed));
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(self.started.notified());
        first
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

#[test]
fn a_duplicate_delivered_while_the_first_is_processed_is_refused_with_a_5xx() {
    let held = HeldHandler::default();
    let server = Server::start(held.router(Merchant::new(ayolinx_key().public_key())));
    let url = server.url("/cb");
    let signed = notification("/cb", "AYO-SLOW");
    let first = held.send_first(&url, &signed);
    // The first is still in the handler: every overlapping delivery gets a retryable 500.
    for _ in 0..4 {
        assert_eq!(send(&url, &signed), (500, RETRY.to_owned()));
    }
    held.release.notify_one();
    assert_eq!(first.join().unwrap(), (200, NOTIFIED.to_owned()));
    assert_eq!(send(&url, &signed), (200, NOTIFIED.to_owned()));
    assert_eq!(held.calls(), 1);
}

/// A handler slower than its lease (a slow database, say): its holder renews the claim while it
/// runs, so Ayolinx's retry after the lease is told to retry later instead of running the handler
/// a second time alongside the first.
#[test]
fn a_handler_slower_than_its_lease_keeps_its_claim_and_runs_once() {
    let held = HeldHandler::default();
    let lease = Duration::from_millis(600);
    let merchant = Merchant::new(ayolinx_key().public_key())
        .lease(lease)
        .store(memory());
    let server = Server::start(held.router(merchant));
    let url = server.url("/cb");
    let signed = notification("/cb", "AYO-LONG");
    let first = held.send_first(&url, &signed);
    // Ayolinx's retry, after the first lease would have run out twice: the claim is still held.
    std::thread::sleep(lease * 5 / 2);
    let retry = send(&url, &signed);
    // Released before any assertion, so that a failing one does not wait on the first forever.
    held.release.notify_one();
    assert_eq!(retry, (500, RETRY.to_owned()));
    assert_eq!(first.join().unwrap(), (200, NOTIFIED.to_owned()));
    // Completed: a later duplicate is answered with the recorded acknowledgement.
    assert_eq!(send(&url, &signed), (200, NOTIFIED.to_owned()));
    assert_eq!(held.calls(), 1, "the handler ran more than once");
}

#[test]
fn a_failed_or_panicking_handler_answers_5xx_and_the_retry_is_processed_once() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let processed = Arc::new(AtomicUsize::new(0));
    let (handler_attempts, handler_processed) = (attempts.clone(), processed.clone());
    let app = Merchant::new(ayolinx_key().public_key())
        .notification_path("/cb")
        .on_notification(move |_| {
            let attempt = handler_attempts.fetch_add(1, Ordering::SeqCst);
            assert_ne!(attempt, 1, "a bug in the handler's closure");
            let processed = handler_processed.clone();
            async move {
                match attempt {
                    0 => Err("database down"),
                    2 => panic!("a bug in the handler's future"),
                    _ => {
                        processed.fetch_add(1, Ordering::SeqCst);
                        Ok(())
                    }
                }
            }
        })
        .router()
        .unwrap();
    let server = Server::start(app);
    let url = server.url("/cb");
    let signed = notification("/cb", "AYO-FAIL");
    for _ in 0..3 {
        assert_eq!(send(&url, &signed), (500, RETRY.to_owned()));
    }
    for _ in 0..3 {
        assert_eq!(send(&url, &signed), (200, NOTIFIED.to_owned()));
    }
    assert_eq!(attempts.load(Ordering::SeqCst), 4);
    assert_eq!(processed.load(Ordering::SeqCst), 1);
}

#[test]
fn nested_under_a_prefix_it_verifies_the_full_path_ayolinx_signed() {
    let received = Received::default();
    let app = Router::new().nest("/ayolinx", merchant(&received, memory()).router().unwrap());
    let server = Server::start(app);
    let signed = notification("/ayolinx/webhooks/ayolinx", "AYO-NEST");
    assert_eq!(
        send(&server.url("/ayolinx/webhooks/ayolinx"), &signed),
        (200, NOTIFIED.to_owned())
    );
    // Signed for the stripped path (what a router that verified the nested path would accept).
    let stripped = notification("/webhooks/ayolinx", "AYO-STRIP");
    assert_eq!(
        send(&server.url("/ayolinx/webhooks/ayolinx"), &stripped).0,
        401
    );

    // The SNAP VA flow under the prefix: the payment's HMAC covers the full path too.
    let (status, answer) = send(
        &server.url("/ayolinx/v1.0/access-token/b2b"),
        &token_request(),
    );
    assert_eq!(status, 200, "{answer}");
    let token = issued_token(&answer);
    let payment = va_payment("/ayolinx/v1.0/transfer-va/payment", &token);
    let (status, answer) = send(&server.url("/ayolinx/v1.0/transfer-va/payment"), &payment);
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer.starts_with(r#"{"responseCode":"2002500""#),
        "{answer}"
    );
    assert_eq!(received.calls(), 2);
    assert_eq!(received.notifications()[0].reference(), "AYO-NEST");
}

#[test]
fn va_token_at_one_instance_payment_at_another_sharing_a_memory_store() {
    let store = memory();
    support::va_token_at_one_instance_payment_at_another(store.clone(), store);
}

#[test]
fn a_payment_with_a_token_issued_by_an_instance_with_another_store_is_refused() {
    let received = Received::default();
    let a = Server::start(merchant(&received, memory()).router().unwrap());
    let b = Server::start(merchant(&received, memory()).router().unwrap());
    let token = issued_token(&send(&a.url("/v1.0/access-token/b2b"), &token_request()).1);
    let payment = va_payment("/v1.0/transfer-va/payment", &token);
    let (status, answer) = send(&b.url("/v1.0/transfer-va/payment"), &payment);
    assert_eq!(status, 401, "{answer}");
    assert!(answer.contains("4012501"), "{answer}");
    assert_eq!(received.calls(), 0);
}

#[test]
fn the_non_snap_va_notify_at_the_payment_path_goes_to_the_notification_handler() {
    let received = Received::default();
    let server = Server::start(merchant(&received, memory()).router().unwrap());
    let signed = notification("/v1.0/transfer-va/payment", "AYO-VA-NOTIFY");
    assert_eq!(
        send(&server.url("/v1.0/transfer-va/payment"), &signed),
        (200, NOTIFIED.to_owned())
    );
    assert_eq!(received.notifications()[0].reference(), "AYO-VA-NOTIFY");
    assert!(received.va_payments().is_empty());
}

#[test]
fn refusals_are_the_cores_snap_answers() {
    let received = Received::default();
    let server = Server::start(merchant(&received, memory()).router().unwrap());
    let signed = notification("/webhooks/ayolinx", "AYO-GET");
    let (status, answer) = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .get(server.url("/webhooks/ayolinx"))
        .header("X-TIMESTAMP", signed.header("X-TIMESTAMP").unwrap())
        .call()
        .map(|mut response| {
            (
                response.status().as_u16(),
                response.body_mut().read_to_string().unwrap(),
            )
        })
        .unwrap();
    assert_eq!(status, 405, "{answer}");
    assert!(answer.contains("4055600"), "{answer}");
    let unsigned = post(&server.url("/v1.0/access-token/b2b"), &[], b"{}");
    assert_eq!(unsigned.0, 400, "{}", unsigned.1);
    assert!(unsigned.1.contains("4007302"), "{}", unsigned.1);
    assert_eq!(received.calls(), 0);
}

/// A store that cannot be reached.
struct Down;

fn down<T: Send + 'static>() -> StoreFuture<'static, T> {
    Box::pin(std::future::ready(Err(StoreError::new(
        StoreErrorKind::Unavailable,
        "down for the test",
        None,
    ))))
}

impl Ledger for Down {
    fn claim<'a>(&'a self, _: &'a str, _: Duration) -> StoreFuture<'a, Claim> {
        down()
    }
    fn complete<'a>(
        &'a self,
        _: &'a Lease,
        _: &'a Ack,
        _: Duration,
    ) -> StoreFuture<'a, Completion> {
        down()
    }
    fn release<'a>(&'a self, _: &'a Lease) -> StoreFuture<'a, Release> {
        down()
    }
    fn extend<'a>(&'a self, _: &'a Lease, _: Duration) -> StoreFuture<'a, Extension> {
        down()
    }
}

impl IssuedTokens for Down {
    fn issue<'a>(&'a self, _: &'a TokenEntry, _: Duration) -> StoreFuture<'a, ()> {
        down()
    }
    fn look_up<'a>(
        &'a self,
        _: &'a str,
    ) -> StoreFuture<'a, Option<ayolinx_proto::callback::TokenRecord>> {
        down()
    }
}

#[test]
fn a_store_that_cannot_be_reached_answers_5xx_and_runs_nothing() {
    let received = Received::default();
    let server = Server::start(merchant(&received, Arc::new(Down)).router().unwrap());
    let signed = notification("/webhooks/ayolinx", "AYO-DOWN");
    assert_eq!(
        send(&server.url("/webhooks/ayolinx"), &signed),
        (500, RETRY.to_owned())
    );
    let (status, answer) = send(&server.url("/v1.0/access-token/b2b"), &token_request());
    assert_eq!(
        (status, answer.as_str()),
        (
            500,
            r#"{"responseCode":"5007300","responseMessage":"General Error"}"#
        )
    );
    let payment = va_payment(
        "/v1.0/transfer-va/payment",
        &ayolinx_proto::Secret::new("ab".repeat(32)),
    );
    let (status, answer) = send(&server.url("/v1.0/transfer-va/payment"), &payment);
    assert_eq!(
        (status, answer.as_str()),
        (
            500,
            r#"{"responseCode":"5002500","responseMessage":"General Error"}"#
        )
    );
    assert_eq!(received.calls(), 0);
}

#[test]
fn bad_configurations_are_typed_errors() {
    let key = || ayolinx_key().public_key();
    let handler = |_| async { Ok::<(), String>(()) };
    assert_eq!(
        Merchant::new(key()).on_notification(handler).router().err(),
        Some(BuildError::NoNotificationPath)
    );
    assert_eq!(
        Merchant::new(key()).notification_path("/cb").router().err(),
        Some(BuildError::NoNotificationHandler)
    );
    for path in ["cb", "/cb/{id}", "/cb/*rest", "/cb?x=1", "/c b"] {
        let error = Merchant::new(key())
            .notification_path(path)
            .on_notification(handler)
            .router()
            .err();
        assert_eq!(error, Some(BuildError::InvalidPath { path: path.into() }));
    }
    let twice = Merchant::new(key())
        .notification_path("/cb")
        .notification_path("/cb")
        .on_notification(handler)
        .router()
        .err();
    assert_eq!(
        twice,
        Some(BuildError::DuplicatePath { path: "/cb".into() })
    );
    let token_path = Merchant::new(key())
        .notification_path("/v1.0/access-token/b2b")
        .on_notification(handler)
        .snap_va("CK", ayolinx_proto::Secret::new("SK"), |_| async {
            Ok::<(), String>(())
        })
        .router()
        .err();
    assert!(matches!(token_path, Some(BuildError::DuplicatePath { .. })));
    // The payment path as a notification path too: one route serving both.
    let shared = Merchant::new(key())
        .notification_path("/v1.0/transfer-va/payment")
        .on_notification(handler)
        .snap_va("CK", ayolinx_proto::Secret::new("SK"), |_| async {
            Ok::<(), String>(())
        })
        .router();
    assert!(shared.is_ok());
}

#[test]
fn a_notification_whose_references_are_blank_is_refused_and_never_run() {
    let received = Received::default();
    let app = merchant(&received, memory())
        .remember_for(Duration::MAX)
        .lease(Duration::MAX)
        .router()
        .unwrap();
    let server = Server::start(app);
    let url = server.url("/webhooks/ayolinx");
    let sign = |body: &[u8]| {
        ayolinx_proto::callback::sign::sign_callback(
            &ayolinx_key(),
            "/webhooks/ayolinx",
            body,
            &support::now(),
        )
    };
    // Blank or absent, a reference names no transaction: the core refuses the body, so no key
    // that every such callback would share is ever claimed.
    for body in [
        &br#"{"originalReferenceNo":"","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"1.00"}}"#[..],
        br#"{"originalReferenceNo":" ","partnerReferenceNo":"","latestTransactionStatus":"00"}"#,
        br#"{"latestTransactionStatus":"00"}"#,
    ] {
        assert_eq!(send(&url, &sign(body)).0, 400);
    }
    assert_eq!(received.calls(), 0);
    // A blank Ayolinx reference is passed over for the order id: two orders, two keys.
    for order in ["ORD-1", "ORD-2"] {
        let body = format!(
            r#"{{"originalReferenceNo":"","originalPartnerReferenceNo":"{order}","latestTransactionStatus":"00"}}"#
        );
        assert_eq!(
            send(&url, &sign(body.as_bytes())),
            (200, NOTIFIED.to_owned())
        );
    }
    assert_eq!(received.calls(), 2);
}

#[test]
fn the_observer_sees_every_exchange_and_notifications_may_arrive_at_any_path() {
    use ayolinx_axum::Outcome;
    use std::sync::Mutex;

    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let observed = seen.clone();
    let failing = Arc::new(AtomicUsize::new(1));
    let router = Merchant::new(ayolinx_key().public_key())
        .notifications_at_any_path()
        .on_notification_delivery(move |_notification, delivery| {
            // The handler sees the exact bytes it was sent, and leaves the observer a note.
            let signed = notification("/any/where", "AYO-ANY");
            assert_eq!(delivery.body(), &signed.body[..]);
            delivery.set_note("handled");
            // The first delivery fails; its retry succeeds.
            let failed = failing
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            async move { if failed { Err("not yet") } else { Ok(()) } }
        })
        .on_exchange(move |exchange| {
            let what = match exchange.outcome {
                Outcome::Refused { .. } => "refused".to_owned(),
                Outcome::Notification {
                    notification,
                    timestamp,
                    handling,
                } => {
                    assert!(!timestamp.is_empty());
                    let note = exchange.delivery.note().unwrap_or_default();
                    format!("{} {handling:?} {note}", notification.reference())
                }
                other => format!("{other:?}"),
            };
            observed.lock().unwrap().push(format!(
                "{} {} {what} -> {}",
                exchange.delivery.method(),
                exchange.delivery.target(),
                exchange.answer.status()
            ));
        })
        .router()
        .unwrap();
    let server = Server::start(router);
    let signed = notification("/any/where", "AYO-ANY");
    let url = server.url("/any/where");
    assert_eq!(send(&url, &signed), (500, RETRY.to_owned()));
    assert_eq!(send(&url, &signed), (200, NOTIFIED.to_owned()));
    assert_eq!(send(&url, &signed), (200, NOTIFIED.to_owned()));
    let forged = notification("/signed/for/another", "AYO-ANY");
    assert_eq!(send(&url, &forged).0, 401);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "POST /any/where AYO-ANY Failed handled -> 500",
            "POST /any/where AYO-ANY Processed handled -> 200",
            "POST /any/where AYO-ANY Replayed  -> 200",
            "POST /any/where refused -> 401",
        ]
    );
}
