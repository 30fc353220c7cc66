//! Pure retry and token decisions: given what happened to an attempt, say whether to retry (and
//! after how long), refresh the token first, reconcile by a query, or give up. The adapter
//! sleeps and draws the jitter; this module only decides.
//!
//! Calls that create a transaction (QRIS generate, e-wallet payment, VA create, retail create,
//! payment link) are never blindly re-sent after an ambiguous failure: the decision is
//! [`Decision::ReconcileByQuery`], and [`reconcile`] then decides from the query's answer.
//!
//! ```
//! use ayolinx_proto::retry::{Decision, Outcome, RetryPolicy};
//! use ayolinx_proto::{OperationKind, ResponseCode};
//!
//! let policy = RetryPolicy::default();
//! let timeout = Outcome::Answered { http_status: 504, code: Some(ResponseCode::parse("5044700")?) };
//! let create = OperationKind::Create { queryable: true };
//! assert_eq!(policy.decide(create, &timeout, 1, 0), Decision::ReconcileByQuery);
//! assert_eq!(policy.decide(OperationKind::Query, &timeout, 1, 0), Decision::Retry { after_ms: 250 });
//!
//! let expired = Outcome::Answered { http_status: 401, code: Some(ResponseCode::parse("4014701")?) };
//! assert_eq!(policy.decide(create, &expired, 1, 0), Decision::RefreshTokenThenRetry);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use crate::api::QueryResponse;
use crate::client::ApiError;
use crate::code::SnapCase;
use crate::{OperationKind, ResponseCode, TransactionStatus};

/// What happened to one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The request certainly never reached Ayolinx (DNS failure, connection refused, TLS
    /// handshake failure).
    NotSent,
    /// The request may have reached Ayolinx but no answer came back (timeout, connection reset).
    NoAnswer,
    /// An HTTP answer, with its `responseCode` when the body was a SNAP answer
    /// (see [`ApiError::outcome`]).
    Answered {
        /// The HTTP status.
        http_status: u16,
        /// `responseCode`, when there was one.
        code: Option<ResponseCode>,
    },
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Send the same request again (fresh timestamp, signature and `X-EXTERNAL-ID`) after this
    /// many milliseconds.
    Retry {
        /// The delay, jitter included.
        after_ms: u64,
    },
    /// Get a new access token, then send the request again.
    RefreshTokenThenRetry,
    /// The create may have happened: query the transaction (see
    /// [`Reconcilable`](crate::api::Reconcilable)) and decide with [`reconcile`].
    ReconcileByQuery,
    /// Stop and report the error.
    GiveUp {
        /// Whether the call may still have taken effect (report "outcome unknown", not
        /// "failed").
        outcome_unknown: bool,
    },
}

/// Retry limits and backoff: the delay before retry `n` is `base × 2^(n-1)`, capped at the
/// maximum, half of it fixed and half jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// The most attempts of one request, the first included.
    pub max_attempts: u32,
    /// The delay before the first retry, before jitter.
    pub base_delay_ms: u64,
    /// The longest delay.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    /// Three attempts, 500 ms then 1 s, at most 8 s.
    fn default() -> Self {
        Self::new(3, 500, 8_000)
    }
}

/// How an outcome looks from the retry side.
enum Class {
    /// Success: nothing to retry.
    Done,
    /// Certainly not processed, and a later attempt may succeed.
    Safe,
    /// The token was refused.
    Token,
    /// The request may have been processed.
    Ambiguous,
    /// The transaction already exists (a duplicate of an earlier attempt).
    Exists,
    /// Retrying cannot help.
    Final,
}

fn classify(kind: OperationKind, outcome: &Outcome) -> Class {
    let not_token = kind != OperationKind::Token;
    match outcome {
        Outcome::NotSent => Class::Safe,
        Outcome::NoAnswer => Class::Ambiguous,
        Outcome::Answered { http_status, code } => {
            let status = *http_status;
            if let Some(code) = code {
                if code.is_success() && (200..300).contains(&status) {
                    return Class::Done;
                }
                match code.snap_case() {
                    Some(
                        SnapCase::InvalidToken | SnapCase::TokenNotFound | SnapCase::Unauthorized,
                    ) if not_token => {
                        return Class::Token;
                    }
                    Some(SnapCase::Conflict | SnapCase::DuplicatePartnerReferenceNo) => {
                        return Class::Exists;
                    }
                    Some(SnapCase::TooManyRequests) => return Class::Safe,
                    _ => {}
                }
                if matches!(code.http_status(), Some(202 | 500..=599)) {
                    return Class::Ambiguous;
                }
            }
            match status {
                401 if not_token => Class::Token,
                408 | 429 => Class::Safe,
                500..=599 => Class::Ambiguous,
                // A 2xx or 3xx answer that is not a success answer: unreadable.
                _ if code.is_none() && status < 400 => Class::Ambiguous,
                _ => Class::Final,
            }
        }
    }
}

