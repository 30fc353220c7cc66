//! [`TokenFlow`]: getting a usable access token, the part every call starts with: the cached
//! token while it is fresh; otherwise the lease, and then either fetching a new token (the
//! token request retried as the policy says) or waiting for the caller who holds the lease.

use std::convert::Infallible;

use crate::OperationKind;
use crate::client::Client;
use crate::driver::action::{Action, Event, Tick};
use crate::driver::error::{ConfigError, Error};
use crate::driver::settings::{Deadline, Leg, Settings, decide};
use crate::driver::token::{Lease, LeaseOutcome, StoredToken, Waited};
use crate::retry::Decision;
use crate::time::Timestamp;

/// What a flow's turn produced.
pub(crate) enum TokenStep {
    /// Do this, then poll again.
    Act(Action<Infallible>),
    /// A usable token.
    Ready(StoredToken),
    /// No token can be had.
    Failed(Error),
}

/// Where the flow stands.
#[derive(Debug)]
enum State {
    Start,
    Reading,
    Leasing {
        stale: Option<StoredToken>,
    },
    Waiting,
    Fetch {
        lease: Lease,
        leg: Leg,
    },
    Signing {
        lease: Lease,
        leg: Leg,
        timestamp: Timestamp,
    },
    Sent {
        lease: Lease,
        leg: Leg,
    },
    Storing {
        lease: Lease,
    },
    Failing(Error),
    Over,
}

/// The machine.
#[derive(Debug)]
pub(crate) struct TokenFlow {
    state: State,
}

/// What every turn reads.
pub(crate) struct Turn<'a> {
    pub(crate) core: &'a Client,
    pub(crate) settings: &'a Settings,
    pub(crate) deadline: &'a Deadline,
    pub(crate) tick: &'a Tick,
    pub(crate) now: &'a Timestamp,
}

impl TokenFlow {
    pub(crate) fn new() -> Self {
        Self {
            state: State::Start,
        }
    }

    /// One turn: `event` answers the action of the last turn.
    pub(crate) fn poll(&mut self, turn: &Turn<'_>, mut event: Option<Event>) -> TokenStep {
        loop {
            let state = std::mem::replace(&mut self.state, State::Over);
            match (state, event.take()) {
                (State::Start, None) => {
                    self.state = State::Reading;
                    return TokenStep::Act(Action::ReadToken);
                }
                (State::Reading, Some(Event::Token(cached))) => {
                    let margin = turn.settings.token_refresh_margin_seconds;
                    match cached {
                        Some(fresh) if !fresh.token.refresh_due(turn.now, margin) => {
                            return TokenStep::Ready(fresh);
                        }
                        other => {
                            let stale = other.filter(|t| !t.token.needs_refresh(turn.now, 0));
                            self.state = State::Leasing { stale };
                            return TokenStep::Act(Action::AcquireLease);
                        }
                    }
                }
                (State::Leasing { .. }, Some(Event::Lease(LeaseOutcome::Granted(lease)))) => {
                    self.state = State::Fetch {
                        lease,
                        leg: Leg::new(OperationKind::Token),
                    };
                }
                (State::Leasing { stale }, Some(Event::Lease(LeaseOutcome::Busy { ticket }))) => {
                    if let Some(stale) = stale {
                        // Still valid, only inside the margin: serve it while another refreshes.
                        return TokenStep::Ready(stale);
                    }
                    let Some(timeout) = self.wait_time(turn) else {
                        return TokenStep::Failed(out_of_time());
                    };
                    self.state = State::Waiting;
                    return TokenStep::Act(Action::WaitForRefresh { ticket, timeout });
                }
                (State::Waiting, Some(Event::Waited(waited))) => match waited {
                    Waited::Refreshed(token) => return TokenStep::Ready(token),
                    Waited::Failed(message) => {
                        return TokenStep::Failed(Error::TokenUnavailable { message });
                    }
                    Waited::TimedOut => self.state = State::Start,
                },
                (State::Fetch { lease, leg }, None) => {
                    // Every attempt signs its own timestamp, the one its request then carries.
                    let timestamp = *turn.now;
                    let message = turn.core.token_string_to_sign(&timestamp);
                    self.state = State::Signing {
                        lease,
                        leg,
                        timestamp,
                    };
                    return TokenStep::Act(Action::SignToken { message });
                }
                (
                    State::Signing {
                        lease,
                        mut leg,
                        timestamp,
                    },
                    Some(Event::Signed(signed)),
                ) => {
                    let signature = match signed {
                        Ok(signature) => signature,
                        Err(error) => {
                            return self.fail(lease, Error::Config(ConfigError::PrivateKey(error)));
                        }
                    };
                    let prepared = match turn.core.prepare_token_signed(&timestamp, &signature) {
                        Ok(prepared) => prepared,
                        Err(error) => return self.fail(lease, Error::Api(error)),
                    };
                    leg.attempt = leg.attempt.saturating_add(1);
                    self.state = State::Sent { lease, leg };
                    return TokenStep::Act(Action::Send {
                        operation: prepared.operation(),
                        request: prepared.into_request(),
                        attempt: leg.attempt,
                        timeout: turn.deadline.remaining(turn.tick.unix_millis),
                    });
                }
                (State::Sent { lease, leg }, Some(Event::Response(response))) => {
                    match turn.core.parse_token(&response, *turn.now) {
                        Ok(token) => {
                            self.state = State::Storing { lease };
                            return TokenStep::Act(Action::StoreToken { lease, token });
                        }
                        Err(error) => return self.failed(turn, lease, leg, Error::Api(error)),
                    }
                }
                (State::Sent { lease, leg }, Some(Event::Failed(failure))) => {
                    return self.failed(turn, lease, leg, Error::transport("token", failure));
                }
                (State::Storing { .. }, Some(Event::Stored(token))) => {
                    return TokenStep::Ready(token);
                }
                (State::Failing(error), None) => return TokenStep::Failed(error),
                (state, _) => return TokenStep::Failed(misdriven(&state)),
            }
        }
    }

