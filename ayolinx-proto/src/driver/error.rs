//! [`Error`]: what a call driven by the [`Driver`](crate::driver::Driver) can end with besides
//! its typed answer, the same for every client; [`TransportFailure`] and [`TransportError`]:
//! what a transport reports when no HTTP answer came.

use std::fmt;

use crate::api::common::TransactionStatusResponse;
use crate::client::ApiError;
use crate::retry::Outcome;

/// Why a call did not give its typed answer.
///
/// Messages name the operation and say what to do; they never contain the client secret, the
/// access token or the private key.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Ayolinx answered, but not with a success (a business error with HTTP status, response
    /// code and message), or the answer could not be read. The core's classification applies:
    /// [`ApiError::is_retryable`], [`ApiError::is_ambiguous`].
    Api(ApiError),
    /// Ayolinx refused the access token, and refused the new one the client fetched for the
    /// resend too: the token was already refreshed once, so another refresh will not help.
    TokenRefused(ApiError),
    /// No usable HTTP answer: the connection failed, timed out, was cut, or the body was too
    /// large or cut short.
    Transport {
        /// The operation's name, e.g. `qris.query`.
        operation: &'static str,
        /// What kind of failure: whether the request may have reached the server.
        kind: TransportFailure,
        /// What happened, in the transport's words.
        message: String,
    },
    /// A create whose outcome could not be established: it may or may not have happened. Do
    /// not create it again; query it later.
    OutcomeUnknown {
        /// The operation's name, e.g. `qris.generate`.
        operation: &'static str,
        /// The merchant's reference of the transaction.
        partner_reference_no: String,
        /// The failure of the create itself.
        cause: Box<Error>,
        /// Why the reconciliation query did not settle it (`None` when the call has no query,
        /// e.g. a payment link).
        query_error: Option<Box<Error>>,
    },
    /// The create's own answer was lost (or refused as a duplicate), and the reconciliation
    /// query found the transaction: it exists exactly once, and here is where it stands.
    Existing {
        /// The operation's name, e.g. `qris.generate`.
        operation: &'static str,
        /// The merchant's reference of the transaction.
        partner_reference_no: String,
        /// The answer of the status query.
        status: Box<TransactionStatusResponse>,
    },
    /// An access token could not be obtained: the refresh this call waited for (made by
    /// another thread) failed.
    TokenUnavailable {
        /// The failure of that refresh.
        message: String,
    },
    /// The OS random source failed.
    Randomness(std::io::Error),
    /// The clock reads a time no timestamp can express.
    Clock(crate::time::TimestampError),
    /// The client configuration is unusable.
    Config(ConfigError),
    /// The loop running the [`Driver`](crate::driver::Driver) answered an action with the wrong
    /// event, or polled it after it was done: a bug in that loop, not in the call.
    Misdriven {
        /// What the driver expected.
        expected: &'static str,
    },
}

impl Error {
    /// Whether the same call may succeed if made again later: transport failures, and the API
    /// errors the core calls retryable. Never true for [`Error::OutcomeUnknown`] (query first).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(error) => error.is_retryable(),
            Self::Transport { .. } | Self::TokenUnavailable { .. } | Self::Randomness(_) => true,
            Self::OutcomeUnknown { .. }
            | Self::TokenRefused(_)
            | Self::Existing { .. }
            | Self::Clock(_)
            | Self::Config(_)
            | Self::Misdriven { .. } => false,
        }
    }

    /// The variant's name in snake case (`api`, `token_refused`, `transport`, `outcome_unknown`,
    /// `existing`, `token_unavailable`, `randomness`, `clock`, `config`, `misdriven`): for logs
    /// and machine-readable output.
    ///
    /// ```
    /// use ayolinx_proto::driver::{Error, TransportFailure};
    /// let error = Error::Transport { operation: "qris.query", kind: TransportFailure::NotSent, message: "refused".into() };
    /// assert_eq!(error.kind(), "transport");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Api(_) => "api",
            Self::TokenRefused(_) => "token_refused",
            Self::Transport { .. } => "transport",
            Self::OutcomeUnknown { .. } => "outcome_unknown",
            Self::Existing { .. } => "existing",
            Self::TokenUnavailable { .. } => "token_unavailable",
            Self::Randomness(_) => "randomness",
            Self::Clock(_) => "clock",
            Self::Config(_) => "config",
            Self::Misdriven { .. } => "misdriven",
        }
    }

    /// The API error, when Ayolinx answered.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(error) | Self::TokenRefused(error) => Some(error),
            _ => None,
        }
    }

    /// The kind of transport failure, when no usable HTTP answer came ([`Error::Transport`]);
    /// `None` for every other error.
    pub fn transport_failure(&self) -> Option<TransportFailure> {
        match self {
            Self::Transport { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// Whether a timeout ended the call (at the transport, or reported by Ayolinx).
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Transport { kind, .. } => *kind == TransportFailure::TimedOut,
            Self::Api(error) => matches!(error.http_status(), Some(408 | 504)),
            Self::OutcomeUnknown { cause, .. } => cause.is_timeout(),
            _ => false,
        }
    }
}

