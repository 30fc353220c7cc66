//! [`ApiError`]: everything that can go wrong preparing a request or reading its answer, each
//! case saying whether a retry can help.

use std::fmt;

use crate::ResponseCode;
use crate::api::token::AccessTokenError;
use crate::body::BodyError;
use crate::code::SnapCase;
use crate::qris::QrisError;
use crate::retry::Outcome;

/// Why a call did not give its typed answer.
///
/// The message names the operation and says what to do. It never contains the client secret,
/// the access token or the private key. Classify with [`ApiError::is_retryable`],
/// [`ApiError::is_ambiguous`] and [`ApiError::needs_token_refresh`], or hand
/// [`ApiError::outcome`] to [`RetryPolicy::decide`](crate::retry::RetryPolicy::decide).
#[derive(Debug)]
#[non_exhaustive]
pub enum ApiError {
    /// Ayolinx answered with a SNAP body whose `responseCode` is not success (or a success code
    /// with a non-2xx HTTP status).
    Business {
        /// The operation's name, e.g. `qris.generate`.
        operation: &'static str,
        /// The HTTP status.
        http_status: u16,
        /// `responseCode`.
        code: ResponseCode,
        /// `responseMessage`, unchanged (empty when absent).
        message: String,
        /// The body as received.
        raw_body: Vec<u8>,
    },
    /// The body is not JSON at all, e.g. a proxy's HTML 502 page.
    NotJson {
        /// The operation's name.
        operation: &'static str,
        /// The HTTP status.
        http_status: u16,
        /// The start of the body (at most 200 bytes, lossy UTF-8).
        snippet: String,
    },
    /// The body starts like JSON but is not valid JSON, e.g. cut short.
    MalformedJson {
        /// The operation's name.
        operation: &'static str,
        /// The HTTP status.
        http_status: u16,
        /// Whether the JSON simply ended too early (a truncated body).
        truncated: bool,
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based).
        column: usize,
        /// The parser's message.
        detail: String,
    },
    /// The body is empty (or only whitespace).
    EmptyBody {
        /// The operation's name.
        operation: &'static str,
        /// The HTTP status.
        http_status: u16,
    },
    /// The body is JSON but not the expected shape: a field has the wrong type, a required field
    /// is missing, or there is no `responseCode`.
    UnexpectedShape {
        /// The operation's name.
        operation: &'static str,
        /// The HTTP status.
        http_status: u16,
        /// The field or position at fault: a field name where it is known, otherwise
        /// `line L column C` of the body.
        path_of_bad_field: String,
        /// What was expected there, in the parser's words.
        expected: String,
    },
    /// A successful access-token answer carried no usable token.
    AccessToken(AccessTokenError),
    /// The request body could not be encoded. Nothing was sent.
    Encode {
        /// The operation's name.
        operation: &'static str,
        /// The encoder's error.
        source: BodyError,
    },
    /// A header value (the client key or the access token) contains characters HTTP does not
    /// allow. Nothing was sent.
    InvalidHeaderValue {
        /// The operation's name.
        operation: &'static str,
        /// The header's name.
        header: &'static str,
    },
    /// A successful answer carries a QR that is not the one asked for (a wrong CRC, a static
    /// QR, another currency, country or amount): never show it to a customer. The transaction
    /// was created: cancel it rather than create it again.
    InvalidQr {
        /// The operation's name.
        operation: &'static str,
        /// What is wrong with the QR.
        error: QrisError,
    },
}

/// Statuses at which the server certainly did not act and a later attempt may succeed.
fn transient_status(status: u16) -> bool {
    status == 408 || status == 429 || status >= 500
}

fn client_error_status(status: u16) -> bool {
    (400..500).contains(&status)
}

