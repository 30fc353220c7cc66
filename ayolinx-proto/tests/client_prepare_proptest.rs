//! Every prepared request carries a signature that an independent recomputation accepts: from
//! the request's own method, URL path, `Authorization`, `X-TIMESTAMP` and body bytes, with
//! `sha2`, `hmac` and `base64` directly (scheme B), and with AWS-LC directly for the token
//! request (scheme A). Operations, field values (all of Unicode), amounts, tokens, times,
//! offsets and base URLs with and without a path prefix are arbitrary.

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt::Write as _;
use std::sync::LazyLock;

use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::payment_link::PaymentLinkCreateRequest;
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::RetailCreateRequest;
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::api::va::VaCreateRequest;
use ayolinx_proto::client::BaseUrl;
use ayolinx_proto::{
    Amount, Channel, Client, ClientConfig, Environment, ExternalId, HttpRequest, Money, PrivateKey,
    Timestamp, WireTime,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use proptest::prelude::*;
use sha2::{Digest, Sha256, Sha512};

static KEY: LazyLock<PrivateKey> = LazyLock::new(|| {
    PrivateKey::from_pem(include_str!("fixtures/keys/rsa2048_pkcs8.pem")).unwrap()
});

/// Any text, astral characters included.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..16).prop_map(String::from_iter)
}

/// What a header may carry: not empty, no ASCII control characters.
fn header_text() -> impl Strategy<Value = String> {
    "[^\\x00-\\x1f\\x7f]{1,40}"
}

fn money() -> impl Strategy<Value = Money> {
    prop_oneof![
        0..=Amount::MAX_MINOR_UNITS,
        Just(Amount::MAX_MINOR_UNITS),
        0u64..1_000_000,
    ]
    .prop_map(|minor| Money::idr(Amount::from_minor_units(minor).unwrap()))
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    // 1900..2200, offsets of whole minutes under a day either way.
    (-2_208_988_800i64..7_258_118_400, -1439i32..=1439)
        .prop_map(|(unix, minutes)| Timestamp::from_unix_with_offset(unix, minutes * 60).unwrap())
}

fn environment() -> impl Strategy<Value = Environment> {
    prop_oneof![
        Just(Environment::Sandbox),
        Just(Environment::Production),
        "(/[a-z0-9._~-]{1,8}){0,3}/?".prop_map(|prefix| {
            Environment::Custom(BaseUrl::parse(&format!("http://127.0.0.1:8080{prefix}")).unwrap())
        }),
    ]
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::DOCUMENTED.to_vec())
}

/// The path of a URL: everything from the first `/` after the scheme and host.
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").unwrap().1;
    rest.find('/').map_or("", |at| &rest[at..])
}

fn lower_hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        write!(out, "{b:02x}").unwrap();
        out
    })
}

/// Scheme B, recomputed from the request alone.
fn recomputed_hmac(request: &HttpRequest, client_secret: &str) -> String {
    let token = request
        .header("Authorization")
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap();
    let string_to_sign = format!(
        "{}:{}:{}:{}:{}",
        request.method,
        url_path(&request.url),
        token,
        lower_hex(&Sha256::digest(&request.body)),
        request.header("X-TIMESTAMP").unwrap()
    );
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(client_secret.as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks the request as a server would, from its own headers and body.
fn assert_verifies(request: &HttpRequest, client_secret: &str, external_id: &ExternalId) {
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("X-SIGNATURE").unwrap(),
        recomputed_hmac(request, client_secret)
    );
    assert_eq!(request.header("X-EXTERNAL-ID"), Some(external_id.as_str()));
    // The bytes sent are PHP-style JSON: ASCII, and they parse.
    assert!(request.body.is_ascii());
    serde_json::from_slice::<serde_json::Value>(&request.body).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_prepared_request_verifies_independently(
        environment in environment(),
        client_key in header_text(),
        client_secret in text(),
        token in header_text(),
        now in timestamp(),
        external_id in "[0-9]{1,36}",
        reference in text(),
        other in text(),
        money in money(),
        channel in channel(),
    ) {
        let config = ClientConfig::new(environment, client_key, client_secret.clone(), KEY.clone());
        let client = Client::new(config);
        let token = AccessToken::new(token, 900, now);
        let external_id = ExternalId::new(external_id).unwrap();
        let prepared = [
            client.prepare(
                &QrisGenerateRequest::new(reference.clone(), money.clone()).sub_merchant_id(other.clone()),
                &token, &now, &external_id,
            ),
            client.prepare(&QrisQueryRequest::new(reference.clone()), &token, &now, &external_id),
            client.prepare(&QrisCancelRequest::new(reference.clone()).reason(other.clone()), &token, &now, &external_id),
            client.prepare(&EwalletPaymentRequest::new(reference.clone(), money.clone()), &token, &now, &external_id),
            client.prepare(&EwalletStatusRequest::new(reference.clone()), &token, &now, &external_id),
            client.prepare(
                &VaCreateRequest::new("2056", other.clone(), other.clone(), reference.clone(), money.clone(), channel.clone()),
                &token, &now, &external_id,
            ),
            client.prepare(
                &RetailCreateRequest::new(reference.clone(), WireTime::iso(now), other.clone(), "a@b.id", money.clone(), channel),
                &token, &now, &external_id,
            ),
            client.prepare(&PaymentLinkCreateRequest::new(reference.clone()).description(other.clone()), &token, &now, &external_id),
        ];
        for prepared in prepared {
            assert_verifies(prepared.unwrap().request(), &client_secret, &external_id);
        }
    }
}

proptest! {
    // RSA signing per case: a few dozen cases keep this under a second.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn the_token_request_verifies_independently(
        environment in environment(),
        client_key in header_text(),
        now in timestamp(),
    ) {
        let client = Client::new(ClientConfig::new(environment, client_key.clone(), "secret", KEY.clone()));
        let prepared = client.prepare_token(&now).unwrap();
        let request = prepared.request();
        let string_to_sign = format!(
            "{}|{}",
            request.header("X-CLIENT-KEY").unwrap(),
            request.header("X-TIMESTAMP").unwrap()
        );
        prop_assert_eq!(request.header("X-CLIENT-KEY").unwrap(), client_key.as_str());
        let signature = STANDARD.decode(request.header("X-SIGNATURE").unwrap()).unwrap();
        let public = aws_lc_rs::signature::UnparsedPublicKey::new(
            &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
            KEY.public_key().to_pkcs1_der(),
        );
        prop_assert!(public.verify(string_to_sign.as_bytes(), &signature).is_ok());
        prop_assert_eq!(Timestamp::parse(request.header("X-TIMESTAMP").unwrap()), Ok(now));
    }
}
