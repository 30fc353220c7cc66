//! The state an Ayolinx (SNAP) merchant fleet shares, on Redis: the notification
//! [`Ledger`](ayolinx_store::Ledger) and the [`IssuedTokens`](ayolinx_store::IssuedTokens) of
//! `ayolinx-store`, and the client's access-token cache ([`TokenCache`]).
//!
//! Atomicity comes from Redis, never from a lock in one process: a claim is `SET NX PX` (in a
//! script that also reads what holds the key, in the same step), and extending, completing or
//! releasing a claim is a script that acts only for the holder (each claim has a random owner
//! id), so a holder whose lease ran out can neither prolong nor end the claim of the instance
//! that took over.
//!
//! - [`RedisStore`]: async (tokio), implements both store traits: give it to
//!   `ayolinx_axum::Merchant::store`.
//! - [`BlockingRedisStore`]: the same operations, blocking, on the same keys.
//! - [`TokenCache`] / [`BlockingTokenCache`]: one access token for every instance, versioned,
//!   refreshed by one at a time under a refresh lease (`SET NX PX`) while the others
//!   [wait](TokenCache::wait). With the `ureq` feature a [`BlockingTokenCache`] is an
//!   `ayolinx_ureq::TokenStore` (give it to the client builder's `token_store`), with the
//!   `reqwest` feature a [`TokenCache`] is an `ayolinx_reqwest::TokenStore`.
//!
//! A Redis that cannot be reached is a typed [`StoreError`](ayolinx_store::StoreError)
//! ([`is_unavailable`](ayolinx_store::StoreError::is_unavailable)) within [`TIMEOUT`]: never a
//! panic, never "claimed". The tests against a real `redis-server` run with the
//! `redis-server-tests` feature.

mod blocking;
#[cfg(any(feature = "ureq", feature = "reqwest"))]
mod client_stores;
mod client_token;
mod commands;
mod error;
mod keys;
mod store;
mod token_cache;

pub use blocking::BlockingRedisStore;
pub use keys::DEFAULT_PREFIX;
pub use store::{RedisStore, TIMEOUT};
pub use token_cache::{BlockingTokenCache, DEFAULT_REFRESH_LEASE, TokenCache};
