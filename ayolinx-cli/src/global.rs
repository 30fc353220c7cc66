//! The options every command accepts, before or after the subcommand, each with an environment
//! variable as fallback, and the loaders that turn them into keys and secrets.

use std::path::{Path, PathBuf};

use ayolinx_proto::{PrivateKey, PublicKey, Secret};
use clap::Args;

use crate::failure::Failure;

/// Credentials and output format, shared by every command.
///
/// `Debug` shows no secret: the client secret is a [`Secret`], the keys are file paths.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct Global {
    /// Ayolinx's base URL.
    #[arg(
        long,
        help = "Ayolinx's base URL (default: the embedded sandbox for demo, https://sandbox.ayolinx.id otherwise)",
        global = true,
        env = "AYOLINX_BASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub(crate) base_url: Option<String>,
    /// Your client key (X-CLIENT-KEY / X-PARTNER-ID).
    #[arg(
        long,
        global = true,
        env = "AYOLINX_CLIENT_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub(crate) client_key: Option<String>,
    /// Your client secret (signs every request but the token request). Never printed.
    #[arg(
        long,
        global = true,
        env = "AYOLINX_CLIENT_SECRET",
        hide_env_values = true,
        value_name = "SECRET",
        value_parser = parse_secret
    )]
    pub(crate) client_secret: Option<Secret>,
    /// Your RSA private key (PEM file): signs the access-token request.
    #[arg(
        long,
        global = true,
        env = "AYOLINX_PRIVATE_KEY",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub(crate) private_key: Option<PathBuf>,
    /// Ayolinx's RSA public key (PEM file): verifies callbacks.
    #[arg(
        long,
        global = true,
        env = "AYOLINX_PUBLIC_KEY",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub(crate) ayolinx_public_key: Option<PathBuf>,
    /// Print results as JSON.
    #[arg(long, global = true)]
    pub(crate) json: bool,
}

fn parse_secret(text: &str) -> Result<Secret, std::convert::Infallible> {
    Ok(Secret::new(text))
}

impl Global {
    /// The client key, or a configuration failure naming the option.
    pub(crate) fn require_client_key(&self) -> Result<&str, Failure> {
        self.client_key
            .as_deref()
            .ok_or_else(|| missing("--client-key", "AYOLINX_CLIENT_KEY"))
    }

    /// The client secret, or a configuration failure naming the option.
    pub(crate) fn require_client_secret(&self) -> Result<&Secret, Failure> {
        self.client_secret
            .as_ref()
            .ok_or_else(|| missing("--client-secret", "AYOLINX_CLIENT_SECRET"))
    }

    /// The merchant's private key, read from its file.
    pub(crate) fn require_private_key(&self) -> Result<PrivateKey, Failure> {
        let path = self
            .private_key
            .as_deref()
            .ok_or_else(|| missing("--private-key", "AYOLINX_PRIVATE_KEY"))?;
        read_private_key(path)
    }

    /// Ayolinx's public key, read from its file.
    pub(crate) fn require_ayolinx_public_key(&self) -> Result<PublicKey, Failure> {
        let path = self
            .ayolinx_public_key
            .as_deref()
            .ok_or_else(|| missing("--ayolinx-public-key", "AYOLINX_PUBLIC_KEY"))?;
        read_public_key(path)
    }
}

fn missing(option: &str, variable: &str) -> Failure {
    Failure::BadInput(format!("this command needs {option} (or {variable})"))
}

/// Reads a whole file as bytes, naming `what` it is when that fails.
pub(crate) fn read_bytes(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|error| {
        Failure::BadInput(format!("cannot read {what} {}: {error}", path.display()))
    })
}

/// Reads a whole text file, naming `what` it is when that fails.
pub(crate) fn read_text(path: &Path, what: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|error| {
        Failure::BadInput(format!("cannot read {what} {}: {error}", path.display()))
    })
}

/// Reads an RSA public key (PEM).
pub(crate) fn read_public_key(path: &Path) -> Result<PublicKey, Failure> {
    PublicKey::from_pem(&read_text(path, "the public key")?).map_err(|error| {
        Failure::BadInput(format!(
            "{} is not a usable public key: {error}",
            path.display()
        ))
    })
}

/// Reads an RSA private key (PEM).
pub(crate) fn read_private_key(path: &Path) -> Result<PrivateKey, Failure> {
    PrivateKey::from_pem(&read_text(path, "the private key")?).map_err(|error| {
        Failure::BadInput(format!(
            "{} is not a usable private key: {error}",
            path.display()
        ))
    })
}
