//! [`ClientConfig`]: where to send requests and what to sign them with.

use std::fmt;

use crate::body::BodyEncoding;
use crate::signature::RequestSigner;
use crate::{PrivateKey, Secret};

/// The sandbox base URL.
pub const SANDBOX_BASE_URL: &str = "https://sandbox.ayolinx.id";
/// The production base URL.
pub const PRODUCTION_BASE_URL: &str = "https://openapi.ayolinx.id";

/// Which Ayolinx to talk to.
///
/// ```
/// use ayolinx_proto::client::{BaseUrl, Environment};
/// assert_eq!(Environment::Sandbox.base_url(), "https://sandbox.ayolinx.id");
/// assert_eq!(Environment::Production.base_url(), "https://openapi.ayolinx.id");
/// let local = Environment::Custom(BaseUrl::parse("http://127.0.0.1:8080/prefix/")?);
/// assert_eq!(local.base_url(), "http://127.0.0.1:8080/prefix");
/// assert_eq!(local.path_prefix(), "/prefix");
/// # Ok::<(), ayolinx_proto::client::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// `https://sandbox.ayolinx.id`.
    Sandbox,
    /// `https://openapi.ayolinx.id`.
    Production,
    /// Any other base URL, e.g. a local sandbox server.
    Custom(BaseUrl),
}

impl Environment {
    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Self::Sandbox => SANDBOX_BASE_URL,
            Self::Production => PRODUCTION_BASE_URL,
            Self::Custom(base) => base.as_str(),
        }
    }

    /// The path of the base URL (empty for the Ayolinx hosts). It is part of the signed path:
    /// with base `http://127.0.0.1:8080/prefix`, QRIS generate signs
    /// `/prefix/v1.0/qr/qr-mpm-generate`, the path the server sees.
    pub fn path_prefix(&self) -> &str {
        match self {
            Self::Sandbox | Self::Production => "",
            Self::Custom(base) => base.path_prefix(),
        }
    }
}

/// A validated custom base URL: `http://` or `https://`, a host, an optional path, no query or
/// fragment. A trailing `/` is dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
    path_start: usize,
}

impl BaseUrl {
    /// Checks and normalises a base URL.
    ///
    /// ```
    /// use ayolinx_proto::client::BaseUrl;
    /// assert_eq!(BaseUrl::parse("https://sandbox.ayolinx.id/")?.as_str(), "https://sandbox.ayolinx.id");
    /// assert!(BaseUrl::parse("sandbox.ayolinx.id").is_err());
    /// assert!(BaseUrl::parse("https://host/path?x=1").is_err());
    ///
    /// // Plain HTTP only to this machine: nothing signed ever crosses a network in clear text.
    /// assert!(BaseUrl::parse("http://127.0.0.1:8080").is_ok());
    /// assert!(BaseUrl::parse("http://[::1]:8080/p").is_ok());
    /// assert!(BaseUrl::parse("http://LOCALHOST").is_ok());
    /// let typo = BaseUrl::parse("http://openapi.ayolinx.id").unwrap_err();
    /// assert!(typo.to_string().contains("use https://"));
    /// assert!(BaseUrl::parse("http://127.0.0.1.example.com").is_err());
    /// assert!(BaseUrl::parse("http://localhost@evil.example").is_err());
    /// # Ok::<(), ayolinx_proto::client::ConfigError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let rest = ["https://", "http://"]
            .iter()
            .find_map(|scheme| {
                text.get(..scheme.len())
                    .filter(|head| head.eq_ignore_ascii_case(scheme))
                    .and_then(|_| text.get(scheme.len()..))
            })
            .ok_or(ConfigError::InvalidBaseUrl {
                reason: "it must start with http:// or https://",
            })?;
        if text
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        {
            return Err(ConfigError::InvalidBaseUrl {
                reason: "it contains whitespace or control characters",
            });
        }
        if text.contains(['?', '#']) {
            return Err(ConfigError::InvalidBaseUrl {
                reason: "it must not have a query or a fragment",
            });
        }
        let host_len = rest.find('/').unwrap_or(rest.len());
        if host_len == 0 {
            return Err(ConfigError::InvalidBaseUrl {
                reason: "it has no host",
            });
        }
        let plain = text.len() - rest.len() == "http://".len();
        if plain && !is_loopback(rest.get(..host_len).unwrap_or_default()) {
            return Err(ConfigError::InvalidBaseUrl {
                reason: "plain http:// would send the signed token request and the access tokens in clear text: use https:// (http:// is allowed only for a loopback host: 127.0.0.0/8, ::1, localhost)",
            });
        }
        let url = text.trim_end_matches('/').to_owned();
        let path_start = (text.len() - rest.len() + host_len).min(url.len());
        Ok(Self { url, path_start })
    }

    /// The URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The path after the host (empty or starting with `/`).
    pub fn path_prefix(&self) -> &str {
        self.url.get(self.path_start..).unwrap_or_default()
    }
}

/// Whether an authority (`host`, `host:port`, `user@host`, `[v6]:port`) names this machine:
/// `localhost`, an address in `127.0.0.0/8`, or `::1`.
fn is_loopback(authority: &str) -> bool {
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The settings every request is prepared with.
///
/// `Debug` shows the environment, client key and body encoding, and never the client secret or
/// the private key.
pub struct ClientConfig {
    pub(crate) environment: Environment,
    pub(crate) client_key: String,
    pub(crate) client_secret: Secret,
    /// HMAC-SHA512 keyed with `client_secret`, once.
    pub(crate) request_signer: RequestSigner,
    pub(crate) private_key: PrivateKey,
    pub(crate) body_encoding: BodyEncoding,
}

impl ClientConfig {
    /// A configuration with PHP-style body encoding (the default, byte-identical to PHP's
    /// `json_encode`).
    ///
    /// `client_key` is the `CK…` key, sent as `X-CLIENT-KEY` and `X-PARTNER-ID`;
    /// `client_secret` the `SK…` secret that signs requests; `private_key` the merchant's RSA key
    /// whose public half was uploaded to the portal. Neither key format is validated.
    pub fn new(
        environment: Environment,
        client_key: impl Into<String>,
        client_secret: impl Into<Secret>,
        private_key: PrivateKey,
    ) -> Self {
        let client_secret = client_secret.into();
        Self {
            environment,
            client_key: client_key.into(),
            request_signer: RequestSigner::new(client_secret.expose_secret().as_bytes()),
            client_secret,
            private_key,
            body_encoding: BodyEncoding::default(),
        }
    }

    /// Another body encoding (see [`BodyEncoding`]).
    pub fn with_body_encoding(mut self, body_encoding: BodyEncoding) -> Self {
        self.body_encoding = body_encoding;
        self
    }

    /// The environment.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// The client key.
    pub fn client_key(&self) -> &str {
        &self.client_key
    }

    /// The body encoding.
    pub fn body_encoding(&self) -> BodyEncoding {
        self.body_encoding
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("environment", &self.environment)
            .field("client_key", &self.client_key)
            .field("client_secret", &self.client_secret)
            .field("private_key", &format_args!("PrivateKey([REDACTED])"))
            .field("body_encoding", &self.body_encoding)
            .finish()
    }
}

/// Why a configuration value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The custom base URL is not usable.
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidBaseUrl { reason } => write!(
                f,
                "invalid base URL: {reason} (for example http://127.0.0.1:8080 or https://sandbox.ayolinx.id)"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}
