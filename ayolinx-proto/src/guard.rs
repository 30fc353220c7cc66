//! The payment guard: what a **verified** notification means for one order.
//!
//! A genuine signature says that Ayolinx sent the bytes, not that this merchant should ship the
//! goods. The scheme C string to sign names no merchant, so a callback genuinely sent to another
//! merchant (who created a transaction with the same order id and paid it) verifies here too;
//! a genuine callback may also claim another amount, arrive after the order expired or was
//! cancelled, or announce a failure after a success. Only the order's own facts stop these:
//! [`ExpectedPayment`] holds them, and [`ExpectedPayment::classify`] names the outcome
//! ([`Verdict`]), with the field at fault for every [`Refusal`].
//!
//! The checks, in order: the references (Ayolinx's `originalReferenceNo` when the merchant kept
//! the one returned at create, and the merchant's own order id whenever the notification carries
//! it); the currency and the amount, compared exactly (`"15000"` equals `"15000.00"`), whatever
//! the status; then the status against what the merchant recorded so far ([`Recorded`]) and, for
//! a success, the expiry.
//!
//! ```
//! use ayolinx_proto::callback::Notification;
//! use ayolinx_proto::guard::{ExpectedPayment, Recorded, Refusal, Verdict};
//! use ayolinx_proto::{Amount, Money, Timestamp};
//!
//! let now = Timestamp::from_unix(1_726_120_500)?;
//! let order = ExpectedPayment::new("ORD-1", Money::idr(Amount::from_rupiah(20_000)?))
//!     .reference_no("AYO-REF-1");
//!
//! let paid = Notification::from_json_bytes(br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"20000"}}"#)?;
//! assert_eq!(order.classify(&paid, Recorded::Open, now), Verdict::Fulfil);
//! assert_eq!(order.classify(&paid, Recorded::Fulfilled, now), Verdict::AlreadyFulfilled);
//!
//! let underpaid = Notification::from_json_bytes(br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"1.00"}}"#)?;
//! let verdict = order.classify(&underpaid, Recorded::Open, now);
//! assert!(matches!(verdict, Verdict::Refused(Refusal::OtherAmount { .. })));
//! assert_eq!(verdict.to_string(), "refused: amount.value is 1.00, expected 20000.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use crate::callback::{Notification, is_blank};
use crate::{Amount, Currency, Money, Timestamp, TransactionStatus};

/// What the merchant expects of one order: its own reference (the `partnerReferenceNo` it sent
/// at create), Ayolinx's reference when the create answer carried one, the amount and currency,
/// and the expiry.
///
/// Keep Ayolinx's reference whenever you have it: it is the only fact that tells a replay of
/// another merchant's genuine callback for the same order id and amount from this order's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedPayment {
    partner_reference_no: String,
    reference_no: Option<String>,
    amount: Money,
    expires_at: Option<Timestamp>,
}

impl ExpectedPayment {
    /// An order with the merchant's reference and the money asked for; no Ayolinx reference and
    /// no expiry yet.
    pub fn new(partner_reference_no: impl Into<String>, amount: Money) -> Self {
        Self {
            partner_reference_no: partner_reference_no.into(),
            reference_no: None,
            amount,
            expires_at: None,
        }
    }

    /// The reference Ayolinx returned at create (its `referenceNo`), which every notification
    /// of this order must carry as `originalReferenceNo`.
    pub fn reference_no(mut self, reference_no: impl Into<String>) -> Self {
        self.reference_no = Some(reference_no.into());
        self
    }

    /// When the order expires (the `validUpTo` sent, or the `expiredDate` returned): a success
    /// paid later is refused.
    pub fn expires_at(mut self, expires_at: Timestamp) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// The merchant's reference (its order id), by which a notification finds its order.
    pub fn partner_reference_no(&self) -> &str {
        &self.partner_reference_no
    }

    /// Classifies a verified notification of this order, given what the merchant recorded so
    /// far. `now` stands in for the payment time of a success without a readable `finishedTime`.
    pub fn classify(
        &self,
        notification: &Notification,
        recorded: Recorded,
        now: Timestamp,
    ) -> Verdict {
        match self.refusal(notification, recorded, now) {
            Some(refusal) => Verdict::Refused(refusal),
            None => settle(notification.status(), recorded),
        }
    }

