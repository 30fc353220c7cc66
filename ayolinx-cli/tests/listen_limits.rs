//! `ayolinx listen` under hostile traffic: slow clients are closed and do not keep a genuine
//! callback out, and `--max-requests` counts verified requests only, never garbage.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../../ayolinx-sandbox/tests/slow_check/mod.rs"]
mod slow_check;
mod support;

use std::time::Duration;

use ayolinx_proto::callback::sign::{SignedRequest, sign_callback};
use support::{Listener, vector_key};

const NOTIFICATION: &str = r#"{"originalReferenceNo":"AYO-REF-7","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"1.00"}}"#;

fn genuine(path: &str) -> SignedRequest {
    sign_callback(
        &support::ayolinx_test_key(),
        path,
        NOTIFICATION.as_bytes(),
        &support::now(),
    )
}

fn post(url: &str, headers: &[(String, String)], body: &[u8]) -> u16 {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .new_agent();
    let mut request = agent.post(url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    request.send(body).unwrap().status().as_u16()
}

#[test]
fn slow_clients_are_closed_and_a_genuine_callback_still_arrives() {
    let listener = Listener::start(&vector_key("test_merchant_public.pem"), &[]);
    let addr = format!("127.0.0.1:{}", listener.port).parse().unwrap();
    slow_check::check(addr, "/cb", || {
        let sent = genuine("/cb");
        assert_eq!(post(&listener.url("/cb"), &sent.headers, &sent.body), 200);
    });
}

#[test]
fn max_requests_counts_verified_requests_only() {
    let listener = Listener::start(
        &vector_key("test_merchant_public.pem"),
        &["--max-requests", "1"],
    );
    // Unauthenticated garbage: refused, printed, not counted.
    for _ in 0..3 {
        assert_eq!(post(&listener.url("/cb"), &[], b"garbage"), 400);
    }
    let sent = genuine("/cb");
    assert_eq!(post(&listener.url("/cb"), &sent.headers, &sent.body), 200);
    let (code, lines, stderr) = listener.finish_text();
    assert_eq!(lines.len(), 4, "{lines:?} {stderr}");
    assert!(lines[3].starts_with("OK  POST /cb"), "{lines:?}");
    assert!(stderr.contains("1 verified, 3 refused"), "{stderr}");
    assert_eq!(code, Some(1), "some requests were refused: {stderr}");
}
