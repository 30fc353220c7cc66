//! The merchant's app (the ayolinx-axum router nested under `/webhooks`, the payment guard in its
//! handler) over real loopback HTTP, fed requests signed the way Ayolinx signs them.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;
#[path = "../../ayolinx-sandbox/tests/slow_check/mod.rs"]
mod slow_check;

use ayolinx_proto::callback::VaSignatureCheck;
use ayolinx_proto::callback::sign::{
    VaPaymentSigning, sign_callback, sign_merchant_token_request, sign_va_payment,
};
use ayolinx_proto::guard::{ExpectedPayment, Recorded, Refusal};
use ayolinx_proto::{Amount, Money, Secret};
use ayolinx_tests::merchant::{MOUNT, Merchant, MerchantServer};
use common::{now, post, test_key};

const CLIENT_KEY: &str = "CK-merchant-test";
const CLIENT_SECRET: &str = "SK-merchant-test-secret";

fn start() -> MerchantServer {
    let merchant = Merchant::new(
        test_key().public_key(),
        CLIENT_KEY,
        Secret::new(CLIENT_SECRET),
    );
    merchant.expect(ExpectedPayment::new("ORD-1", idr(15_000)));
    merchant.expect(ExpectedPayment::new("ORD-2", idr(20_000)).reference_no("AYO-2"));
    MerchantServer::start("127.0.0.1:0".parse().unwrap(), merchant).unwrap()
}

fn idr(rupiah: u64) -> Money {
    Money::idr(Amount::from_rupiah(rupiah).unwrap())
}

/// Posts `body`, signed as Ayolinx signs callbacks, to the merchant's notify path.
fn notify(server: &MerchantServer, body: &str) -> (u16, String) {
    let signed = sign_callback(&test_key(), "/webhooks/ayolinx", body.as_bytes(), &now());
    let url = format!("{}/webhooks/ayolinx", server.base_url());
    post(&url, &signed.headers, &signed.body)
}

const OK: &str = r#"{"responseCode":"2005600","responseMessage":"Successful"}"#;

#[test]
fn a_signed_notification_is_stored_once_and_a_forged_one_refused() {
    let server = start();
    let body = br#"{"originalReferenceNo":"AYO-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"}}"#;
    let signed = sign_callback(&test_key(), "/webhooks/ayolinx", body, &now());
    let url = format!("{}/webhooks/ayolinx", server.base_url());
    for _ in 0..2 {
        let (status, answer) = post(&url, &signed.headers, &signed.body);
        assert_eq!(status, 200);
        assert_eq!(
            answer,
            r#"{"responseCode":"2005600","responseMessage":"Successful"}"#
        );
    }
    let stored = server.merchant().notifications();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].original_partner_reference_no(), Some("ORD-1"));
    assert!(stored[0].is_paid());

    // Signed for the path the nested router sees (the mount stripped), not the one Ayolinx
    // calls: refused, nothing stored.
    let stripped = sign_callback(&test_key(), "/ayolinx", body, &now());
    let (status, answer) = post(&url, &stripped.headers, &stripped.body);
    assert_eq!(status, 401);
    assert!(answer.contains("4015600"), "{answer}");
    // One byte changed in the body: refused.
    let mut tampered = signed.body.clone();
    tampered[20] ^= 1;
    assert_eq!(post(&url, &signed.headers, &tampered).0, 401);
    assert_eq!(server.merchant().notifications().len(), 1);
}

