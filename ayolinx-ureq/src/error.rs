//! [`Error`]: what a call can end with besides its typed answer.

use std::fmt;

use ayolinx_proto::ApiError;
use ayolinx_proto::api::common::TransactionStatusResponse;

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
    Clock(ayolinx_proto::time::TimestampError),
    /// The client configuration is unusable.
    Config(ConfigError),
}

impl Error {
    /// Whether the same call may succeed if made again later: transport failures, and the API
    /// errors the core calls retryable. Never true for [`Error::OutcomeUnknown`] (query first).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(error) => error.is_retryable(),
            Self::Transport { .. } | Self::TokenUnavailable { .. } | Self::Randomness(_) => true,
            Self::OutcomeUnknown { .. }
            | Self::Existing { .. }
            | Self::Clock(_)
            | Self::Config(_) => false,
        }
    }

    /// The API error, when Ayolinx answered.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(error) => Some(error),
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
            Self::Transport {
                operation,
                kind,
                message,
            } => {
                let when = match kind {
                    TransportFailure::NotSent => "the request was not sent",
                    TransportFailure::TimedOut => "no answer came back in time",
                    TransportFailure::Interrupted => "no complete answer came back",
                };
                write!(f, "{operation}: {when} ({message})")
            }
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
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(error) => Some(error),
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
    /// timeout, an unusable URL).
    NotSent,
    /// The answer did not arrive within the read timeout.
    TimedOut,
    /// The connection was cut, or the answer was cut short or too large.
    Interrupted,
}

impl TransportFailure {
    /// What the core's retry logic makes of it.
    pub fn outcome(self) -> ayolinx_proto::retry::Outcome {
        match self {
            Self::NotSent => ayolinx_proto::retry::Outcome::NotSent,
            Self::TimedOut | Self::Interrupted => ayolinx_proto::retry::Outcome::NoAnswer,
        }
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
    BaseUrl(ayolinx_proto::client::ConfigError),
    /// The private key file could not be read. No longer returned by
    /// [`ClientBuilder::from_vars`](crate::ClientBuilder::from_vars), which reports
    /// [`ConfigError::KeySetting`] without the variable's value.
    ReadPrivateKey {
        /// The file's path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The private key is not a usable RSA key.
    PrivateKey(ayolinx_proto::KeyError),
    /// `AYOLINX_PRIVATE_KEY` (the PEM text or a file path) holds or names no usable key; the
    /// error names the variable and the problem, never its value.
    KeySetting(ayolinx_proto::key_setting::KeySettingError),
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
