//! What the mutation passes over `callback/verify.rs` and `callback/headers.rs` found unchecked:
//! the exact `Debug` text of `Headers`, `InboundRequest`, `CallbackVerifier` and
//! `VerifiedCallback` (where the redaction of `Authorization` and of the signature lives), and
//! `VerifiedCallback`'s `PartialEq` both ways; and (the `error` pass) the source of the errors of
//! malformed headers.

#![allow(clippy::unwrap_used)] // a failed step is a failed test

mod callback_support;
mod common;

use ayolinx_proto::callback::sign::sign_callback;
use ayolinx_proto::callback::{CallbackVerifier, Headers, InboundRequest, Route};
use callback_support::{ayolinx_private_key, signed, vector_time, verifier};

const BODY: &str = r#"{"originalReferenceNo":"AYO-REF-1","latestTransactionStatus":"00"}"#;

#[test]
fn headers_debug_lists_every_pair_and_hides_only_the_authorization_value() {
    let pairs = [
        ("X-TIMESTAMP", "2024-09-12T12:55:00+07:00"),
        ("authorization", "Bearer secret-token"),
        ("X-Partner-Id", "M-1"),
    ];
    assert_eq!(
        format!("{:?}", Headers::from(&pairs)),
        r#"[("X-TIMESTAMP", "2024-09-12T12:55:00+07:00"), ("authorization", "[REDACTED]"), ("X-Partner-Id", "M-1")]"#
    );
    let owned = vec![
        ("AUTHORIZATION".to_owned(), "Bearer secret-token".to_owned()),
        ("Content-Type".to_owned(), "application/json".to_owned()),
    ];
    assert_eq!(
        format!("{:?}", Headers::from(&owned)),
        r#"[("AUTHORIZATION", "[REDACTED]"), ("Content-Type", "application/json")]"#
    );
}

#[test]
fn headers_from_every_kind_of_slice_find_their_values() {
    let array = [("X-Signature", "c2ln")];
    let owned = vec![("X-Signature".to_owned(), "c2ln".to_owned())];
    for headers in [
        Headers::from(&array),
        Headers::from(&array[..]),
        Headers::from(&owned),
        Headers::from(&owned[..]),
    ] {
        assert_eq!(headers.get("x-signature"), Some("c2ln"));
        assert_eq!(headers.get("X-TIMESTAMP"), None);
    }
}

#[test]
fn inbound_request_debug_shows_the_body_length_never_the_body() {
    let headers = [
        ("X-TIMESTAMP", "2024-09-12T12:55:00+07:00"),
        ("Authorization", "Bearer t"),
    ];
    let request = InboundRequest::new("POST", "/cb?refNo=1", &headers, BODY.as_bytes());
    assert_eq!(
        format!("{request:?}"),
        format!(
            r#"InboundRequest {{ method: "POST", path: "/cb?refNo=1", headers: [("X-TIMESTAMP", "2024-09-12T12:55:00+07:00"), ("Authorization", "[REDACTED]")], body_len: {} }}"#,
            BODY.len()
        )
    );
}

#[test]
fn callback_verifier_debug_shows_its_settings_not_its_key() {
    assert_eq!(
        format!("{:?}", verifier()),
        "CallbackVerifier { window_seconds: 3600, route: Received, include_query: false, .. }"
    );
    let configured = verifier()
        .window_seconds(90)
        .route(Route::Fixed("/webhooks/ayolinx".into()))
        .include_query(true);
    assert_eq!(
        format!("{configured:?}"),
        r#"CallbackVerifier { window_seconds: 90, route: Fixed("/webhooks/ayolinx"), include_query: true, .. }"#
    );
}

#[test]
fn verified_callback_debug_shows_the_body_and_timestamp() {
    let sent = signed("/cb", BODY.as_bytes());
    let callback = verifier()
        .verify(&sent.as_inbound(), vector_time())
        .unwrap();
    assert_eq!(
        format!("{callback:?}"),
        format!(
            "VerifiedCallback {{ body: {BODY:?}, timestamp: \"{}\", .. }}",
            callback.timestamp()
        )
    );
}

#[test]
fn verified_callbacks_are_equal_exactly_when_body_and_timestamp_are() {
    let verify = |body: &str, at_seconds: i64| {
        let at = vector_time().add_seconds(at_seconds).unwrap();
        let sent = sign_callback(&ayolinx_private_key(), "/cb", body.as_bytes(), &at);
        CallbackVerifier::new(callback_support::ayolinx_public_key())
            .verify(&sent.as_inbound(), vector_time())
            .unwrap()
    };
    let callback = verify(BODY, 0);
    assert_eq!(callback, verify(BODY, 0));
    assert_eq!(callback, callback.clone());
    let other_body = BODY.replace("\"00\"", "\"06\"");
    assert_ne!(callback, verify(&other_body, 0));
    assert_ne!(verify(&other_body, 0), callback);
    assert_ne!(callback, verify(BODY, 60));
    assert_ne!(verify(BODY, 60), callback);
}

#[test]
fn malformed_headers_keep_their_reason_as_the_source() {
    use ayolinx_proto::callback::CallbackErrorKind;
    use ayolinx_proto::signature::SignatureError;
    use ayolinx_proto::{ExternalId, Timestamp};
    use std::error::Error as _;
    let timestamp = Timestamp::parse("yesterday").unwrap_err();
    let external_id = ExternalId::new("").unwrap_err();
    let kinds = [
        (
            timestamp.to_string(),
            CallbackErrorKind::MalformedTimestamp {
                value: "yesterday".to_owned(),
                reason: timestamp,
            },
        ),
        (
            SignatureError::Empty.to_string(),
            CallbackErrorKind::MalformedSignature(SignatureError::Empty),
        ),
        (
            external_id.to_string(),
            CallbackErrorKind::MalformedExternalId(external_id),
        ),
    ];
    for (reason, kind) in kinds {
        assert_eq!(
            kind.source().map(ToString::to_string),
            Some(reason),
            "{kind:?}"
        );
    }
    assert!(
        CallbackErrorKind::MissingHeader {
            name: "X-TIMESTAMP"
        }
        .source()
        .is_none()
    );
    // A whole error's source is its kind's.
    let sent = signed("/cb", BODY.as_bytes());
    let headers = [("X-TIMESTAMP", "yesterday"), ("X-SIGNATURE", "c2ln")];
    let request = InboundRequest {
        headers: Headers::from(&headers),
        ..sent.as_inbound()
    };
    let error = verifier().verify(&request, vector_time()).unwrap_err();
    assert!(matches!(
        error.kind(),
        CallbackErrorKind::MalformedTimestamp { .. }
    ));
    assert_eq!(
        error.source().map(ToString::to_string),
        Some(Timestamp::parse("yesterday").unwrap_err().to_string())
    );
}
