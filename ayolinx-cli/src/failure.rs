//! How a command fails, and the exit code each failure gets: the one place that decides.
//!
//! | exit code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the input was examined and refused (e.g. a callback that is not genuine, or one the payment guard refuses for the order expected) |
//! | 2 | Ayolinx answered with a business error (response code, its SNAP meaning and the message are printed); also usage errors (clap's, and a `--store` that is not a store URL) |
//! | 3 | a transport or configuration error: the server could not be reached or answered unreadably, or an input could not be used (an unreadable file, a key that is not a key, a missing credential) |
//! | 4 | `verify-callback`: the signature is genuine, but the body is not a payment notification |
//!
//! The reason goes to stderr: `error: …` as text, or with `--json` one JSON object
//! `{"error":{"kind":…,"message":…}}`, plus `"responseCode"` when Ayolinx answered and `"field"`
//! when the payment guard refused a callback.

use std::fmt;
use std::process::ExitCode;

use ayolinx_proto::ApiError;
use ayolinx_ureq::Error;
use serde_json::json;

use crate::escape::{escape_controls, json_line};

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command did its work and the answer is "no": exit 1.
    Rejected(String),
    /// A genuine callback the payment guard refuses for the order expected: exit 1, naming the
    /// field at fault.
    Refused {
        /// What happened.
        message: String,
        /// The callback field at fault, as named on the wire.
        field: &'static str,
    },
    /// Ayolinx answered with a business error: exit 2.
    Business {
        /// What happened.
        message: String,
        /// Ayolinx's `responseCode`, when it answered with one.
        response_code: Option<String>,
    },
    /// A setting is not of the form it takes (as clap's usage errors, whose messages would
    /// show the value, which may hold a password): exit 2.
    Usage(String),
    /// An argument or setting could not be used: exit 3.
    BadInput(String),
    /// The server could not be reached, or its answer could not be read: exit 3.
    Transport(String),
    /// A genuinely signed callback whose body is not a payment notification: exit 4.
    NotANotification(String),
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Self::Rejected(_) | Self::Refused { .. } => 1,
            Self::Business { .. } | Self::Usage(_) => 2,
            Self::BadInput(_) | Self::Transport(_) => 3,
            Self::NotANotification(_) => 4,
        }
    }

    /// The `kind` of the `--json` report.
    fn kind(&self) -> &'static str {
        match self {
            Self::Rejected(_) => "rejected",
            Self::Refused { .. } => "refused",
            Self::Business { .. } => "business",
            Self::Usage(_) => "usage",
            Self::BadInput(_) => "input",
            Self::Transport(_) => "transport",
            Self::NotANotification(_) => "not_a_notification",
        }
    }

    /// Prints the reason on stderr (one JSON object with `json`) and returns the exit code.
    pub(crate) fn report(self, json: bool) -> ExitCode {
        let message = self.to_string();
        let line = if json {
            let mut error = json!({"kind": self.kind(), "message": message});
            if let (
                Self::Business {
                    response_code: Some(code),
                    ..
                },
                Some(fields),
            ) = (&self, error.as_object_mut())
            {
                fields.insert("responseCode".into(), code.clone().into());
            }
            if let (Self::Refused { field, .. }, Some(fields)) = (&self, error.as_object_mut()) {
                fields.insert("field".into(), (*field).into());
            }
            json_line(&json!({ "error": error }))
                .unwrap_or_else(|_| format!("error: {}", escape_controls(&message)))
        } else {
            format!("error: {}", escape_controls(&message))
        };
        eprintln!("{line}");
        ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rejected(reason)
            | Self::Refused {
                message: reason, ..
            }
            | Self::Business {
                message: reason, ..
            }
            | Self::Usage(reason)
            | Self::BadInput(reason)
            | Self::Transport(reason)
            | Self::NotANotification(reason) => f.write_str(reason),
        }
    }
}

/// A call's failure: Ayolinx's business answers exit 2 (the message names the response code,
/// its SNAP meaning and Ayolinx's message); everything that kept an answer from arriving or
/// being read exits 3.
impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        let text = error.to_string();
        match &error {
            Error::Api(ApiError::Business { .. })
            | Error::TokenRefused(_)
            | Error::Existing { .. } => Self::Business {
                message: text,
                response_code: error
                    .api_error()
                    .and_then(ApiError::response_code)
                    .map(|code| code.as_str().to_owned()),
            },
            Error::Config(_) => Self::BadInput(text),
            _ => Self::Transport(text),
        }
    }
}
