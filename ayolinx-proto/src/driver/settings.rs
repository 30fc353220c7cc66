//! [`Settings`]: the limits a driver runs a call within, and the deadline's bookkeeping.

use std::time::Duration;

use crate::OperationKind;
use crate::driver::action::Tick;
use crate::retry::{Decision, Outcome, RetryPolicy};

/// How a driver runs a call: the retry policy, when to refresh the token, the overall deadline.
///
/// ```
/// use std::time::Duration;
/// use ayolinx_proto::driver::Settings;
/// use ayolinx_proto::retry::RetryPolicy;
///
/// let settings = Settings::default()
///     .with_policy(RetryPolicy::new(5, 200, 2_000))
///     .with_deadline(Some(Duration::from_secs(20)));
/// assert_eq!(settings.token_refresh_margin_seconds, 60);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// How many attempts, and how long between them.
    pub policy: RetryPolicy,
    /// Refresh the token once fewer than this many seconds of its lifetime remain.
    pub token_refresh_margin_seconds: u64,
    /// The longest a whole call may take, retries, waits and reconciliation included; `None`
    /// for no limit beyond the retry policy.
    pub deadline: Option<Duration>,
    /// The longest one wait for another caller's token refresh.
    pub refresh_wait: Duration,
}

impl Default for Settings {
    /// [`RetryPolicy::default`], a 60 s refresh margin, no deadline, 30 s refresh waits.
    fn default() -> Self {
        Self {
            policy: RetryPolicy::default(),
            token_refresh_margin_seconds: 60,
            deadline: None,
            refresh_wait: Duration::from_secs(30),
        }
    }
}

impl Settings {
    /// With another retry policy.
    #[must_use]
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// With another refresh margin.
    #[must_use]
    pub fn with_token_refresh_margin_seconds(mut self, seconds: u64) -> Self {
        self.token_refresh_margin_seconds = seconds;
        self
    }

    /// With an overall deadline (or none).
    #[must_use]
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// With another longest wait for a refresh.
    #[must_use]
    pub fn with_refresh_wait(mut self, wait: Duration) -> Self {
        self.refresh_wait = wait;
        self
    }
}

/// One request's attempts: its kind, how many were sent, whether its token was refreshed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Leg {
    pub(crate) kind: OperationKind,
    pub(crate) attempt: u32,
    pub(crate) refreshed: bool,
}

impl Leg {
    pub(crate) fn new(kind: OperationKind) -> Self {
        Self {
            kind,
            attempt: 0,
            refreshed: false,
        }
    }
}

/// The overall deadline, counted from the first poll.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    limit_ms: Option<u64>,
    started_ms: Option<i64>,
}

impl Deadline {
    pub(crate) fn new(limit: Option<Duration>) -> Self {
        Self {
            limit_ms: limit.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            started_ms: None,
        }
    }

    pub(crate) fn start(&mut self, now_ms: i64) {
        self.started_ms.get_or_insert(now_ms);
    }

    fn elapsed_ms(&self, now_ms: i64) -> u64 {
        let started = self.started_ms.unwrap_or(now_ms);
        u64::try_from(now_ms.saturating_sub(started)).unwrap_or(0)
    }

    /// What remains, if there is a deadline.
    pub(crate) fn remaining(&self, now_ms: i64) -> Option<Duration> {
        self.limit_ms
            .map(|limit| Duration::from_millis(limit.saturating_sub(self.elapsed_ms(now_ms))))
    }

    /// Whether waiting `delay_ms` more stays within the deadline.
    pub(crate) fn allows(&self, now_ms: i64, delay_ms: u64) -> bool {
        self.limit_ms
            .is_none_or(|limit| self.elapsed_ms(now_ms).saturating_add(delay_ms) < limit)
    }
}

/// The policy's decision for `leg` after `outcome`, a retry that would overrun the deadline
/// counting as the last attempt.
pub(crate) fn decide(
    settings: &Settings,
    deadline: &Deadline,
    leg: &Leg,
    outcome: &Outcome,
    tick: &Tick,
) -> Decision {
    let policy = &settings.policy;
    match policy.decide(leg.kind, outcome, leg.attempt, tick.random_u64()) {
        Decision::Retry { after_ms } if !deadline.allows(tick.unix_millis, after_ms) => {
            policy.decide(leg.kind, outcome, policy.max_attempts, 0)
        }
        decision => decision,
    }
}