impl ApiError {
    /// The operation the error belongs to (`"token"` for access-token errors).
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Business { operation, .. }
            | Self::NotJson { operation, .. }
            | Self::MalformedJson { operation, .. }
            | Self::EmptyBody { operation, .. }
            | Self::UnexpectedShape { operation, .. }
            | Self::Encode { operation, .. }
            | Self::InvalidHeaderValue { operation, .. }
            | Self::InvalidQr { operation, .. } => operation,
            Self::AccessToken(_) => "token",
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Business { http_status, .. }
            | Self::NotJson { http_status, .. }
            | Self::MalformedJson { http_status, .. }
            | Self::EmptyBody { http_status, .. }
            | Self::UnexpectedShape { http_status, .. } => Some(*http_status),
            Self::AccessToken(_) | Self::InvalidQr { .. } => Some(200),
            Self::Encode { .. } | Self::InvalidHeaderValue { .. } => None,
        }
    }

    /// The `responseCode` of a business error.
    pub fn response_code(&self) -> Option<&ResponseCode> {
        match self {
            Self::Business { code, .. } => Some(code),
            _ => None,
        }
    }

    /// What happened, for [`RetryPolicy::decide`](crate::retry::RetryPolicy::decide); `None`
    /// when nothing was sent (encoding and header errors).
    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Self::Business {
                http_status, code, ..
            } => Some(Outcome::Answered {
                http_status: *http_status,
                code: Some(code.clone()),
            }),
            _ => self.http_status().map(|http_status| Outcome::Answered {
                http_status,
                code: None,
            }),
        }
    }

    /// Whether the access token was refused: `401xx01`/`401xx03`, or any HTTP 401 on a call other
    /// than the token request (SNAP pitfall P4). Refresh the token once and retry.
    pub fn needs_token_refresh(&self) -> bool {
        if self.operation() == "token" {
            return false;
        }
        let token_case = matches!(
            self.response_code().and_then(ResponseCode::snap_case),
            Some(SnapCase::InvalidToken | SnapCase::TokenNotFound)
        );
        token_case || self.http_status() == Some(401)
    }

    /// Whether the same request may succeed if tried again (after a token refresh where
    /// [`needs_token_refresh`](Self::needs_token_refresh) says so). For calls that create a
    /// transaction, check [`is_ambiguous`](Self::is_ambiguous) first: an ambiguous failure is
    /// reconciled by a query, never blindly re-sent.
    pub fn is_retryable(&self) -> bool {
        if self.needs_token_refresh() {
            return true;
        }
        match self {
            Self::Business {
                http_status, code, ..
            } => {
                matches!(code.http_status(), Some(202 | 429 | 500..=599))
                    || transient_status(*http_status)
            }
            Self::MalformedJson {
                http_status,
                truncated,
                ..
            } => *truncated || transient_status(*http_status),
            Self::NotJson { http_status, .. }
            | Self::EmptyBody { http_status, .. }
            | Self::UnexpectedShape { http_status, .. } => transient_status(*http_status),
            Self::AccessToken(_)
            | Self::Encode { .. }
            | Self::InvalidHeaderValue { .. }
            | Self::InvalidQr { .. } => false,
        }
    }

    /// Whether Ayolinx may have acted on the request although no usable answer came back:
    /// `202xx00` (in progress), `5xx` codes and statuses (`500xx0x`, `504xx00`, an HTML 502
    /// page), and unreadable 2xx answers. The transaction may exist: query before creating it
    /// again.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Self::Business {
                http_status, code, ..
            } => matches!(code.http_status(), Some(202 | 500..=599)) || *http_status >= 500,
            Self::NotJson { http_status, .. }
            | Self::MalformedJson { http_status, .. }
            | Self::EmptyBody { http_status, .. }
            | Self::UnexpectedShape { http_status, .. } => {
                !client_error_status(*http_status) || *http_status == 408
            }
            Self::AccessToken(_)
            | Self::Encode { .. }
            | Self::InvalidHeaderValue { .. }
            | Self::InvalidQr { .. } => false,
        }
    }

    fn advice(&self) -> &'static str {
        if self.needs_token_refresh() {
            return "get a new access token and retry once";
        }
        if let Some(case) = self.response_code().and_then(ResponseCode::snap_case) {
            match case {
                SnapCase::Unauthorized => {
                    return "check the client key, the private key or client secret, and the timestamp; compare the signing stages of the prepared request";
                }
                SnapCase::Conflict => {
                    return "this X-EXTERNAL-ID was already used today: send a fresh one";
                }
                SnapCase::DuplicatePartnerReferenceNo => {
                    return "a transaction with this partnerReferenceNo already exists: query it instead of creating it again";
                }
                SnapCase::TooManyRequests => return "slow down and retry later",
                _ => {}
            }
        }
        if self.is_ambiguous() {
            "the outcome is unknown: query the transaction before creating it again"
        } else if self.is_retryable() {
            "retry later"
        } else {
            "retrying the same request will not help"
        }
    }
}

