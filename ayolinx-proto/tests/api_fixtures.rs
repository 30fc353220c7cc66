//! Every operation's prepared request, pinned byte for byte: URL, every header in order, body
//! bytes. The fixtures in `fixtures/api/` were written by `fixtures/api/generate.py` (Python's
//! json, hmac and the openssl command line), not by this crate, and each test recomputes the
//! signature from the recorded pieces so that a fixture cannot hide a wrong one.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_methods
)]

mod common;

use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::payment_link::{LinkItem, PaymentLinkCreateRequest};
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailQueryRequest};
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest, partner_service_id};
use ayolinx_proto::client::{BaseUrl, SigningScheme};
use ayolinx_proto::time::WireTime;
use ayolinx_proto::{
    Amount, ApiError, Channel, Client, ClientConfig, Environment, ExternalId, Money,
    PreparedRequest, PrivateKey, PublicKey, Timestamp,
};
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256, Sha512};

const CLIENT_KEY: &str = "CKSandbox-00000000-0000-0000-0000-000000000000";
const CLIENT_SECRET: &str = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
const TIMESTAMP: i64 = 1_726_120_500; // 2024-09-12T12:55:00+07:00

fn private_key() -> PrivateKey {
    PrivateKey::from_pem(&common::read_vector_text(
        "keys/test_merchant_private_pkcs8.pem",
    ))
    .unwrap()
}

fn client_for(environment: Environment) -> Client {
    Client::new(ClientConfig::new(
        environment,
        CLIENT_KEY,
        CLIENT_SECRET,
        private_key(),
    ))
}

fn now() -> Timestamp {
    Timestamp::from_unix(TIMESTAMP).unwrap()
}

fn at(seconds_later: i64) -> Timestamp {
    now().add_seconds(seconds_later).unwrap()
}

fn rupiah(text: &str) -> Money {
    Money::idr(text.parse::<Amount>().unwrap())
}

fn prepare<O: ayolinx_proto::api::Transactional>(operation: &O) -> PreparedRequest {
    let token = AccessToken::new("tok", 900, now());
    client_for(Environment::Sandbox)
        .prepare(
            operation,
            &token,
            &now(),
            &ExternalId::new("418075533589").unwrap(),
        )
        .unwrap()
}

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/api/{name}.request.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn lower_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares a prepared request with its fixture, and re-derives the fixture's HMAC signature
/// from its own URL, body and timestamp.
fn assert_pinned(name: &str, prepared: &PreparedRequest) {
    let fixture = fixture(name);
    let request = prepared.request();
    assert_eq!(request.method, "POST", "{name}");
    assert_eq!(request.url, fixture["url"].as_str().unwrap(), "{name}: url");
    let headers: Vec<(&str, &str)> = fixture["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
        .collect();
    let body = fixture["body"].as_str().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        body,
        "{name}: body bytes"
    );
    assert_eq!(request.body, body.as_bytes(), "{name}: body bytes");
    let sent: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (&**name, &**value))
        .collect();
    assert_eq!(sent, headers, "{name}: headers");

    if prepared.operation() != "token" {
        let path = request
            .url
            .strip_prefix("https://sandbox.ayolinx.id")
            .unwrap();
        let timestamp = request.header("X-TIMESTAMP").unwrap();
        let string_to_sign = format!(
            "POST:{path}:tok:{}:{timestamp}",
            lower_hex(&Sha256::digest(body.as_bytes()))
        );
        let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(CLIENT_SECRET.as_bytes()).unwrap();
        mac.update(string_to_sign.as_bytes());
        let expected =
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(
            request.header("X-SIGNATURE"),
            Some(expected.as_str()),
            "{name}: signature"
        );
        let stages = prepared.signing_stages();
        assert_eq!(
            stages.string_to_sign,
            string_to_sign.replace(":tok:", ":[REDACTED]:"),
            "{name}: redacted string to sign"
        );
    }
}

#[test]
fn token_request_is_pinned_and_verifies_under_the_public_key() {
    let prepared = client_for(Environment::Sandbox)
        .prepare_token(&now())
        .unwrap();
    assert_pinned("token", &prepared);
    let public =
        PublicKey::from_pem(&common::read_vector_text("keys/test_merchant_public.pem")).unwrap();
    let request = prepared.request();
    let string_to_sign = format!("{CLIENT_KEY}|{}", request.header("X-TIMESTAMP").unwrap());
    public
        .verify_base64(
            string_to_sign.as_bytes(),
            request.header("X-SIGNATURE").unwrap(),
        )
        .unwrap();
    assert_eq!(prepared.signing_stages().scheme, SigningScheme::RsaToken);
    assert_eq!(prepared.signing_stages().string_to_sign, string_to_sign);
}

