//! The status line on stderr while a command waits (stdout carries results only). On a
//! terminal the line is erased when the wait ends; elsewhere it stays as a plain log line. With
//! `--json` there is none: stderr then carries only the failure, as one JSON object.

use std::io::{IsTerminal, Write};

use crate::escape::escape_controls;

/// A status line shown for as long as it lives.
pub(crate) struct Status {
    terminal: bool,
}

impl Status {
    /// Shows `message` (e.g. "calling qris.generate at https://…"), unless `json`.
    pub(crate) fn show(json: bool, message: &str) -> Self {
        if json {
            return Self { terminal: false };
        }
        let message = escape_controls(message);
        let terminal = std::io::stderr().is_terminal();
        let mut stderr = std::io::stderr().lock();
        // A status line that cannot be written is not worth failing the command for.
        if terminal {
            write!(stderr, "\r\x1b[K… {message}").ok();
        } else {
            writeln!(stderr, "… {message}").ok();
        }
        stderr.flush().ok();
        Self { terminal }
    }
}

impl Drop for Status {
    fn drop(&mut self) {
        if self.terminal {
            let mut stderr = std::io::stderr().lock();
            write!(stderr, "\r\x1b[K").ok();
            stderr.flush().ok();
        }
    }
}
