//! [`MemoryStore`]: the ledger and issued tokens of one process, in memory.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use ayolinx_proto::callback::TokenRecord;

use crate::{
    Ack, Claim, Completion, Extension, IssuedTokens, Lease, Ledger, Release, StoreFuture,
    TokenEntry,
};

/// How many writes pass between two sweeps of the expired entries.
const SWEEP_EVERY: u64 = 256;

/// `now + duration`, or as far as the clock goes for a duration past it (a configured
/// `Duration::MAX` means "keep", not a panic).
fn until(now: Instant, duration: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    now.checked_add(duration)
        .or_else(|| now.checked_add(CENTURY))
        .unwrap_or(now)
}

/// The [`Ledger`] and [`IssuedTokens`] of a single process (and of tests): a map behind a mutex,
/// never held across an await. Entries expire by the monotonic clock, and expired ones are swept
/// every few hundred writes so that memory stays bounded by what is live.
///
/// It makes a fleet safe only when every instance shares it, i.e. within one process (clone an
/// `Arc<MemoryStore>` into each router); across processes use a shared store (`ayolinx-redis`).
///
/// ```
/// use std::time::Duration;
/// use ayolinx_store::{Claim, Ledger, MemoryStore, Release};
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let ledger = MemoryStore::new();
/// let Claim::Claimed(lease) = ledger.claim("AYO-1:00", Duration::from_secs(30)).await? else {
///     unreachable!();
/// };
/// // The merchant's handler failed: release, so that Ayolinx's retry processes it.
/// assert_eq!(ledger.release(&lease).await?, Release::Released);
/// assert!(matches!(ledger.claim("AYO-1:00", Duration::from_secs(30)).await?, Claim::Claimed(_)));
/// # Ok::<(), ayolinx_store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
    owners: AtomicU64,
}

#[derive(Debug, Default)]
struct State {
    claims: HashMap<String, (Entry, Instant)>,
    tokens: HashMap<String, (TokenRecord, Instant)>,
    writes: u64,
}

#[derive(Debug)]
enum Entry {
    Held { owner: String },
    Done(Ack),
}

impl State {
    /// Counts a write and, every [`SWEEP_EVERY`], drops what expired.
    fn wrote(&mut self, now: Instant) {
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(SWEEP_EVERY) {
            self.claims.retain(|_, (_, until)| *until > now);
            self.tokens.retain(|_, (_, until)| *until > now);
        }
    }

    /// The live claim entry of `key`, if any.
    fn live(&self, key: &str, now: Instant) -> Option<&Entry> {
        self.claims
            .get(key)
            .filter(|(_, until)| *until > now)
            .map(|(entry, _)| entry)
    }

    /// Whether `lease` may end its key's claim: it holds it, or nobody does.
    fn holds(&self, lease: &Lease, now: Instant) -> bool {
        match self.live(lease.key(), now) {
            Some(Entry::Held { owner }) => owner == lease.owner(),
            Some(Entry::Done(_)) => false,
            None => true,
        }
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves the maps consistent (each change is
        // one insert or remove), so the state stays usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn claim_now(&self, key: &str, lease: Duration) -> Claim {
        let now = Instant::now();
        let mut state = self.state();
        match state.live(key, now) {
            Some(Entry::Held { .. }) => return Claim::InProgress,
            Some(Entry::Done(ack)) => return Claim::Completed(ack.clone()),
            None => {}
        }
        let owner = self.owners.fetch_add(1, Ordering::Relaxed).to_string();
        state.claims.insert(
            key.to_owned(),
            (
                Entry::Held {
                    owner: owner.clone(),
                },
                until(now, lease),
            ),
        );
        state.wrote(now);
        Claim::Claimed(Lease::new(key, owner))
    }

    fn complete_now(&self, lease: &Lease, ack: &Ack, remember_for: Duration) -> Completion {
        let now = Instant::now();
        let mut state = self.state();
        if !state.holds(lease, now) {
            return Completion::NotHeld;
        }
        state.claims.insert(
            lease.key().to_owned(),
            (Entry::Done(ack.clone()), until(now, remember_for)),
        );
        state.wrote(now);
        Completion::Recorded
    }

    fn release_now(&self, lease: &Lease) -> Release {
        let now = Instant::now();
        let mut state = self.state();
        let held = matches!(
            state.live(lease.key(), now),
            Some(Entry::Held { owner }) if owner == lease.owner()
        );
        if !held {
            return Release::NotHeld;
        }
        state.claims.remove(lease.key());
        Release::Released
    }

    fn extend_now(&self, lease: &Lease, lease_for: Duration) -> Extension {
        let now = Instant::now();
        let mut state = self.state();
        match state.claims.get_mut(lease.key()) {
            Some((Entry::Held { owner }, expires)) if *expires > now && owner == lease.owner() => {
                *expires = until(now, lease_for);
                Extension::Extended
            }
            _ => Extension::NotHeld,
        }
    }
}

impl Ledger for MemoryStore {
    fn claim<'a>(&'a self, key: &'a str, lease: Duration) -> StoreFuture<'a, Claim> {
        Box::pin(std::future::ready(Ok(self.claim_now(key, lease))))
    }

    fn complete<'a>(
        &'a self,
        lease: &'a Lease,
        ack: &'a Ack,
        remember_for: Duration,
    ) -> StoreFuture<'a, Completion> {
        Box::pin(std::future::ready(Ok(self.complete_now(
            lease,
            ack,
            remember_for,
        ))))
    }

    fn release<'a>(&'a self, lease: &'a Lease) -> StoreFuture<'a, Release> {
        Box::pin(std::future::ready(Ok(self.release_now(lease))))
    }

    fn extend<'a>(&'a self, lease: &'a Lease, lease_for: Duration) -> StoreFuture<'a, Extension> {
        Box::pin(std::future::ready(Ok(self.extend_now(lease, lease_for))))
    }
}

impl IssuedTokens for MemoryStore {
    fn issue<'a>(&'a self, entry: &'a TokenEntry, ttl: Duration) -> StoreFuture<'a, ()> {
        let now = Instant::now();
        let mut state = self.state();
        state.tokens.insert(
            entry.lookup_key.clone(),
            (entry.record.clone(), until(now, ttl)),
        );
        state.wrote(now);
        Box::pin(std::future::ready(Ok(())))
    }

    fn look_up<'a>(&'a self, lookup_key: &'a str) -> StoreFuture<'a, Option<TokenRecord>> {
        let now = Instant::now();
        let record = self
            .state()
            .tokens
            .get(lookup_key)
            .filter(|(_, until)| *until > now)
            .map(|(record, _)| record.clone());
        Box::pin(std::future::ready(Ok(record)))
    }
}
