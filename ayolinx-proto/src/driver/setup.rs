//! [`ClientSetup`]: the settings both clients' builders hold, read from code or from
//! environment variables (their values parsed here, the reading left to the caller), and
//! [`Engine`], what a built client runs its drivers with.

use std::io;
use std::time::Duration;

use crate::body::BodyEncoding;
use crate::client::{BaseUrl, SANDBOX_BASE_URL};
use crate::driver::call::Call;
use crate::driver::error::{ConfigError, Error};
use crate::driver::machine::{Driver, TokenDriver};
use crate::driver::settings::Settings;
use crate::key_setting::KeySetting;
use crate::{ClientConfig, Environment, PrivateKey, Secret};

/// The base URL, e.g. `https://sandbox.ayolinx.id` or `http://127.0.0.1:8080`.
pub const ENV_BASE_URL: &str = "AYOLINX_BASE_URL";
/// The client key (`CK…`).
pub const ENV_CLIENT_KEY: &str = "AYOLINX_CLIENT_KEY";
/// The client secret (`SK…`).
pub const ENV_CLIENT_SECRET: &str = "AYOLINX_CLIENT_SECRET";
/// The merchant's PEM private key: the PEM text itself, or the path of a PEM file.
pub const ENV_PRIVATE_KEY: &str = "AYOLINX_PRIVATE_KEY";

/// A client's settings, transport-independent: credentials, driver [`Settings`], the default
/// transport's timeouts and size limit, the body encoding.
///
/// `Debug` shows no secret:
///
/// ```
/// use ayolinx_proto::driver::ClientSetup;
/// use ayolinx_proto::PrivateKey;
///
/// # let pem = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
/// let setup = ClientSetup::new("http://127.0.0.1:9", "CK-1", "SK-secret", PrivateKey::from_pem(pem)?);
/// assert_eq!(setup.read_timeout.as_secs(), 30);
/// assert!(!format!("{setup:?}").contains("SK-secret"));
/// let engine = setup.engine()?;
/// assert_eq!(engine.settings().refresh_wait.as_secs(), 30);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
pub struct ClientSetup {
    /// An `https://` URL, or `http://` to a loopback host; checked by [`engine`](Self::engine).
    pub base_url: String,
    /// The client key (`CK…`).
    pub client_key: String,
    /// The client secret (`SK…`).
    pub client_secret: Secret,
    /// The merchant's private key.
    pub private_key: PrivateKey,
    /// The retry policy, the token refresh margin and the overall deadline.
    pub settings: Settings,
    /// The default transport's longest wait for a connection.
    pub connect_timeout: Duration,
    /// The longest wait for one whole attempt (and for another caller's token refresh).
    pub read_timeout: Duration,
    /// The largest answer the default transport reads.
    pub max_response_bytes: u64,
    /// How request bodies are encoded.
    pub body_encoding: BodyEncoding,
}

impl std::fmt::Debug for ClientSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSetup")
            .field("base_url", &self.base_url)
            .field("client_key", &self.client_key)
            .field("client_secret", &self.client_secret)
            .field("settings", &self.settings)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl ClientSetup {
    /// Settings for a base URL, client key, client secret and private key, with the defaults:
    /// refresh the token 60 s before it expires, 5 s connect timeout, 30 s for each attempt, no
    /// overall deadline, answers up to 1 MiB,
    /// [`RetryPolicy::default`](crate::retry::RetryPolicy::default), PHP body encoding.
    pub fn new(
        base_url: impl Into<String>,
        client_key: impl Into<String>,
        client_secret: impl Into<Secret>,
        private_key: PrivateKey,
    ) -> Self {
        Self {
            base_url: base_url.into(),
            client_key: client_key.into(),
            client_secret: client_secret.into(),
            private_key,
            settings: Settings::default(),
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(30),
            max_response_bytes: 1 << 20,
            body_encoding: BodyEncoding::default(),
        }
    }

    /// Settings from variables looked up by name: [`ENV_BASE_URL`] (default: the Ayolinx
    /// sandbox), [`ENV_CLIENT_KEY`], [`ENV_CLIENT_SECRET`], and [`ENV_PRIVATE_KEY`], the PEM
    /// text itself (a value containing `-----BEGIN`) or the path of a PEM file, which
    /// `read_file` reads. No error repeats a value (see [`crate::key_setting`]).
    ///
    /// ```
    /// use ayolinx_proto::driver::{ClientSetup, ConfigError, Error};
    ///
    /// let pem = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
    /// let vars = |name: &str| match name {
    ///     "AYOLINX_CLIENT_KEY" => Some("CK-1".to_owned()),
    ///     "AYOLINX_CLIENT_SECRET" => Some("SK-1".to_owned()),
    ///     "AYOLINX_PRIVATE_KEY" => Some("/keys/merchant.pem".to_owned()),
    ///     _ => None,
    /// };
    /// let setup = ClientSetup::from_vars(vars, |_path| Ok(pem.to_owned()))?;
    /// assert_eq!(setup.base_url, ayolinx_proto::client::SANDBOX_BASE_URL);
    ///
    /// let missing = ClientSetup::from_vars(|name| vars(name).filter(|_| name != "AYOLINX_CLIENT_SECRET"), |_| Ok(pem.to_owned()));
    /// assert!(matches!(missing, Err(Error::Config(ConfigError::MissingEnv { name: "AYOLINX_CLIENT_SECRET" }))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_vars(
        lookup: impl Fn(&'static str) -> Option<String>,
        read_file: impl FnOnce(&str) -> io::Result<String>,
    ) -> Result<Self, Error> {
        let var = |name: &'static str| {
            lookup(name).ok_or(Error::Config(ConfigError::MissingEnv { name }))
        };
        let base_url = lookup(ENV_BASE_URL).unwrap_or_else(|| SANDBOX_BASE_URL.to_owned());
        let private_key = KeySetting::interpret(&var(ENV_PRIVATE_KEY)?)
            .private_key(ENV_PRIVATE_KEY, read_file)
            .map_err(|error| Error::Config(ConfigError::KeySetting(error)))?;
        Ok(Self::new(
            base_url,
            var(ENV_CLIENT_KEY)?,
            Secret::new(var(ENV_CLIENT_SECRET)?),
            private_key,
        ))
    }

    /// The engine a client runs its calls with. Fails when the base URL is unusable.
    pub fn engine(self) -> Result<Engine, Error> {
        let base_url =
            BaseUrl::parse(&self.base_url).map_err(|e| Error::Config(ConfigError::BaseUrl(e)))?;
        let config = ClientConfig::new(
            Environment::Custom(base_url),
            self.client_key,
            self.client_secret,
            self.private_key,
        )
        .with_body_encoding(self.body_encoding);
        Ok(Engine {
            core: crate::Client::new(config),
            settings: self.settings.with_refresh_wait(self.read_timeout),
        })
    }
}

/// The core client and the driver settings of a built client: it makes the driver of each call.
pub struct Engine {
    core: crate::Client,
    settings: Settings,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("config", self.core.config())
            .field("settings", &self.settings)
            .finish()
    }
}

impl Engine {
    /// The driver of a call.
    pub fn call<'a, O: Call>(&'a self, request: &'a O) -> Driver<'a, O> {
        Driver::new(&self.core, &self.settings, request)
    }

    /// The driver that only makes sure a token is cached (and returns it).
    pub fn token(&self) -> TokenDriver<'_> {
        TokenDriver::new(&self.core, &self.settings)
    }

    /// The core client.
    pub fn core(&self) -> &crate::Client {
        &self.core
    }

    /// The driver settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}
