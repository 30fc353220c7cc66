//! What every route shares: verifiers, stores, handlers, the clock and the random source.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::Timestamp;
use ayolinx_proto::callback::{
    CallbackVerifier, Notification, TokenEndpoint, VaPayment, VaPaymentVerifier,
};
use ayolinx_store::{IssuedTokens, Ledger};

use crate::delivery::Delivery;
use crate::environment::{Clock, Randomness};
use crate::observe::Exchange;

/// What a merchant's handler did with a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Handled {
    /// Processed: acknowledge, and remember it.
    Processed,
    /// Failed: release the claim and ask Ayolinx to retry.
    Failed,
}

/// A merchant's handler, boxed: the payload and the delivery it came in.
pub(crate) type Handler<T> =
    Arc<dyn Fn(T, Arc<Delivery>) -> Pin<Box<dyn Future<Output = Handled> + Send>> + Send + Sync>;

/// Boxes a merchant's async handler of payloads returning `Result<(), E>`.
pub(crate) fn boxed<T, F, Fut, E>(handler: F) -> Handler<T>
where
    F: Fn(T) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
{
    boxed_with_delivery(move |payload, _delivery| handler(payload))
}

/// Boxes a merchant's async handler of payloads and their deliveries.
pub(crate) fn boxed_with_delivery<T, F, Fut, E>(handler: F) -> Handler<T>
where
    F: Fn(T, Arc<Delivery>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
{
    Arc::new(move |payload, delivery| {
        let processing = handler(payload, delivery);
        Box::pin(async move {
            match processing.await {
                Ok(()) => Handled::Processed,
                Err(_) => Handled::Failed,
            }
        })
    })
}

/// The merchant's observer of every exchange, boxed.
pub(crate) type Observer = Arc<dyn Fn(&Exchange<'_>) + Send + Sync>;

/// The SNAP VA flow (scheme D): its verifiers and the merchant's payment handler.
pub(crate) struct SnapVa {
    pub(crate) token_endpoint: TokenEndpoint,
    pub(crate) payments: VaPaymentVerifier,
    pub(crate) handler: Handler<VaPayment>,
}

/// The notifications (scheme C): the verifier and the merchant's handler.
pub(crate) struct Notifications {
    pub(crate) verifier: CallbackVerifier,
    pub(crate) handler: Handler<Notification>,
}

/// What every route shares, behind one `Arc`.
pub(crate) struct Shared {
    pub(crate) ledger: Arc<dyn Ledger>,
    pub(crate) issued_tokens: Arc<dyn IssuedTokens>,
    pub(crate) lease: Duration,
    pub(crate) remember_for: Duration,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) randomness: Arc<dyn Randomness>,
}

impl Shared {
    /// Now, by the clock; `None` for a clock outside the years a `Timestamp` holds.
    pub(crate) fn now(&self) -> Option<Timestamp> {
        Timestamp::from_unix(self.clock.unix_seconds()).ok()
    }
}
