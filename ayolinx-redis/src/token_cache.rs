//! The client-side access-token cache: one token shared by every instance, refreshed by one at
//! a time under a lease (`SET NX PX`), the others waiting for it. Shaped for the client's
//! token-store seam: [`get`](TokenCache::get), [`try_lease`](TokenCache::try_lease),
//! [`put`](TokenCache::put), [`release`](TokenCache::release), [`wait`](TokenCache::wait).

use std::time::{Duration, Instant};

use ayolinx_proto::{Secret, Timestamp};
use ayolinx_store::StoreError;

use crate::blocking::BlockingRedisStore;
use crate::commands::{self, Poll, Request};
use crate::keys::Keys;
use crate::store::RedisStore;

/// A cached access token and when it expires. `Debug` never shows the token.
#[derive(Debug, Clone)]
pub struct CachedToken {
    /// The access token.
    pub token: Secret,
    /// When Ayolinx said it expires.
    pub expires_at: Timestamp,
}

/// The right to refresh the token, held by one caller at a time until it
/// [puts](TokenCache::put) a token, [releases](TokenCache::release) it, or the lease runs out.
#[derive(Debug)]
pub struct RefreshLease {
    owner: String,
}

/// What [`TokenCache::wait`] saw.
#[derive(Debug, Clone)]
pub enum Waited {
    /// Another caller stored a token.
    Token(CachedToken),
    /// Nobody holds the lease any more and no token came (the refresher failed or died): try
    /// to take the lease.
    LeaseFree,
    /// The lease is still held after the time allowed.
    TimedOut,
}

impl Waited {
    fn from_poll(poll: Poll) -> Option<Self> {
        match poll {
            Poll::Token(token, expires_at) => Some(Self::Token(CachedToken { token, expires_at })),
            Poll::Free => Some(Self::LeaseFree),
            Poll::Refreshing => None,
        }
    }
}

/// The two keys of one cache, and each operation on them as a request, for both caches.
#[derive(Debug, Clone)]
struct CacheKeys {
    token: String,
    lease: String,
}

impl CacheKeys {
    fn new(keys: &Keys, name: &str) -> Self {
        Self {
            token: keys.client_token(name),
            lease: keys.client_lease(name),
        }
    }

    fn get(&self) -> Request<Option<CachedToken>> {
        commands::get_token(&self.token)
            .map(|found| found.map(|(token, expires_at)| CachedToken { token, expires_at }))
    }

    fn try_lease(&self, lease: Duration) -> Result<Request<Option<RefreshLease>>, StoreError> {
        let owner = commands::owner_id()?;
        let request = commands::try_lease(&self.lease, &owner, lease);
        Ok(request.map(|taken| taken.then_some(RefreshLease { owner })))
    }

    fn put(
        &self,
        lease: &RefreshLease,
        token: &Secret,
        expires_at: Timestamp,
        ttl: Duration,
    ) -> Request<()> {
        commands::put_token(
            &self.token,
            &self.lease,
            &lease.owner,
            token,
            expires_at,
            ttl,
        )
    }

    fn release(&self, lease: &RefreshLease) -> Request<bool> {
        commands::end_lease(&self.lease, &lease.owner)
    }

    fn poll(&self) -> Request<Option<Waited>> {
        commands::poll(&self.token, &self.lease).map(Waited::from_poll)
    }
}

/// The access-token cache on a [`RedisStore`], for async clients.
///
/// ```no_run
/// use std::time::Duration;
/// use ayolinx_redis::{RedisStore, Waited};
///
/// # async fn example(now: ayolinx_proto::Timestamp) -> Result<(), ayolinx_store::StoreError> {
/// let cache = RedisStore::open("redis://127.0.0.1:6379")?.token_cache("CK-your-client-key");
/// if let Some(cached) = cache.get().await? {
///     // use cached.token
/// } else if let Some(lease) = cache.try_lease(Duration::from_secs(10)).await? {
///     // ask Ayolinx for a token, then:
///     # let (token, expires_at) = (ayolinx_proto::Secret::new("t"), now);
///     cache.put(&lease, &token, expires_at, Duration::from_secs(840)).await?;
/// } else if let Waited::Token(cached) = cache.wait(Duration::from_secs(10), Duration::from_millis(50)).await? {
///     // another instance refreshed it
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TokenCache {
    store: RedisStore,
    keys: CacheKeys,
}

