//! How a command fails, and the exit code each failure gets.
//!
//! | exit code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the input was examined and refused (e.g. a callback that is not genuine) |
//! | 2 | a usage error (clap's own code) |
//! | 3 | an input that could not be used (an unreadable file, a key that is not a key) |

use std::fmt;
use std::process::ExitCode;

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command did its work and the answer is "no": exit 1.
    Rejected(String),
    /// An argument could not be used: exit 3.
    BadInput(String),
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Self::Rejected(_) => 1,
            Self::BadInput(_) => 3,
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
            Self::Rejected(reason) | Self::BadInput(reason) => f.write_str(reason),
        }
    }
}
