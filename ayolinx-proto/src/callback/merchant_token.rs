//! Scheme D, first half: the merchant-hosted `POST /v1.0/access-token/b2b` that Ayolinx calls
//! before a SNAP VA payment. [`TokenEndpoint`] verifies the call and issues an opaque token.
// Without an RSA backend `verify` is left out, and with it the imports only it uses.
#![cfg_attr(not(rsa_backend), allow(unused_imports, dead_code))]

use std::fmt;

use subtle::ConstantTimeEq as _;

use super::ack::{self, Acknowledgement};
use super::endpoint::Endpoint;
use super::error::{CallbackError, CallbackErrorKind};
use super::headers::InboundRequest;
use super::verify::{DEFAULT_WINDOW_SECONDS, check_method, check_timestamp, signature_failure};
use crate::signature::{lower_hex, sha256_hex, token_string_to_sign};
use crate::time::TimestampError;
use crate::{PublicKey, Secret, Timestamp};

/// The default lifetime of an issued token: 900 s, the SNAP standard's.
pub const DEFAULT_TOKEN_LIFETIME_SECONDS: u32 = 900;

/// Verifies Ayolinx's call to the merchant's token endpoint and issues tokens.
///
/// Ayolinx signs `X-CLIENT-KEY|X-TIMESTAMP` with SHA256withRSA and its private key; the endpoint
/// checks, each failure its own [`CallbackErrorKind`]: the method is `POST`; `X-CLIENT-KEY`,
/// `X-TIMESTAMP` and `X-SIGNATURE` are present; the timestamp is within the window; the signature
/// holds under Ayolinx's public key; and `X-CLIENT-KEY` is the configured client key (compared in
/// constant time and never shown). The body is not read.
///
/// The core stores nothing: [`issue`](TokenEndpoint::issue) makes a token from caller-supplied
/// random bytes, and the caller keeps its [`TokenRecord`] under its
/// [`lookup_key`](IssuedToken::lookup_key) until it expires.
///
/// ```
/// use ayolinx_proto::callback::{sign::sign_merchant_token_request, TokenEndpoint};
/// use ayolinx_proto::{PrivateKey, Timestamp};
///
/// let ayolinx_key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
/// let now = Timestamp::from_unix(1_726_120_500)?;
/// let request = sign_merchant_token_request(&ayolinx_key, "CKSandbox-1", &now);
///
/// let endpoint = TokenEndpoint::new(ayolinx_key.public_key(), "CKSandbox-1");
/// let verified = endpoint.verify(&request.as_inbound(), now)?;
/// let issued = endpoint.issue(&verified, [7; 32], now)?;
/// assert_eq!(issued.expires_at(), now.add_seconds(900)?);
/// let answer = issued.acknowledgement();
/// assert_eq!(answer.status, 200);
/// assert!(answer.body_text().starts_with(r#"{"responseCode":"2007300","responseMessage":"Successful","accessToken":"0707"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TokenEndpoint {
    key: PublicKey,
    client_key: Secret,
    window_seconds: u32,
    lifetime_seconds: u32,
}

impl TokenEndpoint {
    /// An endpoint checking signatures with Ayolinx's public key and `X-CLIENT-KEY` against
    /// `client_key`, with the window of [`DEFAULT_WINDOW_SECONDS`] and tokens living
    /// [`DEFAULT_TOKEN_LIFETIME_SECONDS`].
    pub fn new(ayolinx_public_key: PublicKey, client_key: impl Into<Secret>) -> Self {
        Self {
            key: ayolinx_public_key,
            client_key: client_key.into(),
            window_seconds: DEFAULT_WINDOW_SECONDS,
            lifetime_seconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
        }
    }

    /// How far, in seconds either side of `now`, `X-TIMESTAMP` may be.
    pub fn window_seconds(mut self, window_seconds: u32) -> Self {
        self.window_seconds = window_seconds;
        self
    }

    /// How long issued tokens live, in seconds.
    pub fn token_lifetime_seconds(mut self, lifetime_seconds: u32) -> Self {
        self.lifetime_seconds = lifetime_seconds;
        self
    }

