//! Scheme D end to end in pure functions: Ayolinx asks the merchant's token endpoint for a token,
//! then calls the merchant's SNAP VA payment endpoint with it.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // helpers below fail loudly

mod callback_support;
mod common;

use std::collections::HashMap;

use ayolinx_proto::callback::sign::{
    ACCESS_TOKEN_PATH, SignedRequest, VaPaymentSigning, sign_merchant_token_request,
    sign_va_payment,
};
use ayolinx_proto::callback::{
    CallbackError, CallbackErrorKind, Endpoint, InboundRequest, Outcome, Route, TokenEndpoint,
    TokenRecord, VaPayment, VaPaymentVerifier, VaSignatureCheck, ack, token_lookup_key,
};
use ayolinx_proto::signature::SignatureError;
use ayolinx_proto::{Secret, Timestamp};
use callback_support::{ayolinx_private_key, ayolinx_public_key, fixture, text, ts, vector_time};

const CLIENT_KEY: &str = "CKSandbox-00000000-0000-0000-0000-000000000000";
const CLIENT_SECRET: &str = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
const VA_PATH: &str = "/v1.0/transfer-va/payment";
const RANDOM: [u8; 32] = [0xab; 32];

fn endpoint() -> TokenEndpoint {
    TokenEndpoint::new(ayolinx_public_key(), CLIENT_KEY)
}

fn token_request(client_key: &str, at: &Timestamp) -> SignedRequest {
    sign_merchant_token_request(&ayolinx_private_key(), client_key, at)
}

fn token_error(request: &InboundRequest<'_>, now: &str) -> CallbackError {
    endpoint().verify(request, ts(now)).unwrap_err()
}

#[test]
fn the_token_request_is_signed_as_the_a1_vector() {
    let all = common::read_vector_json("ayolinx-signatures.json");
    let a1 = &all["token_sha256withrsa"][0];
    let signed = token_request(text(a1, "client_key"), &ts(text(a1, "timestamp")));
    assert_eq!(signed.path, ACCESS_TOKEN_PATH);
    assert_eq!(signed.header("X-SIGNATURE"), Some(text(a1, "signature")));
    assert_eq!(signed.header("X-CLIENT-KEY"), Some(text(a1, "client_key")));
    assert_eq!(signed.header("X-TIMESTAMP"), Some(text(a1, "timestamp")));
    assert_eq!(signed.header("Content-Type"), Some("application/json"));
}

#[test]
fn a_signed_token_request_is_verified_and_a_token_issued() {
    let now = vector_time();
    let request = token_request(CLIENT_KEY, &now);
    let verified = endpoint().verify(&request.as_inbound(), now).unwrap();
    let issued = endpoint().issue(&verified, RANDOM, now).unwrap();
    let token = "ab".repeat(32);
    assert_eq!(issued.token().expose_secret(), token);
    assert_eq!(issued.expires_at(), ts("2024-09-12T13:10:00+07:00"));
    assert_eq!(issued.lookup_key(), token_lookup_key(&token));
    let record = issued.record();
    assert_eq!(record.token.expose_secret(), token);
    assert_eq!(record.expires_at, issued.expires_at());

    let answer = issued.acknowledgement();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type, "application/json");
    assert_eq!(
        answer.body_text(),
        format!(
            r#"{{"responseCode":"2007300","responseMessage":"Successful","accessToken":"{token}","tokenType":"Bearer","expiresIn":"900"}}"#
        )
    );
    // The answer's Debug hides the token; so do the issued token's and the record's.
    for shown in [
        format!("{answer:?}"),
        format!("{issued:?}"),
        format!("{record:?}"),
    ] {
        assert!(!shown.contains("abab"), "{shown}");
    }

    // A longer lifetime, and a request 30 minutes old within the default window.
    let long = endpoint().token_lifetime_seconds(3600);
    let later = now.add_seconds(1800).unwrap();
    let verified = long.verify(&request.as_inbound(), later).unwrap();
    let issued = long.issue(&verified, [0; 32], later).unwrap();
    assert_eq!(issued.expires_at(), ts("2024-09-12T14:25:00+07:00"));
    assert!(
        issued
            .acknowledgement()
            .body_text()
            .ends_with(r#""tokenType":"Bearer","expiresIn":"3600"}"#)
    );
}

