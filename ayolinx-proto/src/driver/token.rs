//! The token-store vocabulary the [`Driver`](crate::driver::Driver) speaks, and
//! [`TokenSlot`], the in-memory single-flight store's state that every client's default store
//! wraps (with its own way of waiting: a condition variable, a task notification).
//!
//! A store shared by many instances fits the same shape: the lease is `SET lease NX PX`, the
//! token a value with an expiry, the version a counter incremented with it, and waiting a poll
//! or a subscription.

use crate::api::token::AccessToken;

/// A token as a store holds it, with the version the store gave it: a refusal of an old token
/// then never throws away a newer one.
#[derive(Debug, Clone)]
pub struct StoredToken {
    /// The token.
    pub token: AccessToken,
    /// Which refresh produced it (increasing).
    pub version: u64,
}

/// The right to fetch a new token, held by one caller at a time (single flight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lease {
    /// The store's id of this lease: a stale holder cannot release a newer lease.
    pub id: u64,
}

/// The answer to [`Action::AcquireLease`](crate::driver::Action::AcquireLease).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseOutcome {
    /// This caller fetches the token.
    Granted(Lease),
    /// Another caller is fetching one; wait for it with this ticket.
    Busy {
        /// What the waiter waits past (the number of finished refreshes, in the memory store).
        ticket: u64,
    },
}

/// The answer to [`Action::WaitForRefresh`](crate::driver::Action::WaitForRefresh).
#[derive(Debug, Clone)]
pub enum Waited {
    /// The refresh finished with a token.
    Refreshed(StoredToken),
    /// The refresh failed, with its message.
    Failed(String),
    /// Nothing finished within the time given: the driver asks for the lease again.
    TimedOut,
}

/// The state of the in-memory store: the current token, the lease, and the outcome of the last
/// refresh for the callers that waited for it. Pure: the wrappers lock it and wait.
///
/// ```
/// use ayolinx_proto::api::token::AccessToken;
/// use ayolinx_proto::driver::{LeaseOutcome, TokenSlot, Waited};
/// use ayolinx_proto::Timestamp;
///
/// let mut slot = TokenSlot::default();
/// let LeaseOutcome::Granted(lease) = slot.try_lease() else { unreachable!() };
/// let LeaseOutcome::Busy { ticket } = slot.try_lease() else { unreachable!() };
/// assert!(slot.waited(ticket).is_none());
/// let stored = slot.put(lease, AccessToken::new("tok", 900, Timestamp::from_unix(0)?));
/// assert!(matches!(slot.waited(ticket), Some(Waited::Refreshed(t)) if t.version == stored.version));
/// slot.invalidate(stored.version);
/// assert!(slot.get().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct TokenSlot {
    current: Option<StoredToken>,
    lease: Option<Lease>,
    next_lease: u64,
    /// How many refreshes have finished, successfully or not.
    finished: u64,
    /// The message of the last failed refresh, with its number.
    last_failure: Option<(u64, String)>,
    /// The number of the last refresh that stored a token.
    last_stored: u64,
}

impl TokenSlot {
    /// The current token, if any.
    pub fn get(&self) -> Option<StoredToken> {
        self.current.clone()
    }

    /// The lease, unless another caller holds it.
    pub fn try_lease(&mut self) -> LeaseOutcome {
        if self.lease.is_some() {
            return LeaseOutcome::Busy {
                ticket: self.finished,
            };
        }
        self.next_lease = self.next_lease.wrapping_add(1);
        let lease = Lease {
            id: self.next_lease,
        };
        self.lease = Some(lease);
        LeaseOutcome::Granted(lease)
    }

    /// Stores the token fetched under `lease` and ends the lease.
    pub fn put(&mut self, lease: Lease, token: AccessToken) -> StoredToken {
        if self.lease == Some(lease) {
            self.lease = None;
        }
        self.finished = self.finished.wrapping_add(1);
        self.last_stored = self.finished;
        let stored = StoredToken {
            token,
            version: self.finished,
        };
        self.current = Some(stored.clone());
        stored
    }

    /// Ends `lease` without a token: the refresh failed with `failure` (or was abandoned).
    /// A stale lease (already ended) changes nothing.
    pub fn release(&mut self, lease: Lease, failure: &str) {
        if self.lease == Some(lease) {
            self.lease = None;
            self.finished = self.finished.wrapping_add(1);
            self.last_failure = Some((self.finished, failure.to_owned()));
        }
    }

    /// Ends `lease` whose holder went away (a cancelled call): the waiters try for the lease
    /// again instead of sharing a failure.
    pub fn abandon(&mut self, lease: Lease) {
        if self.lease == Some(lease) {
            self.lease = None;
            self.finished = self.finished.wrapping_add(1);
        }
    }

    /// Drops the token if it is still the one of `version` (it was refused).
    pub fn invalidate(&mut self, version: u64) {
        if self.current.as_ref().is_some_and(|t| t.version == version) {
            self.current = None;
        }
    }

    /// What a caller who got [`LeaseOutcome::Busy`] with `ticket` learns now: `None` while no
    /// refresh has finished since.
    pub fn waited(&self, ticket: u64) -> Option<Waited> {
        if self.finished == ticket {
            return None;
        }
        Some(match (&self.current, &self.last_failure) {
            (_, Some((failed, message))) if *failed == self.finished => {
                Waited::Failed(message.clone())
            }
            (Some(token), _) if self.last_stored == self.finished => {
                Waited::Refreshed(token.clone())
            }
            // Abandoned, or the new token already refused: ask for the lease again.
            _ => Waited::TimedOut,
        })
    }
}
