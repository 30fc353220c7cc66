//! [`ClientBuilder`]: a client's settings, from code or from the environment; the same setters
//! as `ayolinx-ureq`'s, plus the async seams.

use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::body::BodyEncoding;
use ayolinx_proto::client::BaseUrl;
use ayolinx_proto::driver::Settings;
use ayolinx_proto::key_setting::KeySetting;
use ayolinx_proto::retry::RetryPolicy;
use ayolinx_proto::{ClientConfig, Environment, PrivateKey, Secret};

use crate::client::{Client, Inner};
use crate::environment::{Clock, OsRandomness, Randomness, SystemClock};
use crate::store::{MemoryTokenStore, TokenStore};
use crate::transport::{ReqwestTransport, Transport};
use crate::{ConfigError, Error};

/// The base URL, e.g. `https://sandbox.ayolinx.id` or `http://127.0.0.1:8080`.
pub const ENV_BASE_URL: &str = "AYOLINX_BASE_URL";
/// The client key (`CK…`).
pub const ENV_CLIENT_KEY: &str = "AYOLINX_CLIENT_KEY";
/// The client secret (`SK…`).
pub const ENV_CLIENT_SECRET: &str = "AYOLINX_CLIENT_SECRET";
/// The merchant's PEM private key file.
pub const ENV_PRIVATE_KEY: &str = "AYOLINX_PRIVATE_KEY";

/// Which HTTP stack sends the requests.
enum Stack {
    /// A reqwest client made from the timeouts.
    Default,
    /// The caller's reqwest client (proxies, root certificates, timeouts).
    Reqwest(reqwest::Client),
    /// Any transport.
    Custom(Box<dyn Transport>),
}