#[test]
fn a_wrong_client_key_is_refused_without_showing_either_key() {
    let now = vector_time();
    let request = token_request("CKSandbox-someone-else", &now);
    let error = token_error(&request.as_inbound(), "2024-09-12T12:55:00+07:00");
    assert_eq!(error.kind(), &CallbackErrorKind::ClientKeyMismatch);
    assert_eq!(error.endpoint(), Endpoint::AccessToken);
    for shown in [format!("{error:?}"), error.to_string()] {
        assert!(!shown.contains("CKSandbox"), "{shown}");
    }
    assert_eq!(
        error.acknowledgement().body_text(),
        r#"{"responseCode":"4017300","responseMessage":"Unauthorized"}"#
    );
    assert_eq!(error.acknowledgement().status, 401);
}

#[test]
fn a_bad_token_request_signature_is_refused() {
    let now = vector_time();
    // Signed for another client key, then presented with the configured one.
    let other = token_request("CKSandbox-other", &now);
    let mut headers = other.headers.clone();
    for (name, value) in &mut headers {
        if name == "X-CLIENT-KEY" {
            *value = CLIENT_KEY.into();
        }
    }
    let request = InboundRequest::new("POST", ACCESS_TOKEN_PATH, &headers, &other.body);
    assert_eq!(
        token_error(&request, "2024-09-12T12:55:00+07:00").kind(),
        &CallbackErrorKind::BadSignature {
            string_to_sign: None
        }
    );
    // A malformed signature.
    let good = token_request(CLIENT_KEY, &now);
    let mut headers = good.headers.clone();
    headers.retain(|(name, _)| name != "X-SIGNATURE");
    headers.push(("X-SIGNATURE".into(), "bm90IGEgc2lnbmF0dXJl".into()));
    let request = InboundRequest::new("POST", ACCESS_TOKEN_PATH, &headers, &good.body);
    assert!(matches!(
        token_error(&request, "2024-09-12T12:55:00+07:00").kind(),
        CallbackErrorKind::MalformedSignature(SignatureError::WrongLength { .. })
    ));
}

#[test]
fn a_stale_or_incomplete_token_request_is_refused() {
    let request = token_request(CLIENT_KEY, &vector_time());
    assert_eq!(
        token_error(&request.as_inbound(), "2024-09-12T14:00:00+07:00").kind(),
        &CallbackErrorKind::StaleTimestamp {
            skew_seconds: 3900,
            window_seconds: 3600
        }
    );
    let strict = endpoint().window_seconds(300);
    assert!(
        strict
            .verify(&request.as_inbound(), ts("2024-09-12T13:00:00+07:00"))
            .is_ok()
    );
    assert!(
        strict
            .verify(&request.as_inbound(), ts("2024-09-12T13:00:01+07:00"))
            .is_err()
    );
    for missing in ["X-CLIENT-KEY", "X-TIMESTAMP", "X-SIGNATURE"] {
        let mut headers = request.headers.clone();
        headers.retain(|(name, _)| name != missing);
        let request = InboundRequest::new("POST", ACCESS_TOKEN_PATH, &headers, &request.body);
        let error = token_error(&request, "2024-09-12T12:55:00+07:00");
        assert_eq!(
            error.kind(),
            &CallbackErrorKind::MissingHeader { name: missing }
        );
        assert_eq!(error.acknowledgement().status, 400);
    }
}

/// The merchant's token store: record by lookup key.
struct Store(HashMap<String, TokenRecord>);

impl Store {
    fn with(token: &str, expires_at: Timestamp) -> Self {
        let mut map = HashMap::new();
        map.insert(
            token_lookup_key(token),
            TokenRecord::new(Secret::new(token), expires_at),
        );
        Self(map)
    }

