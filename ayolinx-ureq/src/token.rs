//! The access-token cache: shared by every clone and thread of a client, refreshed a margin
//! before expiry, single-flight (however many threads find it stale, one of them fetches and
//! the others wait for that one answer).

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use ayolinx_proto::Timestamp;
use ayolinx_proto::api::token::AccessToken;

use crate::error::Error;

/// A token and the number of the refresh that produced it, so that a refusal of an old token
/// does not throw away a newer one.
#[derive(Debug, Clone)]
pub(crate) struct CachedToken {
    pub(crate) token: AccessToken,
    pub(crate) generation: u64,
}

#[derive(Debug, Default)]
struct State {
    current: Option<CachedToken>,
    /// Whether a thread is fetching a token right now.
    refreshing: bool,
    /// How many refreshes have finished (successfully or not).
    finished: u64,
    /// The message of the last failed refresh, with its number.
    last_failure: Option<(u64, String)>,
}

/// The cache.
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    state: Mutex<State>,
    refreshed: Condvar,
}

/// Marks the refresh failed if the fetching thread unwinds before finishing it, so waiters
/// never hang.
struct UnwindGuard<'a> {
    cache: Option<&'a TokenCache>,
}

impl Drop for UnwindGuard<'_> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            cache.finish(Err("the refresh was interrupted".to_owned()));
        }
    }
}

impl TokenCache {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A token good for a request at `now`: the cached one while more than `margin_seconds`
    /// remain; otherwise one fresh token fetched by exactly one caller with `fetch`.
    ///
    /// While a refresh is in flight, callers whose cached token has not yet expired (it is only
    /// inside the margin) use it without waiting; callers with no usable token wait for the
    /// refresh and share its result, failure included.
    pub(crate) fn get(
        &self,
        now: &Timestamp,
        margin_seconds: u64,
        fetch: impl FnOnce() -> Result<AccessToken, Error>,
    ) -> Result<CachedToken, Error> {
        let mut state = self.lock();
        let mut waited_for = None;
        loop {
            let refreshed_since = |generation: u64| waited_for.is_some_and(|w| generation > w);
            if let Some(cached) = &state.current {
                let usable = !cached.token.needs_refresh(now, 0);
                if !cached.token.refresh_due(now, margin_seconds)
                    || (usable && (state.refreshing || refreshed_since(cached.generation)))
                {
                    return Ok(cached.clone());
                }
            }
            if let Some((failed, message)) = &state.last_failure
                && refreshed_since(*failed)
            {
                return Err(Error::TokenUnavailable {
                    message: message.clone(),
                });
            }
            if !state.refreshing {
                break;
            }
            waited_for = Some(state.finished);
            state = self
                .refreshed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.refreshing = true;
        drop(state);
        let mut guard = UnwindGuard { cache: Some(self) };
        let result = fetch();
        guard.cache = None;
        match result {
            Ok(token) => {
                let generation = self.finish(Ok(token.clone()));
                Ok(CachedToken { token, generation })
            }
            Err(error) => {
                self.finish(Err(error.to_string()));
                Err(error)
            }
        }
    }

    /// Ends the refresh in flight, stores its outcome and wakes the waiters; returns the
    /// refresh's number.
    fn finish(&self, outcome: Result<AccessToken, String>) -> u64 {
        let mut state = self.lock();
        state.refreshing = false;
        state.finished += 1;
        let generation = state.finished;
        match outcome {
            Ok(token) => state.current = Some(CachedToken { token, generation }),
            Err(message) => state.last_failure = Some((generation, message)),
        }
        drop(state);
        self.refreshed.notify_all();
        generation
    }

    /// Drops the cached token if it is still the one of `generation` (it was refused), so the
    /// next call fetches a new one. A newer token, fetched meanwhile, is kept.
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut state = self.lock();
        if state
            .current
            .as_ref()
            .is_some_and(|cached| cached.generation == generation)
        {
            state.current = None;
        }
    }
}
