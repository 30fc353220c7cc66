//! [`CallbackError`]: why an inbound request was refused, and what to answer.

use std::fmt;

use super::endpoint::Endpoint;
use crate::code::SnapCase;
use crate::external_id::ExternalIdError;
use crate::signature::SignatureError;
use crate::time::TimestampError;

/// Why an inbound request was refused: the endpoint it arrived at and what went wrong.
///
/// [`kind`](CallbackError::kind) says what failed; [`acknowledgement`](CallbackError::acknowledgement)
/// is the answer to send (a 4xx with a SNAP error body, which Ayolinx retries). Neither `Debug`
/// nor `Display` ever contains a secret, a token or an expected signature.
///
/// ```
/// use ayolinx_proto::callback::{CallbackErrorKind, CallbackVerifier, InboundRequest};
/// use ayolinx_proto::{PublicKey, Timestamp};
///
/// let key = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
/// let verifier = CallbackVerifier::new(key);
/// let request = InboundRequest::new("POST", "/cb", &[("X-TIMESTAMP", "2024-09-12T12:55:00+07:00")], b"{}");
/// let error = verifier.verify(&request, Timestamp::from_unix(1_726_120_500)?).unwrap_err();
/// assert_eq!(error.kind(), &CallbackErrorKind::MissingHeader { name: "X-SIGNATURE" });
/// assert_eq!(error.to_string(), "callback refused: the X-SIGNATURE header is missing");
/// assert_eq!(error.acknowledgement().status, 400);
/// assert_eq!(error.acknowledgement().body_text(), r#"{"responseCode":"4005602","responseMessage":"Invalid Mandatory Field"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackError {
    endpoint: Endpoint,
    kind: CallbackErrorKind,
}