    fn lookup(&self) -> impl Fn(&str) -> Option<TokenRecord> + '_ {
        |key| self.0.get(key).cloned()
    }
}

fn va_request(token: &str, algorithm: VaSignatureCheck, body: &[u8]) -> SignedRequest {
    sign_va_payment(
        &VaPaymentSigning {
            path: VA_PATH,
            access_token: &Secret::new(token),
            client_secret: &Secret::new(CLIENT_SECRET),
            partner_id: CLIENT_KEY,
            external_id: "418075533589",
            algorithm,
        },
        body,
        &vector_time(),
    )
}

fn va_verifier(check: VaSignatureCheck) -> VaPaymentVerifier {
    VaPaymentVerifier::new(Secret::new(CLIENT_SECRET)).signature_check(check)
}

fn issued_token() -> (String, Store) {
    let now = vector_time();
    let request = token_request(CLIENT_KEY, &now);
    let verified = endpoint().verify(&request.as_inbound(), now).unwrap();
    let issued = endpoint().issue(&verified, RANDOM, now).unwrap();
    let mut store = Store(HashMap::new());
    store.0.insert(issued.lookup_key(), issued.record());
    (issued.token().expose_secret().to_owned(), store)
}

#[test]
fn the_va_payment_is_verified_with_the_issued_token_under_each_signature_setting() {
    let (token, store) = issued_token();
    let body = fixture("va_snap_payment.json");
    for check in [
        VaSignatureCheck::HmacSha512,
        VaSignatureCheck::HmacSha256,
        VaSignatureCheck::Off,
    ] {
        let sent = va_request(&token, check, &body);
        assert_eq!(
            sent.header("X-SIGNATURE").is_some(),
            check != VaSignatureCheck::Off
        );
        assert_eq!(
            sent.header("Authorization"),
            Some(format!("Bearer {token}").as_str())
        );
        let payment = va_verifier(check)
            .verify(&sent.as_inbound(), vector_time(), store.lookup())
            .unwrap_or_else(|e| panic!("{check:?}: {e}"));
        assert_eq!(payment.partner_service_id(), Some("    2056"));
        assert_eq!(
            payment.virtual_account_no(),
            Some("    205612345678901234567890")
        );
        assert_eq!(payment.customer_no(), Some("12345678901234567890"));
        assert_eq!(payment.virtual_account_name(), Some("Jokul Doe"));
        assert_eq!(payment.trx_id(), Some("INV-2024-002"));
        assert_eq!(payment.payment_request_id(), Some("PR-20240912-0001"));
        assert_eq!(payment.idempotency_key(), "PR-20240912-0001");
        assert_eq!(payment.paid_amount().unwrap().value.to_string(), "11500.00");
        assert_eq!(payment.virtual_account_trx_type(), Some("C"));
        let info = payment.additional_info();
        assert_eq!(
            info.payment_time().unwrap().unix_seconds(),
            Some(1_726_120_500)
        );
        assert_eq!(info.payment_ntb(), Some("000123"));
        assert_eq!(payment.extra()["flagAdvise"], serde_json::json!("N"));
        assert_eq!(serde_json::to_vec(&payment).unwrap(), body);
    }
    // The default is HMAC-SHA512.
    let sent = va_request(&token, VaSignatureCheck::HmacSha512, &body);
    assert!(
        VaPaymentVerifier::new(Secret::new(CLIENT_SECRET))
            .verify(&sent.as_inbound(), vector_time(), store.lookup())
            .is_ok()
    );
}