/// What went wrong, without the advice: see [`ApiError::describe`].
#[derive(Debug, Clone, Copy)]
pub struct Description<'a>(&'a ApiError);

impl ApiError {
    /// What went wrong, without the advice that [`Display`](fmt::Display) appends: for a client
    /// that already did what the advice says (refreshed a refused token and resent) and gives
    /// its own.
    ///
    /// ```
    /// use ayolinx_proto::api::qris::QrisQueryRequest;
    /// use ayolinx_proto::client::parse_response;
    /// use ayolinx_proto::HttpResponse;
    ///
    /// let refused = HttpResponse::new(401, r#"{"responseCode":"4015101","responseMessage":"Invalid Token (B2B)"}"#);
    /// let error = parse_response::<QrisQueryRequest>(&refused).unwrap_err();
    /// assert!(error.to_string().ends_with("get a new access token and retry once"));
    /// assert!(!error.describe().to_string().contains("retry"));
    /// ```
    pub fn describe(&self) -> Description<'_> {
        Description(self)
    }
}

impl fmt::Display for Description<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.0;
        let operation = error.operation();
        match error {
            ApiError::Business {
                http_status,
                code,
                message,
                ..
            } => {
                write!(f, "{operation}: Ayolinx answered {code}")?;
                if let Some(case) = code.snap_case() {
                    write!(f, " ({case})")?;
                }
                write!(f, " with HTTP {http_status}: {message:?}")
            }
            ApiError::NotJson {
                http_status,
                snippet,
                ..
            } => write!(
                f,
                "{operation}: expected a JSON answer, got HTTP {http_status} with a body starting {snippet:?}"
            ),
            ApiError::MalformedJson {
                http_status,
                truncated,
                detail,
                ..
            } => {
                let what = if *truncated {
                    "truncated JSON"
                } else {
                    "invalid JSON"
                };
                write!(
                    f,
                    "{operation}: expected a JSON answer, got {what} with HTTP {http_status} ({detail})"
                )
            }
            ApiError::EmptyBody { http_status, .. } => write!(
                f,
                "{operation}: expected a JSON answer, got an empty body with HTTP {http_status}"
            ),
            ApiError::UnexpectedShape {
                http_status,
                path_of_bad_field,
                expected,
                ..
            } => write!(
                f,
                "{operation}: the answer (HTTP {http_status}) does not have the expected shape at {path_of_bad_field}: {expected}"
            ),
            ApiError::AccessToken(error) => write!(f, "{operation}: {error}"),
            ApiError::Encode { source, .. } => {
                write!(
                    f,
                    "{operation}: the request body could not be encoded: {source}"
                )
            }
            ApiError::InvalidHeaderValue { header, .. } => write!(
                f,
                "{operation}: the {header} value contains characters HTTP headers cannot carry (control characters or line breaks)"
            ),
            ApiError::InvalidQr { error, .. } => write!(
                f,
                "{operation}: the answer's QR is not the one asked for: {error}"
            ),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.describe(), self.advice())
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Encode { source, .. } => Some(source),
            Self::AccessToken(error) => Some(error),
            Self::InvalidQr { error, .. } => Some(error),
            _ => None,
        }
    }
}
