//! [`ClientBuilder`]: a client's settings, from code or from the environment; the same setters
//! as `ayolinx-ureq`'s, plus the async seams.

use std::sync::Arc;

use ayolinx_proto::driver::{ClientSetup, Randomness};
use ayolinx_proto::{PrivateKey, Secret};

use crate::client::{Client, Inner};
use crate::environment::{Clock, OsRandomness, SystemClock};
use crate::store::{MemoryTokenStore, TokenStore};
use crate::transport::{ReqwestTransport, Transport};
use crate::{ConfigError, Error};

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
    setup: ClientSetup,
    stack: Stack,
    token_store: Option<Arc<dyn TokenStore>>,
    clock: Arc<dyn Clock>,
    randomness: Arc<dyn Randomness>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("setup", &self.setup)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
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
        let setup = ClientSetup::from_vars(lookup, |path| std::fs::read_to_string(path))?;
        Ok(Self::with_setup(setup))
    }

    /// A builder with this client's defaults.
    fn with_setup(setup: ClientSetup) -> Self {
        Self {
            setup,
            stack: Stack::Default,
            token_store: None,
            clock: Arc::new(SystemClock),
            randomness: Arc::new(OsRandomness),
        }
    }

    ayolinx_proto::client_builder_methods!(clock: Clock, store: TokenStore);

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

    /// The client. Fails when the base URL is unusable (or the TLS stack cannot start).
    pub fn build(self) -> Result<Client, Error> {
        let setup = &self.setup;
        let reqwest_transport = |http| ReqwestTransport {
            http,
            read_timeout: setup.read_timeout,
            max_response_bytes: setup.max_response_bytes,
        };
        let transport: Box<dyn Transport> = match self.stack {
            Stack::Default => {
                let http =
                    ReqwestTransport::http_client(setup.connect_timeout).map_err(|message| {
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
            engine: self.setup.engine()?,
            transport,
            store: self
                .token_store
                .unwrap_or_else(|| Arc::new(MemoryTokenStore::default())),
            clock: self.clock,
            randomness: self.randomness,
        }))
    }
}

// Every way to a `Client` starts here, beside the builder it returns; `client.rs` runs it.
impl Client {
    /// A [`ClientBuilder`] for a base URL, client key, client secret and private key.
    pub fn builder(
        base_url: impl Into<String>,
        client_key: impl Into<String>,
        client_secret: impl Into<Secret>,
        private_key: PrivateKey,
    ) -> ClientBuilder {
        ClientBuilder::new(base_url, client_key, client_secret, private_key)
    }

    /// A client configured from the environment (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }
}
