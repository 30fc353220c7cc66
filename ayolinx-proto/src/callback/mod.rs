//! Everything Ayolinx sends to the merchant: signed notifications, the merchant-hosted SNAP token
//! endpoint and VA payment, and the exact answers Ayolinx expects back.
//!
//! | what arrives | verify with | read as | answer with |
//! |---|---|---|---|
//! | a notification: QRIS, e-wallet, convenience store, VA non-SNAP, payment link (scheme C) | [`CallbackVerifier`] (Ayolinx's RSA key) | [`Notification`] | [`ack::notify`] |
//! | `POST /v1.0/access-token/b2b` (scheme D) | [`TokenEndpoint`] (Ayolinx's RSA key, client key) | – | [`IssuedToken::acknowledgement`] |
//! | `POST /v1.0/transfer-va/payment` (scheme D) | [`VaPaymentVerifier`] (the token issued, client secret) | [`VaPayment`] | [`ack::va_payment`] |
//!
//! Every verifier takes the request as plain data ([`InboundRequest`]: method, path, headers,
//! **raw body bytes**) and `now` as an argument, and refuses with a [`CallbackError`] whose
//! [`acknowledgement`](CallbackError::acknowledgement) is the answer to send. [`sign`] does the
//! other direction, for tests and sandboxes.
//!
//! A notification handler, end to end. A genuine signature only says that Ayolinx sent the
//! bytes: the [payment guard](crate::guard) then judges them against the order they name.
//!
//! ```
//! use ayolinx_proto::callback::{ack::{self, Acknowledgement, Outcome}, CallbackVerifier, InboundRequest};
//! use ayolinx_proto::guard::{ExpectedPayment, Recorded, Verdict};
//! use ayolinx_proto::{Amount, Money, PublicKey, Timestamp};
//!
//! fn handle(verifier: &CallbackVerifier, request: &InboundRequest<'_>, now: Timestamp) -> Acknowledgement {
//!     let notification = match verifier.verify(request, now).and_then(|callback| callback.into_notification()) {
//!         Ok(notification) => notification,
//!         Err(error) => return error.acknowledgement(), // a 4xx: Ayolinx retries
//!     };
//!     // The order the notification names, and what was recorded for it (your database).
//!     let Some((order, recorded)) = find_order(notification.original_partner_reference_no()) else {
//!         return ack::retry_later();
//!     };
//!     // Store the verdict once per dedup key; a failure to store must make Ayolinx retry.
//!     let stored = match order.classify(&notification, recorded, now) {
//!         Verdict::Fulfil => store(&notification.dedup_key().to_string(), Recorded::Fulfilled),
//!         Verdict::Refused(refusal) => alert(&refusal.to_string()), // genuine, but not this order's
//!         _ => store(&notification.dedup_key().to_string(), recorded),
//!     };
//!     ack::notify(match stored {
//!         Ok(true) => Outcome::Stored,
//!         Ok(false) => Outcome::AlreadyProcessed,
//!         Err(()) => Outcome::CouldNotStore,
//!     })
//! }
//! # fn find_order(reference: Option<&str>) -> Option<(ExpectedPayment, Recorded)> {
//! #     let order = ExpectedPayment::new("ORD-1", Money::idr(Amount::from_rupiah(15_000).ok()?)).reference_no("AYO-REF-1");
//! #     (reference == Some("ORD-1")).then_some((order, Recorded::Open))
//! # }
//! # fn store(_key: &str, _recorded: Recorded) -> Result<bool, ()> { Ok(true) }
//! # fn alert(_reason: &str) -> Result<bool, ()> { Ok(true) }
//!
//! // A callback as Ayolinx would send it (signed here with a throwaway key standing in for Ayolinx's).
//! let ayolinx_key = ayolinx_proto::PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
//! let now = Timestamp::from_unix(1_726_120_500)?;
//! let body = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"}}"#;
//! let sent = ayolinx_proto::callback::sign::sign_callback(&ayolinx_key, "/webhooks/ayolinx", body, &now);
//!
//! let verifier = CallbackVerifier::new(PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?);
//! let answer = handle(&verifier, &sent.as_inbound(), now);
//! assert_eq!(answer.body_text(), r#"{"responseCode":"2005600","responseMessage":"Successful"}"#);
//!
//! let forged = InboundRequest { path: "/elsewhere", ..sent.as_inbound() };
//! assert_eq!(handle(&verifier, &forged, now).status, 401);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod ack;
mod additional_info;
mod bearer;
mod endpoint;
mod error;
mod fields;
mod headers;
mod merchant_token;
mod notification;
mod reader;
// Signing as Ayolinx signs needs an RSA backend (see the keys module docs).
#[cfg(rsa_backend)]
pub mod sign;
mod va_payment;
mod va_verify;
mod verify;

pub use ack::{Acknowledgement, Outcome};
pub use additional_info::AdditionalInfo;
pub(crate) use bearer::issued_bearer_token;
pub use endpoint::Endpoint;
pub use error::{CallbackError, CallbackErrorKind};
pub(crate) use fields::is_blank;
pub use headers::{Headers, InboundRequest};
pub use merchant_token::{
    DEFAULT_TOKEN_LIFETIME_SECONDS, IssuedToken, TokenEndpoint, TokenRecord, VerifiedTokenRequest,
    token_lookup_key,
};
pub use notification::{DedupKey, Notification, NotificationKind};
pub use va_payment::VaPayment;
pub use va_verify::{VaPaymentVerifier, VaSignatureCheck};
pub use verify::{
    CallbackVerifier, DEFAULT_WINDOW_SECONDS, PendingCallback, Route, VerifiedCallback,
};
pub(crate) use verify::{check_timestamp, signature_failure};
