//! [`SigningStages`]: the debug view of a prepared request.

use std::fmt;

use crate::HttpRequest;
use crate::http::redact_header;
use crate::signature::sha256_hex;

/// Which signature a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningScheme {
    /// Scheme A: SHA256withRSA over `client_key|X-TIMESTAMP` (the access-token request). The body
    /// is not signed.
    RsaToken,
    /// Scheme B: HMAC-SHA512 over `POST:path:token:sha256hex(body):X-TIMESTAMP`.
    HmacRequest,
}

/// Every stage of a prepared request's signature, printable with secrets redacted: compare them
/// one by one with the other side's to find where a "signature mismatch" starts.
///
/// The `Authorization` header shows as `Bearer [REDACTED]` and the token in the string to sign as
/// `[REDACTED]`; the signature is shown (it is not a secret).
///
/// ```
/// use ayolinx_proto::api::qris::QrisQueryRequest;
/// use ayolinx_proto::api::token::AccessToken;
/// use ayolinx_proto::{Client, ClientConfig, Environment, ExternalId, PrivateKey, Timestamp};
///
/// # let pem = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
/// let client = Client::new(ClientConfig::new(Environment::Sandbox, "CK-1", "SK-1", PrivateKey::from_pem(pem)?));
/// let now = Timestamp::from_unix(1_726_120_500)?;
/// let token = AccessToken::new("very-secret-token", 900, now);
/// let prepared = client.prepare(&QrisQueryRequest::new("ORD-1"), &token, &now, &ExternalId::new("1")?)?;
/// let stages = prepared.signing_stages().to_string();
/// assert!(stages.contains("POST:/v1.0/qr/qr-mpm-query:[REDACTED]:"));
/// assert!(!stages.contains("very-secret-token"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningStages {
    /// The signature scheme.
    pub scheme: SigningScheme,
    /// The method.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// The headers in order, `Authorization` redacted.
    pub headers: Vec<(String, String)>,
    /// The body bytes exactly as sent.
    pub body: Vec<u8>,
    /// Lowercase hex SHA-256 of the body.
    pub body_sha256_hex: String,
    /// The string to sign, the access token replaced by `[REDACTED]`.
    pub string_to_sign: String,
    /// The `X-SIGNATURE` value.
    pub signature: String,
}

impl SigningStages {
    pub(crate) fn new(scheme: SigningScheme, string_to_sign: &str, request: &HttpRequest) -> Self {
        Self {
            scheme,
            method: request.method.clone(),
            url: request.url.clone(),
            headers: request
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), redact_header(name, value).to_owned()))
                .collect(),
            body: request.body.clone(),
            body_sha256_hex: sha256_hex(&request.body),
            string_to_sign: string_to_sign.to_owned(),
            signature: request.header("X-SIGNATURE").unwrap_or_default().to_owned(),
        }
    }
}

impl fmt::Display for SigningStages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.scheme {
            SigningScheme::RsaToken => "A (SHA256withRSA, merchant private key)",
            SigningScheme::HmacRequest => "B (HMAC-SHA512, client secret)",
        };
        writeln!(f, "scheme:         {scheme}")?;
        writeln!(f, "request:        {} {}", self.method, self.url)?;
        for (name, value) in &self.headers {
            writeln!(f, "header:         {name}: {value}")?;
        }
        writeln!(f, "body:           {}", String::from_utf8_lossy(&self.body))?;
        writeln!(f, "body sha256:    {}", self.body_sha256_hex)?;
        writeln!(f, "string to sign: {}", self.string_to_sign)?;
        write!(f, "signature:      {}", self.signature)
    }
}
