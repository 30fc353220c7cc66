//! Ayolinx's side of an API call: the checks the gateway makes on a merchant's request signed
//! with scheme B, as one function for sandboxes, test servers and peers. The merchant's side of
//! a callback is [`callback`](crate::callback); scheme A's token request is checked with
//! [`TokenEndpoint`](crate::callback::TokenEndpoint), whose request has the same shape.
//!
//! [`RequestVerifier::verify`] checks, in the gateway's order: the bearer token (one the gateway
//! issued, unexpired), the mandatory headers, the partner id, the timestamp window, the external
//! id's format and the HMAC-SHA512 `X-SIGNATURE` over the **raw body bytes**. What needs the
//! gateway's own state beyond its tokens (an external id used twice in a day, a body a PHP
//! server would re-encode differently) stays with the caller.
//!
//! ```
//! use ayolinx_proto::callback::{CallbackErrorKind, InboundRequest, TokenRecord};
//! use ayolinx_proto::code::SnapCase;
//! use ayolinx_proto::gateway::RequestVerifier;
//! use ayolinx_proto::signature::{hmac_sha512_base64, request_string_to_sign};
//! use ayolinx_proto::{Secret, Timestamp};
//!
//! let now = Timestamp::from_unix(1_726_120_500)?;
//! let issued = TokenRecord::new(Secret::new("tok-1"), Timestamp::from_unix(1_726_121_400)?);
//! let lookup = |_key: &str| Some(issued.clone());
//!
//! // The merchant's request, signed as the SDK signs it.
//! let (path, body, timestamp) = ("/v1.0/qr/qr-mpm-generate", br#"{"partnerReferenceNo":"ORD-1"}"#, "2024-09-12T12:55:00+07:00");
//! let signature = hmac_sha512_base64(b"client-secret", request_string_to_sign("POST", path, "tok-1", body, timestamp).as_bytes());
//! let headers = [
//!     ("Authorization", "Bearer tok-1"),
//!     ("X-TIMESTAMP", timestamp),
//!     ("X-SIGNATURE", signature.as_str()),
//!     ("X-PARTNER-ID", "client-key"),
//!     ("X-EXTERNAL-ID", "41807553358950093184"),
//! ];
//! let verifier = RequestVerifier::new("client-key", Secret::new("client-secret"));
//! let verified = verifier.verify(&InboundRequest::new("POST", path, &headers, body), now, lookup)?;
//! assert_eq!(verified.external_id(), "41807553358950093184");
//!
//! // One byte of the body changed: the signature no longer matches.
//! let tampered = InboundRequest::new("POST", path, &headers, br#"{"partnerReferenceNo":"ORD-2"}"#);
//! let refused = verifier.verify(&tampered, now, lookup).unwrap_err();
//! assert!(matches!(refused, CallbackErrorKind::BadSignature { string_to_sign: None }));
//! assert_eq!(refused.snap_case(), SnapCase::Unauthorized);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use crate::callback::{CallbackErrorKind, DEFAULT_WINDOW_SECONDS, InboundRequest, TokenRecord};
use crate::callback::{check_timestamp, issued_bearer_token, signature_failure};
use crate::signature::{request_string_to_sign, verify_hmac_sha512_base64};
use crate::{ExternalId, Secret, Timestamp};

/// The scheme B checks of one merchant's requests: its client key (`X-PARTNER-ID`) and client
/// secret (the HMAC key), and the timestamp window. `Debug` never shows the secret.
#[derive(Clone)]
pub struct RequestVerifier {
    client_key: String,
    client_secret: Secret,
    window_seconds: u32,
}

impl RequestVerifier {
    /// The checks for the merchant with `client_key` and `client_secret`, with a window of
    /// [`DEFAULT_WINDOW_SECONDS`] either side of `now`.
    pub fn new(client_key: impl Into<String>, client_secret: Secret) -> Self {
        Self {
            client_key: client_key.into(),
            client_secret,
            window_seconds: DEFAULT_WINDOW_SECONDS,
        }
    }

    /// How far, in seconds either side of `now`, `X-TIMESTAMP` may be.
    ///
    /// ```
    /// use ayolinx_proto::gateway::RequestVerifier;
    /// let verifier = RequestVerifier::new("client-key", ayolinx_proto::Secret::new("s")).window_seconds(300);
    /// assert!(format!("{verifier:?}").contains("300"));
    /// ```
    pub fn window_seconds(mut self, window_seconds: u32) -> Self {
        self.window_seconds = window_seconds;
        self
    }

    /// Checks `request`, a call to `request.path` signed with scheme B, at `now`. `lookup`
    /// receives a token's [`token_lookup_key`](crate::callback::token_lookup_key) and returns
    /// the record of the token issued under it, if any. The first check that fails is the
    /// error; its [`snap_case`](CallbackErrorKind::snap_case) is the gateway's answer.
    pub fn verify<'a>(
        &self,
        request: &InboundRequest<'a>,
        now: Timestamp,
        lookup: impl FnOnce(&str) -> Option<TokenRecord>,
    ) -> Result<VerifiedRequest<'a>, CallbackErrorKind> {
        let token = issued_bearer_token(request, now, lookup)?;
        let headers = &request.headers;
        let timestamp = headers.required("X-TIMESTAMP")?;
        let signature = headers.required("X-SIGNATURE")?;
        let partner_id = headers.required("X-PARTNER-ID")?;
        let external_id = headers.required("X-EXTERNAL-ID")?;
        if partner_id != self.client_key {
            return Err(CallbackErrorKind::PartnerIdMismatch);
        }
        check_timestamp(timestamp, now, self.window_seconds)?;
        ExternalId::new(external_id).map_err(CallbackErrorKind::MalformedExternalId)?;
        let string_to_sign =
            request_string_to_sign(request.method, request.path, token, request.body, timestamp);
        verify_hmac_sha512_base64(
            self.client_secret.expose_secret().as_bytes(),
            string_to_sign.as_bytes(),
            signature,
        )
        .map_err(|error| signature_failure(error, None))?;
        Ok(VerifiedRequest { external_id })
    }
}

impl fmt::Debug for RequestVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestVerifier")
            .field("client_key", &self.client_key)
            .field("client_secret", &self.client_secret)
            .field("window_seconds", &self.window_seconds)
            .finish()
    }
}

/// A request that passed [`RequestVerifier::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedRequest<'a> {
    external_id: &'a str,
}

impl<'a> VerifiedRequest<'a> {
    /// Its `X-EXTERNAL-ID` (well-formed; whether it was used before today is the caller's
    /// check).
    pub fn external_id(&self) -> &'a str {
        self.external_id
    }
}
