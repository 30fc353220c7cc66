//! The client-side access-token cache: one token shared by every instance, refreshed by one at
//! a time under a lease (`SET NX PX`), the others waiting for it; each token has a version, so
//! that a refusal of an old token never throws away a newer one. The operations are the client
//! driver's token-store steps ([`get`](TokenCache::get), [`try_lease`](TokenCache::try_lease),
//! [`wait`](TokenCache::wait), [`put`](TokenCache::put), [`release`](TokenCache::release),
//! [`invalidate`](TokenCache::invalidate)), with typed errors; the clients' `TokenStore` traits
//! are implemented on them (features `ureq` and `reqwest`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::{Lease, LeaseOutcome, StoredToken, Waited};
use ayolinx_store::StoreError;

use crate::blocking::BlockingRedisStore;
use crate::client_token::CacheKeys;
use crate::keys::Keys;
use crate::store::RedisStore;

/// How long a refresh lease lasts unless [changed](TokenCache::with_refresh_lease): longer than
/// a token request with its retries, so that only a holder that died loses it.
pub const DEFAULT_REFRESH_LEASE: Duration = Duration::from_secs(30);

/// How often a waiter looks whether the refresh it waits for has finished.
const POLL_EVERY: Duration = Duration::from_millis(20);

/// The access-token cache on a [`RedisStore`], for async clients (`ayolinx-reqwest`'s
/// `TokenStore` with the `reqwest` feature).
///
/// ```no_run
/// use std::time::Duration;
/// use ayolinx_proto::api::token::AccessToken;
/// use ayolinx_proto::driver::{LeaseOutcome, Waited};
/// use ayolinx_redis::RedisStore;
///
/// # async fn example(now: ayolinx_proto::Timestamp) -> Result<(), ayolinx_store::StoreError> {
/// let cache = RedisStore::open("redis://127.0.0.1:6379")?.token_cache("CK-your-client-key");
/// if let Some(stored) = cache.get().await? {
///     // use stored.token
/// } else {
///     match cache.try_lease().await? {
///         LeaseOutcome::Granted(lease) => {
///             // ask Ayolinx for a token, then:
///             let stored = cache.put(lease, AccessToken::new("t", 900, now)).await?;
///         }
///         LeaseOutcome::Busy { ticket } => {
///             if let Waited::Refreshed(stored) = cache.wait(ticket, Duration::from_secs(10)).await? {
///                 // another instance refreshed it
///             }
///         }
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TokenCache {
    store: RedisStore,
    keys: CacheKeys,
    lease: Duration,
}

impl TokenCache {
    pub(crate) fn new(store: RedisStore, keys: &Keys, name: &str) -> Self {
        Self {
            store,
            keys: CacheKeys::new(keys, name),
            lease: DEFAULT_REFRESH_LEASE,
        }
    }

    /// The same cache, its refresh leases lasting `lease` instead of [`DEFAULT_REFRESH_LEASE`].
    #[must_use]
    pub fn with_refresh_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// The cached token, if any (Redis drops it when it expires).
    pub async fn get(&self) -> Result<Option<StoredToken>, StoreError> {
        self.store.run(self.keys.get()).await
    }

    /// The refresh lease, unless another caller holds it: then the ticket to
    /// [`wait`](TokenCache::wait) with.
    pub async fn try_lease(&self) -> Result<LeaseOutcome, StoreError> {
        self.store.run(self.keys.try_lease(self.lease)).await
    }

