//! The other direction: requests signed the way Ayolinx signs them, for tests and for a local
//! sandbox standing in for Ayolinx. Each gives a [`SignedRequest`] whose
//! [`as_inbound`](SignedRequest::as_inbound) feeds straight into the verifiers.
//!
//! ```
//! use ayolinx_proto::callback::{sign::sign_callback, CallbackVerifier};
//! use ayolinx_proto::{PrivateKey, Timestamp};
//!
//! let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
//! let timestamp = Timestamp::from_unix(1_726_120_500)?;
//! let body = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"}}"#;
//! let signed = sign_callback(&key, "/v1.0/qr/qr-mpm-notify", body, &timestamp);
//! assert_eq!(signed.header("X-SIGNATURE").map(str::len), Some(344)); // base64 of 256 bytes
//! assert!(CallbackVerifier::new(key.public_key()).verify(&signed.as_inbound(), timestamp).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use super::headers::{InboundRequest, fmt_headers};
use super::va_verify::VaSignatureCheck;
use crate::signature::{callback_string_to_sign, request_string_to_sign, token_string_to_sign};
use crate::{PrivateKey, Secret, Timestamp};

/// The path of the merchant-hosted token endpoint Ayolinx calls.
pub const ACCESS_TOKEN_PATH: &str = "/v1.0/access-token/b2b";

/// The body Ayolinx's token request is signed with here (the SNAP standard's; the signature does
/// not cover it).
pub const ACCESS_TOKEN_BODY: &[u8] = br#"{"grantType":"client_credentials","additionalInfo":{}}"#;

/// A signed `POST`: path, headers and exact body bytes.
///
/// `Debug` never shows the `Authorization` value.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedRequest {
    /// The request target.
    pub path: String,
    /// The headers, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes that were signed.
    pub body: Vec<u8>,
}

impl SignedRequest {
    fn new(path: &str, headers: Vec<(&str, String)>, body: &[u8]) -> Self {
        Self {
            path: path.to_owned(),
            headers: headers
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
            body: body.to_vec(),
        }
    }

    /// The request as the merchant receives it (method `POST`).
    pub fn as_inbound(&self) -> InboundRequest<'_> {
        InboundRequest::new("POST", &self.path, &self.headers, &self.body)
    }

    /// The value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.as_inbound().headers.get(name)
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_headers(f, self.0.iter().map(|(n, v)| (n.as_str(), v.as_str())))
            }
        }
        f.debug_struct("SignedRequest")
            .field("path", &self.path)
            .field("headers", &Headers(&self.headers))
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// A callback signed as Ayolinx signs them (scheme C): `X-SIGNATURE` is
/// `SHA256withRSA(POST:path:sha256hex(body):X-TIMESTAMP)` with `ayolinx_key`, base64.
///
/// `path` is the merchant's callback path (what Ayolinx signs); `body` the exact bytes sent.
/// Headers: `Content-Type`, `X-TIMESTAMP`, `X-SIGNATURE`.
pub fn sign_callback(
    ayolinx_key: &PrivateKey,
    path: &str,
    body: &[u8],
    timestamp: &Timestamp,
) -> SignedRequest {
    let x_timestamp = timestamp.to_string();
    let signature = ayolinx_key
        .sign_base64(callback_string_to_sign("POST", path, body, &x_timestamp).as_bytes());
    SignedRequest::new(
        path,
        vec![
            ("Content-Type", "application/json".to_owned()),
            ("X-TIMESTAMP", x_timestamp),
            ("X-SIGNATURE", signature),
        ],
        body,
    )
}

/// Ayolinx's call to the merchant's token endpoint (scheme D): `X-SIGNATURE` is
/// `SHA256withRSA(client_key|X-TIMESTAMP)` with `ayolinx_key`, base64.
///
/// Path [`ACCESS_TOKEN_PATH`], body [`ACCESS_TOKEN_BODY`]; headers `Content-Type`,
/// `X-TIMESTAMP`, `X-CLIENT-KEY`, `X-SIGNATURE`.
///
/// ```
/// use ayolinx_proto::callback::sign::sign_merchant_token_request;
/// use ayolinx_proto::{PrivateKey, Timestamp};
/// let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
/// let signed = sign_merchant_token_request(&key, "CKSandbox-00000000-0000-0000-0000-000000000000", &Timestamp::parse("2024-09-18T06:36:36+07:00")?);
/// assert_eq!(signed.header("x-client-key"), Some("CKSandbox-00000000-0000-0000-0000-000000000000"));
/// assert_eq!(signed.header("x-signature").map(str::len), Some(344)); // base64 of 256 bytes
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign_merchant_token_request(
    ayolinx_key: &PrivateKey,
    client_key: &str,
    timestamp: &Timestamp,
) -> SignedRequest {
    let x_timestamp = timestamp.to_string();
    let signature =
        ayolinx_key.sign_base64(token_string_to_sign(client_key, &x_timestamp).as_bytes());
    SignedRequest::new(
        ACCESS_TOKEN_PATH,
        vec![
            ("Content-Type", "application/json".to_owned()),
            ("X-TIMESTAMP", x_timestamp),
            ("X-CLIENT-KEY", client_key.to_owned()),
            ("X-SIGNATURE", signature),
        ],
        ACCESS_TOKEN_BODY,
    )
}

/// What [`sign_va_payment`] needs besides the body and the time.
#[derive(Debug, Clone, Copy)]
pub struct VaPaymentSigning<'a> {
    /// The merchant's VA payment path (what is signed), e.g. `/v1.0/transfer-va/payment`.
    pub path: &'a str,
    /// The token the merchant issued, sent as `Authorization: Bearer`.
    pub access_token: &'a Secret,
    /// The merchant's client secret, the HMAC key.
    pub client_secret: &'a Secret,
    /// `X-PARTNER-ID`: the merchant's client key.
    pub partner_id: &'a str,
    /// `X-EXTERNAL-ID`.
    pub external_id: &'a str,
    /// The signature algorithm; [`VaSignatureCheck::Off`] sends no `X-SIGNATURE`.
    pub algorithm: VaSignatureCheck,
}

/// Ayolinx's SNAP VA payment call (scheme D): `X-SIGNATURE` is the HMAC of
/// `POST:path:access_token:sha256hex(body):X-TIMESTAMP` with the client secret, base64.
///
/// Headers: `Content-Type`, `X-TIMESTAMP`, `X-SIGNATURE` (unless the algorithm is `Off`),
/// `X-PARTNER-ID`, `X-EXTERNAL-ID`, `Authorization: Bearer <access_token>`.
pub fn sign_va_payment(
    signing: &VaPaymentSigning<'_>,
    body: &[u8],
    timestamp: &Timestamp,
) -> SignedRequest {
    let x_timestamp = timestamp.to_string();
    let token = signing.access_token.expose_secret();
    let string_to_sign = request_string_to_sign("POST", signing.path, token, body, &x_timestamp);
    let mut headers = vec![
        ("Content-Type", "application/json".to_owned()),
        ("X-TIMESTAMP", x_timestamp),
    ];
    if let Some(signature) = signing
        .algorithm
        .sign(signing.client_secret, &string_to_sign)
    {
        headers.push(("X-SIGNATURE", signature));
    }
    headers.extend([
        ("X-PARTNER-ID", signing.partner_id.to_owned()),
        ("X-EXTERNAL-ID", signing.external_id.to_owned()),
        ("Authorization", format!("Bearer {token}")),
    ]);
    SignedRequest::new(signing.path, headers, body)
}
