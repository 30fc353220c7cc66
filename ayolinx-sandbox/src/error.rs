//! [`SandboxError`]: what can go wrong when starting or driving the sandbox.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Why a sandbox operation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SandboxError {
    /// The listening socket could not be opened.
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The async runtime or the server thread could not be started.
    Runtime(std::io::Error),
    /// A key file could not be read.
    KeyFile {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A key (from a file or given in code) is not a usable RSA key.
    Key {
        /// Which key: `merchant public key` or `Ayolinx private key`.
        which: &'static str,
        /// The core's reason.
        source: ayolinx_proto::KeyError,
    },
    /// A builder setting is out of range.
    InvalidConfig {
        /// What is wrong.
        reason: String,
    },
    /// No transaction has this `partnerReferenceNo`.
    UnknownTransaction {
        /// The reference asked for.
        partner_reference_no: String,
    },
    /// The transaction cannot be paid in its current state (already paid, cancelled or expired).
    NotPayable {
        /// The reference asked for.
        partner_reference_no: String,
        /// Its state: `paid`, `cancelled` or `expired`.
        status: String,
    },
    /// The transaction cannot make this transition in its current state (see
    /// [`Transition`](crate::Transition)).
    CannotSettle {
        /// The reference asked for.
        partner_reference_no: String,
        /// What was asked.
        transition: crate::Transition,
        /// Whether a payment after close was asked.
        after_close: bool,
        /// Its state.
        status: crate::TransactionState,
    },
    /// A [`Settlement`](crate::Settlement)'s settings do not hold together.
    BadSettlement {
        /// What is wrong.
        reason: String,
    },
    /// [`SandboxHandle::wait_for_callbacks`](crate::SandboxHandle::wait_for_callbacks) gave up.
    Timeout {
        /// How long it waited.
        waited: Duration,
        /// How many callback deliveries were recorded when it gave up.
        deliveries: usize,
    },
    /// The system clock or random generator failed.
    Clock(String),
}

impl fmt::Display for SandboxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            Self::Runtime(source) => write!(f, "cannot start the sandbox server: {source}"),
            Self::KeyFile { path, source } => {
                write!(f, "cannot read the key file {}: {source}", path.display())
            }
            Self::Key { which, source } => write!(f, "the {which} is not usable: {source}"),
            Self::InvalidConfig { reason } => write!(f, "invalid sandbox setting: {reason}"),
            Self::UnknownTransaction {
                partner_reference_no,
            } => write!(
                f,
                "no transaction with partnerReferenceNo {partner_reference_no:?}"
            ),
            Self::NotPayable {
                partner_reference_no,
                status,
            } => write!(
                f,
                "transaction {partner_reference_no:?} cannot be paid: it is {status}"
            ),
            Self::CannotSettle {
                partner_reference_no,
                transition,
                after_close,
                status,
            } => {
                let allowed = match (transition, after_close) {
                    (crate::Transition::Pay, true) => "expired, cancelled or failed",
                    (crate::Transition::Pay, false) => "created",
                    (crate::Transition::Fail | crate::Transition::Cancel, _) => "created or paid",
                    (_, _) => "created",
                };
                let after = if *after_close { " after close" } else { "" };
                write!(
                    f,
                    "transaction {partner_reference_no:?} cannot {transition}{after}: it is {status}, and only a {allowed} one can"
                )
            }
            Self::BadSettlement { reason } => write!(f, "invalid settlement: {reason}"),
            Self::Timeout { waited, deliveries } => write!(
                f,
                "the callbacks did not reach the expected state within {waited:?} ({deliveries} deliveries recorded)"
            ),
            Self::Clock(reason) => {
                write!(f, "the system clock or random generator failed: {reason}")
            }
        }
    }
}

impl std::error::Error for SandboxError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Bind { source, .. } | Self::KeyFile { source, .. } => Some(source),
            Self::Runtime(source) => Some(source),
            Self::Key { source, .. } => Some(source),
            _ => None,
        }
    }
}