#[test]
fn the_va_signatures_match_independent_values() {
    // B1's inputs: HMAC-SHA512 is the B1 vector; HMAC-SHA256 was computed with Python's hmac and
    // `openssl dgst -sha256 -hmac`.
    let all = common::read_vector_json("ayolinx-signatures.json");
    let b1 = &all["request_hmac_sha512"][0];
    for (algorithm, expected) in [
        (VaSignatureCheck::HmacSha512, text(b1, "signature")),
        (
            VaSignatureCheck::HmacSha256,
            "a+c4cfcaq4do536fA1ePgspUD7LiEl6AgsAOuOL7CxU=",
        ),
    ] {
        let signed = sign_va_payment(
            &VaPaymentSigning {
                path: text(b1, "path"),
                access_token: &Secret::new(text(b1, "access_token")),
                client_secret: &Secret::new(text(b1, "client_secret")),
                partner_id: CLIENT_KEY,
                external_id: "1",
                algorithm,
            },
            text(b1, "body").as_bytes(),
            &ts(text(b1, "timestamp")),
        );
        assert_eq!(
            signed.header("X-SIGNATURE"),
            Some(expected),
            "{algorithm:?}"
        );
    }
}

fn va_error(
    verifier: &VaPaymentVerifier,
    request: &InboundRequest<'_>,
    store: &Store,
    now: &str,
) -> CallbackError {
    let error = verifier
        .verify(request, ts(now), store.lookup())
        .unwrap_err();
    assert_eq!(error.endpoint(), Endpoint::VaPayment);
    error
}

#[test]
fn unknown_expired_and_missing_tokens_are_refused() {
    let (token, store) = issued_token();
    let body = fixture("va_snap_payment.json");
    let verifier = va_verifier(VaSignatureCheck::HmacSha512);
    let now = "2024-09-12T12:55:00+07:00";

    let unknown = va_request(&"cd".repeat(32), VaSignatureCheck::HmacSha512, &body);
    let error = va_error(&verifier, &unknown.as_inbound(), &store, now);
    assert_eq!(error.kind(), &CallbackErrorKind::UnknownToken);
    assert_eq!(
        error.acknowledgement().body_text(),
        r#"{"responseCode":"4012501","responseMessage":"Invalid Token (B2B)"}"#
    );

    // A lookup that returns a record for another token (a store keyed carelessly).
    let careless = |_: &str| {
        Some(TokenRecord::new(
            Secret::new("other"),
            ts("2030-01-01T00:00:00Z"),
        ))
    };
    let sent = va_request(&token, VaSignatureCheck::HmacSha512, &body);
    assert_eq!(
        verifier
            .verify(&sent.as_inbound(), ts(now), careless)
            .unwrap_err()
            .kind(),
        &CallbackErrorKind::UnknownToken
    );

    // Expired: at the expiry instant and after it.
    assert_eq!(
        va_error(
            &verifier,
            &sent.as_inbound(),
            &store,
            "2024-09-12T13:10:00+07:00"
        )
        .kind(),
        &CallbackErrorKind::ExpiredToken {
            expired_seconds_ago: 0
        }
    );
    let late = va_verifier(VaSignatureCheck::Off);
    assert_eq!(
        va_error(
            &late,
            &sent.as_inbound(),
            &store,
            "2024-09-12T13:11:40+07:00"
        )
        .kind(),
        &CallbackErrorKind::ExpiredToken {
            expired_seconds_ago: 100
        }
    );
    assert!(
        verifier
            .verify(
                &sent.as_inbound(),
                ts("2024-09-12T13:09:59+07:00"),
                store.lookup()
            )
            .is_ok()
    );

    // Missing or malformed Authorization.
    let mut headers = sent.headers.clone();
    headers.retain(|(name, _)| name != "Authorization");
    let request = InboundRequest::new("POST", VA_PATH, &headers, &body);
    assert_eq!(
        va_error(&verifier, &request, &store, now).kind(),
        &CallbackErrorKind::MissingBearer
    );
    for bad in [
        format!("Basic {token}"),
        "Bearer".to_owned(),
        "Bearer ".to_owned(),
        format!("Bearer {token} extra"),
        token.clone(),
    ] {
        let mut with = headers.clone();
        with.push(("Authorization".into(), bad.clone()));
        let request = InboundRequest::new("POST", VA_PATH, &with, &body);
        let error = va_error(&verifier, &request, &store, now);
        assert_eq!(
            error.kind(),
            &CallbackErrorKind::MalformedAuthorization,
            "{bad}"
        );
        assert!(!format!("{error:?}{error}").contains(&token));
    }
    // The scheme name in any case.
    let mut with = headers.clone();
    with.push(("authorization".into(), format!("bearer {token}")));
    let request = InboundRequest::new("POST", VA_PATH, &with, &body);
    assert!(verifier.verify(&request, ts(now), store.lookup()).is_ok());
}

