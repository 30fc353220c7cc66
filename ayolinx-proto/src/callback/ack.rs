//! Acknowledgements: the exact HTTP status and JSON body to answer Ayolinx with.
//!
//! Ayolinx retries a callback (after 1, 5, 10 and 60 minutes) when the answer is not a 2xx with a
//! JSON body. So the answer is a decision: a success stops the retries, anything else asks for
//! them. The merchant states what happened with [`Outcome`], and a payment it could not store can
//! never turn into a silent `200`:
//!
//! | outcome | notify (scheme C) | SNAP VA payment (scheme D) |
//! |---|---|---|
//! | [`Outcome::Stored`], [`Outcome::AlreadyProcessed`] | `200` `2005600` | `200` `2002500` with the echo |
//! | [`Outcome::CouldNotStore`] | `500` `5005600` (retried) | `500` `5002500` (retried) |
//! | the request failed verification | [`CallbackError::acknowledgement`](super::CallbackError::acknowledgement): `400`/`401`… | the same |
//!
//! ```
//! use ayolinx_proto::callback::ack::{self, Outcome};
//!
//! let answer = ack::notify(Outcome::Stored);
//! assert_eq!(answer.status, 200);
//! assert_eq!(answer.content_type, "application/json");
//! assert_eq!(answer.body_text(), r#"{"responseCode":"2005600","responseMessage":"Successful"}"#);
//!
//! let retry = ack::notify(Outcome::CouldNotStore);
//! assert_eq!(retry.status, 500);
//! assert_eq!(retry.body_text(), r#"{"responseCode":"5005600","responseMessage":"General Error"}"#);
//! ```

use std::fmt;

use serde_json::{Map, Value};

use super::endpoint::Endpoint;
use super::error::CallbackError;
use super::va_payment::VaPayment;
use crate::code::SnapCase;

/// The content type of every acknowledgement.
pub const CONTENT_TYPE: &str = "application/json";

/// An HTTP answer to Ayolinx: status, content type and the exact body bytes.
///
/// `Debug` shows the body, except for an access-token answer, whose body holds the token.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Acknowledgement {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header value, always `application/json`.
    pub content_type: &'static str,
    /// The exact JSON body bytes to send.
    pub body: Vec<u8>,
    /// Whether the body holds a secret (an issued access token), hidden from `Debug`.
    secret_body: bool,
}

impl Acknowledgement {
    /// The body as text (it is always UTF-8 JSON).
    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap_or_default()
    }

    /// Whether this answer tells Ayolinx the request was accepted (a 2xx), so that it stops
    /// retrying.
    ///
    /// ```
    /// use ayolinx_proto::callback::ack::{self, Outcome};
    /// assert!(ack::notify(Outcome::AlreadyProcessed).is_success());
    /// assert!(!ack::notify(Outcome::CouldNotStore).is_success());
    /// ```
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    fn json(status: u16, body: &Map<String, Value>) -> Self {
        Self {
            status,
            content_type: CONTENT_TYPE,
            body: Value::Object(body.clone()).to_string().into_bytes(),
            secret_body: false,
        }
    }
}

impl fmt::Debug for Acknowledgement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Acknowledgement")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field(
                "body",
                &if self.secret_body {
                    "[REDACTED]"
                } else {
                    self.body_text()
                },
            )
            .finish()
    }
}

/// What the merchant did with a genuine callback. The answer follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// The payment was stored (or acted on). Answered with success: Ayolinx stops retrying.
    Stored,
    /// This callback was seen before (same [`DedupKey`](super::DedupKey)) and nothing new was
    /// done. Answered with success too, so that Ayolinx stops retrying.
    AlreadyProcessed,
    /// The merchant could not store it (database down, …). Answered with a `500` General Error,
    /// so that Ayolinx sends it again later.
    CouldNotStore,
}

fn snap_map(case: SnapCase, endpoint: Endpoint) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert(
        "responseCode".into(),
        case.code(endpoint.service_code()).to_string().into(),
    );
    body.insert("responseMessage".into(), case.message().into());
    body
}

/// The SNAP answer `{"responseCode","responseMessage"}` of `case` at `endpoint`, with the case's
/// HTTP status.
///
/// ```
/// use ayolinx_proto::callback::{ack, Endpoint};
/// use ayolinx_proto::code::SnapCase;
/// let answer = ack::snap_answer(SnapCase::Unauthorized, Endpoint::Notify);
/// assert_eq!(answer.status, 401);
/// assert_eq!(answer.body_text(), r#"{"responseCode":"4015600","responseMessage":"Unauthorized"}"#);
/// ```
pub fn snap_answer(case: SnapCase, endpoint: Endpoint) -> Acknowledgement {
    Acknowledgement::json(case.http_status(), &snap_map(case, endpoint))
}

