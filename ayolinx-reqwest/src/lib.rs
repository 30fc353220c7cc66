//! The async Ayolinx (SNAP) client on [reqwest](https://docs.rs/reqwest) and tokio: a loop,
//! awaited, around the Sans-IO core's [`Driver`](ayolinx_proto::driver::Driver), which makes
//! every protocol decision (signing, parsing, the token, whether and when to retry, how to
//! reconcile). It is the same driver the blocking `ayolinx-ureq` client runs, behind the same
//! API: [`Client`], [`ClientBuilder`], the products [`qris`](Client::qris),
//! [`ewallet`](Client::ewallet), [`va`](Client::va), [`retail`](Client::retail),
//! [`payment_link`](Client::payment_link), and [`Error`], with every call `async`.
//!
//! What this crate adds is I/O: HTTP on a [`reqwest::Client`] (its own, yours through
//! [`ClientBuilder::http_client`], or any [`Transport`], a closure included), the clock and
//! `tokio::time::sleep` ([`Clock`]), the OS random source ([`Randomness`]). And the token's
//! home: a [`TokenStore`], by default a [`MemoryTokenStore`] shared by every clone and task,
//! single-flight, never holding a lock across an `.await`.
//!
//! Every call is a `Send` future (`tokio::spawn` takes it) and cancellation-safe: a future
//! dropped in the middle of a token refresh gives the refresh up to the next caller, and one
//! dropped in the middle of reconciling a create never causes a second create (the create is
//! re-sent only after its query proved it absent, within the same call).
//!
//! A tokio service creating a QRIS payment, a local `ayolinx-sandbox` standing in for Ayolinx
//! (in production the client comes from [`Client::from_env`] or [`Client::builder`]):
//!
//! ```
//! use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
//! use ayolinx_proto::{Amount, Money, PrivateKey, TransactionStatus};
//! use ayolinx_reqwest::Client;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! let sandbox = ayolinx_sandbox::Sandbox::builder().start()?;
//! let client = Client::builder(
//!     sandbox.base_url(),
//!     sandbox.client_key(),
//!     sandbox.client_secret().clone(),
//!     PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap_or_default())?,
//! )
//! .build()?;
//!
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     // A checkout handler's work, on a task of its own.
//!     let checkout = tokio::spawn({
//!         let client = client.clone();
//!         async move {
//!             let order = QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000)?));
//!             let qr = client.qris().generate(&order).await?;
//!             Ok::<_, Box<dyn std::error::Error + Send + Sync>>(qr.qr_content)
//!         }
//!     });
//!     assert!(checkout.await??.starts_with("000201"));
//!
//!     sandbox.pay("ORD-1")?; // the customer pays (the sandbox plays the customer)
//!     let status = client.qris().query(&QrisQueryRequest::new("ORD-1")).await?;
//!     assert_eq!(status.latest_transaction_status, Some(TransactionStatus::Success));
//!     Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! })?;
//! # Ok(())
//! # }
//! ```
//!
//! What each failure becomes is the table in `ayolinx-ureq`'s crate docs: the driver decides,
//! so both clients end every fault the same way.

mod builder;
mod client;
mod environment;
mod products;
mod store;
mod transport;

pub use ayolinx_proto;
pub use ayolinx_proto::driver::{
    Call, ConfigError, ENV_BASE_URL, ENV_CLIENT_KEY, ENV_CLIENT_SECRET, ENV_PRIVATE_KEY, Error,
    Randomness, TransportError, TransportFailure,
};
pub use builder::ClientBuilder;
pub use client::Client;
pub use environment::{Clock, OsRandomness, SystemClock};
pub use products::{Ewallet, PaymentLink, Qris, Retail, Va};
pub use store::{MemoryTokenStore, StoreFuture, TokenStore};
pub use transport::{Transport, TransportFuture};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
