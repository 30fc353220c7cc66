//! [`Sandbox`] and [`SandboxBuilder`]: configure and start a sandbox.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use ayolinx_proto::{PrivateKey, PublicKey, Secret};

use crate::credentials::{
    AYOLINX_PRIVATE_KEY_PEM, DEFAULT_CLIENT_KEY, DEFAULT_CLIENT_SECRET, MERCHANT_PUBLIC_KEY_PEM,
};
use crate::{SandboxError, SandboxHandle};

/// The default lifetime of the access tokens the sandbox issues (`expiresIn`).
pub const DEFAULT_TOKEN_LIFETIME_SECONDS: u32 = 900;
/// The default accepted distance between `X-TIMESTAMP` and the sandbox's clock.
pub const DEFAULT_TIMESTAMP_WINDOW_SECONDS: u32 = 300;

/// The entry point: `Sandbox::builder()...start()`.
///
/// ```
/// let sandbox = ayolinx_sandbox::Sandbox::start()?; // every default
/// assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
/// # Ok::<(), ayolinx_sandbox::SandboxError>(())
/// ```
#[derive(Debug)]
pub struct Sandbox {
    _private: (),
}

impl Sandbox {
    /// A builder with every default: `127.0.0.1:0`, the documented test credentials and keys,
    /// no callback URL, time factor 1.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// Starts a sandbox with every default.
    pub fn start() -> Result<SandboxHandle, SandboxError> {
        Self::builder().start()
    }
}

/// Where a key comes from.
#[derive(Clone)]
enum KeyChoice<K> {
    Default,
    Given(K),
    File(PathBuf),
}

/// The settings of a sandbox. Every setter is optional.
#[derive(Clone)]
pub struct SandboxBuilder {
    bind: SocketAddr,
    client_key: String,
    client_secret: Option<Secret>,
    merchant_public_key: KeyChoice<PublicKey>,
    ayolinx_private_key: KeyChoice<PrivateKey>,
    callback_url: Option<String>,
    merchant_va_base_url: Option<String>,
    time_factor: f64,
    token_lifetime_seconds: u32,
    timestamp_window_seconds: u32,
    require_php_body_encoding: bool,
    sign_query: bool,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            bind: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            client_key: DEFAULT_CLIENT_KEY.to_owned(),
            client_secret: None,
            merchant_public_key: KeyChoice::Default,
            ayolinx_private_key: KeyChoice::Default,
            callback_url: None,
            merchant_va_base_url: None,
            time_factor: 1.0,
            token_lifetime_seconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
            timestamp_window_seconds: DEFAULT_TIMESTAMP_WINDOW_SECONDS,
            require_php_body_encoding: false,
            sign_query: false,
        }
    }
}

impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("bind", &self.bind)
            .field("client_key", &self.client_key)
            .field("client_secret", &self.client_secret)
            .field("callback_url", &self.callback_url)
            .field("merchant_va_base_url", &self.merchant_va_base_url)
            .field("time_factor", &self.time_factor)
            .field("token_lifetime_seconds", &self.token_lifetime_seconds)
            .field("timestamp_window_seconds", &self.timestamp_window_seconds)
            .field("require_php_body_encoding", &self.require_php_body_encoding)
            .finish_non_exhaustive()
    }
}

impl SandboxBuilder {
    /// The address to listen on; default `127.0.0.1:0` (a free port on loopback).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// The interface to listen on (the `--host` flag); default `127.0.0.1`.
    pub fn host(mut self, host: IpAddr) -> Self {
        self.bind.set_ip(host);
        self
    }

    /// The port to listen on (the `--port` flag); default 0, a free port.
    pub fn port(mut self, port: u16) -> Self {
        self.bind.set_port(port);
        self
    }

    /// The client key (`X-CLIENT-KEY`, `X-PARTNER-ID`); default
    /// [`DEFAULT_CLIENT_KEY`].
    pub fn client_key(mut self, client_key: impl Into<String>) -> Self {
        self.client_key = client_key.into();
        self
    }