    /// Verifies a token request. See the type docs for the checks.
    #[cfg(rsa_backend)]
    pub fn verify(
        &self,
        request: &InboundRequest<'_>,
        now: Timestamp,
    ) -> Result<VerifiedTokenRequest, CallbackError> {
        let fail = |kind| CallbackError::new(Endpoint::AccessToken, kind);
        check_method(request.method).map_err(fail)?;
        let client_key = request.headers.required("X-CLIENT-KEY").map_err(fail)?;
        let timestamp = request.headers.required("X-TIMESTAMP").map_err(fail)?;
        let signature = request.headers.required("X-SIGNATURE").map_err(fail)?;
        check_timestamp(timestamp, now, self.window_seconds).map_err(fail)?;
        self.key
            .verify_base64(
                token_string_to_sign(client_key, timestamp).as_bytes(),
                signature,
            )
            .map_err(|error| fail(signature_failure(error, None)))?;
        let expected = self.client_key.expose_secret().as_bytes();
        if !bool::from(expected.ct_eq(client_key.as_bytes())) {
            return Err(fail(CallbackErrorKind::ClientKeyMismatch));
        }
        Ok(VerifiedTokenRequest { _private: () })
    }

    /// Issues a token for a verified request: the lowercase hex of `random_bytes` (64
    /// characters), valid from `now` for the configured lifetime. `random_bytes` must come from
    /// a cryptographic random source (the core never draws randomness itself).
    ///
    /// Fails only when the expiry falls after the year 9999.
    pub fn issue(
        &self,
        verified: &VerifiedTokenRequest,
        random_bytes: [u8; 32],
        now: Timestamp,
    ) -> Result<IssuedToken, TimestampError> {
        let VerifiedTokenRequest { _private: () } = verified;
        Ok(IssuedToken {
            token: Secret::new(lower_hex(&random_bytes)),
            expires_at: now.add_seconds(i64::from(self.lifetime_seconds))?,
            lifetime_seconds: self.lifetime_seconds,
        })
    }
}

impl fmt::Debug for TokenEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenEndpoint")
            .field("client_key", &self.client_key)
            .field("window_seconds", &self.window_seconds)
            .field("lifetime_seconds", &self.lifetime_seconds)
            .finish_non_exhaustive()
    }
}

/// Proof that a token request passed [`TokenEndpoint::verify`]: the only way to
/// [`issue`](TokenEndpoint::issue) a token.
#[derive(Debug)]
pub struct VerifiedTokenRequest {
    _private: (),
}

/// A token just issued: give it to Ayolinx with [`acknowledgement`](IssuedToken::acknowledgement)
/// and store its [`record`](IssuedToken::record) under its [`lookup_key`](IssuedToken::lookup_key).
///
/// `Debug` never shows the token.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    token: Secret,
    expires_at: Timestamp,
    lifetime_seconds: u32,
}

impl IssuedToken {
    /// The token.
    pub fn token(&self) -> &Secret {
        &self.token
    }

    /// When it expires.
    pub fn expires_at(&self) -> Timestamp {
        self.expires_at
    }

    /// The key to store the record under: [`token_lookup_key`] of the token.
    pub fn lookup_key(&self) -> String {
        token_lookup_key(self.token.expose_secret())
    }

    /// What to store, for [`VaPaymentVerifier::verify`](super::VaPaymentVerifier::verify)'s lookup.
    pub fn record(&self) -> TokenRecord {
        TokenRecord::new(self.token.clone(), self.expires_at)
    }

    /// The answer: `200` with `{"responseCode":"2007300","responseMessage":"Successful",
    /// "accessToken":"…","tokenType":"Bearer","expiresIn":"900"}`.
    pub fn acknowledgement(&self) -> Acknowledgement {
        ack::access_token(self.token.expose_secret(), self.lifetime_seconds)
    }
}

/// The key a token is stored and looked up under: the lowercase hex SHA-256 of the token.
///
/// Looking tokens up by a hash rather than by the token itself means the timing of the store's
/// lookup can reveal nothing useful about a valid token; the token itself is then compared in
/// constant time.
///
/// ```
/// use ayolinx_proto::callback::token_lookup_key;
/// assert_eq!(token_lookup_key("").len(), 64);
/// ```
pub fn token_lookup_key(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// A stored token, as the caller's lookup returns it.
///
/// `Debug` never shows the token.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TokenRecord {
    /// The token issued.
    pub token: Secret,
    /// When it expires.
    pub expires_at: Timestamp,
}

impl TokenRecord {
    /// A record of `token`, valid until `expires_at`.
    ///
    /// ```
    /// use ayolinx_proto::callback::TokenRecord;
    /// use ayolinx_proto::{Secret, Timestamp};
    /// let record = TokenRecord::new(Secret::new("0123abcd"), Timestamp::from_unix(1_726_121_400)?);
    /// assert!(!format!("{record:?}").contains("0123abcd"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(token: Secret, expires_at: Timestamp) -> Self {
        Self { token, expires_at }
    }
}
