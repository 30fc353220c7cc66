//! The notification ledger: [`Ledger`] and the values it trades in.

use std::fmt;
use std::time::Duration;

use crate::StoreFuture;

/// The default lease of a claim: how long a holder that died keeps a notification from being
/// processed by a retry. A live holder [extends](Ledger::extend) it while it processes, so a
/// handler may take longer; shorter than Ayolinx's first retry (about a minute after the first
/// delivery), so that a dead holder's notification is processed by that retry.
pub const LEASE: Duration = Duration::from_secs(30);

/// The default time a completed notification is remembered: 24 h, well past Ayolinx's retry
/// schedule (about 1, 5, 10 and 60 minutes after the first delivery).
pub const REMEMBER_FOR: Duration = Duration::from_secs(24 * 3600);

/// The answer given to a notification once it was processed, replayed to its duplicates: an
/// HTTP status and the exact JSON body bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Ack {
    /// The HTTP status.
    pub status: u16,
    /// The exact body bytes (JSON).
    pub body: Vec<u8>,
}

impl Ack {
    /// An answer with `status` and `body`.
    ///
    /// ```
    /// let ack = ayolinx_store::Ack::new(200, b"{}".to_vec());
    /// assert_eq!(format!("{ack:?}"), r#"Ack { status: 200, body: "{}" }"#);
    /// ```
    pub fn new(status: u16, body: Vec<u8>) -> Self {
        Self { status, body }
    }
}

impl fmt::Debug for Ack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ack")
            .field("status", &self.status)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// A claim held on one key: what [`Ledger::extend`], [`Ledger::complete`] and [`Ledger::release`]
/// take, so that only the holder can extend or end it. The owner id is unique to this claim
/// (random for a shared store), so a holder whose lease expired and was claimed again can neither
/// extend nor end the new holder's claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    key: String,
    owner: String,
}

impl Lease {
    /// A lease on `key` held by `owner`; for store implementations.
    ///
    /// ```
    /// let lease = ayolinx_store::Lease::new("AYO-1:00", "7f3a");
    /// assert_eq!((lease.key(), lease.owner()), ("AYO-1:00", "7f3a"));
    /// ```
    pub fn new(key: impl Into<String>, owner: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            owner: owner.into(),
        }
    }

    /// The key claimed.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The id of this claim's holder.
    pub fn owner(&self) -> &str {
        &self.owner
    }
}

/// What [`Ledger::claim`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This caller holds the key now: process the notification, then
    /// [complete](Ledger::complete) or [release](Ledger::release) the lease.
    Claimed(Lease),
    /// Another holder is processing it: answer with a retryable 5xx (never a 2xx: the holder
    /// may still fail).
    InProgress,
    /// It was processed; answer the duplicate with this.
    Completed(Ack),
}

/// What [`Ledger::complete`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Completion {
    /// The answer is remembered under the key.
    Recorded,
    /// The lease had expired and another holder claimed or completed the key meanwhile: nothing
    /// was written (the other holder's outcome stands).
    NotHeld,
}

/// What [`Ledger::release`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Release {
    /// The claim is gone: the next delivery claims the key again.
    Released,
    /// The lease had expired and the key is no longer this holder's: nothing was removed.
    NotHeld,
}

/// What [`Ledger::extend`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extension {
    /// The claim is this holder's for the new lease, counted from now.
    Extended,
    /// The key is no longer this holder's (its lease expired, and it may have been claimed again
    /// by another holder), or it was completed: nothing was changed.
    NotHeld,
}

/// Claims notifications by key so that each is processed once across every instance that shares
/// the ledger. See the [crate docs](crate) for the protocol.
pub trait Ledger: Send + Sync {
    /// Claims `key` for `lease`, unless it is held (→ [`Claim::InProgress`]) or was completed
    /// (→ [`Claim::Completed`]). Atomic: of many concurrent claimers, exactly one gets
    /// [`Claim::Claimed`].
    fn claim<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Claim>;

    /// Records that the holder of `lease` processed its key and answered `ack`, remembered for
    /// `remember_for`.
    fn complete<'a>(
        &'a self,
        lease: &'a Lease,
        ack: &'a Ack,
        remember_for: Duration,
    ) -> StoreFuture<'a, Completion>;

    /// Gives up the claim of `lease` (its processing failed) so that a retry can claim the key.
    fn release<'a>(&'a self, lease: &'a Lease) -> StoreFuture<'a, Release>;

    /// Renews the claim of `lease` for `lease_for` from now, so that a holder still processing
    /// keeps its key past its first lease: only while the key is still held by this lease's
    /// owner (→ [`Extension::Extended`]); a lease that expired, a key claimed again by another
    /// holder or a completed key is left as it is (→ [`Extension::NotHeld`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// use ayolinx_store::{Claim, Extension, Ledger, MemoryStore};
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_time().build()?.block_on(async {
    /// let ledger = MemoryStore::new();
    /// let Claim::Claimed(lease) = ledger.claim("AYO-1:00", Duration::from_millis(100)).await? else {
    ///     unreachable!();
    /// };
    /// // Still processing: keep the claim for another 30 s.
    /// assert_eq!(ledger.extend(&lease, Duration::from_secs(30)).await?, Extension::Extended);
    /// tokio::time::sleep(Duration::from_millis(200)).await;
    /// assert_eq!(ledger.claim("AYO-1:00", Duration::from_secs(30)).await?, Claim::InProgress);
    /// # Ok::<(), ayolinx_store::StoreError>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn extend<'a>(&'a self, lease: &'a Lease, lease_for: Duration) -> StoreFuture<'a, Extension>;
}

impl<T: Ledger + ?Sized> Ledger for std::sync::Arc<T> {
    fn claim<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Claim> {
        (**self).claim(key, lease)
    }

    fn complete<'a>(
        &'a self,
        lease: &'a Lease,
        ack: &'a Ack,
        remember_for: Duration,
    ) -> StoreFuture<'a, Completion> {
        (**self).complete(lease, ack, remember_for)
    }

    fn release<'a>(&'a self, lease: &'a Lease) -> StoreFuture<'a, Release> {
        (**self).release(lease)
    }

    fn extend<'a>(&'a self, lease: &'a Lease, lease_for: Duration) -> StoreFuture<'a, Extension> {
        (**self).extend(lease, lease_for)
    }
}
