//! [`ClientBuilder`]: a client's settings, from code or from the environment.

use std::sync::Arc;

use ayolinx_proto::driver::{ClientSetup, Randomness};
use ayolinx_proto::{PrivateKey, Secret};

use crate::Error;
use crate::client::{Client, Inner};
use crate::environment::{Clock, OsRandomness, SystemClock};
use crate::store::{MemoryTokenStore, TokenStore};
use crate::transport::{Transport, UreqTransport};

/// Builds a [`Client`]. Every setter is optional; the defaults suit production.
///
/// ```
/// use std::time::Duration;
/// use ayolinx_proto::{PrivateKey, Secret};
/// use ayolinx_ureq::Client;
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
/// .build()?;
/// assert!(!format!("{client:?}").contains("SKSandbox"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    setup: ClientSetup,
    transport: Option<Box<dyn Transport>>,
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
    /// `AYOLINX_CLIENT_KEY`, `AYOLINX_CLIENT_SECRET`, and `AYOLINX_PRIVATE_KEY`, the PEM text
    /// itself (a value containing `-----BEGIN`) or the path of a PEM file. No error repeats a
    /// value read from the environment (see [`ayolinx_proto::key_setting`]).
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Settings from variables looked up by name, as [`from_env`](Self::from_env) reads them
    /// from the environment (e.g. from a `.env` file, or a test's map).
    ///
    /// ```
    /// use ayolinx_ureq::{ClientBuilder, ConfigError, Error};
    ///
    /// let pem_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem");
    /// let vars = |name: &str| match name {
    ///     "AYOLINX_BASE_URL" => Some("http://127.0.0.1:9".to_owned()),
    ///     "AYOLINX_CLIENT_KEY" => Some("CK-1".to_owned()),
    ///     "AYOLINX_CLIENT_SECRET" => Some("SK-1".to_owned()),
    ///     "AYOLINX_PRIVATE_KEY" => Some(pem_path.to_owned()),
    ///     _ => None,
    /// };
    /// let client = ClientBuilder::from_vars(vars)?.build()?;
    ///
    /// let missing = ClientBuilder::from_vars(|name| vars(name).filter(|_| name != "AYOLINX_CLIENT_SECRET"));
    /// assert!(matches!(missing, Err(Error::Config(ConfigError::MissingEnv { name: "AYOLINX_CLIENT_SECRET" }))));
    /// # Ok::<(), ayolinx_ureq::Error>(())
    /// ```
    pub fn from_vars(lookup: impl Fn(&'static str) -> Option<String>) -> Result<Self, Error> {
        let setup = ClientSetup::from_vars(lookup, |path| std::fs::read_to_string(path))?;
        Ok(Self::with_setup(setup))
    }

    /// A builder with this client's defaults.
    fn with_setup(setup: ClientSetup) -> Self {
        Self {
            setup,
            transport: None,
            token_store: None,
            clock: Arc::new(SystemClock),
            randomness: Arc::new(OsRandomness),
        }
    }

    ayolinx_proto::client_builder_methods!(clock: Clock, store: TokenStore);

    /// Another transport: any [`Transport`], e.g. a closure, instead of ureq. The connect and
    /// read timeouts and the size limit are then the transport's business.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Box::new(transport));
        self
    }

    /// The client. Fails when the base URL is unusable.
    pub fn build(self) -> Result<Client, Error> {
        let transport = match self.transport {
            Some(transport) => transport,
            None => Box::new(UreqTransport::new(&self.setup)),
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
