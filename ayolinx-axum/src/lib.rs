//! The Ayolinx (SNAP) merchant's inbound side as an [axum](https://docs.rs/axum) [`Router`]
//! that any app mounts anywhere, nested or not.
//!
//! [`Merchant`] says what to serve; [`Merchant::router`] makes the router:
//!
//! - **notifications** (QRIS, e-wallet, convenience store, VA non-SNAP, payment link; scheme C)
//!   at every path given with [`Merchant::notification_path`];
//! - the **SNAP VA flow** (scheme D) with [`Merchant::snap_va`]: the token endpoint
//!   [`TOKEN_PATH`] Ayolinx calls first, then the payment at [`VA_PAYMENT_PATH`], which any
//!   instance sharing the [`IssuedTokens`](ayolinx_store::IssuedTokens) store accepts.
//!
//! Each request is verified by the core ([`ayolinx_proto::callback`]) over the **raw body bytes**
//! and the **original URI** (axum's `OriginalUri`: under `Router::nest` the path Ayolinx signed is
//! the full one, not the stripped one). A genuine notification or payment is then claimed in the
//! [`Ledger`](ayolinx_store::Ledger) by its dedup key before the merchant's async handler runs
//! with the typed value, so that it runs once across every instance sharing the ledger (the
//! claim is renewed while the handler runs, however long it takes; see [`Merchant::lease`]):
//!
//! | what happens | answer |
//! |---|---|
//! | verification fails | the core's SNAP refusal (`400`, `401`, …) |
//! | first delivery, handler `Ok` | the SNAP acknowledgement (`2005600`, or `2002500` with the echo), recorded |
//! | handler `Err` or panic | `500` General Error (Ayolinx retries); the claim is released |
//! | a duplicate while another delivery is processed | `500` General Error (Ayolinx retries) |
//! | a duplicate of a processed one | the recorded acknowledgement |
//! | the ledger or token store unreachable | `500` General Error |
//!
//! [`Merchant::on_exchange`] sees every request with what became of it ([`Outcome`],
//! [`Handling`]) and its answer, for logs and metrics; [`Merchant::notifications_at_any_path`]
//! serves notifications at every path no other route takes (`ayolinx listen` is this router).
//!
//! Nothing is acknowledged that was not processed. This crate is an adapter: it reads the clock
//! and the OS random source (issued tokens), behind [`Clock`] and [`Randomness`] for tests.
//!
//! Verified is not yet paid: a genuine signature says Ayolinx sent the bytes, not that this
//! order should ship (another merchant's genuine callback for the same order id verifies here
//! too). The handler finds the order and lets the core's payment guard
//! ([`ayolinx_proto::guard`]) judge the notification; it fulfils on [`Verdict::Fulfil`] only.
//! A refusal is the merchant's to look at, and acknowledged (`Ok`): Ayolinx resending it would
//! change nothing. An order not known yet is an `Err`, so that Ayolinx retries.
//!
//! [`Verdict::Fulfil`]: ayolinx_proto::guard::Verdict::Fulfil
//!
//! A nested mount, served on loopback, receiving another merchant's genuine callback replayed,
//! then the order's own:
//!
//! ```
//! use std::collections::HashMap;
//! use std::sync::{Arc, Mutex};
//! use ayolinx_axum::{Clock, Merchant, SystemClock};
//! use ayolinx_proto::callback::sign::sign_callback;
//! use ayolinx_proto::guard::{ExpectedPayment, Recorded, Verdict};
//! use ayolinx_proto::{Amount, Money, PrivateKey, Timestamp, TransactionStatus};
//!
//! // A throwaway key standing in for Ayolinx's.
//! let ayolinx_key = PrivateKey::from_pem(include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
//! // Your orders (your database): what each expects, with the reference Ayolinx returned at
//! // create, and what you recorded so far.
//! let order = ExpectedPayment::new("ORD-1", Money::idr(Amount::from_rupiah(15_000)?)).reference_no("AYO-1");
//! let orders = Arc::new(Mutex::new(HashMap::from([("ORD-1".to_owned(), (order, Recorded::Open))])));
//! let book = orders.clone();
//! let callbacks = Merchant::new(ayolinx_key.public_key())
//!     .notification_path("/webhooks")
//!     .on_notification(move |notification| {
//!         let orders = book.clone();
//!         async move {
//!             let now = Timestamp::from_unix(SystemClock.unix_seconds())?;
//!             let order_id = notification.original_partner_reference_no().unwrap_or_default();
//!             let mut orders = orders.lock().map_err(|_| "poisoned")?;
//!             let (expected, recorded) = orders.get_mut(order_id).ok_or("no such order")?;
//!             match expected.classify(&notification, *recorded, now) {
//!                 // Fulfil the order and record it, in one database transaction.
//!                 Verdict::Fulfil => *recorded = Recorded::Fulfilled,
//!                 Verdict::NotPaid { status: TransactionStatus::Canceled } => *recorded = Recorded::Cancelled,
//!                 Verdict::NotPaid { status: TransactionStatus::Failed } => *recorded = Recorded::Failed,
//!                 // Another reference, amount or currency, paid after expiry or cancel, a
//!                 // failure after success: fulfil nothing, have a person look at it.
//!                 Verdict::Refused(refusal) => eprintln!("{order_id}: {refusal}"),
//!                 // Not paid yet, already fulfilled, an earlier step late: nothing to do.
//!                 _ => {}
//!             }
//!             Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//!         }
//!     })
//!     .router()?;
//! let app = axum::Router::new().nest("/ayolinx", callbacks);
//!
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//!     let url = format!("http://{}/ayolinx/webhooks", listener.local_addr()?);
//!     tokio::spawn(async move { axum::serve(listener, app).await });
//!
//!     // Ayolinx signs the full path of the callback URL registered with it.
//!     let now = Timestamp::from_unix(SystemClock.unix_seconds())?;
//!     let replayed = br#"{"originalReferenceNo":"AYO-OTHER","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"}}"#;
//!     let own = br#"{"originalReferenceNo":"AYO-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"}}"#;
//!     for body in [&replayed[..], &own[..]] {
//!         let (url, signed) = (url.clone(), sign_callback(&ayolinx_key, "/ayolinx/webhooks", body, &now));
//!         let answer = tokio::task::spawn_blocking(move || {
//!             let mut request = ureq::post(&url);
//!             for (name, value) in &signed.headers {
//!                 request = request.header(name, value);
//!             }
//!             request.send(&signed.body[..])?.body_mut().read_to_string()
//!         })
//!         .await??;
//!         assert_eq!(answer, r#"{"responseCode":"2005600","responseMessage":"Successful"}"#);
//!         let fulfilled = orders.lock().unwrap()["ORD-1"].1 == Recorded::Fulfilled;
//!         assert_eq!(fulfilled, body == own, "only the order's own callback fulfils it");
//!     }
//!     Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! })?;
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```

mod builder;
mod claim;
mod delivery;
mod environment;
mod notify;
mod observe;
mod response;
mod state;
mod va;

pub use builder::{BuildError, Merchant, TOKEN_PATH, VA_PAYMENT_PATH};
pub use delivery::Delivery;
pub use environment::{Clock, OsRandomness, Randomness, SystemClock};
pub use observe::{Exchange, Handling, Outcome};
pub use response::SnapResponse;

#[doc(no_inline)]
pub use axum::Router;