    /// The first fact of `notification` that contradicts this order, if any.
    fn refusal(
        &self,
        notification: &Notification,
        recorded: Recorded,
        now: Timestamp,
    ) -> Option<Refusal> {
        let status = notification.status();
        self.reference_refusal(notification)
            .or_else(|| self.money_refusal(notification.amount(), status.is_paid()))
            .or_else(|| match (&status, recorded) {
                (TransactionStatus::Success, Recorded::Open) => {
                    self.expiry_refusal(notification, now)
                }
                (TransactionStatus::Success, Recorded::Fulfilled) => None,
                (TransactionStatus::Success, closed) => {
                    Some(Refusal::SuccessAfterClose { recorded: closed })
                }
                (status, Recorded::Fulfilled) if !status_may_follow_success(status) => {
                    Some(Refusal::ChangeAfterSuccess {
                        status: status.clone(),
                    })
                }
                _ => None,
            })
    }

    fn reference_refusal(&self, notification: &Notification) -> Option<Refusal> {
        let other = |field, expected: &str, received: Option<&str>| Refusal::OtherReference {
            field,
            expected: expected.to_owned(),
            received: received.map(str::to_owned),
        };
        let ayolinx = notification.original_reference_no();
        if let Some(expected) = &self.reference_no
            && ayolinx != Some(expected.as_str())
        {
            return Some(other("originalReferenceNo", expected, ayolinx));
        }
        // A blank reference is passed over, as the notification's own reference passes it over.
        let named = |reference: &&str| !is_blank(reference);
        let (field, merchant) = match (
            notification.original_partner_reference_no().filter(named),
            notification.partner_reference_no().filter(named),
        ) {
            (Some(reference), _) => ("originalPartnerReferenceNo", Some(reference)),
            (None, Some(reference)) => ("partnerReferenceNo", Some(reference)),
            (None, None) => ("originalPartnerReferenceNo", None),
        };
        match merchant {
            Some(reference) if reference == self.partner_reference_no => None,
            // Nothing but Ayolinx's reference names the order: enough when it was checked.
            None if self.reference_no.is_some() => None,
            received => Some(other(field, &self.partner_reference_no, received)),
        }
    }

    /// A success must carry the money asked for; any other status is checked when it carries
    /// money at all.
    fn money_refusal(&self, money: Option<&Money>, paid: bool) -> Option<Refusal> {
        let Some(money) = money else {
            return paid.then_some(Refusal::MissingAmount {
                expected: self.amount.value,
            });
        };
        if money.currency != self.amount.currency {
            Some(Refusal::OtherCurrency {
                expected: self.amount.currency.clone(),
                received: money.currency.clone(),
            })
        } else if money.value != self.amount.value {
            Some(Refusal::OtherAmount {
                expected: self.amount.value,
                received: money.value,
            })
        } else {
            None
        }
    }

    fn expiry_refusal(&self, notification: &Notification, now: Timestamp) -> Option<Refusal> {
        let expires_at = self.expires_at?;
        let paid_at = notification
            .finished_time()
            .and_then(|time| time.timestamp())
            .unwrap_or(now);
        (paid_at.seconds_since(&expires_at) > 0).then_some(Refusal::SuccessAfterExpiry {
            expires_at,
            paid_at,
        })
    }
}

/// A status that may arrive after a success without contradicting it: the earlier, non-final
/// steps (`01`, `02`, `03`) delivered late.
fn status_may_follow_success(status: &TransactionStatus) -> bool {
    matches!(
        status,
        TransactionStatus::Success
            | TransactionStatus::Initiated
            | TransactionStatus::Paying
            | TransactionStatus::Pending
    )
}

/// The verdict on a notification that contradicts nothing.
fn settle(status: TransactionStatus, recorded: Recorded) -> Verdict {
    match (status, recorded) {
        (TransactionStatus::Success, Recorded::Fulfilled) => Verdict::AlreadyFulfilled,
        (TransactionStatus::Success, _) => Verdict::Fulfil,
        (status, Recorded::Fulfilled) => Verdict::OutOfOrder { status },
        (status, _) => Verdict::NotPaid { status },
    }
}

/// What the merchant has recorded for the order so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Recorded {
    /// Nothing final: the order waits for its payment.
    Open,
    /// The order was paid and fulfilled.
    Fulfilled,
    /// The order was cancelled (by the merchant, or on a cancel notification).
    Cancelled,
    /// The order expired.
    Expired,
    /// The payment failed (a failure notification was recorded).
    Failed,
}

