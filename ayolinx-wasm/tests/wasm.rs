//! The bindings on wasm32-unknown-unknown, in Node (`wasm-bindgen-test-runner`): each exported
//! function and class, called as JavaScript calls it, checked against the core.
//!
//! Run with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p
//! ayolinx-wasm --target wasm32-unknown-unknown` (`.ci/wasm.sh` does).
#![cfg(target_arch = "wasm32")]
// Helpers outside #[wasm_bindgen_test] functions fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use ayolinx_proto::Timestamp;
use ayolinx_proto::signature::{
    callback_string_to_sign, hmac_sha512_base64, request_string_to_sign,
};
use ayolinx_wasm::{
    AyolinxClient, CallbackVerifier, Failure, encode_body, request_signature, sign_sha256_with_rsa,
    token_signature, verify_callback_signature, verify_sha256_with_rsa,
};
use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const PRIVATE_PEM: &str = include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem");
const PUBLIC_PEM: &str = include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_public.pem");
const TIMESTAMP: &str = "2024-09-12T12:55:00+07:00";
/// 2024-09-12T12:55:00+07:00 in milliseconds.
const NOW_MILLIS: f64 = 1_726_120_500_000.0;
/// `openssl dgst -sha256 -sign rsa2048_pkcs8.pem` of `CK-1|2024-09-12T12:55:00+07:00`, base64:
/// the package's RSA is WebCrypto's, checked against an implementation outside it.
const CK1_SIGNATURE: &str = "JYYSolmtlPg4cvYsfXz8fzpXBtK/O5Btrxo2EGIpGe2zvDasaeGpdrRwAuD9XikKKkLa1apFKU50qtPI7bmQjxiRlcOg6kdCDs6pMuGQOMit9zFYxtKAwa/Q0ooTYphw4BoNgHbKkaOZfafFdlZVQJj+aZNdN9Lry4r+dsY1W/EmDaVc3+aV1soNFwZdnKSd8EDihOgRxxioNHk1drj79FUqcNX6K4opMzL6FGrRAeYKOXfap/xvIpxgJE1qEHVFqoybYgb6QlSE+ORrwBQ4JQBP0jIGRI5aQK+GZ98CTFoA62+mx+OTsLjQ9Vvb8/MJlWMJNwXOICRgXI0t+JYROA==";
/// The same for `CKSandbox-00000000-0000-0000-0000-000000000000|2024-09-12T12:55:00+07:00`.
const SANDBOX_TOKEN_SIGNATURE: &str = "THnYEsxGLG4dZm+Xu+uX/b2zX7AkmciG6QMYubsz4sW6xsaseiXgLoO+tkyTX3QtAUuVYXjds+7dtPFlOP+0CZ5jSadYY/WrkP2yHE6F3G9JQwB8aGkNeU20vNc9VhN/zuT8AsqUUUjiwALDQ+pU/lLv6Fc4vhVhe6dLqqbeomRpUL1lzvV0W+F/OaNI4FpaEoCylCoTIDsyOYt9S8v7LdE/3wZapap5F7gOd3KtPin0lVwCFdQlzfFpp/gczvo0o6HwXlo3A4M2yIeZt7LkQ3Ujh0+WP0N8u29orGXTtmYCSZ05GhDaMFwUaFp1wu0zRDR0kevsOvkOWxm4i+kIKw==";

/// SHA256withRSA of `message` with the fixture key, through the package (WebCrypto).
async fn rsa_sign(message: &str) -> String {
    sign_sha256_with_rsa(s(PRIVATE_PEM), s(message))
        .await
        .unwrap()
}

