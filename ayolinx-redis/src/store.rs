//! [`RedisStore`]: the async store, on tokio.

use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::callback::TokenRecord;
use ayolinx_store::{
    Ack, Claim, Completion, Extension, IssuedTokens, Lease, Ledger, Release, StoreError,
    StoreFuture, TokenEntry,
};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::commands::{self, Request};
use crate::error::store_error;
use crate::keys::{DEFAULT_PREFIX, Keys};
use crate::token_cache::TokenCache;

/// How long a connection attempt or a reply may take before the store is
/// [unavailable](ayolinx_store::StoreErrorKind::Unavailable).
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// The [`Ledger`] and [`IssuedTokens`] of a fleet, on Redis, for async code (tokio). Every
/// decision is one Redis command or script, so it is atomic across every process sharing the
/// server; no lock is held in this process.
///
/// One multiplexed connection serves every clone, opened on first use and re-opened after Redis
/// comes back. A Redis that cannot be reached is a [`StoreError`] that
/// [`is_unavailable`](StoreError::is_unavailable) (within [`TIMEOUT`]), never a claim.
///
/// ```no_run
/// use std::sync::Arc;
/// use ayolinx_redis::RedisStore;
///
/// let store = Arc::new(RedisStore::open("redis://127.0.0.1:6379/0")?);
/// // ayolinx_axum::Merchant::new(key).store(store.clone()) ... on every instance.
/// # Ok::<(), ayolinx_store::StoreError>(())
/// ```
#[derive(Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

struct Inner {
    client: redis::Client,
    connection: tokio::sync::OnceCell<ConnectionManager>,
    keys: Keys,
}

impl RedisStore {
    /// A store on the Redis at `url` (`redis://[:password@]host:port[/db]`), its keys under
    /// [`DEFAULT_PREFIX`]. Nothing is connected until the first call.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with_prefix(url, DEFAULT_PREFIX)
    }

    /// As [`open`](RedisStore::open), with every key under `prefix` (one per application that
    /// shares a Redis).
    pub fn open_with_prefix(url: &str, prefix: &str) -> Result<Self, StoreError> {
        Ok(Self {
            inner: Arc::new(Inner {
                client: redis::Client::open(url).map_err(store_error)?,
                connection: tokio::sync::OnceCell::new(),
                keys: Keys::new(prefix.to_owned()),
            }),
        })
    }

    /// The client-side access-token cache called `name` (e.g. the client key): see
    /// [`TokenCache`].
    pub fn token_cache(&self, name: &str) -> TokenCache {
        TokenCache::new(self.clone(), &self.inner.keys, name)
    }

    pub(crate) async fn run<T>(&self, request: Request<T>) -> Result<T, StoreError> {
        let connection = self
            .inner
            .connection
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_number_of_retries(1)
                    .set_connection_timeout(Some(TIMEOUT))
                    .set_response_timeout(Some(TIMEOUT));
                self.inner.client.get_connection_manager_lazy(config)
            })
            .await
            .map_err(store_error)?;
        let value = request
            .cmd
            .query_async(&mut connection.clone())
            .await
            .map_err(store_error)?;
        (request.read)(value)
    }
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection info may hold a password: only the prefix is shown.
        f.debug_struct("RedisStore")
            .field("keys", &self.inner.keys)
            .finish_non_exhaustive()
    }
}

impl Ledger for RedisStore {
    fn claim<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Claim> {
        let redis_key = self.inner.keys.ledger(key);
        Box::pin(async move {
            let owner = commands::owner_id()?;
            self.run(commands::claim(&redis_key, key, owner, lease))
                .await
        })
    }

    fn complete<'a>(
        &'a self,
        lease: &'a Lease,
        ack: &'a Ack,
        remember_for: Duration,
    ) -> StoreFuture<'a, Completion> {
        let key = self.inner.keys.ledger(lease.key());
        Box::pin(self.run(commands::complete(&key, lease, ack, remember_for)))
    }

    fn release<'a>(&'a self, lease: &'a Lease) -> StoreFuture<'a, Release> {
        let key = self.inner.keys.ledger(lease.key());
        Box::pin(self.run(commands::release(&key, lease)))
    }

    fn extend<'a>(&'a self, lease: &'a Lease, lease_for: Duration) -> StoreFuture<'a, Extension> {
        let key = self.inner.keys.ledger(lease.key());
        Box::pin(self.run(commands::extend(&key, lease, lease_for)))
    }
}

impl IssuedTokens for RedisStore {
    fn issue<'a>(&'a self, entry: &'a TokenEntry, ttl: Duration) -> StoreFuture<'a, ()> {
        let key = self.inner.keys.issued_token(&entry.lookup_key);
        let record = &entry.record;
        Box::pin(self.run(commands::set_token(
            &key,
            &record.token,
            record.expires_at,
            ttl,
        )))
    }

    fn look_up<'a>(&'a self, lookup_key: &'a str) -> StoreFuture<'a, Option<TokenRecord>> {
        let key = self.inner.keys.issued_token(lookup_key);
        Box::pin(self.run(commands::look_up(&key)))
    }
}
