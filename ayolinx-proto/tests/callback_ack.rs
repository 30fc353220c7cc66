//! Acknowledgement bodies pinned byte for byte, the answer of every error, and no secret or token
//! in the `Debug` or `Display` of any error or configuration value.

#![allow(clippy::unwrap_used)] // helpers below fail loudly

mod callback_support;
mod common;

use ayolinx_proto::callback::sign::{VaPaymentSigning, sign_va_payment};
use ayolinx_proto::callback::{
    CallbackError, Endpoint, InboundRequest, Outcome, TokenEndpoint, TokenRecord,
    VaPaymentVerifier, VaSignatureCheck, ack, token_lookup_key,
};
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::{Secret, Timestamp};
use callback_support::{ayolinx_public_key, signed, ts, vector_time, verifier};

const CLIENT_KEY: &str = "CKSandbox-5ecre7-c1ient-key";
const CLIENT_SECRET: &str = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
const TOKEN: &str = "7bd8be52a84cc95155756773cf34eade";

#[test]
fn notify_acknowledgements_are_exact() {
    for (answer, status, body) in [
        (
            ack::notify_received(),
            200,
            r#"{"responseCode":"2005600","responseMessage":"Successful"}"#,
        ),
        (
            ack::notify(Outcome::Stored),
            200,
            r#"{"responseCode":"2005600","responseMessage":"Successful"}"#,
        ),
        (
            ack::notify(Outcome::AlreadyProcessed),
            200,
            r#"{"responseCode":"2005600","responseMessage":"Successful"}"#,
        ),
        (
            ack::notify(Outcome::CouldNotStore),
            500,
            r#"{"responseCode":"5005600","responseMessage":"General Error"}"#,
        ),
        (
            ack::retry_later(),
            500,
            r#"{"responseCode":"5005600","responseMessage":"General Error"}"#,
        ),
        (
            ack::snap_answer(SnapCase::Unauthorized, Endpoint::Notify),
            401,
            r#"{"responseCode":"4015600","responseMessage":"Unauthorized"}"#,
        ),
        (
            ack::snap_answer(SnapCase::BadRequest, Endpoint::Notify),
            400,
            r#"{"responseCode":"4005600","responseMessage":"Bad Request"}"#,
        ),
    ] {
        assert_eq!(answer.status, status);
        assert_eq!(answer.content_type, "application/json");
        assert_eq!(answer.body, body.as_bytes());
        assert_eq!(answer.is_success(), status == 200);
    }
}

