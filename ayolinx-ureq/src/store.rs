//! [`TokenStore`]: where a client keeps its access token, and [`MemoryTokenStore`], the
//! default: in memory, shared by every clone and thread, single-flight (one refresh at a time,
//! the others wait for it).

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::{Lease, LeaseOutcome, StoredToken, TokenSlot, Waited};

/// A token store a blocking client talks to. The driver decides when to read, lease, wait,
/// store, release and invalidate; the store only makes each step atomic. A store shared by many
/// instances (Redis: the lease a `SET NX PX`, the token a value with an expiry and a version)
/// implements the same methods.
///
/// ```
/// use std::sync::Arc;
/// use ayolinx_ureq::{MemoryTokenStore, TokenStore};
/// use ayolinx_proto::driver::LeaseOutcome;
///
/// let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::default());
/// assert!(store.get().is_none());
/// assert!(matches!(store.try_lease(), LeaseOutcome::Granted(_)));
/// assert!(matches!(store.try_lease(), LeaseOutcome::Busy { .. }));
/// ```
pub trait TokenStore: Send + Sync {
    /// The current token, if any.
    fn get(&self) -> Option<StoredToken>;

    /// The refresh lease, unless another caller holds it.
    fn try_lease(&self) -> LeaseOutcome;

    /// Blocks until the refresh that was in flight when `ticket` was issued finishes, at most
    /// `timeout`.
    fn wait(&self, ticket: u64, timeout: Duration) -> Waited;

    /// Stores a token fetched under `lease`, ending the lease.
    fn put(&self, lease: Lease, token: AccessToken) -> StoredToken;

    /// Ends `lease` without a token: the refresh failed with `failure`.
    fn release(&self, lease: Lease, failure: &str);

    /// Drops the token of `version` (it was refused), unless a newer one replaced it.
    fn invalidate(&self, version: u64);
}

/// The in-memory store: a [`TokenSlot`] behind a mutex, and a condition variable the waiters
/// sleep on.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    slot: Mutex<TokenSlot>,
    changed: Condvar,
}

impl MemoryTokenStore {
    fn lock(&self) -> MutexGuard<'_, TokenSlot> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl TokenStore for MemoryTokenStore {
    fn get(&self) -> Option<StoredToken> {
        self.lock().get()
    }

    fn try_lease(&self) -> LeaseOutcome {
        self.lock().try_lease()
    }

    fn wait(&self, ticket: u64, timeout: Duration) -> Waited {
        let until = Instant::now() + timeout;
        let mut slot = self.lock();
        loop {
            if let Some(waited) = slot.waited(ticket) {
                return waited;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Waited::TimedOut;
            }
            slot = self
                .changed
                .wait_timeout(slot, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn put(&self, lease: Lease, token: AccessToken) -> StoredToken {
        let stored = self.lock().put(lease, token);
        self.changed.notify_all();
        stored
    }

    fn release(&self, lease: Lease, failure: &str) {
        self.lock().release(lease, failure);
        self.changed.notify_all();
    }

    fn invalidate(&self, version: u64) {
        self.lock().invalidate(version);
    }
}
