//! Scheme C through the high-level verifier: the C1 vector, every single-byte change of body,
//! path, timestamp and signature, the raw-bytes rule, the window, the route, the query string,
//! the headers, and every failure on its own error.

#![allow(clippy::expect_used)] // the helper below fails loudly

mod callback_support;
mod common;

use ayolinx_proto::callback::{CallbackErrorKind, InboundRequest, Route};
use ayolinx_proto::signature::{NotBase64Reason, SignatureError};
use callback_support::{c1, signed, text, ts, vector_time, verifier};

fn kind_of(request: &InboundRequest<'_>, window: u32, now: &str) -> CallbackErrorKind {
    verifier()
        .window_seconds(window)
        .verify(request, ts(now))
        .expect_err("must be rejected")
        .kind()
        .clone()
}

#[test]
fn c1_verifies_through_the_high_level_verifier() {
    let v = c1();
    let headers = [
        ("X-TIMESTAMP", text(&v, "timestamp")),
        ("X-SIGNATURE", text(&v, "signature")),
        ("Content-Type", "application/json"),
    ];
    let request = InboundRequest::new(
        text(&v, "method"),
        text(&v, "path"),
        &headers,
        text(&v, "body").as_bytes(),
    );
    assert_eq!(
        verifier().string_to_sign(&request).unwrap(),
        text(&v, "string_to_sign")
    );
    let callback = verifier()
        .verify(&request, ts(text(&v, "timestamp")))
        .unwrap();
    assert_eq!(callback.body(), text(&v, "body").as_bytes());
    assert_eq!(callback.timestamp(), text(&v, "timestamp"));
    let notification = callback.notification().unwrap();
    assert_eq!(notification.reference(), "AYO-REF-1");
    assert_eq!(notification.original_partner_reference_no(), Some("ORD-1"));
    assert!(notification.is_paid());
    assert_eq!(notification.amount().unwrap().value.to_string(), "15000.00");
    // Our own signer reproduces the vector's signature (PKCS#1 v1.5 is deterministic).
    let ours = signed(text(&v, "path"), text(&v, "body").as_bytes());
    assert_eq!(ours.header("X-SIGNATURE"), Some(text(&v, "signature")));
}

/// The C1 request with one part replaced.
struct C1Parts {
    path: String,
    timestamp: String,
    signature: String,
    body: Vec<u8>,
}

impl C1Parts {
    fn new() -> Self {
        let v = c1();
        Self {
            path: text(&v, "path").to_owned(),
            timestamp: text(&v, "timestamp").to_owned(),
            signature: text(&v, "signature").to_owned(),
            body: text(&v, "body").as_bytes().to_vec(),
        }
    }

    fn kind(&self, window: u32) -> Option<CallbackErrorKind> {
        let headers = [
            ("X-TIMESTAMP", self.timestamp.as_str()),
            ("X-SIGNATURE", self.signature.as_str()),
        ];
        let request = InboundRequest::new("POST", &self.path, &headers, &self.body);
        verifier()
            .window_seconds(window)
            .verify(&request, vector_time())
            .err()
            .map(|e| e.kind().clone())
    }
}

#[test]
fn every_single_byte_change_of_the_body_is_rejected() {
    let original = C1Parts::new();
    assert_eq!(original.kind(3600), None);
    for i in 0..original.body.len() {
        for change in [0x01u8, 0x20, 0x80] {
            let mut parts = C1Parts::new();
            parts.body[i] ^= change;
            let kind = parts.kind(3600);
            assert!(
                matches!(kind, Some(CallbackErrorKind::BadSignature { .. })),
                "body byte {i} ^ {change:#x}: {kind:?}"
            );
        }
    }
}

#[test]
fn every_single_byte_change_of_the_path_is_rejected() {
    let len = C1Parts::new().path.len();
    for i in 0..len {
        let mut parts = C1Parts::new();
        let mut bytes = parts.path.clone().into_bytes();
        bytes[i] = if bytes[i] == b'x' { b'y' } else { b'x' };
        parts.path = String::from_utf8(bytes).unwrap();
        let kind = parts.kind(3600);
        assert!(
            matches!(kind, Some(CallbackErrorKind::BadSignature { .. })),
            "path byte {i} ({}): {kind:?}",
            parts.path
        );
    }
}

