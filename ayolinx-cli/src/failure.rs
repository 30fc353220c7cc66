//! How a command fails, and the exit code each failure gets: the one place that decides.
//!
//! | exit code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the input was examined and refused (e.g. a callback that is not genuine) |
//! | 2 | Ayolinx answered with a business error (response code, its SNAP meaning and the message are printed); also clap's usage errors |
//! | 3 | a transport or configuration error: the server could not be reached or answered unreadably, or an input could not be used (an unreadable file, a key that is not a key, a missing credential) |

use std::fmt;
use std::process::ExitCode;

use ayolinx_proto::ApiError;
use ayolinx_ureq::Error;

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command did its work and the answer is "no": exit 1.
    Rejected(String),
    /// Ayolinx answered with a business error: exit 2.
    Business(String),
    /// An argument or setting could not be used: exit 3.
    BadInput(String),
    /// The server could not be reached, or its answer could not be read: exit 3.
    Transport(String),
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Self::Rejected(_) => 1,
            Self::Business(_) => 2,
            Self::BadInput(_) | Self::Transport(_) => 3,
        }
    }

    /// Prints the reason on stderr and returns the exit code.
    pub(crate) fn report(self) -> ExitCode {
        eprintln!("error: {self}");
        ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rejected(reason)
            | Self::Business(reason)
            | Self::BadInput(reason)
            | Self::Transport(reason) => f.write_str(reason),
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
            | Error::Existing { .. } => Self::Business(text),
            Error::Config(_) => Self::BadInput(text),
            _ => Self::Transport(text),
        }
    }
}