impl RetryPolicy {
    /// A policy. `max_attempts` of 0 counts as 1.
    pub fn new(max_attempts: u32, base_delay_ms: u64, max_delay_ms: u64) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            base_delay_ms,
            max_delay_ms,
        }
    }

    /// The delay before the retry that follows attempt `attempt` (1-based): half fixed, half
    /// `random` (any `u64` from the adapter's RNG) spread over the other half.
    ///
    /// ```
    /// use ayolinx_proto::retry::RetryPolicy;
    /// let policy = RetryPolicy::new(5, 500, 8_000);
    /// assert_eq!(policy.delay_ms(1, 0), 250);
    /// assert_eq!(policy.delay_ms(2, u64::MAX), 500 + u64::MAX % 501);
    /// assert!(policy.delay_ms(30, 7) <= 8_000);
    /// ```
    pub fn delay_ms(&self, attempt: u32, random: u64) -> u64 {
        let exponent = attempt.saturating_sub(1).min(63);
        let full = self
            .base_delay_ms
            .saturating_mul(1u64 << exponent)
            .min(self.max_delay_ms);
        let half = full / 2;
        let spread = full - half;
        half + random % spread.saturating_add(1)
    }

    /// What to do after attempt `attempt` (1-based) of a call of `kind` ended with `outcome`.
    /// `random` is any `u64` from the adapter's RNG, used for the jitter only.
    ///
    /// - Never sent, `429`, `408`: retry while attempts remain.
    /// - Token refused (`401xx01`, `401xx03`, any 401 on a call other than the token request):
    ///   refresh the token and retry, while attempts remain.
    /// - Ambiguous (no answer, `202xx00`, `5xx`, an unreadable 2xx): a queryable create is
    ///   reconciled by a query; a payment link (no query) gives up with the outcome unknown;
    ///   queries, cancels and token requests are retried.
    /// - Duplicate (`409xx00`, `409xx01`) on a create: reconcile by a query (an earlier attempt
    ///   got through).
    /// - Anything else, or a success answer: give up (there is nothing to retry).
    pub fn decide(
        &self,
        kind: OperationKind,
        outcome: &Outcome,
        attempt: u32,
        random: u64,
    ) -> Decision {
        let attempts_left = attempt < self.max_attempts;
        let create = match kind {
            OperationKind::Create { queryable } => Some(queryable),
            _ => None,
        };
        let retry = |outcome_unknown: bool| {
            if attempts_left {
                Decision::Retry {
                    after_ms: self.delay_ms(attempt, random),
                }
            } else {
                Decision::GiveUp { outcome_unknown }
            }
        };
        match classify(kind, outcome) {
            Class::Done | Class::Final => Decision::GiveUp {
                outcome_unknown: false,
            },
            Class::Safe => retry(false),
            Class::Token if attempts_left => Decision::RefreshTokenThenRetry,
            Class::Token => Decision::GiveUp {
                outcome_unknown: false,
            },
            Class::Exists => match create {
                Some(true) => Decision::ReconcileByQuery,
                Some(false) => Decision::GiveUp {
                    outcome_unknown: true,
                },
                None => Decision::GiveUp {
                    outcome_unknown: false,
                },
            },
            Class::Ambiguous => match create {
                Some(true) => Decision::ReconcileByQuery,
                Some(false) => Decision::GiveUp {
                    outcome_unknown: true,
                },
                None => retry(kind == OperationKind::Cancel),
            },
        }
    }
}

/// What a reconciliation query found.
#[derive(Debug)]
#[non_exhaustive]
pub enum Reconciliation<R> {
    /// The transaction exists: here is its status answer.
    Found(R),
    /// The transaction provably does not exist (`404xx01`, or status `07`): send the create
    /// again with a fresh `X-EXTERNAL-ID`.
    ResendWithNewExternalId,
    /// Still unknown: give up and report it.
    Unknown(OutcomeUnknown),
}

/// Decides from the answer to a reconciliation query for `partner_reference_no`.
///
/// ```
/// use ayolinx_proto::api::common::TransactionStatusResponse;
/// use ayolinx_proto::retry::{reconcile, Reconciliation};
///
/// let answer: TransactionStatusResponse = serde_json::from_str(
///     r#"{"responseCode":"2005100","responseMessage":"Successful","latestTransactionStatus":"07"}"#,
/// )?;
/// assert!(matches!(reconcile("ORD-1", Ok(answer)), Reconciliation::ResendWithNewExternalId));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn reconcile<R: QueryResponse>(
    partner_reference_no: &str,
    query: Result<R, ApiError>,
) -> Reconciliation<R> {
    match query {
        Ok(found) => match found.latest_transaction_status() {
            Some(TransactionStatus::NotFound) => Reconciliation::ResendWithNewExternalId,
            _ => Reconciliation::Found(found),
        },
        Err(error)
            if error.response_code().and_then(ResponseCode::snap_case)
                == Some(SnapCase::TransactionNotFound) =>
        {
            Reconciliation::ResendWithNewExternalId
        }
        Err(error) => Reconciliation::Unknown(OutcomeUnknown {
            partner_reference_no: partner_reference_no.to_owned(),
            query_error: Some(error),
        }),
    }
}

/// A create whose outcome could not be established: it may or may not have happened.
#[derive(Debug)]
#[non_exhaustive]
pub struct OutcomeUnknown {
    /// The merchant's reference of the transaction, to look up later.
    pub partner_reference_no: String,
    /// Why the reconciliation query did not settle it.
    pub query_error: Option<ApiError>,
}

impl OutcomeUnknown {
    /// An unknown outcome for a reference, with no query error (e.g. a payment link, which
    /// cannot be queried).
    pub fn new(partner_reference_no: impl Into<String>) -> Self {
        Self {
            partner_reference_no: partner_reference_no.into(),
            query_error: None,
        }
    }
}

impl fmt::Display for OutcomeUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the outcome of the transaction with partnerReferenceNo {:?} is unknown: do not create it again; query it later or check the merchant portal",
            self.partner_reference_no
        )?;
        if let Some(error) = &self.query_error {
            write!(f, " (the query failed: {error})")?;
        }
        Ok(())
    }
}

impl std::error::Error for OutcomeUnknown {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.query_error
            .as_ref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}
