//! [`SnapResponse`]: the core's acknowledgements as axum responses.

use std::fmt;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ayolinx_proto::callback::Acknowledgement;
use ayolinx_proto::callback::ack::CONTENT_TYPE;
use ayolinx_store::Ack;

/// An answer to Ayolinx, exactly as the core made it (status, `application/json`, body bytes),
/// as an axum response. Made from the core's [`Acknowledgement`] or from a ledger's recorded
/// [`Ack`].
///
/// `Debug` shows the status and the body's length only (an access-token answer holds a token).
///
/// ```
/// use axum::response::IntoResponse;
/// use ayolinx_axum::SnapResponse;
/// use ayolinx_proto::callback::ack;
///
/// let response = SnapResponse::from(ack::notify_received()).into_response();
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SnapResponse {
    status: u16,
    body: Vec<u8>,
}

impl SnapResponse {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body bytes. An access-token answer ([`Outcome::TokenIssued`](crate::Outcome))
    /// holds the token: never log that one.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether this tells Ayolinx the request was accepted (a 2xx: it stops retrying).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// What a ledger records, to replay to duplicates.
    pub(crate) fn to_ack(&self) -> Ack {
        Ack::new(self.status, self.body.clone())
    }
}

impl From<Acknowledgement> for SnapResponse {
    fn from(answer: Acknowledgement) -> Self {
        Self {
            status: answer.status,
            body: answer.body,
        }
    }
}

impl From<Ack> for SnapResponse {
    fn from(ack: Ack) -> Self {
        Self {
            status: ack.status,
            body: ack.body,
        }
    }
}

impl IntoResponse for SnapResponse {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))],
            self.body,
        )
            .into_response()
    }
}

impl fmt::Debug for SnapResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SnapResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}