#[test]
fn every_single_byte_change_of_the_timestamp_is_rejected() {
    let len = C1Parts::new().timestamp.len();
    let mut bad_signatures = 0;
    for i in 0..len {
        let mut parts = C1Parts::new();
        let mut bytes = parts.timestamp.clone().into_bytes();
        bytes[i] = match bytes[i] {
            digit @ b'0'..=b'8' => digit + 1,
            b'9' => b'0',
            _ => b'X',
        };
        parts.timestamp = String::from_utf8(bytes).unwrap();
        // With the widest window, only the signature can catch a timestamp that still parses
        // (unless the year moved by a millennium, which not even 136 years of window covers).
        match parts.kind(u32::MAX) {
            Some(CallbackErrorKind::BadSignature { .. }) => bad_signatures += 1,
            Some(CallbackErrorKind::MalformedTimestamp { .. }) => {}
            Some(CallbackErrorKind::StaleTimestamp { skew_seconds, .. })
                if skew_seconds.unsigned_abs() > u64::from(u32::MAX) => {}
            other => panic!("timestamp {:?}: {other:?}", parts.timestamp),
        }
        // With the default window it is rejected too, whatever the reason.
        assert!(parts.kind(3600).is_some(), "{}", parts.timestamp);
    }
    assert!(
        bad_signatures >= 12,
        "only {bad_signatures} reached the signature check"
    );
}

#[test]
fn every_single_character_change_of_the_signature_is_rejected() {
    let signature = C1Parts::new().signature;
    let data_len = signature.trim_end_matches('=').len();
    for i in 0..data_len {
        let mut parts = C1Parts::new();
        let mut bytes = parts.signature.clone().into_bytes();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        parts.signature = String::from_utf8(bytes).unwrap();
        let kind = parts.kind(3600);
        assert!(
            matches!(
                kind,
                Some(CallbackErrorKind::BadSignature { .. })
                    | Some(CallbackErrorKind::MalformedSignature(
                        SignatureError::NotBase64(NotBase64Reason::NonCanonicalEnding { .. })
                    ))
            ),
            "signature character {i}: {kind:?}"
        );
    }
}

#[test]
fn a_body_reformatted_with_other_whitespace_is_rejected() {
    let mut parts = C1Parts::new();
    let value: serde_json::Value = serde_json::from_slice(&parts.body).unwrap();
    for reformatted in [
        serde_json::to_vec_pretty(&value).unwrap(),
        [parts.body.as_slice(), b"\n"].concat(),
        String::from_utf8(parts.body.clone())
            .unwrap()
            .replace(":", ": ")
            .into_bytes(),
    ] {
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&reformatted).unwrap(),
            value
        );
        parts.body = reformatted;
        assert!(matches!(
            parts.kind(3600),
            Some(CallbackErrorKind::BadSignature { .. })
        ));
    }
}

#[test]
fn the_bad_signature_error_shows_the_verified_string() {
    let sent = signed("/webhooks/ayolinx", b"{}");
    let request = InboundRequest {
        path: "/other",
        ..sent.as_inbound()
    };
    let kind = kind_of(&request, 3600, "2024-09-12T12:55:00+07:00");
    let CallbackErrorKind::BadSignature {
        string_to_sign: Some(signed_string),
    } = kind
    else {
        panic!("{kind:?}");
    };
    assert!(signed_string.starts_with("POST:/other:"), "{signed_string}");
}

