//! The gateway's scheme B checks (`RequestVerifier`): a request the SDK signs passes, and each
//! check refuses on its own, with its SNAP case.

#![allow(clippy::unwrap_used)] // the helpers below fail loudly

use ayolinx_proto::callback::{CallbackErrorKind, InboundRequest, TokenRecord};
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::gateway::RequestVerifier;
use ayolinx_proto::signature::{hmac_sha512_base64, request_string_to_sign};
use ayolinx_proto::{Secret, Timestamp};

const PATH: &str = "/v1.0/qr/qr-mpm-generate";
const BODY: &[u8] =
    br#"{"partnerReferenceNo":"ORD-1","amount":{"value":"15000.00","currency":"IDR"}}"#;
const TIMESTAMP: &str = "2024-09-12T12:55:00+07:00";
const NOW: i64 = 1_726_120_500;
const EXTERNAL_ID: &str = "41807553358950093184";

fn verifier() -> RequestVerifier {
    RequestVerifier::new("client-key", Secret::new("client-secret"))
}

fn signature(token: &str, path: &str, body: &[u8]) -> String {
    hmac_sha512_base64(
        b"client-secret",
        request_string_to_sign("POST", path, token, body, TIMESTAMP).as_bytes(),
    )
}

fn issued(token: &str, expires_at: i64) -> TokenRecord {
    TokenRecord::new(
        Secret::new(token),
        Timestamp::from_unix(expires_at).unwrap(),
    )
}

/// The headers of a genuine request, with `change` applied: `(name, Some(value))` replaces or
/// adds a header, `(name, None)` removes it.
fn headers(change: &[(&'static str, Option<&str>)]) -> Vec<(String, String)> {
    let signed = signature("tok-1", PATH, BODY);
    let mut headers: Vec<(String, String)> = [
        ("Authorization", "Bearer tok-1"),
        ("X-TIMESTAMP", TIMESTAMP),
        ("X-SIGNATURE", signed.as_str()),
        ("X-PARTNER-ID", "client-key"),
        ("X-EXTERNAL-ID", EXTERNAL_ID),
    ]
    .iter()
    .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
    .collect();
    for (name, value) in change {
        headers.retain(|(present, _)| present != name);
        if let Some(value) = value {
            headers.push(((*name).to_owned(), (*value).to_owned()));
        }
    }
    headers
}

fn check(
    headers: &[(String, String)],
    path: &str,
    body: &[u8],
    record: Option<TokenRecord>,
) -> Result<String, CallbackErrorKind> {
    let request = InboundRequest::new("POST", path, headers, body);
    let now = Timestamp::from_unix(NOW).unwrap();
    verifier()
        .verify(&request, now, |_| record)
        .map(|verified| verified.external_id().to_owned())
}

fn refusal(change: &[(&'static str, Option<&str>)]) -> CallbackErrorKind {
    check(
        &headers(change),
        PATH,
        BODY,
        Some(issued("tok-1", NOW + 900)),
    )
    .unwrap_err()
}

#[test]
fn a_request_signed_as_the_sdk_signs_it_passes() {
    let passed = check(&headers(&[]), PATH, BODY, Some(issued("tok-1", NOW + 900)));
    assert_eq!(passed.unwrap(), EXTERNAL_ID);
}

#[test]
fn the_bearer_token_must_be_one_issued_and_unexpired() {
    let genuine = headers(&[]);
    assert_eq!(
        check(&genuine, PATH, BODY, None).unwrap_err(),
        CallbackErrorKind::UnknownToken
    );
    // A record found under the key, but for another token.
    assert_eq!(
        check(&genuine, PATH, BODY, Some(issued("tok-2", NOW + 900))).unwrap_err(),
        CallbackErrorKind::UnknownToken
    );
    assert_eq!(
        check(&genuine, PATH, BODY, Some(issued("tok-1", NOW - 5))).unwrap_err(),
        CallbackErrorKind::ExpiredToken {
            expired_seconds_ago: 5
        }
    );
    assert_eq!(
        refusal(&[("Authorization", None)]),
        CallbackErrorKind::MissingBearer
    );
    assert_eq!(
        refusal(&[("Authorization", Some("Basic tok-1"))]),
        CallbackErrorKind::MalformedAuthorization
    );
    assert_eq!(
        CallbackErrorKind::UnknownToken.snap_case(),
        SnapCase::InvalidToken
    );
}

#[test]
fn every_mandatory_header_is_named_when_missing() {
    for name in [
        "X-TIMESTAMP",
        "X-SIGNATURE",
        "X-PARTNER-ID",
        "X-EXTERNAL-ID",
    ] {
        let refused = refusal(&[(name, None)]);
        assert_eq!(refused, CallbackErrorKind::MissingHeader { name }, "{name}");
        assert_eq!(refused.snap_case(), SnapCase::InvalidMandatoryField);
    }
}

#[test]
fn partner_id_window_and_external_id_are_checked() {
    let refused = refusal(&[("X-PARTNER-ID", Some("other-key"))]);
    assert_eq!(refused, CallbackErrorKind::PartnerIdMismatch);
    assert_eq!(refused.snap_case(), SnapCase::Unauthorized);
    assert!(!refused.to_string().contains("other-key"), "{refused}");

    let stale = refusal(&[("X-TIMESTAMP", Some("2024-09-12T10:55:00+07:00"))]);
    assert!(
        matches!(
            stale,
            CallbackErrorKind::StaleTimestamp {
                skew_seconds: 7200,
                window_seconds: 3600
            }
        ),
        "{stale:?}"
    );
    let malformed = refusal(&[("X-TIMESTAMP", Some("yesterday"))]);
    assert!(matches!(
        malformed,
        CallbackErrorKind::MalformedTimestamp { .. }
    ));

    let refused = refusal(&[("X-EXTERNAL-ID", Some("12ab"))]);
    assert!(
        matches!(refused, CallbackErrorKind::MalformedExternalId(_)),
        "{refused:?}"
    );
    assert_eq!(refused.snap_case(), SnapCase::InvalidFieldFormat);
}

#[test]
fn the_signature_covers_the_token_the_path_and_the_raw_body_bytes() {
    let record = || Some(issued("tok-1", NOW + 900));
    let genuine = headers(&[]);
    let bad = |refused: CallbackErrorKind| {
        assert_eq!(
            refused,
            CallbackErrorKind::BadSignature {
                string_to_sign: None
            }
        );
        assert_eq!(refused.snap_case(), SnapCase::Unauthorized);
    };
    // The same JSON value with a space: other bytes, so another hash.
    let respaced =
        br#"{"partnerReferenceNo":"ORD-1", "amount":{"value":"15000.00","currency":"IDR"}}"#;
    bad(check(&genuine, PATH, respaced, record()).unwrap_err());
    bad(check(&genuine, "/v1.0/qr/qr-mpm-query", BODY, record()).unwrap_err());
    // Signed with another (issued) token than the one it presents.
    let other = signature("tok-2", PATH, BODY);
    let swapped = headers(&[("X-SIGNATURE", Some(other.as_str()))]);
    bad(check(&swapped, PATH, BODY, record()).unwrap_err());
    let refused = refusal(&[("X-SIGNATURE", Some("not base64!"))]);
    assert!(matches!(refused, CallbackErrorKind::MalformedSignature(_)));
}

#[test]
fn debug_never_shows_the_client_secret() {
    let shown = format!("{:?}", verifier().window_seconds(300));
    assert!(!shown.contains("client-secret"), "{shown}");
    assert!(
        shown.contains("client-key") && shown.contains("300"),
        "{shown}"
    );
}