impl TokenCache {
    pub(crate) fn new(store: RedisStore, keys: &Keys, name: &str) -> Self {
        Self {
            store,
            keys: CacheKeys::new(keys, name),
        }
    }

    /// The cached token, if any (Redis drops it when the `ttl` given to
    /// [`put`](TokenCache::put) runs out).
    pub async fn get(&self) -> Result<Option<CachedToken>, StoreError> {
        self.store.run(self.keys.get()).await
    }

    /// Takes the refresh lease for `lease`, unless another caller holds it (`None`: wait).
    pub async fn try_lease(&self, lease: Duration) -> Result<Option<RefreshLease>, StoreError> {
        self.store.run(self.keys.try_lease(lease)?).await
    }

    /// Stores `token` (expiring at `expires_at`) for `ttl`, and ends `lease`, in one step.
    pub async fn put(
        &self,
        lease: &RefreshLease,
        token: &Secret,
        expires_at: Timestamp,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        self.store
            .run(self.keys.put(lease, token, expires_at, ttl))
            .await
    }

    /// Ends `lease` without a token (the refresh failed), so that a waiter takes over at once.
    /// `false` when the lease had already run out.
    pub async fn release(&self, lease: RefreshLease) -> Result<bool, StoreError> {
        self.store.run(self.keys.release(&lease)).await
    }

    /// Waits, polling every `poll`, until a token is stored or the lease is free, for at most
    /// `timeout`.
    pub async fn wait(&self, timeout: Duration, poll: Duration) -> Result<Waited, StoreError> {
        let deadline = Instant::now().checked_add(timeout);
        loop {
            if let Some(waited) = self.store.run(self.keys.poll()).await? {
                return Ok(waited);
            }
            if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                return Ok(Waited::TimedOut);
            }
            tokio::time::sleep(poll).await;
        }
    }
}

/// The access-token cache on a [`BlockingRedisStore`], for blocking clients: the same keys and
/// methods as [`TokenCache`], blocking.
#[derive(Debug)]
pub struct BlockingTokenCache<'a> {
    store: &'a BlockingRedisStore,
    keys: CacheKeys,
}

impl<'a> BlockingTokenCache<'a> {
    pub(crate) fn new(store: &'a BlockingRedisStore, keys: &Keys, name: &str) -> Self {
        Self {
            store,
            keys: CacheKeys::new(keys, name),
        }
    }

    /// [`TokenCache::get`], blocking.
    pub fn get(&self) -> Result<Option<CachedToken>, StoreError> {
        self.store.run(self.keys.get())
    }

    /// [`TokenCache::try_lease`], blocking.
    pub fn try_lease(&self, lease: Duration) -> Result<Option<RefreshLease>, StoreError> {
        self.store.run(self.keys.try_lease(lease)?)
    }

    /// [`TokenCache::put`], blocking.
    pub fn put(
        &self,
        lease: &RefreshLease,
        token: &Secret,
        expires_at: Timestamp,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        self.store.run(self.keys.put(lease, token, expires_at, ttl))
    }

    /// [`TokenCache::release`], blocking.
    pub fn release(&self, lease: RefreshLease) -> Result<bool, StoreError> {
        self.store.run(self.keys.release(&lease))
    }

    /// [`TokenCache::wait`], blocking.
    pub fn wait(&self, timeout: Duration, poll: Duration) -> Result<Waited, StoreError> {
        let deadline = Instant::now().checked_add(timeout);
        loop {
            if let Some(waited) = self.store.run(self.keys.poll())? {
                return Ok(waited);
            }
            if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                return Ok(Waited::TimedOut);
            }
            std::thread::sleep(poll);
        }
    }
}