    /// The client secret (the HMAC key); default
    /// [`DEFAULT_CLIENT_SECRET`].
    pub fn client_secret(mut self, client_secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(client_secret.into());
        self
    }

    /// The merchant's public key, which token requests are verified with; default the public
    /// half of the documented test merchant key.
    pub fn merchant_public_key(mut self, key: PublicKey) -> Self {
        self.merchant_public_key = KeyChoice::Given(key);
        self
    }

    /// The merchant's public key from a PEM or DER file (the `--merchant-public-key` flag),
    /// read by [`start`](Self::start).
    pub fn merchant_public_key_file(mut self, path: impl AsRef<Path>) -> Self {
        self.merchant_public_key = KeyChoice::File(path.as_ref().to_owned());
        self
    }

    /// The Ayolinx private key the callbacks are signed with; default the documented test
    /// Ayolinx key.
    pub fn ayolinx_private_key(mut self, key: PrivateKey) -> Self {
        self.ayolinx_private_key = KeyChoice::Given(key);
        self
    }

    /// The Ayolinx private key from a PEM or DER file (the `--ayolinx-private-key` flag), read
    /// by [`start`](Self::start).
    pub fn ayolinx_private_key_file(mut self, path: impl AsRef<Path>) -> Self {
        self.ayolinx_private_key = KeyChoice::File(path.as_ref().to_owned());
        self
    }

    /// Where callbacks go when a request carries no `NOTIFICATION` urlParam (the
    /// `--callback-url` flag). Without it such transactions send no callback.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    /// Where the SNAP VA flow calls the merchant: `{base}/v1.0/access-token/b2b`, then
    /// `{base}/v1.0/transfer-va/payment`. Without it a paid VA sends the non-SNAP notification
    /// (scheme C) to the callback URL instead.
    pub fn merchant_va_base_url(mut self, url: impl Into<String>) -> Self {
        self.merchant_va_base_url = Some(url.into());
        self
    }

    /// Scales the callback retry schedule (1, 5, 10, 60 minutes) (the `--time-factor` flag):
    /// `0.001` makes it 60 ms, 300 ms, 600 ms, 3.6 s. Default 1. Must be finite and not negative.
    pub fn time_factor(mut self, factor: f64) -> Self {
        self.time_factor = factor;
        self
    }

    /// The lifetime of issued access tokens, in seconds (`expiresIn`); default 900.
    pub fn token_lifetime_seconds(mut self, seconds: u32) -> Self {
        self.token_lifetime_seconds = seconds;
        self
    }

    /// The accepted `|X-TIMESTAMP - now|`, in seconds; default 300.
    pub fn timestamp_window_seconds(mut self, seconds: u32) -> Self {
        self.timestamp_window_seconds = seconds;
        self
    }

    /// Also require the body to be exactly what PHP's `json_encode` writes for it (`/` as
    /// `\/`, non-ASCII as `\uXXXX`, compact), as a PHP server that re-encodes before hashing
    /// would. Default off: the signature is checked over the raw body bytes only.
    pub fn require_php_body_encoding(mut self, require: bool) -> Self {
        self.require_php_body_encoding = require;
        self
    }

    /// Also sign the query string of a callback URL that has one (`/cb?refNo=ORD-1`): the
    /// route signed is then the path and the query, for testing a verifier set to include the
    /// query (`CallbackVerifier::include_query`). Default off: the path alone is signed, as
    /// Ayolinx is assumed to do (whether it signs the query is not known).
    pub fn sign_query(mut self, sign: bool) -> Self {
        self.sign_query = sign;
        self
    }

    /// Reads the key files, opens the socket and starts serving on a background thread.
    ///
    /// # Errors
    ///
    /// A key file that cannot be read or is not an RSA key, a time factor that is negative or
    /// not finite, an empty client key, or an address that cannot be bound.
    pub fn start(self) -> Result<SandboxHandle, SandboxError> {
        let config = self.resolve()?;
        SandboxHandle::start(config, self.bind)
    }