#[test]
fn could_not_store_is_never_a_success() {
    assert!(!ack::notify(Outcome::CouldNotStore).is_success());
    let payment = ayolinx_proto::callback::VaPayment::from_json_bytes(br#"{"trxId":"T"}"#).unwrap();
    assert!(!ack::va_payment(&payment, Outcome::CouldNotStore).is_success());
}

/// One error of every kind, made through the public API.
fn every_error() -> Vec<CallbackError> {
    let now = vector_time();
    let sent = signed("/cb", b"{}");
    let timestamp = sent.header("X-TIMESTAMP").unwrap();
    let signature = sent.header("X-SIGNATURE").unwrap();
    let notify = |method: &str, headers: &[(&str, &str)], body: &[u8], at: Timestamp| {
        verifier()
            .verify(&InboundRequest::new(method, "/cb", headers, body), at)
            .unwrap_err()
    };
    let genuine_not_json = signed("/cb", b"<xml/>");
    let genuine_wrong_shape = signed("/cb", b"[]");
    let mut errors = vec![
        notify(
            "GET",
            &[("X-TIMESTAMP", timestamp), ("X-SIGNATURE", signature)],
            b"{}",
            now,
        ),
        notify("POST", &[("X-TIMESTAMP", timestamp)], b"{}", now),
        notify(
            "POST",
            &[
                ("X-TIMESTAMP", timestamp),
                ("X-TIMESTAMP", timestamp),
                ("X-SIGNATURE", signature),
            ],
            b"{}",
            now,
        ),
        notify(
            "POST",
            &[("X-TIMESTAMP", "yesterday"), ("X-SIGNATURE", signature)],
            b"{}",
            now,
        ),
        notify(
            "POST",
            &[("X-TIMESTAMP", timestamp), ("X-SIGNATURE", signature)],
            b"{}",
            ts("2024-09-13T12:55:00+07:00"),
        ),
        notify(
            "POST",
            &[("X-TIMESTAMP", timestamp), ("X-SIGNATURE", "%%%")],
            b"{}",
            now,
        ),
        notify(
            "POST",
            &[("X-TIMESTAMP", timestamp), ("X-SIGNATURE", signature)],
            b"{ }",
            now,
        ),
        verifier()
            .verify(&genuine_not_json.as_inbound(), now)
            .unwrap_err(),
        verifier()
            .verify(&genuine_wrong_shape.as_inbound(), now)
            .unwrap()
            .notification()
            .unwrap_err(),
    ];
    // Scheme D.
    let endpoint = TokenEndpoint::new(ayolinx_public_key(), CLIENT_KEY);
    let token_request = ayolinx_proto::callback::sign::sign_merchant_token_request(
        &callback_support::ayolinx_private_key(),
        "CKSandbox-not-configured",
        &now,
    );
    errors.push(
        endpoint
            .verify(&token_request.as_inbound(), now)
            .unwrap_err(),
    );
    let va = |authorization: Option<&str>, lookup: Option<TokenRecord>| {
        let mut headers = vec![("X-TIMESTAMP", timestamp)];
        headers.extend(authorization.map(|value| ("Authorization", value)));
        VaPaymentVerifier::new(Secret::new(CLIENT_SECRET))
            .verify(
                &InboundRequest::new("POST", "/va", headers.as_slice(), b"{}"),
                now,
                |_| lookup,
            )
            .unwrap_err()
    };
    let bearer = format!("Bearer {TOKEN}");
    errors.push(va(None, None));
    errors.push(va(Some(TOKEN), None));
    errors.push(va(Some(&bearer), None));
    errors.push(va(
        Some(&bearer),
        Some(TokenRecord::new(
            Secret::new(TOKEN),
            ts("2024-09-12T12:00:00+07:00"),
        )),
    ));
    errors
}

#[test]
fn every_error_kind_has_its_answer() {
    let answers: Vec<_> = every_error()
        .iter()
        .map(|error| {
            let answer = error.acknowledgement();
            assert!(!answer.is_success());
            let kind = format!("{:?}", error.kind());
            let name = kind.split([' ', '(', '{']).next().unwrap().to_owned();
            (name, answer.status, answer.body_text().to_owned())
        })
        .collect();
    let expected = [
        (
            "MethodNotAllowed",
            405,
            "4055600",
            "Requested Function Is Not Supported",
        ),
        ("MissingHeader", 400, "4005602", "Invalid Mandatory Field"),
        ("DuplicateHeader", 400, "4005601", "Invalid Field Format"),
        ("MalformedTimestamp", 400, "4005601", "Invalid Field Format"),
        ("StaleTimestamp", 401, "4015600", "Unauthorized"),
        ("MalformedSignature", 401, "4015600", "Unauthorized"),
        ("BadSignature", 401, "4015600", "Unauthorized"),
        ("BodyNotJson", 400, "4005600", "Bad Request"),
        ("WrongShape", 400, "4005600", "Bad Request"),
        ("ClientKeyMismatch", 401, "4017300", "Unauthorized"),
        ("MissingBearer", 401, "4012501", "Invalid Token (B2B)"),
        (
            "MalformedAuthorization",
            401,
            "4012501",
            "Invalid Token (B2B)",
        ),
        ("UnknownToken", 401, "4012501", "Invalid Token (B2B)"),
        ("ExpiredToken", 401, "4012501", "Invalid Token (B2B)"),
    ];
    assert_eq!(answers.len(), expected.len());
    for ((name, status, body), (want_name, want_status, code, message)) in
        answers.iter().zip(expected)
    {
        assert_eq!(name, want_name);
        assert_eq!(*status, want_status, "{name}");
        assert_eq!(
            body,
            &format!(r#"{{"responseCode":"{code}","responseMessage":"{message}"}}"#),
            "{name}"
        );
    }
}

#[test]
fn errors_say_what_failed() {
    let shown: Vec<String> = every_error().iter().map(ToString::to_string).collect();
    for (i, needle) in [
        "\"GET\"",
        "X-SIGNATURE header is missing",
        "X-TIMESTAMP header appears more than once",
        "\"yesterday\" is not a timestamp",
        "86400 s in the past, outside the window of 3600 s",
        "X-SIGNATURE is malformed",
        "does not match the request (verified string \"POST:/cb:",
        "the body is not JSON",
        "not of the expected shape at $",
        "X-CLIENT-KEY is not the configured client key",
        "Authorization header is missing",
        "not of the form \"Bearer <token>\"",
        "not one issued here",
        "expired 3300 s ago",
    ]
    .iter()
    .enumerate()
    {
        assert!(shown[i].contains(needle), "{} lacks {needle}", shown[i]);
    }
    assert!(shown[0].starts_with("callback refused: "));
    assert!(shown[9].starts_with("access-token request refused: "));
    assert!(shown[13].starts_with("VA payment refused: "));
}

#[test]
fn no_secret_or_token_is_ever_printed() {
    let secrets = [
        CLIENT_KEY,
        CLIENT_SECRET,
        TOKEN,
        "5ecre7",
        "c2382b29",
        "7bd8be52",
    ];
    let mut shown: Vec<String> = Vec::new();
    for error in every_error() {
        shown.push(format!("{error:?}"));
        shown.push(format!("{error:#?}"));
        shown.push(error.to_string());
        shown.push(format!("{:?}", error.acknowledgement()));
    }
    let endpoint = TokenEndpoint::new(ayolinx_public_key(), CLIENT_KEY);
    shown.push(format!("{endpoint:?}"));
    let verifier = VaPaymentVerifier::new(Secret::new(CLIENT_SECRET))
        .signature_check(VaSignatureCheck::HmacSha256);
    shown.push(format!("{verifier:?}"));
    shown.push(format!("{:?}", callback_support::verifier()));
    let record = TokenRecord::new(Secret::new(TOKEN), vector_time());
    shown.push(format!("{record:?}"));
    let access_token = Secret::new(TOKEN);
    let client_secret = Secret::new(CLIENT_SECRET);
    let signing = VaPaymentSigning {
        path: "/va",
        access_token: &access_token,
        client_secret: &client_secret,
        partner_id: "CKSandbox-partner",
        external_id: "1",
        algorithm: VaSignatureCheck::HmacSha512,
    };
    shown.push(format!("{signing:?}"));
    let sent = sign_va_payment(&signing, br#"{"trxId":"T"}"#, &vector_time());
    shown.push(format!("{sent:?}"));
    shown.push(format!("{:?}", sent.as_inbound()));
    shown.push(format!("{:?}", sent.as_inbound().headers));
    // An issued token, its record and its answer.
    let request = ayolinx_proto::callback::sign::sign_merchant_token_request(
        &callback_support::ayolinx_private_key(),
        CLIENT_KEY,
        &vector_time(),
    );
    let verified = endpoint
        .verify(&request.as_inbound(), vector_time())
        .unwrap();
    let issued = endpoint
        .issue(&verified, [0x7b; 32], vector_time())
        .unwrap();
    shown.push(format!("{issued:?}"));
    shown.push(format!("{:?}", issued.record()));
    shown.push(format!("{:?}", issued.acknowledgement()));
    shown.push(format!("{verified:?}"));
    for text in &shown {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(!text.contains("7b7b7b7b"), "issued token in {text}");
        assert!(!text.contains(&token_lookup_key(TOKEN)), "{text}");
    }
    // The Authorization header is shown redacted, not dropped.
    assert!(
        shown
            .iter()
            .any(|text| text.contains("\"Authorization\", \"[REDACTED]\""))
    );
}

#[test]
fn an_acknowledgement_debug_shows_its_status_type_and_body() {
    let answer =
        ayolinx_proto::callback::ack::notify(ayolinx_proto::callback::ack::Outcome::Stored);
    assert_eq!(
        format!("{answer:?}"),
        r#"Acknowledgement { status: 200, content_type: "application/json", body: "{\"responseCode\":\"2005600\",\"responseMessage\":\"Successful\"}" }"#
    );
}
