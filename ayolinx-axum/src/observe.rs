//! [`Exchange`]: what the router did with one request, for the observer given to
//! [`Merchant::on_exchange`](crate::Merchant::on_exchange) (logs, metrics, `ayolinx listen`).

use std::fmt::Display;

use ayolinx_proto::Timestamp;
use ayolinx_proto::callback::{Acknowledgement, Notification, VaPayment};

use crate::delivery::Delivery;
use crate::response::SnapResponse;

/// One request and its answer, given to the observer once the answer is decided (after the
/// merchant's handler and the ledger record). Secrets: the answer's body when the outcome is
/// [`Outcome::TokenIssued`], and a VA payment's `Authorization` header.
#[derive(Debug)]
#[non_exhaustive]
pub struct Exchange<'a> {
    /// The request: method, original target, headers, body, and the handler's note.
    pub delivery: &'a Delivery,
    /// What the router made of it.
    pub outcome: &'a Outcome,
    /// The answer sent back.
    pub answer: &'a SnapResponse,
}

/// What the router made of a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// Not genuine, or not a request this route takes: the SNAP refusal was answered.
    Refused {
        /// Why, as the core says it.
        reason: String,
    },
    /// A verified notification (scheme C).
    Notification {
        /// The notification.
        notification: Notification,
        /// Its `X-TIMESTAMP`.
        timestamp: String,
        /// What became of it.
        handling: Handling,
    },
    /// A verified SNAP VA payment (scheme D).
    VaPayment {
        /// The payment.
        payment: VaPayment,
        /// What became of it.
        handling: Handling,
    },
    /// An access token was issued to Ayolinx (scheme D) and kept in the issued-token store.
    TokenIssued {
        /// When it expires.
        expires_at: Timestamp,
    },
    /// A genuine request that could not be served now (the clock, the random source or the
    /// issued-token store failed): a retryable 5xx was answered.
    Unavailable {
        /// What failed.
        reason: &'static str,
    },
}

/// What became of a verified payload under the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Handling {
    /// Claimed here; the merchant's handler succeeded: acknowledged and recorded.
    Processed,
    /// Claimed here; the handler failed (or panicked): the claim was released, a 5xx answered.
    Failed,
    /// Processed before: the recorded acknowledgement was answered, the handler not run.
    Replayed,
    /// Another delivery holds the claim and has not finished: a 5xx was answered.
    InProgress,
    /// The ledger could not be reached: a 5xx was answered.
    LedgerUnavailable,
}

/// The reason of an [`Outcome::Unavailable`] for a clock out of range.
pub(crate) const NO_CLOCK: &str = "the clock is outside the years a timestamp holds";

/// A request the core refused: its SNAP answer, and why.
pub(crate) fn refused(answer: Acknowledgement, reason: &dyn Display) -> (SnapResponse, Outcome) {
    (
        answer.into(),
        Outcome::Refused {
            reason: reason.to_string(),
        },
    )
}

/// A genuine request that cannot be served now: `answer` (a 5xx), and what failed.
pub(crate) fn unavailable(answer: SnapResponse, reason: &'static str) -> (SnapResponse, Outcome) {
    (answer, Outcome::Unavailable { reason })
}
