//! The Sans-IO client: [`ClientConfig`], then pure functions that prepare requests and parse
//! answers. Sending is the caller's business (any HTTP stack, see [`crate::http`]).
//!
//! ```
//! use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisGenerateResponse};
//! use ayolinx_proto::api::token::AccessToken;
//! use ayolinx_proto::{
//!     Amount, Client, ClientConfig, Environment, ExternalId, HttpResponse, Money, PrivateKey, Timestamp,
//! };
//!
//! # let pem = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
//! let client = Client::new(ClientConfig::new(
//!     Environment::Sandbox,
//!     "CKSandbox-00000000-0000-0000-0000-000000000000",
//!     "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e",
//!     PrivateKey::from_pem(pem)?,
//! ));
//! let now = Timestamp::from_unix(1_726_120_500)?;
//!
//! // 1. The token request, signed with the private key.
//! let prepared = client.prepare_token(&now)?;
//! assert_eq!(prepared.request().url, "https://sandbox.ayolinx.id/v1.0/access-token/b2b");
//! let answer = HttpResponse::new(200, r#"{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}"#);
//! let token = client.parse_token(&answer, now)?;
//!
//! // 2. Any other call, signed with the client secret.
//! let order = QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000)?));
//! let prepared = client.prepare(&order, &token, &now, &ExternalId::new("418075533589")?)?;
//! assert_eq!(prepared.request().header("X-EXTERNAL-ID"), Some("418075533589"));
//! println!("{}", prepared.signing_stages()); // every stage, token redacted
//!
//! let answer = HttpResponse::new(200, r#"{"responseCode":"2004700","responseMessage":"Successful","qrContent":"000201…"}"#);
//! let qr = client.parse::<QrisGenerateRequest>(&answer)?;
//! assert_eq!(qr.qr_content, "000201…");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod debug;
mod error;
mod parse;
mod prepare;

pub use config::{
    BaseUrl, ClientConfig, ConfigError, Environment, PRODUCTION_BASE_URL, SANDBOX_BASE_URL,
};
pub use debug::{SigningScheme, SigningStages};
pub use error::{ApiError, Description};
pub use parse::parse_response;
pub use prepare::PreparedRequest;

/// The Sans-IO client: a [`ClientConfig`] and the pure functions over it.
///
/// Every method takes the time (and the external id) as an argument; none reads a clock or
/// does I/O. See the [module docs](self) for the whole flow.
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
}

impl Client {
    /// A client for a configuration.
    pub fn new(config: ClientConfig) -> Self {
        Self { config }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }
}