/// Builds a [`Client`]. Every setter is optional; the defaults suit production.
///
/// ```
/// use std::time::Duration;
/// use ayolinx_proto::{PrivateKey, Secret};
/// use ayolinx_reqwest::Client;
///
/// # let pem = include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem");
/// let client = Client::builder(
///     "https://sandbox.ayolinx.id",
///     "CKSandbox-00000000-0000-0000-0000-000000000000",
///     Secret::new("SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e"),
///     PrivateKey::from_pem(pem)?,
/// )
/// .token_refresh_margin_seconds(60)
/// .connect_timeout(Duration::from_secs(5))
/// .read_timeout(Duration::from_secs(30))
/// .deadline(Some(Duration::from_secs(45)))
/// .build()?;
/// assert!(!format!("{client:?}").contains("SKSandbox"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    client_key: String,
    client_secret: Secret,
    private_key: PrivateKey,
    settings: Settings,
    connect_timeout: Duration,
    read_timeout: Duration,
    max_response_bytes: u64,
    stack: Stack,
    token_store: Option<Arc<dyn TokenStore>>,
    body_encoding: BodyEncoding,
    clock: Arc<dyn Clock>,
    randomness: Arc<dyn Randomness>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("client_key", &self.client_key)
            .field("client_secret", &self.client_secret)
            .field("settings", &self.settings)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Settings for a base URL (an `https://` URL, or `http://` to a loopback host; see
    /// [`ayolinx_proto::client::SANDBOX_BASE_URL`]), client key, client secret and the
    /// merchant's private key.
    ///
    /// Defaults: refresh the token 60 s before it expires, 5 s connect timeout, 30 s for each
    /// attempt, no overall deadline, answers up to 1 MiB, [`RetryPolicy::default`], PHP body
    /// encoding, the system clock, the OS random source, a [`MemoryTokenStore`] and a reqwest
    /// client of its own.
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
            stack: Stack::Default,
            token_store: None,
            body_encoding: BodyEncoding::default(),
            clock: Arc::new(SystemClock),
            randomness: Arc::new(OsRandomness),
        }
    }

    /// Settings from the environment: `AYOLINX_BASE_URL` (default: the Ayolinx sandbox),
    /// `AYOLINX_CLIENT_KEY`, `AYOLINX_CLIENT_SECRET`, and `AYOLINX_PRIVATE_KEY`, the PEM text of
    /// the private key or the path of its file (an error names the variable, never its value).
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Settings from variables looked up by name, as [`from_env`](Self::from_env) reads them
    /// from the environment.
    ///
    /// ```
    /// use ayolinx_reqwest::{ClientBuilder, ConfigError, Error};
    ///
    /// let vars = |name: &str| (name == "AYOLINX_CLIENT_KEY").then(|| "CK-1".to_owned());
    /// let missing = ClientBuilder::from_vars(vars);
    /// assert!(matches!(missing, Err(Error::Config(ConfigError::MissingEnv { name: "AYOLINX_PRIVATE_KEY" }))));
    /// ```
    pub fn from_vars(lookup: impl Fn(&'static str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &'static str| {
            lookup(name).ok_or(Error::Config(ConfigError::MissingEnv { name }))
        };
        let base_url = lookup(ENV_BASE_URL)
            .unwrap_or_else(|| ayolinx_proto::client::SANDBOX_BASE_URL.to_owned());
        let private_key = KeySetting::interpret(&var(ENV_PRIVATE_KEY)?)
            .private_key(ENV_PRIVATE_KEY, |path| std::fs::read_to_string(path))
            .map_err(|error| Error::Config(ConfigError::KeySetting(error)))?;
        Ok(Self::new(
            base_url,
            var(ENV_CLIENT_KEY)?,
            Secret::new(var(ENV_CLIENT_SECRET)?),
            private_key,
        ))
    }

    /// Refresh the token once fewer than this many seconds of its lifetime remain.
    pub fn token_refresh_margin_seconds(mut self, seconds: u64) -> Self {
        self.settings = self.settings.with_token_refresh_margin_seconds(seconds);
        self
    }

    /// The longest wait for a connection (ignored with [`http_client`](Self::http_client): set
    /// it on that client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest wait for one whole attempt: connecting, sending, and reading the answer.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// The largest answer read; a larger one is a transport failure.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// How many attempts, and how long between them.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings = self.settings.with_policy(policy);
        self
    }

    /// The longest a whole call may take, retries, waits and reconciliation included; `None`
    /// (the default) leaves it to the retry policy.
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.settings = self.settings.with_deadline(deadline);
        self
    }

    /// The body encoding (see [`BodyEncoding`]).
    pub fn body_encoding(mut self, encoding: BodyEncoding) -> Self {
        self.body_encoding = encoding;
        self
    }

    /// Another clock (tests).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Another random source (tests).
    pub fn randomness(mut self, randomness: Arc<dyn Randomness>) -> Self {
        self.randomness = randomness;
        self
    }

    /// Your own reqwest client (proxies, root certificates, timeouts, a shared pool). Keep its
    /// redirects off: an Ayolinx answer is never a redirect to follow.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.stack = Stack::Reqwest(http);
        self
    }

    /// Another transport: any [`Transport`], e.g. a closure, instead of reqwest.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.stack = Stack::Custom(Box::new(transport));
        self
    }

    /// Another token store (one shared by many instances), instead of a [`MemoryTokenStore`].
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.token_store = Some(store);
        self
    }

    /// The client. Fails when the base URL is unusable (or the TLS stack cannot start).
    pub fn build(self) -> Result<Client, Error> {
        let base_url =
            BaseUrl::parse(&self.base_url).map_err(|e| Error::Config(ConfigError::BaseUrl(e)))?;
        let config = ClientConfig::new(
            Environment::Custom(base_url),
            self.client_key,
            self.client_secret,
            self.private_key,
        )
        .with_body_encoding(self.body_encoding);
        let reqwest_transport = |http| ReqwestTransport {
            http,
            read_timeout: self.read_timeout,
            max_response_bytes: self.max_response_bytes,
        };
        let transport: Box<dyn Transport> = match self.stack {
            Stack::Default => {
                let http =
                    ReqwestTransport::http_client(self.connect_timeout).map_err(|message| {
                        Error::Config(ConfigError::Request {
                            operation: "client",
                            message,
                        })
                    })?;
                Box::new(reqwest_transport(http))
            }
            Stack::Reqwest(http) => Box::new(reqwest_transport(http)),
            Stack::Custom(transport) => transport,
        };
        Ok(Client::from_inner(Inner {
            core: ayolinx_proto::Client::new(config),
            transport,
            store: self
                .token_store
                .unwrap_or_else(|| Arc::new(MemoryTokenStore::default())),
            settings: self.settings.with_refresh_wait(self.read_timeout),
            clock: self.clock,
            randomness: self.randomness,
        }))
    }
}