    /// Waits until the refresh that was running when `ticket` was issued finishes, for at most
    /// `timeout`: its token, its failure, or [`Waited::TimedOut`] (also when its holder gave up
    /// or died: ask for the lease again).
    pub async fn wait(&self, ticket: u64, timeout: Duration) -> Result<Waited, StoreError> {
        let deadline = Instant::now().checked_add(timeout);
        loop {
            if let Some(waited) = self.store.run(self.keys.poll(ticket)).await? {
                return Ok(waited);
            }
            if deadline.is_none_or(|deadline| Instant::now() >= deadline) {
                return Ok(Waited::TimedOut);
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    }

    /// Stores `token`, fetched under `lease`, under a new version until it expires, and ends
    /// the lease, in one step.
    pub async fn put(&self, lease: Lease, token: AccessToken) -> Result<StoredToken, StoreError> {
        self.store.run(self.keys.put(lease, token)).await
    }

    /// Ends `lease` without a token: the refresh failed with `failure`, which the waiters get.
    /// `false` when the lease had already run out.
    pub async fn release(&self, lease: Lease, failure: &str) -> Result<bool, StoreError> {
        self.store
            .run(self.keys.end_lease(lease, Some(failure)))
            .await
    }

    /// Ends `lease` whose holder went away: the waiters ask for the lease again.
    pub async fn abandon(&self, lease: Lease) -> Result<bool, StoreError> {
        self.store.run(self.keys.end_lease(lease, None)).await
    }

    /// Drops the token of `version` (it was refused), unless a newer one replaced it.
    pub async fn invalidate(&self, version: u64) -> Result<bool, StoreError> {
        self.store.run(self.keys.invalidate(version)).await
    }
}

/// The access-token cache on a [`BlockingRedisStore`], for blocking clients
/// (`ayolinx-ureq`'s `TokenStore` with the `ureq` feature): the same keys and methods as
/// [`TokenCache`], blocking.
///
/// ```no_run
/// use std::sync::Arc;
/// use ayolinx_redis::BlockingRedisStore;
///
/// let store = Arc::new(BlockingRedisStore::open("redis://127.0.0.1:6379")?);
/// let cache = store.token_cache("CK-your-client-key");
/// assert!(cache.get()?.is_none());
/// # Ok::<(), ayolinx_store::StoreError>(())
/// ```
#[derive(Debug, Clone)]
pub struct BlockingTokenCache {
    store: Arc<BlockingRedisStore>,
    keys: CacheKeys,
    lease: Duration,
}

impl BlockingTokenCache {
    pub(crate) fn new(store: Arc<BlockingRedisStore>, keys: &Keys, name: &str) -> Self {
        Self {
            store,
            keys: CacheKeys::new(keys, name),
            lease: DEFAULT_REFRESH_LEASE,
        }
    }

    /// [`TokenCache::with_refresh_lease`].
    #[must_use]
    pub fn with_refresh_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// [`TokenCache::get`], blocking.
    pub fn get(&self) -> Result<Option<StoredToken>, StoreError> {
        self.store.run(self.keys.get())
    }

    /// [`TokenCache::try_lease`], blocking.
    pub fn try_lease(&self) -> Result<LeaseOutcome, StoreError> {
        self.store.run(self.keys.try_lease(self.lease))
    }

    /// [`TokenCache::wait`], blocking.
    pub fn wait(&self, ticket: u64, timeout: Duration) -> Result<Waited, StoreError> {
        let deadline = Instant::now().checked_add(timeout);
        loop {
            if let Some(waited) = self.store.run(self.keys.poll(ticket))? {
                return Ok(waited);
            }
            if deadline.is_none_or(|deadline| Instant::now() >= deadline) {
                return Ok(Waited::TimedOut);
            }
            std::thread::sleep(POLL_EVERY);
        }
    }

    /// [`TokenCache::put`], blocking.
    pub fn put(&self, lease: Lease, token: AccessToken) -> Result<StoredToken, StoreError> {
        self.store.run(self.keys.put(lease, token))
    }

    /// [`TokenCache::release`], blocking.
    pub fn release(&self, lease: Lease, failure: &str) -> Result<bool, StoreError> {
        self.store.run(self.keys.end_lease(lease, Some(failure)))
    }

    /// [`TokenCache::abandon`], blocking.
    pub fn abandon(&self, lease: Lease) -> Result<bool, StoreError> {
        self.store.run(self.keys.end_lease(lease, None))
    }

    /// [`TokenCache::invalidate`], blocking.
    pub fn invalidate(&self, version: u64) -> Result<bool, StoreError> {
        self.store.run(self.keys.invalidate(version))
    }
}
