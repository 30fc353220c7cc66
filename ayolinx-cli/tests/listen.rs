//! `ayolinx listen`, run as a real process receiving real HTTP callbacks on loopback: genuine
//! ones printed and acknowledged, forged ones refused with the SNAP answer, forwarding byte for
//! byte, and the SNAP VA token-then-payment flow.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::time::Duration;

use ayolinx_proto::Secret;
use ayolinx_proto::callback::VaSignatureCheck;
use ayolinx_proto::callback::sign::{
    SignedRequest, VaPaymentSigning, sign_callback, sign_merchant_token_request, sign_va_payment,
};
use serde_json::Value;
use support::{CLIENT_SECRET, Listener, ayolinx_test_key as ayolinx_key, now, vector_key};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .new_agent()
}

/// Posts a signed request; returns the status and body of the answer.
fn post(url: &str, sent: &SignedRequest) -> (u16, String) {
    let mut request = agent().post(url);
    for (name, value) in &sent.headers {
        request = request.header(name, value);
    }
    let mut response = request.send(&sent.body[..]).unwrap();
    (
        response.status().as_u16(),
        response.body_mut().read_to_string().unwrap(),
    )
}

const NOTIFICATION: &str = r#"{"originalReferenceNo":"AYO-REF-9","originalPartnerReferenceNo":"ORD-\/9","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"userName":"Siti Caf\u00e9","channel":"BNC_QRIS"}}"#;

/// What `listen` answers a genuine notification.
const NOTIFY_ACK: &str = r#"{"responseCode":"2005600","responseMessage":"Successful"}"#;

/// [`NOTIFICATION`] to `/webhooks/ayolinx`, signed now with Ayolinx's key.
fn genuine_notification() -> SignedRequest {
    sign_callback(
        &ayolinx_key(),
        "/webhooks/ayolinx",
        NOTIFICATION.as_bytes(),
        &now(),
    )
}

#[test]
fn genuine_callbacks_are_printed_and_acknowledged_forged_ones_refused() {
    let listener = Listener::start(
        &vector_key("test_merchant_public.pem"),
        &[
            "--max-requests",
            "1",
            "--json",
            "--path",
            "/webhooks/ayolinx",
        ],
    );
    // Refused requests are printed but not counted: the genuine one, last, ends the run.
    let genuine = genuine_notification();
    let mut tampered = genuine.clone();
    tampered.body = NOTIFICATION.replace("15000.00", "15001.00").into_bytes();
    let (status, body) = post(&listener.url("/webhooks/ayolinx"), &tampered);
    assert_eq!(
        (status, body.as_str()),
        (
            401,
            r#"{"responseCode":"4015600","responseMessage":"Unauthorized"}"#
        )
    );
    let (status, _) = post(&listener.url("/elsewhere"), &genuine);
    assert_eq!(status, 404);
    let (status, body) = post(&listener.url("/webhooks/ayolinx"), &genuine);
    assert_eq!((status, body.as_str()), (200, NOTIFY_ACK));
    let (code, lines, stderr) = listener.finish();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("2 of 3 request(s) were refused"),
        "{stderr}"
    );
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["genuine"], true);
    assert_eq!(lines[2]["reference"], "AYO-REF-9");
    assert_eq!(lines[2]["paid"], true);
    assert_eq!(lines[2]["amount"]["value"], "15000.00");
    assert_eq!(
        lines[2]["notification"]["additionalInfo"]["userName"],
        "Siti Café"
    );
    assert_eq!(lines[2]["path"], "/webhooks/ayolinx");
    assert_eq!(lines[2]["answer"]["status"], 200);
    assert_eq!(lines[0]["genuine"], false);
    assert!(
        lines[0]["reason"]
            .as_str()
            .unwrap()
            .contains("X-SIGNATURE does not match"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1]["reason"]
            .as_str()
            .unwrap()
            .contains("not the callback path")
    );
}

#[test]
fn every_request_is_verified_against_its_own_path_and_printed_as_text() {
    let listener = Listener::start(
        &vector_key("test_merchant_public.pem"),
        &["--max-requests", "2"],
    );
    let now = now();
    for path in ["/v1.0/qr/qr-mpm-notify", "/v1.0/debit/notify"] {
        let sent = sign_callback(&ayolinx_key(), path, NOTIFICATION.as_bytes(), &now);
        assert_eq!(post(&listener.url(path), &sent).0, 200);
    }
    let (code, lines, stderr) = listener.finish_text();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[0],
        "OK  POST /v1.0/qr/qr-mpm-notify QRIS AYO-REF-9 status 00 IDR 15000.00 -> 200"
    );
}