#[test]
fn token_signature_equals_vector_a1() {
    let vectors = common::read_vector_json("ayolinx-signatures.json");
    let a1 = &vectors["token_sha256withrsa"][0];
    assert_eq!(a1["client_key"], CLIENT_KEY);
    let timestamp = Timestamp::parse(a1["timestamp"].as_str().unwrap()).unwrap();
    let prepared = client_for(Environment::Sandbox)
        .prepare_token(&timestamp)
        .unwrap();
    assert_eq!(
        prepared.request().header("X-TIMESTAMP"),
        a1["timestamp"].as_str()
    );
    assert_eq!(
        prepared.request().header("X-SIGNATURE"),
        a1["signature"].as_str()
    );
}

#[test]
fn qris_generate_is_pinned() {
    let request = QrisGenerateRequest::new("ORD-20240912-0001", rupiah("15000"))
        .url_param(UrlParam::notification(
            "https://merchant.example/ayolinx/callback",
        ))
        .valid_up_to(WireTime::iso(at(900)));
    assert_pinned("qris_generate", &prepare(&request));
}

#[test]
fn qris_query_is_pinned() {
    assert_pinned(
        "qris_query",
        &prepare(&QrisQueryRequest::new("ORD-20240912-0001")),
    );
}

#[test]
fn qris_cancel_is_pinned() {
    let request = QrisCancelRequest::new("ORD-20240912-0001").reason("customer cancelled");
    assert_pinned("qris_cancel", &prepare(&request));
}

#[test]
fn ewallet_pay_is_pinned() {
    let request = EwalletPaymentRequest::new("ORD-20240912-0002", rupiah("30.00"))
        .valid_up_to(WireTime::epoch_seconds_text(at(3600)))
        .url_param(UrlParam::pay_return(
            "https://merchant.example/payment/ORD-20240912-0002",
        ))
        .url_param(UrlParam::notification(
            "https://merchant.example/ayolinx/paymentcallback?refNo=ORD-20240912-0002",
        ));
    assert_pinned("ewallet_pay", &prepare(&request));
}

#[test]
fn ewallet_status_is_pinned() {
    assert_pinned(
        "ewallet_status",
        &prepare(&EwalletStatusRequest::new("ORD-20240912-0002")),
    );
}

#[test]
fn va_create_with_a_non_ascii_name_is_pinned() {
    let request = VaCreateRequest::new(
        partner_service_id::BNI_SANDBOX,
        "98829172123456789",
        "Réné Suryadi",
        "ORD-20240912-0003",
        rupiah("11500"),
        Channel::VirtualAccountBni,
    );
    assert_pinned("va_create", &prepare(&request));
}

#[test]
fn va_inquiry_is_pinned() {
    let request = VaInquiryRequest::new("ORD-20240912-0003", Channel::VirtualAccountBni);
    assert_pinned("va_inquiry", &prepare(&request));
}

#[test]
fn retail_create_is_pinned() {
    let request = RetailCreateRequest::new(
        "ORD-20240912-0004",
        WireTime::iso(at(86_400)),
        "Siti Aminah",
        "siti@example.com",
        rupiah("50000"),
        Channel::RetailAlfamidi,
    )
    .customer_phone("081234567890")
    .url_param(UrlParam::notification(
        "https://merchant.example/ayolinx/retail",
    ));
    assert_pinned("retail_create", &prepare(&request));
}

#[test]
fn retail_query_is_pinned() {
    let request = RetailQueryRequest::new("ORD-20240912-0004", Channel::RetailAlfamidi);
    assert_pinned("retail_query", &prepare(&request));
}

#[test]
fn payment_link_with_non_ascii_and_emoji_is_pinned() {
    let request = PaymentLinkCreateRequest::new("932281121132128")
        .customer_name("Zoë Ñandú")
        .customer_email("test@surfin.sg")
        .customer_phone("+62", "19999999999")
        .item(LinkItem::new(
            "Kopi ☕",
            Amount::from_rupiah(20_000).unwrap(),
            1,
        ))
        .payment_channel(Channel::EmoneyDanaSnap)
        .payment_channel(Channel::BncQris)
        .payment_channel(Channel::VirtualAccountBni)
        .description("Pesanan 😀")
        .expiry_time(WireTime::from_text("2025-08-22T18:30:00+07:00"))
        .url_param(UrlParam::notification("https://www.ayolinx.id"));
    assert_pinned("payment_link_create", &prepare(&request));
}

