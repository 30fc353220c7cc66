//! [`TokenStore`]: where an async client keeps its access token, and [`MemoryTokenStore`], the
//! default: in memory, shared by every clone and task, single-flight (one refresh at a time, the
//! others wait for it). No lock is ever held across an `.await`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::{Lease, LeaseOutcome, StoredToken, TokenSlot, Waited};
use tokio::sync::Notify;

/// A boxed, `Send` future borrowing the store.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A token store an async client talks to. The driver decides when to read, lease, wait,
/// store, release and invalidate; the store only makes each step atomic. A store shared by many
/// instances (Redis: the lease a `SET NX PX` with an expiry, the token a value with an expiry
/// and a version) implements the same methods.
///
/// ```
/// use std::sync::Arc;
/// use ayolinx_reqwest::{MemoryTokenStore, TokenStore};
/// use ayolinx_proto::driver::LeaseOutcome;
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::default());
/// assert!(store.get().await.is_none());
/// assert!(matches!(store.try_lease().await, LeaseOutcome::Granted(_)));
/// assert!(matches!(store.try_lease().await, LeaseOutcome::Busy { .. }));
/// # });
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait TokenStore: Send + Sync {
    /// The current token, if any.
    fn get(&self) -> StoreFuture<'_, Option<StoredToken>>;

    /// The refresh lease, unless another caller holds it.
    fn try_lease(&self) -> StoreFuture<'_, LeaseOutcome>;

    /// Waits until the refresh that was in flight when `ticket` was issued finishes, at most
    /// `timeout`.
    fn wait(&self, ticket: u64, timeout: Duration) -> StoreFuture<'_, Waited>;

    /// Stores a token fetched under `lease`, ending the lease.
    fn put(&self, lease: Lease, token: AccessToken) -> StoreFuture<'_, StoredToken>;

    /// Ends `lease` without a token: the refresh failed with `failure`.
    fn release<'a>(&'a self, lease: Lease, failure: &'a str) -> StoreFuture<'a, ()>;

    /// Drops the token of `version` (it was refused), unless a newer one replaced it.
    fn invalidate(&self, version: u64) -> StoreFuture<'_, ()>;

    /// Ends `lease` because the future holding it was dropped (cancelled). Called from a
    /// destructor, so it must not block; a shared store may instead let the lease expire.
    fn abandon(&self, lease: Lease);
}

/// The in-memory store: a [`TokenSlot`] behind a mutex held only for each step, and a
/// notification the waiters await.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    slot: Mutex<TokenSlot>,
    changed: Notify,
}

impl MemoryTokenStore {
    fn lock(&self) -> MutexGuard<'_, TokenSlot> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl TokenStore for MemoryTokenStore {
    fn get(&self) -> StoreFuture<'_, Option<StoredToken>> {
        let token = self.lock().get();
        Box::pin(std::future::ready(token))
    }

    fn try_lease(&self) -> StoreFuture<'_, LeaseOutcome> {
        let outcome = self.lock().try_lease();
        Box::pin(std::future::ready(outcome))
    }

    fn wait(&self, ticket: u64, timeout: Duration) -> StoreFuture<'_, Waited> {
        Box::pin(async move {
            let until = tokio::time::Instant::now() + timeout;
            loop {
                let notified = self.changed.notified();
                tokio::pin!(notified);
                // Registered before the check, so a refresh finishing in between is not missed.
                notified.as_mut().enable();
                if let Some(waited) = self.lock().waited(ticket) {
                    return waited;
                }
                if tokio::time::timeout_at(until, notified).await.is_err() {
                    return self.lock().waited(ticket).unwrap_or(Waited::TimedOut);
                }
            }
        })
    }

    fn put(&self, lease: Lease, token: AccessToken) -> StoreFuture<'_, StoredToken> {
        let stored = self.lock().put(lease, token);
        self.changed.notify_waiters();
        Box::pin(std::future::ready(stored))
    }

    fn release<'a>(&'a self, lease: Lease, failure: &'a str) -> StoreFuture<'a, ()> {
        self.lock().release(lease, failure);
        self.changed.notify_waiters();
        Box::pin(std::future::ready(()))
    }

    fn invalidate(&self, version: u64) -> StoreFuture<'_, ()> {
        self.lock().invalidate(version);
        Box::pin(std::future::ready(()))
    }

    fn abandon(&self, lease: Lease) {
        self.lock().abandon(lease);
        self.changed.notify_waiters();
    }
}
