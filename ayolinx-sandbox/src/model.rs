//! What the sandbox records: [`Transaction`]s and [`CallbackDelivery`] attempts, as served by
//! `GET /sandbox/v1/transactions` and `GET /sandbox/v1/callbacks`.

use std::fmt;

use ayolinx_proto::{Money, TransactionStatus};
use serde::{Deserialize, Serialize};

/// A fieldless enum written on the wire as a lowercase word, comparable with `&str`.
macro_rules! word_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant,)*
        }

        impl $name {
            /// The word written on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

word_enum! {
    /// Where a sandbox transaction stands. Compares with the words: `state == "paid"`.
    ///
    /// ```
    /// use ayolinx_sandbox::TransactionState;
    /// assert_eq!(TransactionState::Paid, "paid");
    /// assert_eq!(serde_json::to_string(&TransactionState::Cancelled)?, r#""cancelled""#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum TransactionState {
        /// Created, waiting for payment.
        Created = "created",
        /// Paid; its callbacks have been started.
        Paid = "paid",
        /// Voided before payment (QRIS cancel).
        Cancelled = "cancelled",
        /// Not paid before its `validUpTo` (or expiry date), or expired by a control call.
        Expired = "expired",
        /// The payment failed (a control call: `fail`).
        Failed = "failed",
    }
}

impl TransactionState {
    /// The `latestTransactionStatus` the sandbox reports for this state: `00` paid, `01`
    /// created (Initiated), `05` cancelled, `06` failed, and `06` expired (Ayolinx's table has
    /// no "expired"; the sandbox reports Failed with `transactionStatusDesc` `EXPIRED`).
    pub fn latest_transaction_status(self) -> TransactionStatus {
        match self {
            Self::Created => TransactionStatus::Initiated,
            Self::Paid => TransactionStatus::Success,
            Self::Cancelled => TransactionStatus::Canceled,
            Self::Expired | Self::Failed => TransactionStatus::Failed,
        }
    }

    /// The `transactionStatusDesc` the sandbox reports for this state.
    pub fn status_desc(self) -> &'static str {
        match self {
            Self::Created => "INITIATED",
            Self::Paid => "SUCCESS",
            Self::Cancelled => "CANCELED",
            Self::Expired => "EXPIRED",
            Self::Failed => "FAILED",
        }
    }
}

word_enum! {
    /// What a callback delivery was.
    pub enum CallbackKind {
        /// A signed notification (scheme C): QRIS, e-wallet, retail, payment link, non-SNAP VA.
        Notification = "notification",
        /// The SNAP VA flow's call to the merchant's access-token endpoint (scheme D).
        VaToken = "va_token",
        /// The SNAP VA flow's payment notice, with the merchant's bearer token (scheme D).
        VaPayment = "va_payment",
    }
}

/// One transaction as the sandbox holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Transaction {
    /// The merchant's reference (`partnerReferenceNo`, or `trxId` for a VA).
    pub partner_reference_no: String,
    /// The operation that created it, e.g. `qris.generate`.
    pub operation: String,
    /// The channel code, e.g. `BNC_QRIS`.
    pub channel: String,
    /// The amount to pay.
    pub amount: Money,
    /// Where it stands.
    pub status: TransactionState,
    /// The sandbox's own reference (`originalReferenceNo` in queries and callbacks).
    pub reference_no: String,
    /// The VA number (VA) or pay code (retail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub va_number: Option<String>,
    /// The EMVCo QRIS payload (QRIS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_content: Option<String>,
    /// The sandbox's checkout page (e-wallet, retail, payment link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_url: Option<String>,
    /// The payment-link id (payment link), also sent as `additionalInfo.plh` in its callback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_link_id: Option<String>,
    /// The request's `NOTIFICATION` URL, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<String>,
    /// The request's `PAY_RETURN` URL, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_return_url: Option<String>,
    /// When it was created (ISO-8601, `+07:00`).
    pub created_at: String,
    /// When it expires, unpaid (ISO-8601, `+07:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// When it was paid, cancelled or failed (ISO-8601, `+07:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// The amount its success callback claimed, when a control call made it differ from
    /// `amount` (an underpayment); kept after a later failure or cancel, whose callbacks carry
    /// `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_amount: Option<Money>,
}

/// One attempt to deliver a callback to the merchant, whatever its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CallbackDelivery {
    /// The transaction the callback is about.
    pub partner_reference_no: String,
    /// Where it was sent.
    pub url: String,
    /// 1 for the first delivery, 2 to 5 for the retries (after 1, 5, 10 and 60 minutes, scaled
    /// by the time factor).
    pub attempt: u32,
    /// What was sent.
    pub kind: CallbackKind,
    /// The merchant's HTTP status, if an answer came back.
    pub http_status: Option<u16>,
    /// Whether the merchant acknowledged it: a 2xx answer with a JSON body (and, for the VA
    /// token call, an `accessToken`). Unacknowledged callbacks are retried.
    pub acknowledged: bool,
    /// The transport failure, when no answer came back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The `X-TIMESTAMP` sent.
    pub timestamp: String,
    /// The body sent, exactly (the bytes that were signed).
    pub request_body: String,
    /// The merchant's answer body (at most 4 KiB kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<String>,
    /// Whether a fault made this delivery carry a wrong `X-SIGNATURE`.
    pub bad_signature: bool,
}
