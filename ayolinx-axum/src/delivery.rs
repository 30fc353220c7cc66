//! [`Delivery`]: a request as it reached the router, for the handlers that need more than the
//! typed payload (forwarding it as received, auditing) and for the observer.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method};
use ayolinx_proto::callback::InboundRequest;

/// A request as it reached the router: the method, the ORIGINAL path and query (the one Ayolinx
/// signed, whatever `Router::nest` stripped), the headers and the raw body bytes; and a note a
/// handler may leave for the [observer](crate::Merchant::on_exchange).
///
/// `Debug` shows the method, the target and the body's length only (a VA payment's
/// `Authorization` header holds an issued token).
pub struct Delivery {
    method: Method,
    target: String,
    headers: Vec<(String, String)>,
    body: Bytes,
    note: Mutex<Option<String>>,
}

impl Delivery {
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
            note: Mutex::new(None),
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The original path and query.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The headers, in the order received.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The raw body bytes, exactly as received (and verified).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Leaves `note` for the observer (replacing an earlier one): what the handler did.
    pub fn set_note(&self, note: impl Into<String>) {
        *self.note.lock().unwrap_or_else(PoisonError::into_inner) = Some(note.into());
    }

    /// The note a handler left, if any.
    pub fn note(&self) -> Option<String> {
        self.note
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
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

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivery")
            .field("method", &self.method)
            .field("target", &self.target)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}