impl Recorded {
    /// The name used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Fulfilled => "fulfilled",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::Failed => "failed",
        }
    }
}

/// What a verified notification means for the order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// Paid as expected: fulfil the order (once: record it as fulfilled in the same step).
    Fulfil,
    /// A success for an order already fulfilled (a retry or a duplicate): nothing to do.
    AlreadyFulfilled,
    /// Not a success: record the status (a cancel or failure closes an open order).
    NotPaid {
        /// The notification's status.
        status: TransactionStatus,
    },
    /// An earlier step (`01`, `02`, `03`) delivered after the success: nothing to do.
    OutOfOrder {
        /// The notification's status.
        status: TransactionStatus,
    },
    /// The notification contradicts the order: fulfil nothing, change nothing, and have a
    /// person look at it.
    Refused(Refusal),
}

impl Verdict {
    /// Whether the order should be fulfilled now.
    pub fn is_fulfil(&self) -> bool {
        matches!(self, Self::Fulfil)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fulfil => f.write_str("fulfil"),
            Self::AlreadyFulfilled => f.write_str("already fulfilled"),
            Self::NotPaid { status } => write!(f, "not paid (status {status})"),
            Self::OutOfOrder { status } => {
                write!(f, "out of order (status {status} after the success)")
            }
            Self::Refused(refusal) => write!(f, "refused: {refusal}"),
        }
    }
}

/// Why a genuine notification is not this order's, or contradicts what was recorded. Each
/// names the field at fault ([`field`](Refusal::field)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// Another reference: the notification is about another transaction (for example another
    /// merchant's, replayed here).
    OtherReference {
        /// `originalReferenceNo`, `originalPartnerReferenceNo` or `partnerReferenceNo`.
        field: &'static str,
        /// The order's.
        expected: String,
        /// The notification's; `None` when absent.
        received: Option<String>,
    },
    /// Another currency.
    OtherCurrency {
        /// The order's.
        expected: Currency,
        /// The notification's.
        received: Currency,
    },
    /// Another amount (compared exactly).
    OtherAmount {
        /// The order's.
        expected: Amount,
        /// The notification's.
        received: Amount,
    },
    /// A success that carries no amount.
    MissingAmount {
        /// The order's.
        expected: Amount,
    },
    /// A success paid after the order expired.
    SuccessAfterExpiry {
        /// When the order expired.
        expires_at: Timestamp,
        /// `finishedTime`, or the `now` given when it is absent or unreadable.
        paid_at: Timestamp,
    },
    /// A success for an order recorded as cancelled, expired or failed.
    SuccessAfterClose {
        /// What was recorded.
        recorded: Recorded,
    },
    /// A final status other than success (refunded, canceled, failed, not found, or a code
    /// this crate does not know) after the order was fulfilled.
    ChangeAfterSuccess {
        /// The notification's status.
        status: TransactionStatus,
    },
}

impl Refusal {
    /// The notification field at fault, as named on the wire.
    pub fn field(&self) -> &'static str {
        match self {
            Self::OtherReference { field, .. } => field,
            Self::OtherCurrency { .. } => "amount.currency",
            Self::OtherAmount { .. } | Self::MissingAmount { .. } => "amount.value",
            Self::SuccessAfterExpiry { .. } => "finishedTime",
            Self::SuccessAfterClose { .. } | Self::ChangeAfterSuccess { .. } => {
                "latestTransactionStatus"
            }
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field();
        match self {
            Self::OtherReference {
                expected, received, ..
            } => match received {
                Some(received) => write!(f, "{field} is {received:?}, expected {expected:?}"),
                None => write!(f, "{field} is absent, expected {expected:?}"),
            },
            Self::OtherCurrency { expected, received } => {
                write!(f, "{field} is {received}, expected {expected}")
            }
            Self::OtherAmount { expected, received } => {
                write!(f, "{field} is {received}, expected {expected}")
            }
            Self::MissingAmount { expected } => {
                write!(f, "{field} is absent from a success, expected {expected}")
            }
            Self::SuccessAfterExpiry {
                expires_at,
                paid_at,
            } => write!(f, "{field} {paid_at} is after the expiry {expires_at}"),
            Self::SuccessAfterClose { recorded } => write!(
                f,
                "{field} is 00 (success) for an order recorded as {}",
                recorded.as_str()
            ),
            Self::ChangeAfterSuccess { status } => {
                write!(f, "{field} is {status} after the order was fulfilled")
            }
        }
    }
}
