//! The state a fleet of Ayolinx (SNAP) merchant instances shares, behind two small async traits,
//! each with an in-memory default ([`MemoryStore`]).
//!
//! This crate does no network I/O: a store that many instances share (Redis, in
//! `ayolinx-redis`) implements the same traits, and its atomicity comes from the store itself
//! (`SET NX PX`, scripts), never from a lock in one process. The in-memory store is for one
//! instance and for tests; it reads the monotonic clock for its expiries.
//!
//! - [`Ledger`]: a notification is claimed by its dedup key before the merchant's code runs.
//!   The first claim wins; a claim whose processing failed is [released](Ledger::release) so that
//!   Ayolinx's retry runs it again; a holder still processing [extends](Ledger::extend) its
//!   lease, while a claim whose holder died expires after its lease; a
//!   [completed](Ledger::complete) claim is remembered (24 h by default, [`REMEMBER_FOR`]) and
//!   its answer replayed to every later duplicate. A delivery that arrives while another instance
//!   still holds the claim is told [`Claim::InProgress`]: answer it with a retryable 5xx, because
//!   Ayolinx stops retrying after a 2xx and the first delivery may still fail.
//! - [`IssuedTokens`]: the tokens the merchant issued to Ayolinx at its SNAP token endpoint
//!   (scheme D), so that a VA payment arriving at any instance finds the token another issued.
//!
//! The futures are boxed and `Send` ([`StoreFuture`]), so the traits are dyn-compatible: one
//! process can pick its store at run time (`Arc<dyn Ledger>`).
//!
//! ```
//! use std::time::Duration;
//! use ayolinx_store::{Ack, Claim, Ledger, MemoryStore};
//!
//! # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
//! let ledger = MemoryStore::new();
//! let Claim::Claimed(lease) = ledger.claim("AYO-1:00", Duration::from_secs(60)).await? else {
//!     unreachable!("the first claim wins");
//! };
//! // A duplicate while the first is processed: retry later.
//! assert!(matches!(ledger.claim("AYO-1:00", Duration::from_secs(60)).await?, Claim::InProgress));
//! // Processed: the answer is remembered and replayed to duplicates.
//! let ack = Ack::new(200, br#"{"responseCode":"2005600","responseMessage":"Successful"}"#.to_vec());
//! ledger.complete(&lease, &ack, Duration::from_secs(86_400)).await?;
//! assert_eq!(ledger.claim("AYO-1:00", Duration::from_secs(60)).await?, Claim::Completed(ack));
//! # Ok::<(), ayolinx_store::StoreError>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "conformance")]
pub mod conformance;
mod error;
mod ledger;
mod memory;
mod tokens;

pub use error::{StoreError, StoreErrorKind};
pub use ledger::{Ack, Claim, Completion, Extension, LEASE, Lease, Ledger, REMEMBER_FOR, Release};
pub use memory::MemoryStore;
pub use tokens::{IssuedTokens, TokenEntry};

use std::future::Future;
use std::pin::Pin;

/// The future every store method returns: boxed, `Send`, borrowing the store and the arguments.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;
