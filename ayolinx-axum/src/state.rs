//! What every route shares: verifiers, stores, handlers, the clock and the random source.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method};
use ayolinx_proto::Timestamp;
use ayolinx_proto::callback::{
    CallbackVerifier, InboundRequest, Notification, TokenEndpoint, VaPayment, VaPaymentVerifier,
};
use ayolinx_store::{IssuedTokens, Ledger};

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

/// A merchant's handler, boxed.
pub(crate) type Handler<T> =
    Arc<dyn Fn(T) -> Pin<Box<dyn Future<Output = Handled> + Send>> + Send + Sync>;

/// Boxes a merchant's async handler returning `Result<(), E>`.
pub(crate) fn boxed<T, F, Fut, E>(handler: F) -> Handler<T>
where
    F: Fn(T) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
{
    Arc::new(move |payload| {
        let processing = handler(payload);
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

/// A request as it reached the router: the method, the ORIGINAL path and query (the one Ayolinx
/// signed, whatever `Router::nest` stripped), the headers and the raw body bytes.
pub(crate) struct Received {
    method: Method,
    target: String,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl Received {
    pub(crate) fn new(method: Method, target: String, headers: &HeaderMap, body: Bytes) -> Self {
        // Lossy rather than skipped: a header that is not UTF-8 still counts (a duplicate is
        // still refused), and its value fails verification where it matters.
        let headers = headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        Self {
            method,
            target,
            headers,
            body,
        }
    }

    /// The method.
    pub(crate) fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The original path and query.
    pub(crate) fn target(&self) -> &str {
        &self.target
    }

    /// The raw body bytes.
    pub(crate) fn body(&self) -> &[u8] {
        &self.body
    }

    /// The request as the core's verifiers read it.
    pub(crate) fn inbound(&self) -> InboundRequest<'_> {
        InboundRequest::new(
            self.method.as_str(),
            &self.target,
            &self.headers,
            &self.body,
        )
    }
}
