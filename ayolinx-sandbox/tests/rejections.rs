#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
//! Every check Ayolinx makes, refused with the right SNAP code, over real HTTP.

mod support;

use std::time::Duration;

use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::RetailCreateRequest;
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::body::BodyEncoding;
use ayolinx_proto::client::BaseUrl;
use ayolinx_proto::signature::{hmac_sha512_base64, request_string_to_sign};
use ayolinx_proto::time::WireTime;
use ayolinx_proto::{
    Channel, Client, ClientConfig, Environment, ExternalId, HttpRequest, Money, PrivateKey,
    Timestamp,
};
use ayolinx_sandbox::credentials::AYOLINX_PRIVATE_KEY_PEM;
use ayolinx_sandbox::{Sandbox, SandboxHandle};
use support::{Answer, Merchant, agent, external_id, idr, now, send};

fn set_header(request: &mut HttpRequest, name: &str, value: Option<&str>) {
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    if let Some(value) = value {
        request
            .headers
            .push((name.to_owned().into(), value.to_owned().into()));
    }
}

/// Sends the query for `ORD-1` signed with `token` at `at`.
fn query_signed(merchant: &Merchant, token: &AccessToken, at: &Timestamp) -> Answer {
    let request = merchant
        .client
        .prepare(&QrisQueryRequest::new("ORD-1"), token, at, &external_id())
        .unwrap();
    send(&merchant.agent, request.request()).unwrap()
}

/// A request with any body, correctly signed with scheme B.
fn signed_raw(
    merchant: &Merchant,
    sandbox: &SandboxHandle,
    path: &str,
    body: &[u8],
) -> HttpRequest {
    let mut request = merchant.prepare(&QrisQueryRequest::new("template"));
    let timestamp = request.header("X-TIMESTAMP").unwrap().to_owned();
    let token = merchant.token.secret().expose_secret();
    let string_to_sign = request_string_to_sign("POST", path, token, body, &timestamp);
    let signature = hmac_sha512_base64(
        sandbox.client_secret().expose_secret().as_bytes(),
        string_to_sign.as_bytes(),
    );
    set_header(&mut request, "X-SIGNATURE", Some(&signature));
    request.url = format!("{}{path}", sandbox.base_url());
    request.body = body.to_vec();
    request
}

fn refused(answer: &Answer, status: u16, code: &str) {
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (status, code),
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
}

fn client_with(sandbox: &SandboxHandle, client_key: &str, key_pem: &str) -> Client {
    Client::new(ClientConfig::new(
        Environment::Custom(BaseUrl::parse(sandbox.base_url()).unwrap()),
        client_key,
        sandbox.client_secret().clone(),
        PrivateKey::from_pem(key_pem).unwrap(),
    ))
}

#[test]
fn token_requests_are_verified_with_the_merchant_key_and_client_key() {
    let sandbox = Sandbox::start().unwrap();
    let agent = agent();
    let merchant_key = sandbox.merchant_private_key_pem().unwrap();
    let token_call = |client: &Client, timestamp| {
        send(&agent, client.prepare_token(&timestamp).unwrap().request()).unwrap()
    };

    // Signed by another key: 401 case 00 with the token service code.
    let forged = client_with(&sandbox, sandbox.client_key(), AYOLINX_PRIVATE_KEY_PEM);
    refused(&token_call(&forged, now()), 401, "4017300");
    // Another client key, signed by the right key over that key.
    let stranger = client_with(&sandbox, "CKSandbox-stranger", merchant_key);
    refused(&token_call(&stranger, now()), 401, "4017300");
    // Too old a timestamp (the window is 300 s).
    let good = client_with(&sandbox, sandbox.client_key(), merchant_key);
    refused(
        &token_call(&good, now().add_seconds(-1000).unwrap()),
        401,
        "4017300",
    );
    // Missing and malformed headers.
    let mut request = good.prepare_token(&now()).unwrap().into_request();
    set_header(&mut request, "X-SIGNATURE", None);
    refused(&send(&agent, &request).unwrap(), 400, "4007302");
    let mut request = good.prepare_token(&now()).unwrap().into_request();
    set_header(&mut request, "X-TIMESTAMP", Some("yesterday"));
    refused(&send(&agent, &request).unwrap(), 400, "4007301");
    // The right key, the right client key: a token.
    let answer = token_call(&good, now());
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["responseCode"], "2007300");
    assert_eq!(answer.json()["tokenType"], "Bearer");
    assert_eq!(answer.json()["expiresIn"], "900");
    assert_eq!(sandbox.request_count("token"), 6);
}

