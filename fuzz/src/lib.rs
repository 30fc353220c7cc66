//! What the fuzz targets share: the raw input formats (a response, a request), the throwaway
//! keys, and each invariant as a function, so that every target in `fuzz_targets/` is a few lines.
//!
//! Input formats (the seed script `seeds.py` writes the same ones):
//! - a response: two bytes of HTTP status (big-endian), then the body;
//! - a request: `METHOD PATH`, then `Name: value` lines, then an empty line, then the body
//!   (lines end with `\n`; the head is read as lossy UTF-8).

use std::sync::LazyLock;

use ayolinx_proto::api::Operation;
use ayolinx_proto::api::token::{AccessToken, AccessTokenRequest};
use ayolinx_proto::callback::{
    CallbackError, CallbackErrorKind, CallbackVerifier, InboundRequest, Notification,
    TokenEndpoint, TokenRecord, VaPaymentVerifier, token_lookup_key,
};
use ayolinx_proto::client::parse_response;
use ayolinx_proto::signature::{
    callback_string_to_sign, hmac_sha512_base64, request_string_to_sign, token_string_to_sign,
};
use ayolinx_proto::{HttpResponse, PrivateKey, PublicKey, Secret, Timestamp};
use serde_json::Value;

pub mod json;
mod qris_payload;
pub use qris_payload::qris_payload;

/// The throwaway RSA 2048 test key of `ayolinx-proto/tests/fixtures/keys` (never a real key).
pub static KEY: LazyLock<PrivateKey> = LazyLock::new(|| {
    let pem = include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem");
    PrivateKey::from_pem(pem).expect("the fixture key loads")
});

/// The client key the token endpoint expects.
pub const CLIENT_KEY: &str = "CKSandbox-00000000-0000-0000-0000-000000000000";
/// The client secret the VA payment verifier uses.
pub const CLIENT_SECRET: &str = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
/// The clock when a request carries no readable `X-TIMESTAMP`: 2024-09-12T12:55:00+07:00.
pub const NOW_UNIX: i64 = 1_726_120_500;

/// A response from raw bytes: two bytes of status, then the body.
pub fn response(data: &[u8]) -> HttpResponse {
    match data {
        [high, low, body @ ..] => HttpResponse::new(u16::from_be_bytes([*high, *low]), body),
        _ => HttpResponse::new(200, data),
    }
}

/// Parses `response` as the answer to every operation (and the token answer into an
/// [`AccessToken`]); a success is only ever reported for a 2xx status.
pub fn parse_every_operation(response: &HttpResponse) {
    fn one<O: Operation>(response: &HttpResponse) -> Option<O::Response> {
        let parsed = parse_response::<O>(response);
        assert!(parsed.is_err() || (200..300).contains(&response.status));
        parsed.ok()
    }
    if let Some(answer) = one::<AccessTokenRequest>(response) {
        let now = Timestamp::from_unix(NOW_UNIX).expect("a valid time");
        if let Ok(token) = AccessToken::from_response(&answer, now) {
            assert!(token.expires_at().seconds_since(&now) >= 0);
        }
    }
    // Every other operation, from the core's one list.
    macro_rules! each {
        (
            token: $token:ty;
            $($(#[$pmeta:meta])* $product:ident $accessor:ident {
                $($(#[$mmeta:meta])* $variant:ident $method:ident($request:ty) -> $response:ty, $class:ident;)*
            })*
        ) => {
            $($(one::<$request>(response);)*)*
        };
    }
    ayolinx_proto::operations!(each);
}

/// An inbound request read from raw bytes (see the module docs).
#[derive(Debug, Clone)]
pub struct Request {
    /// The method.
    pub method: String,
    /// The request target (path and query).
    pub path: String,
    /// The headers, in order, duplicates kept.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Request {
    /// Reads `METHOD PATH\nName: value\n...\n\nbody`.
    pub fn from_bytes(data: &[u8]) -> Self {
        let split = data.windows(2).position(|w| w == b"\n\n");
        let (head, body) = match split {
            Some(at) => (&data[..at], &data[at + 2..]),
            None => (data, &[][..]),
        };
        let head = String::from_utf8_lossy(head);
        let mut lines = head.split('\n');
        let first = lines.next().unwrap_or_default();
        let (method, path) = first.split_once(' ').unwrap_or((first, ""));
        let headers = lines
            .map(|line| match line.split_once(':') {
                Some((name, value)) => (name.to_owned(), value.trim_start().to_owned()),
                None => (line.to_owned(), String::new()),
            })
            .collect();
        Self {
            method: method.to_owned(),
            path: path.to_owned(),
            headers,
            body: body.to_vec(),
        }
    }

    /// As the verifiers take it.
    pub fn inbound(&self) -> InboundRequest<'_> {
        InboundRequest::new(&self.method, &self.path, &self.headers, &self.body)
    }

    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.inbound().headers.get(name)
    }

    /// The path the verifiers sign by default: the target without its query.
    pub fn signed_path(&self) -> &str {
        self.path
            .split_once('?')
            .map_or(&self.path, |(path, _)| path)
    }

    /// The same request with every `X-SIGNATURE` replaced by one `signature`.
    pub fn resigned(&self, signature: String) -> Self {
        let mut out = self.clone();
        out.headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("X-SIGNATURE"));
        out.headers.push(("X-SIGNATURE".to_owned(), signature));
        out
    }

    /// The time of its `X-TIMESTAMP`, when readable; otherwise [`NOW_UNIX`].
    pub fn now(&self) -> Timestamp {
        self.header("X-TIMESTAMP")
            .and_then(|text| Timestamp::parse(text).ok())
            .unwrap_or_else(|| Timestamp::from_unix(NOW_UNIX).expect("a valid time"))
    }
}

