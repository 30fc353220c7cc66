//! What a trial mutation pass over `callback/merchant_token.rs`, `va_verify.rs` and `sign.rs`
//! found unchecked: the exact `Debug` of `TokenEndpoint`, `VaPaymentVerifier` and
//! `SignedRequest` (where the client key, the client secret and the bearer token are hidden),
//! and the exact value of `token_lookup_key` (the SHA-256 a store files issued tokens under).

#![allow(clippy::unwrap_used)] // a failed step is a failed test

mod callback_support;
mod common;

use ayolinx_proto::callback::sign::{VaPaymentSigning, sign_va_payment};
use ayolinx_proto::callback::{
    TokenEndpoint, VaPaymentVerifier, VaSignatureCheck, token_lookup_key,
};
use ayolinx_proto::{Secret, Timestamp};
use callback_support::ayolinx_public_key;

#[test]
fn token_endpoint_debug_shows_its_settings_never_the_client_key() {
    let endpoint =
        TokenEndpoint::new(ayolinx_public_key(), Secret::new("CK-merchant-1")).window_seconds(300);
    let shown = format!("{endpoint:?}");
    assert_eq!(
        shown,
        "TokenEndpoint { client_key: Secret([REDACTED]), window_seconds: 300, lifetime_seconds: 900, .. }"
    );
}

#[test]
fn va_payment_verifier_debug_shows_its_settings_never_the_client_secret() {
    let verifier = VaPaymentVerifier::new(Secret::new("client-secret-1"))
        .signature_check(VaSignatureCheck::HmacSha256)
        .window_seconds(120);
    assert_eq!(
        format!("{verifier:?}"),
        "VaPaymentVerifier { client_secret: Secret([REDACTED]), signature_check: HmacSha256, window_seconds: 120, route: Received }"
    );
}

#[test]
fn signed_request_debug_shows_path_headers_and_body_but_not_the_bearer_token() {
    let token = Secret::new("issued-token-1");
    let secret = Secret::new("client-secret-1");
    let signing = VaPaymentSigning {
        path: "/v1.0/transfer-va/payment",
        access_token: &token,
        client_secret: &secret,
        partner_id: "CK-1",
        external_id: "123",
        algorithm: VaSignatureCheck::Off,
    };
    let sent = sign_va_payment(
        &signing,
        br#"{"trxId":"T-1"}"#,
        &Timestamp::from_unix(1_726_120_500).unwrap(),
    );
    let shown = format!("{sent:?}");
    assert!(!shown.contains("issued-token-1"), "{shown}");
    assert!(!shown.contains("client-secret-1"), "{shown}");
    assert!(
        shown.starts_with(r#"SignedRequest { path: "/v1.0/transfer-va/payment", headers: ["#),
        "{shown}"
    );
    assert!(
        shown.contains(r#"("Authorization", "[REDACTED]")"#),
        "{shown}"
    );
    assert!(
        shown.contains(r#"("X-TIMESTAMP", "2024-09-12T12:55:00+07:00")"#),
        "{shown}"
    );
    assert!(
        shown.ends_with(r#"body: "{\"trxId\":\"T-1\"}" }"#),
        "{shown}"
    );
}

#[test]
fn token_lookup_key_is_the_lowercase_sha256_hex_of_the_token() {
    // FIPS 180-2's "abc" and the empty message.
    assert_eq!(
        token_lookup_key("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        token_lookup_key(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}