#[test]
fn a_bad_signature_is_401_case_00() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let mut request = merchant.prepare(&QrisGenerateRequest::new("ORD-SIG", idr(10_000)));
    // The body changes after signing: the signature no longer matches the raw bytes.
    request.body = String::from_utf8(request.body)
        .unwrap()
        .replace("10000.00", "10.00")
        .into_bytes();
    refused(&send(&merchant.agent, &request).unwrap(), 401, "4014700");
    let mut request = merchant.prepare(&QrisGenerateRequest::new("ORD-SIG", idr(10_000)));
    set_header(&mut request, "X-SIGNATURE", Some("not base64!"));
    refused(&send(&merchant.agent, &request).unwrap(), 401, "4014700");
    assert!(sandbox.transactions().is_empty());
}

#[test]
fn a_reused_external_id_is_409_case_00() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let id = external_id();
    let first = merchant
        .client
        .prepare(
            &QrisGenerateRequest::new("ORD-X1", idr(10_000)),
            &merchant.token,
            &now(),
            &id,
        )
        .unwrap();
    assert_eq!(send(&merchant.agent, first.request()).unwrap().status, 200);
    let second = merchant
        .client
        .prepare(
            &QrisGenerateRequest::new("ORD-X2", idr(10_000)),
            &merchant.token,
            &now(),
            &id,
        )
        .unwrap();
    refused(
        &send(&merchant.agent, second.request()).unwrap(),
        409,
        "4094700",
    );
    let query = merchant
        .client
        .prepare(
            &QrisQueryRequest::new("ORD-X1"),
            &merchant.token,
            &now(),
            &id,
        )
        .unwrap();
    refused(
        &send(&merchant.agent, query.request()).unwrap(),
        409,
        "4095100",
    );
    assert_eq!(sandbox.transactions().len(), 1);

    // Not numeric, or longer than 36 digits: 400 case 01.
    for bad in ["abc123", "1234567890123456789012345678901234567"] {
        let mut request = merchant.prepare(&QrisQueryRequest::new("ORD-X1"));
        set_header(&mut request, "X-EXTERNAL-ID", Some(bad));
        refused(&send(&merchant.agent, &request).unwrap(), 400, "4005101");
    }
}

#[test]
fn an_expired_or_unknown_token_is_401_case_01() {
    let sandbox = Sandbox::builder()
        .token_lifetime_seconds(1)
        .start()
        .unwrap();
    let merchant = Merchant::new(&sandbox);
    assert_eq!(merchant.token.expires_in(), 1);
    std::thread::sleep(Duration::from_millis(2100));
    refused(
        &merchant.call(&QrisQueryRequest::new("ORD-1")),
        401,
        "4015101",
    );

    let fresh = Merchant::new(&sandbox);
    let stolen = AccessToken::new("0123456789abcdef", 900, now());
    refused(&query_signed(&fresh, &stolen, &now()), 401, "4015101");
    let mut request = fresh.prepare(&QrisQueryRequest::new("ORD-1"));
    set_header(&mut request, "Authorization", None);
    refused(&send(&fresh.agent, &request).unwrap(), 401, "4015101");
}

#[test]
fn headers_partner_id_and_timestamp_window_are_checked() {
    let sandbox = Sandbox::builder()
        .timestamp_window_seconds(300)
        .start()
        .unwrap();
    let merchant = Merchant::new(&sandbox);
    let mut request = merchant.prepare(&QrisQueryRequest::new("ORD-1"));
    set_header(&mut request, "X-PARTNER-ID", Some("CKSandbox-someone-else"));
    refused(&send(&merchant.agent, &request).unwrap(), 401, "4015100");
    for header in [
        "X-TIMESTAMP",
        "X-SIGNATURE",
        "X-PARTNER-ID",
        "X-EXTERNAL-ID",
    ] {
        let mut request = merchant.prepare(&QrisQueryRequest::new("ORD-1"));
        set_header(&mut request, header, None);
        refused(&send(&merchant.agent, &request).unwrap(), 400, "4005102");
    }
    let stale = now().add_seconds(-600).unwrap();
    refused(
        &query_signed(&merchant, &merchant.token, &stale),
        401,
        "4015100",
    );
}

