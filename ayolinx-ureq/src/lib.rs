//! The blocking Ayolinx (SNAP) client on [ureq](https://docs.rs/ureq): a thin loop around the
//! Sans-IO core's [`Driver`](ayolinx_proto::driver::Driver), which makes every protocol decision
//! (signing, parsing, the token, whether and when to retry, how to reconcile). The async client,
//! `ayolinx-reqwest`, runs the same driver.
//!
//! What this crate adds is I/O: HTTP over one connection pool (or any [`Transport`], a closure
//! included), the clock (timestamps in `+07:00`) and the OS random source (`X-EXTERNAL-ID`,
//! retry jitter), both behind the small traits [`Clock`] and [`Randomness`] that tests replace.
//! And the token's home: a [`TokenStore`], by default a [`MemoryTokenStore`] shared by every
//! clone and thread, refreshed a margin before expiry, single-flight.
//!
//! - Queries and cancels are retried with exponential backoff and jitter on transport
//!   failures, timeouts and 5xx answers, each attempt with a fresh timestamp and
//!   `X-EXTERNAL-ID`.
//! - A refused token (`401xx01`) is dropped and the call retried once with a new one.
//! - Creates are never blindly re-sent: after an ambiguous failure the client queries the
//!   transaction by its `partnerReferenceNo` and returns [`Error::Existing`] with it when
//!   Ayolinx has it, re-sends only when Ayolinx says it does not exist, and otherwise ends with
//!   [`Error::OutcomeUnknown`].
//!
//! A complete QRIS payment: generate the QR, let the customer pay, poll until paid (or wait
//! for the signed callback, see [`ayolinx_proto::callback`]), query. Here a local
//! [`ayolinx-sandbox`](https://docs.rs/ayolinx-sandbox) stands in for Ayolinx; in production
//! the client comes from [`Client::from_env`] or [`Client::builder`] with your credentials.
//!
//! ```
//! use std::time::Duration;
//!
//! use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
//! use ayolinx_proto::{Amount, Money, PrivateKey, TransactionStatus};
//! use ayolinx_ureq::Client;
//!
//! let sandbox = ayolinx_sandbox::Sandbox::builder().start()?;
//! let client = Client::builder(
//!     sandbox.base_url(),
//!     sandbox.client_key(),
//!     sandbox.client_secret().clone(),
//!     PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap_or_default())?,
//! )
//! .build()?;
//!
//! // 1. Generate the QR and show it to the customer.
//! let order = QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000)?));
//! let qr = client.qris().generate(&order)?;
//! assert!(qr.qr_content.starts_with("000201"));
//!
//! // 2. The customer scans and pays (the sandbox plays the customer).
//! sandbox.pay("ORD-1")?;
//!
//! // 3. Poll the status until it is final (or wait for the callback instead).
//! let query = QrisQueryRequest::new("ORD-1");
//! let mut status = client.qris().query(&query)?;
//! for _ in 0..100 {
//!     if status.latest_transaction_status == Some(TransactionStatus::Success) {
//!         break;
//!     }
//!     std::thread::sleep(Duration::from_millis(50));
//!     status = client.qris().query(&query)?;
//! }
//! assert_eq!(status.latest_transaction_status, Some(TransactionStatus::Success));
//! assert_eq!(status.amount, Some(Money::idr(Amount::from_rupiah(15_000)?)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What each failure becomes
//!
//! The core's [`RetryPolicy::decide`](ayolinx_proto::retry::RetryPolicy::decide) and
//! [`reconcile`](ayolinx_proto::retry::reconcile) decide; with the default policy (three
//! attempts) the outcomes are:
//!
//! | what happened | query | cancel | create (QRIS, e-wallet, VA, retail) | payment link |
//! |---|---|---|---|---|
//! | not sent: connection refused, DNS, connect timeout, TLS handshake | retried | retried | retried | retried |
//! | no answer: read timeout, connection dropped, body cut short or too large | retried, then [`Error::Transport`] | retried, then [`Error::OutcomeUnknown`] | reconciled | [`Error::OutcomeUnknown`] |
//! | `5xx`, `202xx00`, a 2xx that is not a SNAP answer | retried, then [`Error::Api`] | retried, then [`Error::OutcomeUnknown`] | reconciled | [`Error::OutcomeUnknown`] |
//! | `409xx01` duplicate reference | [`Error::Api`] | [`Error::Api`] | reconciled | [`Error::OutcomeUnknown`] |
//! | `401xx01` / `401xx03` token refused | new token, retried once; refused again: [`Error::TokenRefused`] | same | same | same |
//! | `429`, `408` | retried | retried | retried | retried |
//! | any other error answer | [`Error::Api`] at once | same | same | same |
//!
//! "Reconciled" means: the status query for the same reference, then [`Error::Existing`] when
//! the transaction exists, the create re-sent (fresh `X-EXTERNAL-ID`) when Ayolinx answers
//! `404xx01` or status `07`, and [`Error::OutcomeUnknown`] when the query fails too.
//!
//! Errors say what to do: [`Error::is_retryable`]; [`Error::Existing`] (a create whose answer
//! was lost, found by its reference: do not create it again); [`Error::OutcomeUnknown`] (query
//! it later). No error, `Debug` or log line contains the client secret, the private key or the
//! access token.

mod builder;
mod client;
mod environment;
mod products;
mod store;
mod transport;

/// The Sans-IO core this client is built on, re-exported so that one dependency gives both
/// at matching versions: `ayolinx_ureq::ayolinx_proto::api::qris::QrisGenerateRequest`.
pub use ayolinx_proto;
pub use ayolinx_proto::driver::{
    Call, ConfigError, ENV_BASE_URL, ENV_CLIENT_KEY, ENV_CLIENT_SECRET, ENV_PRIVATE_KEY, Error,
    Randomness, TransportError, TransportFailure,
};
pub use builder::ClientBuilder;
pub use client::Client;
pub use environment::{Clock, OsRandomness, SystemClock};
pub use products::{Ewallet, PaymentLink, Qris, Retail, Va};
pub use store::{MemoryTokenStore, TokenStore};
pub use transport::Transport;