impl CallbackError {
    pub(crate) fn new(endpoint: Endpoint, kind: CallbackErrorKind) -> Self {
        Self { endpoint, kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &CallbackErrorKind {
        &self.kind
    }

    /// The endpoint the request arrived at.
    pub fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    /// The SNAP case of the answer, its kind's ([`CallbackErrorKind::snap_case`]).
    pub fn snap_case(&self) -> SnapCase {
        self.kind.snap_case()
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.endpoint {
            Endpoint::Notify => "callback",
            Endpoint::AccessToken => "access-token request",
            Endpoint::VaPayment => "VA payment",
        };
        write!(f, "{what} refused: {}", self.kind)
    }
}

impl std::error::Error for CallbackError {
    // The kind's words are this error's own (Display), so its source is the kind's source.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}

/// What was wrong with an inbound request. One variant per failure, so each can be logged and
/// counted on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackErrorKind {
    /// The method is not `POST`. Ayolinx only ever POSTs, so any other method is refused before
    /// anything is verified (it is never verified under its own method).
    MethodNotAllowed {
        /// The method received.
        method: String,
    },
    /// A required header is absent.
    MissingHeader {
        /// Its canonical name, e.g. `X-SIGNATURE`.
        name: &'static str,
    },
    /// A header that must appear once appears several times.
    DuplicateHeader {
        /// Its canonical name.
        name: &'static str,
    },
    /// `X-TIMESTAMP` is not a timestamp.
    MalformedTimestamp {
        /// The header value received.
        value: String,
        /// Why it could not be read.
        reason: TimestampError,
    },
    /// `X-TIMESTAMP` is further from `now` than the window allows.
    StaleTimestamp {
        /// `now` minus the timestamp, in seconds: positive when the timestamp is in the past,
        /// negative when it is in the future.
        skew_seconds: i64,
        /// The window, in seconds either side of `now`.
        window_seconds: u32,
    },
    /// `X-SIGNATURE` is not a well-formed signature (not base64, wrong length, empty).
    MalformedSignature(SignatureError),
    /// `X-SIGNATURE` is well-formed but does not match the request.
    BadSignature {
        /// The string that was verified, when it holds no secret (scheme C: method, route, body
        /// hash and timestamp). A mismatch is usually a wrong route: compare it with the
        /// sender's. `None` when the string contains an access token or a client key.
        string_to_sign: Option<String>,
    },
    /// The body is not JSON.
    BodyNotJson {
        /// Line of the first error (1-based).
        line: usize,
        /// Column of the first error (1-based).
        column: usize,
        /// The parser's message.
        reason: String,
    },
    /// The body is JSON but not of the expected shape.
    WrongShape {
        /// Where: `$` for the whole body, `$.amount`, `$.additionalInfo.feeMoney`…
        path: String,
        /// What was wrong there.
        reason: String,
    },
    /// `X-CLIENT-KEY` of a token request is not the configured client key. Neither value is
    /// shown.
    ClientKeyMismatch,
    /// No `Authorization` header.
    MissingBearer,
    /// An `Authorization` header that is not `Bearer <token>`.
    MalformedAuthorization,
    /// The bearer token is not one this merchant issued (the lookup found nothing, or a
    /// different token).
    UnknownToken,
    /// The bearer token was issued here but has expired.
    ExpiredToken {
        /// Seconds since it expired.
        expired_seconds_ago: i64,
    },
    /// `X-PARTNER-ID` of an API request is not the merchant's client key. Neither value is
    /// shown.
    PartnerIdMismatch,
    /// `X-EXTERNAL-ID` of an API request is not a valid external id.
    MalformedExternalId(ExternalIdError),
}

impl CallbackErrorKind {
    /// The SNAP case of the answer: `Unauthorized` for anything about authenticity, `Invalid
    /// Token (B2B)` for bearer-token failures, `Bad Request` and its relatives for malformed input.
    ///
    /// ```
    /// use ayolinx_proto::callback::CallbackErrorKind;
    /// use ayolinx_proto::code::SnapCase;
    /// assert_eq!(CallbackErrorKind::UnknownToken.snap_case(), SnapCase::InvalidToken);
    /// assert_eq!(CallbackErrorKind::PartnerIdMismatch.snap_case(), SnapCase::Unauthorized);
    /// ```
    pub fn snap_case(&self) -> SnapCase {
        use CallbackErrorKind as K;
        match self {
            K::MethodNotAllowed { .. } => SnapCase::RequestedFunctionNotSupported,
            K::MissingHeader { .. } => SnapCase::InvalidMandatoryField,
            K::DuplicateHeader { .. }
            | K::MalformedTimestamp { .. }
            | K::MalformedExternalId(_) => SnapCase::InvalidFieldFormat,
            K::StaleTimestamp { .. }
            | K::MalformedSignature(_)
            | K::BadSignature { .. }
            | K::ClientKeyMismatch
            | K::PartnerIdMismatch => SnapCase::Unauthorized,
            K::MissingBearer
            | K::MalformedAuthorization
            | K::UnknownToken
            | K::ExpiredToken { .. } => SnapCase::InvalidToken,
            K::BodyNotJson { .. } | K::WrongShape { .. } => SnapCase::BadRequest,
        }
    }
}

impl fmt::Display for CallbackErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MethodNotAllowed { method } => {
                write!(f, "the method is {method:?}, but Ayolinx always sends POST")
            }
            Self::MissingHeader { name } => write!(f, "the {name} header is missing"),
            Self::DuplicateHeader { name } => write!(f, "the {name} header appears more than once"),
            Self::MalformedTimestamp { value, reason } => {
                write!(f, "X-TIMESTAMP {value:?} is not a timestamp: {reason}")
            }
            Self::StaleTimestamp {
                skew_seconds,
                window_seconds,
            } => {
                let direction = if *skew_seconds >= 0 {
                    "in the past"
                } else {
                    "in the future"
                };
                let amount = skew_seconds.unsigned_abs();
                write!(
                    f,
                    "X-TIMESTAMP is {amount} s {direction}, outside the window of {window_seconds} s either side of now"
                )
            }
            Self::MalformedSignature(reason) => write!(f, "X-SIGNATURE is malformed: {reason}"),
            Self::BadSignature { string_to_sign } => {
                f.write_str("X-SIGNATURE does not match the request")?;
                match string_to_sign {
                    Some(signed) => write!(
                        f,
                        " (verified string {signed:?}; a mismatch is usually the route, or a body that was altered)"
                    ),
                    None => Ok(()),
                }
            }
            Self::BodyNotJson { reason, .. } => write!(f, "the body is not JSON: {reason}"),
            Self::WrongShape { path, reason } => {
                write!(
                    f,
                    "the body is not of the expected shape at {path}: {reason}"
                )
            }
            Self::ClientKeyMismatch => f.write_str("X-CLIENT-KEY is not the configured client key"),
            Self::MissingBearer => f.write_str("the Authorization header is missing"),
            Self::MalformedAuthorization => {
                f.write_str("the Authorization header is not of the form \"Bearer <token>\"")
            }
            Self::UnknownToken => f.write_str("the bearer token is not one issued here"),
            Self::ExpiredToken {
                expired_seconds_ago,
            } => write!(f, "the bearer token expired {expired_seconds_ago} s ago"),
            Self::PartnerIdMismatch => f.write_str("X-PARTNER-ID is not the merchant's client key"),
            Self::MalformedExternalId(reason) => write!(f, "{reason}"),
        }
    }
}

impl std::error::Error for CallbackErrorKind {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallbackErrorKind::MalformedTimestamp { reason, .. } => Some(reason),
            CallbackErrorKind::MalformedSignature(reason) => Some(reason),
            CallbackErrorKind::MalformedExternalId(reason) => Some(reason),
            _ => None,
        }
    }
}