    fn resolve(&self) -> Result<Config, SandboxError> {
        if !self.time_factor.is_finite() || self.time_factor < 0.0 {
            return Err(SandboxError::InvalidConfig {
                reason: format!(
                    "the time factor must be finite and not negative, not {}",
                    self.time_factor
                ),
            });
        }
        if self.client_key.is_empty() {
            return Err(SandboxError::InvalidConfig {
                reason: "the client key is empty".into(),
            });
        }
        let (merchant_public_key, merchant_public_key_file) = match &self.merchant_public_key {
            KeyChoice::Default => (load_public(MERCHANT_PUBLIC_KEY_PEM.as_bytes())?, None),
            KeyChoice::Given(key) => (key.clone(), None),
            KeyChoice::File(path) => (load_public(&read(path)?)?, Some(path.clone())),
        };
        let (ayolinx_private_key, ayolinx_private_key_file) = match &self.ayolinx_private_key {
            KeyChoice::Default => (load_private(AYOLINX_PRIVATE_KEY_PEM.as_bytes())?, None),
            KeyChoice::Given(key) => (key.clone(), None),
            KeyChoice::File(path) => (load_private(&read(path)?)?, Some(path.clone())),
        };
        let client_secret = self
            .client_secret
            .clone()
            .unwrap_or_else(|| Secret::new(DEFAULT_CLIENT_SECRET));
        Ok(Config {
            client_key: self.client_key.clone(),
            secret_is_default: client_secret.expose_secret() == DEFAULT_CLIENT_SECRET,
            client_secret,
            ayolinx_public_key: ayolinx_private_key.public_key(),
            merchant_public_key,
            merchant_public_key_file,
            ayolinx_private_key,
            ayolinx_private_key_file,
            callback_url: self.callback_url.clone(),
            merchant_va_base_url: self
                .merchant_va_base_url
                .as_ref()
                .map(|url| url.trim_end_matches('/').to_owned()),
            time_factor: self.time_factor,
            token_lifetime_seconds: self.token_lifetime_seconds,
            timestamp_window_seconds: self.timestamp_window_seconds,
            require_php_body_encoding: self.require_php_body_encoding,
            sign_query: self.sign_query,
        })
    }
}

fn read(path: &Path) -> Result<Vec<u8>, SandboxError> {
    std::fs::read(path).map_err(|source| SandboxError::KeyFile {
        path: path.to_owned(),
        source,
    })
}

/// A key file's text if it is PEM, else its bytes as DER.
fn pem_text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes)
        .ok()
        .filter(|text| text.contains("-----BEGIN"))
}

fn load_public(bytes: &[u8]) -> Result<PublicKey, SandboxError> {
    match pem_text(bytes) {
        Some(pem) => PublicKey::from_pem(pem),
        None => PublicKey::from_der(bytes),
    }
    .map_err(|source| SandboxError::Key {
        which: "merchant public key",
        source,
    })
}

fn load_private(bytes: &[u8]) -> Result<PrivateKey, SandboxError> {
    match pem_text(bytes) {
        Some(pem) => PrivateKey::from_pem(pem),
        None => PrivateKey::from_der(bytes),
    }
    .map_err(|source| SandboxError::Key {
        which: "Ayolinx private key",
        source,
    })
}

/// The resolved settings of a running sandbox.
pub(crate) struct Config {
    pub(crate) client_key: String,
    pub(crate) client_secret: Secret,
    pub(crate) secret_is_default: bool,
    pub(crate) merchant_public_key: PublicKey,
    pub(crate) merchant_public_key_file: Option<PathBuf>,
    pub(crate) ayolinx_private_key: PrivateKey,
    pub(crate) ayolinx_public_key: PublicKey,
    pub(crate) ayolinx_private_key_file: Option<PathBuf>,
    pub(crate) callback_url: Option<String>,
    pub(crate) merchant_va_base_url: Option<String>,
    pub(crate) time_factor: f64,
    pub(crate) token_lifetime_seconds: u32,
    pub(crate) timestamp_window_seconds: u32,
    pub(crate) require_php_body_encoding: bool,
    pub(crate) sign_query: bool,
}