#[test]
fn the_va_signature_is_checked_unless_off() {
    let (token, store) = issued_token();
    let body = fixture("va_snap_payment.json");
    let now = "2024-09-12T12:55:00+07:00";
    let sent = va_request(&token, VaSignatureCheck::HmacSha512, &body);
    let tampered_body = String::from_utf8(body.clone())
        .unwrap()
        .replace("Jokul Doe", "Mallory")
        .into_bytes();
    let tampered = InboundRequest {
        body: &tampered_body,
        ..sent.as_inbound()
    };
    assert_eq!(
        va_error(
            &va_verifier(VaSignatureCheck::HmacSha512),
            &tampered,
            &store,
            now
        )
        .kind(),
        &CallbackErrorKind::BadSignature {
            string_to_sign: None
        }
    );
    // Off trusts the token alone.
    assert!(
        va_verifier(VaSignatureCheck::Off)
            .verify(&tampered, ts(now), store.lookup())
            .is_ok()
    );
    // Each algorithm refuses the other's signature (by its length).
    let sha256 = va_request(&token, VaSignatureCheck::HmacSha256, &body);
    assert!(matches!(
        va_error(
            &va_verifier(VaSignatureCheck::HmacSha512),
            &sha256.as_inbound(),
            &store,
            now
        )
        .kind(),
        CallbackErrorKind::MalformedSignature(SignatureError::WrongLength {
            expected: 64,
            actual: 32
        })
    ));
    assert!(matches!(
        va_error(
            &va_verifier(VaSignatureCheck::HmacSha256),
            &sent.as_inbound(),
            &store,
            now
        )
        .kind(),
        CallbackErrorKind::MalformedSignature(SignatureError::WrongLength {
            expected: 32,
            actual: 64
        })
    ));
    // Another client secret.
    let other = VaPaymentVerifier::new(Secret::new("SKSandbox-other"));
    assert!(matches!(
        va_error(&other, &sent.as_inbound(), &store, now).kind(),
        CallbackErrorKind::BadSignature { .. }
    ));
    // The path is part of it; a proxy that rewrites it needs a fixed route.
    let moved = InboundRequest {
        path: "/internal/va",
        ..sent.as_inbound()
    };
    let default = va_verifier(VaSignatureCheck::HmacSha512);
    assert!(default.verify(&moved, ts(now), store.lookup()).is_err());
    let fixed = va_verifier(VaSignatureCheck::HmacSha512).route(Route::Fixed(VA_PATH.into()));
    assert!(fixed.verify(&moved, ts(now), store.lookup()).is_ok());
    // The timestamp window, and the headers it needs.
    assert!(matches!(
        va_error(
            &default,
            &sent.as_inbound(),
            &store,
            "2024-09-12T13:56:00+07:00"
        )
        .kind(),
        CallbackErrorKind::StaleTimestamp {
            skew_seconds: 3660,
            ..
        } | CallbackErrorKind::ExpiredToken { .. }
    ));
    let long_lived = Store::with(&token, ts("2030-01-01T00:00:00Z"));
    assert_eq!(
        va_error(
            &default,
            &sent.as_inbound(),
            &long_lived,
            "2024-09-12T13:56:00+07:00"
        )
        .kind(),
        &CallbackErrorKind::StaleTimestamp {
            skew_seconds: 3660,
            window_seconds: 3600
        }
    );
    for missing in ["X-TIMESTAMP", "X-SIGNATURE"] {
        let mut headers = sent.headers.clone();
        headers.retain(|(name, _)| name != missing);
        let request = InboundRequest::new("POST", VA_PATH, &headers, &body);
        assert_eq!(
            va_error(&default, &request, &store, now).kind(),
            &CallbackErrorKind::MissingHeader { name: missing }
        );
        assert!(
            va_verifier(VaSignatureCheck::Off)
                .verify(&request, ts(now), store.lookup())
                .is_ok()
        );
    }
}

