//! Retries over real loopback HTTP: queries retried with backoff, jitter and fresh ids;
//! creates reconciled by a query, never blindly re-sent.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ayolinx_proto::api::payment_link::PaymentLinkCreateRequest;
use ayolinx_proto::api::qris::QrisGenerateRequest;
use ayolinx_proto::{Amount, Money, TransactionStatus};
use ayolinx_ureq::{Error, TransportFailure};
use common::{
    CLIENT_SECRET, QRIS_GENERATE, QRIS_QUERY, Reply, Server, TOKEN_PATH, client_of, json,
    query_ord_1, token_answer,
};
use serde_json::json as j;

fn order(reference: &str) -> QrisGenerateRequest {
    QrisGenerateRequest::new(reference, Money::idr(Amount::from_rupiah(15_000).unwrap()))
}

/// Its QR is a dynamic QRIS for IDR 15 000 with a right CRC: every generate answer is checked.
fn generated() -> Reply {
    json(
        200,
        j!({"responseCode":"2004700","responseMessage":"Successful","qrContent":"0002010102125303360540815000.005802ID6304BDE9"}),
    )
}

fn pending() -> Reply {
    json(
        200,
        j!({"responseCode":"2005100","responseMessage":"Successful","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"03"}),
    )
}

/// Answers `failures` requests of `path` with `failure()`, then `success()`; tokens always.
fn flaky(
    path: &'static str,
    failures: usize,
    failure: fn() -> Reply,
    success: fn() -> Reply,
) -> Server {
    let seen = AtomicUsize::new(0);
    Server::start(move |request| {
        if request.path == TOKEN_PATH {
            return token_answer("tok", 900);
        }
        if request.path == path && seen.fetch_add(1, Ordering::SeqCst) < failures {
            return failure();
        }
        success()
    })
}

#[test]
fn a_query_is_retried_after_5xx_with_backoff_jitter_and_fresh_ids() {
    let server = flaky(
        QRIS_QUERY,
        2,
        || {
            json(
                500,
                j!({"responseCode":"5005101","responseMessage":"General Error"}),
            )
        },
        pending,
    );
    let (client, clock) = client_of(&server);
    let answer = query_ord_1(&client).unwrap();
    assert_eq!(
        answer.latest_transaction_status,
        Some(TransactionStatus::Pending)
    );
    let queries = server.requests(QRIS_QUERY);
    assert_eq!(queries.len(), 3);
    let ids: std::collections::HashSet<_> = queries
        .iter()
        .map(|q| q.header("X-EXTERNAL-ID").unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 3, "every attempt has its own X-EXTERNAL-ID");
    // Each attempt is signed at its own time: the clock moved by the backoff in between.
    let stamps: Vec<_> = queries
        .iter()
        .map(|q| q.header("X-TIMESTAMP").unwrap().to_owned())
        .collect();
    assert!(stamps.iter().all(|s| s.ends_with("+07:00")));
    // Backoff 100 ms then 200 ms, half fixed and half jitter.
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!((50..=100).contains(&sleeps[0].as_millis()), "{sleeps:?}");
    assert!((100..=200).contains(&sleeps[1].as_millis()), "{sleeps:?}");
}

#[test]
fn a_query_timing_out_every_time_ends_with_a_timeout_after_the_last_attempt() {
    let server = flaky(
        QRIS_QUERY,
        usize::MAX,
        || Reply::After(Duration::from_millis(1_500), Box::new(pending())),
        pending,
    );
    let (client, _) = client_of(&server);
    let error = query_ord_1(&client).unwrap_err();
    assert_eq!(
        error.transport_failure(),
        Some(TransportFailure::TimedOut),
        "{error:?}"
    );
    assert!(error.is_timeout() && error.is_retryable());
    assert_eq!(server.count(QRIS_QUERY), 3);
}

#[test]
fn a_dropped_connection_on_a_query_is_retried() {
    let server = flaky(QRIS_QUERY, 1, || Reply::Drop, pending);
    let (client, _) = client_of(&server);
    query_ord_1(&client).unwrap();
    assert_eq!(server.count(QRIS_QUERY), 2);
}

#[test]
fn a_refused_connection_is_a_transport_error_that_was_not_sent() {
    let server = Server::start(|_| token_answer("tok", 900));
    let (client, clock) = client_of(&server);
    drop(server);
    let error = client.access_token().unwrap_err();
    assert_eq!(
        error.transport_failure(),
        Some(TransportFailure::NotSent),
        "{error:?}"
    );
    assert_eq!(
        clock.sleeps().len(),
        2,
        "a request that was not sent is retried"
    );
}

#[test]
fn a_create_whose_answer_is_lost_is_found_by_a_query_and_not_sent_again() {
    let server = flaky(QRIS_GENERATE, 1, || Reply::Drop, pending);
    let (client, _) = client_of(&server);
    let error = client.qris().generate(&order("ORD-1")).unwrap_err();
    let Error::Existing {
        operation,
        partner_reference_no,
        status,
    } = &error
    else {
        panic!("expected the existing transaction, got {error:?}")
    };
    assert_eq!(
        (*operation, partner_reference_no.as_str()),
        ("qris.generate", "ORD-1")
    );
    assert_eq!(
        status.latest_transaction_status,
        Some(TransactionStatus::Pending)
    );
    assert_eq!(server.count(QRIS_GENERATE), 1);
    let queries = server.requests(QRIS_QUERY);
    assert_eq!(queries.len(), 1);
    assert_eq!(queries[0].json()["originalPartnerReferenceNo"], "ORD-1");
}

#[test]
fn a_create_that_provably_did_not_happen_is_sent_again_with_a_fresh_id() {
    let server = Server::start({
        let generates = AtomicUsize::new(0);
        move |request| match request.path.as_str() {
            TOKEN_PATH => token_answer("tok", 900),
            QRIS_GENERATE if generates.fetch_add(1, Ordering::SeqCst) == 0 => json(
                504,
                j!({"responseCode":"5044700","responseMessage":"Timeout"}),
            ),
            QRIS_GENERATE => generated(),
            _ => json(
                404,
                j!({"responseCode":"4045101","responseMessage":"Transaction Not Found"}),
            ),
        }
    });
    let (client, _) = client_of(&server);
    let qr = client.qris().generate(&order("ORD-2")).unwrap();
    assert_eq!(
        qr.qr_content,
        "0002010102125303360540815000.005802ID6304BDE9"
    );
    let creates = server.requests(QRIS_GENERATE);
    assert_eq!(creates.len(), 2);
    assert_ne!(
        creates[0].header("X-EXTERNAL-ID"),
        creates[1].header("X-EXTERNAL-ID")
    );
    assert_eq!(creates[0].body, creates[1].body);
    assert_eq!(server.count(QRIS_QUERY), 1);
}

#[test]
fn a_create_whose_query_fails_too_ends_with_outcome_unknown() {
    let server = Server::start(|request| match request.path.as_str() {
        TOKEN_PATH => token_answer("tok", 900),
        _ => json(
            500,
            j!({"responseCode":"5000001","responseMessage":"General Error"}),
        ),
    });
    let (client, _) = client_of(&server);
    let error = client.qris().generate(&order("ORD-3")).unwrap_err();
    let Error::OutcomeUnknown {
        partner_reference_no,
        query_error,
        ..
    } = &error
    else {
        panic!("expected an unknown outcome, got {error:?}")
    };
    assert_eq!(partner_reference_no, "ORD-3");
    assert!(query_error.is_some());
    assert!(!error.is_retryable());
    assert_eq!(
        server.count(QRIS_GENERATE),
        1,
        "a create is never blindly re-sent"
    );
    assert_eq!(server.count(QRIS_QUERY), 3, "the query is retried");
    let text = error.to_string();
    assert!(
        text.contains("ORD-3") && text.contains("do not create it again"),
        "{text}"
    );
}

#[test]
fn a_payment_link_with_a_lost_answer_is_unknown_and_sent_once() {
    let server = flaky("/v1.0/payment-link/create", 1, || Reply::Drop, pending);
    let (client, _) = client_of(&server);
    let error = client
        .payment_link()
        .create(&PaymentLinkCreateRequest::new("LINK-1"))
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::OutcomeUnknown {
                query_error: None,
                ..
            }
        ),
        "{error:?}"
    );
    let sent: usize = server
        .received
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.path != TOKEN_PATH)
        .count();
    assert_eq!(sent, 1);
}

#[test]
fn a_business_error_is_not_retried_and_no_error_or_debug_shows_a_secret() {
    let server = Server::start(|request| match request.path.as_str() {
        TOKEN_PATH => token_answer("very-secret-token", 900),
        _ => json(
            400,
            j!({"responseCode":"4005102","responseMessage":"Invalid Mandatory Field"}),
        ),
    });
    let (client, _) = client_of(&server);
    let error = query_ord_1(&client).unwrap_err();
    assert_eq!(server.count(QRIS_QUERY), 1);
    assert_eq!(error.api_error().unwrap().http_status(), Some(400));
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{client:?}"),
        format!("{:?}", client.access_token().unwrap()),
    ] {
        assert!(!text.contains("very-secret-token"), "{text}");
        assert!(!text.contains(CLIENT_SECRET), "{text}");
    }
}