/// A correctly signed request is never refused for its signature.
fn assert_signature_accepted<T>(result: &Result<T, CallbackError>) {
    if let Err(error) = result {
        assert!(
            !matches!(
                error.kind(),
                CallbackErrorKind::BadSignature { .. } | CallbackErrorKind::MalformedSignature(_)
            ),
            "a correct signature was refused: {error}"
        );
    }
}

/// The callback verifier (scheme C) on the request as given, then on the same request signed
/// correctly with the test key: the second is never refused for its signature, and when it is
/// accepted the body read back is the body sent.
pub fn callback_verifier(request: &Request) {
    let verifier = CallbackVerifier::new(KEY.public_key());
    let now = request.now();
    if let Ok(verified) = verifier.verify(&request.inbound(), now) {
        let from_json = Notification::from_json(verified.json());
        assert_same_reading(&verified.notification(), &from_json);
        assert_same_reading(&verified.into_notification(), &from_json);
    }
    let Some(timestamp) = request.header("X-TIMESTAMP") else {
        return;
    };
    let string_to_sign =
        callback_string_to_sign("POST", request.signed_path(), &request.body, timestamp);
    let signed = request.resigned(KEY.sign_base64(string_to_sign.as_bytes()));
    let result = verifier.verify(&signed.inbound(), now);
    assert_signature_accepted(&result);
    if let Ok(verified) = result {
        assert_eq!(verified.body(), request.body.as_slice());
        let _ = verified.notification();
    }
}

/// The merchant-hosted token endpoint (scheme D) on the request as given, then signed correctly.
pub fn token_endpoint(request: &Request) {
    let endpoint = TokenEndpoint::new(KEY.public_key(), CLIENT_KEY);
    let now = request.now();
    let _ = endpoint.verify(&request.inbound(), now);
    let (Some(client_key), Some(timestamp)) = (
        request.header("X-CLIENT-KEY"),
        request.header("X-TIMESTAMP"),
    ) else {
        return;
    };
    let string_to_sign = token_string_to_sign(client_key, timestamp);
    let signed = request.resigned(KEY.sign_base64(string_to_sign.as_bytes()));
    let result = endpoint.verify(&signed.inbound(), now);
    assert_signature_accepted(&result);
    if let Ok(verified) = result {
        assert_eq!(client_key, CLIENT_KEY);
        let _ = endpoint.issue(&verified, [7; 32], now);
    }
}

