//! [`BlockingRedisStore`]: the same store for blocking code.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use ayolinx_proto::callback::TokenRecord;
use ayolinx_store::{Ack, Claim, Completion, Extension, Lease, Release, StoreError, TokenEntry};

use crate::commands::{self, Request};
use crate::error::store_error;
use crate::keys::{DEFAULT_PREFIX, Keys};
use crate::store::TIMEOUT;
use crate::token_cache::BlockingTokenCache;

/// The ledger and issued tokens on Redis for blocking code (a `ureq` client, a CLI, a worker
/// thread): the same commands and values as [`RedisStore`](crate::RedisStore), so both can share
/// one Redis. Connections are pooled (a connection that failed is dropped, the next call
/// reconnects); the pool's lock is held only to take or return one, never across a command.
///
/// ```no_run
/// use std::time::Duration;
/// use ayolinx_redis::BlockingRedisStore;
/// use ayolinx_store::Claim;
///
/// let store = BlockingRedisStore::open("redis://127.0.0.1:6379/0")?;
/// if let Claim::Claimed(lease) = store.claim("AYO-1:00", Duration::from_secs(30))? {
///     // ... fulfil, then store.complete(&lease, &ack, remember_for) or store.release(&lease)
/// #   store.release(&lease)?;
/// }
/// # Ok::<(), ayolinx_store::StoreError>(())
/// ```
pub struct BlockingRedisStore {
    client: redis::Client,
    pool: Mutex<Vec<redis::Connection>>,
    keys: Keys,
}

impl BlockingRedisStore {
    /// A store on the Redis at `url`, its keys under [`DEFAULT_PREFIX`]. Nothing is connected
    /// until the first call.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with_prefix(url, DEFAULT_PREFIX)
    }

    /// As [`open`](BlockingRedisStore::open), with every key under `prefix`.
    pub fn open_with_prefix(url: &str, prefix: &str) -> Result<Self, StoreError> {
        Ok(Self {
            client: redis::Client::open(url).map_err(store_error)?,
            pool: Mutex::default(),
            keys: Keys::new(prefix.to_owned()),
        })
    }

    /// The client-side access-token cache called `name` (e.g. the client key) on this store:
    /// see [`BlockingTokenCache`].
    pub fn token_cache(self: &Arc<Self>, name: &str) -> BlockingTokenCache {
        BlockingTokenCache::new(Arc::clone(self), &self.keys, name)
    }

    fn connection(&self) -> Result<redis::Connection, StoreError> {
        let pooled = self
            .pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        if let Some(connection) = pooled {
            return Ok(connection);
        }
        let connection = self
            .client
            .get_connection_with_timeout(TIMEOUT)
            .map_err(store_error)?;
        connection
            .set_read_timeout(Some(TIMEOUT))
            .and_then(|()| connection.set_write_timeout(Some(TIMEOUT)))
            .map_err(store_error)?;
        Ok(connection)
    }

    pub(crate) fn run<T>(&self, request: Request<T>) -> Result<T, StoreError> {
        let mut connection = self.connection()?;
        let value = request.cmd.query(&mut connection).map_err(store_error)?;
        self.pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(connection);
        (request.read)(value)
    }

    /// [`Ledger::claim`](ayolinx_store::Ledger::claim), blocking.
    pub fn claim(&self, key: &str, lease: Duration) -> Result<Claim, StoreError> {
        let owner = commands::owner_id()?;
        self.run(commands::claim(&self.keys.ledger(key), key, owner, lease))
    }

    /// [`Ledger::complete`](ayolinx_store::Ledger::complete), blocking.
    pub fn complete(
        &self,
        lease: &Lease,
        ack: &Ack,
        remember_for: Duration,
    ) -> Result<Completion, StoreError> {
        let key = self.keys.ledger(lease.key());
        self.run(commands::complete(&key, lease, ack, remember_for))
    }

    /// [`Ledger::release`](ayolinx_store::Ledger::release), blocking.
    pub fn release(&self, lease: &Lease) -> Result<Release, StoreError> {
        self.run(commands::release(&self.keys.ledger(lease.key()), lease))
    }

    /// [`Ledger::extend`](ayolinx_store::Ledger::extend), blocking.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use ayolinx_redis::BlockingRedisStore;
    /// use ayolinx_store::{Claim, Extension};
    ///
    /// let store = BlockingRedisStore::open("redis://127.0.0.1:6379/0")?;
    /// if let Claim::Claimed(lease) = store.claim("AYO-1:00", Duration::from_secs(30))? {
    ///     // Still fulfilling: keep the claim for another 30 s.
    ///     assert_eq!(store.extend(&lease, Duration::from_secs(30))?, Extension::Extended);
    /// #   store.release(&lease)?;
    /// }
    /// # Ok::<(), ayolinx_store::StoreError>(())
    /// ```
    pub fn extend(&self, lease: &Lease, lease_for: Duration) -> Result<Extension, StoreError> {
        let key = self.keys.ledger(lease.key());
        self.run(commands::extend(&key, lease, lease_for))
    }

    /// [`IssuedTokens::issue`](ayolinx_store::IssuedTokens::issue), blocking.
    pub fn issue(&self, entry: &TokenEntry, ttl: Duration) -> Result<(), StoreError> {
        let key = self.keys.issued_token(&entry.lookup_key);
        let record = &entry.record;
        self.run(commands::set_token(
            &key,
            &record.token,
            record.expires_at,
            ttl,
        ))
    }

    /// [`IssuedTokens::look_up`](ayolinx_store::IssuedTokens::look_up), blocking.
    pub fn look_up(&self, lookup_key: &str) -> Result<Option<TokenRecord>, StoreError> {
        self.run(commands::look_up(&self.keys.issued_token(lookup_key)))
    }
}

impl std::fmt::Debug for BlockingRedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockingRedisStore")
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}
