//! The options every command accepts, before or after the subcommand, each with an environment
//! variable as fallback, and the loaders that turn them into keys and secrets.

use std::io::Read as _;
use std::path::Path;

use ayolinx_proto::key_setting::{KeySetting, KeySettingError};
use ayolinx_proto::{PrivateKey, PublicKey, Secret};
use clap::Args;

use crate::failure::Failure;

/// Credentials and output format, shared by every command.
///
/// `Debug` shows no secret: the client secret and the private key (its PEM text or path) are
/// [`Secret`]s.
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
    /// Your RSA private key: a PEM file, or the PEM text itself. Signs the access-token request.
    #[arg(
        long,
        global = true,
        env = "AYOLINX_PRIVATE_KEY",
        hide_env_values = true,
        value_name = "FILE|PEM",
        value_parser = parse_secret
    )]
    pub(crate) private_key: Option<Secret>,
    /// Ayolinx's RSA public key: a PEM file, or the PEM text itself. Verifies callbacks.
    #[arg(
        long,
        global = true,
        env = "AYOLINX_PUBLIC_KEY",
        hide_env_values = true,
        value_name = "FILE|PEM"
    )]
    pub(crate) ayolinx_public_key: Option<String>,
    /// Where state shared by several `ayolinx` processes lives: `memory` (the default) or
    /// `redis://[:password@]host:port[/db]`. The password is never printed.
    #[arg(
        long,
        help = "Where state shared by several processes lives: `memory` (default) or redis://[:password@]host:port[/db] (API commands: the access token; listen: the ledger and issued tokens)",
        global = true,
        env = "AYOLINX_STORE",
        hide_env_values = true,
        value_name = "URL",
        value_parser = parse_secret
    )]
    pub(crate) store: Option<Secret>,
    /// Print results as JSON.
    #[arg(long, global = true)]
    pub(crate) json: bool,
}

/// Reads an argument as a [`Secret`] (its `Debug` output shows nothing of it).
pub(crate) fn parse_secret(text: &str) -> Result<Secret, std::convert::Infallible> {
    Ok(Secret::new(text))
}

/// A global setting a command may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    ClientKey,
    ClientSecret,
    PrivateKey,
    AyolinxPublicKey,
}

impl Setting {
    /// The option and its environment variable.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::ClientKey => ("--client-key", "AYOLINX_CLIENT_KEY"),
            Self::ClientSecret => ("--client-secret", "AYOLINX_CLIENT_SECRET"),
            Self::PrivateKey => ("--private-key", "AYOLINX_PRIVATE_KEY"),
            Self::AyolinxPublicKey => ("--ayolinx-public-key", "AYOLINX_PUBLIC_KEY"),
        }
    }
}

impl Global {
    fn is_set(&self, setting: Setting) -> bool {
        match setting {
            Setting::ClientKey => self.client_key.is_some(),
            Setting::ClientSecret => self.client_secret.is_some(),
            Setting::PrivateKey => self.private_key.is_some(),
            Setting::AyolinxPublicKey => self.ayolinx_public_key.is_some(),
        }
    }

    /// Fails naming every one of `settings` that is not given, all in one message.
    pub(crate) fn require(&self, settings: &[Setting]) -> Result<(), Failure> {
        let missing: Vec<String> = settings
            .iter()
            .filter(|setting| !self.is_set(**setting))
            .map(|setting| {
                let (option, variable) = setting.names();
                format!("{option} (or {variable})")
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Failure::BadInput(format!(
                "this command needs {}",
                missing.join(", ")
            )))
        }
    }

    /// The client key, or a configuration failure naming the option.
    pub(crate) fn require_client_key(&self) -> Result<&str, Failure> {
        self.client_key
            .as_deref()
            .ok_or_else(|| missing(Setting::ClientKey))
    }

    /// The client secret, or a configuration failure naming the option.
    pub(crate) fn require_client_secret(&self) -> Result<&Secret, Failure> {
        self.client_secret
            .as_ref()
            .ok_or_else(|| missing(Setting::ClientSecret))
    }

    /// The merchant's private key: the PEM text of `--private-key`, or the file it names.
    pub(crate) fn require_private_key(&self) -> Result<PrivateKey, Failure> {
        let value = self
            .private_key
            .as_ref()
            .ok_or_else(|| missing(Setting::PrivateKey))?;
        private_key_setting("--private-key (AYOLINX_PRIVATE_KEY)", value)
    }

    /// Ayolinx's public key: the PEM text of `--ayolinx-public-key`, or the file it names.
    pub(crate) fn require_ayolinx_public_key(&self) -> Result<PublicKey, Failure> {
        let value = self
            .ayolinx_public_key
            .as_deref()
            .ok_or_else(|| missing(Setting::AyolinxPublicKey))?;
        public_key_setting("--ayolinx-public-key (AYOLINX_PUBLIC_KEY)", value)
    }
}

fn missing(setting: Setting) -> Failure {
    let (option, variable) = setting.names();
    Failure::BadInput(format!("this command needs {option} (or {variable})"))
}

/// The private key `value` holds (PEM text) or names (a file); errors name `setting`, never the
/// value.
pub(crate) fn private_key_setting(
    setting: &'static str,
    value: &Secret,
) -> Result<PrivateKey, Failure> {
    KeySetting::interpret(value.expose_secret())
        .private_key(setting, read_key_file)
        .map_err(key_failure)
}

/// The public key `value` holds (PEM text) or names (a file); errors name `setting`, never the
/// value.
pub(crate) fn public_key_setting(setting: &'static str, value: &str) -> Result<PublicKey, Failure> {
    KeySetting::interpret(value)
        .public_key(setting, read_key_file)
        .map_err(key_failure)
}

fn read_key_file(path: &str) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

fn key_failure(error: KeySettingError) -> Failure {
    Failure::BadInput(error.to_string())
}

/// Reads a body file as raw bytes; `-` reads standard input to its end.
pub(crate) fn read_body_file(path: &Path) -> Result<Vec<u8>, Failure> {
    if path == Path::new("-") {
        let mut body = Vec::new();
        return std::io::stdin()
            .lock()
            .read_to_end(&mut body)
            .map(|_| body)
            .map_err(|error| {
                Failure::BadInput(format!("cannot read the body from standard input: {error}"))
            });
    }
    std::fs::read(path).map_err(|error| {
        Failure::BadInput(format!(
            "cannot read the body file {}: {error}",
            path.display()
        ))
    })
}