fn js(source: &str) -> JsValue {
    js_sys::eval(&format!("({source})")).unwrap()
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn get(object: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(object.clone(), |value, name| {
        Reflect::get(&value, &name.into()).unwrap()
    })
}

fn text(object: &JsValue, path: &str) -> String {
    get(object, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

fn code<T: std::fmt::Debug>(result: Result<T, Failure>) -> &'static str {
    result.unwrap_err().code()
}

/// The `code` of the Error an async function rejected with.
fn rejected<T: std::fmt::Debug>(result: Result<T, JsValue>) -> String {
    text(&result.unwrap_err(), "code")
}

/// The value a Promise resolves to, or what it rejects with.
async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn client() -> AyolinxClient {
    let options = js_sys::Object::new();
    for (name, value) in [
        (
            "clientKey",
            "CKSandbox-00000000-0000-0000-0000-000000000000",
        ),
        (
            "clientSecret",
            "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e",
        ),
        ("privateKeyPem", PRIVATE_PEM),
        ("baseUrl", "http://127.0.0.1:8080/prefix"),
    ] {
        Reflect::set(&options, &name.into(), &value.into()).unwrap();
    }
    AyolinxClient::new(options.into()).unwrap()
}

#[wasm_bindgen_test]
async fn token_signature_is_webcryptos_and_the_core_verifies_it() {
    let signature = token_signature(s(PRIVATE_PEM), s("CK-1"), s(TIMESTAMP))
        .await
        .unwrap();
    assert_eq!(signature, CK1_SIGNATURE);
    let signed = format!("CK-1|{TIMESTAMP}");
    assert!(
        verify_sha256_with_rsa(s(PUBLIC_PEM), s(&signed), s(&signature))
            .await
            .unwrap()
    );
    assert!(
        !verify_sha256_with_rsa(s(PUBLIC_PEM), s("CK-2"), s(&signature))
            .await
            .unwrap()
    );
    assert_eq!(
        rejected(token_signature(s("not a key"), s("CK-1"), s(TIMESTAMP)).await),
        "invalid_key"
    );
    assert_eq!(
        rejected(token_signature(s(PRIVATE_PEM), s("CK-1"), s("12/09/2024")).await),
        "invalid_timestamp"
    );
    assert_eq!(
        rejected(token_signature(s(PRIVATE_PEM), JsValue::UNDEFINED, s(TIMESTAMP)).await),
        "invalid_argument"
    );
}

#[wasm_bindgen_test]
fn request_signature_hashes_the_same_bytes_from_a_string_or_a_uint8array() {
    let body = r#"{"partnerReferenceNo":"ORD-1","note":"café"}"#;
    let from_text = request_signature(
        s("secret"),
        s("POST"),
        s("/p"),
        s("tok"),
        s(body),
        s(TIMESTAMP),
    )
    .unwrap();
    let bytes = Uint8Array::from(body.as_bytes());
    let from_bytes = request_signature(
        s("secret"),
        s("post"),
        s("/p"),
        s("tok"),
        bytes.into(),
        s(TIMESTAMP),
    )
    .unwrap();
    let expected = hmac_sha512_base64(
        b"secret",
        request_string_to_sign("POST", "/p", "tok", body.as_bytes(), TIMESTAMP).as_bytes(),
    );
    assert_eq!(
        (from_text.as_str(), from_bytes.as_str()),
        (expected.as_str(), expected.as_str())
    );
    let number_body = request_signature(
        s("secret"),
        s("POST"),
        s("/p"),
        s("tok"),
        js("42"),
        s(TIMESTAMP),
    );
    assert_eq!(code(number_body), "invalid_argument");
}

#[wasm_bindgen_test]
async fn verify_callback_signature_accepts_the_genuine_and_refuses_any_change() {
    let body = br#"{"originalReferenceNo":"AYO-REF-1","latestTransactionStatus":"00"}"#;
    let signature = rsa_sign(&callback_string_to_sign("POST", "/cb", body, TIMESTAMP)).await;
    let check = |path: &str, body: &[u8], signature: &str| {
        verify_callback_signature(
            s(PUBLIC_PEM),
            s("POST"),
            s(path),
            Uint8Array::from(body).into(),
            s(TIMESTAMP),
            s(signature),
        )
    };
    assert!(check("/cb", body, &signature).await.unwrap());
    assert!(!check("/other", body, &signature).await.unwrap());
    assert!(!check("/cb", &body[1..], &signature).await.unwrap());
    assert!(!check("/cb", body, "not base64!").await.unwrap());
    assert!(!check("/cb", body, "").await.unwrap());
    assert!(!check("/cb", body, &signature[4..]).await.unwrap());
    let bad_key = verify_callback_signature(
        s("x"),
        s("POST"),
        s("/cb"),
        s("{}"),
        s(TIMESTAMP),
        s(&signature),
    );
    assert_eq!(rejected(bad_key.await), "invalid_key");
}

#[wasm_bindgen_test]
fn encode_body_writes_php_or_compact_bytes() {
    let value = js(
        r#"{ url: "https://a.id/x", name: "café", n: 1, f: 1.5, big: 9007199254740993n, none: undefined, list: [null, true] }"#,
    );
    assert_eq!(
        encode_body(value.clone(), s("php")).unwrap(),
        r#"{"url":"https:\/\/a.id\/x","name":"caf\u00e9","n":1,"f":1.5,"big":9007199254740993,"list":[null,true]}"#
    );
    assert_eq!(
        encode_body(value, s("compact")).unwrap(),
        r#"{"url":"https://a.id/x","name":"café","n":1,"f":1.5,"big":9007199254740993,"list":[null,true]}"#
    );
    assert_eq!(code(encode_body(js("{}"), s("xml"))), "invalid_argument");
}

#[wasm_bindgen_test]
fn encode_body_refuses_what_json_stringify_would_silently_change() {
    for (source, expected_code, path) in [
        ("{ a: NaN }", "unsupported_value", "$.a"),
        ("{ a: [1, Infinity] }", "unsupported_value", "$.a[1]"),
        ("{ a: 2 ** 53 }", "unsupported_value", "$.a"),
        ("{ a: 2n ** 64n }", "unsupported_value", "$.a"),
        ("[1, undefined]", "unsupported_value", "$[1]"),
        ("{ a: () => 1 }", "unsupported_value", "$.a"),
        ("{ a: Symbol('x') }", "unsupported_value", "$.a"),
        ("{ when: new Date(0) }", "unsupported_value", "$.when"),
        ("{ m: new Map() }", "unsupported_value", "$.m"),
        ("{ b: new Uint8Array(2) }", "unsupported_value", "$.b"),
        ("{ s: '\\ud800' }", "invalid_argument", "$.s"),
        ("undefined", "unsupported_value", "$"),
        (
            "(() => { const a = {}; a.self = a; return a; })()",
            "too_deep",
            "$.self",
        ),
        (
            "{ get boom() { throw new Error('getter') } }",
            "unsupported_value",
            "$",
        ),
    ] {
        let failure = encode_body(js(source), s("php")).unwrap_err();
        assert_eq!(
            failure.code(),
            expected_code,
            "{source}: {}",
            failure.message()
        );
        assert!(
            failure.message().starts_with(path),
            "{source}: {}",
            failure.message()
        );
    }
    let nested = |levels: usize| {
        js(&format!(
            "(() => {{ let v = 1; for (let i = 0; i < {levels}; i++) v = [v]; return v; }})()"
        ))
    };
    assert_eq!(code(encode_body(nested(129), s("php"))), "too_deep");
    assert_eq!(code(encode_body(nested(100_000), s("php"))), "too_deep");
    assert!(encode_body(nested(128), s("php")).is_ok());
    let beyond_i64 = encode_body(js("{ a: 2n ** 63n }"), s("php")).unwrap_err();
    assert_eq!(
        beyond_i64.code(),
        "invalid_body",
        "{}",
        beyond_i64.message()
    );
}

#[wasm_bindgen_test]
async fn the_client_prepares_the_token_request_signed_with_the_private_key() {
    let prepared =
        settle(client().prepare_token(Some(js(&format!("{{ timestamp: {NOW_MILLIS} }}")))))
            .await
            .unwrap();
    assert_eq!(
        text(&prepared, "url"),
        "http://127.0.0.1:8080/prefix/v1.0/access-token/b2b"
    );
    assert_eq!(
        text(&prepared, "body"),
        r#"{"grantType":"client_credentials"}"#
    );
    assert_eq!(text(&prepared, "headers.X-TIMESTAMP"), TIMESTAMP);
    assert_eq!(
        text(&prepared, "headers.X-SIGNATURE"),
        SANDBOX_TOKEN_SIGNATURE
    );
}

#[wasm_bindgen_test]
fn the_client_prepares_a_call_with_the_exact_body_it_signed() {
    let request = js(
        r#"{ partnerReferenceNo: "ORD-1", amount: { value: "15000.00", currency: "IDR" }, additionalInfo: { channel: "BNC_QRIS" }, urlParams: [{ type: "NOTIFICATION", url: "https://m.id/cb" }] }"#,
    );
    let options = js(&format!(
        r#"{{ accessToken: "tok", timestamp: "{TIMESTAMP}", externalId: "418075533589" }}"#
    ));
    let prepared = client()
        .prepare(s("qris.generate"), request, options)
        .unwrap();
    let body = text(&prepared, "body");
    assert_eq!(
        body,
        r#"{"partnerReferenceNo":"ORD-1","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS"},"urlParams":[{"type":"NOTIFICATION","url":"https:\/\/m.id\/cb"}]}"#
    );
    assert_eq!(
        text(&prepared, "url"),
        "http://127.0.0.1:8080/prefix/v1.0/qr/qr-mpm-generate"
    );
    assert_eq!(text(&prepared, "headers.X-EXTERNAL-ID"), "418075533589");
    assert_eq!(text(&prepared, "headers.Authorization"), "Bearer tok");
    let expected = hmac_sha512_base64(
        b"SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e",
        request_string_to_sign(
            "POST",
            "/prefix/v1.0/qr/qr-mpm-generate",
            "tok",
            body.as_bytes(),
            TIMESTAMP,
        )
        .as_bytes(),
    );
    assert_eq!(text(&prepared, "headers.X-SIGNATURE"), expected);
}

#[wasm_bindgen_test]
fn the_client_defaults_the_timestamp_and_external_id_from_the_host() {
    let request =
        js(r#"{ originalPartnerReferenceNo: "ORD-1", additionalInfo: { channel: "BNC_QRIS" } }"#);
    let before = js_sys::Date::now();
    let first = client()
        .prepare(
            s("qris.query"),
            request.clone(),
            js(r#"{ accessToken: "tok" }"#),
        )
        .unwrap();
    let second = client()
        .prepare(s("qris.query"), request, js(r#"{ accessToken: "tok" }"#))
        .unwrap();
    let sent = Timestamp::parse(&text(&first, "headers.X-TIMESTAMP")).unwrap();
    assert_eq!(sent.offset_seconds(), 7 * 3600);
    assert!((sent.unix_seconds() as f64 - before / 1000.0).abs() < 5.0);
    let (id1, id2) = (
        text(&first, "headers.X-EXTERNAL-ID"),
        text(&second, "headers.X-EXTERNAL-ID"),
    );
    assert!(
        id1.len() == 36 && id1.bytes().all(|b| b.is_ascii_digit()),
        "{id1}"
    );
    assert_ne!(
        id1, id2,
        "crypto.getRandomValues gives each call its own id"
    );
}

#[wasm_bindgen_test]
fn the_client_refuses_unusable_calls_with_a_code() {
    let c = client();
    let ok_options = || js(r#"{ accessToken: "tok" }"#);
    assert_eq!(
        code(c.prepare(s("qris.nope"), js("{}"), ok_options())),
        "unknown_operation"
    );
    assert_eq!(
        code(c.prepare(s("token"), js("{}"), ok_options())),
        "invalid_argument"
    );
    let float_amount = js(
        r#"{ partnerReferenceNo: "ORD-1", amount: { value: 15000.5, currency: "IDR" }, additionalInfo: { channel: "BNC_QRIS" } }"#,
    );
    assert_eq!(
        code(c.prepare(s("qris.generate"), float_amount, ok_options())),
        "invalid_request"
    );
    let request =
        js(r#"{ originalPartnerReferenceNo: "ORD-1", additionalInfo: { channel: "BNC_QRIS" } }"#);
    assert_eq!(
        code(c.prepare(s("qris.query"), request.clone(), js("{}"))),
        "invalid_argument"
    );
    assert_eq!(
        code(c.prepare(
            s("qris.query"),
            request.clone(),
            js(r#"{ accessToken: "tok", externalId: "12ab" }"#)
        )),
        "invalid_external_id"
    );
    assert_eq!(
        code(c.prepare(
            s("qris.query"),
            request.clone(),
            js(r#"{ accessToken: "tok", timestamp: NaN }"#)
        )),
        "unsupported_value"
    );
    assert_eq!(
        code(c.prepare(
            s("qris.query"),
            request,
            js(r#"{ accessToken: "tok", colour: 1 }"#)
        )),
        "invalid_argument"
    );
    assert_eq!(
        code(AyolinxClient::new(js(
            r#"{ clientKey: "CK", clientSecret: "SK", privateKeyPem: "x", baseUrl: "sandbox" }"#
        ))),
        "invalid_key"
    );
    let bad_url = js(&format!(
        "{{ clientKey: 'CK', clientSecret: 'SK', privateKeyPem: {PRIVATE_PEM:?}, baseUrl: 'ftp://x' }}"
    ));
    assert_eq!(code(AyolinxClient::new(bad_url)), "invalid_base_url");
}

#[wasm_bindgen_test]
fn the_client_parses_answers_and_throws_business_errors_with_their_details() {
    let c = client();
    let qr = c
        .parse(s("qris.generate"), js("200"), s(r#"{"responseCode":"2004700","responseMessage":"Successful","qrContent":"000201","newField":{"x":1}}"#))
        .unwrap();
    assert_eq!(text(&qr, "qrContent"), "000201");
    assert_eq!(get(&qr, "newField.x").as_f64(), Some(1.0));
    let token = c
        .parse(s("token"), js("200"), s(r#"{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}"#))
        .unwrap();
    assert_eq!(text(&token, "accessToken"), "tok");
    let refused = c
        .parse(
            s("qris.query"),
            js("401"),
            s(r#"{"responseCode":"4015101","responseMessage":"Invalid Token (B2B)"}"#),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "business");
    assert_eq!(
        refused.detail("needsTokenRefresh"),
        Some(&serde_json::json!(true))
    );
    assert_eq!(
        code(c.parse(s("qris.query"), js("502"), s("<html>"))),
        "not_json"
    );
    assert_eq!(
        code(c.parse(s("qris.query"), js("200"), s(""))),
        "empty_body"
    );
    assert_eq!(
        code(c.parse(
            s("qris.query"),
            js("200"),
            s(r#"{"responseCode":"2005100""#)
        )),
        "malformed_json"
    );
    assert_eq!(
        code(c.parse(s("qris.query"), js("2000"), s("{}"))),
        "invalid_argument"
    );
    // The thrown value is an Error with the code as a property.
    let thrown = JsValue::from(refused);
    assert!(thrown.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&thrown, "code"), "business");
    assert_eq!(get(&thrown, "httpStatus").as_f64(), Some(401.0));
}

fn verifier() -> CallbackVerifier {
    CallbackVerifier::new(js(&format!("{{ publicKeyPem: {PUBLIC_PEM:?} }}"))).unwrap()
}

/// The `X-TIMESTAMP` and `X-SIGNATURE` Ayolinx would send with `body` to `/webhooks/ayolinx`.
async fn signed_callback(body: &[u8]) -> (String, String) {
    let signature = rsa_sign(&callback_string_to_sign(
        "POST",
        "/webhooks/ayolinx",
        body,
        TIMESTAMP,
    ))
    .await;
    (TIMESTAMP.to_owned(), signature)
}

fn inbound(path: &str, timestamp: &str, signature: &str, body: &[u8]) -> JsValue {
    let request = js(&format!(
        "{{ method: 'POST', path: {path:?}, headers: [['x-timestamp', {timestamp:?}], ['X-Signature', {signature:?}]] }}"
    ));
    Reflect::set(&request, &"body".into(), &Uint8Array::from(body).into()).unwrap();
    request
}

#[wasm_bindgen_test]
async fn the_verifier_returns_the_notification_of_a_genuine_callback() {
    let body = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS"},"newField":1}"#;
    let (timestamp, signature) = signed_callback(body).await;
    let notification = settle(verifier().verify(
        inbound("/webhooks/ayolinx", &timestamp, &signature, body),
        Some(NOW_MILLIS + 90_000.0),
    ))
    .await
    .unwrap();
    assert_eq!(text(&notification, "kind"), "QRIS");
    assert_eq!(text(&notification, "dedupKey"), "AYO-REF-1:00");
    assert_eq!(text(&notification, "amount.value"), "15000.00");
    assert_eq!(get(&notification, "isPaid").as_bool(), Some(true));
    assert_eq!(get(&notification, "json.newField").as_f64(), Some(1.0));
    let ack = CallbackVerifier::acknowledgement(s("stored")).unwrap();
    assert_eq!(get(&ack, "status").as_f64(), Some(200.0));
    assert_eq!(
        text(&ack, "body"),
        r#"{"responseCode":"2005600","responseMessage":"Successful"}"#
    );
    assert_eq!(
        get(
            &CallbackVerifier::acknowledgement(s("could_not_store")).unwrap(),
            "status"
        )
        .as_f64(),
        Some(500.0)
    );
    assert_eq!(
        code(CallbackVerifier::acknowledgement(s("ok"))),
        "invalid_argument"
    );
}

#[wasm_bindgen_test]
async fn the_verifier_names_each_refusal_and_gives_the_answer_to_send() {
    let body = br#"{"originalReferenceNo":"AYO-REF-1","latestTransactionStatus":"00"}"#;
    let (timestamp, signature) = signed_callback(body).await;
    let v = verifier();
    let now = Some(NOW_MILLIS);
    let tampered = br#"{"originalReferenceNo":"AYO-REF-2","latestTransactionStatus":"00"}"#;
    let refusal = settle(v.verify(
        inbound("/webhooks/ayolinx", &timestamp, &signature, tampered),
        now,
    ))
    .await
    .unwrap_err();
    assert_eq!(text(&refusal, "code"), "bad_signature");
    assert_eq!(
        get(&refusal, "acknowledgement.status").as_f64(),
        Some(401.0)
    );
    assert_eq!(
        rejected(settle(v.verify(inbound("/elsewhere", &timestamp, &signature, body), now)).await),
        "bad_signature"
    );
    assert_eq!(
        rejected(
            settle(v.verify(
                inbound("/webhooks/ayolinx", &timestamp, &signature, body),
                Some(NOW_MILLIS + 7_200_000.0)
            ))
            .await
        ),
        "stale_timestamp"
    );
    assert_eq!(
        rejected(
            settle(v.verify(
                inbound("/webhooks/ayolinx", "yesterday", &signature, body),
                now
            ))
            .await
        ),
        "malformed_timestamp"
    );
    assert_eq!(
        rejected(
            settle(v.verify(inbound("/webhooks/ayolinx", &timestamp, "%%%", body), now)).await
        ),
        "malformed_signature"
    );
    let no_signature = js(&format!(
        "{{ method: 'POST', path: '/webhooks/ayolinx', headers: {{ 'X-TIMESTAMP': {timestamp:?} }}, body: '{{}}' }}"
    ));
    assert_eq!(
        rejected(settle(v.verify(no_signature, now)).await),
        "missing_header"
    );
    let get_request = js(&format!(
        "{{ method: 'GET', path: '/webhooks/ayolinx', headers: new Map([['X-TIMESTAMP', {timestamp:?}], ['X-SIGNATURE', {signature:?}]]), body: '' }}"
    ));
    assert_eq!(
        rejected(settle(v.verify(get_request, now)).await),
        "method_not_allowed"
    );
    assert_eq!(
        rejected(settle(v.verify(js("'POST /cb'"), now)).await),
        "invalid_argument"
    );
    assert_eq!(
        rejected(
            settle(v.verify(
                js("{ method: 'POST', path: '/cb', headers: 5, body: '' }"),
                now
            ))
            .await
        ),
        "invalid_argument"
    );
    assert_eq!(
        rejected(
            settle(v.verify(
                inbound("/webhooks/ayolinx", &timestamp, &signature, body),
                Some(f64::NAN)
            ))
            .await
        ),
        "invalid_argument"
    );
    assert_eq!(
        code(CallbackVerifier::new(js("{ publicKeyPem: 'x' }"))),
        "invalid_key"
    );
    assert_eq!(
        code(CallbackVerifier::new(js(&format!(
            "{{ publicKeyPem: {PUBLIC_PEM:?}, windowSeconds: -1 }}"
        )))),
        "invalid_argument"
    );
}