#[test]
fn forwarding_passes_the_exact_bytes_and_headers_once_and_a_failed_forward_asks_for_a_retry() {
    // The "merchant app" is a second listener: it verifies the forwarded request itself, which
    // holds only if the body bytes and the signature headers arrived unchanged.
    let app = Listener::start(
        &vector_key("test_merchant_public.pem"),
        &["--max-requests", "1", "--json"],
    );
    let front = Listener::start(
        &vector_key("test_merchant_public.pem"),
        &[
            "--max-requests",
            "3",
            "--json",
            "--forward",
            &app.url("/webhooks/ayolinx"),
        ],
    );
    let genuine = genuine_notification();
    let (status, body) = post(&front.url("/webhooks/ayolinx"), &genuine);
    assert_eq!((status, body.as_str()), (200, NOTIFY_ACK));
    let (app_code, app_lines, app_err) = app.finish();
    assert_eq!(app_code, Some(0), "{app_err}");
    assert_eq!(app_lines[0]["genuine"], true);
    // Its redelivery was processed already: acknowledged, not forwarded again.
    let (status, body) = post(&front.url("/webhooks/ayolinx"), &genuine);
    assert_eq!((status, body.as_str()), (200, NOTIFY_ACK));
    // With the app gone, another notification is not processed: 500, so that Ayolinx retries.
    let other = sign_callback(
        &ayolinx_key(),
        "/webhooks/ayolinx",
        NOTIFICATION.replace("AYO-REF-9", "AYO-REF-10").as_bytes(),
        &now(),
    );
    let (status, _) = post(&front.url("/webhooks/ayolinx"), &other);
    assert_eq!(status, 500);
    let (code, lines, stderr) = front.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(lines[0]["forwarded"]["status"], 200);
    assert_eq!(lines[0]["handling"], "processed");
    assert_eq!(lines[1]["handling"], "duplicate");
    assert!(lines[1].get("forwarded").is_none(), "{}", lines[1]);
    assert_eq!(lines[1]["answer"]["status"], 200);
    assert!(lines[2]["forwarded"]["error"].is_string(), "{}", lines[2]);
    assert_eq!(lines[2]["handling"], "failed");
    assert_eq!(lines[2]["answer"]["status"], 500);
}

fn va_signing<'a>(access_token: &'a Secret, client_secret: &'a Secret) -> VaPaymentSigning<'a> {
    VaPaymentSigning {
        path: "/v1.0/transfer-va/payment",
        access_token,
        client_secret,
        partner_id: "CKSandbox-test",
        external_id: "418075533589",
        algorithm: VaSignatureCheck::HmacSha512,
    }
}

#[test]
fn the_snap_va_flow_issues_a_token_then_accepts_the_payment_with_it() {
    let listener = Listener::start(
        &vector_key("test_merchant_public.pem"),
        &[
            "--max-requests",
            "2",
            "--json",
            "--client-key",
            "CKSandbox-test",
            "--client-secret",
            CLIENT_SECRET,
        ],
    );
    let now = now();
    let payment = br#"{"partnerServiceId":"   12345","customerNo":"0001","virtualAccountNo":"   123450001","virtualAccountName":"Budi \/ Caf\u00e9","trxId":"INV-7","paymentRequestId":"PR-7","paidAmount":{"value":"25000.00","currency":"IDR"}}"#;
    let client_secret = Secret::new(CLIENT_SECRET);
    // Refused first: printed, not counted by --max-requests.
    let not_issued = Secret::new("not-issued");
    let forged = sign_va_payment(&va_signing(&not_issued, &client_secret), payment, &now);
    assert_eq!(
        post(&listener.url("/v1.0/transfer-va/payment"), &forged).0,
        401
    );
    let token_request = sign_merchant_token_request(&ayolinx_key(), "CKSandbox-test", &now);
    let (status, body) = post(&listener.url("/v1.0/access-token/b2b"), &token_request);
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let token = answer["accessToken"].as_str().unwrap().to_owned();
    let issued = Secret::new(token.clone());
    let sent = sign_va_payment(&va_signing(&issued, &client_secret), payment, &now);
    let (status, body) = post(&listener.url("/v1.0/transfer-va/payment"), &sent);
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with(r#"{"responseCode":"2002500","responseMessage":"Successful","virtualAccountData":{"partnerServiceId":"   12345""#), "{body}");
    let (code, lines, stderr) = listener.finish();
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(lines[0]["genuine"], false);
    assert_eq!(lines[1]["kind"], "snap_va_token");
    assert_eq!(lines[2]["kind"], "snap_va_payment");
    assert_eq!(lines[2]["reference"], "INV-7");
    assert_eq!(lines[2]["amount"]["value"], "25000.00");
    let everything = format!("{lines:?}{stderr}");
    assert!(!everything.contains(&token), "the issued token was printed");
    assert!(!everything.contains(CLIENT_SECRET));
}

#[test]
fn listen_without_a_public_key_exits_3() {
    let output = support::ayolinx(&["listen", "--port", "0", "--max-requests", "1"]);
    assert_eq!(output.status.code(), Some(3));
    assert!(support::stderr(&output).contains("--ayolinx-public-key (or AYOLINX_PUBLIC_KEY)"));
}