#[test]
fn the_window_is_one_hour_either_side_by_default() {
    let sent = signed("/cb", b"{}");
    let request = sent.as_inbound();
    for now in ["2024-09-12T13:55:00+07:00", "2024-09-12T11:55:00+07:00"] {
        assert!(verifier().verify(&request, ts(now)).is_ok(), "{now}");
    }
    assert_eq!(
        kind_of(&request, 3600, "2024-09-12T13:55:01+07:00"),
        CallbackErrorKind::StaleTimestamp {
            skew_seconds: 3601,
            window_seconds: 3600
        }
    );
    assert_eq!(
        kind_of(&request, 3600, "2024-09-12T11:54:59+07:00"),
        CallbackErrorKind::StaleTimestamp {
            skew_seconds: -3601,
            window_seconds: 3600
        }
    );
    // The same instant written in another offset is the same instant.
    assert!(
        verifier()
            .verify(&request, ts("2024-09-12T06:55:00Z"))
            .is_ok()
    );
}

#[test]
fn a_custom_window() {
    let sent = signed("/cb", b"{}");
    let request = sent.as_inbound();
    let strict = verifier().window_seconds(60);
    assert!(
        strict
            .verify(&request, ts("2024-09-12T12:56:00+07:00"))
            .is_ok()
    );
    let error = strict
        .verify(&request, ts("2024-09-12T12:56:01+07:00"))
        .unwrap_err();
    assert_eq!(
        error.kind(),
        &CallbackErrorKind::StaleTimestamp {
            skew_seconds: 61,
            window_seconds: 60
        }
    );
    assert!(error.to_string().contains("61 s in the past"), "{error}");
    let zero = verifier().window_seconds(0);
    assert!(zero.verify(&request, vector_time()).is_ok());
}

#[test]
fn a_fixed_route_for_path_rewriting_proxies() {
    // Registered as /webhooks/ayolinx; a proxy forwards it to /internal/ayolinx.
    let sent = signed("/webhooks/ayolinx", b"{}");
    let arrived = InboundRequest {
        path: "/internal/ayolinx",
        ..sent.as_inbound()
    };
    assert!(matches!(
        verifier()
            .verify(&arrived, vector_time())
            .unwrap_err()
            .kind(),
        CallbackErrorKind::BadSignature { .. }
    ));
    let fixed = verifier().route(Route::Fixed("/webhooks/ayolinx".into()));
    assert!(fixed.verify(&arrived, vector_time()).is_ok());
    let wrong = verifier().route(Route::Fixed("/v1.0/qr/qr-mpm-notify".into()));
    assert!(wrong.verify(&sent.as_inbound(), vector_time()).is_err());
}

#[test]
fn the_query_string_is_excluded_by_default_and_can_be_included() {
    let path_signed = signed("/cb", b"{}");
    let with_query = InboundRequest {
        path: "/cb?refNo=ORD-1",
        ..path_signed.as_inbound()
    };
    assert!(verifier().verify(&with_query, vector_time()).is_ok());
    assert!(
        verifier()
            .include_query(true)
            .verify(&with_query, vector_time())
            .is_err()
    );

    let query_signed = signed("/cb?refNo=ORD-1", b"{}");
    assert!(
        verifier()
            .include_query(true)
            .verify(&query_signed.as_inbound(), vector_time())
            .is_ok()
    );
    assert!(
        verifier()
            .verify(&query_signed.as_inbound(), vector_time())
            .is_err()
    );
    // A fixed route takes the received query string when it is included.
    let fixed = verifier()
        .route(Route::Fixed("/cb".into()))
        .include_query(true);
    let rewritten = InboundRequest {
        path: "/internal?refNo=ORD-1",
        ..query_signed.as_inbound()
    };
    assert!(fixed.verify(&rewritten, vector_time()).is_ok());
}

#[test]
fn missing_headers_are_named() {
    let sent = signed("/cb", b"{}");
    let timestamp = sent.header("X-TIMESTAMP").unwrap();
    let signature = sent.header("X-SIGNATURE").unwrap();
    for (headers, missing) in [
        (vec![("X-TIMESTAMP", timestamp)], "X-SIGNATURE"),
        (vec![("X-SIGNATURE", signature)], "X-TIMESTAMP"),
        (vec![], "X-TIMESTAMP"),
    ] {
        let request = InboundRequest::new("POST", "/cb", headers.as_slice(), b"{}");
        assert_eq!(
            kind_of(&request, 3600, "2024-09-12T12:55:00+07:00"),
            CallbackErrorKind::MissingHeader { name: missing }
        );
    }
}