    /// How long to wait for another caller's refresh; `None` once the deadline has passed.
    fn wait_time(&self, turn: &Turn<'_>) -> Option<std::time::Duration> {
        let now_ms = turn.tick.unix_millis;
        if !turn.deadline.allows(now_ms, 0) {
            return None;
        }
        let wait = turn.settings.refresh_wait;
        Some(
            turn.deadline
                .remaining(now_ms)
                .map_or(wait, |left| left.min(wait)),
        )
    }

    /// A token attempt failed: retry it after a wait, or give up.
    fn failed(&mut self, turn: &Turn<'_>, lease: Lease, leg: Leg, error: Error) -> TokenStep {
        let Some(outcome) = error.outcome() else {
            return self.fail(lease, error);
        };
        match decide(turn.settings, turn.deadline, &leg, &outcome, turn.tick) {
            Decision::Retry { after_ms } => {
                self.state = State::Fetch { lease, leg };
                TokenStep::Act(Action::Sleep(std::time::Duration::from_millis(after_ms)))
            }
            _ => self.fail(lease, error),
        }
    }

    /// Gives the lease back with the failure for the waiters, then fails.
    fn fail(&mut self, lease: Lease, error: Error) -> TokenStep {
        let failure = error.to_string();
        self.state = State::Failing(error);
        TokenStep::Act(Action::ReleaseLease { lease, failure })
    }

    /// The lease this flow holds right now, if any: a loop that is dropped (a cancelled future)
    /// releases it so that other callers do not wait for a refresh that never finishes.
    pub(crate) fn held_lease(&self) -> Option<Lease> {
        match &self.state {
            State::Fetch { lease, .. }
            | State::Signing { lease, .. }
            | State::Sent { lease, .. }
            | State::Storing { lease } => Some(*lease),
            _ => None,
        }
    }
}

fn out_of_time() -> Error {
    Error::TokenUnavailable {
        message: "the call's deadline passed while another caller was fetching the token"
            .to_owned(),
    }
}

/// The error for an event that does not answer the action of `state`.
fn misdriven(state: &State) -> Error {
    let expected = match state {
        State::Start | State::Fetch { .. } | State::Failing(_) => "a poll without an event",
        State::Reading => "Event::Token",
        State::Signing { .. } => "Event::Signed",
        State::Leasing { .. } => "Event::Lease",
        State::Waiting => "Event::Waited",
        State::Sent { .. } => "Event::Response or Event::Failed",
        State::Storing { .. } => "Event::Stored",
        State::Over => "no more polls",
    };
    Error::Misdriven { expected }
}
