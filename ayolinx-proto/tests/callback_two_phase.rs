//! Two-phase verification (`begin`, the host's RSA verdict, `finish`): what `begin` hands the
//! host, that each verdict ends exactly as the one-call `verify` does, and that every check but
//! the RSA one happens in `begin`.

mod callback_support;
mod common;

use ayolinx_proto::callback::{CallbackErrorKind, InboundRequest};
use ayolinx_proto::signature::SignatureError;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use callback_support::{ayolinx_public_key, c1, signed, text, ts, vector_time, verifier};

#[test]
fn begin_hands_over_the_c1_string_to_sign_and_the_decoded_signature() {
    let v = c1();
    let headers = [
        ("X-TIMESTAMP", text(&v, "timestamp")),
        ("X-SIGNATURE", text(&v, "signature")),
    ];
    let request = InboundRequest::new(
        text(&v, "method"),
        text(&v, "path"),
        &headers,
        text(&v, "body").as_bytes(),
    );
    let pending = verifier()
        .begin(&request, ts(text(&v, "timestamp")))
        .unwrap();
    assert_eq!(pending.string_to_sign(), text(&v, "string_to_sign"));
    assert_eq!(
        pending.signature(),
        STANDARD.decode(text(&v, "signature")).unwrap()
    );
    assert!(format!("{pending:?}").contains(text(&v, "string_to_sign")));
    // The host's verdict, here the key's own.
    assert_eq!(
        ayolinx_public_key().verify(pending.string_to_sign().as_bytes(), pending.signature()),
        Ok(())
    );
    let callback = pending.finish(true).unwrap();
    assert_eq!(
        Some(callback),
        verifier().verify(&request, ts(text(&v, "timestamp"))).ok()
    );
}

#[test]
fn a_refused_verdict_is_the_mismatch_error_of_verify() {
    let sent = signed("/webhooks/ayolinx", b"{}");
    let forged = InboundRequest {
        path: "/other",
        ..sent.as_inbound()
    };
    // `begin` does not check the signature itself, so a forged request passes it.
    let pending = verifier().begin(&forged, vector_time()).unwrap();
    assert_eq!(
        ayolinx_public_key().verify(pending.string_to_sign().as_bytes(), pending.signature()),
        Err(SignatureError::Mismatch)
    );
    let refused = pending.finish(false).unwrap_err();
    let one_call = verifier().verify(&forged, vector_time()).unwrap_err();
    assert_eq!(refused, one_call);
    let CallbackErrorKind::BadSignature {
        string_to_sign: Some(signed_string),
    } = refused.kind()
    else {
        panic!("{refused:?}");
    };
    assert!(signed_string.starts_with("POST:/other:"), "{signed_string}");
    let refused_only = verifier()
        .begin(&forged, vector_time())
        .unwrap()
        .finish_signature_only(false)
        .unwrap_err();
    assert_eq!(
        refused_only,
        verifier()
            .verify_signature_only(&forged, vector_time())
            .unwrap_err()
    );
}

#[test]
fn a_genuine_verdict_reads_the_body_only_in_finish() {
    let genuine = signed("/cb", b"OK\n");
    let request = genuine.as_inbound();
    let kind = verifier()
        .begin(&request, vector_time())
        .unwrap()
        .finish(true)
        .unwrap_err()
        .kind()
        .clone();
    assert!(
        matches!(kind, CallbackErrorKind::BodyNotJson { line: 1, .. }),
        "{kind:?}"
    );
    assert_eq!(
        verifier()
            .begin(&request, vector_time())
            .unwrap()
            .finish_signature_only(true),
        Ok(())
    );
}

/// A method, the headers and `now`.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

#[test]
fn begin_refuses_exactly_what_verify_refuses_before_the_signature() {
    let sent = signed("/cb", b"{}");
    let timestamp = sent.header("X-TIMESTAMP").unwrap();
    let good = sent.header("X-SIGNATURE").unwrap();
    let short = STANDARD.encode(&STANDARD.decode(good).unwrap()[1..]);
    let cases: Vec<Case<'_>> = vec![
        (
            "GET",
            vec![("X-TIMESTAMP", timestamp), ("X-SIGNATURE", good)],
            "2024-09-12T12:55:00+07:00",
        ),
        (
            "POST",
            vec![("X-SIGNATURE", good)],
            "2024-09-12T12:55:00+07:00",
        ),
        (
            "POST",
            vec![("X-TIMESTAMP", timestamp)],
            "2024-09-12T12:55:00+07:00",
        ),
        (
            "POST",
            vec![("X-TIMESTAMP", "yesterday"), ("X-SIGNATURE", good)],
            "2024-09-12T12:55:00+07:00",
        ),
        (
            "POST",
            vec![("X-TIMESTAMP", timestamp), ("X-SIGNATURE", good)],
            "2024-09-12T14:55:01+07:00",
        ),
        (
            "POST",
            vec![("X-TIMESTAMP", timestamp), ("X-SIGNATURE", "not base64!")],
            "2024-09-12T12:55:00+07:00",
        ),
        (
            "POST",
            vec![("X-TIMESTAMP", timestamp), ("X-SIGNATURE", &short)],
            "2024-09-12T12:55:00+07:00",
        ),
        (
            "POST",
            vec![
                ("X-TIMESTAMP", timestamp),
                ("X-TIMESTAMP", timestamp),
                ("X-SIGNATURE", good),
            ],
            "2024-09-12T12:55:00+07:00",
        ),
    ];
    for (method, headers, now) in cases {
        let request = InboundRequest::new(method, "/cb", headers.as_slice(), b"{}");
        let begun = verifier().begin(&request, ts(now)).unwrap_err();
        assert_eq!(
            begun,
            verifier().verify(&request, ts(now)).unwrap_err(),
            "{method} {headers:?}"
        );
        assert!(
            !matches!(begun.kind(), CallbackErrorKind::BadSignature { .. }),
            "{begun:?}"
        );
    }
    // The length is checked against the key in `begin`.
    let headers = [("X-TIMESTAMP", timestamp), ("X-SIGNATURE", short.as_str())];
    let request = InboundRequest::new("POST", "/cb", &headers, b"{}");
    assert_eq!(
        verifier()
            .begin(&request, vector_time())
            .unwrap_err()
            .kind(),
        &CallbackErrorKind::MalformedSignature(SignatureError::WrongLength {
            expected: 256,
            actual: 255
        })
    );
}

#[test]
fn the_key_verifies_raw_signature_bytes_of_its_own_length_only() {
    let sent = signed("/cb", b"{}");
    let pending = verifier().begin(&sent.as_inbound(), vector_time()).unwrap();
    let key = ayolinx_public_key();
    let message = pending.string_to_sign().as_bytes();
    assert_eq!(key.verify(message, pending.signature()), Ok(()));
    let mut longer = pending.signature().to_vec();
    longer.push(0);
    assert_eq!(
        key.verify(message, &longer),
        Err(SignatureError::WrongLength {
            expected: 256,
            actual: 257
        })
    );
    let mut flipped = pending.signature().to_vec();
    flipped[17] ^= 1;
    assert_eq!(key.verify(message, &flipped), Err(SignatureError::Mismatch));
}