impl Error {
    /// The transport's failure for `operation`.
    pub(crate) fn transport(operation: &'static str, error: TransportError) -> Self {
        Self::Transport {
            operation,
            kind: error.kind,
            message: error.message,
        }
    }

    /// What the retry logic decides on; `None` when nothing was sent.
    pub(crate) fn outcome(&self) -> Option<Outcome> {
        match self {
            Self::Api(error) | Self::TokenRefused(error) => error.outcome(),
            Self::Transport { kind, .. } => Some(kind.outcome()),
            _ => None,
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

impl From<ConfigError> for Error {
    fn from(error: ConfigError) -> Self {
        Self::Config(error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => error.fmt(f),
            Self::TokenRefused(error) => write!(
                f,
                "{}; the client had already fetched a new access token and resent the request once: check the client key and secret and that the token request and this call go to the same environment",
                error.describe()
            ),
            Self::Transport {
                operation,
                kind,
                message,
            } => write!(f, "{operation}: {} ({message})", kind.describe()),
            Self::OutcomeUnknown {
                operation,
                partner_reference_no,
                cause,
                query_error,
            } => {
                write!(
                    f,
                    "{operation}: the outcome of the transaction with partnerReferenceNo {partner_reference_no:?} is unknown: do not create it again; query it later ({cause}"
                )?;
                if let Some(query_error) = query_error {
                    write!(f, "; the reconciliation query failed: {query_error}")?;
                }
                f.write_str(")")
            }
            Self::Existing {
                operation,
                partner_reference_no,
                status,
            } => {
                write!(
                    f,
                    "{operation}: the transaction with partnerReferenceNo {partner_reference_no:?} already exists"
                )?;
                if let Some(status) = &status.latest_transaction_status {
                    write!(f, " (latestTransactionStatus {status:?})")?;
                }
                f.write_str(
                    "; the reference was reused, or an earlier create's answer was lost: if this is \
                     that transaction, use its status and do not create it again; for a new one, \
                     use a new partnerReferenceNo",
                )
            }
            Self::TokenUnavailable { message } => {
                write!(f, "token: no access token could be obtained ({message})")
            }
            Self::Randomness(error) => write!(f, "the OS random source failed: {error}"),
            Self::Clock(error) => write!(f, "the system clock is unusable: {error}"),
            Self::Config(error) => error.fmt(f),
            Self::Misdriven { expected } => write!(
                f,
                "the client's transport loop is broken: the driver expected {expected}"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(error) | Self::TokenRefused(error) => Some(error),
            Self::OutcomeUnknown { cause, .. } => Some(cause.as_ref()),
            Self::Randomness(error) => Some(error),
            Self::Clock(error) => Some(error),
            Self::Config(error) => Some(error),
            _ => None,
        }
    }
}

/// How a transport failure happened, which says whether the server may have acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportFailure {
    /// The request certainly never reached the server (DNS failure, connection refused, connect
    /// timeout, a failed TLS handshake, an unusable URL).
    NotSent,
    /// The answer did not arrive within the read timeout.
    TimedOut,
    /// The connection was cut, or the answer was cut short or too large.
    Interrupted,
}

impl TransportFailure {
    /// What the core's retry logic makes of it.
    ///
    /// ```
    /// use ayolinx_proto::driver::TransportFailure;
    /// use ayolinx_proto::retry::Outcome;
    /// assert_eq!(TransportFailure::NotSent.outcome(), Outcome::NotSent);
    /// assert_eq!(TransportFailure::TimedOut.outcome(), Outcome::NoAnswer);
    /// ```
    pub fn outcome(self) -> Outcome {
        match self {
            Self::NotSent => Outcome::NotSent,
            Self::TimedOut | Self::Interrupted => Outcome::NoAnswer,
        }
    }

    /// What the failure means for the request, in words.
    fn describe(self) -> &'static str {
        match self {
            Self::NotSent => "the request was not sent",
            Self::TimedOut => "no answer came back in time",
            Self::Interrupted => "no complete answer came back",
        }
    }
}

/// A transport's failure: its kind, and what happened in the transport's words (never a header
/// or a body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// Whether the request may have reached the server.
    pub kind: TransportFailure,
    /// What happened.
    pub message: String,
}

impl TransportError {
    /// A failure of a kind, with the transport's message.
    pub fn new(kind: TransportFailure, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The answer's body could not be read whole: [`TransportFailure::TimedOut`] when the read
    /// timed out, otherwise [`TransportFailure::Interrupted`]. Never "not sent": the request was
    /// sent and answered.
    ///
    /// ```
    /// use ayolinx_proto::driver::{TransportError, TransportFailure};
    /// assert_eq!(TransportError::body_cut(true, "read timed out").kind, TransportFailure::TimedOut);
    /// assert_eq!(TransportError::too_large(1024).kind, TransportFailure::Interrupted);
    /// ```
    pub fn body_cut(timed_out: bool, message: impl Into<String>) -> Self {
        let kind = if timed_out {
            TransportFailure::TimedOut
        } else {
            TransportFailure::Interrupted
        };
        Self::new(kind, message)
    }

    /// The answer was larger than `limit` bytes (and was not read further).
    pub fn too_large(limit: u64) -> Self {
        Self::new(
            TransportFailure::Interrupted,
            format!("the answer is larger than the limit of {limit} bytes"),
        )
    }
}

impl From<TransportFailure> for TransportError {
    fn from(kind: TransportFailure) -> Self {
        Self::new(kind, kind.describe())
    }
}

/// Why a client could not be configured.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required environment variable is unset or not UTF-8.
    MissingEnv {
        /// The variable's name.
        name: &'static str,
    },
    /// The base URL is unusable.
    BaseUrl(crate::client::ConfigError),
    /// The private key file could not be read. The clients' `from_vars` report
    /// [`ConfigError::KeySetting`] instead, without the variable's value.
    ReadPrivateKey {
        /// The file's path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The private key is not a usable RSA key.
    PrivateKey(crate::KeyError),
    /// `AYOLINX_PRIVATE_KEY` (the PEM text or a file path) holds or names no usable key; the
    /// error names the variable and the problem, never its value.
    KeySetting(crate::key_setting::KeySettingError),
    /// The prepared request could not be turned into an HTTP request (e.g. an unusable URL).
    Request {
        /// The operation's name.
        operation: &'static str,
        /// Why.
        message: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingEnv { name } => write!(f, "environment variable {name} is not set"),
            Self::BaseUrl(error) => error.fmt(f),
            Self::ReadPrivateKey { path, source } => {
                write!(f, "cannot read the private key file {path:?}: {source}")
            }
            Self::PrivateKey(error) => write!(f, "the private key is not usable: {error}"),
            Self::KeySetting(error) => error.fmt(f),
            Self::Request { operation, message } => {
                write!(f, "{operation}: the request cannot be built: {message}")
            }
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::BaseUrl(error) => Some(error),
            Self::ReadPrivateKey { source, .. } => Some(source),
            Self::PrivateKey(error) => Some(error),
            Self::KeySetting(error) => Some(error),
            Self::MissingEnv { .. } | Self::Request { .. } => None,
        }
    }
}
