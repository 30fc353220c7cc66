//! The tokens issued to Ayolinx for SNAP VA payments: [`IssuedTokens`].

use std::time::Duration;

use ayolinx_proto::callback::TokenRecord;

use crate::StoreFuture;

/// A token issued at the merchant's SNAP token endpoint, as stored: its lookup key
/// ([`IssuedToken::lookup_key`](ayolinx_proto::callback::IssuedToken::lookup_key), the SHA-256
/// of the token) and its record.
#[derive(Debug, Clone)]
pub struct TokenEntry {
    /// The key the record is found under.
    pub lookup_key: String,
    /// The token and its expiry.
    pub record: TokenRecord,
}

/// The tokens the merchant issued to Ayolinx (scheme D), visible to every instance sharing the
/// store: Ayolinx may ask one instance for a token and send the VA payment to another.
pub trait IssuedTokens: Send + Sync {
    /// Stores `entry`, kept for `ttl` (the token's remaining lifetime).
    fn issue<'a>(&'a self, entry: &'a TokenEntry, ttl: Duration) -> StoreFuture<'a, ()>;

    /// The record stored under `lookup_key`, if it was issued and its `ttl` has not run out.
    fn look_up<'a>(&'a self, lookup_key: &'a str) -> StoreFuture<'a, Option<TokenRecord>>;
}

impl<T: IssuedTokens + ?Sized> IssuedTokens for std::sync::Arc<T> {
    fn issue<'a>(&'a self, entry: &'a TokenEntry, ttl: Duration) -> StoreFuture<'a, ()> {
        (**self).issue(entry, ttl)
    }

    fn look_up<'a>(&'a self, lookup_key: &'a str) -> StoreFuture<'a, Option<TokenRecord>> {
        (**self).look_up(lookup_key)
    }
}
