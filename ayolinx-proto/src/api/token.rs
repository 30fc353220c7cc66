//! Access Token B2B (`POST /v1.0/access-token/b2b`, service 73): the only call signed with the
//! merchant's RSA key (scheme A) instead of the client secret.
//!
//! Prepare it with [`Client::prepare_token`](crate::client::Client::prepare_token) and read the
//! answer with [`Client::parse_token`](crate::client::Client::parse_token), which gives an
//! [`AccessToken`] that knows when it expires.
//!
//! ```
//! use ayolinx_proto::api::token::{AccessToken, AccessTokenRequest, AccessTokenResponse};
//! use ayolinx_proto::Timestamp;
//!
//! assert_eq!(serde_json::to_string(&AccessTokenRequest::new())?, r#"{"grantType":"client_credentials"}"#);
//!
//! let answer: AccessTokenResponse = serde_json::from_str(
//!     r#"{"responseCode":"2007300","responseMessage":"Successful","accessToken":"abc","tokenType":"Bearer","expiresIn":"900"}"#,
//! )?;
//! let obtained_at = Timestamp::from_unix(1_726_120_500)?;
//! let token = AccessToken::from_response(&answer, obtained_at)?;
//! assert_eq!(token.expires_at().unix_seconds(), 1_726_120_500 + 900);
//! assert!(!token.needs_refresh(&obtained_at.add_seconds(800)?, 60));
//! assert!(token.needs_refresh(&obtained_at.add_seconds(840)?, 60));
//! assert!(!format!("{token:?}").contains("abc"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::api::operation::{OperationKind, operation};
use crate::{ResponseCode, Secret, Timestamp};

/// The body of the access-token request: `{"grantType":"client_credentials"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccessTokenRequest {
    /// `grantType`, always `client_credentials` for B2B.
    pub grant_type: String,
}

impl AccessTokenRequest {
    /// The one documented body.
    pub fn new() -> Self {
        Self {
            grant_type: "client_credentials".to_owned(),
        }
    }
}

impl Default for AccessTokenRequest {
    fn default() -> Self {
        Self::new()
    }
}

operation!(
    AccessTokenRequest => AccessTokenResponse,
    name: "token",
    path: "/v1.0/access-token/b2b",
    service: Some(73),
    kind: OperationKind::Token,
    reference: |_this| None,
);

/// The answer to the access-token request. The token is a [`Secret`]: `Debug` never shows it.
///
/// `responseCode` is optional here only: the SNAP standard fills it on failure and lets it be
/// absent on success.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccessTokenResponse {
    /// `responseCode`, `2007300` on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_code: Option<ResponseCode>,
    /// `responseMessage`, unchanged; empty when absent.
    #[serde(default, deserialize_with = "crate::api::common::lenient_message")]
    pub response_message: String,
    /// `accessToken`: sent as `Authorization: Bearer <token>` and signed into every request.
    #[serde(with = "secret_text")]
    pub access_token: Secret,
    /// `tokenType`, `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// `expiresIn`: seconds, a string in the standard (`"900"`) and a number from some servers.
    pub expires_in: ExpiresIn,
    /// Fields no documentation lists, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `expiresIn` as it was sent: a string (`"900"`, the standard's form) or a number (`900`).
///
/// ```
/// use ayolinx_proto::api::token::ExpiresIn;
/// let text: ExpiresIn = serde_json::from_str(r#""3600""#)?;
/// let number: ExpiresIn = serde_json::from_str("3600")?;
/// assert_eq!((text.seconds(), number.seconds()), (Some(3600), Some(3600)));
/// assert_eq!(serde_json::to_string(&text)?, r#""3600""#);
/// assert_eq!(ExpiresIn::Text("soon".into()).seconds(), None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ExpiresIn {
    /// Seconds as a JSON string, kept as given.
    Text(String),
    /// Seconds as a JSON number.
    Number(u64),
}

impl ExpiresIn {
    /// The seconds, when the value is a whole non-negative number.
    pub fn seconds(&self) -> Option<u64> {
        match self {
            Self::Text(text) => text.trim().parse().ok(),
            Self::Number(seconds) => Some(*seconds),
        }
    }
}

/// An access token and when it expires.
///
/// `obtained_at` is the time the answer arrived, passed in by the caller (the core reads no
/// clock). `Debug` shows the expiry, never the token.
#[derive(Clone)]
pub struct AccessToken {
    token: Secret,
    token_type: String,
    expires_in: u64,
    obtained_at: Timestamp,
}

/// The longest lifetime taken at face value: ten years. Longer ones are capped, so that
/// [`AccessToken::expires_at`] always exists.
const MAX_LIFETIME_SECONDS: u64 = 10 * 366 * 86_400;

