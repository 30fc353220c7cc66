//! The clients' `TokenStore` traits on the Redis token cache: `ayolinx_ureq::TokenStore` on
//! [`BlockingTokenCache`] (feature `ureq`), `ayolinx_reqwest::TokenStore` on [`TokenCache`]
//! (feature `reqwest`).
//!
//! The traits cannot fail (the in-memory store never does), so a Redis that cannot be reached
//! degrades the cache instead of stopping payments: the step is traced as a warning, no token is
//! read, the caller gets a lease of its own ([`UNSHARED`]) and keeps the token it fetches to
//! itself (version 0, never one Redis gives). Each call then asks Ayolinx for a token until
//! Redis is back.

use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::{Lease, LeaseOutcome, StoredToken, Waited};
use ayolinx_store::StoreError;

#[cfg(feature = "ureq")]
use crate::token_cache::BlockingTokenCache;
#[cfg(feature = "reqwest")]
use crate::token_cache::TokenCache;

/// The lease of a caller that could not reach Redis: lease ids from Redis start at 1.
const UNSHARED: Lease = Lease { id: 0 };

/// The version of a token Redis did not store: versions from Redis start at 1.
const UNSHARED_VERSION: u64 = 0;

/// `token`, kept by the caller alone because Redis could not store it.
fn unshared(token: AccessToken, error: &StoreError) -> StoredToken {
    unreachable("store the token", error);
    StoredToken {
        token,
        version: UNSHARED_VERSION,
    }
}

fn unreachable(step: &'static str, error: &StoreError) {
    tracing::warn!(step, %error, "the Redis token cache could not be reached; going on without it");
}

/// A step whose result the caller cannot use: a warning when it failed.
fn traced(step: &'static str, result: Result<bool, StoreError>) {
    if let Err(error) = result {
        unreachable(step, &error);
    }
}

#[cfg(feature = "ureq")]
impl ayolinx_ureq::TokenStore for BlockingTokenCache {
    fn get(&self) -> Option<StoredToken> {
        BlockingTokenCache::get(self).unwrap_or_else(|error| {
            unreachable("read the token", &error);
            None
        })
    }

    fn try_lease(&self) -> LeaseOutcome {
        BlockingTokenCache::try_lease(self).unwrap_or_else(|error| {
            unreachable("take the refresh lease", &error);
            LeaseOutcome::Granted(UNSHARED)
        })
    }

    fn wait(&self, ticket: u64, timeout: std::time::Duration) -> Waited {
        BlockingTokenCache::wait(self, ticket, timeout).unwrap_or_else(|error| {
            unreachable("wait for the refresh", &error);
            Waited::TimedOut
        })
    }

    fn put(&self, lease: Lease, token: AccessToken) -> StoredToken {
        BlockingTokenCache::put(self, lease, token.clone())
            .unwrap_or_else(|error| unshared(token, &error))
    }

    fn release(&self, lease: Lease, failure: &str) {
        if lease != UNSHARED {
            traced(
                "release the refresh lease",
                BlockingTokenCache::release(self, lease, failure),
            );
        }
    }

    fn invalidate(&self, version: u64) {
        if version != UNSHARED_VERSION {
            traced(
                "drop a refused token",
                BlockingTokenCache::invalidate(self, version),
            );
        }
    }
}

#[cfg(feature = "reqwest")]
impl ayolinx_reqwest::TokenStore for TokenCache {
    fn get(&self) -> ayolinx_reqwest::StoreFuture<'_, Option<StoredToken>> {
        Box::pin(async move {
            TokenCache::get(self).await.unwrap_or_else(|error| {
                unreachable("read the token", &error);
                None
            })
        })
    }

    fn try_lease(&self) -> ayolinx_reqwest::StoreFuture<'_, LeaseOutcome> {
        Box::pin(async move {
            TokenCache::try_lease(self).await.unwrap_or_else(|error| {
                unreachable("take the refresh lease", &error);
                LeaseOutcome::Granted(UNSHARED)
            })
        })
    }

    fn wait(
        &self,
        ticket: u64,
        timeout: std::time::Duration,
    ) -> ayolinx_reqwest::StoreFuture<'_, Waited> {
        Box::pin(async move {
            TokenCache::wait(self, ticket, timeout)
                .await
                .unwrap_or_else(|error| {
                    unreachable("wait for the refresh", &error);
                    Waited::TimedOut
                })
        })
    }

    fn put(
        &self,
        lease: Lease,
        token: AccessToken,
    ) -> ayolinx_reqwest::StoreFuture<'_, StoredToken> {
        Box::pin(async move {
            TokenCache::put(self, lease, token.clone())
                .await
                .unwrap_or_else(|error| unshared(token, &error))
        })
    }

    fn release<'a>(
        &'a self,
        lease: Lease,
        failure: &'a str,
    ) -> ayolinx_reqwest::StoreFuture<'a, ()> {
        Box::pin(async move {
            if lease != UNSHARED {
                traced(
                    "release the refresh lease",
                    TokenCache::release(self, lease, failure).await,
                );
            }
        })
    }

    fn invalidate(&self, version: u64) -> ayolinx_reqwest::StoreFuture<'_, ()> {
        Box::pin(async move {
            if version != UNSHARED_VERSION {
                traced(
                    "drop a refused token",
                    TokenCache::invalidate(self, version).await,
                );
            }
        })
    }

    /// Cannot block: ends the lease on the current tokio runtime, in the background; outside
    /// one, the lease runs out by itself.
    fn abandon(&self, lease: Lease) {
        if lease == UNSHARED {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let cache = self.clone();
            runtime.spawn(async move {
                traced(
                    "abandon the refresh lease",
                    TokenCache::abandon(&cache, lease).await,
                );
            });
        }
    }
}
