//! [`SigningStages`]: the debug view of a prepared request.

use std::fmt;

use crate::http::redact_header;
use crate::signature::{hmac_sha512_base64, request_string_to_sign, sha256_hex};
use crate::{HttpRequest, Secret};

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
            method: request.method.clone().into_owned(),
            url: request.url.clone(),
            headers: request
                .headers
                .iter()
                .map(|(name, value)| (name.to_string(), redact_header(name, value).to_owned()))
                .collect(),
            body: request.body.clone(),
            body_sha256_hex: sha256_hex(&request.body),
            string_to_sign: string_to_sign.to_owned(),
            signature: request.header("X-SIGNATURE").unwrap_or_default().to_owned(),
        }
    }

    /// The stages of a scheme-B signature over any method, path, token, body bytes and
    /// timestamp, for signature debuggers (`ayolinx sign request`) that start from what another
    /// implementation sent rather than from a typed operation. `url` is the path, and the headers
    /// are the ones the signature depends on (`Authorization` redacted).
    ///
    /// ```
    /// use ayolinx_proto::client::SigningStages;
    /// use ayolinx_proto::Secret;
    ///
    /// let stages = SigningStages::hmac_request(
    ///     "POST", "/v1.0/qr/qr-mpm-generate", "tok", &Secret::new("secret"), b"body",
    ///     "2024-09-12T12:55:00+07:00",
    /// );
    /// assert_eq!(stages.body_sha256_hex, "230d8358dc8e8890b4c58deeb62912ee2f20357ae92a5cc861b98e68fe31acb5");
    /// assert!(stages.string_to_sign.starts_with("POST:/v1.0/qr/qr-mpm-generate:[REDACTED]:230d"));
    /// assert!(stages.signature.starts_with("ahtw/knHJ6yT"));
    /// ```
    pub fn hmac_request(
        method: &str,
        path: &str,
        access_token: &str,
        client_secret: &Secret,
        body: &[u8],
        timestamp: &str,
    ) -> Self {
        let string_to_sign = request_string_to_sign(method, path, access_token, body, timestamp);
        let signature = hmac_sha512_base64(
            client_secret.expose_secret().as_bytes(),
            string_to_sign.as_bytes(),
        );
        let request = HttpRequest {
            method: method.to_ascii_uppercase().into(),
            url: path.to_owned(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                (
                    "Authorization".into(),
                    format!("Bearer {access_token}").into(),
                ),
                ("X-TIMESTAMP".into(), timestamp.to_owned().into()),
                ("X-SIGNATURE".into(), signature.into()),
            ],
            body: body.to_vec(),
        };
        let redacted = request_string_to_sign(method, path, "[REDACTED]", body, timestamp);
        Self::new(SigningScheme::HmacRequest, &redacted, &request)
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