/// The VA payment verifier (scheme D, HMAC-SHA512) on the request as given, then signed
/// correctly; the token store knows whatever bearer token the request carries.
pub fn va_payment(request: &Request) {
    let verifier = VaPaymentVerifier::new(Secret::new(CLIENT_SECRET));
    let now = request.now();
    let token = request
        .header("Authorization")
        .and_then(|value| value.split_once(' '))
        .map(|(_, token)| token.to_owned());
    let lookup = |key: &str| {
        let token = token.clone()?;
        let expires_at = now.add_seconds(900).ok()?;
        (key == token_lookup_key(&token)).then(|| TokenRecord::new(Secret::new(token), expires_at))
    };
    let _ = verifier.verify(&request.inbound(), now, lookup);
    let (Some(bearer), Some(timestamp)) = (token.as_deref(), request.header("X-TIMESTAMP")) else {
        return;
    };
    let string_to_sign = request_string_to_sign(
        "POST",
        request.signed_path(),
        bearer,
        &request.body,
        timestamp,
    );
    let signature = hmac_sha512_base64(CLIENT_SECRET.as_bytes(), string_to_sign.as_bytes());
    let signed = request.resigned(signature);
    let result = verifier.verify(&signed.inbound(), now, lookup);
    assert_signature_accepted(&result);
    if let Ok(payment) = result {
        let _ = (payment.idempotency_key(), payment.paid_amount());
    }
}

/// Private keys from DER, and from PEM when the bytes are UTF-8: a key that loads signs, and its
/// public half verifies that signature.
pub fn private_key(data: &[u8]) {
    let pem = std::str::from_utf8(data).ok();
    for key in [
        PrivateKey::from_der(data).ok(),
        pem.and_then(|pem| PrivateKey::from_pem(pem).ok()),
    ]
    .into_iter()
    .flatten()
    {
        let signature = key.sign_base64(data);
        assert!(key.public_key().verify_base64(data, &signature).is_ok());
    }
}

/// Public keys from DER, and from PEM when the bytes are UTF-8: a key that loads survives its
/// own DER (SPKI and PKCS#1) and PEM encodings.
pub fn public_key(data: &[u8]) {
    let pem = std::str::from_utf8(data).ok();
    for key in [
        PublicKey::from_der(data).ok(),
        pem.and_then(|pem| PublicKey::from_pem(pem).ok()),
    ]
    .into_iter()
    .flatten()
    {
        assert_eq!(PublicKey::from_der(&key.to_der()).ok().as_ref(), Some(&key));
        assert_eq!(
            PublicKey::from_der(&key.to_pkcs1_der()).ok().as_ref(),
            Some(&key)
        );
        assert_eq!(PublicKey::from_pem(&key.to_pem()).ok().as_ref(), Some(&key));
    }
}

/// Two readings of one body are the same: the same notification, every typed field and the
/// fields not modelled included, or the same error.
fn assert_same_reading(
    left: &Result<Notification, CallbackError>,
    right: &Result<Notification, CallbackError>,
) {
    let seen = |reading: &Result<Notification, CallbackError>| match reading {
        Ok(notification) => format!(
            "{notification:?} {:?} {:?}",
            notification.extra(),
            notification.additional_info().extra()
        ),
        Err(error) => error.to_string(),
    };
    assert_eq!(seen(left), seen(right));
}

/// A notification reads from bytes (the reader over the body text, strings as ranges of it)
/// exactly as from the parsed `serde_json::Value`; and one that reads survives serialise-then-read unchanged,
/// unknown fields included.
pub fn notification(data: &[u8]) {
    let from_bytes = Notification::from_json_bytes(data);
    match serde_json::from_slice::<Value>(data) {
        Ok(value) => assert_same_reading(&from_bytes, &Notification::from_json(&value)),
        Err(_) => assert!(from_bytes.is_err(), "read a body serde_json refuses"),
    }
    if let Ok(notification) = from_bytes {
        let bytes = serde_json::to_vec(&notification).expect("a notification serialises");
        let again = Notification::from_json_bytes(&bytes).expect("it reads back");
        assert_eq!(again, notification);
        assert!(
            notification
                .extra()
                .keys()
                .all(|key| again.json().contains_key(key))
        );
        let value: Value = serde_json::from_slice(data).expect("it was JSON");
        assert_eq!(Value::Object(again.json().clone()), value);
    }
}