#[test]
fn business_rules_duplicate_unknown_amount_channel_shape() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    merchant.ok(&QrisGenerateRequest::new("ORD-DUP", idr(10_000)));
    refused(
        &merchant.call(&QrisGenerateRequest::new("ORD-DUP", idr(10_000))),
        409,
        "4094701",
    );
    refused(
        &merchant.call(&QrisQueryRequest::new("ORD-NOPE")),
        404,
        "4045101",
    );
    // An e-wallet query cannot see a QRIS.
    refused(
        &merchant.call(&ayolinx_proto::api::ewallet::EwalletStatusRequest::new(
            "ORD-DUP",
        )),
        404,
        "4045501",
    );

    refused(
        &merchant.call(&QrisGenerateRequest::new("ORD-ZERO", idr(0))),
        400,
        "4004701",
    );
    let usd = Money {
        currency: "USD".into(),
        value: idr(5).value,
    };
    refused(
        &merchant.call(&QrisGenerateRequest::new("ORD-USD", usd)),
        400,
        "4004701",
    );
    refused(
        &merchant
            .call(&QrisGenerateRequest::new("ORD-CH", idr(5)).channel(Channel::EmoneyDanaSnap)),
        400,
        "4004701",
    );
    refused(
        &merchant.call(&QrisQueryRequest::with_channel(
            "ORD-DUP",
            Channel::RetailDandan,
        )),
        400,
        "4005101",
    );
    let past = WireTime::iso(now().add_seconds(-60).unwrap());
    refused(
        &merchant.call(&QrisGenerateRequest::new("ORD-PAST", idr(5)).valid_up_to(past)),
        400,
        "4004701",
    );
    refused(
        &merchant.call(&QrisGenerateRequest::new("", idr(5))),
        400,
        "4004702",
    );

    let path = "/v1.0/qr/qr-mpm-generate";
    let missing = signed_raw(
        &merchant,
        &sandbox,
        path,
        br#"{"partnerReferenceNo":"ORD-M","additionalInfo":{"channel":"BNC_QRIS"}}"#,
    );
    refused(&send(&merchant.agent, &missing).unwrap(), 400, "4004702");
    let float = signed_raw(&merchant, &sandbox, path, br#"{"partnerReferenceNo":"ORD-F","amount":{"currency":"IDR","value":10.5},"additionalInfo":{"channel":"BNC_QRIS"}}"#);
    refused(&send(&merchant.agent, &float).unwrap(), 400, "4004701");
    let not_json = signed_raw(&merchant, &sandbox, path, b"partnerReferenceNo=ORD-N");
    refused(&send(&merchant.agent, &not_json).unwrap(), 400, "4004700");

    // Retail has no service code: its refusals use 00.
    let valid = WireTime::iso(now().add_seconds(600).unwrap());
    let retail = RetailCreateRequest::new(
        "ORD-R",
        valid,
        "Budi",
        "budi@example.com",
        idr(5_000),
        Channel::RetailAlfamidi,
    );
    assert_eq!(merchant.ok(&retail).response_code.as_str(), "00");
    refused(&merchant.call(&retail), 409, "4090001");
    assert_eq!(sandbox.transactions().len(), 2);
}

fn compact_client(sandbox: &SandboxHandle) -> Client {
    Client::new(
        ClientConfig::new(
            Environment::Custom(BaseUrl::parse(sandbox.base_url()).unwrap()),
            sandbox.client_key(),
            sandbox.client_secret().clone(),
            PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap()).unwrap(),
        )
        .with_body_encoding(BodyEncoding::Compact),
    )
}

#[test]
fn php_body_encoding_can_be_required() {
    let sandbox = Sandbox::builder()
        .require_php_body_encoding(true)
        .start()
        .unwrap();
    let merchant = Merchant::new(&sandbox);
    let order = |reference: &str| {
        QrisGenerateRequest::new(reference, idr(10_000))
            .url_param(UrlParam::notification("https://shop.example/cb"))
    };
    // The core's default encoding is PHP's: accepted.
    merchant.ok(&order("ORD-PHP"));
    // Plain compact JSON (raw slashes) verifies over the raw bytes, but a PHP re-encoding differs.
    let request = compact_client(&sandbox)
        .prepare(
            &order("ORD-RAW"),
            &merchant.token,
            &now(),
            &ExternalId::new("77").unwrap(),
        )
        .unwrap();
    refused(
        &send(&merchant.agent, request.request()).unwrap(),
        401,
        "4014700",
    );

    // Without the option the same bytes are fine.
    let lenient = Sandbox::start().unwrap();
    let merchant = Merchant::new(&lenient);
    let request = compact_client(&lenient)
        .prepare(
            &order("ORD-RAW"),
            &merchant.token,
            &now(),
            &ExternalId::new("78").unwrap(),
        )
        .unwrap();
    assert_eq!(
        send(&merchant.agent, request.request()).unwrap().status,
        200
    );
}

#[test]
fn unknown_paths_are_404_invalid_routing() {
    let sandbox = Sandbox::start().unwrap();
    let answer = agent()
        .post(format!("{}/v1.0/refund", sandbox.base_url()))
        .send(&b"{}"[..])
        .unwrap();
    assert_eq!(answer.status().as_u16(), 404);
    let mut answer = answer;
    let body: serde_json::Value =
        serde_json::from_slice(&answer.body_mut().read_to_vec().unwrap()).unwrap();
    assert_eq!(body["responseCode"], "4040002");
}