/// `200` `{"responseCode":"2005600","responseMessage":"Successful"}`: a notification (scheme C)
/// was received and handled.
///
/// ```
/// let answer = ayolinx_proto::callback::ack::notify_received();
/// assert_eq!(answer.body_text(), r#"{"responseCode":"2005600","responseMessage":"Successful"}"#);
/// ```
pub fn notify_received() -> Acknowledgement {
    snap_answer(SnapCase::Successful, Endpoint::Notify)
}

/// `500` `{"responseCode":"5005600","responseMessage":"General Error"}`: the merchant could not
/// handle a genuine notification now; Ayolinx will retry it. No internal detail is sent.
///
/// ```
/// let answer = ayolinx_proto::callback::ack::retry_later();
/// assert_eq!((answer.status, answer.is_success()), (500, false));
/// ```
pub fn retry_later() -> Acknowledgement {
    snap_answer(SnapCase::GeneralError, Endpoint::Notify)
}

/// The answer to a notification (scheme C) for what the merchant did with it.
///
/// ```
/// use ayolinx_proto::callback::ack::{self, Outcome};
/// assert_eq!(ack::notify(Outcome::Stored), ack::notify_received());
/// assert_eq!(ack::notify(Outcome::CouldNotStore), ack::retry_later());
/// ```
pub fn notify(outcome: Outcome) -> Acknowledgement {
    match outcome {
        Outcome::Stored | Outcome::AlreadyProcessed => notify_received(),
        Outcome::CouldNotStore => retry_later(),
    }
}

/// `200` with `{"responseCode":"2002500","responseMessage":"Successful","virtualAccountData":{…}}`:
/// the SNAP VA payment was received. `virtualAccountData` echoes the request body (every field,
/// in its order, strings as sent, numbers as JSON number values: [`VaPayment`]), as SNAP and
/// DOKU do.
///
/// ```
/// use ayolinx_proto::callback::{ack, VaPayment};
/// let payment = VaPayment::from_json_bytes(br#"{"partnerServiceId":"   12345","trxId":"INV-1","paidAmount":{"value":"10000.00","currency":"IDR"}}"#)?;
/// assert_eq!(
///     ack::va_payment_received(&payment).body_text(),
///     r#"{"responseCode":"2002500","responseMessage":"Successful","virtualAccountData":{"partnerServiceId":"   12345","trxId":"INV-1","paidAmount":{"value":"10000.00","currency":"IDR"}}}"#,
/// );
/// # Ok::<(), ayolinx_proto::callback::CallbackError>(())
/// ```
pub fn va_payment_received(payment: &VaPayment) -> Acknowledgement {
    let mut body = snap_map(SnapCase::Successful, Endpoint::VaPayment);
    body.insert(
        "virtualAccountData".into(),
        Value::Object(payment.json().clone()),
    );
    Acknowledgement::json(200, &body)
}

/// The answer to a SNAP VA payment (scheme D) for what the merchant did with it:
/// [`va_payment_received`] on success, `500` `5002500` General Error when it could not be
/// stored (Ayolinx retries).
///
/// ```
/// use ayolinx_proto::callback::{ack::{self, Outcome}, VaPayment};
/// let payment = VaPayment::from_json_bytes(br#"{"trxId":"INV-1"}"#)?;
/// assert_eq!(ack::va_payment(&payment, Outcome::CouldNotStore).body_text(), r#"{"responseCode":"5002500","responseMessage":"General Error"}"#);
/// # Ok::<(), ayolinx_proto::callback::CallbackError>(())
/// ```
pub fn va_payment(payment: &VaPayment, outcome: Outcome) -> Acknowledgement {
    match outcome {
        Outcome::Stored | Outcome::AlreadyProcessed => va_payment_received(payment),
        Outcome::CouldNotStore => snap_answer(SnapCase::GeneralError, Endpoint::VaPayment),
    }
}

/// `200` with the access-token body `{"responseCode":"2007300","responseMessage":"Successful",
/// "accessToken":…,"tokenType":"Bearer","expiresIn":"<seconds>"}` (`expiresIn` a string, as
/// Ayolinx's own token endpoint writes it). Made by
/// [`IssuedToken::acknowledgement`](super::IssuedToken::acknowledgement).
pub(crate) fn access_token(token: &str, expires_in_seconds: u32) -> Acknowledgement {
    let mut body = snap_map(SnapCase::Successful, Endpoint::AccessToken);
    body.insert("accessToken".into(), token.into());
    body.insert("tokenType".into(), "Bearer".into());
    body.insert("expiresIn".into(), expires_in_seconds.to_string().into());
    Acknowledgement {
        secret_body: true,
        ..Acknowledgement::json(200, &body)
    }
}

impl CallbackError {
    /// The answer to send: the HTTP status of the SNAP case and its JSON body, with this
    /// endpoint's service code (for example `401` with `{"responseCode":"4015600",…}`). It never
    /// says more than the SNAP case: the details are for the merchant's logs, not the wire.
    pub fn acknowledgement(&self) -> Acknowledgement {
        snap_answer(self.snap_case(), self.endpoint())
    }
}