impl AccessToken {
    /// A `Bearer` token obtained at `obtained_at`, valid for `expires_in` seconds (capped at ten
    /// years). Useful in tests, and to restore a cached token.
    ///
    /// ```
    /// use ayolinx_proto::api::token::AccessToken;
    /// use ayolinx_proto::Timestamp;
    /// let token = AccessToken::new("tok", 900, Timestamp::from_unix(0)?);
    /// assert_eq!(token.secret().expose_secret(), "tok");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(token: impl Into<Secret>, expires_in: u64, obtained_at: Timestamp) -> Self {
        Self {
            token: token.into(),
            token_type: "Bearer".to_owned(),
            expires_in: expires_in.min(MAX_LIFETIME_SECONDS),
            obtained_at,
        }
    }

    /// The token of a successful answer. Fails when the token is empty or `expiresIn` is not a
    /// whole number of seconds.
    pub fn from_response(
        response: &AccessTokenResponse,
        obtained_at: Timestamp,
    ) -> Result<Self, AccessTokenError> {
        if response.access_token.is_empty() {
            return Err(AccessTokenError::EmptyToken);
        }
        let expires_in = response
            .expires_in
            .seconds()
            .ok_or(AccessTokenError::UnreadableExpiresIn)?;
        let mut token = Self::new(response.access_token.clone(), expires_in, obtained_at);
        if let Some(token_type) = &response.token_type {
            token.token_type.clone_from(token_type);
        }
        Ok(token)
    }

    /// The token, for the `Authorization` header and the string to sign.
    pub fn secret(&self) -> &Secret {
        &self.token
    }

    /// `tokenType` as Ayolinx sent it (`Bearer` when absent). Requests always say `Bearer`.
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// The lifetime in seconds.
    pub fn expires_in(&self) -> u64 {
        self.expires_in
    }

    /// When the answer arrived.
    pub fn obtained_at(&self) -> Timestamp {
        self.obtained_at
    }

    /// When the token expires: `obtained_at + expires_in`, in `obtained_at`'s offset. Should that
    /// instant fall past the year 9999, `obtained_at` itself (the token counts as expired).
    pub fn expires_at(&self) -> Timestamp {
        i64::try_from(self.expires_in)
            .ok()
            .and_then(|seconds| self.obtained_at.add_seconds(seconds).ok())
            .unwrap_or(self.obtained_at)
    }

    /// Whether the token should be replaced before a request at `now`: true once fewer than
    /// `margin_seconds` remain (30 to 60 s is a good margin), and once it has expired.
    pub fn needs_refresh(&self, now: &Timestamp, margin_seconds: u64) -> bool {
        let margin = i64::try_from(margin_seconds).unwrap_or(i64::MAX);
        self.expires_at().seconds_since(now) <= margin
    }

    /// Like [`needs_refresh`](Self::needs_refresh), with the margin capped at half the token's
    /// lifetime: a token that lives less than twice the margin (a short-lived sandbox token, a
    /// margin set too wide) is still used for half its life, instead of being replaced before
    /// every request. This is the check a token cache should make.
    ///
    /// ```
    /// use ayolinx_proto::api::token::AccessToken;
    /// use ayolinx_proto::Timestamp;
    /// let obtained = Timestamp::from_unix(0)?;
    /// let short = AccessToken::new("tok", 10, obtained);
    /// assert!(short.needs_refresh(&obtained, 60));
    /// assert!(!short.refresh_due(&obtained.add_seconds(4)?, 60));
    /// assert!(short.refresh_due(&obtained.add_seconds(5)?, 60));
    /// let normal = AccessToken::new("tok", 900, obtained);
    /// assert!(!normal.refresh_due(&obtained.add_seconds(839)?, 60));
    /// assert!(normal.refresh_due(&obtained.add_seconds(840)?, 60));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refresh_due(&self, now: &Timestamp, margin_seconds: u64) -> bool {
        self.needs_refresh(now, margin_seconds.min(self.expires_in / 2))
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &self.token)
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("obtained_at", &self.obtained_at)
            .finish()
    }
}

/// Why a successful access-token answer gives no usable token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccessTokenError {
    /// `accessToken` is the empty string.
    EmptyToken,
    /// `expiresIn` is not a whole number of seconds.
    UnreadableExpiresIn,
}

impl fmt::Display for AccessTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyToken => f.write_str("the access-token answer has an empty accessToken"),
            Self::UnreadableExpiresIn => {
                f.write_str("the access-token answer's expiresIn is not a whole number of seconds")
            }
        }
    }
}

impl std::error::Error for AccessTokenError {}

/// Serde for a [`Secret`] field: a plain JSON string on the wire.
mod secret_text {
    use super::{Deserialize, Deserializer, Secret, Serializer};

    pub(super) fn serialize<S: Serializer>(
        secret: &Secret,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(secret.expose_secret())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Secret, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}