#[test]
fn header_names_are_case_insensitive() {
    let sent = signed("/cb", b"{}");
    let timestamp = sent.header("X-TIMESTAMP").unwrap();
    let signature = sent.header("X-SIGNATURE").unwrap();
    for (t, s) in [
        ("x-timestamp", "x-signature"),
        ("X-Timestamp", "X-Signature"),
        ("x-TiMeStAmP", "X-sIgNaTuRe"),
    ] {
        let headers = [(t, timestamp), (s, signature)];
        let request = InboundRequest::new("POST", "/cb", &headers, b"{}");
        assert!(
            verifier().verify(&request, vector_time()).is_ok(),
            "{t} {s}"
        );
    }
}

#[test]
fn a_repeated_header_is_refused() {
    let sent = signed("/cb", b"{}");
    let mut headers = sent.headers.clone();
    headers.push(("x-signature".into(), "AAAA".into()));
    let request = InboundRequest::new("POST", "/cb", &headers, b"{}");
    assert_eq!(
        kind_of(&request, 3600, "2024-09-12T12:55:00+07:00"),
        CallbackErrorKind::DuplicateHeader {
            name: "X-SIGNATURE"
        }
    );
}

#[test]
fn only_post_is_accepted() {
    let sent = signed("/cb", b"{}");
    let lower = InboundRequest {
        method: "post",
        ..sent.as_inbound()
    };
    assert!(verifier().verify(&lower, vector_time()).is_ok());
    let get = InboundRequest {
        method: "GET",
        ..sent.as_inbound()
    };
    assert_eq!(
        kind_of(&get, 3600, "2024-09-12T12:55:00+07:00"),
        CallbackErrorKind::MethodNotAllowed {
            method: "GET".into()
        }
    );
}

#[test]
fn a_malformed_timestamp_is_its_own_error() {
    let sent = signed("/cb", b"{}");
    let signature = sent.header("X-SIGNATURE").unwrap();
    for bad in [
        "12/09/2024 12:55",
        "",
        "2024-09-12T12:55:00",
        "2024-13-12T12:55:00+07:00",
    ] {
        let headers = [("X-TIMESTAMP", bad), ("X-SIGNATURE", signature)];
        let request = InboundRequest::new("POST", "/cb", &headers, b"{}");
        let kind = kind_of(&request, 3600, "2024-09-12T12:55:00+07:00");
        assert!(
            matches!(&kind, CallbackErrorKind::MalformedTimestamp { value, .. } if value == bad),
            "{bad}: {kind:?}"
        );
    }
}

#[test]
fn the_timestamp_is_signed_exactly_as_received() {
    // The same instant written differently parses, but it is not the string that was signed.
    let sent = signed("/cb", b"{}");
    let headers = [
        ("X-TIMESTAMP", "2024-09-12T05:55:00Z"),
        ("X-SIGNATURE", sent.header("X-SIGNATURE").unwrap()),
    ];
    let request = InboundRequest::new("POST", "/cb", &headers, b"{}");
    assert!(matches!(
        kind_of(&request, 3600, "2024-09-12T12:55:00+07:00"),
        CallbackErrorKind::BadSignature { .. }
    ));
}