#[test]
fn the_guard_refuses_genuine_notifications_that_contradict_the_order() {
    let server = start();
    // Underpaid: genuine, acknowledged (it was processed), nothing fulfilled.
    let underpaid = r#"{"originalReferenceNo":"AYO-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"1.00"}}"#;
    assert_eq!(notify(&server, underpaid), (200, OK.to_owned()));
    assert_eq!(server.merchant().recorded("ORD-1"), Some(Recorded::Open));
    assert!(server.merchant().notifications().is_empty());
    // Another merchant's genuine callback for the same order id and amount, replayed here: the
    // reference Ayolinx returned at create tells it apart.
    let replayed = r#"{"originalReferenceNo":"AYO-OF-B","originalPartnerReferenceNo":"ORD-2","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"20000.00"}}"#;
    assert_eq!(notify(&server, replayed).0, 200);
    assert_eq!(server.merchant().recorded("ORD-2"), Some(Recorded::Open));
    // The genuine success, then a failure after it.
    let paid = r#"{"originalReferenceNo":"AYO-2","originalPartnerReferenceNo":"ORD-2","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"20000"}}"#;
    assert_eq!(notify(&server, paid), (200, OK.to_owned()));
    assert_eq!(
        server.merchant().recorded("ORD-2"),
        Some(Recorded::Fulfilled)
    );
    let failed = r#"{"originalReferenceNo":"AYO-2","originalPartnerReferenceNo":"ORD-2","latestTransactionStatus":"06","amount":{"currency":"IDR","value":"20000.00"}}"#;
    assert_eq!(notify(&server, failed).0, 200);
    assert_eq!(
        server.merchant().recorded("ORD-2"),
        Some(Recorded::Fulfilled)
    );
    let fields: Vec<_> = server
        .merchant()
        .refusals()
        .iter()
        .map(|(_, refusal)| refusal.field())
        .collect();
    assert_eq!(
        fields,
        [
            "amount.value",
            "originalReferenceNo",
            "latestTransactionStatus"
        ]
    );
    assert!(matches!(
        server.merchant().refusals()[2].1,
        Refusal::ChangeAfterSuccess { .. }
    ));
    assert_eq!(server.merchant().notifications().len(), 1);
    // An order this merchant does not know (yet): the handler fails, so ayolinx-axum answers
    // 500, releases the claim, and Ayolinx retries.
    let unknown = r#"{"originalReferenceNo":"AYO-9","originalPartnerReferenceNo":"ORD-9","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"1.00"}}"#;
    let general_error = (
        500,
        r#"{"responseCode":"5005600","responseMessage":"General Error"}"#.to_owned(),
    );
    assert_eq!(notify(&server, unknown), general_error);
    assert_eq!(
        notify(&server, unknown),
        general_error,
        "retried, not replayed"
    );
    assert!(
        server
            .merchant()
            .verdicts()
            .iter()
            .all(|(id, _)| id != "ORD-9")
    );
}

#[test]
fn the_snap_va_token_then_payment_flow_is_verified_and_acknowledged() {
    let server = start();
    let token_request = sign_merchant_token_request(&test_key(), CLIENT_KEY, &now());
    let (status, answer) = post(
        &format!("{}{MOUNT}/v1.0/access-token/b2b", server.base_url()),
        &token_request.headers,
        &token_request.body,
    );
    assert_eq!(status, 200, "{answer}");
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["responseCode"], "2007300");
    let token = Secret::new(answer["accessToken"].as_str().unwrap());

    let body = br#"{"partnerServiceId":"   12345","customerNo":"0001","virtualAccountNo":"   123450001","trxId":"INV-1","paidAmount":{"value":"10000.00","currency":"IDR"}}"#;
    let client_secret = Secret::new(CLIENT_SECRET);
    let signing = VaPaymentSigning {
        path: "/webhooks/v1.0/transfer-va/payment",
        access_token: &token,
        client_secret: &client_secret,
        partner_id: CLIENT_KEY,
        external_id: "1234567890",
        algorithm: VaSignatureCheck::HmacSha512,
    };
    let payment = sign_va_payment(&signing, body, &now());
    let url = format!("{}{MOUNT}/v1.0/transfer-va/payment", server.base_url());
    let (status, answer) = post(&url, &payment.headers, &payment.body);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.starts_with(r#"{"responseCode":"2002500","responseMessage":"Successful","virtualAccountData":{"partnerServiceId":"   12345""#), "{answer}");
    assert_eq!(server.merchant().va_payments().len(), 1);

    // A token the merchant never issued: refused.
    let forged = Secret::new("f".repeat(64));
    let signing = VaPaymentSigning {
        access_token: &forged,
        ..signing
    };
    let payment = sign_va_payment(&signing, body, &now());
    let (status, _) = post(&url, &payment.headers, &payment.body);
    assert_eq!(status, 401);
    // A token request signed by another key: refused.
    let other = ayolinx_proto::PrivateKey::from_pem(include_str!(
        "../../ayolinx-proto/tests/fixtures/keys/rsa8192_pkcs8.pem"
    ))
    .unwrap();
    let request = sign_merchant_token_request(&other, CLIENT_KEY, &now());
    let token_url = format!("{}{MOUNT}/v1.0/access-token/b2b", server.base_url());
    assert_eq!(post(&token_url, &request.headers, &request.body).0, 401);
}

#[test]
fn slow_clients_are_closed_and_a_genuine_notification_still_arrives() {
    let server = start();
    let addr = server
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    slow_check::check(addr, "/webhooks/ayolinx", || {
        let body = br#"{"originalReferenceNo":"AYO-2","originalPartnerReferenceNo":"ORD-2","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"20000.00"}}"#;
        let signed = sign_callback(&test_key(), "/webhooks/ayolinx", body, &now());
        let url = format!("{}/webhooks/ayolinx", server.base_url());
        assert_eq!(post(&url, &signed.headers, &signed.body).0, 200);
    });
}
