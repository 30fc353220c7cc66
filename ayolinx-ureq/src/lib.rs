//! The blocking Ayolinx (SNAP) client on [ureq](https://docs.rs/ureq): a thin loop around the
//! Sans-IO core [`ayolinx_proto`], which makes every protocol decision (signing, parsing,
//! whether and when to retry, how to reconcile).
//!
//! What this crate adds is I/O: HTTP over one connection pool, the clock (timestamps in
//! `+07:00`) and the OS random source (`X-EXTERNAL-ID`, retry jitter), both behind the small
//! traits [`Clock`] and [`Randomness`] that tests replace. And state: an access-token cache
//! shared by every clone and thread, refreshed a margin before expiry, single-flight.
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
//! ```no_run
//! use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
//! use ayolinx_proto::{Amount, Money};
//! use ayolinx_ureq::Client;
//!
//! // AYOLINX_BASE_URL, AYOLINX_CLIENT_KEY, AYOLINX_CLIENT_SECRET, AYOLINX_PRIVATE_KEY (a PEM file)
//! let client = Client::from_env()?;
//! let order = QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000)?));
//! let qr = client.qris().generate(&order)?;
//! println!("show this QR: {}", qr.qr_content);
//! let status = client.qris().query(&QrisQueryRequest::new("ORD-1"))?;
//! println!("{:?}", status.latest_transaction_status);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builder;
mod call;
mod client;
mod environment;
mod error;
mod products;
mod token;
mod transport;

pub use builder::{
    ClientBuilder, ENV_BASE_URL, ENV_CLIENT_KEY, ENV_CLIENT_SECRET, ENV_PRIVATE_KEY,
};
pub use call::Call;
pub use client::Client;
pub use environment::{Clock, OsRandomness, Randomness, SystemClock};
pub use error::{ConfigError, Error, TransportFailure};
pub use products::{Ewallet, PaymentLink, Qris, Retail, Va};