#[test]
fn a_malformed_signature_is_its_own_error() {
    let sent = signed("/cb", b"{}");
    let timestamp = sent.header("X-TIMESTAMP").unwrap();
    let good = sent.header("X-SIGNATURE").unwrap();
    let url_safe = good.replace('+', "-").replace('/', "_");
    let truncated = &good[..100];
    let spaced = format!(" {good}");
    type Expectation = fn(&SignatureError) -> bool;
    let cases: [(&str, Expectation); 5] = [
        ("", |e| *e == SignatureError::Empty),
        ("not base64!", |e| matches!(e, SignatureError::NotBase64(_))),
        (&url_safe, |e| {
            matches!(
                e,
                SignatureError::NotBase64(NotBase64Reason::UrlSafeAlphabet { .. })
            )
        }),
        (truncated, |e| {
            matches!(e, SignatureError::WrongLength { .. })
                || matches!(e, SignatureError::NotBase64(_))
        }),
        (&spaced, |e| {
            matches!(
                e,
                SignatureError::NotBase64(NotBase64Reason::Whitespace { offset: 0 })
            )
        }),
    ];
    for (signature, expected) in cases {
        let headers = [("X-TIMESTAMP", timestamp), ("X-SIGNATURE", signature)];
        let request = InboundRequest::new("POST", "/cb", &headers, b"{}");
        let kind = kind_of(&request, 3600, "2024-09-12T12:55:00+07:00");
        match &kind {
            CallbackErrorKind::MalformedSignature(error) if expected(error) => {}
            other => panic!("{signature:?}: {other:?}"),
        }
    }
    // Unpadded standard base64 of the right signature is accepted.
    let headers = [
        ("X-TIMESTAMP", timestamp),
        ("X-SIGNATURE", good.trim_end_matches('=')),
    ];
    let request = InboundRequest::new("POST", "/cb", &headers, b"{}");
    assert!(verifier().verify(&request, vector_time()).is_ok());
}

#[test]
fn the_body_is_parsed_only_after_the_signature_holds() {
    // A forged body that is not JSON fails on the signature, not on parsing.
    let sent = signed("/cb", b"{}");
    let forged = InboundRequest {
        body: b"not json",
        ..sent.as_inbound()
    };
    assert!(matches!(
        kind_of(&forged, 3600, "2024-09-12T12:55:00+07:00"),
        CallbackErrorKind::BadSignature { .. }
    ));
    // A genuine body that is not JSON.
    let genuine = signed("/cb", b"OK\n");
    let kind = kind_of(&genuine.as_inbound(), 3600, "2024-09-12T12:55:00+07:00");
    assert!(
        matches!(
            kind,
            CallbackErrorKind::BodyNotJson {
                line: 1,
                column: 1,
                ..
            }
        ),
        "{kind:?}"
    );
    // verify_signature_only accepts any genuine body.
    assert!(
        verifier()
            .verify_signature_only(&genuine.as_inbound(), vector_time())
            .is_ok()
    );
    assert!(
        verifier()
            .verify_signature_only(&forged, vector_time())
            .is_err()
    );
}

#[test]
fn a_genuine_body_of_the_wrong_shape() {
    for (body, path) in [
        (&br#"[1,2]"#[..], "$"),
        (br#"{"latestTransactionStatus":"00"}"#, "$"),
        (br#"{"originalReferenceNo":"R"}"#, "$"),
        (br#"{"originalReferenceNo":7,"latestTransactionStatus":"00"}"#, "$.originalReferenceNo"),
        (br#"{"originalReferenceNo":"R","latestTransactionStatus":0}"#, "$.latestTransactionStatus"),
        (
            br#"{"originalReferenceNo":"R","latestTransactionStatus":"00","amount":{"currency":"IDR","value":12.5}}"#,
            "$.amount",
        ),
        (
            br#"{"originalReferenceNo":"R","latestTransactionStatus":"00","amount":"15000"}"#,
            "$.amount",
        ),
    ] {
        let sent = signed("/cb", body);
        let callback = verifier().verify(&sent.as_inbound(), vector_time()).unwrap();
        let error = callback.notification().unwrap_err();
        assert!(
            matches!(error.kind(), CallbackErrorKind::WrongShape { path: p, .. } if p == path),
            "{}: {error}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(error.acknowledgement().status, 400);
    }
}

#[test]
fn parse_reads_any_shape() {
    #[derive(serde::Deserialize)]
    struct Ping {
        ping: bool,
    }
    let sent = signed("/cb", br#"{"ping":true}"#);
    let callback = verifier()
        .verify(&sent.as_inbound(), vector_time())
        .unwrap();
    assert!(callback.parse::<Ping>().unwrap().ping);
    assert!(matches!(
        callback.parse::<Vec<u8>>().unwrap_err().kind(),
        CallbackErrorKind::WrongShape { .. }
    ));
    assert_eq!(callback.json()["ping"], serde_json::json!(true));
}
