//! A key given as a setting (an environment variable such as `AYOLINX_PRIVATE_KEY`, or a
//! command-line option): either the PEM text itself or the path of a PEM file.
//!
//! Many hosting platforms offer only environment variables, so the PEM text often lives in the
//! variable itself. [`KeySetting::interpret`] tells the two apart (PEM text contains
//! `-----BEGIN`), and loading fails with a [`KeySettingError`] that names the setting and the
//! problem but **never the value**: not the key, not the path (a value read from the environment
//! is printed nowhere). Reading the file is the caller's closure, since this crate does no I/O.
//!
//! ```
//! use ayolinx_proto::key_setting::KeySetting;
//!
//! let pem = include_str!("../tests/fixtures/keys/rsa2048_pkcs8.pem");
//! let no_file = |_: &str| Err(std::io::Error::from(std::io::ErrorKind::NotFound));
//! let key = KeySetting::interpret(pem).private_key("AYOLINX_PRIVATE_KEY", no_file)?;
//! assert_eq!(key.bits(), 2048);
//!
//! // A damaged key: the error names the variable and the problem, and holds no line of the key.
//! let damaged = pem.replacen("MII", "M!I", 1);
//! let error = KeySetting::interpret(&damaged).private_key("AYOLINX_PRIVATE_KEY", no_file).unwrap_err();
//! assert!(error.to_string().starts_with("AYOLINX_PRIVATE_KEY holds PEM text that is not a usable private key"));
//! assert!(damaged.lines().filter(|line| !line.is_empty()).all(|line| !error.to_string().contains(line)));
//!
//! // A path to a file that is not there: the error does not repeat the path.
//! let error = KeySetting::interpret("/etc/keys/merchant.pem").private_key("AYOLINX_PRIVATE_KEY", no_file).unwrap_err();
//! assert!(!error.to_string().contains("/etc/keys"));
//! # Ok::<(), ayolinx_proto::key_setting::KeySettingError>(())
//! ```

use std::fmt;
use std::io;

use crate::keys::{KeyError, PrivateKey, PublicKey};

/// What a key setting holds: the PEM text itself, or the path of a file holding it.
///
/// Its `Debug` output shows which of the two it is, never the value.
#[derive(Clone, Copy)]
pub enum KeySetting<'a> {
    /// The PEM text (the value contains `-----BEGIN`).
    Pem(&'a str),
    /// The path of a PEM file.
    File(&'a str),
}

impl fmt::Debug for KeySetting<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pem(_) => "KeySetting::Pem(..)",
            Self::File(_) => "KeySetting::File(..)",
        })
    }
}

impl<'a> KeySetting<'a> {
    /// Reads a setting's value: PEM text when it contains `-----BEGIN`, otherwise a file path.
    #[must_use]
    pub fn interpret(value: &'a str) -> Self {
        if value.contains("-----BEGIN") {
            Self::Pem(value)
        } else {
            Self::File(value)
        }
    }

    /// The private key this setting holds or names; `setting` (e.g. `"AYOLINX_PRIVATE_KEY"`)
    /// is named in the error, and `read_file` reads a path as text.
    pub fn private_key(
        self,
        setting: &'static str,
        read_file: impl FnOnce(&str) -> io::Result<String>,
    ) -> Result<PrivateKey, KeySettingError> {
        self.load(setting, read_file, KeyKind::Private, PrivateKey::from_pem)
    }

    /// The public key this setting holds or names (see [`private_key`](Self::private_key)).
    pub fn public_key(
        self,
        setting: &'static str,
        read_file: impl FnOnce(&str) -> io::Result<String>,
    ) -> Result<PublicKey, KeySettingError> {
        self.load(setting, read_file, KeyKind::Public, PublicKey::from_pem)
    }

    fn load<K>(
        self,
        setting: &'static str,
        read_file: impl FnOnce(&str) -> io::Result<String>,
        kind: KeyKind,
        parse: impl FnOnce(&str) -> Result<K, KeyError>,
    ) -> Result<K, KeySettingError> {
        let error = |problem| KeySettingError {
            setting,
            kind,
            problem,
        };
        match self {
            Self::Pem(pem) => parse(pem).map_err(|key| error(KeySettingProblem::PemText(key))),
            Self::File(path) => {
                let pem = read_file(path)
                    .map_err(|io| error(KeySettingProblem::UnreadableFile(io.kind())))?;
                parse(&pem).map_err(|key| error(KeySettingProblem::FileContent(key)))
            }
        }
    }
}

/// Which key a setting was meant to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Private,
    Public,
}

/// Why a key setting could not be used: the setting's name and the problem, never its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySettingError {
    setting: &'static str,
    kind: KeyKind,
    problem: KeySettingProblem,
}

impl KeySettingError {
    /// The setting's name, e.g. `AYOLINX_PRIVATE_KEY`.
    #[must_use]
    pub fn setting(&self) -> &'static str {
        self.setting
    }

    /// What went wrong.
    #[must_use]
    pub fn problem(&self) -> &KeySettingProblem {
        &self.problem
    }
}

/// What went wrong with a key setting.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeySettingProblem {
    /// The value is PEM text, and not a usable key.
    PemText(KeyError),
    /// The value is a path, and the file cannot be read.
    UnreadableFile(io::ErrorKind),
    /// The value is a path, and the file does not hold a usable key.
    FileContent(KeyError),
}

impl fmt::Display for KeySettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (setting, key) = (
            self.setting,
            match self.kind {
                KeyKind::Private => "private key",
                KeyKind::Public => "public key",
            },
        );
        match &self.problem {
            KeySettingProblem::PemText(error) => {
                write!(
                    f,
                    "{setting} holds PEM text that is not a usable {key}: {error}"
                )
            }
            KeySettingProblem::UnreadableFile(kind) => write!(
                f,
                "{setting} names a file that cannot be read ({kind}): set it to the path of a \
                 readable PEM file, or to the PEM text itself"
            ),
            KeySettingProblem::FileContent(error) => write!(
                f,
                "{setting} names a file that does not hold a usable {key}: {error}"
            ),
        }
    }
}

impl std::error::Error for KeySettingError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            KeySettingProblem::PemText(error) | KeySettingProblem::FileContent(error) => {
                Some(error)
            }
            KeySettingProblem::UnreadableFile(_) => None,
        }
    }
}