#[test]
fn a_base_url_with_a_path_signs_the_full_path() {
    let client = client_for(Environment::Custom(
        BaseUrl::parse("http://127.0.0.1:8080/prefix/").unwrap(),
    ));
    let token = AccessToken::new("tok", 900, now());
    let prepared = client
        .prepare(
            &QrisQueryRequest::new("ORD-20240912-0001"),
            &token,
            &now(),
            &ExternalId::new("418075533589").unwrap(),
        )
        .unwrap();
    let request = prepared.request();
    assert_eq!(
        request.url,
        "http://127.0.0.1:8080/prefix/v1.0/qr/qr-mpm-query"
    );
    let sandbox = fixture("qris_query");
    assert_eq!(request.body, sandbox["body"].as_str().unwrap().as_bytes());
    let string_to_sign = format!(
        "POST:/prefix/v1.0/qr/qr-mpm-query:tok:{}:2024-09-12T12:55:00+07:00",
        lower_hex(&Sha256::digest(&request.body))
    );
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(CLIENT_SECRET.as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    assert_eq!(request.header("X-SIGNATURE"), Some(expected.as_str()));

    let token_request = client.prepare_token(&now()).unwrap();
    assert_eq!(
        token_request.request().url,
        "http://127.0.0.1:8080/prefix/v1.0/access-token/b2b"
    );
}

#[test]
fn signing_stages_print_every_stage_with_the_token_redacted() {
    let token = AccessToken::new("a-long-secret-access-token", 900, now());
    let prepared = client_for(Environment::Sandbox)
        .prepare(
            &QrisQueryRequest::new("ORD-1"),
            &token,
            &now(),
            &ExternalId::new("1").unwrap(),
        )
        .unwrap();
    let stages = prepared.signing_stages();
    let printed = stages.to_string();
    for part in [
        "POST https://sandbox.ayolinx.id/v1.0/qr/qr-mpm-query",
        "Authorization: Bearer [REDACTED]",
        "X-SIGNATURE: ",
        r#"{"originalPartnerReferenceNo":"ORD-1","additionalInfo":{"channel":"BNC_QRIS"}}"#,
        &stages.body_sha256_hex,
        "POST:/v1.0/qr/qr-mpm-query:[REDACTED]:",
        &stages.signature,
    ] {
        assert!(printed.contains(part), "{part} missing from\n{printed}");
    }
    assert_eq!(
        stages.signature,
        prepared.request().header("X-SIGNATURE").unwrap()
    );
    for shown in [
        printed,
        format!("{prepared:?}"),
        format!("{:?}", prepared.request()),
        format!("{token:?}"),
    ] {
        assert!(!shown.contains("a-long-secret-access-token"), "{shown}");
    }
}

#[test]
fn debug_of_the_configuration_shows_no_secret() {
    let client = client_for(Environment::Production);
    let shown = format!("{client:?}");
    assert!(shown.contains(CLIENT_KEY));
    assert!(!shown.contains("c2382b29"), "{shown}");
    assert!(!shown.contains("MIIE"), "{shown}");
}

#[test]
fn header_breaking_tokens_are_refused_before_anything_is_signed() {
    let token = AccessToken::new("tok\r\nX-Injected: 1", 900, now());
    let error = client_for(Environment::Sandbox)
        .prepare(
            &QrisQueryRequest::new("ORD-1"),
            &token,
            &now(),
            &ExternalId::new("1").unwrap(),
        )
        .unwrap_err();
    assert!(matches!(
        error,
        ApiError::InvalidHeaderValue {
            header: "Authorization",
            ..
        }
    ));
    assert!(!error.to_string().contains("Injected"));
}

#[test]
fn compact_encoding_is_an_option_and_signs_the_bytes_it_sends() {
    let client = Client::new(
        ClientConfig::new(
            Environment::Sandbox,
            CLIENT_KEY,
            CLIENT_SECRET,
            private_key(),
        )
        .with_body_encoding(ayolinx_proto::body::BodyEncoding::Compact),
    );
    let request = QrisGenerateRequest::new("ORD-1", rupiah("1"))
        .url_param(UrlParam::notification("https://merchant.example/cb"));
    let token = AccessToken::new("tok", 900, now());
    let prepared = client
        .prepare(&request, &token, &now(), &ExternalId::new("1").unwrap())
        .unwrap();
    let body = &prepared.request().body;
    assert!(String::from_utf8_lossy(body).contains(r#""url":"https://merchant.example/cb""#));
    assert_eq!(
        prepared.signing_stages().body_sha256_hex,
        lower_hex(&Sha256::digest(body))
    );
    let answer = ayolinx_proto::HttpResponse::new(
        200,
        r#"{"responseCode":"2007300","accessToken":"fresh","tokenType":"Bearer","expiresIn":"900"}"#,
    );
    let parsed = client.parse_token(&answer, now()).unwrap();
    assert_eq!(parsed.expires_at(), at(900));
    assert!(parsed.needs_refresh(&at(870), 30));
    assert!(!parsed.needs_refresh(&at(869), 30));
}