#[test]
fn a_va_body_that_is_not_a_payment() {
    let (token, store) = issued_token();
    let now = "2024-09-12T12:55:00+07:00";
    let verifier = va_verifier(VaSignatureCheck::HmacSha512);
    let not_json = va_request(&token, VaSignatureCheck::HmacSha512, b"trxId=1");
    assert!(matches!(
        va_error(&verifier, &not_json.as_inbound(), &store, now).kind(),
        CallbackErrorKind::BodyNotJson { .. }
    ));
    for (body, path) in [
        (&br#"{"partnerServiceId":"    2056"}"#[..], "$"),
        (br#"{"trxId":"T","paidAmount":"11500"}"#, "$.paidAmount"),
        (
            br#"{"trxId":"T","partnerServiceId":2056}"#,
            "$.partnerServiceId",
        ),
    ] {
        let sent = va_request(&token, VaSignatureCheck::HmacSha512, body);
        let error = va_error(&verifier, &sent.as_inbound(), &store, now);
        assert!(
            matches!(error.kind(), CallbackErrorKind::WrongShape { path: p, .. } if p == path),
            "{error}"
        );
        assert_eq!(
            error.acknowledgement().body_text(),
            r#"{"responseCode":"4002500","responseMessage":"Bad Request"}"#
        );
    }
}

#[test]
fn the_2002500_echo_is_exact() {
    let body = fixture("va_snap_payment.json");
    let payment = VaPayment::from_json_bytes(&body).unwrap();
    let expected = format!(
        r#"{{"responseCode":"2002500","responseMessage":"Successful","virtualAccountData":{}}}"#,
        String::from_utf8(body).unwrap()
    );
    for answer in [
        ack::va_payment_received(&payment),
        ack::va_payment(&payment, Outcome::Stored),
        ack::va_payment(&payment, Outcome::AlreadyProcessed),
    ] {
        assert_eq!(answer.status, 200);
        assert_eq!(answer.content_type, "application/json");
        assert_eq!(answer.body_text(), expected);
    }
    let retry = ack::va_payment(&payment, Outcome::CouldNotStore);
    assert_eq!(retry.status, 500);
    assert_eq!(
        retry.body_text(),
        r#"{"responseCode":"5002500","responseMessage":"General Error"}"#
    );
}

#[test]
fn a_va_payment_keys_on_a_reference_that_is_not_blank() {
    // A blank paymentRequestId is passed over for the trxId: keyed on "", every such payment
    // would have been taken for a repeat of the first.
    let payment =
        VaPayment::from_json_bytes(br#"{"trxId": "INV-1", "paymentRequestId": ""}"#).unwrap();
    assert_eq!(payment.idempotency_key(), "INV-1");
    assert_eq!(payment.payment_request_id(), Some(""));
    for body in [
        r#"{"trxId": "", "paymentRequestId": " "}"#.as_bytes(),
        br#"{"trxId": ""}"#,
        br#"{"partnerServiceId": "    2056"}"#,
    ] {
        let error = VaPayment::from_json_bytes(body).unwrap_err();
        assert!(
            matches!(error.kind(), CallbackErrorKind::WrongShape { path, reason } if path == "$" && reason.contains("not blank")),
            "{error:?}"
        );
    }
    // Money sent as an array is refused, not read as `[currency, value]`.
    let error =
        VaPayment::from_json_bytes(br#"{"trxId": "INV-1", "paidAmount": ["IDR", "11500.00"]}"#)
            .unwrap_err();
    assert!(
        matches!(error.kind(), CallbackErrorKind::WrongShape { path, .. } if path == "$.paidAmount"),
        "{error:?}"
    );
}
